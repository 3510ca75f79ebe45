import Columns
import Testing
@testable import SportsBar

@Suite("Source file ranks")
struct SourceFileRanksTests {
    @Test("ranks follow the paths' byte order and map back to the same paths")
    func roundTrip() throws {
        let ranks = SourceFileRanks(["b.csv", "B.csv", "a/z.csv", "b.csv", "ä.csv"])
        #expect(ranks.count == 4)
        let files = ByteColumn.of(["b.csv", "b.csv", "B.csv", "ä.csv", "a/z.csv"])
        let ranked = try ranks.ranks(of: files, rows: 0 ..< files.count, table: "orders")
        // Byte order: "B" (0x42) < "a" (0x61) < "b" (0x62) < "ä" (0xC3 …).
        #expect(Array(ranked.values) == [2, 2, 0, 3, 1])
        let picked = try ranks.ranks(of: files, rows: [4, 0], table: "orders")
        #expect(Array(picked.values) == [1, 2])
        let back = try ranks.paths(of: ranked, table: "orders")
        #expect((0 ..< back.count).map { back.string($0) } == ["b.csv", "b.csv", "B.csv", "ä.csv", "a/z.csv"])
    }

    @Test("a file outside the batch or a rank out of range is an error naming the table, not a trap")
    func unknown() throws {
        let ranks = SourceFileRanks(["a.csv"])
        #expect(throws: SportsBarError.unknownSourceFile(table: "orders", file: "b.csv", known: 1)) {
            try ranks.ranks(of: .of(["b.csv"]), rows: [0], table: "orders")
        }
        #expect(throws: SportsBarError.self) {
            try ranks.paths(of: FixedColumn(values: [5]), table: "orders")
        }
    }
}
