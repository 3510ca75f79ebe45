import ArgumentParser
import Foundation
import SportsBar

/// `medallion export-spark`: writes the pipeline as one PySpark job (the template
/// `Resources/spark_job.py` with the rule tables embedded), so Spark can take turns with
/// medallion on one lake.
struct ExportSparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-spark",
        abstract: "Write the pipeline as one PySpark job (Spark 3.5+/4.x, Spark Connect, Databricks).",
        discussion: """
            Run it with `python job.py --source DIR --lake DIR` (or spark-submit): it reads the same \
            source layout and writes the same Delta tables, ingest ledger and run manifests as \
            `medallion run`, so either can run the next batch on the same lake.
            """
    )

    @Option(help: "Where to write the job (a .py file).")
    var out: String

    @Option(help: "Embed these rule tables (JSON, as `medallion rules` prints) instead of the standard ones.")
    var rules: String?

    @Flag(help: "Replace --out if it exists.")
    var overwrite = false

    func run() throws {
        let tables = try rules.map { try SportsBarRules.load(path: $0) } ?? .standard
        let job = try SparkJob.text(rules: tables)
        if !overwrite, FileManager.default.fileExists(atPath: out) {
            throw CommandError("\(out) exists; pass --overwrite to replace it")
        }
        do {
            try Data(job.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandError("cannot write \(out): \(error.localizedDescription)")
        }
        print("wrote \(out): run it with `python \(out) --source DIR --lake DIR` (or spark-submit)")
    }
}
