/// Locates and decodes the footer: `PAR1` … FileMetaData, 4-byte length, `PAR1`.
enum FooterReader {
    static func read(_ source: FileSource) throws -> FileMetaData {
        let path = source.path
        guard source.size >= 12 else {
            throw ParquetError(.corrupt, path: path, offset: 0, "file of \(source.size) bytes is too small to be Parquet")
        }
        let head = try source.read(at: 0, count: 4, what: "leading magic")
        guard Array(head) == ParquetFormat.magic else {
            throw ParquetError(.corrupt, path: path, offset: 0, "not a Parquet file (no leading PAR1)")
        }
        let tail = try source.read(at: source.size - 8, count: 8, what: "footer length and trailing magic")
        let magic = Array(tail[4 ..< 8])
        if magic == Array("PARE".utf8) {
            throw ParquetError(.unsupported, path: path, offset: source.size - 4, "encrypted Parquet files are not supported")
        }
        guard magic == ParquetFormat.magic else {
            throw ParquetError(.corrupt, path: path, offset: source.size - 4, "no trailing PAR1 (truncated or not Parquet)")
        }
        let length = Int64(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        let footerStart = source.size - 8 - length
        guard footerStart >= 4 else {
            throw ParquetError(.corrupt, path: path, offset: source.size - 8,
                               "footer length \(length) exceeds the \(source.size)-byte file")
        }
        let footer = try source.read(at: footerStart, count: Int(length), what: "footer")
        var decoder = CompactDecoder(footer, baseOffset: Int(footerStart))
        do {
            return try FileMetaData(from: &decoder)
        } catch let e as ThriftDecodingError {
            throw ParquetError(.corrupt, path: path, offset: Int64(e.offset), "footer: \(e.message)")
        }
    }
}
