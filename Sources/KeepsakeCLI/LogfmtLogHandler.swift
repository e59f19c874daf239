import Foundation
import Logging

/// Writes log events as logfmt lines on standard error, where journald collects them.
///
/// Every line starts with the same keys, in the same order: `time`, `level`, `component`,
/// `msg`; the event's metadata follows, sorted by key. Values with spaces, quotes, `=` or
/// control characters are quoted and escaped, so one event is always one line.
///
///     time=2026-11-23T09:00:00.125Z level=info component=smtp msg="delivered" campaign=birthday reply="250 2.0.0 Ok"
public struct LogfmtLogHandler: LogHandler {
    /// The component this logger belongs to (the Logger's label).
    public let component: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let output: @Sendable (String) -> Void

    /// A handler that writes to standard error.
    public init(component: String, logLevel: Logger.Level = .info) {
        self.init(component: component, logLevel: logLevel) { line in
            // One write(2) per line: lines from several threads never interleave (each is far below PIPE_BUF
            // in practice), and nothing is buffered that a kill would lose.
            var line = line
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// A handler that hands each finished line (with its newline) to `output`.
    public init(component: String, logLevel: Logger.Level = .info, output: @escaping @Sendable (String) -> Void) {
        self.component = component
        self.logLevel = logLevel
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        var line = "time=\(Self.timestamp()) level=\(event.level) component=\(Self.quoted(component)) msg=\(Self.quoted(event.message.description))"
        for key in merged.keys.sorted() {
            guard let value = merged[key] else { continue }
            line += " \(Self.sanitizedKey(key))=\(Self.quoted(value.description))"
        }
        output(line + "\n")
    }

    /// Quotes a value when it needs it; escapes quotes, backslashes and control characters.
    static func quoted(_ value: String) -> String {
        // Most values (ids, statuses, codes) are plain printable ASCII: no Unicode properties needed.
        let isPlainASCII = !value.isEmpty && value.utf8.allSatisfy {
            $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
        }
        if isPlainASCII { return value }
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.properties.generalCategory == .control
        }
        guard needsQuotes else { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped + "\""
    }

    /// Keys are identifiers: anything else becomes `_`.
    static func sanitizedKey(_ key: String) -> String {
        String(key.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == ".")
                ? Character(scalar) : "_"
        })
    }

    /// Now in UTC with milliseconds, `2026-11-23T09:00:00.125Z`, without Foundation's formatters
    /// (a busy daemon logs thousands of lines a second).
    static func timestamp(_ now: timespec = Self.now()) -> String {
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = Int(now.tv_nsec / 1_000_000)
        let fraction = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    private static func now() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now
    }
}
