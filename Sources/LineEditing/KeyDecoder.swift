/// Turns the bytes a terminal sends into `Key`s: UTF-8 text, control bytes and the
/// escape sequences of the usual terminals (xterm, VT100, rxvt, tmux, the Linux console).
///
/// Pure and incremental: `feed` may end in the middle of a sequence or a character,
/// which waits in `pending` for the next bytes. A lone Escape is indistinguishable from
/// the start of a sequence until the terminal stays silent, so the reader calls `flush`
/// after a short timeout. Bytes that form nothing known are dropped, never trapped on;
/// malformed UTF-8 becomes U+FFFD.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// True while bytes wait for the rest of a sequence or character.
    public var isPending: Bool { !pending.isEmpty }

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        var keys: [Key] = []
        for byte in bytes {
            pending.append(byte)
            while let (key, used) = Self.decode(pending, final: false) {
                pending.removeFirst(used)
                if let key { keys.append(key) }
                if pending.isEmpty { break }
            }
        }
        return keys
    }

    /// Whatever waits is taken as complete: a lone ESC is Escape, a cut-off sequence or
    /// character is dropped or replaced.
    public mutating func flush() -> [Key] {
        var keys: [Key] = []
        while !pending.isEmpty {
            guard let (key, used) = Self.decode(pending, final: true), used > 0 else { pending.removeAll(); break }
            pending.removeFirst(used)
            if let key { keys.append(key) }
        }
        return keys
    }

    /// The key at the start of `bytes` and how many bytes it took (a nil key: bytes that
    /// mean nothing, consumed); nil when more bytes are needed and `final` is false.
    static func decode(_ bytes: [UInt8], final: Bool) -> (Key?, Int)? {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x1B: return EscapeSequence.decode(bytes, final: final)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x09: return (.tab, 1)
        case 0x08, 0x7F: return (.backspace, 1)
        case 0x01 ... 0x1A: return (.control(Character(Unicode.Scalar(first + 0x60))), 1)
        case 0x00, 0x1C ... 0x1F: return (nil, 1)
        case 0x20 ... 0x7E: return (.character(Character(Unicode.Scalar(first))), 1)
        default: return UTF8Character.decode(bytes, final: final)
        }
    }
}

/// A multi-byte UTF-8 character at the start of the bytes.
enum UTF8Character {
    static let replacement: Key = .character("\u{FFFD}")

    static func decode(_ bytes: [UInt8], final: Bool) -> (Key?, Int)? {
        let length: Int
        switch bytes[0] {
        case 0xC2 ... 0xDF: length = 2
        case 0xE0 ... 0xEF: length = 3
        case 0xF0 ... 0xF4: length = 4
        default: return (replacement, 1)  // a stray continuation byte or an impossible lead
        }
        // A byte that cannot continue the character ends it early, as malformed.
        for index in 1 ..< min(length, bytes.count) where bytes[index] & 0xC0 != 0x80 {
            return (replacement, index)
        }
        guard bytes.count >= length else { return final ? (replacement, bytes.count) : nil }
        var decoder = UTF8()
        var iterator = bytes[0 ..< length].makeIterator()
        // C1 control characters (U+0080–U+009F) would steer the terminal if echoed.
        if case let .scalarValue(scalar) = decoder.decode(&iterator), scalar.value >= 0xA0 {
            return (.character(Character(scalar)), length)
        }
        return (replacement, length)  // overlong or a surrogate
    }
}
