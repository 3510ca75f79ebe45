/// Where one column of one row group lives and how it is encoded.
struct ColumnMetaData: Sendable, Equatable {
    var type: PhysicalType
    var encodings: [ParquetEncoding]
    var pathInSchema: [String]
    var codec: CompressionCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var indexPageOffset: Int64?
    var dictionaryPageOffset: Int64?
    var statistics: ParquetStatistics?

    func encode(to e: inout CompactEncoder) {
        e.field(1, i32: type.rawValue)
        e.field(2, i32List: encodings.map(\.rawValue))
        e.field(3, stringList: pathInSchema)
        e.field(4, i32: codec.rawValue)
        e.field(5, i64: numValues)
        e.field(6, i64: totalUncompressedSize)
        e.field(7, i64: totalCompressedSize)
        e.field(9, i64: dataPageOffset)
        if let indexPageOffset { e.field(10, i64: indexPageOffset) }
        if let dictionaryPageOffset { e.field(11, i64: dictionaryPageOffset) }
        if let statistics { e.field(12) { statistics.encode(to: &$0) } }
    }

    init(type: PhysicalType, encodings: [ParquetEncoding], pathInSchema: [String], codec: CompressionCodec,
         numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
         dictionaryPageOffset: Int64?, statistics: ParquetStatistics?) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var type: PhysicalType?, codec: CompressionCodec?
        var encodings: [ParquetEncoding] = [], path: [String] = []
        var numValues: Int64?, uncompressed: Int64?, compressed: Int64?, dataOffset: Int64?
        var indexOffset: Int64?, dictionaryOffset: Int64?, statistics: ParquetStatistics?
        try d.readStruct { d, id, t in
            switch id {
            case 1: type = PhysicalType(rawValue: try d.readI32(t))
            case 2: encodings = try d.readList(t) { d, et in ParquetEncoding(rawValue: try d.readI32(et)) }
            case 3: path = try d.readList(t) { d, et in try d.readString(et) }
            case 4: codec = CompressionCodec(rawValue: try d.readI32(t))
            case 5: numValues = try d.readI64(t)
            case 6: uncompressed = try d.readI64(t)
            case 7: compressed = try d.readI64(t)
            case 9: dataOffset = try d.readI64(t)
            case 10: indexOffset = try d.readI64(t)
            case 11: dictionaryOffset = try d.readI64(t)
            case 12:
                guard t == .struct else { throw d.error("statistics is not a struct") }
                statistics = try ParquetStatistics(from: &d)
            default: try d.skip(t)
            }
        }
        guard let type, let codec, let numValues, let uncompressed, let compressed, let dataOffset else {
            throw d.error("ColumnMetaData lacks a required field", at: start)
        }
        self.init(type: type, encodings: encodings, pathInSchema: path, codec: codec, numValues: numValues,
                  totalUncompressedSize: uncompressed, totalCompressedSize: compressed, dataPageOffset: dataOffset,
                  dictionaryPageOffset: dictionaryOffset, statistics: statistics)
        indexPageOffset = indexOffset
    }
}

/// A column chunk: its metadata (always inline in the files this code reads).
struct ColumnChunk: Sendable, Equatable {
    var filePath: String?
    var fileOffset: Int64 = 0
    var metaData: ColumnMetaData?

    init(metaData: ColumnMetaData) { self.metaData = metaData }

    func encode(to e: inout CompactEncoder) {
        if let filePath { e.field(1, string: filePath) }
        e.field(2, i64: fileOffset)
        if let metaData { e.field(3) { metaData.encode(to: &$0) } }
    }

    init(from d: inout CompactDecoder) throws {
        try d.readStruct { d, id, t in
            switch id {
            case 1: filePath = try d.readString(t)
            case 2: fileOffset = try d.readI64(t)
            case 3:
                guard t == .struct else { throw d.error("meta_data is not a struct") }
                metaData = try ColumnMetaData(from: &d)
            default: try d.skip(t)
            }
        }
    }
}
