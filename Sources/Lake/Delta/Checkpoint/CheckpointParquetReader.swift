/// Reads back the layout `CheckpointParquetWriter` produces: uncompressed PLAIN
/// v1 data pages, leaf columns found by path. Anything else (compression,
/// dictionary pages, v2 pages — as Spark or delta-rs checkpoints use) is
/// reported as unsupported so the snapshot loader can fall back to JSON replay.
enum CheckpointParquetReader {
    typealias Format = CheckpointParquetFormat

    struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    static func read(_ bytes: [UInt8], schema: [CheckpointNode]) throws(Failure) -> [[CheckpointValue]] {
        let magic = Format.magic
        guard bytes.count >= 12, Array(bytes[0..<4]) == magic, Array(bytes[(bytes.count - 4)...]) == magic else {
            throw Failure(reason: "not a Parquet file (missing PAR1 magic)")
        }
        let footerLength = Int(try le32(bytes, bytes.count - 8))
        let footerStart = bytes.count - 8 - footerLength
        guard footerLength > 0, footerStart >= 4 else { throw Failure(reason: "footer length \(footerLength) is out of range") }
        let contiguous = ContiguousArray(bytes)
        let rowGroups: [RowGroupInfo]
        do {
            var decoder = CompactDecoder(contiguous, start: footerStart, end: bytes.count - 8)
            rowGroups = try decodeFooter(&decoder)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "footer: \(error)")
        }
        let leaves = CheckpointNode.leafColumns(of: schema)
        var rows: [[CheckpointValue]] = []
        for group in rowGroups {
            var columns: [ColumnRows] = []
            for leaf in leaves {
                guard let chunk = group.chunks[leaf.path.joined(separator: ".")] else {
                    throw Failure(reason: "column \(leaf.path.joined(separator: ".")) is missing")
                }
                columns.append(try readChunk(chunk, leaf: leaf, bytes: bytes, contiguous: contiguous, rows: group.numRows))
            }
            for row in 0..<group.numRows {
                var values: [CheckpointValue] = []
                var first = 0
                for node in schema {
                    values.append(try assemble(node, first: first, parentDefinition: 0, row: row, columns: columns))
                    first += node.leafCount
                }
                rows.append(values)
            }
        }
        return rows
    }

    // MARK: footer

    private struct ChunkInfo {
        var type: Int32 = -1
        var codec: Int32 = 0
        var numValues: Int64 = 0
        var dataPageOffset: Int64 = -1
        var dictionaryPageOffset: Int64?
        var path: [String] = []
    }

    private struct RowGroupInfo {
        var numRows = 0
        var chunks: [String: ChunkInfo] = [:]
    }

    private static func decodeFooter(_ d: inout CompactDecoder) throws -> [RowGroupInfo] {
        var groups: [RowGroupInfo] = []
        try d.readStruct { d, id, type in
            guard id == 4 else { return try d.skip(type) }
            groups = try d.readStructList(type) { d in
                var group = RowGroupInfo()
                try d.readStruct { d, id, type in
                    switch id {
                    case 1:
                        let chunks = try d.readStructList(type) { d in try decodeChunk(&d) }
                        for chunk in chunks { group.chunks[chunk.path.joined(separator: ".")] = chunk }
                    case 3:
                        let n = try d.readI64(type)
                        guard n >= 0, n <= Int64(Int32.max) else { throw Failure(reason: "row count \(n) out of range") }
                        group.numRows = Int(n)
                    default: try d.skip(type)
                    }
                }
                return group
            }
        }
        return groups
    }

    private static func decodeChunk(_ d: inout CompactDecoder) throws -> ChunkInfo {
        var chunk = ChunkInfo()
        try d.readStruct { d, id, type in
            guard id == 3 else { return try d.skip(type) }
            try d.readStruct { d, id, type in
                switch id {
                case 1: chunk.type = try d.readI32(type)
                case 3: chunk.path = try d.readList(type) { d, t in try d.readString(t) }
                case 4: chunk.codec = try d.readI32(type)
                case 5: chunk.numValues = try d.readI64(type)
                case 9: chunk.dataPageOffset = try d.readI64(type)
                case 11: chunk.dictionaryPageOffset = try d.readI64(type)
                default: try d.skip(type)
                }
            }
        }
        return chunk
    }

    // MARK: pages

    private struct ColumnRows {
        var definitions: [UInt8] = []
        /// The value of each level entry; nil where the leaf is not defined.
        var entries: [CheckpointValue?] = []
        /// Entry index where each row starts, plus the end.
        var rowStarts: [Int] = []

        func range(_ row: Int) -> Range<Int> {
            guard row + 1 < rowStarts.count else { return 0..<0 }
            return rowStarts[row]..<rowStarts[row + 1]
        }
    }

    private static func readChunk(
        _ chunk: ChunkInfo, leaf: CheckpointLeafColumn, bytes: [UInt8], contiguous: ContiguousArray<UInt8>, rows: Int
    ) throws(Failure) -> ColumnRows {
        let name = leaf.path.joined(separator: ".")
        guard chunk.codec == Format.codecUncompressed else { throw Failure(reason: "column \(name) is compressed (codec \(chunk.codec))") }
        guard chunk.dictionaryPageOffset == nil else { throw Failure(reason: "column \(name) uses a dictionary page") }
        guard chunk.type == Format.physical(leaf.leaf).rawValue else { throw Failure(reason: "column \(name) has physical type \(chunk.type)") }
        guard chunk.dataPageOffset >= 4, chunk.dataPageOffset < Int64(bytes.count), chunk.numValues >= 0,
              chunk.numValues <= Int64(Int32.max) else {
            throw Failure(reason: "column \(name) points outside the file")
        }
        var out = ColumnRows()
        var repetitions: [UInt8] = []
        var offset = Int(chunk.dataPageOffset)
        while Int64(out.definitions.count) < chunk.numValues {
            var header = PageHeaderInfo()
            var decoder = CompactDecoder(contiguous, start: offset, end: bytes.count - 8)
            do {
                try decoder.readStruct { d, id, type in
                    switch id {
                    case 1: header.type = try d.readI32(type)
                    case 3: header.compressedSize = Int(try d.readI32(type))
                    case 5:
                        try d.readStruct { d, id, type in
                            switch id {
                            case 1: header.numValues = Int(try d.readI32(type))
                            case 2: header.encoding = try d.readI32(type)
                            default: try d.skip(type)
                            }
                        }
                    default: try d.skip(type)
                    }
                }
            } catch {
                throw Failure(reason: "column \(name) page header: \(error)")
            }
            let start = decoder.position
            let end = start + header.compressedSize
            guard header.type == Format.pageTypeData, header.encoding == Format.encodingPlain else {
                throw Failure(reason: "column \(name) has a page of type \(header.type), encoding \(header.encoding)")
            }
            // A page may not claim more entries than its chunk has left: the level
            // decoder allocates per entry, so a corrupt count must not reach it.
            guard header.numValues > 0, Int64(header.numValues) <= chunk.numValues - Int64(out.definitions.count) else {
                throw Failure(reason: "column \(name) page holds \(header.numValues) values, the chunk \(chunk.numValues)")
            }
            guard header.compressedSize >= 0, end <= bytes.count - 8 else {
                throw Failure(reason: "column \(name) page overruns the file")
            }
            var at = start
            do {
                let reps = leaf.maxRepetition > 0
                    ? try CheckpointPageCodec.decodeLevels(bytes, offset: &at, end: end, count: header.numValues, maxLevel: leaf.maxRepetition)
                    : [UInt8](repeating: 0, count: header.numValues)
                let defs = try CheckpointPageCodec.decodeLevels(bytes, offset: &at, end: end, count: header.numValues, maxLevel: leaf.maxDefinition)
                let present = defs.reduce(0) { $0 + ($1 == UInt8(leaf.maxDefinition) ? 1 : 0) }
                let values = try CheckpointPageCodec.decodeValues(bytes, offset: at, end: end, count: present, leaf: leaf.leaf)
                var next = values.makeIterator()
                for level in defs { out.entries.append(level == UInt8(leaf.maxDefinition) ? next.next() : nil) }
                out.definitions += defs
                repetitions += reps
            } catch {
                throw Failure(reason: "column \(name): \(error.reason)")
            }
            offset = end
        }
        for (i, r) in repetitions.enumerated() where r == 0 { out.rowStarts.append(i) }
        out.rowStarts.append(repetitions.count)
        guard out.rowStarts.count == rows + 1, repetitions.first.map({ $0 == 0 }) ?? (rows == 0) else {
            throw Failure(reason: "column \(name) holds \(out.rowStarts.count - 1) rows, the row group \(rows)")
        }
        return out
    }

    private struct PageHeaderInfo {
        var type: Int32 = -1
        var compressedSize = -1
        var numValues = 0
        var encoding: Int32 = -1
    }

    // MARK: assembly

    private static func assemble(
        _ node: CheckpointNode, first: Int, parentDefinition: Int, row: Int, columns: [ColumnRows]
    ) throws(Failure) -> CheckpointValue {
        guard first < columns.count else { throw Failure(reason: "schema and columns disagree") }
        let column = columns[first]
        let range = column.range(row)
        guard let head = range.first else { throw Failure(reason: "row \(row) has no entry in column \(node.name)") }
        let defined = parentDefinition + 1
        guard Int(column.definitions[head]) >= defined else { return .null }
        switch node {
        case .leaf:
            guard range.count == 1 else { throw Failure(reason: "column \(node.name) repeats in row \(row)") }
            return column.entries[head] ?? .null
        case let .group(_, children):
            var values: [CheckpointValue] = []
            var index = first
            for child in children {
                values.append(try assemble(child, first: index, parentDefinition: defined, row: row, columns: columns))
                index += child.leafCount
            }
            return .group(values)
        case .stringMap:
            guard Int(column.definitions[head]) > defined else { return .map([]) }
            guard first + 1 < columns.count else { throw Failure(reason: "map \(node.name) lacks its value column") }
            let valueColumn = columns[first + 1]
            let valueRange = valueColumn.range(row)
            guard valueRange.count == range.count else { throw Failure(reason: "map \(node.name) keys and values disagree in row \(row)") }
            var entries: [CheckpointMapEntry] = []
            for (k, v) in zip(range, valueRange) {
                guard case let .string(key)? = column.entries[k] else { throw Failure(reason: "map \(node.name) has a null key in row \(row)") }
                var value: String?
                if case let .string(s)? = valueColumn.entries[v] { value = s }
                entries.append(CheckpointMapEntry(key: key, value: value))
            }
            return .map(entries)
        case .stringList:
            guard Int(column.definitions[head]) > defined else { return .list([]) }
            return .list(range.map { i -> String? in
                if case let .string(s)? = column.entries[i] { s } else { nil }
            })
        }
    }

    private static func le32(_ bytes: [UInt8], _ offset: Int) throws(Failure) -> UInt32 {
        do { return try CheckpointPageCodec.readLE32(bytes, at: offset, end: bytes.count) } catch {
            throw Failure(reason: error.reason)
        }
    }
}
