/// Header of a v1 data page: levels and values are compressed together.
struct DataPageHeader: Sendable, Equatable {
    var numValues: Int32
    var encoding: ParquetEncoding
    var definitionLevelEncoding: ParquetEncoding
    var repetitionLevelEncoding: ParquetEncoding
    var statistics: ParquetStatistics?

    func encode(to e: inout CompactEncoder) {
        e.field(1, i32: numValues)
        e.field(2, i32: encoding.rawValue)
        e.field(3, i32: definitionLevelEncoding.rawValue)
        e.field(4, i32: repetitionLevelEncoding.rawValue)
        if let statistics { e.field(5) { statistics.encode(to: &$0) } }
    }

    init(numValues: Int32, encoding: ParquetEncoding, statistics: ParquetStatistics?) {
        self.numValues = numValues
        self.encoding = encoding
        definitionLevelEncoding = .rle
        repetitionLevelEncoding = .rle
        self.statistics = statistics
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var n: Int32?, enc: Int32?, def: Int32?, rep: Int32?, stats: ParquetStatistics?
        try d.readStruct { d, id, t in
            switch id {
            case 1: n = try d.readI32(t)
            case 2: enc = try d.readI32(t)
            case 3: def = try d.readI32(t)
            case 4: rep = try d.readI32(t)
            case 5:
                guard t == .struct else { throw d.error("statistics is not a struct") }
                stats = try ParquetStatistics(from: &d)
            default: try d.skip(t)
            }
        }
        guard let n, let enc else { throw d.error("DataPageHeader lacks a required field", at: start) }
        numValues = n
        encoding = ParquetEncoding(rawValue: enc)
        definitionLevelEncoding = ParquetEncoding(rawValue: def ?? ParquetEncoding.rle.rawValue)
        repetitionLevelEncoding = ParquetEncoding(rawValue: rep ?? ParquetEncoding.rle.rawValue)
        statistics = stats
    }
}

/// Header of a v2 data page: levels are stored uncompressed ahead of the values.
struct DataPageHeaderV2: Sendable, Equatable {
    var numValues: Int32
    var numNulls: Int32
    var numRows: Int32
    var encoding: ParquetEncoding
    var definitionLevelsByteLength: Int32
    var repetitionLevelsByteLength: Int32
    var isCompressed: Bool = true
    var statistics: ParquetStatistics?

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var n: Int32?, nulls: Int32?, rows: Int32?, enc: Int32?, defLen: Int32?, repLen: Int32?
        var compressed = true, stats: ParquetStatistics?
        try d.readStruct { d, id, t in
            switch id {
            case 1: n = try d.readI32(t)
            case 2: nulls = try d.readI32(t)
            case 3: rows = try d.readI32(t)
            case 4: enc = try d.readI32(t)
            case 5: defLen = try d.readI32(t)
            case 6: repLen = try d.readI32(t)
            case 7: compressed = try d.readBool(t)
            case 8:
                guard t == .struct else { throw d.error("statistics is not a struct") }
                stats = try ParquetStatistics(from: &d)
            default: try d.skip(t)
            }
        }
        guard let n, let nulls, let rows, let enc, let defLen, let repLen else {
            throw d.error("DataPageHeaderV2 lacks a required field", at: start)
        }
        numValues = n
        numNulls = nulls
        numRows = rows
        encoding = ParquetEncoding(rawValue: enc)
        definitionLevelsByteLength = defLen
        repetitionLevelsByteLength = repLen
        isCompressed = compressed
        statistics = stats
    }
}

struct DictionaryPageHeader: Sendable, Equatable {
    var numValues: Int32
    var encoding: ParquetEncoding
    var isSorted: Bool?

    func encode(to e: inout CompactEncoder) {
        e.field(1, i32: numValues)
        e.field(2, i32: encoding.rawValue)
        if let isSorted { e.field(3, bool: isSorted) }
    }

    init(numValues: Int32, encoding: ParquetEncoding) {
        self.numValues = numValues
        self.encoding = encoding
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var n: Int32?, enc: Int32?, sorted: Bool?
        try d.readStruct { d, id, t in
            switch id {
            case 1: n = try d.readI32(t)
            case 2: enc = try d.readI32(t)
            case 3: sorted = try d.readBool(t)
            default: try d.skip(t)
            }
        }
        guard let n, let enc else { throw d.error("DictionaryPageHeader lacks a required field", at: start) }
        numValues = n
        encoding = ParquetEncoding(rawValue: enc)
        isSorted = sorted
    }
}

/// The header in front of every page.
struct PageHeader: Sendable, Equatable {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?

    init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }

    /// Only v1 data pages and dictionary pages are written.
    func encode(to e: inout CompactEncoder) {
        e.field(1, i32: type.rawValue)
        e.field(2, i32: uncompressedPageSize)
        e.field(3, i32: compressedPageSize)
        if let crc { e.field(4, i32: crc) }
        if let dataPageHeader { e.field(5) { dataPageHeader.encode(to: &$0) } }
        if let dictionaryPageHeader { e.field(7) { dictionaryPageHeader.encode(to: &$0) } }
    }

    init(from d: inout CompactDecoder) throws {
        let start = d.position
        var type: Int32?, uncompressed: Int32?, compressed: Int32?, crc: Int32?
        var v1: DataPageHeader?, dict: DictionaryPageHeader?, v2: DataPageHeaderV2?
        try d.readStruct { d, id, t in
            switch id {
            case 1: type = try d.readI32(t)
            case 2: uncompressed = try d.readI32(t)
            case 3: compressed = try d.readI32(t)
            case 4: crc = try d.readI32(t)
            case 5:
                guard t == .struct else { throw d.error("data_page_header is not a struct") }
                v1 = try DataPageHeader(from: &d)
            case 7:
                guard t == .struct else { throw d.error("dictionary_page_header is not a struct") }
                dict = try DictionaryPageHeader(from: &d)
            case 8:
                guard t == .struct else { throw d.error("data_page_header_v2 is not a struct") }
                v2 = try DataPageHeaderV2(from: &d)
            default: try d.skip(t)
            }
        }
        guard let type, let uncompressed, let compressed else {
            throw d.error("PageHeader lacks a required field", at: start)
        }
        guard uncompressed >= 0, compressed >= 0 else { throw d.error("negative page size", at: start) }
        self.init(type: PageType(rawValue: type), uncompressedPageSize: uncompressed, compressedPageSize: compressed)
        self.crc = crc
        dataPageHeader = v1
        dictionaryPageHeader = dict
        dataPageHeaderV2 = v2
    }
}
