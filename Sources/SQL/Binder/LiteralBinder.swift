import Columns
import Foundation
import SQLSyntax

/// Constants as Spark types them: `42` INT (BIGINT when larger), `12.50` DECIMAL(4,2),
/// `1e3` DOUBLE, `'x'` STRING, `DATE '2025-01-31'` DATE.
enum LiteralBinder {
    static func bind(_ literal: Literal, at location: SourceLocation) throws -> BoundExpression {
        switch literal {
        case .null: return .literal(.null, .text)
        case let .boolean(b): return .literal(.bool(b), .bool)
        case let .string(s): return .literal(.text(s), .text)
        case let .number(n): return try number(n, at: location)
        case let .typed(.date, text):
            guard let days = ValueParser.date(text) else {
                throw SQLError("invalid date '\(text)': expected yyyy-MM-dd", at: location)
            }
            return .literal(.date(days), .date)
        case .typed:
            throw SQLError.notSupported("TIMESTAMP values (the lake's tables hold dates)", at: location)
        case .interval:
            throw SQLError.notSupported("INTERVAL (use date_add, date_sub or add_months)", at: location)
        }
    }

    private static func number(_ n: NumericLiteral, at location: SourceLocation) throws -> BoundExpression {
        switch n.kind {
        case .integer, .bigint, .smallint, .tinyint:
            guard let v = Int64(n.text) else {
                throw SQLError.notSupported("integers beyond BIGINT ('\(n.text)')", at: location)
            }
            if n.kind != .bigint, let small = Int32(exactly: v) { return .literal(.int32(small), .int32) }
            return .literal(.int64(v), .int64)
        case .decimal:
            let digits = n.text.filter(\.isNumber)
            let scale = n.text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
            let precision = max(digits.drop { $0 == "0" }.count, scale, 1)
            guard precision <= TypeRules.maxPrecision, let v = ValueParser.decimal(n.text, scale: scale) else {
                throw SQLError.notSupported("decimal constants of more than \(TypeRules.maxPrecision) digits ('\(n.text)')", at: location)
            }
            return .literal(.decimal(v), .decimal(precision: precision, scale: scale))
        case .double, .float:
            guard let d = Double(n.text) else { throw SQLError("invalid number '\(n.text)'", at: location) }
            return .literal(.double(d), .double)
        }
    }

    /// Today's date in UTC, fixed when the statement is bound (Spark: at the query's start).
    static func currentDate() -> BoundExpression {
        let days = Int32(floor(Date().timeIntervalSince1970 / 86_400))
        return .literal(.date(days), .date)
    }
}

/// Type names in CAST to the engine's types.
enum TypeNames {
    static func columnType(_ t: DataTypeName) throws -> ColumnType {
        switch t.kind {
        case .boolean: return .bool
        case .tinyint, .smallint, .int: return .int32
        case .bigint: return .int64
        case .float, .double: return .double
        case let .decimal(p, s):
            let precision = p ?? 10, scale = s ?? 0
            guard precision <= TypeRules.maxPrecision else {
                throw SQLError.notSupported("DECIMAL precision above \(TypeRules.maxPrecision) (decimals are 64-bit)", at: t.location)
            }
            guard scale <= precision, precision > 0 else { throw SQLError("invalid DECIMAL(\(precision), \(scale))", at: t.location) }
            return .decimal(precision: precision, scale: scale)
        case .string, .char, .varchar: return .text
        case .binary: return .binary
        case .date: return .date
        default: throw SQLError.notSupported("the type \(SQLPrinter().print(t))", at: t.location)
        }
    }
}

extension CastKernel {
    static func canCast(from: ColumnType, to: ColumnType) -> Bool {
        if from == to || to == .text || from == .text { return true }
        switch (from, to) {
        case (.binary, _), (_, .binary), (.date, _), (_, .date): return false
        case (.bool, .double), (.bool, .decimal), (.double, .bool), (.decimal, .bool): return false
        default: return true
        }
    }
}
