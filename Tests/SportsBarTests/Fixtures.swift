import Foundation
import Columns
import Partition
import TestSupport
import Workers
@testable import SportsBar

/// Bronze batches written by hand: rows of optional texts (nil = NULL) plus lineage.
func bronze(_ table: SourceTable, file: String = "f.csv", batchId: Int64 = 1, firstLine: Int64 = 2,
            _ rows: [[String?]]) -> RecordBatch {
    var columns: [Column] = []
    for index in table.columns.indices {
        columns.append(.text(.of(rows.map { $0[index] })))
    }
    columns.append(.text(.of(Array(repeating: file, count: rows.count))))
    columns.append(.int64(FixedColumn(values: ContiguousArray(rows.indices.map { firstLine + Int64($0) }))))
    columns.append(.int64(FixedColumn(values: ContiguousArray(repeating: batchId, count: rows.count))))
    return RecordBatch(schema: table.bronzeSchema, columns: columns)
}

/// The texts of a column, row by row (nil = NULL); typed values as text.
func texts(_ batch: RecordBatch, _ name: String) -> [String?] {
    guard let column = batch.column(named: name) else { return [] }
    return (0 ..< batch.rowCount).map { row in
        switch column {
        case let .text(c): c.string(row)
        case let .int64(c): c.value(row).map { String($0) }
        case let .int32(c): c.value(row).map { String($0) }
        case let .date(c): c.value(row).map(CivilDate.isoString)
        case let .decimal(c): c.value(row).map(MoneyRule.text)
        case let .double(c): c.value(row).map { String(Double(bitPattern: $0)) }
        case let .bool(c): c.value(row).map { $0 != 0 ? "true" : "false" }
        }
    }
}

/// Rows as lists of texts, in the schema's column order.
func table(_ batch: RecordBatch) -> [[String?]] {
    let columns = batch.schema.fields.map { texts(batch, $0.name) }
    return (0 ..< batch.rowCount).map { row in columns.map { $0[row] } }
}

func days(_ iso: String) -> Int32? {
    var copy = iso
    return copy.withUTF8 { FieldParsers.isoDate(UnsafeRawBufferPointer($0)) }
}

/// The AtliQon × SportsBar sample data (see `TestPaths.sportsBarData`).
enum RealData {
    static let root = TestPaths.sportsBarData
}
