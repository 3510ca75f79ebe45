/// The escape sequences of arrows, Home/End, Delete and Alt-keys, in the forms xterm,
/// VT100 application mode, rxvt and the Linux console send.
enum EscapeSequence {
    /// `bytes` starts with ESC.
    static func decode(_ bytes: [UInt8], final: Bool) -> (Key?, Int)? {
        guard bytes.count >= 2 else { return final ? (.escape, 1) : nil }
        switch bytes[1] {
        case UInt8(ascii: "["): return controlSequence(bytes, final: final)
        case UInt8(ascii: "O"):
            guard bytes.count >= 3 else { return final ? (.alt("O"), 2) : nil }
            return (ss3Key(bytes[2]), 3)
        case 0x7F, 0x08: return (.deleteWordBackward, 2)
        case 0x1B: return (.escape, 1)  // Escape pressed twice: the first one alone
        case 0x20 ... 0x7E: return (.alt(Character(Unicode.Scalar(bytes[1]))), 2)
        default: return (.escape, 1)
        }
    }

    /// `ESC [ parameters final`: parameters are digits and `;`, the final byte is
    /// 0x40–0x7E.
    private static func controlSequence(_ bytes: [UInt8], final: Bool) -> (Key?, Int)? {
        var index = 2
        while index < bytes.count, (0x30 ... 0x3F).contains(bytes[index]) || (0x20 ... 0x2F).contains(bytes[index]) {
            index += 1
        }
        guard index < bytes.count else { return final ? (nil, bytes.count) : nil }
        let terminator = bytes[index]
        guard (0x40 ... 0x7E).contains(terminator) else { return (nil, index) }  // broken: drop what came before
        let parameters = String(decoding: bytes[2 ..< index], as: UTF8.self).split(separator: ";").map { Int($0) ?? 0 }
        let modified = parameters.count >= 2 && parameters[1] != 1  // Ctrl/Alt with an arrow: ESC [ 1 ; 5 C
        let key: Key?
        switch terminator {
        case UInt8(ascii: "A"): key = .up
        case UInt8(ascii: "B"): key = .down
        case UInt8(ascii: "C"): key = modified ? .wordRight : .right
        case UInt8(ascii: "D"): key = modified ? .wordLeft : .left
        case UInt8(ascii: "H"): key = .home
        case UInt8(ascii: "F"): key = .end
        case UInt8(ascii: "~"):
            switch parameters.first ?? 0 {
            case 1, 7: key = .home
            case 4, 8: key = .end
            case 3: key = .delete
            default: key = nil  // Insert, Page Up/Down, function keys, paste brackets
            }
        default: key = nil
        }
        return (key, index + 1)
    }

    /// `ESC O x`: application-mode arrows and Home/End.
    private static func ss3Key(_ byte: UInt8) -> Key? {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }
}
