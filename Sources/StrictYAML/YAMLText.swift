import Foundation

/// Reads a YAML file's bytes as text, refusing a file over ``YAMLLimits/maximumBytes`` and one
/// that is not UTF-8 at the line and column of the first byte that is not.
///
/// ```swift
/// guard let data = YAMLText.contents(atPath: path) else { … }   // cannot be read
/// let document = try YAMLDocument(contents: try YAMLText.decode(data, file: path), file: path)
/// ```
public enum YAMLText {
    /// The file's bytes, at most one more than ``YAMLLimits/maximumBytes`` (enough to tell that it
    /// is too long without reading all of it), or nil when it cannot be opened.
    public static func contents(atPath path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            return try handle.read(upToCount: YAMLLimits.maximumBytes + 1) ?? Data()
        } catch {
            return nil
        }
    }

    /// The text of `data`, without a byte order mark.
    ///
    /// - Throws: ``YAMLError/Code/limitExceeded`` for more than ``YAMLLimits/maximumBytes`` bytes;
    ///   ``YAMLError/Code/unreadableFile`` at the first byte that is not UTF-8.
    public static func decode(_ data: Data, file: String) throws(YAMLError) -> String {
        guard data.count <= YAMLLimits.maximumBytes else {
            throw YAMLLimits.sizeError(data, file: file)
        }
        if let text = String(validating: data, as: UTF8.self) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let offset = firstInvalidByte(in: data)
        let position = TextPosition.of(offset: offset, in: data)
        let byte = data[data.index(data.startIndex, offsetBy: offset)]
        let hex = String(byte, radix: 16, uppercase: true)
        throw YAMLError(
            .unreadableFile, file: file, line: position.line, column: position.column,
            message: "this file is not UTF-8 text: the byte 0x\(hex.count == 1 ? "0" + hex : hex) here is not UTF-8 "
                + "(the file was probably saved as Latin-1 or Windows-1252); save it as UTF-8")
    }

    /// The offset of the first byte of the first sequence that is not UTF-8.
    private static func firstInvalidByte(in data: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }
}
