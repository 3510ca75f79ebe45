import Columns

/// Probes batches against a `JoinBuildSide`. Output rows are the probe columns
/// followed by the chosen build columns (by default every build column that is not
/// a join key); a build column whose name is taken by a probe column is an error —
/// rename it first.
///
/// Immutable and Sendable: `probe` can run in parallel on different batches.
public struct HashJoinProbe: Sendable {
    public let build: JoinBuildSide
    public let probeSchema: Schema
    public let type: JoinType
    public let outputSchema: Schema
    private let probeKeys: [Int]
    private let buildOutput: RecordBatch

    public init(build: JoinBuildSide, probeSchema: Schema, probeKeys: [String], type: JoinType,
                buildColumns: [String]? = nil) throws {
        let probeKeys = try probeSchema.indices(of: probeKeys)
        try build.checkCompatible(probeSchema: probeSchema, probeKeys: probeKeys)
        let carried = buildColumns ?? build.batch.schema.fields.map(\.name).filter { !build.keys.contains($0) }
        let buildOutput = try build.batch.project(carried)
        var fields = probeSchema.fields
        for var field in buildOutput.schema.fields {
            guard probeSchema.index(of: field.name) == nil else {
                throw OperatorError.invalidArgument(
                    "join output would have two columns named '\(field.name)'; rename the build column first")
            }
            if type == .leftOuter { field.nullable = true }
            fields.append(field)
        }
        self.build = build
        self.probeSchema = probeSchema
        self.type = type
        self.probeKeys = probeKeys
        self.buildOutput = buildOutput
        outputSchema = Schema(fields)
    }

    public func probe(_ batch: RecordBatch) throws -> JoinOutput {
        guard batch.schema == probeSchema else {
            throw OperatorError.schemaMismatch(context: "join probe", expected: probeSchema, found: batch.schema)
        }
        let hashes = KeyHash.hashRows(of: batch, keys: probeKeys)
        let nullKeys = batch.nullKeyMask(keys: probeKeys)
        var probeRows = ContiguousArray<Int>(), buildRows = ContiguousArray<Int>(), unmatched = ContiguousArray<Int>()
        probeRows.reserveCapacity(batch.rowCount)
        buildRows.reserveCapacity(batch.rowCount)
        for row in 0 ..< batch.rowCount {
            var match = -1
            if nullKeys?[row] != true {
                match = build.firstMatch(batch, row: row, keys: probeKeys, hash: hashes[row])
            }
            if match < 0 {
                unmatched.append(row)
                if type == .leftOuter {
                    probeRows.append(row)
                    buildRows.append(-1)
                }
                continue
            }
            while match >= 0 {
                probeRows.append(row)
                buildRows.append(match)
                match = build.nextRow[match]
            }
        }
        // Each probe row once and in order (the usual left join on a unique build key):
        // the probe columns pass through uncopied.
        let left = probeRows.count == batch.rowCount && probeRows.elementsEqual(0 ..< batch.rowCount)
            ? batch : try batch.gather(probeRows)
        let right = try buildOutput.gather(buildRows)
        let joined = RecordBatch(schema: outputSchema, columns: left.columns + right.columns)
        return JoinOutput(joined: joined, unmatched: try batch.gather(unmatched))
    }
}
