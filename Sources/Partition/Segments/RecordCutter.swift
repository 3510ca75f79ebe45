/// Turns a file's segments, fed in order, into parse jobs that each hold whole records.
///
/// Quote parity is all the state a boundary needs: a segment's quote count says
/// whether it ends inside a quoted field, so its first record end can be found by a
/// forward scan and its last by a backward scan. The bytes in between parse in
/// parallel; the record that straddles two segments is stitched from the tail of one
/// and the head of the next. Work done here is proportional to record length, not
/// to segment size.
public struct RecordCutter {
    public let path: String
    public let requested: [RequestedColumn]
    public private(set) var layout: CSVLayout?

    var inQuote = false
    /// Line number of the next segment's first byte.
    var line: Int64 = 1
    var carry = ContiguousArray<UInt8>()
    var carryLine: Int64 = 1
    var sequence = 0
    var isFirstSegment = true

    public init(path: String, requested: [RequestedColumn]) {
        self.path = path
        self.requested = requested
    }

    /// Feeds the next segment; returns the jobs it completes.
    public mutating func cut(_ segment: Segment) throws -> [ParseJob] {
        var begin = 0
        if isFirstSegment {
            isFirstSegment = false
            if segment.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { begin = 3 }
        }
        let bytes = segment.bytes
        let endsInQuote = inQuote != (segment.quotes & 1 == 1)
        let bounds: (first: Int, last: Int)? = bytes.withUnsafeBytes { raw in
            let body = UnsafeRawBufferPointer(rebasing: raw[begin...])
            guard let first = ByteScan.firstRecordEnd(body, startsInQuote: inQuote),
                  let last = ByteScan.lastRecordEnd(body, endsInQuote: endsInQuote) else { return nil }
            return (begin + first, begin + max(first, last))
        }
        defer {
            line += Int64(segment.newlines)
            inQuote = endsInQuote
        }
        guard let (first, last) = bounds else {
            if carry.isEmpty { carryLine = line }
            carry.append(contentsOf: bytes[begin...])
            return []
        }

        var jobs: [ParseJob] = []
        var bodyStart = begin
        if !carry.isEmpty || layout == nil {
            // The record straddling the previous segment(s) and this one.
            let stitchedLine = carry.isEmpty ? line : carryLine
            carry.append(contentsOf: bytes[begin ..< first])
            try emit(carry, line: stitchedLine, into: &jobs)
            carry = []
            bodyStart = first
        }
        let bodyLine = line + Int64(bytes.withUnsafeBytes { ByteScan.countNewlines(UnsafeRawBufferPointer(rebasing: $0[..<bodyStart])) })
        if last > bodyStart, let layout {
            jobs.append(ParseJob(bytes: bytes, range: bodyStart ..< last, startLine: bodyLine, layout: layout, sequence: nextSequence()))
        }
        if last < bytes.count {
            carry.append(contentsOf: bytes[last...])
            let tailNewlines = carry.withUnsafeBytes { ByteScan.countNewlines($0) }
            carryLine = line + Int64(segment.newlines - tailNewlines)
        }
        return jobs
    }

    /// Called after the last segment: the final record (no trailing newline, or an
    /// unterminated quote) becomes a job parsed with end-of-file rules.
    public mutating func finish() throws -> [ParseJob] {
        var jobs: [ParseJob] = []
        if !carry.isEmpty {
            try emit(carry, line: carryLine, into: &jobs)
            carry = []
        }
        if layout == nil { throw InputError.emptyFile(path: path) }
        return jobs
    }

    /// The first record of a file is its header; any later one is data.
    private mutating func emit(_ record: ContiguousArray<UInt8>, line: Int64, into jobs: inout [ParseJob]) throws {
        if let layout {
            jobs.append(ParseJob(bytes: record, range: 0 ..< record.count, startLine: line, layout: layout, sequence: nextSequence()))
            return
        }
        let names = record.withUnsafeBytes { CSVLayout.headerNames($0) }
        if names == [""] { throw InputError.emptyFile(path: path) }
        layout = try CSVLayout(path: path, header: names, requested: requested)
    }

    private mutating func nextSequence() -> Int {
        defer { sequence += 1 }
        return sequence
    }
}
