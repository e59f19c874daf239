import Foundation

/// Where the daemon's HTTP listener binds (`unsubscribe.listen`): `127.0.0.1:8425`, `[::1]:8425`,
/// `0.0.0.0:8425`. Port 0 asks the system for a free port (tests).
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    /// A literal IPv4 or IPv6 address (no brackets), or `localhost`.
    public let host: String
    /// 0 to 65535.
    public let port: Int

    /// Reads `HOST:PORT`, with an IPv6 host in brackets.
    ///
    /// - Throws: a message saying what is wrong and what a right value looks like.
    public init(parsing text: String) throws(AddressError) {
        let example = "such as 127.0.0.1:8425 or [::1]:8425"
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw AddressError("expected [IPv6 address]:port, \(example), got \"\(text)\"")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard IPAddress(String(host))?.isIPv6 == true else {
                throw AddressError("\"\(host)\" is not an IPv6 address; expected \(example)")
            }
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw AddressError("expected host:port, \(example) (an IPv6 address goes in brackets), got \"\(text)\"")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard host == "localhost" || IPAddress(String(host)) != nil else {
                throw AddressError("\"\(host)\" is not an IP address; give the address to listen on, \(example), or 0.0.0.0 for every interface")
            }
        }
        guard portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65_535).contains(port) else {
            throw AddressError("\"\(portText)\" is not a port (0 to 65535); expected \(example)")
        }
        self.host = String(host)
        self.port = port
    }

    /// `127.0.0.1:8425`, `[::1]:8425`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// An IPv4 or IPv6 address as bytes (4 or 16), read and written with inet_pton/inet_ntop.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Reads a literal address (`203.0.113.7`, `2001:db8::1`, `::ffff:203.0.113.7`); nil for anything else.
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// An IPv4 address mapped into IPv6 (`::ffff:203.0.113.7`) as plain IPv4; any other as it is.
    public var unmapped: IPAddress {
        guard isIPv6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return self }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    /// `203.0.113.7`, `2001:db8::1`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = isIPv6 ? AF_INET6 : AF_INET
        return copy.withUnsafeMutableBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        }
    }
}

/// An address or a network of addresses (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`), for
/// `unsubscribe.trusted_proxies`.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network's first address.
    public let address: IPAddress
    /// How many leading bits must match.
    public let prefixLength: Int

    /// Reads `ADDRESS` or `ADDRESS/PREFIX`.
    ///
    /// - Throws: a message saying what is wrong.
    public init(parsing text: String) throws(AddressError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else {
            throw AddressError("\"\(text)\" is not an IP address or network; write one such as 127.0.0.1, 10.0.0.0/8 or fd00::/8")
        }
        let maximum = address.bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCII), let given = Int(parts[1]), (0...maximum).contains(given) else {
                throw AddressError("\"\(text)\": the prefix length after / must be 0 to \(maximum)")
            }
            length = given
        }
        self.address = address
        self.prefixLength = length
    }

    /// Whether `candidate` lies in this network (IPv4-mapped IPv6 addresses count as IPv4).
    public func contains(_ candidate: IPAddress) -> Bool {
        let candidate = candidate.unmapped
        guard candidate.bytes.count == address.bytes.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(address.bytes, candidate.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// `10.0.0.0/8`, or the address alone for a single address.
    public var description: String {
        prefixLength == address.bytes.count * 8 ? address.description : "\(address)/\(prefixLength)"
    }
}

/// Why an address setting could not be read.
public struct AddressError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what would be right.
    public let description: String

    init(_ description: String) { self.description = description }
}
