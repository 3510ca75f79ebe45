import Columns
import SQL

/// Answers questions about a lake: ``answer(_:context:)`` reads the question into an
/// ``AskQuery`` (using the model and the values in the data), compiles it to Spark SQL and
/// runs it on the ``SQLEngine``. A server keeps one `Asker` per lake: the value index is
/// read once, on the first question (``valueIndex()``).
public actor Asker {
    public let engine: SQLEngine
    public let model: SemanticModel
    private var loaded: (index: ValueIndex, lexicon: Lexicon)?

    public init(engine: SQLEngine, model: SemanticModel) {
        self.engine = engine
        self.model = model
    }

    /// An `Asker` with the SportsBar model medallion ships.
    public init(engine: SQLEngine) throws {
        self.init(engine: engine, model: try .sportsBar)
    }

    /// The previous question's query, for follow-ups ("and in 2024?", "only for Retailer").
    /// Codable: a server sends it to its client and gets it back with the next question.
    public struct Context: Sendable, Codable {
        public var previous: AskQuery?
        public init(previous: AskQuery? = nil) { self.previous = previous }
    }

    /// A context whose query does not fit the model (one sent back by a client, changed).
    public struct InvalidContext: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Answers `question`; throws ``Refusal`` when it cannot be answered exactly, and
    /// `SQLError` when the lake cannot be read.
    public func answer(_ question: String, context: Context = Context()) async throws -> Answer {
        let understood = try await understand(question, context: context)
        let result = try await engine.run(understood.sql)
        return Answer(question: question, interpretation: understood.interpretation, query: understood.query,
                      sql: understood.sql, result: result)
    }

    /// What `answer` would run, without running it.
    public func understand(_ question: String, context: Context = Context()) async throws -> (query: AskQuery, interpretation: String, sql: String) {
        if let problem = context.previous?.problem(in: model) {
            throw InvalidContext(description: "the previous question's context does not fit the model: \(problem)")
        }
        let (index, lexicon) = try await loadIndex()
        let parser = QuestionParser(model: model, index: index, lexicon: lexicon)
        var parsed: QuestionParser.Parsed
        switch parser.parse(question) {
        case let .success(p): parsed = p
        case let .failure(refusal): throw refusal
        }
        if let previous = context.previous { parsed = FollowUp.merge(parsed, into: previous, model: model) }
        switch parser.finish(parsed, question: question) {
        case let .success(p): parsed = p
        case let .failure(refusal): throw refusal
        }
        let sql: String
        do {
            sql = try SQLCompiler(model: model).compile(parsed.query)
        } catch {
            var refusal = error
            refusal.question = question
            refusal.suggestions = Suggestions.close(to: question, query: parsed.query, model: model)
            throw refusal
        }
        return (parsed.query, Interpretation.text(parsed.query, model: model, notes: parsed.notes), sql)
    }

    /// The distinct values of every dimension and the months holding facts: read once
    /// from the lake (the dimension tables the model names, a few hundred rows; the
    /// fact table's partition column for the months).
    public func valueIndex() async throws -> ValueIndex { try await loadIndex().index }

    /// Forgets the value index (after the lake changed); the next question reads it again.
    public func refresh() { loaded = nil }

    private func loadIndex() async throws -> (index: ValueIndex, lexicon: Lexicon) {
        if let loaded { return loaded }
        let index = try await ValueIndexReader(engine: engine, model: model).read()
        let built = (index, Lexicon(model: model, index: index))
        loaded = built
        return built
    }
}

/// An answered question.
public struct Answer: Sendable {
    public var question: String
    /// How the question was understood, in one line.
    public var interpretation: String
    public var query: AskQuery
    public var sql: String
    public var result: SQLResult
}
