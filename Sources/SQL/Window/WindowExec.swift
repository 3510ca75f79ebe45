import Columns
import Workers

/// Computes window functions over one partition of input sorted by the window's
/// partition keys, then its order keys: the input is held in memory (charged to the task
/// budget), each call becomes one more column.
final class WindowExec: ExecutionPlan {
    let name = "WindowExec"
    let input: any ExecutionPlan
    let schema: Schema
    let metrics = OperatorMetrics()
    private let partitionKeys: [Int]
    private let orderKeys: [Int]
    private let calls: [(call: WindowCall, arguments: [Int])]

    init(_ input: any ExecutionPlan, partitionKeys: [Int], orderKeys: [Int], calls: [(call: WindowCall, arguments: [Int])]) {
        self.input = input
        self.partitionKeys = partitionKeys
        self.orderKeys = orderKeys
        self.calls = calls
        schema = Schema(input.schema.fields + calls.map(\.call.output.field))
    }

    var partitionCount: Int { 1 }
    var children: [any ExecutionPlan] { [input] }
    var detail: String {
        calls.map { "\($0.call.function.rawValue) as \($0.call.output.physicalName)" }.joined(separator: ", ")
    }

    func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: 0, context: context)
        let schema = schema, inputSchema = input.schema, partitionKeys = partitionKeys, orderKeys = orderKeys, calls = calls
        var done = false
        return BatchStream(schema: schema, metrics: metrics) {
            guard !done else { return nil }
            done = true
            let batches = try await source.collect()
            let all = try RecordBatch.concat(batches, schema: inputSchema)
            let reserved = all.estimatedBytes
            context.budget.forceReserve(reserved)
            defer { context.budget.release(reserved) }
            guard all.rowCount > 0 else { return nil }
            let layout = WindowLayout(all, partitionKeys: partitionKeys, orderKeys: orderKeys)
            var columns = all.columns
            for (call, arguments) in calls {
                columns.append(try WindowKernel.evaluate(call, arguments: arguments.map { all.columns[$0] }, layout: layout))
            }
            return RecordBatch(schema: schema, columns: columns)
        }
    }
}

/// Where each row's partition and peer group (rows equal on the order keys) start and end.
struct WindowLayout {
    var partitionStart: [Int]
    var partitionEnd: [Int]
    var peerStart: [Int]
    var peerEnd: [Int]
    /// 1-based number of the row's peer group within its partition (dense_rank).
    var peerNumber: [Int]

    init(_ batch: RecordBatch, partitionKeys: [Int], orderKeys: [Int]) {
        let rows = batch.rowCount
        partitionStart = Array(repeating: 0, count: rows)
        partitionEnd = Array(repeating: rows, count: rows)
        peerStart = Array(repeating: 0, count: rows)
        peerEnd = Array(repeating: rows, count: rows)
        peerNumber = Array(repeating: 1, count: rows)
        var pStart = 0, gStart = 0, number = 1
        for row in 0 ..< rows {
            if row > 0 {
                let newPartition = partitionKeys.contains { !RowEquality.equal(batch.columns[$0], row - 1, row) }
                let newPeers = newPartition || orderKeys.contains { !RowEquality.equal(batch.columns[$0], row - 1, row) }
                if newPartition {
                    for r in pStart ..< row { partitionEnd[r] = row }
                    pStart = row
                    number = 0
                }
                if newPeers {
                    for r in gStart ..< row { peerEnd[r] = row }
                    gStart = row
                    number += 1
                }
            }
            partitionStart[row] = pStart
            peerStart[row] = gStart
            peerNumber[row] = number
        }
        for r in pStart ..< rows { partitionEnd[r] = rows }
        for r in gStart ..< rows { peerEnd[r] = rows }
    }
}

/// Equality of two rows of one column, NULL equal to NULL (as partitions and peers group).
enum RowEquality {
    static func equal(_ c: Column, _ a: Int, _ b: Int) -> Bool { equal(c, a, c, b) }

    /// Row `a` of `x` and row `b` of `y` (columns of one type).
    static func equal(_ x: Column, _ a: Int, _ y: Column, _ b: Int) -> Bool {
        let an = x.isNull(a), bn = y.isNull(b)
        if an || bn { return an == bn }
        switch (x, y) {
        case let (.int64(v), .int64(w)), let (.decimal(v), .decimal(w)): return v.values[a] == w.values[b]
        case let (.int32(v), .int32(w)), let (.date(v), .date(w)): return v.values[a] == w.values[b]
        case let (.double(v), .double(w)): return v.values[a] == w.values[b]
        case let (.bool(v), .bool(w)): return v.values[a] == w.values[b]
        case let (.text(v), .text(w)): return v.bytes[v.range(a)].elementsEqual(w.bytes[w.range(b)])
        default: return false
        }
    }
}
