#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real AF_UNIX datagram socket bound where systemd's notify socket would be, reading back
/// exactly what ``SystemdNotifier`` sent.
final class DatagramReceiver {
    /// What to put in `NOTIFY_SOCKET`: the socket's path, or `@name` for an abstract socket.
    let notifySocket: String
    private let descriptor: Int32
    private let directory: URL?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Binds a socket file in a fresh temporary folder.
    static func inTemporaryFolder() throws -> DatagramReceiver {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("keepsake-notify-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("notify").path
        return try DatagramReceiver(notifySocket: path, addressPath: Array(path.utf8) + [0], directory: directory)
    }

    /// Binds an abstract socket (Linux only): no file, the name starts with a NUL byte.
    static func abstract() throws -> DatagramReceiver {
        let name = "keepsake-test-\(UUID().uuidString)"
        return try DatagramReceiver(notifySocket: "@" + name, addressPath: [0] + Array(name.utf8), directory: nil)
    }

    private init(notifySocket: String, addressPath: [UInt8], directory: URL?) throws {
        self.notifySocket = notifySocket
        self.directory = directory
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: addressPath) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + addressPath.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw Failure(description: "bind \(notifySocket): \(String(cString: strerror(errno)))") }
        // A guard against a test hanging forever on a datagram that never comes, not a timing check.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The next datagram as text; throws when none arrives.
    func next() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw Failure(description: "no datagram: \(String(cString: strerror(errno)))") }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// How many datagrams are waiting, without waiting for more.
    func pendingCount() -> Int {
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) >= 0 {
            count += 1
        }
        return count
    }
}
