// Parquet's Thrift enums as open raw-value structs: a file may carry values this
// code does not know (newer encodings, codecs), which must decode and only fail
// when the value is actually needed.

/// The physical (storage) type of a column.
struct PhysicalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: Int32
    static let boolean = PhysicalType(rawValue: 0)
    static let int32 = PhysicalType(rawValue: 1)
    static let int64 = PhysicalType(rawValue: 2)
    static let int96 = PhysicalType(rawValue: 3)
    static let float = PhysicalType(rawValue: 4)
    static let double = PhysicalType(rawValue: 5)
    static let byteArray = PhysicalType(rawValue: 6)
    static let fixedLenByteArray = PhysicalType(rawValue: 7)

    var description: String {
        let names = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "type \(rawValue)"
    }
}

struct ParquetEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: Int32
    static let plain = ParquetEncoding(rawValue: 0)
    static let plainDictionary = ParquetEncoding(rawValue: 2)
    static let rle = ParquetEncoding(rawValue: 3)
    static let bitPacked = ParquetEncoding(rawValue: 4)
    static let deltaBinaryPacked = ParquetEncoding(rawValue: 5)
    static let deltaLengthByteArray = ParquetEncoding(rawValue: 6)
    static let deltaByteArray = ParquetEncoding(rawValue: 7)
    static let rleDictionary = ParquetEncoding(rawValue: 8)
    static let byteStreamSplit = ParquetEncoding(rawValue: 9)

    var description: String {
        let names = ["PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
                     "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "encoding \(rawValue)"
    }
}

struct CompressionCodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: Int32
    static let uncompressed = CompressionCodec(rawValue: 0)
    static let snappy = CompressionCodec(rawValue: 1)
    static let gzip = CompressionCodec(rawValue: 2)
    static let lzo = CompressionCodec(rawValue: 3)
    static let brotli = CompressionCodec(rawValue: 4)
    static let lz4 = CompressionCodec(rawValue: 5)
    static let zstd = CompressionCodec(rawValue: 6)
    static let lz4Raw = CompressionCodec(rawValue: 7)

    var description: String {
        let names = ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "codec \(rawValue)"
    }
}

struct PageType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let dataPage = PageType(rawValue: 0)
    static let indexPage = PageType(rawValue: 1)
    static let dictionaryPage = PageType(rawValue: 2)
    static let dataPageV2 = PageType(rawValue: 3)
}

struct ConvertedType: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let utf8 = ConvertedType(rawValue: 0)
    static let `enum` = ConvertedType(rawValue: 4)
    static let decimal = ConvertedType(rawValue: 5)
    static let date = ConvertedType(rawValue: 6)
    static let timeMillis = ConvertedType(rawValue: 7)
    static let timeMicros = ConvertedType(rawValue: 8)
    static let timestampMillis = ConvertedType(rawValue: 9)
    static let timestampMicros = ConvertedType(rawValue: 10)
    static let uint8 = ConvertedType(rawValue: 11)
    static let uint16 = ConvertedType(rawValue: 12)
    static let uint32 = ConvertedType(rawValue: 13)
    static let uint64 = ConvertedType(rawValue: 14)
    static let int8 = ConvertedType(rawValue: 15)
    static let int16 = ConvertedType(rawValue: 16)
    static let int32 = ConvertedType(rawValue: 17)
    static let int64 = ConvertedType(rawValue: 18)
    static let json = ConvertedType(rawValue: 19)
}

struct Repetition: RawRepresentable, Hashable, Sendable {
    var rawValue: Int32
    static let required = Repetition(rawValue: 0)
    static let optional = Repetition(rawValue: 1)
    static let repeated = Repetition(rawValue: 2)
}
