import Columns

/// A JSON value that keeps numbers as their source text. Stats and schema strings
/// carry decimals such as 12345678901234567.89 that a Double would round, so the
/// log's nested JSON documents are parsed with this rather than through Double.
public enum DeltaJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number exactly as written (validated JSON number syntax).
    case number(String)
    case string(String)
    case array([DeltaJSON])
    case object([String: DeltaJSON])

    public subscript(key: String) -> DeltaJSON? {
        if case let .object(members) = self { members[key] } else { nil }
    }

    public var stringValue: String? {
        if case let .string(s) = self { s } else { nil }
    }

    public var int64Value: Int64? {
        if case let .number(text) = self { Int64(text) } else { nil }
    }

    /// Scalars as the text a string map would hold; nested values as JSON.
    public var plainText: String {
        switch self {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .number(n): n
        case let .string(s): s
        case .array, .object: serialized()
        }
    }

    // MARK: Writing

    /// Compact JSON; object keys sorted so that equal values serialize equally.
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n): out += n
        case let .string(s): DeltaJSON.writeString(s, to: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                DeltaJSON.writeString(key, to: &out)
                out += ":"
                members[key]?.write(to: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ s: String, to out: inout String) {
        out += JSONString.quoted(s)
    }

    // MARK: Reading

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> DeltaJSON {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses raw bytes, so that an error's offset is the byte offset in the file.
    public static func parse(bytes: [UInt8]) throws(ParseError) -> DeltaJSON {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.fail("trailing characters") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0
        /// Deep nesting is never legitimate in a Delta log; the cap keeps a hostile
        /// file from exhausting the stack.
        static let maxDepth = 64

        func fail(_ reason: String) -> ParseError { ParseError(offset: at, reason: reason) }

        var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { at += 1 }
        }

        mutating func expect(_ literal: String, _ value: DeltaJSON) throws(ParseError) -> DeltaJSON {
            for byte in literal.utf8 {
                guard current == byte else { throw fail("expected \(literal)") }
                at += 1
            }
            return value
        }

        mutating func value(depth: Int) throws(ParseError) -> DeltaJSON {
            guard depth < Parser.maxDepth else { throw fail("nested too deeply") }
            guard let c = current else { throw fail("unexpected end") }
            switch c {
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "{"): return try object(depth: depth)
            default: return .number(try number())
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> DeltaJSON {
            at += 1
            var items: [DeltaJSON] = []
            skipSpace()
            if current == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard let c = current else { throw fail("unterminated array") }
                at += 1
                if c == UInt8(ascii: "]") { return .array(items) }
                guard c == UInt8(ascii: ",") else { throw fail("expected , or ]") }
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> DeltaJSON {
            at += 1
            var members: [String: DeltaJSON] = [:]
            skipSpace()
            if current == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail("expected :") }
                at += 1
                skipSpace()
                members[key] = try value(depth: depth + 1)
                skipSpace()
                guard let c = current else { throw fail("unterminated object") }
                at += 1
                if c == UInt8(ascii: "}") { return .object(members) }
                guard c == UInt8(ascii: ",") else { throw fail("expected , or }") }
            }
        }

        mutating func number() throws(ParseError) -> String {
            let start = at
            if current == UInt8(ascii: "-") { at += 1 }
            var digits = 0
            while let c = current, c >= 0x30, c <= 0x39 { at += 1; digits += 1 }
            guard digits > 0 else { throw fail("expected a value") }
            if current == UInt8(ascii: ".") {
                at += 1
                var fraction = 0
                while let c = current, c >= 0x30, c <= 0x39 { at += 1; fraction += 1 }
                guard fraction > 0 else { throw fail("expected digits after .") }
            }
            if let c = current, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                at += 1
                if let s = current, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { at += 1 }
                var exponent = 0
                while let c = current, c >= 0x30, c <= 0x39 { at += 1; exponent += 1 }
                guard exponent > 0 else { throw fail("expected exponent digits") }
            }
            return String(decoding: bytes[start..<at], as: UTF8.self)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let c = current else { throw fail("short \\u escape") }
                at += 1
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }

        mutating func string() throws(ParseError) -> String {
            at += 1
            var out: [UInt8] = []
            while true {
                guard let c = current else { throw fail("unterminated string") }
                at += 1
                switch c {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = current else { throw fail("unterminated escape") }
                    at += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        // A high surrogate must pair with a following \u low surrogate.
                        if code >= 0xD800, code < 0xDC00 {
                            guard current == UInt8(ascii: "\\") else { throw fail("lone surrogate") }
                            at += 1
                            guard current == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                            at += 1
                            let low = try hex4()
                            guard low >= 0xDC00, low < 0xE000 else { throw fail("bad surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw fail("bad code point") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw fail("bad escape")
                    }
                default:
                    out.append(c)
                }
            }
        }
    }
}

/// Lenient Codable bridge: `commitInfo` from other engines carries numbers where
/// Spark writes strings (delta-rs metrics), and arbitrary nested objects.
extension DeltaJSON: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .number(String(i)) }
        else if let d = try? c.decode(Double.self) { self = .number(d.description) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([DeltaJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: DeltaJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n):
            if let i = Int64(n) { try c.encode(i) }
            else if let d = Double(n) { try c.encode(d) }
            else { try c.encode(n) }
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }
}
