import Ask
import Foundation
import LineEditing

/// `medallion ask` without a question: a prompt on a terminal (`LineEditing`, history
/// shared with `medallion sql`), else one question per line of standard input. Each
/// answer's query is the context of the next question, for follow-ups.
enum AskLoop {
    static func run(asker: Asker, lake: String, format: AskCommand.OutputFormat) async {
        var context: AskQuery?
        guard isatty(STDIN_FILENO) == 1 else {
            var worst: Int32 = 0
            while let line = readLine() {
                let question = line.trimmingCharacters(in: .whitespaces)
                guard !question.isEmpty else { continue }
                let (status, query) = await AskCommand.ask(question, asker: asker, context: context, format: format)
                context = query
                worst = max(worst, status)
            }
            if worst != 0 { exit(worst) }
            return
        }
        let screen = isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO
        let reader = LineReader(input: STDIN_FILENO, output: screen, historyFile: SQLShellLoop.historyFile())
        FileHandle(fileDescriptor: screen).write(Data(
            "medallion ask on \(lake): ask in plain English (e.g. \"revenue by channel in 2025\"); follow-ups change the last question; Ctrl-D leaves.\n".utf8))
        loop: while true {
            switch reader.readLine(prompt: "ask> ") {
            case let .line(text):
                let question = text.trimmingCharacters(in: .whitespaces)
                if question.isEmpty { continue }
                if [".quit", ".exit", "quit", "exit"].contains(question) { break loop }
                if question == "new" || question == ".new" { context = nil; continue }
                context = await AskCommand.ask(question, asker: asker, context: context, format: format).query
                FileHandle.standardOutput.write(Data("\n".utf8))
            case .interrupted: continue
            case .endOfInput: break loop
            }
        }
    }
}
