import Columns
/// Parses a run of complete CSV records (RFC 4180) into column buffers.
///
/// The caller hands over bytes that start at a record start and end at a record end
/// (or at the end of the file), with the line number of the first byte. Bad records
/// never stop the parse: they are returned as `RejectedRecord`s with their line.
public struct CSVRecordParser {
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    let layout: CSVLayout
    var builders: [ColumnBuilder]
    var lines: ContiguousArray<Int64>
    var rejects: [RejectedRecord] = []
    var blankLines = 0
    /// Scratch for quoted fields holding `""` escapes.
    var unescaped: [UInt8] = []
    /// Per output column: whether its fields must be valid UTF-8 (STRING columns).
    let checksUTF8: [Bool]

    public init(layout: CSVLayout, expectedRows: Int = 0) {
        self.layout = layout
        let requested = layout.schema.fields.dropLast()
        builders = requested.map { ColumnBuilder(type: $0.type, reservingRows: expectedRows) }
        checksUTF8 = requested.map { $0.type == .text }
        lines = []
        lines.reserveCapacity(expectedRows)
    }

    /// Parses `bytes` whose first byte is on line `startLine`.
    /// `atEndOfFile`: an open quote at the end is then a malformed record (Rules §8.9:
    /// its first physical line is rejected and parsing resumes on the next line).
    public static func parse(_ bytes: UnsafeRawBufferPointer, startLine: Int64, layout: CSVLayout,
                             atEndOfFile: Bool = true) -> ParsedBatch {
        var parser = CSVRecordParser(layout: layout, expectedRows: bytes.count / 48)
        parser.consume(bytes, startLine: startLine)
        return parser.finish(byteCount: bytes.count)
    }

    public mutating func finish(byteCount: Int) -> ParsedBatch {
        let columns = builders.map { $0.finish() } + [Column.int64(FixedColumn(values: lines))]
        return ParsedBatch(batch: RecordBatch(schema: layout.schema, columns: columns),
                           rejects: rejects, blankLines: blankLines, byteCount: byteCount)
    }

    public mutating func consume(_ bytes: UnsafeRawBufferPointer, startLine: Int64) {
        let n = bytes.count
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let fieldCount = layout.fieldCount
        let targets = layout.targets
        // Text fields are checked one by one only when the bytes hold any non-ASCII
        // byte at all: one fast pass clears the usual all-ASCII input.
        let checkText = !UTF8Validation.isASCII(UnsafeRawPointer(base), n)
        var p = 0
        var line = startLine
        while p < n {
            let recordStart = p
            let recordLine = line
            // A blank physical line is skipped but still counted.
            if base[p] == Self.lf { p += 1; line += 1; blankLines += 1; continue }
            if base[p] == Self.cr, p + 1 < n, base[p + 1] == Self.lf { p += 2; line += 1; blankLines += 1; continue }

            let rowsBefore = lines.count
            var field = 0
            var bad: RejectReason?
            var unterminated = false
            fields: while true {
                var start = p
                var end = p
                var escaped = false
                if p < n, base[p] == Self.quote {
                    p += 1
                    start = p
                    var closed = false
                    while p < n {
                        let (q, feeds) = Self.nextQuote(base, from: p, end: n)
                        line += Int64(feeds)
                        p = q
                        guard p < n else { break }
                        if p + 1 < n, base[p + 1] == Self.quote { escaped = true; p += 2; continue }
                        closed = true
                        break
                    }
                    if !closed { unterminated = true; break fields }
                    end = p
                    p += 1
                    if p < n, !Self.isFieldEnd(base, p, n) {
                        // Text after a closing quote: keep the whole field literally, quotes included.
                        while p < n, base[p] != Self.comma, base[p] != Self.lf { p += 1 }
                        start = recordFieldStart(base, from: start - 1)
                        end = p
                        if end > start, base[end - 1] == Self.cr, p >= n || base[p] == Self.lf { end -= 1 }
                        escaped = false
                    }
                    if p < n, base[p] == Self.cr { p += 1 }
                } else {
                    p = Self.nextDelimiter(base, from: p, end: n)
                    end = p
                    if end > start, base[end - 1] == Self.cr { end -= 1 }
                }
                if field < fieldCount {
                    let target = targets[field]
                    if target >= 0, bad == nil {
                        if checkText, checksUTF8[target],
                           let offset = UTF8Validation.firstInvalidOffset(UnsafeRawPointer(base + start), end - start) {
                            bad = .invalidUTF8(column: layout.schema.fields[target].name, byte: offset)
                        } else if !deliver(base, start, end, escaped: escaped, to: target) {
                            let f = layout.schema.fields[target]
                            bad = .typeMismatch(column: f.name, expected: f.type)
                        }
                    }
                }
                field += 1
                if p >= n { break }
                if base[p] == Self.comma { p += 1; continue }
                // Line feed: the record ends.
                p += 1
                line += 1
                break
            }

            if unterminated {
                // Reject the first physical line and resume right after it.
                rollback(to: rowsBefore)
                var lineEnd = recordStart
                while lineEnd < n, base[lineEnd] != Self.lf { lineEnd += 1 }
                rejects.append(RejectedRecord(line: recordLine, raw: raw(base, recordStart, lineEnd), reason: .unterminatedQuote))
                p = min(lineEnd + 1, n)
                line = recordLine + 1
                continue
            }
            if field != fieldCount { bad = .wrongFieldCount(expected: fieldCount, found: field) }
            if let bad {
                rollback(to: rowsBefore)
                var end = p
                if end > recordStart, base[end - 1] == Self.lf { end -= 1 }
                if end > recordStart, base[end - 1] == Self.cr { end -= 1 }
                rejects.append(RejectedRecord(line: recordLine, raw: raw(base, recordStart, end), reason: bad))
            } else {
                lines.append(recordLine)
            }
        }
    }

    /// Position of the next `,` or `\n` at or after `from` (or `end`), eight bytes
    /// per step: a byte equal to the delimiter becomes zero after XOR, and the
    /// lowest flagged zero byte is exact (only flags above it can be spurious).
    @inline(__always)
    static func nextDelimiter(_ base: UnsafePointer<UInt8>, from: Int, end n: Int) -> Int {
        var p = from
        let raw = UnsafeRawPointer(base)
        while p + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let commas = word ^ 0x2C2C_2C2C_2C2C_2C2C
            let feeds = word ^ 0x0A0A_0A0A_0A0A_0A0A
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let found = ((commas &- ones) & ~commas | (feeds &- ones) & ~feeds) & highs
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < n {
            let c = base[p]
            if c == comma || c == lf { return p }
            p += 1
        }
        return n
    }

    /// Position of the next `"` at or after `from` (or `end`), and how many `\n`
    /// bytes lie before it — quoted fields may hold line breaks, which still count
    /// as physical lines. Eight bytes per step, as in `nextDelimiter`.
    @inline(__always)
    static func nextQuote(_ base: UnsafePointer<UInt8>, from: Int, end n: Int) -> (Int, Int) {
        var p = from
        var feeds = 0
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while p + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let quotes = word ^ 0x2222_2222_2222_2222
            let found = (quotes &- ones) & ~quotes & highs
            if found != 0 {
                let at = p + found.trailingZeroBitCount >> 3
                while p < at {
                    if base[p] == lf { feeds += 1 }
                    p += 1
                }
                return (at, feeds)
            }
            feeds += ByteScan.zeroByteCount(word ^ 0x0A0A_0A0A_0A0A_0A0A)
            p += 8
        }
        while p < n, base[p] != quote {
            if base[p] == lf { feeds += 1 }
            p += 1
        }
        return (p, feeds)
    }

    @inline(__always)
    static func isFieldEnd(_ base: UnsafePointer<UInt8>, _ p: Int, _ n: Int) -> Bool {
        let c = base[p]
        if c == comma || c == lf { return true }
        return c == cr && (p + 1 == n || base[p + 1] == lf)
    }

    /// The opening quote position (fields that misuse quotes are kept verbatim).
    @inline(__always)
    func recordFieldStart(_ base: UnsafePointer<UInt8>, from openingQuote: Int) -> Int { openingQuote }

    /// Appends one field to output column `target`; false on a type mismatch.
    @inline(__always)
    mutating func deliver(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool, to target: Int) -> Bool {
        if start == end {
            builders[target].appendNull()
            return true
        }
        if !escaped {
            return builders[target].append(UnsafeRawBufferPointer(start: base + start, count: end - start))
        }
        unescaped.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let c = base[i]
            unescaped.append(c)
            i += c == Self.quote ? 2 : 1
        }
        return unescaped.withUnsafeBytes { builders[target].append($0) }
    }

    mutating func rollback(to rows: Int) {
        for k in builders.indices { builders[k].truncate(to: rows) }
    }

    func raw(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> ContiguousArray<UInt8> {
        ContiguousArray(UnsafeBufferPointer(start: base + start, count: max(0, end - start)))
    }
}
