import LakeFixtures
import Foundation
import Testing

/// The real `medallion sql` on a pseudo-terminal, driven key by key.
@Suite("medallion sql's interactive shell on a terminal", .serialized)
struct ShellTerminalTests {
    /// The `medallion` executable built next to the test bundle (or `MEDALLION_BINARY`).
    static let binary: String? = {
        if let given = ProcessInfo.processInfo.environment["MEDALLION_BINARY"], !given.isEmpty { return given }
        let directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("medallion").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    private static let left = "\u{1B}[D", home = "\u{1B}[H", end = "\u{1B}[F", up = "\u{1B}[A"
    /// How the shell draws a prompt (either: both are 11 wide) with nothing typed yet.
    private static let emptyPrompt = "> \r\u{1B}[11C"

    @Test("type a statement over two lines, fix a typo with the arrows, run .tables, recall a line, see an error, leave with Ctrl-D",
          .timeLimit(.minutes(5)))
    func session() async throws {
        guard let binary = Self.binary else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("medallion binary not built next to the tests") }
            return
        }
        let lake = try await SampleLake.shared.path()
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("shell-history-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: history) }
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["MEDALLION_HISTORY"] = history
        let terminal = try PseudoTerminal(binary, ["sql", "--lake", lake, "--workers", "2"], environment: environment)

        // Keys typed while a statement runs reach a terminal that is not in raw mode yet (its
        // own line editing, ^C as a signal), as they would for a person typing ahead; this
        // test types each line once the shell has drawn its next empty prompt.
        var prompts = 0
        func nextPrompt() throws {
            prompts += 1
            try terminal.waitFor(Self.emptyPrompt, times: prompts)
        }
        try nextPrompt()
        terminal.type("SELECT count(*) AS orders_n\r")
        try nextPrompt()
        #expect(terminal.output.contains("      ...> "))
        // "enrichd" typed, then two Lefts to before "d;", the missing "e" in place; Home, End, Enter.
        terminal.type("FROM gold.fact_orders_enrichd;" + Self.left + Self.left + "e" + Self.home + Self.end + "\r")
        try nextPrompt()
        #expect(terminal.output.contains("orders_n"))
        #expect(terminal.output.contains("(1 row)"))

        terminal.type(".tables\r")
        try nextPrompt()
        #expect(terminal.output.contains("gold.fact_orders_enriched\r\n"))

        terminal.type("SELECT 40 + 2 AS answer;\r")
        try nextPrompt()
        terminal.type(Self.up + "\r")  // the same statement from the history
        try nextPrompt()
        #expect(terminal.output.components(separatedBy: "    42\r\n").count - 1 == 2)

        terminal.type("SELECT nope;\r")
        try nextPrompt()
        #expect(terminal.output.contains("unknown column 'nope'"))
        #expect(terminal.output.contains("   |        ^"))
        terminal.type("SELECT 'half typed\u{03}")  // Ctrl-C drops it
        try nextPrompt()
        let interrupted = terminal.output.components(separatedBy: "SELECT 'half typed").last ?? ""
        #expect(interrupted.contains("^C"))
        terminal.type("\u{04}")  // Ctrl-D on the empty line
        #expect(try terminal.waitForExit() == 0)

        let kept = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        // The statement typed over two lines is one entry, as it was run.
        #expect(kept == "SELECT count(*) AS orders_n FROM gold.fact_orders_enriched;\n.tables\nSELECT 40 + 2 AS answer;\nSELECT nope;\n")
    }
}
