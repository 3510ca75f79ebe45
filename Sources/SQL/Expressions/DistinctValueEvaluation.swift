import Columns
import Workers

/// An expression whose only column input is one text column, evaluated once per distinct
/// value of a batch and gathered back to the rows — what engines do with dictionary
/// arrays. Fact tables repeat few values many times (3.0M gold rows name 2,000
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
        // Open addressing over at most `limit` values, at most half full; all buffers are
        // sized up front and used through pointers (no growth, no exclusivity checks per row).
        var size = 16
        while size < 2 * (limit + 1) { size <<= 1 }
        let mask = size - 1
        var slots = ContiguousArray<Int32>(repeating: -1, count: size)
        var hashes = ContiguousArray<UInt64>(repeating: 0, count: limit + 2)
        var firsts = ContiguousArray<Int>(repeating: 0, count: limit + 2)
        var codes = ContiguousArray<Int>(repeating: 0, count: rows)
        var distinct = 0
        let complete: Bool = column.bytes.withUnsafeBytes { bytes in
            column.offsets.withUnsafeBufferPointer { offsets in
                slots.withUnsafeMutableBufferPointer { slots in
                    hashes.withUnsafeMutableBufferPointer { hashes in
                        firsts.withUnsafeMutableBufferPointer { firsts in
                            codes.withUnsafeMutableBufferPointer { codes in
                                guard let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1) else { return false }
                                var nullCode = -1
                                let nulls = column.nulls
                                for row in 0 ..< rows {
                                    if row == sampleRows, distinct > sampleRows / 2 { return false }
                                    let start = Int(offsets[row]), end = Int(offsets[row + 1])
                                    if nulls?[row] ?? (start == end) {
                                        if nullCode < 0 {
                                            guard distinct <= limit else { return false }
                                            nullCode = distinct
                                            firsts[distinct] = row
                                            distinct += 1
                                        }
                                        codes[row] = nullCode
                                        continue
                                    }
                                    let value = UnsafeRawBufferPointer(start: base + start, count: end - start)
                                    let hash = ByteHash.hash(base + start, count: end - start)
                                    var slot = Int(truncatingIfNeeded: hash) & mask
                                    while true {
                                        let code = Int(slots[slot])
                                        if code < 0 {
                                            guard distinct <= limit else { return false }
                                            slots[slot] = Int32(truncatingIfNeeded: distinct)
                                            hashes[distinct] = hash
                                            firsts[distinct] = row
                                            codes[row] = distinct
                                            distinct += 1
                                            break
                                        }
                                        if hashes[code] == hash {
                                            let first = firsts[code], s = Int(offsets[first])
                                            if ByteEquality.equal(value, UnsafeRawBufferPointer(start: base + s, count: Int(offsets[first + 1]) - s)) {
                                                codes[row] = code
                                                break
                                            }
                                        }
                                        slot = (slot + 1) & mask
                                    }
                                }
                                return true
                            }
                        }
                    }
                }
            }
        }
        guard complete else { return nil }
        firsts.removeLast(firsts.count - distinct)
        return (codes, firsts)
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
