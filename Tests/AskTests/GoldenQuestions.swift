import Foundation
import TestSupport
import Yams

/// One golden question (Tests/AskTests/Golden/*.yaml): the question, the previous
/// question when it is a follow-up, and either the expected intermediate query with SQL
/// written by hand that gives the expected result, or the words a refusal must name.
struct GoldenQuestion: Decodable, Sendable, CustomStringConvertible {
    var ask: String
    /// The question before (a follow-up's context), itself answered first.
    var after: String?
    /// ``AskQuery/description`` expected.
    var query: String?
    /// Hand-written SQL whose result the answer's must equal.
    var sql: String?
    /// Rows compared in order (default: when the hand SQL has ORDER BY).
    var ordered: Bool?
    /// A refusal expected; each of these must appear in its not-understood words or reason.
    var refuse: [String]?
    /// Text the interpretation must hold (an ambiguity rule, a correction, months).
    var says: [String]?

    var description: String { ask }

    static func all() throws -> [GoldenQuestion] {
        let folder = TestPaths.repoRoot.appendingPathComponent("Tests/AskTests/Golden").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        var questions: [GoldenQuestion] = []
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            do {
                questions += try YAMLDecoder().decode([GoldenQuestion].self, from: text)
            } catch {
                throw GoldenError(description: "\(file): \(error)")
            }
        }
        return questions
    }
}

struct GoldenError: Error, CustomStringConvertible { var description: String }

/// Cells equal as values: numbers by value (12.50 = 12.5; DOUBLE within 1e-9 relative,
/// and within `slack` for rounded percentages and prices computed in DOUBLE), else text.
enum CellCompare {
    static func equal(_ a: String?, _ b: String?, slack: Double = 0) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        let tolerance = max(slack, 1e-9 * max(abs(x), abs(y)))
        return abs(x - y) <= tolerance
    }

    static func rowsEqual(_ a: [[String?]], _ b: [[String?]], ordered: Bool, slack: Double = 0) -> Bool {
        guard a.count == b.count else { return false }
        let left = ordered ? a : a.sorted { $0.map { $0 ?? "" }.lexicographicallyPrecedes($1.map { $0 ?? "" }) }
        let right = ordered ? b : b.sorted { $0.map { $0 ?? "" }.lexicographicallyPrecedes($1.map { $0 ?? "" }) }
        for (r, s) in zip(left, right) {
            guard r.count == s.count, zip(r, s).allSatisfy({ equal($0, $1, slack: slack) }) else { return false }
        }
        return true
    }
}
