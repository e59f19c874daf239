import Foundation

/// The real curl binary as the HTTP client of the listener tests.
enum Curl {
    /// What came back.
    struct Reply {
        let status: Int
        /// Header names in lower case; the last value of each.
        let headers: [String: String]
        let body: String
    }

    /// `curl -X METHOD URL`, with `headers` (`Name: value`), `body` sent as is (curl's default
    /// form type unless a header says otherwise), and any `options` (`-F`, …).
    static func request(
        _ method: String, _ url: String, headers: [String] = [], body: String? = nil, options: [String] = []
    ) throws -> Reply {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let headerFile = directory.appendingPathComponent("headers"), bodyFile = directory.appendingPathComponent("body")
        var arguments = ["-sS", "--max-time", "60", "-D", headerFile.path, "-w", "%{http_code}"]
        // HEAD: curl -I prints the headers where the body would go; there is no body.
        arguments += method == "HEAD" ? ["-I", "-o", "/dev/null"] : ["-X", method, "-o", bodyFile.path]
        for header in headers { arguments += ["-H", header] }
        if let body {
            let file = directory.appendingPathComponent("request")
            try Data(body.utf8).write(to: file)
            arguments += ["--data-binary", "@" + file.path]
        }
        arguments += options + [url]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let status = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let code = Int(status) else {
            throw FixtureError("curl \(method) \(url) failed (\(process.terminationStatus)): \(failure)")
        }
        // The last header block (after any 100 Continue).
        let rawHeaders = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        let block = rawHeaders.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }.last ?? ""
        var headerValues: [String: String] = [:]
        for line in block.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headerValues[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = (try? Data(contentsOf: bodyFile)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Reply(status: code, headers: headerValues, body: body)
    }
}

/// A bare TCP connection to the listener, for clients curl cannot play: one that stalls, or
/// trickles its request a byte at a time.
final class RawConnection {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw FixtureError("cannot connect to 127.0.0.1:\(port): errno \(errno)") }
        // A receive waits at most 2 s, so that the tests can poll.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends the bytes; false when the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything the server sends until it closes the connection (or `Daemon.patience` runs out).
    func receiveUntilClosed() -> [UInt8] {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(Daemon.patience)
        while Date() < deadline {
            let received = receive()
            bytes += received.bytes
            if received.closed { break }
        }
        return bytes
    }

    /// What the server sent within 2 s, and whether it closed the connection.
    func receive() -> (bytes: [UInt8], closed: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count > 0 { return (Array(buffer.prefix(count)), false) }
        return ([], count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
    }
}
