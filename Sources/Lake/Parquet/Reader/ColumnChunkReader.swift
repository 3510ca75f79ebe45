import Columns

/// Decodes one column chunk (its bytes already read) into a `Column`: walks the
/// pages, decompresses them, decodes definition levels and hands the values to
/// the leaf's accumulator. Every failure names the file, column and the offset of
/// the page it happened in.
struct ColumnChunkReader {
    let path: String
    let leaf: LeafColumn
    let metadata: ColumnMetaData
    /// File offset of `bytes[0]`.
    let fileOffset: Int64
    let bytes: ContiguousArray<UInt8>
    let rows: Int
    let decompressor: PageDecompressor

    /// Pages larger than this are treated as corrupt rather than allocated.
    static let maxPageBytes = 1 << 30

    func read() throws -> Column {
        // Up-front reservations trust the footer only as far as the chunk's real
        // size makes plausible; past that the buffers grow with decoded pages.
        let reserve = max(1 << 16, bytes.count * 64)
        switch leaf.conversion {
        case .bytes:
            let hint = min(Int(clamping: max(0, metadata.totalUncompressedSize)), bytes.count * 64)
            var acc = ByteArrayAccumulator(rows: rows, reserve: reserve, byteHint: hint)
            try readPages(into: &acc)
            return try acc.finish()
        case .boolean:
            var acc = BooleanAccumulator(rows: rows, reserve: reserve)
            try readPages(into: &acc)
            return try acc.finish()
        case .int32:
            let wrap: (FixedColumn<Int32>) -> Column = leaf.field.type == .date ? { .date($0) } : { .int32($0) }
            var acc = FixedAccumulator<Int32>(rows: rows, reserve: reserve, conversion: leaf.conversion, wrap: wrap)
            try readPages(into: &acc)
            return try acc.finish()
        case .double:
            var acc = FixedAccumulator<UInt64>(rows: rows, reserve: reserve, conversion: leaf.conversion) { .double($0) }
            try readPages(into: &acc)
            return try acc.finish()
        case .int64, .int32ToInt64, .fixedDecimal, .byteArrayDecimal:
            let wrap: (FixedColumn<Int64>) -> Column
            if case .decimal = leaf.field.type { wrap = { .decimal($0) } } else { wrap = { .int64($0) } }
            var acc = FixedAccumulator<Int64>(rows: rows, reserve: reserve, conversion: leaf.conversion, wrap: wrap)
            try readPages(into: &acc)
            return try acc.finish()
        }
    }

    private func corrupt(_ offset: Int, _ message: String) -> ParquetError {
        ParquetError(.corrupt, path: path, offset: fileOffset + Int64(offset), column: leaf.field.name, message)
    }

    private func readPages<A: ChunkAccumulator>(into acc: inout A) throws {
        var position = 0
        var seen = 0
        var levels = ContiguousArray<UInt8>()
        while seen < rows {
            guard position < bytes.count else {
                throw corrupt(position, "column chunk ends after \(seen) of its \(rows) values")
            }
            var d = CompactDecoder(bytes, start: position, baseOffset: Int(fileOffset))
            let header: PageHeader
            do {
                header = try PageHeader(from: &d)
            } catch let e as ThriftDecodingError {
                throw ParquetError(.corrupt, path: path, offset: Int64(e.offset), column: leaf.field.name,
                                   "page header: \(e.message)")
            }
            let bodyStart = d.position
            let compressed = Int(header.compressedPageSize)
            let uncompressed = Int(header.uncompressedPageSize)
            guard compressed <= bytes.count - bodyStart else {
                throw corrupt(position, "page of \(compressed) bytes runs past the column chunk's end")
            }
            guard uncompressed <= Self.maxPageBytes else {
                throw corrupt(position, "page declares \(uncompressed) uncompressed bytes")
            }
            let pageAt = position
            do {
                try bytes.withUnsafeBytes { all in
                    let body = UnsafeRawBufferPointer(rebasing: all[bodyStart ..< bodyStart + compressed])
                    switch header.type {
                    case .dictionaryPage:
                        guard let dict = header.dictionaryPageHeader, dict.numValues >= 0 else {
                            throw PageDecodingError("dictionary page without a valid dictionary header")
                        }
                        guard dict.encoding == .plain || dict.encoding == .plainDictionary else {
                            throw PageDecodingError("dictionary page encoded as \(dict.encoding)")
                        }
                        let plain = try decompressor.decompress(metadata.codec, body, uncompressedSize: uncompressed)
                        try plain.withUnsafeBytes { try acc.setDictionary($0, count: Int(dict.numValues)) }
                    case .dataPage:
                        guard let v1 = header.dataPageHeader else { throw PageDecodingError("data page without its header") }
                        let n = Int(v1.numValues)
                        guard n >= 0, n <= rows - seen else { throw PageDecodingError("page of \(n) values exceeds the chunk's \(rows)") }
                        let page = try decompressor.decompress(metadata.codec, body, uncompressedSize: uncompressed)
                        try page.withUnsafeBytes { raw in
                            var valuesAt = 0
                            var present = n
                            if leaf.maxDefinitionLevel > 0 {
                                guard v1.definitionLevelEncoding == .rle else {
                                    throw PageDecodingError("definition levels encoded as \(v1.definitionLevelEncoding)")
                                }
                                guard raw.count >= 4 else { throw PageDecodingError("page too short for its definition levels") }
                                let length = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
                                guard length <= raw.count - 4 else { throw PageDecodingError("definition levels run past the page") }
                                present = try decodeLevels(UnsafeRawBufferPointer(rebasing: raw[4 ..< 4 + length]), count: n, into: &levels)
                                valuesAt = 4 + length
                            }
                            try appendValues(&acc, rows: n, present: present, levels: levels, encoding: v1.encoding,
                                             values: UnsafeRawBufferPointer(rebasing: raw[valuesAt...]))
                        }
                        seen += n
                    case .dataPageV2:
                        guard let v2 = header.dataPageHeaderV2 else { throw PageDecodingError("data page v2 without its header") }
                        let n = Int(v2.numValues)
                        let defLength = Int(v2.definitionLevelsByteLength)
                        let repLength = Int(v2.repetitionLevelsByteLength)
                        guard n >= 0, n <= rows - seen else { throw PageDecodingError("page of \(n) values exceeds the chunk's \(rows)") }
                        guard defLength >= 0, repLength >= 0, defLength + repLength <= compressed,
                              defLength + repLength <= uncompressed
                        else { throw PageDecodingError("v2 level lengths exceed the page") }
                        var present = n
                        if leaf.maxDefinitionLevel > 0 {
                            present = try decodeLevels(UnsafeRawBufferPointer(rebasing: body[..<defLength]), count: n, into: &levels)
                        }
                        let valuesBody = UnsafeRawBufferPointer(rebasing: body[(defLength + repLength)...])
                        let valuesSize = uncompressed - defLength - repLength
                        if v2.isCompressed, metadata.codec != .uncompressed {
                            let values = try decompressor.decompress(metadata.codec, valuesBody, uncompressedSize: valuesSize)
                            try values.withUnsafeBytes {
                                try appendValues(&acc, rows: n, present: present, levels: levels, encoding: v2.encoding, values: $0)
                            }
                        } else {
                            try appendValues(&acc, rows: n, present: present, levels: levels, encoding: v2.encoding, values: valuesBody)
                        }
                        seen += n
                    default:
                        break // index pages and unknown page types carry no values
                    }
                }
            } catch let e as PageDecodingError {
                throw corrupt(pageAt, e.message)
            }
            position = bodyStart + compressed
        }
    }

    /// Decodes `count` definition levels; returns how many rows have a value.
    private func decodeLevels(_ raw: UnsafeRawBufferPointer, count: Int, into levels: inout ContiguousArray<UInt8>) throws -> Int {
        var decoder = try RLEHybridDecoder(raw, bitWidth: 1)
        levels.removeAll(keepingCapacity: true)
        levels.reserveCapacity(count)
        var failure: PageDecodingError?
        levels = ContiguousArray(unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            do {
                try decoder.decode(into: base, count: count)
                initialized = count
            } catch {
                failure = error as? PageDecodingError ?? PageDecodingError("\(error)")
            }
        }
        if let failure { throw failure }
        var present = 0
        var invalid = false
        for l in levels {
            present &+= Int(l)
            invalid = invalid || l > 1
        }
        if invalid { throw PageDecodingError("definition level above the column's maximum of 1") }
        return present
    }

    private func appendValues<A: ChunkAccumulator>(_ acc: inout A, rows: Int, present: Int, levels: ContiguousArray<UInt8>,
                                                   encoding: ParquetEncoding, values: UnsafeRawBufferPointer) throws {
        if leaf.maxDefinitionLevel > 0, present < rows {
            try levels.withUnsafeBufferPointer {
                try acc.appendPage(rows: rows, levels: $0, present: present, encoding: encoding, values: values)
            }
        } else {
            try acc.appendPage(rows: rows, levels: nil, present: rows, encoding: encoding, values: values)
        }
    }
}
