/// What the editor wants done after a key.
public enum EditOutcome: Equatable, Sendable {
    /// The line changed or the cursor moved: draw it again.
    case redraw
    /// Nothing changed (a key with no binding, Left at the start of the line…).
    case unchanged
    /// Enter: the line is finished.
    case submit(String)
    /// Ctrl-C: the line is dropped.
    case interrupt
    /// Ctrl-D on an empty line: no more input.
    case endOfInput
    /// Ctrl-L: clear the screen, then draw the line.
    case clearScreen
    /// Ctrl-Z: stop the program as the shell's job control would (raw mode turned that
    /// key into a byte); the line is drawn again when it continues.
    case suspend
}

/// The editing logic without a terminal: a buffer, the history to walk with Up/Down, and
/// the key bindings of readline's emacs mode (the ones sqlite3, DuckDB and bash share).
///
/// While walking the history, edits to recalled lines are kept in a scratch copy until
/// Enter, as readline does; the history itself only grows by submitted lines.
public struct LineEditor: Sendable {
    public private(set) var buffer = EditBuffer()
    /// History entries, then the line being typed; `position` indexes it.
    private var scratch: [String]
    private var position: Int
    /// The text Ctrl-U/K/W removed last, for Ctrl-Y.
    private var killed = ""

    public init(history: History = History()) {
        scratch = history.entries + [""]
        position = scratch.count - 1
    }

    public mutating func handle(_ key: Key) -> EditOutcome {
        switch key {
        case let .character(character):
            buffer.insert(character)
            return .redraw
        case .tab:
            buffer.insert("  ")  // no completion: indent, as a pasted tab would
            return .redraw
        case .enter:
            return .submit(buffer.text)
        case .backspace, .control("h"): return buffer.deleteBackward() ? .redraw : .unchanged
        case .delete: return buffer.deleteForward() ? .redraw : .unchanged
        case .control("d"):
            if buffer.isEmpty { return .endOfInput }
            return buffer.deleteForward() ? .redraw : .unchanged
        case .left, .control("b"): return buffer.moveLeft() ? .redraw : .unchanged
        case .right, .control("f"): return buffer.moveRight() ? .redraw : .unchanged
        case .home, .control("a"): buffer.moveToStart(); return .redraw
        case .end, .control("e"): buffer.moveToEnd(); return .redraw
        case .wordLeft, .alt("b"): buffer.moveWordLeft(); return .redraw
        case .wordRight, .alt("f"): buffer.moveWordRight(); return .redraw
        case .up, .control("p"): return recall(offset: -1)
        case .down, .control("n"): return recall(offset: 1)
        case .control("u"): return keep(buffer.killToStart())
        case .control("k"): return keep(buffer.killToEnd())
        case .control("w"): return keep(buffer.killToSpaceBackward())
        case .deleteWordBackward: return keep(buffer.killWordBackward())
        case .control("y"):
            guard !killed.isEmpty else { return .unchanged }
            buffer.insert(killed)
            return .redraw
        case .control("t"): return buffer.transpose() ? .redraw : .unchanged
        case .control("c"): return .interrupt
        case .control("l"): return .clearScreen
        case .control("z"): return .suspend
        default: return .unchanged
        }
    }

    private mutating func keep(_ removed: String) -> EditOutcome {
        guard !removed.isEmpty else { return .unchanged }
        killed = removed
        return .redraw
    }

    private mutating func recall(offset: Int) -> EditOutcome {
        let target = position + offset
        guard scratch.indices.contains(target) else { return .unchanged }
        scratch[position] = buffer.text
        position = target
        buffer.replace(with: scratch[position])
        return .redraw
    }
}
