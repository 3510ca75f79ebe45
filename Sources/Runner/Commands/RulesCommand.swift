import ArgumentParser
import Foundation
import SportsBar

/// `medallion rules`: prints the rule tables (Rules §3, §4) as JSON, the starting point of a
/// `--rules` file for `medallion run`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the pipeline's rule tables (city typos, division map, date formats, …) as JSON.",
        discussion: "Edit a copy and pass it to `medallion run --rules FILE`; after changing rules, rebuild with --full-refresh."
    )

    @Option(help: "Print these rules (after checking them) instead of the standard ones.")
    var rules: String?

    func run() throws {
        let tables = try rules.map { try SportsBarRules.load(path: $0) } ?? .standard
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(tables), as: UTF8.self))
    }
}
