#if canImport(Glibc)
import Glibc
#endif

/// The address of systemd's notify socket, from `$NOTIFY_SOCKET`: a path, or an abstract name
/// written `@name` (sent with a leading NUL byte and no terminating one, as libsystemd does).
struct NotifyAddress: Sendable {
    /// `$NOTIFY_SOCKET` as given, for messages.
    let name: String
    /// The bytes of `sun_path` and how many of them count.
    private let path: [UInt8]

    /// Why `$NOTIFY_SOCKET` cannot be used.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    init(_ name: String) throws(Problem) {
        self.name = name
        var bytes = Array(name.utf8)
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        switch bytes.first {
        case UInt8(ascii: "/"):
            bytes.append(0)
        case UInt8(ascii: "@"):
            bytes[0] = 0
        default:
            throw Problem(description: "NOTIFY_SOCKET=\(name) is neither a path starting with / nor an abstract name starting with @")
        }
        guard bytes.count <= capacity else {
            throw Problem(description: "NOTIFY_SOCKET=\(name) is longer than the \(capacity) bytes a Unix socket address holds")
        }
        path = bytes
    }

    /// Calls `body` with a `sockaddr` for `sendto` and its exact length.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
