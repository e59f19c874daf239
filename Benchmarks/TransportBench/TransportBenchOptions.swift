/// The command line of `keepsake-bench`, read strictly: every option needs a value, unknown
/// options are refused with a usage line.
struct TransportBenchOptions: Sendable {
    /// The relay, such as `smtp://127.0.0.1:2525` (loopback: STARTTLS is off).
    var url = ""
    /// How many times the one message is sent.
    var messages = 20_000
    /// How many SMTP connections (sender threads) the transport keeps.
    var connections = 1
    /// The folder with `subject.txt`, `text.txt` and `html.html` (string.Template placeholders).
    var messageDirectory = "Benchmarks/Message"
    /// With `--dkim-signatures N`: sign the message N times per key type instead of sending it.
    var dkimSignatures: Int?

    static let usage = """
        usage: keepsake-bench --url smtp://127.0.0.1:PORT [--messages 20000] [--connections 1] [--message-dir Benchmarks/Message]
               keepsake-bench --dkim-signatures 2000 [--message-dir Benchmarks/Message]
        Composes one message once and sends it --messages times through Keepsake's SMTP transport
        over --connections connections; prints the rate in messages per second. With
        --dkim-signatures N it sends nothing: it DKIM-signs the message N times with an RSA-2048
        key, then with an Ed25519 key, and prints signatures per second and microseconds each.
        """

    /// Reads the arguments after the program name.
    ///
    /// - Throws: ``TransportBenchError`` naming the option that is unknown, lacks a value or has
    ///   a value out of range.
    init(arguments: [String]) throws(TransportBenchError) {
        var remaining = arguments[...]
        while let option = remaining.popFirst() {
            guard let value = remaining.popFirst() else {
                throw TransportBenchError("\(option) needs a value\n\(Self.usage)")
            }
            switch option {
            case "--url": url = value
            case "--messages": messages = try Self.count(value, option: option, range: 1...10_000_000)
            case "--connections": connections = try Self.count(value, option: option, range: 1...64)
            case "--message-dir": messageDirectory = value
            case "--dkim-signatures": dkimSignatures = try Self.count(value, option: option, range: 1...1_000_000)
            default: throw TransportBenchError("unknown option \(option)\n\(Self.usage)")
            }
        }
        if url.isEmpty && dkimSignatures == nil { throw TransportBenchError("--url is required\n\(Self.usage)") }
    }

    private static func count(_ text: String, option: String, range: ClosedRange<Int>) throws(TransportBenchError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw TransportBenchError("\(option) \(text): write a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// Why the benchmark could not run, worded for the person running `make bench`.
struct TransportBenchError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
