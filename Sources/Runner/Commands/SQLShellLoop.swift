import Dispatch
import Foundation
import LineEditing
import SQL
import SQLShell

/// `medallion sql` on a terminal with no query: the interactive shell. Lines come from
/// the line editor (`LineEditing`), the session (`SQLShell`) runs them; Ctrl-C at the
/// prompt drops the line, during a statement it cancels the statement.
enum SQLShellLoop {
    static func run(engine: SQLEngine, lake: String, mode: ShellMode, timer: Bool) async {
        let output = ShellOutput(
            standard: { FileHandle.standardOutput.write(Data($0.utf8)) },
            error: { writeStandardError($0) })
        var session = ShellSession(
            engine: engine, settings: ShellSettings(mode: mode, timer: timer),
            render: { result, mode in SQLCommand.render(result, as: SQLCommand.OutputFormat(rawValue: mode.rawValue) ?? .table) },
            output: output)
        // Prompts and editing go where a person sees them, even with the results piped away.
        let screen = isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO
        let reader = LineReader(input: STDIN_FILENO, output: screen, historyFile: historyFile(), recordsLines: false)
        let interrupts = InterruptSignal.cancelling(session.running)
        defer { interrupts.stop() }

        FileHandle(fileDescriptor: screen).write(
            Data("medallion sql on \(lake): statements end with ';'. .help lists the commands; Ctrl-D leaves.\n".utf8))
        loop: while true {
            switch reader.readLine(prompt: session.prompt) {
            case let .line(text):
                let step = await session.handle(text)
                for entry in session.takeHistory() { reader.addHistory(entry) }
                if step == .quit { break loop }
            case .interrupted:
                session.interrupt()
                for entry in session.takeHistory() { reader.addHistory(entry) }
            case .endOfInput:
                break loop
            }
        }
    }

    /// `$MEDALLION_HISTORY` (empty: no history file), else `~/.medallion_history`.
    static func historyFile() -> HistoryFile? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["MEDALLION_HISTORY"] { return path.isEmpty ? nil : HistoryFile(path: path) }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return HistoryFile(path: home + "/.medallion_history")
    }
}

/// SIGINT (Ctrl-C while the terminal is not in raw mode, i.e. while a statement runs)
/// cancels the running statement instead of ending the process.
struct InterruptSignal {
    private let source: any DispatchSourceSignal

    static func cancelling(_ running: RunningStatement) -> InterruptSignal {
        signal(SIGINT, SIG_IGN)  // the dispatch source sees it; the default action would end the process
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            // The terminal echoed ^C; the "interrupted" that follows gets a line of its own.
            if running.cancel() { writeStandardError("\n") }
        }
        source.resume()
        return InterruptSignal(source: source)
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
