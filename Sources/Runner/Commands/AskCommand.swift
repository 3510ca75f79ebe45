import ArgumentParser
import Ask
import Foundation
import ObjectStorage
import Pipeline
import SQL
import Workers

/// `medallion ask --lake DIR "question"`: a question in plain English, answered from the
/// lake through the semantic model (module `Ask`): how it was understood, the SQL, the result.
struct AskCommand: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question in plain English from the lake (no language model: a semantic model and rules).",
        discussion: """
        Prints how the question was understood (one line), the SQL it runs, and the result. \
        --format json prints {"question", "interpretation", "sql", "columns", "rows"}. \
        A question it cannot answer exactly exits 2 with what it understood, what it did not, \
        and questions close to it that it can answer. \
        Without a question: on a terminal, a prompt (follow-ups such as "and in 2024?" or \
        "only for Retailer" change the previous question); otherwise one question per line \
        of standard input, follow-ups included. --model FILE reads a semantic model (YAML) \
        instead of the SportsBar one.
        """)

    @Option(help: "The lake folder.")
    var lake: String

    @Argument(help: "The question.")
    var question: String?

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(help: "A semantic model (YAML) instead of the SportsBar one.")
    var model: String?

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    mutating func run() async throws {
        lake = try LakeLocation.open(lake)
        guard (try? StoragePaths.isDirectory(lake)) == true else {
            writeStandardError("error: lake folder not found: \(lake)\n")
            throw ExitCode(1)
        }
        do { try WorkerOption.check(workers) } catch {
            writeStandardError("Error: \(error)\n")
            throw ExitCode(2)
        }
        let semantic: SemanticModel
        do { semantic = try model.map(SemanticModel.load(path:)) ?? (try SemanticModel.sportsBar) } catch {
            writeStandardError("error: \(error)\n")
            throw ExitCode(1)
        }
        let engine = SQLEngine(lake: lake, catalog: try SQLCommand.catalog(lake), workers: workers)
        let asker = Asker(engine: engine, model: semantic)
        let format = format
        if let question {
            let status = await Self.ask(question, asker: asker, context: nil, format: format).status
            if status != 0 { throw ExitCode(status) }
            return
        }
        await AskLoop.run(asker: asker, lake: lake, format: format)
    }

    /// Answers one question and prints it; the status is 0, 1 (the lake could not be read)
    /// or 2 (refused). The answer's query is the next question's context.
    static func ask(_ question: String, asker: Asker, context: AskQuery?, format: OutputFormat) async -> (status: Int32, query: AskQuery?) {
        do {
            let answer = try await asker.answer(question, context: Asker.Context(previous: context))
            switch format {
            case .json: FileHandle.standardOutput.write(Data((AnswerJSON.answer(answer) + "\n").utf8))
            case .table:
                let count = answer.result.rowCount
                let text = answer.interpretation + "\n\n" + answer.sql + "\n\n"
                    + TextTable.render(header: answer.result.columnNames, rows: ResultText.cells(answer.result))
                    + "\n(\(count) row\(count == 1 ? "" : "s"))\n"
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return (0, answer.query)
        } catch let refusal as Refusal {
            if format == .json { FileHandle.standardOutput.write(Data((AnswerJSON.refusal(refusal) + "\n").utf8)) }
            writeStandardError(refusal.description + "\n")
            return (2, context)
        } catch let error as SQLError {
            writeStandardError(error.rendered + "\n")
            return (1, context)
        } catch {
            writeStandardError("error: \(error)\n")
            return (1, context)
        }
    }
}
