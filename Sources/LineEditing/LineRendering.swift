/// Where the last drawing left things: how many rows the prompt and line took and the row
/// of the cursor among them, counted from the prompt's row. The next drawing starts by
/// going back to that first row.
public struct RenderedRows: Equatable, Sendable {
    public var rows: Int
    public var cursorRow: Int
    /// The line filled its last row exactly, so the drawing ended with a line break: the
    /// last row is empty (a submitted line needs no other).
    public var endsOnFreshRow: Bool

    public init(rows: Int = 1, cursorRow: Int = 0, endsOnFreshRow: Bool = false) {
        self.rows = rows
        self.cursorRow = cursorRow
        self.endsOnFreshRow = endsOnFreshRow
    }
}

/// The bytes that draw the prompt and the line, wrapped over as many rows as it takes (as
/// the terminal wraps them), and put the cursor in place. Each drawing goes back to the
/// prompt's row, clears to the end of the screen and writes everything again: simple, and
/// right whatever was edited. Pure, so it is tested without a terminal.
public enum LineRendering {
    /// `columns`: the terminal's width; `previous`: what the last drawing of this line left.
    public static func render(prompt: String, buffer: EditBuffer, columns: Int,
                              previous: RenderedRows) -> (text: String, rows: RenderedRows) {
        let columns = max(1, columns)
        let layout = Layout(cells: Array(prompt).map(DisplayWidth.of) + buffer.characters.map(DisplayWidth.of), columns: columns)
        var out = previous.cursorRow > 0 ? "\u{1B}[\(previous.cursorRow)A" : ""
        out += "\r\u{1B}[0J" + prompt + String(buffer.characters)
        var end = layout.end
        let fills = end.column >= columns
        if fills {
            // The terminal waits at the last column for the next character; a line break
            // makes where the cursor is certain.
            out += "\r\n"
            end = (end.row + 1, 0)
        }
        let cursor = layout.position(ofCell: Array(prompt).count + buffer.cursor)
        if end.row > cursor.row { out += "\u{1B}[\(end.row - cursor.row)A" }
        out += "\r"
        if cursor.column > 0 { out += "\u{1B}[\(cursor.column)C" }
        return (out, RenderedRows(rows: end.row + 1, cursorRow: cursor.row, endsOnFreshRow: fills))
    }

    /// Clears the screen and puts the cursor at the top left (Ctrl-L); draw the line after
    /// it with `previous` at its default.
    public static let clearScreen = "\u{1B}[H\u{1B}[2J"

    /// Where each cell goes when written from the left of a row `columns` wide: a
    /// character that does not fit in what is left of a row starts the next one.
    struct Layout {
        private(set) var starts: [(row: Int, column: Int)] = []
        private(set) var end: (row: Int, column: Int) = (0, 0)
        let columns: Int

        init(cells: [Int], columns: Int) {
            self.columns = columns
            var row = 0, column = 0
            for width in cells {
                if column + width > columns, column > 0 {
                    row += 1
                    column = 0
                }
                starts.append((row, column))
                column += width
            }
            end = (row, column)
        }

        /// Where the cursor stands before cell `index` (after the last: at the end, on the
        /// next row if the last one is full).
        func position(ofCell index: Int) -> (row: Int, column: Int) {
            if index < starts.count { return starts[index] }
            return end.column >= columns ? (end.row + 1, 0) : end
        }
    }
}
