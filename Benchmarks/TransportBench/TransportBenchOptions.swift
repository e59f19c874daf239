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
    /// With `--plan-date DAY`: plan that local day over `database` instead of sending.
    var planDate: String?
    /// The planning instant for `--plan-date` (ISO 8601), by default the day's start in UTC.
    var now: String?
    /// The store `--plan-date` plans over.
    var database = ""
    /// The campaign folder `--plan-date` plans with.
    var campaignsDirectory = "campaigns"

    static let usage = """
        usage: keepsake-bench --url smtp://127.0.0.1:PORT [--messages 20000] [--connections 1] [--message-dir Benchmarks/Message]
               keepsake-bench --dkim-signatures 2000 [--message-dir Benchmarks/Message]
               keepsake-bench --plan-date 2026-03-21 --database keepsake.sqlite [--now 2026-03-21T00:00:00Z] [--campaigns campaigns]
        Composes one message once and sends it --messages times through Keepsake's SMTP transport
        over --connections connections; prints the rate in messages per second. With
        --dkim-signatures N it sends nothing: it DKIM-signs the message N times with an RSA-2048
        key, then with an Ed25519 key, and prints signatures per second and microseconds each.
        With --plan-date DAY it plans that local day over the store (no message is composed) and
        prints how many entries were planned, in how many seconds of wall clock and of CPU.
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
            case "--plan-date": planDate = value
            case "--now": now = value
            case "--database": database = value
            case "--campaigns": campaignsDirectory = value
            default: throw TransportBenchError("unknown option \(option)\n\(Self.usage)")
            }
        }
        if planDate != nil && database.isEmpty { throw TransportBenchError("--plan-date needs --database\n\(Self.usage)") }
        if url.isEmpty && dkimSignatures == nil && planDate == nil { throw TransportBenchError("--url is required\n\(Self.usage)") }
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
