/// The bytes that draw the prompt and the line on one terminal row and put the cursor in
/// place. A line wider than the row scrolls sideways so the cursor stays in view (as
/// linenoise's single-line mode does): nothing wraps while editing, so a redraw only needs
/// the current row, whatever the terminal did with earlier output or its width meanwhile.
/// A submitted line is written whole (`submitted`).
public enum LineRendering {
    /// `columns`: the terminal's width. The last column is left free, so writing never
    /// triggers the terminal's automatic wrap.
    public static func render(prompt: String, buffer: EditBuffer, columns: Int) -> String {
        let promptWidth = DisplayWidth.of(Array(prompt))
        let room = max(1, columns - promptWidth - 1)
        let characters = buffer.characters
        let cursor = buffer.cursor
        // The leftmost character shown: as far left as keeps the cursor's cell in view.
        var start = 0
        let cursorCell = cursor < characters.count ? DisplayWidth.of(characters[cursor]) : 1
        var widthBeforeCursor = DisplayWidth.of(characters[0 ..< cursor])
        while start < cursor, widthBeforeCursor + cursorCell > room {
            widthBeforeCursor -= DisplayWidth.of(characters[start])
            start += 1
        }
        var end = start, shownWidth = 0
        while end < characters.count, shownWidth + DisplayWidth.of(characters[end]) <= room {
            shownWidth += DisplayWidth.of(characters[end])
            end += 1
        }
        var out = "\r" + prompt + String(characters[start ..< max(start, end)]) + "\u{1B}[0K\r"
        let column = promptWidth + widthBeforeCursor
        if column > 0 { out += "\u{1B}[\(column)C" }
        return out
    }

    /// The line as it stays on screen once submitted: all of it, wrapping as the terminal
    /// wraps, so what ran can be read back in the scrollback even if it was scrolled while
    /// being edited; then a new line.
    public static func submitted(prompt: String, text: String) -> String {
        "\r" + prompt + text + "\u{1B}[0K\r\n"
    }

    /// Clears the screen and puts the cursor at the top left (Ctrl-L).
    public static let clearScreen = "\u{1B}[H\u{1B}[2J"
}
