import Columns
import Testing
@testable import SportsBar

/// Silver is built from valid UTF-8 only: bronze text that is not (a lake this engine
/// did not write) fails naming the row, rather than reaching silver as U+FFFD.
@Suite("Bronze text is UTF-8 before silver")
struct BronzeTextTests {
    /// A bronze batch of `table` whose row 1, column `column`, holds `bytes`.
    static func bronzeWith(_ table: SourceTable, _ rows: [[String?]], column: Int, bytes: [UInt8]) -> RecordBatch {
        var batch = bronze(table, file: "dirty.csv", rows)
        guard case var .text(c) = batch.columns[column] else { return batch }
        var rebuilt = ByteColumn()
        for row in 0 ..< c.count {
            if row == 1 { rebuilt.append(bytes) } else { rebuilt.append(from: c, row: row) }
        }
        c = rebuilt
        batch.columns[column] = .text(c)
        return batch
    }

    @Test("silver customers refuse invalid bytes instead of writing U+FFFD")
    func customers() throws {
        let batch = Self.bronzeWith(.customers, [["789201", "Shop", "Bengaluru"], ["789202", "x", "Hyderabad"]],
                                    column: 1, bytes: Array("Caf".utf8) + [0xE9])
        #expect(throws: SportsBarError.invalidText(table: "bronze customers", column: "customer_name", file: "dirty.csv",
                                                   line: 3, byte: 3)) {
            try CustomersSilver.build(bronze: [batch])
        }
        // Valid multi-byte text goes through untouched.
        let fine = Self.bronzeWith(.customers, [["789201", "Shop", "Bengaluru"], ["789202", "x", "Hyderabad"]],
                                   column: 1, bytes: Array("Caf\u{E9}".utf8))
        #expect(texts(try CustomersSilver.build(bronze: [fine]).rows, "customer_name") == ["Shop", "Caf\u{E9}"])
    }

    @Test("parent tables refuse invalid bytes too")
    func parents() throws {
        let batch = Self.bronzeWith(.parentDimCustomers, [["1", "a", "India", "p", "c"], ["2", "b", "India", "p", "c"]],
                                    column: 1, bytes: [0xFF])
        #expect(throws: SportsBarError.self) { try ParentTables.type(.dimCustomers, bronze: [batch]) }
    }
}
