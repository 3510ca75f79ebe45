/// How the shell shows results (`.mode`).
public enum ShellMode: String, CaseIterable, Sendable {
    /// An aligned table with a row count.
    case table
    /// CSV with a header line (RFC 4180).
    case csv
    /// JSON Lines.
    case json
}

/// What the dot commands change.
public struct ShellSettings: Equatable, Sendable {
    public var mode: ShellMode
    /// Whether each statement's time is printed after it (`.timer on`).
    public var timer: Bool

    public init(mode: ShellMode = .table, timer: Bool = false) {
        self.mode = mode
        self.timer = timer
    }
}
