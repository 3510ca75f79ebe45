import Columns
import Testing
@testable import Workers

@Suite("Sort")
struct SortTests {
    static let keys = [SortKey("customer", descending: true), SortKey("qty"), SortKey("day", descending: true, nullsFirst: false)]

    /// Naive stable sort on OpValues with the same key semantics.
    static func reference(_ batches: [RecordBatch]) -> [OpRow] {
        func compare(_ a: OpValue, _ b: OpValue, descending: Bool, nullsFirst: Bool) -> Int {
            if a == b { return 0 }
            if a == .null { return nullsFirst ? -1 : 1 }
            if b == .null { return nullsFirst ? 1 : -1 }
            return (a < b) != descending ? -1 : 1
        }
        let columns = [(0, true, true), (4, false, true), (5, true, false)]
        return opRows(batches).enumerated().sorted { x, y in
            for (column, descending, nullsFirst) in columns {
                let c = compare(x.element[column], y.element[column], descending: descending, nullsFirst: nullsFirst)
                if c != 0 { return c < 0 }
            }
            return x.offset < y.offset
        }.map(\.element)
    }

    static func run(_ batches: [RecordBatch], setup: OpSpillSetup? = nil, batchRows: Int = 100) throws -> (rows: [OpRow], batches: [RecordBatch], spilled: Bool) {
        let sorter = try ExternalSorter(schema: OpData.schema, keys: keys, budget: setup?.budget ?? .unlimited(),
                                        spillDirectory: setup?.directory, batchRows: batchRows)
        for batch in batches { try sorter.add(batch) }
        let spilled = sorter.spilled
        let out = try sorter.finishAll()
        return (opRows(out), out, spilled)
    }

    @Test("matches a naive stable sort (asc/desc, NULLs first and last)", arguments: OpShape.all)
    func reference(shape: OpShape) throws {
        let batches = OpData.batches(shape, seed: 41)
        let got = try Self.run(batches)
        #expect(got.rows == Self.reference(batches))
        #expect(got.batches.allSatisfy { $0.rowCount <= 100 && $0.rowCount > 0 })
    }

    @Test("external merge sort with a tiny budget equals the in-memory sort", arguments: OpShape.all)
    func spilling(shape: OpShape) throws {
        let batches = OpData.batches(shape, seed: 42)
        let setup = try OpSpillSetup()
        let got = try Self.run(batches, setup: setup, batchRows: 37)
        #expect(got.rows == Self.reference(batches))
        if shape.rows >= 500 { #expect(got.spilled) }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("an abandoned merge removes its runs")
    func abandoned() throws {
        let setup = try OpSpillSetup()
        let batches = OpData.batches(OpShape(rows: 2000, keyCardinality: 100, nullRate: 0.1, maxBatchRows: 100), seed: 43)
        do {
            let sorter = try ExternalSorter(schema: OpData.schema, keys: Self.keys, budget: setup.budget,
                                            spillDirectory: setup.directory, batchRows: 10)
            for batch in batches { try sorter.add(batch) }
            let merger = try sorter.finish()
            _ = try merger.next()
            #expect(!setup.directory.fileNames().isEmpty)
        }
        #expect(setup.directory.fileNames().isEmpty)
    }
}
