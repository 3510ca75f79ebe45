import Columns

/// One window function over rows laid out by `WindowLayout`.
enum WindowKernel {
    static func evaluate(_ call: WindowCall, arguments: [Column], layout: WindowLayout) throws -> Column {
        let rows = layout.partitionStart.count
        switch call.function {
        case .rowNumber, .rank, .denseRank:
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                let n: Int = switch call.function {
                case .rowNumber: row - layout.partitionStart[row] + 1
                case .rank: layout.peerStart[row] - layout.partitionStart[row] + 1
                default: layout.peerNumber[row]
                }
                values[row] = Int32(truncatingIfNeeded: n)
            }
            return .int32(FixedColumn(values: values))
        case .lag, .lead:
            var pick = ContiguousArray<Int>(repeating: -1, count: rows)
            var useDefault = ContiguousArray<Bool>(repeating: false, count: rows)
            for row in 0 ..< rows {
                let source = call.function == .lag ? row - call.offset : row + call.offset
                if source >= layout.partitionStart[row], source < layout.partitionEnd[row] {
                    pick[row] = source
                } else {
                    useDefault[row] = true
                }
            }
            var shifted = try Gather.rows(arguments[0], pick, type: call.output.type)
            if case let .literal(value, type)? = call.defaultValue, value != .null {
                let fallback = value.column(rows: rows, type: type)
                let choice = ContiguousArray(useDefault.lazy.map { $0 ? 1 : 0 })
                shifted = try ChoiceKernel.choose([shifted, fallback], pick: choice, type: type)
            }
            return shifted
        case .countAll, .count, .sum, .avg, .min, .max:
            return try FrameAggregate.evaluate(call, argument: arguments.first, layout: layout)
        }
    }
}

/// Rows of a column picked by index (-1: NULL).
enum Gather {
    static func rows(_ column: Column, _ pick: ContiguousArray<Int>, type: ColumnType) throws -> Column {
        let n = pick.count
        switch column {
        case let .text(t):
            var out = ColumnFactory.TextBuilder(rows: n)
            for k in pick { if k < 0 || t.isNull(k) { out.appendNull() } else { out.append(t.bytes[t.range(k)]) } }
            return out.result
        case let .int64(c): return .int64(fixed(c, pick))
        case let .decimal(c): return .decimal(fixed(c, pick))
        case let .int32(c): return .int32(fixed(c, pick))
        case let .date(c): return .date(fixed(c, pick))
        case let .double(c): return .double(fixed(c, pick))
        case let .bool(c): return .bool(fixed(c, pick))
        }
    }

    private static func fixed<T>(_ c: FixedColumn<T>, _ pick: ContiguousArray<Int>) -> FixedColumn<T> {
        var values = ContiguousArray<T>(repeating: 0, count: pick.count)
        var nulls = ContiguousArray<Bool>(repeating: false, count: pick.count)
        for (i, k) in pick.enumerated() {
            if k < 0 || c.isNull(k) { nulls[i] = true } else { values[i] = c.values[k] }
        }
        return FixedColumn(values: values, nulls: ColumnFactory.mask(nulls))
    }
}

/// count, sum, avg, min and max over each row's frame. Frames only move forward, so sums
/// and counts slide (rows enter at the end, leave at the start); min and max are kept
/// while the frame starts at its partition's start, else recomputed over the frame.
enum FrameAggregate {
    static func evaluate(_ call: WindowCall, argument: Column?, layout: WindowLayout) throws -> Column {
        let rows = layout.partitionStart.count
        let nulls = argument.map(ColumnFactory.nullFlags) ?? ContiguousArray(repeating: false, count: rows)
        // Values as 128-bit integers (integers, decimals, dates) or doubles.
        var integers: ContiguousArray<Int64>?
        var doubles: ContiguousArray<Double>?
        if let argument {
            switch argument {
            case let .int64(c), let .decimal(c): integers = c.values
            case let .int32(c), let .date(c): integers = ContiguousArray(c.values.lazy.map { Int64($0) })
            case let .double(c): doubles = ContiguousArray(c.values.lazy.map { Double(bitPattern: $0) })
            case let .bool(c): integers = ContiguousArray(c.values.lazy.map { Int64($0) })
            case .text: break
            }
        }
        var frameStart = [Int](repeating: 0, count: rows), frameEnd = [Int](repeating: 0, count: rows)
        for row in 0 ..< rows {
            let s = layout.partitionStart[row], e = layout.partitionEnd[row]
            let frame = call.frame
            var lo: Int, hi: Int
            switch frame.start {
            case .unboundedPreceding: lo = s
            case .unboundedFollowing: lo = e
            case let .offset(k): lo = frame.rows ? row + k : layout.peerStart[row]
            }
            switch frame.end {
            case .unboundedPreceding: hi = s
            case .unboundedFollowing: hi = e
            case let .offset(k): hi = frame.rows ? row + k + 1 : layout.peerEnd[row]
            }
            frameStart[row] = min(max(lo, s), e)
            frameEnd[row] = max(min(hi, e), frameStart[row])
        }

        // Sliding count (non-NULL values, or rows for count(*)) and integer sum.
        var counts = [Int64](repeating: 0, count: rows)
        var sums = [Int128](repeating: 0, count: rows)
        var doubleSums = [Double](repeating: 0, count: rows)
        var lo = 0, hi = 0, count: Int64 = 0, sum: Int128 = 0, doubleSum = 0.0
        var partition = -1
        for row in 0 ..< rows {
            if layout.partitionStart[row] != partition {
                partition = layout.partitionStart[row]
                lo = partition; hi = partition; count = 0; sum = 0; doubleSum = 0
            }
            while hi < frameEnd[row] {
                if call.function == .countAll || !nulls[hi] {
                    count += 1
                    if let integers { sum += Int128(integers[hi]) }
                    if let doubles { doubleSum += doubles[hi] }
                }
                hi += 1
            }
            while lo < frameStart[row] {
                if lo < hi, call.function == .countAll || !nulls[lo] {
                    count -= 1
                    if let integers { sum -= Int128(integers[lo]) }
                    if let doubles { doubleSum -= doubles[lo] }
                }
                lo += 1
            }
            if hi < lo { hi = lo }
            counts[row] = count
            sums[row] = sum
            doubleSums[row] = doubleSum
        }

        var outNulls = ContiguousArray<Bool>(repeating: false, count: rows)
        switch call.function {
        case .countAll, .count:
            return .int64(FixedColumn(values: ContiguousArray(counts)))
        case .sum:
            var values = ContiguousArray<Int64>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if counts[row] == 0 { outNulls[row] = true; continue }
                guard let v = ColumnAccess.fits(sums[row], precision: 18) else {
                    throw SQLError("arithmetic overflow in sum over a window (result type \(call.output.type))")
                }
                values[row] = v
            }
            let mask = ColumnFactory.mask(outNulls)
            return call.output.type == .int64 ? .int64(FixedColumn(values: values, nulls: mask)) : .decimal(FixedColumn(values: values, nulls: mask))
        case .avg:
            if case let .decimal(_, scale) = call.output.type {
                var inputScale = 0
                if case let .decimal(_, s)? = call.arguments.first?.type { inputScale = s }
                var values = ContiguousArray<Int64>(repeating: 0, count: rows)
                for row in 0 ..< rows {
                    guard counts[row] > 0, let scaled = ColumnAccess.rescale(sums[row], by: scale - inputScale),
                          let v = Int64(exactly: ColumnAccess.roundedDivide(scaled, Int128(counts[row]))) else {
                        outNulls[row] = true
                        continue
                    }
                    values[row] = v
                }
                return .decimal(FixedColumn(values: values, nulls: ColumnFactory.mask(outNulls)))
            }
            var values = ContiguousArray<UInt64>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if counts[row] == 0 { outNulls[row] = true; continue }
                values[row] = (Double(sums[row]) / Double(counts[row])).bitPattern
            }
            return .double(FixedColumn(values: values, nulls: ColumnFactory.mask(outNulls)))
        default:
            guard let argument else { throw SQLError("internal error: \(call.function.rawValue) without an argument") }
            return try extreme(argument, nulls: nulls, frameStart: frameStart, frameEnd: frameEnd, layout: layout,
                               isMin: call.function == .min, type: call.output.type)
        }
    }

    /// min / max: the index of the best row of each frame, then a gather.
    private static func extreme(_ column: Column, nulls: ContiguousArray<Bool>, frameStart: [Int], frameEnd: [Int],
                                layout: WindowLayout, isMin: Bool, type: ColumnType) throws -> Column {
        let rows = frameStart.count
        // true when row a should replace the current best b.
        func better(_ a: Int, _ b: Int) -> Bool {
            let order: Int
            switch column {
            case let .int64(v), let .decimal(v): order = v.values[a] < v.values[b] ? -1 : (v.values[a] == v.values[b] ? 0 : 1)
            case let .int32(v), let .date(v): order = v.values[a] < v.values[b] ? -1 : (v.values[a] == v.values[b] ? 0 : 1)
            case let .double(v):
                let x = Double(bitPattern: v.values[a]), y = Double(bitPattern: v.values[b])
                order = x < y ? -1 : (x == y ? 0 : 1)
            case let .bool(v): order = v.values[a] < v.values[b] ? -1 : (v.values[a] == v.values[b] ? 0 : 1)
            case let .text(v):
                order = v.bytes[v.range(a)].lexicographicallyPrecedes(v.bytes[v.range(b)]) ? -1
                    : (v.bytes[v.range(a)].elementsEqual(v.bytes[v.range(b)]) ? 0 : 1)
            }
            return isMin ? order < 0 : order > 0
        }
        var pick = ContiguousArray<Int>(repeating: -1, count: rows)
        var runningBest = -1, runningEnd = -1, partition = -1
        for row in 0 ..< rows {
            let lo = frameStart[row], hi = frameEnd[row]
            if layout.partitionStart[row] != partition {
                partition = layout.partitionStart[row]
                runningBest = -1
                runningEnd = partition
            }
            if lo == layout.partitionStart[row], hi >= runningEnd {
                // Frames from the partition's start: extend the running best.
                while runningEnd < hi {
                    if !nulls[runningEnd], runningBest < 0 || better(runningEnd, runningBest) { runningBest = runningEnd }
                    runningEnd += 1
                }
                pick[row] = runningBest
                continue
            }
            var best = -1
            for k in lo ..< hi where !nulls[k] && (best < 0 || better(k, best)) { best = k }
            pick[row] = best
        }
        return try Gather.rows(column, pick, type: type)
    }
}
