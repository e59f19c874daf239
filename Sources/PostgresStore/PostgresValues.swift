import Foundation
import PostgresNIO
import Store

/// The store's values in PostgreSQL: how a ``StoreValue`` is bound to a `$n` placeholder, and how a
/// column of a result becomes one. Integers are `BIGINT` (`int2`, `int4` and `bool` read as
/// integers too), numbers `DOUBLE PRECISION`, text `TEXT`, bytes `BYTEA`; a `NUMERIC` (what `SUM`
/// of integers gives) reads as an integer when it is whole and fits 64 bits, as a number otherwise.
enum PostgresValues {
    /// The bindings for `arguments`, in order.
    static func bindings(_ arguments: StoreArguments) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let data): bindings.append(ByteBuffer(bytes: data))
            }
        }
        return bindings
    }

    /// The names of a result's columns, from its first row's cells.
    static func columnNames(_ row: PostgresRow) -> [String] {
        row.map(\.columnName)
    }

    /// One row's values, in column order.
    static func values(_ row: PostgresRow) throws -> [StoreValue] {
        try row.map(value)
    }

    /// One cell as a ``StoreValue``; throws `unsupportedType` for a type the store never stores.
    static func value(_ cell: PostgresCell) throws -> StoreValue {
        guard let bytes = cell.bytes else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8, .oid:
                return .integer(try cell.decode(Int64.self))
            case .float4, .float8:
                return .real(try cell.decode(Double.self))
            case .bool:
                return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .numeric:
                let text = "\(try cell.decode(Decimal.self))"
                if let integer = Int64(text) { return .integer(integer) }
                return .real(Double(text) ?? .nan)
            case .bytea:
                // postgres-nio asks for every result column in binary format: the bytes as they are.
                guard cell.format == .binary else { break }
                return .blob(Data(bytes.readableBytesView))
            case .text, .varchar, .bpchar, .name, .unknown:
                return .text(try cell.decode(String.self))
            default:
                break
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresStoreError(.unsupportedType, "the column \(cell.columnName) of type \(cell.dataType) cannot be read: \(String(reflecting: error))")
        }
        throw PostgresStoreError(
            .unsupportedType,
            "the column \(cell.columnName) has PostgreSQL type \(cell.dataType), which the store does not read (it reads integers, numbers, text and bytes); this is a bug in Keepsake's SQL")
    }
}
