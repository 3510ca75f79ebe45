/// The line being edited: characters (grapheme clusters, so the cursor never lands inside
/// an accented letter or an emoji) and a cursor between them, `0 ... count`.
public struct EditBuffer: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts at the cursor. A combining mark (or joiner) typed after a character joins
    /// it, as it will on screen.
    public mutating func insert(_ character: Character) {
        if cursor > 0, String([characters[cursor - 1], character]).count == 1 {
            characters[cursor - 1] = Character(String([characters[cursor - 1], character]))
            return
        }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func insert(_ text: String) {
        for character in text { insert(character) }
    }

    /// Removes the character before the cursor; false when there is none.
    @discardableResult
    public mutating func deleteBackward() -> Bool {
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    /// Removes the character under the cursor; false when the cursor is at the end.
    @discardableResult
    public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    @discardableResult
    public mutating func moveLeft() -> Bool {
        guard cursor > 0 else { return false }
        cursor -= 1
        return true
    }

    @discardableResult
    public mutating func moveRight() -> Bool {
        guard cursor < characters.count else { return false }
        cursor += 1
        return true
    }

    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = characters.count }

    /// To the start of the word before the cursor (words: letters, digits, `_`).
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }

    /// To the end of the word after the cursor.
    public mutating func moveWordRight() {
        var index = cursor
        while index < characters.count, !Self.isWordCharacter(characters[index]) { index += 1 }
        while index < characters.count, Self.isWordCharacter(characters[index]) { index += 1 }
        cursor = index
    }

    /// Removes from the start of the line to the cursor (Ctrl-U); what was removed.
    public mutating func killToStart() -> String { kill(0 ..< cursor) }

    /// Removes from the cursor to the end of the line (Ctrl-K); what was removed.
    public mutating func killToEnd() -> String { kill(cursor ..< characters.count) }

    /// Removes the word before the cursor and the spaces after it (Alt-Backspace; words:
    /// letters, digits, `_`); what was removed.
    public mutating func killWordBackward() -> String { kill(wordStart(before: cursor) ..< cursor) }

    /// Removes back to the previous space, and the spaces after it (Ctrl-W, as in
    /// readline: `gold.fact_orders` goes at once); what was removed.
    public mutating func killToSpaceBackward() -> String {
        var index = cursor
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return kill(index ..< cursor)
    }

    /// Swaps the characters before and under the cursor (Ctrl-T); at the end of the line,
    /// the last two.
    @discardableResult
    public mutating func transpose() -> Bool {
        guard characters.count >= 2, cursor > 0 else { return false }
        let right = min(cursor, characters.count - 1)
        characters.swapAt(right - 1, right)
        cursor = right + 1
        return true
    }

    /// Replaces the whole line, cursor at the end.
    public mutating func replace(with text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    private mutating func kill(_ range: Range<Int>) -> String {
        let removed = String(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
        return removed
    }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, !Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        while index > 0, Self.isWordCharacter(characters[index - 1]) { index -= 1 }
        return index
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
