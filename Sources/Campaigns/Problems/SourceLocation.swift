/// A place in a campaign file: the file as named to the marketer, and a 1-based line and column
/// (counted in Unicode scalars, as editors and YAML parsers count them); 0 when unknown.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file, such as `campaigns/birthday.yaml`.
    public let file: String
    /// The line, from 1; 0 when unknown.
    public let line: Int
    /// The column, from 1; 0 when unknown.
    public let column: Int

    /// Creates a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COLUMN`, or just `FILE` when the position is unknown.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}

/// A text value read from a campaign file together with where it was written, so that a later
/// check (an address the mail module refuses, a template that does not exist) can be reported
/// at the place the marketer has to change.
public struct LocatedText: Hashable, Sendable, CustomStringConvertible {
    /// The value as written (after YAML quoting is removed).
    public let text: String
    /// Where the value starts.
    public let location: SourceLocation

    /// Creates a located text.
    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The text itself.
    public var description: String { text }
}
