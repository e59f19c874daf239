import Foundation
import Mail

/// The SQL dialect behind a ``StoreDatabase``, for the few statements that must differ between engines.
public enum StoreEngine: String, Sendable, Hashable, CaseIterable {
    /// One SQLite file in WAL mode, through GRDB (the default).
    case sqlite
    /// A PostgreSQL server shared by several daemons.
    case postgresql
}

/// One value read from or bound into a statement, in the store's own terms: every engine's values
/// map onto these five (dates and decimals are stored as text, ``StoredText``; booleans as 0 or 1).
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// The value as text whatever it holds (numbers in decimal, blobs in lowercase hexadecimal), or
    /// nil for NULL: for exports and for hashing rows that may have been edited by hand.
    public var storedText: String? {
        switch self {
        case .null: nil
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let string): string
        case .blob(let data): Hexadecimal.lowercase(data)
        }
    }

    /// What the value holds, for error messages: `the text "abc"`, `the integer 3`, `nothing`.
    var described: String {
        switch self {
        case .null: "nothing"
        case .integer(let number): "the integer \(number)"
        case .real(let number): "the number \(number)"
        case .text(let string): "the text \"\(string.count > 80 ? string.prefix(80) + "…" : string)\""
        case .blob(let data): "\(data.count) bytes of binary data"
        }
    }
}

/// A Swift value the store binds into statements and reads back from rows.
public protocol StoreValueConvertible {
    /// The value as bound into a statement.
    var storeValue: StoreValue { get }
    /// The value read from a column, or nil when the column holds something else (NULL included).
    init?(storeValue: StoreValue)
    /// What the store expected, for error messages: `an integer`, `text`.
    static var storeTypeDescription: String { get }
}

extension StoreValue: StoreValueConvertible {
    public var storeValue: StoreValue { self }
    public init?(storeValue: StoreValue) { self = storeValue }
    public static var storeTypeDescription: String { "a value" }
}

extension Int64: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self) }
    public init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let number): self = number
        case .real(let number): guard let exact = Int64(exactly: number) else { return nil }; self = exact
        default: return nil
        }
    }
    public static var storeTypeDescription: String { "an integer" }
}

extension Int: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(Int64(self)) }
    public init?(storeValue: StoreValue) {
        guard let number = Int64(storeValue: storeValue), let exact = Int(exactly: number) else { return nil }
        self = exact
    }
    public static var storeTypeDescription: String { "an integer" }
}

extension Double: StoreValueConvertible {
    public var storeValue: StoreValue { .real(self) }
    public init?(storeValue: StoreValue) {
        switch storeValue {
        case .real(let number): self = number
        case .integer(let number): self = Double(number)
        default: return nil
        }
    }
    public static var storeTypeDescription: String { "a number" }
}

/// Stored as the integer 0 or 1; any non-zero integer reads as true, as in SQL.
extension Bool: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self ? 1 : 0) }
    public init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let number): self = number != 0
        case .real(let number): self = number != 0
        default: return nil
        }
    }
    public static var storeTypeDescription: String { "0 or 1" }
}

extension String: StoreValueConvertible {
    public var storeValue: StoreValue { .text(self) }
    public init?(storeValue: StoreValue) {
        switch storeValue {
        case .text(let string): self = string
        case .blob(let data): guard let string = String(data: data, encoding: .utf8) else { return nil }; self = string
        default: return nil
        }
    }
    public static var storeTypeDescription: String { "text" }
}

extension Data: StoreValueConvertible {
    public var storeValue: StoreValue { .blob(self) }
    public init?(storeValue: StoreValue) {
        switch storeValue {
        case .blob(let data): self = data
        case .text(let string): self = Data(string.utf8)
        default: return nil
        }
    }
    public static var storeTypeDescription: String { "binary data" }
}

/// The values bound to a statement's `?` placeholders, in order; `nil` binds NULL.
///
/// Placeholders are `?` (the next value) or `?N` (the N-th value, from 1); the PostgreSQL backend
/// rewrites both to `$N`. Named parameters are not supported.
public struct StoreArguments: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The values, in placeholder order.
    public var values: [StoreValue]

    /// The values in order; `nil` binds NULL.
    public init(_ values: [(any StoreValueConvertible)?]) {
        self.values = values.map { $0?.storeValue ?? .null }
    }

    /// Already converted values.
    public init(values: [StoreValue]) {
        self.values = values
    }

    public init(arrayLiteral elements: (any StoreValueConvertible)?...) {
        self.init(elements)
    }

    /// Appends the values of `other`.
    public mutating func append(contentsOf other: StoreArguments) {
        values += other.values
    }

    /// Appends one value; `nil` binds NULL.
    public mutating func append(_ value: (any StoreValueConvertible)?) {
        values.append(value?.storeValue ?? .null)
    }

    public static func += (arguments: inout StoreArguments, other: StoreArguments) {
        arguments.append(contentsOf: other)
    }

    public static func + (arguments: StoreArguments, other: StoreArguments) -> StoreArguments {
        var sum = arguments
        sum.append(contentsOf: other)
        return sum
    }

    /// Whether no value is bound.
    public var isEmpty: Bool { values.isEmpty }
}
