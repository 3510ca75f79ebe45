/// The shell's own commands, a line starting with `.` where a statement could start
/// (as in sqlite3 and DuckDB).
public enum DotCommand: Equatable, Sendable {
    /// `.tables [TEXT]`: the lake's tables as `layer.table`, those containing TEXT.
    case tables(containing: String?)
    /// `.schema TABLE`: its columns and types.
    case schema(table: String)
    /// `.timer on|off`.
    case timer(Bool)
    /// `.mode table|csv|json`; `.mode` alone shows the current one.
    case mode(ShellMode?)
    case help
    /// `.quit` or `.exit`.
    case quit

    /// A dot command that cannot run, said so a person knows what to type instead.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `line` is meant as a dot command (its first non-space character is `.`).
    public static func isDotCommand(_ line: String) -> Bool {
        line.first { !$0.isWhitespace } == "."
    }

    /// A `;` at the end, typed out of habit, is ignored.
    public static func parse(_ line: String) throws(Problem) -> DotCommand {
        var line = Substring(line)
        while let last = line.last, last == ";" || last.isWhitespace { line.removeLast() }
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { throw Problem(description: "empty command") }
        let arguments = Array(words.dropFirst())
        switch name.lowercased() {
        case ".tables":
            guard arguments.count <= 1 else { throw usage(".tables [TEXT]") }
            return .tables(containing: arguments.first)
        case ".schema":
            guard arguments.count == 1 else { throw usage(".schema TABLE (e.g. .schema gold.fact_orders_enriched; .tables lists them)") }
            return .schema(table: arguments[0])
        case ".timer":
            switch arguments.map({ $0.lowercased() }) {
            case ["on"]: return .timer(true)
            case ["off"]: return .timer(false)
            default: throw usage(".timer on|off")
            }
        case ".mode":
            guard arguments.count <= 1 else { throw usage(".mode table|csv|json") }
            guard let argument = arguments.first else { return .mode(nil) }
            guard let mode = ShellMode(rawValue: argument.lowercased()) else { throw usage(".mode table|csv|json") }
            return .mode(mode)
        case ".help":
            return .help
        case ".quit", ".exit", ".q":
            return .quit
        default:
            throw Problem(description: "unknown command \(name) (.help lists the commands)")
        }
    }

    private static func usage(_ text: String) -> Problem { Problem(description: "usage: " + text) }

    public static let helpText = """
        Statements end with ';' and may span lines. Dot commands:
          .tables [TEXT]          the lake's tables (layer.table), those containing TEXT
          .schema TABLE           a table's columns and types
          .mode table|csv|json    how results are shown (table by default)
          .timer on|off           print each statement's time
          .help                   this text
          .quit, .exit            leave (so does Ctrl-D on an empty line)
        Keys: arrows, Home/End, Ctrl-A/E, Ctrl-U/K/W/Y, Up/Down for history, Ctrl-L clears the
        screen, Ctrl-Z suspends, Ctrl-C drops the line being typed or stops a running statement.

        """
}
