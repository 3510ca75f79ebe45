#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a terminal with editing and history (``LineEditor`` for the keys,
/// ``LineRendering`` for the screen). The terminal is in raw mode only while a line is
/// being read, so whatever runs between two lines sees a normal terminal, Ctrl-C included.
///
///     let reader = LineReader(historyFile: HistoryFile(path: "/home/me/.medallion_history"))
///     while case let .line(text) = reader.readLine(prompt: "medallion> ") { … }
///
/// Keys typed or pasted beyond the end of a line wait for the next `readLine`.
public final class LineReader {
    public enum Result: Equatable, Sendable {
        case line(String)
        /// Ctrl-C: the line was dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    public private(set) var history: History
    private let historyFile: HistoryFile?
    private let recordsLines: Bool
    /// Whether the terminal takes escape sequences (see `canEdit`).
    private let editable: Bool
    private let io: TerminalIO
    private var decoder = KeyDecoder()
    private var typedAhead: [Key] = []
    /// How long the rest of an escape sequence may take before ESC counts as the Escape key.
    private static let escapeTimeoutMilliseconds: Int32 = 50

    /// `historyFile`: where history is loaded from and saved to (nil: this session only).
    /// `recordsLines`: each submitted line joins the history; false when the caller decides
    /// what to keep (`addHistory`), e.g. whole statements typed over several lines.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, historyFile: HistoryFile? = nil,
                historyLimit: Int = 1000, recordsLines: Bool = true) {
        io = TerminalIO(input: input, output: output)
        self.historyFile = historyFile
        self.recordsLines = recordsLines
        editable = Self.canEdit(input: input, output: output)
        history = historyFile?.load(limit: historyLimit) ?? History(limit: historyLimit)
    }

    /// True when lines can be edited here: both ends are terminals and the terminal is
    /// not a dumb one (Emacs' shell buffer, a serial console).
    public static func canEdit(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) -> Bool {
        guard isatty(input) == 1, isatty(output) == 1 else { return false }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        return !["dumb", "cons25", "emacs"].contains(term)
    }

    /// Reads one line showing `prompt`.
    public func readLine(prompt: String) -> Result {
        guard editable, RawMode.enable(io.input) else { return plainReadLine(prompt: prompt) }
        defer { RawMode.restore() }
        var editor = LineEditor(history: history)
        var rendered = RenderedRows()
        func draw(_ buffer: EditBuffer, after prefix: String = "") {
            let (text, rows) = LineRendering.render(prompt: prompt, buffer: buffer, columns: io.columns, previous: rendered)
            io.send(prefix + text)
            rendered = rows
        }
        /// The whole line with the cursor after it, then `mark` and a new row: what stays on
        /// screen.
        func showWhole(mark: String = "") {
            var whole = editor.buffer
            whole.moveToEnd()
            draw(whole)
            if !mark.isEmpty || !rendered.endsOnFreshRow { io.send(mark + "\r\n") }
        }
        draw(editor.buffer)
        while true {
            guard let key = nextKey() else {
                io.send("\r\n")
                return .endOfInput
            }
            switch editor.handle(key) {
            case .redraw:
                draw(editor.buffer)
            case .unchanged:
                continue
            case .clearScreen:
                rendered = RenderedRows()
                draw(editor.buffer, after: LineRendering.clearScreen)
            case .suspend:
                showWhole()
                guard suspend() else { return .endOfInput }
                rendered = RenderedRows()
                draw(editor.buffer)
            case let .submit(line):
                showWhole()
                if recordsLines { addHistory(line) }
                return .line(line)
            case .interrupt:
                showWhole(mark: "^C")
                typedAhead.removeAll()
                return .interrupted
            case .endOfInput:
                io.send("\r\n")
                return .endOfInput
            }
        }
    }

    /// Stops the process as Ctrl-Z would with a normal terminal, the terminal restored while
    /// stopped; false if raw mode cannot be had again after `fg`.
    private func suspend() -> Bool {
        RawMode.restore()
        // To the process: this thread may block the signal (a dispatch thread does); another
        // takes it and the whole process stops within the pause. After `fg` the pause is over
        // at once; if nothing stopped us (an orphaned process group), it only waited.
        kill(getpid(), SIGTSTP)
        usleep(100_000)
        return RawMode.enable(io.input)
    }

    /// The next key: typed ahead, or read (nil when the terminal is gone).
    private func nextKey() -> Key? {
        while typedAhead.isEmpty {
            let timeout = decoder.isPending ? Self.escapeTimeoutMilliseconds : -1
            guard let bytes = io.readAvailable(timeoutMilliseconds: timeout) else { return nil }
            typedAhead += bytes.isEmpty ? decoder.flush() : decoder.feed(bytes)
        }
        return typedAhead.removeFirst()
    }

    /// No raw mode (a dumb terminal, or not a terminal at all): the terminal's own line editing.
    private func plainReadLine(prompt: String) -> Result {
        io.send(prompt)
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        if recordsLines { addHistory(line) }
        return .line(line)
    }

    /// Adds `entry` to the history (and its file) unless it is blank or repeats the last.
    public func addHistory(_ entry: String) {
        if history.add(entry) { historyFile?.save(history) }
    }
}
