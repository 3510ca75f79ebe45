import Ask
import Foundation
import LakeFixtures
import SQL
import Testing

/// The golden questions over the real sample lake: each answer's intermediate query is
/// the expected one and its result equals the result of SQL written by hand for it (not
/// the answer's own SQL); each refusal names what it did not understand.
@Suite("Ask golden questions")
struct GoldenTests {
    static let questions: [GoldenQuestion] = (try? GoldenQuestion.all()) ?? []

    @Test("the golden files load, cover at least 120 questions")
    func golden() throws {
        let questions = try GoldenQuestion.all()
        #expect(questions.count >= 120)
        for question in questions {
            #expect((question.query != nil && question.sql != nil) != (question.refuse != nil),
                    "\(question.ask): give query and sql, or refuse")
        }
    }

    @Test("answers match the hand-written SQL", arguments: questions)
    func answer(_ golden: GoldenQuestion) async throws {
        let asker = try await AskFixture.shared.asker()
        if let refuse = golden.refuse {
            var context = Asker.Context()
            if let before = golden.after { context.previous = try await asker.answer(before).query }
            do {
                let answer = try await asker.answer(golden.ask, context: context)
                Issue.record("\(golden.ask): answered (\(answer.interpretation)) instead of refusing")
            } catch let refusal as Refusal {
                let said = (refusal.notUnderstood + [refusal.reason ?? "", refusal.understood]).joined(separator: " | ")
                for word in refuse { #expect(said.contains(word), "\(golden.ask): refusal says \(said)") }
                #expect(!refusal.suggestions.isEmpty && refusal.suggestions.count <= 3)
            }
            return
        }
        let answer: Answer
        do {
            answer = try await AskFixture.shared.answer(golden)
        } catch {
            Issue.record("\(golden.ask): \(error)")
            return
        }
        #expect(answer.query.description == golden.query, "\(golden.ask)\n  interpretation: \(answer.interpretation)\n  sql: \(answer.sql)")
        for text in golden.says ?? [] {
            #expect(answer.interpretation.contains(text), "\(golden.ask): interpretation is \(answer.interpretation)")
        }
        let hand = try await asker.engine.run(golden.sql ?? "")
        let ordered = golden.ordered ?? (golden.sql ?? "").uppercased().contains("ORDER BY")
        let got = answer.result.rows(), want = hand.rows()
        #expect(!want.isEmpty, "\(golden.ask): the hand SQL returns no rows; a golden answer should hold some")
        #expect(CellCompare.rowsEqual(got, want, ordered: ordered),
                "\(golden.ask)\n  interpretation: \(answer.interpretation)\n  sql: \(answer.sql)\n  got: \(got.prefix(12))\n  want: \(want.prefix(12))")
    }
}

/// One ``Asker`` over the sample lake for the whole test process.
actor AskFixture {
    static let shared = AskFixture()
    private var made: Asker?
    private var answers: [String: Answer] = [:]

    /// A golden question's answer (after its previous question, for follow-ups), computed
    /// once per process: the golden and the DuckDB suites both need it.
    func answer(_ golden: GoldenQuestion) async throws -> Answer {
        let key = (golden.after ?? "") + "\u{1}" + golden.ask
        if let known = answers[key] { return known }
        let asker = try await asker()
        var context = Asker.Context()
        if let before = golden.after { context.previous = try await asker.answer(before).query }
        let answer = try await asker.answer(golden.ask, context: context)
        answers[key] = answer
        return answer
    }

    func lake() async throws -> String { try await SampleLake.shared.path() }

    func asker() async throws -> Asker {
        if let made { return made }
        let lake = try await SampleLake.shared.path()
        let asker = try Asker(engine: SQLEngine(lake: lake, workers: 2))
        made = asker
        return asker
    }
}
