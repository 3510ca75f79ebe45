import Foundation
import Yams

/// What `ask` knows about a lake: one fact table, its measures, its dimensions and the
/// words people use for them, the time dimension's grains, and example questions with
/// their SQL. Read from YAML (``SemanticModel/sportsBar`` is the one the project ships).
public struct SemanticModel: Sendable, Decodable {
    public var name: String
    /// The fact table, `layer.table`.
    public var table: String
    /// The measure a question without one is about.
    public var defaultMeasure: String
    public var measures: [Measure]
    /// In order of precedence: a value found in several dimensions belongs to the first.
    public var dimensions: [Dimension]
    public var time: TimeDimension
    public var examples: [Example]

    public struct Measure: Sendable, Decodable {
        public var name: String
        /// `sum`, `count`, `count_distinct`, `min`, `max` over `expression`; or nil for a ratio.
        public var aggregate: Aggregate?
        public var expression: String?
        /// `[numerator, denominator]`: names of two other measures.
        public var ratio: [String]?
        /// Words shown in the interpretation (default: the name).
        public var label: String?
        /// A ratio is rounded to this many decimals.
        public var decimals: Int?
        public var synonyms: [String]

        public enum Aggregate: String, Sendable, Decodable { case sum, count, min, max, countDistinct = "count_distinct" }

    }

    public struct Dimension: Sendable, Decodable {
        public var name: String
        /// A column of the fact table or an expression over its columns.
        public var sql: String
        public var synonyms: [String]
        /// Fixed values (when the dimension is computed from a rule).
        public var values: [String]?
        /// A small table holding the same column (`layer.table`) to read the values from
        /// instead of the fact table; its `sql` is evaluated there.
        public var valuesFrom: String?
        /// A cheaper condition meaning `sql = value` for one value, with `{value}` standing
        /// for it (e.g. `customer LIKE '%-{value}'` for a city cut out of the customer
        /// name); used for values without `%`, `_`, `-`, quotes or backslashes.
        public var filter: String?

        enum CodingKeys: String, CodingKey {
            case name, sql, synonyms, values, filter
            case valuesFrom = "values_from"
        }
    }

    public struct TimeDimension: Sendable, Decodable {
        /// The fact table's date column (month starts).
        public var sql: String
        public var grains: [Grain]

        public struct Grain: Sendable, Decodable {
            public var name: String
            public var sql: String
            public var synonyms: [String]
        }
    }

    public struct Example: Sendable, Decodable {
        public var question: String
        public var sql: String
    }

    enum CodingKeys: String, CodingKey {
        case name, table, measures, dimensions, time, examples
        case defaultMeasure = "default_measure"
    }

    public func measure(_ name: String) -> Measure? { measures.first { $0.name == name } }
    public func dimension(_ name: String) -> Dimension? { dimensions.first { $0.name == name } }
    public func grain(_ name: String) -> TimeDimension.Grain? { time.grains.first { $0.name == name } }

    /// The model shipped with medallion, for the SportsBar lake.
    /// The embedded YAML is part of the build and checked by the tests; an error here is a
    /// build defect, reported like any model error rather than stopping the process.
    public static var sportsBar: SemanticModel {
        get throws { try shipped.get() }
    }

    private static let shipped: Result<SemanticModel, ShippedModelError> = Result {
        try parse(String(decoding: PackageResources.sportsbar_yaml, as: UTF8.self), source: "sportsbar.yaml")
    }.mapError { ShippedModelError(description: "the shipped semantic model does not load: \($0)") }

    struct ShippedModelError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a model from YAML text; `source` names it in errors.
    public static func parse(_ yaml: String, source: String) throws -> SemanticModel {
        let model: SemanticModel
        do {
            model = try YAMLDecoder().decode(SemanticModel.self, from: yaml)
        } catch {
            throw ModelError(source: source, message: "\(error)")
        }
        try model.validate(source: source)
        return model
    }

    /// Reads a model from a YAML file.
    public static func load(path: String) throws -> SemanticModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(source: path, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Names that refer to nothing, measures that are neither aggregate nor ratio.
    func validate(source: String) throws {
        func fail(_ message: String) -> ModelError { ModelError(source: source, message: message) }
        guard measure(defaultMeasure) != nil else { throw fail("default_measure '\(defaultMeasure)' is not a measure") }
        for m in measures {
            switch (m.aggregate, m.expression, m.ratio) {
            case (_?, _?, nil): break
            case (nil, nil, let parts?):
                guard parts.count == 2, parts.allSatisfy({ measure($0)?.aggregate != nil }) else {
                    throw fail("measure '\(m.name)': ratio needs two aggregate measures, got \(parts)")
                }
            default: throw fail("measure '\(m.name)': give aggregate and expression, or ratio: [numerator, denominator]")
            }
        }
        guard !time.grains.isEmpty else { throw fail("time: give at least one grain") }
        for grain in time.grains where !["month", "quarter", "year"].contains(grain.name) {
            throw fail("time grain '\(grain.name)': grains are month, quarter and year")
        }
    }
}

/// A semantic model that does not load, with the file and what is wrong.
public struct ModelError: Error, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}
