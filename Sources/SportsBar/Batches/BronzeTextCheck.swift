import Columns

/// Bronze text is valid UTF-8: the scan quarantines a record with an invalid text
/// field (`invalid_utf8`) before it becomes a bronze row. Bronze read back from the
/// lake is checked again before a dim is built from it, so that a foreign or damaged
/// bronze table fails the run naming the row, instead of reaching silver with its
/// bytes replaced by U+FFFD.
enum BronzeTextCheck {
    static func check(_ bronze: RecordBatch, _ table: SourceTable) throws {
        for name in table.columns {
            let column = try bronze.text(name, in: table.name)
            // An all-ASCII buffer (the usual case) clears every value at once.
            if column.bytes.withUnsafeBytes({ UTF8Validation.isASCII($0) }) { continue }
            for row in 0 ..< column.count where !column.isNull(row) {
                guard let offset = column.withValue(row, { UTF8Validation.firstInvalidOffset($0) }) else { continue }
                let files = try bronze.text(Lineage.sourceFile, in: table.name)
                let lines = try bronze.int64(Lineage.sourceLine, in: table.name)
                throw SportsBarError.invalidText(table: "bronze \(table.name)", column: name,
                                                 file: files.string(row) ?? "?", line: lines.values[row], byte: offset)
            }
        }
    }
}
