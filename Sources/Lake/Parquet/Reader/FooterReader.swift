/// Locates and decodes the footer: `PAR1` … FileMetaData, 4-byte length, `PAR1`.
///
/// The footer's length is only known from the file's last 8 bytes, so a reader that asked for
/// them first would need three reads (head magic, tail, footer) — three requests on S3. It reads
/// the last `tailWindow` bytes at once instead, which hold the whole footer of nearly every file
/// (a row group's metadata is a few hundred bytes per column), and reads the rest of a longer
/// footer with one more. The leading magic is checked when it is in that window or the file is
/// local; a remote file too big for the window is checked by its trailing magic and footer.
enum FooterReader {
    static let tailWindow = 64 * 1024

    static func read(_ source: FileSource) throws -> FileMetaData {
        let path = source.path
        guard source.size >= 12 else {
            throw ParquetError(.corrupt, path: path, offset: 0, "file of \(source.size) bytes is too small to be Parquet")
        }
        let windowStart = max(0, source.size - Int64(tailWindow))
        let window = try source.read(at: windowStart, count: Int(source.size - windowStart), what: "footer and trailing magic")
        if windowStart == 0 || !source.isRemote {
            let head = windowStart == 0 ? ContiguousArray(window[0 ..< 4]) : try source.read(at: 0, count: 4, what: "leading magic")
            guard Array(head) == ParquetFormat.magic else {
                throw ParquetError(.corrupt, path: path, offset: 0, "not a Parquet file (no leading PAR1)")
            }
        }
        let tail = Array(window[(window.count - 8)...])
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
        let footer: ContiguousArray<UInt8>
        if footerStart >= windowStart {
            let from = Int(footerStart - windowStart)
            footer = ContiguousArray(window[from ..< (from + Int(length))])
        } else {
            // A footer longer than the window: the part before it, then the part already read.
            footer = try source.read(at: footerStart, count: Int(windowStart - footerStart), what: "footer")
                + window[0 ..< (window.count - 8)]
        }
        var decoder = CompactDecoder(footer, baseOffset: Int(footerStart))
        do {
            return try FileMetaData(from: &decoder)
        } catch let e as ThriftDecodingError {
            throw ParquetError(.corrupt, path: path, offset: Int64(e.offset), "footer: \(e.message)")
        }
    }
}
