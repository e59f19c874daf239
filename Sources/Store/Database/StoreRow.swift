/// Where a ``StoreRow`` reads its values: one backend's row (a GRDB row, a PostgreSQL row) or
/// values already copied out (``StoreValuesRow``). Implemented by the backends.
public protocol StoreRowStorage {
    /// How many columns the row has.
    var columnCount: Int { get }
    /// The name of the column at `index` (from 0), as the statement selected it.
    func columnName(at index: Int) -> String
    /// The position of the first column named `name` (ASCII case-insensitive, as SQL names are), if any.
    func columnIndex(named name: String) -> Int?
    /// The value of the column at `index` (from 0).
    func value(at index: Int) -> StoreValue
    /// The column at `index` read as text, handed to `body` as UTF-8 without making a `String` (for
    /// a number, its text as the engine writes it); nil, without calling `body`, for NULL.
    func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result?
    /// The column at `index` when it holds an integer, nil otherwise.
    func integer(at index: Int) -> Int64?
}

extension StoreRowStorage {
    public func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result? {
        try value(at: index).withUTF8(body)
    }

    public func integer(at index: Int) -> Int64? {
        if case .integer(let number) = value(at: index) { return number }
        return nil
    }
}

extension StoreValue {
    /// ``storedText`` as UTF-8, handed to `body`; nil for NULL.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard var text = storedText else { return nil }
        return try text.withUTF8(body)
    }
}

/// One row of a result, read by column name or position:
/// `try row["email"] as String`, `try row["first_name"] as String?`, `try row[0] as Int64`.
///
/// A non-optional read of NULL or of a value of another type, and any read of a column the row
/// lacks by position, throws ``StoreError`` `corruptData` naming the column and what it holds; an
/// optional read gives nil for NULL and for a column name the row does not have.
///
/// A row handed to the body of ``StoreConnection/forEachRow(sql:arguments:_:)`` is valid only
/// inside that call (the backend reuses it for the next row); rows from
/// ``StoreConnection/rows(sql:arguments:)`` and ``StoreConnection/row(sql:arguments:)`` are
/// the caller's to keep.
public struct StoreRow {
    /// The backend's row.
    public let storage: any StoreRowStorage

    /// A row reading from `storage`.
    public init(_ storage: any StoreRowStorage) {
        self.storage = storage
    }

    /// A row holding `values` under `columns` (same count).
    public init(columns: [String], values: [StoreValue]) {
        self.storage = StoreValuesRow(columns: columns, values: values)
    }

    /// How many columns the row has.
    public var count: Int { storage.columnCount }

    /// The columns' names, in order.
    public var columnNames: [String] { (0..<storage.columnCount).map(storage.columnName(at:)) }

    /// The value of the column at `index`, NULL included.
    public func value(at index: Int) throws -> StoreValue {
        guard index >= 0, index < storage.columnCount else {
            throw StoreError(
                .corruptData, "the store's result has no column \(index) (it has \(storage.columnCount)); this is a bug in Keepsake")
        }
        return storage.value(at: index)
    }

    /// The value of the column named `name`, NULL included, or nil when the row has no such column.
    public func value(named name: String) -> StoreValue? {
        storage.columnIndex(named: name).map(storage.value(at:))
    }

    /// The column at `index` read as text, handed to `body` as UTF-8 without making a `String`: the
    /// fast path for a column read millions of times (the report's orders); nil for NULL.
    public func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result? {
        guard index >= 0, index < storage.columnCount else { _ = try value(at: index); return nil }
        return try storage.withUTF8(at: index, body)
    }

    /// The integer in the column at `index`; throws `corruptData` for NULL or another type.
    public func integer(at index: Int) throws -> Int64 {
        if index >= 0, index < storage.columnCount, let number = storage.integer(at: index) { return number }
        return try self[index] as Int64
    }

    /// A copy that stays valid after a cursor moves on.
    public func copied() -> StoreRow {
        if storage is StoreValuesRow { return self }
        return StoreRow(columns: columnNames, values: (0..<storage.columnCount).map(storage.value(at:)))
    }

    public subscript<Value: StoreValueConvertible>(_ name: String) -> Value {
        get throws {
            guard let index = storage.columnIndex(named: name) else {
                throw StoreError(.corruptData, "the store's result has no column \(name); this is a bug in Keepsake")
            }
            return try convert(storage.value(at: index), column: name)
        }
    }

    public subscript<Value: StoreValueConvertible>(_ name: String) -> Value? {
        get throws {
            guard let index = storage.columnIndex(named: name) else { return nil }
            let value = storage.value(at: index)
            if value == .null { return nil }
            return try convert(value, column: name) as Value
        }
    }

    public subscript<Value: StoreValueConvertible>(_ index: Int) -> Value {
        get throws { try convert(value(at: index), column: storage.columnName(at: index)) }
    }

    public subscript<Value: StoreValueConvertible>(_ index: Int) -> Value? {
        get throws {
            let value = try value(at: index)
            if value == .null { return nil }
            return try convert(value, column: storage.columnName(at: index)) as Value
        }
    }

    private func convert<Value: StoreValueConvertible>(_ value: StoreValue, column: String) throws -> Value {
        guard let converted = Value(storeValue: value) else {
            throw StoreError(
                .corruptData,
                "the customer store holds \(value.described) in column \(column), which is not \(Value.storeTypeDescription); "
                    + "restore the store from a backup, or undo the hand edit of that column")
        }
        return converted
    }
}

/// A row whose values were copied out of the backend: what ``StoreRow/copied()`` makes, and what a
/// backend without reusable rows may hand out.
public struct StoreValuesRow: StoreRowStorage, Sendable {
    /// The columns' names, in order.
    public let columns: [String]
    /// The values, one per column.
    public let values: [StoreValue]

    /// A row of `values` under `columns` (same count).
    public init(columns: [String], values: [StoreValue]) {
        precondition(columns.count == values.count, "StoreValuesRow: \(columns.count) columns but \(values.count) values")
        self.columns = columns
        self.values = values
    }

    public var columnCount: Int { columns.count }
    public func columnName(at index: Int) -> String { columns[index] }
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.caseInsensitiveEquals(name) }
    }
    public func value(at index: Int) -> StoreValue { values[index] }
}

extension String {
    /// Equal ignoring ASCII case, as SQL compares unquoted names.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { left, right in
            left == right || (left | 0x20 == right | 0x20 && (left | 0x20) >= 0x61 && (left | 0x20) <= 0x7a)
        }
    }
}
