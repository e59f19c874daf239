import Foundation

/// A server dying mid-reply, for the tests: `Tests/Support/cutting_proxy.py` relays connections
/// to a real server (``DovecotServer`` without TLS) and, once the client asks for a whole message
/// (a line holding ` BODY[]`), passes on only `keep` bytes of the reply before cutting both sides.
///
/// ```swift
/// let proxy = try CuttingProxy.start(upstreamPort: port, keep: 300)
/// defer { proxy.stop() }
/// // connect to imap://127.0.0.1:\(proxy.port)
/// ```
public final class CuttingProxy: Sendable {
    public let port: Int
    private let child: ChildProcess
    private let directory: URL

    private init(port: Int, child: ChildProcess, directory: URL) {
        self.port = port
        self.child = child
        self.directory = directory
    }

    deinit { stop() }

    public static func start(upstreamPort: Int, after trigger: String = " BODY[]", keep: Int = 300) throws -> CuttingProxy {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("stdout.log")
        let script = TestSupportPaths.supportDirectory.appendingPathComponent("cutting_proxy.py")
        let child = try ChildProcess.launch(
            executable: TestSupportPaths.systemPython,
            arguments: [script.path, "--upstream", "127.0.0.1:\(upstreamPort)", "--after", trigger, "--keep", "\(keep)"],
            standardOutput: output, standardError: directory.appendingPathComponent("stderr.log")
        )
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && child.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }), let port = Int(line.dropFirst(6)) {
                return CuttingProxy(port: port, child: child, directory: directory)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        child.stop(within: 2)
        throw LoopbackPortError(description: "the cutting proxy did not start: \((try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? "")")
    }

    public func stop() {
        child.stop(within: 2)
        try? FileManager.default.removeItem(at: directory)
    }
}
