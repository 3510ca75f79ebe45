import Foundation

/// Says where and how bytes that should be JSON are broken, in words a person can
/// act on: "truncated JSON: the file ends inside line 3 (byte 1234)", "invalid
/// UTF-8 at byte 88 (line 2)". Only called once a fast decode has failed, so the
/// second, careful pass costs nothing on healthy files.
public enum JSONDamage {
    /// Why newline-delimited JSON (a Delta commit) is not valid; nil when every
    /// non-blank line is a JSON object. `line` checks each line further (the action
    /// decoding) and returns its own complaint.
    public static func inLines(_ bytes: [UInt8], line check: (([UInt8]) -> String?)? = nil) -> String? {
        if bytes.isEmpty { return "the file is empty (0 bytes)" }
        if let bad = firstInvalidUTF8(bytes) { return "invalid UTF-8 at byte \(bad) (line \(lineNumber(bytes, bad)))" }
        var start = 0
        var line = 1
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let content = Array(bytes[start ..< end])
            if !content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                if let complaint = problem(content, lineStart: start, line: line, endsFile: end == bytes.count) {
                    return complaint
                }
                if let check, let complaint = check(content) { return "line \(line) (byte \(start)): \(complaint)" }
            }
            start = end + 1
            line += 1
        }
        return nil
    }

    /// Why one JSON document (a run manifest) is not valid; nil when it parses.
    public static func inDocument(_ bytes: [UInt8]) -> String? {
        if bytes.isEmpty { return "the file is empty (0 bytes)" }
        if let bad = firstInvalidUTF8(bytes) { return "invalid UTF-8 at byte \(bad) (line \(lineNumber(bytes, bad)))" }
        do throws(DeltaJSON.ParseError) {
            _ = try DeltaJSON.parse(bytes: bytes)
            return nil
        } catch {
            let line = lineNumber(bytes, error.offset)
            if error.offset >= bytes.count {
                return "truncated JSON: the file ends inside a value at byte \(bytes.count) (line \(line)); it was cut short"
            }
            return "invalid JSON at byte \(error.offset) (line \(line)): \(error.reason)"
        }
    }

    /// A decoding failure of valid JSON (a known action missing a field, a wrong
    /// type) in words, naming the field.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "required field \(path(context, key)) is missing"
        case let .valueNotFound(_, context): return "field \(path(context)) is null"
        case let .typeMismatch(type, context): return "field \(path(context)) is not a \(type)"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? context.debugDescription : "field \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func problem(_ content: [UInt8], lineStart: Int, line: Int, endsFile: Bool) -> String? {
        let value: DeltaJSON
        do throws(DeltaJSON.ParseError) {
            value = try DeltaJSON.parse(bytes: content)
        } catch {
            let at = lineStart + error.offset
            if error.offset >= content.count {
                return endsFile
                    ? "truncated JSON: the file ends inside line \(line) (byte \(at)); it was cut short"
                    : "truncated JSON: line \(line) stops inside a value (byte \(at))"
            }
            return "invalid JSON at line \(line), byte \(at): \(error.reason)"
        }
        guard case .object = value else { return "line \(line) (byte \(lineStart)) is not a JSON object" }
        return nil
    }

    static func lineNumber(_ bytes: [UInt8], _ offset: Int) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The offset of the first byte that breaks UTF-8, nil when all is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00 ... 0x7F: i += 1; continue
            case 0xC2 ... 0xDF: length = 2
            case 0xE0 ... 0xEF: length = 3
            case 0xF0 ... 0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1 ..< length where bytes[i + k] & 0xC0 != 0x80 { return i }
            // Overlong, surrogate and beyond-U+10FFFF forms.
            let second = bytes[i + 1]
            if b == 0xE0 && second < 0xA0 || b == 0xED && second > 0x9F || b == 0xF0 && second < 0x90 || b == 0xF4 && second > 0x8F {
                return i
            }
            i += length
        }
        return nil
    }
}
