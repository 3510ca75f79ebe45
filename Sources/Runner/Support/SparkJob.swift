import Foundation
import SportsBar

/// The PySpark job of `export-spark`: the template compiled into the binary
/// (`Resources/spark_job.py`), with the rule tables' JSON in place of its placeholder.
enum SparkJob {
    static let placeholder = "__MEDALLION_RULES_JSON__"

    static func text(rules: SportsBarRules) throws -> String {
        let template = String(decoding: PackageResources.spark_job_py, as: UTF8.self)
        guard template.contains(placeholder) else { throw CommandError("the Spark job template has no rules placeholder") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(rules), as: UTF8.self)
        return template.replacingOccurrences(of: placeholder, with: rawStringBody(json))
    }

    /// `json` as the body of the template's `r'''…'''` literal: a raw string cannot hold
    /// `'''` or end in a backslash, so those (never in the standard rules) are escaped as
    /// JSON escapes, which `json.loads` reads back unchanged.
    static func rawStringBody(_ json: String) -> String {
        json.replacingOccurrences(of: "'", with: "\\u0027")
    }
}
