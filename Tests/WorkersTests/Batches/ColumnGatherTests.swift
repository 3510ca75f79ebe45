import Columns
import Testing
@testable import Workers

/// `Column.gathered` against a value-by-value reference: text values of every length around
/// the 16-byte word copy (including values that end the buffer, where no word fits), NULLs,
/// repeated rows and -1 padding.
@Suite struct ColumnGatherTests {
    @Test("text gathers equal a value-by-value copy", arguments: [1 as UInt64, 2, 3, 4])
    func textMatchesReference(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rowCount = 300
        var values: [[UInt8]?] = []
        var column = ByteColumn()
        column.materializeNulls()
        for _ in 0 ..< rowCount {
            if random.next() % 9 == 0 {
                values.append(nil)
                column.appendNull()
            } else {
                let length = Int(random.next() % 40)
                let value = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                values.append(value)
                column.append(value)
            }
        }
        // Every row, the last rows (no slack after them) twice, and padding.
        var rows = (0 ..< 2_000).map { _ in Int(random.next() % UInt64(rowCount + 1)) - 1 }
        rows += [rowCount - 1, rowCount - 2, rowCount - 1, -1]
        let gathered = try rows.withUnsafeBufferPointer { try Column.text(column).gathered($0) }
        guard case let .text(result) = gathered else {
            Issue.record("a text column gathered into \(gathered)")
            return
        }
        #expect(result.count == rows.count)
        for (i, row) in rows.enumerated() {
            let expected: [UInt8]? = row < 0 ? nil : values[row]
            if let expected {
                #expect(!result.isNull(i))
                #expect(Array(result.bytes[result.range(i)]) == expected, "row \(i) (source row \(row))")
            } else {
                #expect(result.isNull(i), "row \(i) (source row \(row)) is NULL")
            }
        }
    }

    @Test("a column of short values only, smaller than one word, gathers by copies")
    func tinyColumn() throws {
        var column = ByteColumn()
        column.append(Array("ab".utf8))
        column.append(Array("c".utf8))
        let rows = [1, 0, 1]
        let gathered = try rows.withUnsafeBufferPointer { try Column.text(column).gathered($0) }
        guard case let .text(result) = gathered else {
            Issue.record("a text column gathered into \(gathered)")
            return
        }
        #expect((0 ..< 3).map { result.string($0) } == ["c", "ab", "c"])
    }
}
