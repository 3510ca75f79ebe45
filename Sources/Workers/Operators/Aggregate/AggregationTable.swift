import Columns

/// In-memory hash aggregation: group keys → dense group numbers, one
/// `AccumulatorState` per aggregate, group key values kept as a batch.
final class AggregationTable {
    private let keyColumns: [Int]
    private let keySchema: Schema
    private let outputSchema: Schema
    /// Hashes only: a probed key is compared in place against its group's key row, so
    /// the key parts below are the only copy of the keys (no encoded-key arena).
    private var table = HashedEntries()
    /// Key values of the groups in group order: per input batch, its rows that made new groups.
    private var keyParts: [RecordBatch] = []
    /// Per group, its key row: part number and row within that part.
    private var groupPart = ContiguousArray<Int32>()
    private var groupRow = ContiguousArray<Int32>()
    private var keyBytes = 0
    private var states: [AccumulatorState]
    /// One integer key column: groups by direct indexing while its values span little
    /// (`table` stays empty meanwhile, and is built from the groups when they stop fitting).
    private var direct: DirectKeyMap?
    private var directGroups = 0
    private var prefetch: ProbePrefetching

    init(inputSchema: Schema, keyColumns: [Int], accumulators: [Accumulator], outputSchema: Schema,
         prefetch: ProbePrefetching.Policy = .adaptive) throws {
        self.keyColumns = keyColumns
        self.prefetch = ProbePrefetching(prefetch)
        keySchema = Schema(keyColumns.map { inputSchema.fields[$0] })
        self.outputSchema = outputSchema
        states = accumulators.map(AccumulatorState.init)
        if keyColumns.count == 1 {
            switch keySchema.fields[0].type {
            case .int32, .date, .int64, .decimal: direct = DirectKeyMap()
            default: break
            }
        }
    }

    var groupCount: Int { direct == nil ? table.count : directGroups }

    /// Rough bytes held, for the budget.
    var estimatedBytes: Int {
        table.estimatedBytes + (direct?.estimatedBytes ?? 0) + keyBytes + groupCount * (8 + states.count * 9)
    }

    func add(_ batch: RecordBatch) throws {
        guard batch.rowCount <= Int(Int32.max) else { throw OperatorError.invalidArgument("aggregate: batch of \(batch.rowCount) rows") }
        if direct != nil {
            if try addDirect(batch) { return }
            try switchToHashing()
        }
        let groups = try codedGroups(batch) ?? hashedGroups(batch, keys: keyColumns)
        for index in states.indices {
            states[index].addGroups(upTo: table.count)
            try states[index].update(batch, groups: groups)
        }
    }

    /// The group of each row of `batch` keyed by its columns `keys`, new groups inserted.
    private func hashedGroups(_ batch: RecordBatch, keys keyColumns: [Int]) throws -> ContiguousArray<Int> {
        let keyBatch = batch.project(indices: keyColumns)
        // Hashed and compared on the full batch: a key projection of no columns has no rows.
        let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
        var groups = ContiguousArray<Int>()
        groups.reserveCapacity(batch.rowCount)
        var newGroupRows = ContiguousArray<Int>()
        let firstNew = table.count
        let part = Int32(keyParts.count)
        // Locals, not stored properties, in the per-row loop: no dynamic exclusivity
        // check per access (see DedupTable.add).
        var table = HashedEntries(capacity: 0), groupPart = ContiguousArray<Int32>(), groupRow = ContiguousArray<Int32>()
        swap(&table, &self.table)
        swap(&groupPart, &self.groupPart)
        swap(&groupRow, &self.groupRow)
        defer {
            swap(&table, &self.table)
            swap(&groupPart, &self.groupPart)
            swap(&groupRow, &self.groupRow)
        }
        let parts = keyParts
        // Key views per part, then this batch's as part `part`: a group made by this batch
        // still points at its row of this batch.
        let width = keyColumns.count
        let views = parts.flatMap { $0.columns.map(KeyView.init) } + keyColumns.map { KeyView(batch.columns[$0]) }
        let probe = Int(part) * width
        withExtendedLifetime((parts, batch)) {
            views.withUnsafeBufferPointer { views in
                let probing = Probing(hashes: hashes, views: views, width: width, probe: probe, part: part)
                prefetch.probe(rows: batch.rowCount, missesCache: table.missesCache) { rows, prefetching in
                    probing.run(rows, prefetching: prefetching, &table, &groupPart, &groupRow, &groups, &newGroupRows)
                }
            }
        }
        // Gathered column by column: a per-row append costs a dispatch per value.
        if !newGroupRows.isEmpty {
            let newKeys = newGroupRows.count == batch.rowCount ? keyBatch : try keyBatch.gather(newGroupRows)
            for (position, group) in (firstNew ..< table.count).enumerated() { groupRow[group] = Int32(position) }
            keyParts.append(newKeys)
            keyBytes += newKeys.estimatedBytes
        }
        return groups
    }

    /// One batch's probes: per row, find or make its group.
    private struct Probing {
        let hashes: ContiguousArray<UInt64>
        let views: UnsafeBufferPointer<KeyView>
        let width: Int
        /// The batch's first key view, and its part number.
        let probe: Int
        let part: Int32

        @inline(__always)
        func run(_ rows: Range<Int>, prefetching: Bool, _ table: inout HashedEntries, _ groupPart: inout ContiguousArray<Int32>,
                 _ groupRow: inout ContiguousArray<Int32>, _ groups: inout ContiguousArray<Int>, _ newGroupRows: inout ContiguousArray<Int>) {
            var blockStart = rows.lowerBound
            while blockStart < rows.upperBound {
                let blockEnd = min(rows.upperBound, blockStart + ProbePrefetching.block)
                if prefetching {
                    ProbePrefetching.prefetch(blockStart ..< blockEnd, hashes, table, groupPart, groupRow, views, width)
                }
                for row in blockStart ..< blockEnd {
                    let (group, inserted) = table.findOrInsert(hash: hashes[row]) { group in
                        let stored = Int(groupPart[group]) * width, storedRow = Int(groupRow[group])
                        for k in 0 ..< width where !views[probe + k].equal(row, views[stored + k], storedRow) { return false }
                        return true
                    }
                    if inserted {
                        newGroupRows.append(row)
                        groupPart.append(part)
                        groupRow.append(Int32(row))
                    }
                    groups.append(group)
                }
                blockStart = blockEnd
            }
        }
    }

    /// One text key whose column carries value codes (a Parquet dictionary's indices, a join's
    /// build rows): only the first row of each code is hashed and probed; every other row takes
    /// that row's group after comparing its bytes with it (codes are a hint: a row that does not
    /// match its code's first row sends the whole batch down the hashing path). nil when the
    /// batch has no usable codes.
    private func codedGroups(_ batch: RecordBatch) throws -> ContiguousArray<Int>? {
        guard keyColumns.count == 1, batch.rowCount >= 1024, case let .text(column) = batch.columns[keyColumns[0]],
              let codes = column.valueCodes?.codes, codes.count == batch.rowCount else { return nil }
        var maxCode: Int32 = -1
        for code in codes where code > maxCode { maxCode = code }
        // Mostly distinct values: a probe per row is no dearer than the comparisons.
        guard Int(maxCode) < batch.rowCount / 4 else { return nil }
        // Per code (slot 0: negative codes, the NULL rows), the representative standing for it.
        var representativeOf = ContiguousArray<Int32>(repeating: -1, count: Int(maxCode) + 2)
        var representatives = ContiguousArray<Int>()
        var rowRepresentative = ContiguousArray<Int32>()
        rowRepresentative.reserveCapacity(batch.rowCount)
        let consistent = column.offsets.withUnsafeBufferPointer { offsets in
            column.bytes.withUnsafeBytes { bytes -> Bool in
                func value(_ row: Int) -> UnsafeRawBufferPointer {
                    let start = Int(offsets[row])
                    return UnsafeRawBufferPointer(rebasing: bytes[start ..< Int(offsets[row + 1])])
                }
                for row in 0 ..< codes.count {
                    let slot = codes[row] < 0 ? 0 : Int(codes[row]) + 1
                    let representative = representativeOf[slot]
                    if representative < 0 {
                        if slot == 0, !column.isNull(row) { return false }
                        representativeOf[slot] = Int32(representatives.count)
                        rowRepresentative.append(Int32(representatives.count))
                        representatives.append(row)
                        continue
                    }
                    let first = representatives[Int(representative)]
                    if slot != 0 {
                        guard column.isNull(row) == column.isNull(first), ByteEquality.equal(value(row), value(first)) else { return false }
                    } else if !column.isNull(row) {
                        return false
                    }
                    rowRepresentative.append(representative)
                }
                return true
            }
        }
        guard consistent else { return nil }
        let keys = try batch.project(indices: keyColumns).gather(representatives)
        let representativeGroups = try hashedGroups(keys, keys: [0])
        return ContiguousArray(rowRepresentative.lazy.map { representativeGroups[Int($0)] })
    }

    /// `add` by direct indexing; false (nothing done) when the batch's values would make
    /// the key's range too wide.
    private func addDirect(_ batch: RecordBatch) throws -> Bool {
        switch batch.columns[keyColumns[0]] {
        case let .int64(column), let .decimal(column): return try addDirect(batch, column)
        case let .int32(column), let .date(column): return try addDirect(batch, column)
        default: return false
        }
    }

    private func addDirect<T: FixedWidthInteger & SignedInteger>(_ batch: RecordBatch, _ column: FixedColumn<T>) throws -> Bool {
        // Taken out of the property while written, so its slots are not copied on write.
        guard var map = direct else { return false }
        direct = nil
        if let (low, high) = DirectKeyMap.range(of: column), !map.cover(low, high) {
            direct = map
            return false
        }
        var groups = ContiguousArray<Int>()
        groups.reserveCapacity(batch.rowCount)
        var newGroupRows = ContiguousArray<Int>()
        var next = Int32(directGroups)
        let base = map.base
        var nullGroup = map.nullGroup
        map.slots.withUnsafeMutableBufferPointer { slots in
            column.values.withUnsafeBufferPointer { values in
                for row in 0 ..< values.count {
                    if let nulls = column.nulls, nulls[row] {
                        if nullGroup < 0 {
                            nullGroup = next
                            next += 1
                            newGroupRows.append(row)
                        }
                        groups.append(Int(nullGroup))
                        continue
                    }
                    // In range: `cover` took this batch's smallest and largest value.
                    let slot = Int(Int64(values[row]) &- base)
                    var group = slots[slot]
                    if group < 0 {
                        group = next
                        slots[slot] = group
                        next += 1
                        newGroupRows.append(row)
                    }
                    groups.append(Int(group))
                }
            }
        }
        map.nullGroup = nullGroup
        direct = map
        directGroups = Int(next)
        if !newGroupRows.isEmpty {
            let keyBatch = batch.project(indices: keyColumns)
            let newKeys = newGroupRows.count == batch.rowCount ? keyBatch : try keyBatch.gather(newGroupRows)
            let part = Int32(keyParts.count)
            for position in 0 ..< newGroupRows.count {
                groupPart.append(part)
                groupRow.append(Int32(position))
            }
            keyParts.append(newKeys)
            keyBytes += newKeys.estimatedBytes
        }
        for index in states.indices {
            states[index].addGroups(upTo: directGroups)
            try states[index].update(batch, groups: groups)
        }
        return true
    }

    /// The key's values stopped fitting a direct map: the hash table gets every group so far,
    /// numbered as they are (their keys hashed in group order).
    private func switchToHashing() throws {
        direct = nil
        guard directGroups > 0 else { return }
        let keys = try RecordBatch.concat(keyParts, schema: keySchema)
        let hashes = KeyHash.hashRows(of: keys, keys: [0])
        // Every group's key is distinct: each insert takes the next entry number, its group's.
        for group in 0 ..< directGroups { _ = table.findOrInsert(hash: hashes[group]) { _ in false } }
    }

    /// One row per group: key columns then aggregates. With no key columns and no
    /// input, a single row (counts 0, other aggregates NULL), as SQL does.
    func output() throws -> RecordBatch {
        if keyColumns.isEmpty && groupCount == 0 {
            for index in states.indices { states[index].addGroups(upTo: 1) }
        }
        var columns = try RecordBatch.concat(keyParts, schema: keySchema).columns
        keyParts = []
        keyBytes = 0
        columns += states.map { $0.column() }
        return RecordBatch(schema: outputSchema, columns: columns)
    }
}
