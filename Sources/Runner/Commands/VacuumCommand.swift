import ArgumentParser
import Foundation
import Pipeline
import Workers

/// `medallion vacuum --lake DIR [--retain 168h] [--dry-run]`.
struct VacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Delete data files no retained version needs, and what failed runs left behind.",
        discussion: """
        Under the lake lock: removes data files no table version references (written by runs that failed \
        or were killed before their commit point), spill folders under _medallion/tmp/, stale temp files, and \
        the data files removed from a table's log longer ago than --retain (time travel to versions older \
        than that stops working). Files of a commit that is written in a run manifest but not yet published \
        are kept. Refuses to run on a damaged lake (see `medallion repair`).
        """
    )

    @Option(help: "The lake folder.")
    var lake: String

    @Option(help: "Keep the files of every version current within this long, e.g. 168h, 7d, 30m, 0h.")
    var retain: String = "168h"

    @Flag(name: .customLong("dry-run"), help: "Only list what would be deleted, with sizes.")
    var dryRun = false

    func run() throws {
        let lake = try LakeLocation.open(lake)
        let retention = try Self.duration(retain)
        let report = try LakeVacuum.run(lake: lake, retention: retention, dryRun: dryRun)
        if report.files.isEmpty {
            print("nothing to delete")
            return
        }
        print(TextTable.render(header: ["file", "size", "why"],
                               rows: report.files.map { [$0.path, Format.bytes(Int($0.bytes)), $0.kind.rawValue] }))
        print("\(report.dryRun ? "would delete" : "deleted") \(report.files.count) files (\(Format.bytes(Int(report.bytes))))")
    }

    /// "168h", "7d", "30m", "90s" (a bare number is hours).
    static func duration(_ text: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var number = Substring(trimmed)
        var scale = 3_600.0
        if let unit = units.first(where: { trimmed.hasSuffix($0.0) }) {
            number = trimmed.dropLast(unit.0.count)
            scale = unit.1
        }
        guard let value = Double(number), value >= 0, value.isFinite else {
            throw ValidationError("--retain '\(text)' is not a duration: expected e.g. 168h, 7d, 30m or 0h")
        }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}
