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
    private let probeEncoder: RowEncoder
    private let buildOutput: RecordBatch
    /// Codes of the build rows, set on the text columns gathered from them (`ValueCodes`).
    private let codeSpace = CodeSpace()

    public init(build: JoinBuildSide, probeSchema: Schema, probeKeys: [String], type: JoinType,
                buildColumns: [String]? = nil) throws {
        let probeEncoder = try RowEncoder(schema: probeSchema, columns: probeKeys)
        try probeEncoder.checkCompatible(with: build.encoder, context: "join keys")
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
        self.probeEncoder = probeEncoder
        self.buildOutput = buildOutput
        outputSchema = Schema(fields)
    }

    public func probe(_ batch: RecordBatch) throws -> JoinOutput {
        guard batch.schema == probeSchema else {
            throw OperatorError.schemaMismatch(context: "join probe", expected: probeSchema, found: batch.schema)
        }
        let matches = try firstMatches(batch)
        // All in one piece: the pairing loop is `JoinPieces`'s.
        var whole = JoinPieces(prober: self, batch: batch, firstMatches: matches, maxRows: .max)
        let joined = try whole.next() ?? joined(batch, probeRows: [], buildRows: [])
        return JoinOutput(joined: joined, unmatched: try batch.gather(ContiguousArray(matches.indices.lazy.filter { matches[$0] < 0 })))
    }

    /// `batch`'s joined rows in pieces of about `maxRows` rows (`JoinPieces`), for operators
    /// that must not make one batch's whole output at once.
    public func pieces(_ batch: RecordBatch, maxRows: Int) throws -> JoinPieces {
        guard batch.schema == probeSchema else {
            throw OperatorError.schemaMismatch(context: "join probe", expected: probeSchema, found: batch.schema)
        }
        return JoinPieces(prober: self, batch: batch, firstMatches: try firstMatches(batch), maxRows: maxRows)
    }

    /// The output rows pairing probe row `probeRows[i]` with build row `buildRows[i]` (-1: NULLs).
    func joined(_ batch: RecordBatch, probeRows: ContiguousArray<Int>, buildRows: ContiguousArray<Int>) throws -> RecordBatch {
        // Each probe row once and in order (the usual left join on a unique build key):
        // the probe columns pass through uncopied.
        let left = withKeyCodes(probeRows.count == batch.rowCount && probeRows.elementsEqual(0 ..< batch.rowCount)
            ? batch : try batch.gather(probeRows), buildRows: buildRows)
        let right = withValueCodes(try buildOutput.gather(buildRows), rows: buildRows)
        return RecordBatch(schema: outputSchema, columns: left.columns + right.columns)
    }

    /// Per probe row, its first matching build row or -1: by raw key values when the
    /// join has one key column of the build key's type, else through the row encoder.
    private func firstMatches(_ batch: RecordBatch) throws -> ContiguousArray<Int> {
        if let single = build.singleKey, probeEncoder.columns.count == 1, single.accepts(batch, key: probeEncoder.columns[0]) {
            return single.firstMatches(batch, key: probeEncoder.columns[0])
        }
        let encoded = try probeEncoder.encode(batch)
        let nullKeys = batch.nullKeyMask(keys: probeEncoder.columns)
        var matches = ContiguousArray<Int>(repeating: -1, count: batch.rowCount)
        for row in 0 ..< batch.rowCount where nullKeys?[row] != true {
            let hash = encoded.hash(row)
            if let entry = encoded.withRow(row, { build.table.find($0, hash: hash) }) { matches[row] = build.firstRow[entry] }
        }
        return matches
    }

    /// A single text key: each output row's key holds the same bytes as its build row's key,
    /// so the build row is a code for the key column too (-1 where the key is NULL) — and a
    /// dictionary writer of the fact's key column then finds each dimension value once. Not
    /// set when a row has a key that matched nothing (a left join's unmatched rows).
    private func withKeyCodes(_ batch: RecordBatch, buildRows: ContiguousArray<Int>) -> RecordBatch {
        guard probeEncoder.columns.count == 1, buildOutput.rowCount < Int(Int32.max), buildRows.count == batch.rowCount,
              case var .text(key) = batch.columns[probeEncoder.columns[0]] else { return batch }
        var codes = ContiguousArray<Int32>()
        codes.reserveCapacity(buildRows.count)
        for (row, buildRow) in buildRows.enumerated() {
            if buildRow >= 0 {
                codes.append(Int32(truncatingIfNeeded: buildRow))
            } else if key.isNull(row) {
                codes.append(-1)
            } else {
                return batch
            }
        }
        key.valueCodes = ValueCodes(space: codeSpace, codes: codes)
        var marked = batch
        marked.columns[probeEncoder.columns[0]] = .text(key)
        return marked
    }

    /// Marks each gathered text column with the build row it came from, so a dictionary
    /// writer hashes each dimension value once, not once per output row.
    private func withValueCodes(_ batch: RecordBatch, rows: ContiguousArray<Int>) -> RecordBatch {
        guard buildOutput.rowCount < Int(Int32.max),
              batch.columns.contains(where: { if case .text = $0 { true } else { false } }) else { return batch }
        let codes = ValueCodes(space: codeSpace, codes: ContiguousArray(rows.lazy.map { Int32(truncatingIfNeeded: $0) }))
        var marked = batch
        for index in marked.columns.indices {
            guard case var .text(column) = marked.columns[index] else { continue }
            column.valueCodes = codes
            marked.columns[index] = .text(column)
        }
        return marked
    }
}
