import Foundation
import SQL
import Synchronization
import Workers

/// The shell without the terminal: lines in (from ``LineEditing`` or a test), statements
/// run on the engine, results and errors out. An error is printed and the session goes on.
///
///     var session = ShellSession(engine: engine, render: render, output: output)
///     while case let .line(text) = reader.readLine(prompt: session.prompt) {
///         if await session.handle(text) == .quit { break }
///     }
public struct ShellSession: Sendable {
    public enum Step: Equatable, Sendable { case proceed, quit }

    public static let prompt = "medallion> "
    /// As wide as `prompt`, so continued lines line up.
    public static let continuationPrompt = "      ...> "

    public private(set) var settings: ShellSettings
    public let running = RunningStatement()
    private var splitter = StatementSplitter()
    /// The lines of the unfinished statement as typed, for the history.
    private var typed: [String] = []
    /// Whether one of them ended where a line break cannot become a space.
    private var typedKeepsLineBreaks = false
    /// Entries for the line editor's history, waiting for `takeHistory`.
    private var history: [String] = []
    private let engine: SQLEngine
    private let render: @Sendable (SQLResult, ShellMode) -> String
    private let output: ShellOutput

    /// `render`: a result as text in a mode (the same text `medallion sql --format` writes).
    public init(engine: SQLEngine, settings: ShellSettings = ShellSettings(),
                render: @escaping @Sendable (SQLResult, ShellMode) -> String, output: ShellOutput) {
        self.engine = engine
        self.settings = settings
        self.render = render
        self.output = output
    }

    /// The prompt for the next line: the continuation prompt inside a statement.
    public var prompt: String { splitter.needsMore ? Self.continuationPrompt : Self.prompt }

    /// Ctrl-C at the prompt: the unfinished statement is dropped (and kept in the history,
    /// to be fetched back if the Ctrl-C was a slip).
    public mutating func interrupt() {
        splitter.reset()
        finishHistoryEntry()
    }

    /// What the history should keep of the lines handled since the last call: a dot command
    /// as typed, a statement over several lines as one line (Up brings the whole statement
    /// back), or its lines one by one when joining them would change it (a line ending in a
    /// `--` comment or inside a string).
    public mutating func takeHistory() -> [String] {
        defer { history.removeAll() }
        return history
    }

    private mutating func finishHistoryEntry() {
        let lines = typed.filter { !$0.allSatisfy(\.isWhitespace) }
        if typedKeepsLineBreaks {
            history += lines
        } else if !lines.isEmpty {
            history.append(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        }
        typed.removeAll()
        typedKeepsLineBreaks = false
    }

    /// One line typed: a dot command (where a statement could start), or part of
    /// statements, each run as soon as its `;` arrives.
    public mutating func handle(_ line: String) async -> Step {
        if !splitter.needsMore, DotCommand.isDotCommand(line) {
            history.append(line)
            do {
                return try await perform(DotCommand.parse(line))
            } catch let error as SQLError {
                output.error("error: \(error.message)\n")  // the statement behind the command is not the user's: no caret
            } catch {
                output.error("error: \(error)\n")
            }
            return .proceed
        }
        let statements = splitter.add(line: line)
        typed.append(line)
        typedKeepsLineBreaks = typedKeepsLineBreaks || splitter.lastLineBreakMatters
        if !splitter.needsMore { finishHistoryEntry() }
        for statement in statements { await run(statement) }
        return .proceed
    }

    /// Runs one statement (cancellable through `running`) and prints what came of it.
    private func run(_ sql: String) async {
        let engine = self.engine, mode = settings.mode, render = self.render, output = self.output
        let started = ContinuousClock.now
        let outcome = Mutex<Result<SQLResult, any Error>?>(nil)
        let cancelled = await running.run {
            do {
                let result = try await WorkerThreads.run(workers: engine.workers) { try await engine.run(sql) }
                outcome.withLock { $0 = .success(result) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        if cancelled {
            output.error("interrupted\n")
            return
        }
        switch outcome.withLock({ $0 }) {
        case let .success(result)?: output.standard(render(result, mode))
        case let .failure(error as SQLError)?: output.error(error.rendered + "\n")
        case let .failure(error)?: output.error("error: \(error)\n")
        case nil: break
        }
        if settings.timer {
            output.standard("Run Time: " + Format.decimal((ContinuousClock.now - started).seconds, 3) + " s\n")
        }
    }

    private mutating func perform(_ command: DotCommand) async throws -> Step {
        switch command {
        case .quit:
            return .quit
        case .help:
            output.standard(DotCommand.helpText)
        case let .timer(on):
            settings.timer = on
        case let .mode(mode?):
            settings.mode = mode
        case .mode(nil):
            output.standard(settings.mode.rawValue + "\n")
        case let .tables(containing):
            try await listTables(containing: containing)
        case let .schema(table):
            try await describe(table)
        }
        return .proceed
    }

    private func listTables(containing text: String?) async throws {
        let result = try await engine.run("SHOW TABLES")
        let names = result.rows().map { ($0.first.flatMap { $0 } ?? "") + "." + ($0.dropFirst().first.flatMap { $0 } ?? "") }
        let shown = names.filter { text == nil || $0.localizedCaseInsensitiveContains(text ?? "") }  // SHOW TABLES' order: by layer, then name
        output.standard(shown.map { $0 + "\n" }.joined())
    }

    /// The columns and types, aligned, then the partition columns (DESCRIBE's rows after
    /// its `# Partition Information` line).
    private func describe(_ table: String) async throws {
        let rows = try await engine.run("DESCRIBE \(table)").rows().map { ($0.first.flatMap { $0 } ?? "", $0.dropFirst().first.flatMap { $0 } ?? "") }
        let columns = rows.prefix { !$0.0.hasPrefix("#") }
        let partitions = rows.drop { !$0.0.hasPrefix("# col_name") }.dropFirst().map(\.0)
        let width = columns.map(\.0.count).max() ?? 0
        var text = columns.map { name, type in
            "  " + name + String(repeating: " ", count: width - name.count) + "  " + type + "\n"
        }.joined()
        if !partitions.isEmpty { text += "  partitioned by " + partitions.joined(separator: ", ") + "\n" }
        output.standard(table + "\n" + text)
    }
}
