import Columns
import Testing
@testable import Workers

/// The text columns a join gathers from its build side carry the build row as their
/// value code (`ValueCodes`), and a later gather keeps the codes with their rows.
@Suite("Join value codes")
struct JoinValueCodesTests {
    static let dimension = Schema([Field("code", .text), Field("name", .text)])
    static let facts = Schema([Field("fcode", .text), Field("qty", .int64)])

    static func text(_ values: [String?]) -> Column {
        var column = ByteColumn()
        for value in values { column.append(string: value) }
        return .text(column)
    }

    @Test("gathered build text columns are coded by build row; gather keeps the codes")
    func codes() throws {
        let build = RecordBatch(schema: Self.dimension, columns: [Self.text(["a", "b", "c"]), Self.text(["Ann", "Bob", "Ann"])])
        let side = try JoinBuildSide(schema: Self.dimension, batches: [build], keys: ["code"])
        let probe = try HashJoinProbe(build: side, probeSchema: Self.facts, probeKeys: ["fcode"], type: .leftOuter)
        let facts = RecordBatch(schema: Self.facts, columns: [Self.text(["c", "x", "a", "c", nil]),
                                                              .int64(FixedColumn(values: [1, 2, 3, 4, 5]))])
        let joined = try probe.probe(facts).joined
        guard case let .text(names) = joined.columns[2] else { Issue.record("name is not text"); return }
        #expect((0 ..< names.count).map { names.string($0) } == ["Ann", nil, "Ann", "Ann", nil])
        #expect(names.valueCodes?.codes == [2, -1, 0, 2, -1])
        // Rows with the same code hold the same value.
        let regathered = try joined.gather([3, 1, 0])
        guard case let .text(picked) = regathered.columns[2] else { Issue.record("name is not text"); return }
        #expect(picked.valueCodes?.codes == [2, -1, 2])
        #expect(picked.valueCodes?.space === names.valueCodes?.space)
        #expect((0 ..< picked.count).map { picked.string($0) } == ["Ann", nil, "Ann"])
    }

    @Test("a single text probe key is coded by its build row when every non-NULL key matched")
    func probeKeyCodes() throws {
        let build = RecordBatch(schema: Self.dimension, columns: [Self.text(["a", "b", "c"]), Self.text(["Ann", "Bob", "Ann"])])
        let side = try JoinBuildSide(schema: Self.dimension, batches: [build], keys: ["code"])
        func keyCodes(_ type: JoinType, _ keys: [String?]) throws -> [Int32]? {
            let probe = try HashJoinProbe(build: side, probeSchema: Self.facts, probeKeys: ["fcode"], type: type)
            let facts = RecordBatch(schema: Self.facts, columns: [Self.text(keys), .int64(FixedColumn(values: ContiguousArray(keys.indices.map(Int64.init))))])
            let joined = try probe.probe(facts).joined
            guard case let .text(key) = joined.columns[0] else { return nil }
            // Same code, same bytes: each coded row holds its build row's key.
            let codes: ContiguousArray<Int32> = key.valueCodes?.codes ?? []
            for (row, code) in codes.enumerated() where code >= 0 {
                #expect(key.string(row) == ["a", "b", "c"][Int(code)])
            }
            return key.valueCodes.map { Array($0.codes) }
        }
        #expect(try keyCodes(.leftOuter, ["c", "a", nil, "c"]) == [2, 0, -1, 2])
        #expect(try keyCodes(.inner, ["c", "x", "b"]) == [2, 1])
        #expect(try keyCodes(.leftOuter, ["c", "x", "b"]) == nil)
    }
}
