import Configuration

/// The address a request came from, as the consent ledger records it: the connection's peer, or,
/// when the peer is a trusted reverse proxy, the address that proxy reports in `X-Forwarded-For`.
///
/// `X-Forwarded-For` is read from its right end (the hop nearest to Keepsake) leftwards, skipping
/// trusted proxies; the first address that is not one is the client. A client can write anything
/// at the left of the header, but not at the right, which its own proxy appends. With an
/// untrusted peer, or a malformed entry, the header is ignored and the peer is recorded.
struct ClientAddress {
    /// The networks whose forwarding headers are believed.
    let trustedProxies: [IPNetwork]

    /// The client's address, as text (`203.0.113.7`, `2001:db8::1`), or nil when the peer is unknown.
    func client(peer: IPAddress?, forwardedFor headers: [String]) -> String? {
        guard let peer = peer?.unmapped else { return nil }
        guard isTrusted(peer), !headers.isEmpty else { return peer.description }
        let hops = headers.joined(separator: ",").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = Self.address(hop) else { return client.description }
            client = address.unmapped
            if !isTrusted(client) { break }
        }
        return client.description
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// An entry of `X-Forwarded-For`: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`, or with a
    /// port, `203.0.113.7:51234` and `[2001:db8::1]:51234`.
    static func address(_ hop: String) -> IPAddress? {
        if let address = IPAddress(hop) { return address }
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            return IPAddress(String(hop[hop.index(after: hop.startIndex)..<close]))
        }
        if let colon = hop.lastIndex(of: ":"), !hop[..<colon].contains(":") {
            return IPAddress(String(hop[..<colon]))
        }
        return nil
    }
}
