import Columns
import Workers

/// An expression whose only column input is one text column, evaluated once per distinct
/// value of a batch and gathered back to the rows — what engines do with dictionary
/// arrays. Fact tables repeat few values many times (5.5M order rows name 2,000
/// customers), so `split_part(customer, '-', -1)` over a batch costs a hash of each row's
/// bytes and the function over a few thousand values instead of over every row.
///
/// Every scalar expression of the dialect is deterministic and reads only its row, so the
/// result per row is the same; errors too (the distinct values are the values). When a
/// batch holds too many distinct values to pay, `evaluate` returns nil and the caller
/// evaluates row by row.
struct DistinctValueEvaluation: Sendable {
    /// The expression over a one-column batch (the distinct values).
    let compiled: CompiledExpression
    /// Where the column is in the full batch.
    let position: Int
    private let valuesSchema: Schema
    private let resultSchema: Schema

    init(_ expression: BoundExpression, column: (id: Int, name: String), position: Int) throws {
        valuesSchema = Schema([Field(PhysicalName.make(column.name, id: column.id), .text)])
        resultSchema = Schema([Field("result", expression.type)])
        compiled = try CompiledExpression(expression, schema: valuesSchema, perDistinctValue: false)
        self.position = position
    }

    /// Batches smaller than this are evaluated row by row: hashing would not pay.
    static let minimumRows = 256
    /// After this many rows, more than half of them distinct: the column is not repetitive.
    static let sampleRows = 4096

    func evaluate(_ batch: RecordBatch) throws -> Column? {
        guard position < batch.columns.count, case let .text(column) = batch.columns[position],
              column.count >= Self.minimumRows, let (codes, firsts) = Self.codes(column) else { return nil }
        let values = try RecordBatch(schema: valuesSchema, columns: [.text(column)]).gather(firsts)
        let results = try compiled.evaluate(values)
        return try RecordBatch(schema: resultSchema, columns: [results]).gather(codes).columns[0]
    }

    /// Per row, the number of its distinct value; per distinct value, its first row. nil
    /// when distinct values are more than a quarter of the rows (or half of the first
    /// `sampleRows`).
    static func codes(_ column: ByteColumn) -> (codes: ContiguousArray<Int>, firsts: ContiguousArray<Int>)? {
        let rows = column.count
        let limit = rows / 4
        var table = HashedEntries(capacity: 1024)
        var codes = ContiguousArray<Int>(repeating: 0, count: rows)
        var firsts = ContiguousArray<Int>()
        var entryCode = ContiguousArray<Int>()
        var nullCode = -1
        let nullFlags = column.nulls
        let complete: Bool = column.bytes.withUnsafeBytes { bytes in
            column.offsets.withUnsafeBufferPointer { offsets in
                guard let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1) else { return false }
                for row in 0 ..< rows {
                    if row == sampleRows, firsts.count > sampleRows / 2 { return false }
                    let start = Int(offsets[row]), end = Int(offsets[row + 1])
                    if nullFlags?[row] ?? (start == end) {
                        if nullCode < 0 {
                            nullCode = firsts.count
                            firsts.append(row)
                        }
                        codes[row] = nullCode
                        continue
                    }
                    let value = UnsafeRawBufferPointer(start: base + start, count: end - start)
                    let (entry, inserted) = table.findOrInsert(hash: ByteHash.hash(base + start, count: end - start)) { entry in
                        let first = firsts[entryCode[entry]]
                        let s = Int(offsets[first])
                        return ByteEquality.equal(value, UnsafeRawBufferPointer(start: base + s, count: Int(offsets[first + 1]) - s))
                    }
                    if inserted {
                        entryCode.append(firsts.count)
                        firsts.append(row)
                        if firsts.count > limit { return false }
                    }
                    codes[row] = entryCode[entry]
                }
                return true
            }
        }
        return complete ? (codes, firsts) : nil
    }

    /// The largest parts of `expression` worth evaluating per distinct value: they read one
    /// text column and do work per row beyond a comparison (functions, LIKE, CASE, casts).
    static func candidates(in expression: BoundExpression) -> [(expression: BoundExpression, column: (id: Int, name: String))] {
        if let column = expression.onlyTextColumn, expression.worthPerDistinctValue {
            return [(expression, column)]
        }
        return expression.children.flatMap { candidates(in: $0) }
    }
}

extension BoundExpression {
    /// The expressions this one is computed from.
    var children: [BoundExpression] {
        switch self {
        case .column, .literal: []
        case let .cast(e, _, _), let .negate(e, _), let .not(e), let .isNull(e, _), let .inList(e, _, _), let .like(e, _, _): [e]
        case let .arithmetic(_, l, r, _, _), let .compare(_, l, r), let .and(l, r), let .or(l, r), let .average(l, r, _): [l, r]
        case let .caseWhen(branches, otherwise, _): branches.flatMap { [$0.condition, $0.result] } + (otherwise.map { [$0] } ?? [])
        case let .coalesce(es, _), let .function(_, es, _, _): es
        }
    }

    /// The one column this expression reads, when it reads exactly one and it is text.
    fileprivate var onlyTextColumn: (id: Int, name: String)? {
        var found: (id: Int, name: String)?
        var other = false
        func visit(_ e: BoundExpression) {
            if case let .column(id, name, type) = e {
                if type != .text || (found != nil && found?.id != id) { other = true } else { found = (id, name) }
            }
            for child in e.children where !other { visit(child) }
        }
        visit(self)
        return other ? nil : found
    }

    /// Whether evaluating this per row costs more than hashing the row's bytes: it holds a
    /// function, LIKE, IN, CASE, COALESCE or a cast (a plain comparison is as cheap as a hash).
    fileprivate var worthPerDistinctValue: Bool {
        switch self {
        case .function, .like, .inList, .caseWhen, .coalesce, .cast: true
        case .column, .literal: false
        default: children.contains { $0.worthPerDistinctValue }
        }
    }
}
