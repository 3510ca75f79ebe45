import Columns

/// String functions on UTF-8 bytes; positions and lengths count characters (Unicode
/// scalars), as Spark does. ASCII values take byte-level fast paths.
enum StringFunctions {
    static func evaluate(_ f: ScalarFunction, _ args: [Column], rows: Int, text: String) throws -> Column {
        let texts = try args.map { c -> ByteColumn? in if case let .text(t) = c { t } else { nil } }
        let ints = try args.map { c -> FixedColumn<Int64>? in if case .int64 = c { try ColumnAccess.int64(c) } else { nil } }
        func str(_ i: Int, _ row: Int) -> ArraySlice<UInt8>? {
            guard let t = texts[i], !t.isNull(row) else { return nil }
            return ArraySlice(t.bytes[t.range(row)])
        }
        func int(_ i: Int, _ row: Int) -> Int64? { ints[i].flatMap { $0.value(row) } }

        if f == .splitPart, let strings = texts[0], let delimiters = texts[1], let numbers = ints[2] {
            return try splitPart(strings, delimiters, numbers, rows: rows, text: text)
        }
        if f == .length {
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
            for row in 0 ..< rows {
                guard let s = str(0, row) else { nulls[row] = true; continue }
                values[row] = Int32(truncatingIfNeeded: s.reduce(0) { $0 + (($1 & 0xC0) != 0x80 ? 1 : 0) })
            }
            return .int32(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        }

        var out = ColumnFactory.TextBuilder(rows: rows)
        for row in 0 ..< rows {
            let value: [UInt8]?
            switch f {
            case .lower, .upper:
                value = str(0, row).map { caseMapped($0, upper: f == .upper) }
            case .initcap:
                value = str(0, row).map(initcap)
            case .concat:
                var joined: [UInt8] = []
                var anyNull = false
                for i in args.indices {
                    guard let s = str(i, row) else { anyNull = true; break }
                    joined += s
                }
                value = anyNull ? nil : joined
            case .concatWS:
                if let sep = str(0, row) {
                    var parts: [ArraySlice<UInt8>] = []
                    for i in args.indices.dropFirst() { if let s = str(i, row) { parts.append(s) } }
                    value = Array(parts.joined(separator: sep))
                } else { value = nil }
            case .substring:
                if let s = str(0, row), let pos = int(1, row) {
                    let length = args.count > 2 ? int(2, row) : Int64.max
                    value = length.map { substring(s, pos: pos, length: $0) }
                } else { value = nil }
            case .trim, .ltrim, .rtrim:
                if var s = str(0, row) {
                    if f != .rtrim { while s.first == 0x20 { s = s.dropFirst() } }
                    if f != .ltrim { while s.last == 0x20 { s = s.dropLast() } }
                    value = Array(s)
                } else { value = nil }
            case .replace:
                if let s = str(0, row), let search = str(1, row) {
                    let replacement = args.count > 2 ? str(2, row) : ArraySlice<UInt8>()
                    value = replacement.map { replace(s, search, $0) }
                } else { value = nil }
            case .lpad, .rpad:
                if let s = str(0, row), let length = int(1, row) {
                    guard length <= 1_000_000 else {
                        throw SQLError("\(f == .lpad ? "lpad" : "rpad"): a length of \(length) is more than 1000000 in \(text)")
                    }
                    let pad = args.count > 2 ? str(2, row) : ArraySlice(" ".utf8)
                    value = pad.map { padded(s, to: length, with: $0, left: f == .lpad) }
                } else { value = nil }
            case .splitPart:
                value = nil  // an argument of another type: NULL, as before the fast path
            default:
                throw SQLError("internal error: \(f) is not a string function")
            }
            if let value { out.append(value) } else { out.appendNull() }
        }
        return out.result
    }

    private static func isASCII(_ s: ArraySlice<UInt8>) -> Bool { s.allSatisfy { $0 < 0x80 } }

    static func caseMapped(_ s: ArraySlice<UInt8>, upper: Bool) -> [UInt8] {
        if isASCII(s) {
            return s.map { b in
                if upper, b >= 0x61, b <= 0x7A { return b - 32 }
                if !upper, b >= 0x41, b <= 0x5A { return b + 32 }
                return b
            }
        }
        let string = String(decoding: s, as: UTF8.self)
        return Array((upper ? string.uppercased() : string.lowercased()).utf8)
    }

    /// Spark's initcap: each word (split on spaces) with its first letter upper case, the rest lower.
    private static func initcap(_ s: ArraySlice<UInt8>) -> [UInt8] {
        let string = String(decoding: s, as: UTF8.self)
        var result = ""
        var startOfWord = true
        for ch in string {
            result += startOfWord ? String(ch).uppercased() : String(ch).lowercased()
            startOfWord = ch == " "
        }
        return Array(result.utf8)
    }

    /// Byte offsets where each character starts, plus the end.
    private static func boundaries(_ s: ArraySlice<UInt8>) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(s.count + 1)
        for i in s.indices where (s[i] & 0xC0) != 0x80 { starts.append(i) }
        starts.append(s.endIndex)
        return starts
    }

    /// Spark's `substring(s, pos, len)`: 1-based, 0 counts as 1, negative from the end.
    static func substring(_ s: ArraySlice<UInt8>, pos: Int64, length: Int64) -> [UInt8] {
        let bounds = boundaries(s)
        let count = Int64(bounds.count - 1)
        var start: Int64 = pos > 0 ? pos - 1 : (pos < 0 ? count + pos : 0)
        let end: Int64 = length == Int64.max ? count : min(count, start.addingReportingOverflow(length).overflow ? count : start + length)
        start = max(start, 0)
        guard start < end, start < count else { return [] }
        return Array(s[bounds[Int(start)] ..< bounds[Int(end)]])
    }

    private static func replace(_ s: ArraySlice<UInt8>, _ search: ArraySlice<UInt8>, _ replacement: ArraySlice<UInt8>) -> [UInt8] {
        guard !search.isEmpty else { return Array(s) }
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s.endIndex - i >= search.count, s[i ..< i + search.count].elementsEqual(search) {
                out += replacement
                i += search.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private static func padded(_ s: ArraySlice<UInt8>, to length: Int64, with pad: ArraySlice<UInt8>, left: Bool) -> [UInt8] {
        let target = Int(max(0, min(length, 1 << 20)))
        let bounds = boundaries(s)
        let count = bounds.count - 1
        if target <= count { return Array(s[s.startIndex ..< bounds[target]]) }
        let padBounds = boundaries(pad)
        let padChars = padBounds.count - 1
        guard padChars > 0 else { return Array(s) }
        var filler: [UInt8] = []
        var needed = target - count
        while needed > 0 {
            let take = min(needed, padChars)
            filler += pad[pad.startIndex ..< padBounds[take]]
            needed -= take
        }
        return left ? filler + s : Array(s) + filler
    }

    /// Spark's split_part: part n (1-based; negative counts from the end); '' when out of
    /// range. Each part is found in place and copied once into the result.
    private static func splitPart(_ strings: ByteColumn, _ delimiters: ByteColumn, _ numbers: FixedColumn<Int64>,
                                  rows: Int, text: String) throws -> Column {
        var out = ColumnFactory.TextBuilder(rows: rows, bytes: strings.bytes.count)
        var positions: [Int] = []
        for row in 0 ..< rows {
            guard !strings.isNull(row), !delimiters.isNull(row), let n = numbers.value(row) else { out.appendNull(); continue }
            guard n != 0 else { throw SQLError("split_part: the part number must not be 0 in \(text)") }
            strings.withValue(row) { s in
                delimiters.withValue(row) { delimiter in
                    if let part = partRange(s, delimiter, n, positions: &positions) {
                        out.append(UnsafeRawBufferPointer(rebasing: s[part]))
                    } else {
                        out.append(UnsafeRawBufferPointer(start: nil, count: 0))
                    }
                }
            }
        }
        return out.result
    }

    /// The bytes of part `n` of `s` split at `delimiter` (non-overlapping, from the left);
    /// nil when there is no such part. `positions`: scratch space for negative `n`.
    static func partRange(_ s: UnsafeRawBufferPointer, _ delimiter: UnsafeRawBufferPointer, _ n: Int64,
                          positions: inout [Int]) -> Range<Int>? {
        let d = delimiter.count
        guard d > 0 else { return n == 1 || n == -1 ? 0 ..< s.count : nil }
        if n > 0 {
            var start = 0
            for _ in 1 ..< n {
                guard let found = ByteSearch.firstIndex(of: delimiter, in: s, from: start) else { return nil }
                start = found + d
            }
            return start ..< (ByteSearch.firstIndex(of: delimiter, in: s, from: start) ?? s.count)
        }
        positions.removeAll(keepingCapacity: true)
        var at = 0
        while let found = ByteSearch.firstIndex(of: delimiter, in: s, from: at) {
            positions.append(found)
            at = found + d
        }
        let parts = positions.count + 1
        guard n >= -Int64(parts) else { return nil }
        let index = parts + Int(n)
        return (index == 0 ? 0 : positions[index - 1] + d) ..< (index == positions.count ? s.count : positions[index])
    }
}
