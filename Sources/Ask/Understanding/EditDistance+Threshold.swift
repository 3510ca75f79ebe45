import SQLSyntax

extension EditDistance {
    /// How many edits a near miss of `length` characters may have: none up to 4 (short
    /// words are too easily another word), 1 up to 8, 2 up to 14, then 3.
    static func threshold(forLength length: Int) -> Int {
        switch length {
        case ..<5: return 0
        case ..<9: return 1
        case ..<15: return 2
        default: return 3
        }
    }
}
