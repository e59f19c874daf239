import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1 for servers the tests start with a port in their configuration file
/// (Dovecot, Postfix), which cannot report a port the kernel chose.
public enum LoopbackPort {
    /// A port that was free a moment ago: bound to 0, read back, closed.
    public static func free() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw LoopbackPortError(description: "socket(): errno \(errno)") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else { throw LoopbackPortError(description: "bind(127.0.0.1:0): errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` right now.
    public static func isListening(_ port: Int) -> Bool {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return false }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits, polling every 20 ms, until each port accepts connections; throws after `timeout`.
    public static func waitUntilListening(_ ports: [Int], timeout: TimeInterval, whileRunning isRunning: () -> Bool = { true }) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !ports.allSatisfy(isListening) {
            guard isRunning() else { throw LoopbackPortError(description: "the server exited before listening on \(ports)") }
            guard Date() < deadline else { throw LoopbackPortError(description: "nothing listened on 127.0.0.1:\(ports) within \(Int(timeout)) s") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

public struct LoopbackPortError: Error, CustomStringConvertible {
    public let description: String
}
