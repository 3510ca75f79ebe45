import Columns
import Partition
import Testing
@testable import Workers

@Suite("Batch helpers")
struct BatchHelperTests {
    let batches = OpData.batches(OpShape(rows: 700, keyCardinality: 40, nullRate: 0.2, maxBatchRows: 90), seed: 11)

    @Test("gather, filter, concat and the builder agree with row lists")
    func gatherFilterConcat() throws {
        let all = try RecordBatch.concat(batches, schema: OpData.schema)
        let expected = opRows(batches)
        #expect(opRows(all) == expected)
        var random = SplitMix64(seed: 3)
        let picks = (0 ..< 300).map { _ in Int.random(in: 0 ..< all.rowCount, using: &random) }
        #expect(opRows(try all.gather(picks)) == picks.map { expected[$0] })
        var builder = BatchBuilder(schema: OpData.schema)
        for row in picks { try builder.append(row: row, of: all) }
        #expect(builder.finish() == (try all.gather(picks)))
        let mask = (0 ..< all.rowCount).map { $0 % 3 == 0 }
        #expect(opRows(try all.filter(mask)) == expected.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        #expect(throws: OperatorError.self) { try all.filter([true]) }
    }

    @Test("gather with -1 pads NULLs")
    func padding() throws {
        let batch = batches[0]
        let padded = try batch.gather([0, -1, 1])
        #expect(opRows(padded)[1].allSatisfy { $0 == .null })
        #expect(opRows(padded)[0] == opRows(batch)[0])
    }

    @Test("projection and renaming")
    func projection() throws {
        let batch = batches[0]
        let projected = try batch.project(["seq", "customer"])
        #expect(projected.schema.fields.map(\.name) == ["seq", "customer"])
        let renamed = try ProjectOperator(renaming: [(source: "seq", name: "n")]).apply(batch)
        #expect(renamed.schema.fields.map(\.name) == ["n"])
        #expect(throws: OperatorError.self) { try batch.project(["nope"]) }
    }

    @Test("row encoding orders like the naive comparison, both directions, NULLs first")
    func encodingOrder() throws {
        let all = try RecordBatch.concat(batches, schema: OpData.schema)
        let rows = opRows(all)
        for descending in [false, true] {
            let encoder = try RowEncoder(schema: OpData.schema, keys: [
                SortKey("customer", descending: descending), SortKey("store"), SortKey("qty", descending: true),
            ])
            let encoded = try encoder.encode(all)
            var random = SplitMix64(seed: 5)
            for _ in 0 ..< 3000 {
                let a = Int.random(in: 0 ..< all.rowCount, using: &random)
                let b = Int.random(in: 0 ..< all.rowCount, using: &random)
                let naive = naiveCompare(rows[a], rows[b], descendingCustomer: descending)
                #expect(encoded.compare(a, encoded, b).signum() == naive)
            }
        }
    }

    private func naiveCompare(_ x: OpRow, _ y: OpRow, descendingCustomer: Bool) -> Int {
        func cmp(_ a: OpValue, _ b: OpValue, _ descending: Bool) -> Int {
            if a == b { return 0 }
            if a == .null { return -1 }
            if b == .null { return 1 }
            return (a < b) != descending ? -1 : 1
        }
        for (column, descending) in [(0, descendingCustomer), (1, false), (4, true)] {
            let c = cmp(x[column], y[column], descending)
            if c != 0 { return c }
        }
        return 0
    }

    @Test("equal keys hash equally across batches; keysEqual matches values")
    func hashing() throws {
        let keys = [0, 1]
        let hashes = batches.map { KeyHash.hashRows(of: $0, keys: keys) }
        var seen: [OpRow: UInt64] = [:]
        for (batch, batchHashes) in zip(batches, hashes) {
            for (row, values) in opRows(batch).enumerated() {
                let key = [values[0], values[1]]
                if let previous = seen[key] { #expect(previous == batchHashes[row]) }
                seen[key] = batchHashes[row]
            }
        }
        let distinct = Set(seen.values)
        #expect(distinct.count == seen.count, "no collisions expected on a few hundred keys")
        let a = batches[0], b = batches[1]
        let rowsA = opRows(a), rowsB = opRows(b)
        for i in 0 ..< min(20, a.rowCount) {
            for j in 0 ..< min(20, b.rowCount) {
                #expect(a.keysEqual(row: i, keys: keys, b, row: j, keys: keys) == (rowsA[i][0 ... 1] == rowsB[j][0 ... 1]))
            }
        }
    }

    @Test("byte hash of different lengths and contents differs")
    func byteHash() {
        var hashes = Set<UInt64>()
        var bytes: [UInt8] = []
        for n in 0 ..< 100 {
            bytes.append(UInt8(n % 7))
            hashes.insert(bytes.withUnsafeBytes { ByteHash.hash(bytes: $0) })
        }
        #expect(hashes.count == 100)
    }

    @Test("memory estimate grows with the data")
    func estimate() throws {
        let all = try RecordBatch.concat(batches, schema: OpData.schema)
        #expect(all.estimatedBytes > batches[0].estimatedBytes)
        #expect(all.estimatedBytes >= 700 * (8 + 8 + 8 + 4 + 4))
    }
}
