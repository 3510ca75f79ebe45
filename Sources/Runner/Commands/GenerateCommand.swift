import ArgumentParser
import Foundation
import Generator
import Workers

/// `medallion generate`: writes a synthetic SportsBar source folder (Rules §1.1 layout)
/// with the real data's dirt at the real data's rates. See `SourceGenerator`.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a SportsBar source folder (parent and child tables, one orders file per day) with the real data's dirt.",
        discussion: """
        Writes 1_parent_company/{full_load,incremental_load}/… and 2_child_company/… under --out, \
        like the sample data in Tests/Fixtures/atliqon-sportsbar/. The same options always write the same bytes. \
        With --append-days K, only K more day files are delivered into \
        2_child_company/incremental_load/orders/, after the last day already in --out \
        (pass the options the folder was generated with).
        """
    )

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "Child order rows over all day files (duplicates and dirty rows included).")
    var orders: Int

    @Option(help: "Days of orders, one file per day.")
    var days: Int = 180

    @Option(help: "First order day, yyyy-MM-dd.")
    var start: String = "2025-01-01"

    @Option(help: "Random seed: the same seed and options write byte-identical files.")
    var seed: UInt64 = 42

    @Option(help: "File compression: zstd, gzip or none.")
    var compression: CompressionOption = .none

    @Option(help: "Distinct child customers (the real data has 35).")
    var customers: Int = 35

    @Option(help: "Distinct child products (the real data has 18).")
    var products: Int = 18

    @Flag(help: "Write each compressed file as one zstd frame / gzip member (default: splittable, 1 MiB frames/members).")
    var singleStream = false

    @Option(help: "The last K days go to 2_child_company/incremental_load/orders/ (parent months starting in them to 1_parent_company/incremental_load/).")
    var incrementalDays: Int = 0

    @Option(help: "Deliver K more days after the last day in --out instead of generating the folder.")
    var appendDays: Int?

    @Option(help: "Files written at once (default: active cores; at most 4 × them). Does not change the output.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace an existing data set in --out.")
    var overwrite = false

    enum CompressionOption: String, ExpressibleByArgument, CaseIterable {
        case zstd, gzip, none
        var value: SourceCompression {
            switch self {
            case .zstd: .zstd
            case .gzip: .gzip
            case .none: .none
            }
        }
    }

    func validate() throws {
        guard orders >= 0 else { throw ValidationError("--orders must be 0 or more (got \(orders))") }
        guard (1 ... 100_000).contains(days) else { throw ValidationError("--days must be between 1 and 100000 (got \(days))") }
        guard CalendarDay(iso: start) != nil else {
            throw ValidationError("--start must be an existing date written yyyy-MM-dd (got '\(start)')")
        }
        guard (0 ... days).contains(incrementalDays) else {
            throw ValidationError("--incremental-days must be between 0 and --days (\(days)) (got \(incrementalDays))")
        }
        guard (1 ... 1_000_000).contains(customers) else { throw ValidationError("--customers must be between 1 and 1000000 (got \(customers))") }
        guard (1 ... 10000).contains(products) else { throw ValidationError("--products must be between 1 and 10000 (got \(products))") }
        try WorkerOption.check(workers)
        if let appendDays, !(1 ... 100_000).contains(appendDays) {
            throw ValidationError("--append-days must be between 1 and 100000 (got \(appendDays))")
        }
        if appendDays != nil, overwrite { throw ValidationError("--append-days adds to an existing folder: drop --overwrite") }
        guard !out.isEmpty else { throw ValidationError("--out must not be empty") }
    }

    func run() async throws {
        var config = GeneratorConfig(orders: orders)
        config.days = days
        if let day = CalendarDay(iso: start) { config.start = day }
        config.seed = seed
        config.compression = compression.value
        config.customers = customers
        config.products = products
        config.singleStream = singleStream
        config.incrementalDays = incrementalDays
        config.workers = workers
        config.overwrite = overwrite
        let started = ContinuousClock.now
        let summary: GenerationSummary
        if let appendDays {
            summary = try await SourceGenerator.deliverMoreDays(appendDays, after: config, to: out)
        } else {
            summary = try await SourceGenerator.write(config, to: out)
        }
        let seconds = (ContinuousClock.now - started).seconds
        let rows = summary.orderRows
        let rate = seconds > 0 ? Double(rows) / seconds : 0
        let days = [summary.firstDay, summary.lastDay].compactMap { $0?.iso }.joined(separator: " … ")
        print("wrote \(summary.files.count) files to \(out): \(rows) order rows in \(summary.orderFiles) day files (\(days))")
        print("bytes=\(summary.bytes) csv_bytes=\(summary.uncompressedBytes) seconds=\(Format.decimal(seconds, 3)) rows_per_second=\(Int(rate))")
        for table in GeneratedTable.allCases {
            let files = summary.files.filter { $0.table == table }
            guard !files.isEmpty else { continue }
            let tableRows = files.reduce(0) { $0 + $1.rows }
            let bytes = files.reduce(Int64(0)) { $0 + $1.bytes }
            let frames = files.reduce(0) { $0 + $1.frames }
            FileHandle.standardError.write(Data("  \(table.rawValue): \(files.count) files, \(tableRows) rows, \(bytes) bytes, \(frames) frames\n".utf8))
        }
    }
}
