/// A piece of a file's decompressed bytes, in file order, with the counts that let
/// record boundaries be found without reading the pieces before it.
public struct Segment: Sendable {
    public var bytes: ContiguousArray<UInt8>
    public var quotes: Int
    public var newlines: Int
    /// Compressed (or plain) bytes of the file this segment came from, for throughput figures.
    public var sourceBytes: Int

    public init(bytes: ContiguousArray<UInt8>, sourceBytes: Int) {
        self.bytes = bytes
        let counts = bytes.withUnsafeBytes { ByteScan.countQuotesAndNewlines($0) }
        self.quotes = counts.quotes
        self.newlines = counts.newlines
        self.sourceBytes = sourceBytes
    }
}

/// Complete records ready to parse: `bytes[range]`, whose first byte is on `startLine`.
public struct ParseJob: Sendable {
    public var bytes: ContiguousArray<UInt8>
    public var range: Range<Int>
    public var startLine: Int64
    public var layout: CSVLayout
    /// Order of this job within its file (jobs are numbered in byte order).
    public var sequence: Int

    public func run() -> ParsedBatch {
        bytes.withUnsafeBytes { raw in
            CSVRecordParser.parse(UnsafeRawBufferPointer(rebasing: raw[range]), startLine: startLine, layout: layout)
        }
    }
}
