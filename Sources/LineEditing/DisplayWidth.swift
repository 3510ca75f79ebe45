/// How many terminal columns a character takes: 2 for East Asian wide and full-width
/// characters and emoji, 1 for the rest (a grapheme cluster's combining marks take none).
/// Close to `wcwidth`, without a table of every Unicode version: the cursor lands right for
/// Latin, Greek, Cyrillic, CJK and emoji, which is what people type at a SQL prompt.
enum DisplayWidth {
    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains("\u{FE0F}") { return 2 }  // emoji presentation asked for
        return isWide(first) ? 2 : 1
    }

    static func of(_ characters: some Sequence<Character>) -> Int {
        characters.reduce(0) { $0 + of($1) }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation { return true }
        switch scalar.value {
        case 0x1100 ... 0x115F, 0x2E80 ... 0x303E, 0x3041 ... 0x33FF, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF,
             0xA000 ... 0xA4CF, 0xAC00 ... 0xD7A3, 0xF900 ... 0xFAFF, 0xFE30 ... 0xFE4F, 0xFF00 ... 0xFF60,
             0xFFE0 ... 0xFFE6, 0x20000 ... 0x3FFFD:
            return true
        default:
            return false
        }
    }
}
