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

    public internal(set) var settings: ShellSettings
    public let running = RunningStatement()
    private var splitter = StatementSplitter()
    /// The lines of the unfinished statement, for the history.
    private var typed = StatementHistory()
    /// Entries for the line editor's history, waiting for `takeHistory`.
    private var history: [String] = []
    let engine: SQLEngine
    let output: ShellOutput
    private let render: @Sendable (SQLResult, ShellMode) -> String

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
        history += typed.finish()
    }

    /// What the history should keep of the lines handled since the last call: dot commands
    /// as typed, statements as `StatementHistory` says.
    public mutating func takeHistory() -> [String] {
        defer { history.removeAll() }
        return history
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
        typed.add(line, lineBreakMatters: splitter.lastLineBreakMatters)
        if !splitter.needsMore { history += typed.finish() }
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
}
