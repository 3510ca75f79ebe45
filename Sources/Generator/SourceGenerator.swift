import Foundation
import Columns
import Partition

/// Writes synthetic SportsBar source folders in Rules §1.1's layout, with the real data's
/// dirt at the real data's rates (``DirtRates/measured``).
///
/// ```
/// <root>/1_parent_company/full_load/dim_customers.csv        18 customers
/// <root>/1_parent_company/full_load/dim_products.csv         397 products
/// <root>/1_parent_company/full_load/dim_gross_price.csv      a price per product and year
/// <root>/1_parent_company/full_load/fact_orders.csv          monthly grain, first-of-month dates
/// <root>/1_parent_company/incremental_load/fact_orders.csv   months starting in the incremental days
/// <root>/2_child_company/full_load/customers/customers.csv
/// <root>/2_child_company/full_load/products/products.csv
/// <root>/2_child_company/full_load/gross_price/gross_price.csv
/// <root>/2_child_company/full_load/orders/landing/orders_YYYY_MM_DD.csv   one file per day
/// <root>/2_child_company/incremental_load/orders/orders_YYYY_MM_DD.csv   the last K days
/// ```
/// (`.csv.gz` / `.csv.zst` with compression.) Output is deterministic: the same
/// configuration writes byte-identical files whatever ``GeneratorConfig/workers`` is.
/// Day files are generated in parallel (a task group of `workers` tasks); each streams
/// its CSV in 1 MiB blocks into its compressor. Files appear under their final names
/// only once complete.
public enum SourceGenerator {
    /// Writes a whole source folder under `root` (created if missing).
    ///
    /// Fails with ``GeneratorError/outputExists(path:)`` when `root` already holds
    /// `1_parent_company` or `2_child_company`, unless ``GeneratorConfig/overwrite``
    /// (then both are removed first).
    public static func write(_ config: GeneratorConfig, to root: String) async throws -> GenerationSummary {
        try config.validate()
        try prepare(root: root, overwrite: config.overwrite)
        let layout = Layout(root: root, config: config)
        try layout.makeFolders(parent: true)

        let catalog = ChildCatalog(config: config)
        let plan = DayRows(config: config)
        let tables = OrderTables(config: config, catalog: catalog, plan: plan)

        // Parent months: January of the year before the start … the last order month.
        let firstParentMonth = CalendarDay(year: config.start.year - 1, month: 1, day: 1) ?? config.start.monthStart
        let lastMonth = config.lastDay.monthStart
        var months: [CalendarDay] = []
        var m = firstParentMonth
        while m <= lastMonth {
            months.append(m)
            m = m.nextMonthStart
        }
        let incrementalStart = layout.parentIncrementalStart
        let fullMonths = months.filter { month in incrementalStart.map { month < $0 } ?? true }
        let incrementalMonths = months.filter { month in incrementalStart.map { month >= $0 } ?? false }
        let parent = ParentCatalog(seed: config.seed, years: firstParentMonth.year ... lastMonth.year)

        var jobs: [Job] = [
            .parentFact(fullMonths, incremental: false),
            .parentCustomers, .parentProducts, .parentGrossPrice,
            .childCustomers, .childProducts, .childGrossPrice,
        ]
        if !incrementalMonths.isEmpty { jobs.insert(.parentFact(incrementalMonths, incremental: true), at: 1) }
        for index in 0 ..< config.days {
            jobs.append(.day(index, incremental: index >= config.days - config.incrementalDays))
        }
        let context = JobContext(config: config, layout: layout, catalog: catalog, parent: parent, tables: tables)
        let files = try await run(jobs, context: context, workers: config.workers)
        return GenerationSummary(root: root, files: files, firstDay: config.start, lastDay: config.lastDay)
    }

    /// Delivers `days` more day files of child orders after the last day already under
    /// `root`, into `2_child_company/incremental_load/orders/` (as a new incremental
    /// arrival). The last day is the latest `orders_YYYY_MM_DD.csv*` under either orders
    /// folder, or, if there is none, the configuration's last day. Pass the
    /// configuration the folder was generated with: day `d` (counted from
    /// ``GeneratorConfig/start``) always gets the same rows, so delivering 3 days and
    /// then 2 writes the same files as delivering 5. Rows per day continue the
    /// configured average (``GeneratorConfig/orders`` / ``GeneratorConfig/days``) with
    /// the same day-to-day variance. Dimension and parent files are not touched.
    public static func deliverMoreDays(_ days: Int, after config: GeneratorConfig, to root: String) async throws -> GenerationSummary {
        try config.validate()
        guard days >= 1, days <= 100_000 else { throw GeneratorError.invalidConfig("days to deliver must be between 1 and 100000 (got \(days))") }
        let layout = Layout(root: root, config: config)
        let last = try layout.lastExistingDay() ?? config.lastDay
        let firstIndex = config.start.distance(to: last) + 1
        guard firstIndex >= 1 else {
            throw GeneratorError.cannotContinue(path: root, reason: "its last order day \(last.iso) is before the configured start \(config.start.iso)")
        }
        guard last.adding(days: days + 400).year <= 9999 else { throw GeneratorError.invalidConfig("dates must stay within years 1…9999") }
        try layout.makeFolders(parent: false)
        let catalog = ChildCatalog(config: config)
        let tables = OrderTables(config: config, catalog: catalog, plan: DayRows(config: config))
        let jobs = (firstIndex ..< firstIndex + days).map { Job.day($0, incremental: true) }
        let parent = ParentCatalog(seed: config.seed, years: 2000 ... 2000)
        let context = JobContext(config: config, layout: layout, catalog: catalog, parent: parent, tables: tables)
        let files = try await run(jobs, context: context, workers: config.workers)
        return GenerationSummary(root: root, files: files, firstDay: last.adding(days: 1), lastDay: last.adding(days: days))
    }

    /// The path (relative to the root) of the day file for `day`.
    public static func dayFilePath(_ day: CalendarDay, incremental: Bool, compression: SourceCompression) -> String {
        let folder = incremental ? "2_child_company/incremental_load/orders" : "2_child_company/full_load/orders/landing"
        return "\(folder)/\(dayFileStem(day))\(compression.fileExtension)"
    }

    static func dayFileStem(_ day: CalendarDay) -> String {
        var name = ContiguousArray<UInt8>()
        name.append("orders_")
        name.appendPadded(day.year, width: 4)
        name.append(UInt8(ascii: "_"))
        name.appendPadded(day.month, width: 2)
        name.append(UInt8(ascii: "_"))
        name.appendPadded(day.day, width: 2)
        return String(decoding: name, as: UTF8.self)
    }

    // MARK: - jobs

    enum Job: Sendable {
        case parentCustomers, parentProducts, parentGrossPrice
        case parentFact([CalendarDay], incremental: Bool)
        case childCustomers, childProducts, childGrossPrice
        case day(Int, incremental: Bool)
    }

    struct JobContext: Sendable {
        let config: GeneratorConfig
        let layout: Layout
        let catalog: ChildCatalog
        let parent: ParentCatalog
        let tables: OrderTables
    }

    /// Runs the jobs, at most `workers` at once, in list order.
    static func run(_ jobs: [Job], context: JobContext, workers: Int) async throws -> [GeneratedFile] {
        try await withThrowingTaskGroup(of: GeneratedFile.self) { group in
            var pending = jobs.makeIterator()
            var files: [GeneratedFile] = []
            for _ in 0 ..< max(1, workers) {
                guard let job = pending.next() else { break }
                group.addTask { try perform(job, context) }
            }
            while let file = try await group.next() {
                files.append(file)
                if let job = pending.next() {
                    group.addTask { try perform(job, context) }
                }
            }
            return files.sorted { $0.path < $1.path }
        }
    }

    static func perform(_ job: Job, _ context: JobContext) throws -> GeneratedFile {
        let config = context.config
        let layout = context.layout
        switch job {
        case .parentCustomers:
            return try writeSmall(context.parent.customersCSV(), "1_parent_company/full_load/dim_customers", .parentCustomers, layout, config)
        case .parentProducts:
            return try writeSmall(context.parent.productsCSV(), "1_parent_company/full_load/dim_products", .parentProducts, layout, config)
        case .parentGrossPrice:
            return try writeSmall(context.parent.grossPriceCSV(), "1_parent_company/full_load/dim_gross_price", .parentGrossPrice, layout, config)
        case let .parentFact(months, incremental):
            let (bytes, _) = context.parent.factCSV(months: months, seed: config.seed)
            let folder = incremental ? "1_parent_company/incremental_load" : "1_parent_company/full_load"
            return try writeSmall(bytes, folder + "/fact_orders", .parentFactOrders, layout, config)
        case .childCustomers:
            return try writeSmall(context.catalog.customersCSV(), "2_child_company/full_load/customers/customers", .customers, layout, config)
        case .childProducts:
            return try writeSmall(context.catalog.productsCSV(), "2_child_company/full_load/products/products", .products, layout, config)
        case .childGrossPrice:
            let bytes = context.catalog.grossPriceCSV(first: config.start.monthStart, last: config.lastDay.monthStart,
                                                      seed: config.seed, dirt: config.dirt)
            return try writeSmall(bytes, "2_child_company/full_load/gross_price/gross_price", .grossPrice, layout, config)
        case let .day(index, incremental):
            return try writeDay(index: index, incremental: incremental, context: context)
        }
    }

    private static func writeSmall(_ bytes: ContiguousArray<UInt8>, _ stem: String, _ table: GeneratedTable,
                                   _ layout: Layout, _ config: GeneratorConfig) throws -> GeneratedFile {
        let relative = stem + config.compression.fileExtension
        let sink = try FileSink(path: layout.root + "/" + relative, compression: config.compression, config: config)
        try sink.write(bytes)
        let (size, frames) = try sink.finish()
        let rows = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1
        return GeneratedFile(path: relative, table: table, rows: rows, uncompressedBytes: bytes.count, bytes: size,
                             frames: frames, incremental: relative.contains("incremental_load"))
    }

    /// Streams one day file: header, the day's orders (largest first), then rows of the
    /// previous day delivered again.
    static func writeDay(index: Int, incremental: Bool, context: JobContext) throws -> GeneratedFile {
        let config = context.config
        let tables = context.tables
        let day = config.start.adding(days: index)
        let relative = dayFilePath(day, incremental: incremental, compression: config.compression)
        let sink = try FileSink(path: context.layout.root + "/" + relative, compression: config.compression, config: config)
        let blockSize = 1 << 20
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(blockSize + (64 << 10))
        out.append("order_id,order_placement_date,customer_id,product_id,order_qty\n")
        var stream = OrderStream(tables: tables, index: index, rows: tables.orderRows(index: index))
        var written = 0
        while stream.next() {
            for line in stream.lines { stream.write(line, into: &out) }
            written += stream.lines.count
            if out.count >= blockSize {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        written += appendRedelivered(index: index, tables: tables, into: &out)
        try sink.write(out)
        let (size, frames) = try sink.finish()
        return GeneratedFile(path: relative, table: .orders, rows: written, uncompressedBytes: sink.uncompressedBytes,
                             bytes: size, frames: frames, incremental: incremental)
    }

    /// Rows of day `index - 1` written again at the end of day `index`
    /// (``OrderTables/redeliveredRows(index:)`` of them): picked among the first orders
    /// of that day, regenerated exactly as its own file has them. Returns how many.
    static func appendRedelivered(index: Int, tables: OrderTables, into out: inout ContiguousArray<UInt8>) -> Int {
        let count = tables.redeliveredRows(index: index)
        guard count > 0 else { return 0 }
        var rng = SplitMix64(seed: mixSeed(tables.seed, 5, UInt64(index)))
        let previousRows = tables.orderRows(index: index - 1)
        var previous = OrderStream(tables: tables, index: index - 1, rows: previousRows)
        var pool = ContiguousArray<UInt8>()
        var starts: [Int] = []
        let wanted = min(previousRows, 4 * count)
        while starts.count < wanted, previous.next() {
            for line in previous.lines {
                starts.append(pool.count)
                previous.write(line, into: &pool)
            }
        }
        starts.append(pool.count)
        let available = starts.count - 1
        let taken = min(count, available)
        var order = Array(0 ..< available)
        for i in 0 ..< taken { order.swapAt(i, i + rng.below(available - i)) }
        for i in order.prefix(taken).sorted() {
            out.append(contentsOf: pool[starts[i] ..< starts[i + 1]])
        }
        return taken
    }

    // MARK: - folders

    /// Refuses (or clears, with `overwrite`) a root that already holds a data set.
    static func prepare(root: String, overwrite: Bool) throws {
        let fm = FileManager.default
        for top in ["1_parent_company", "2_child_company"] {
            let path = root + "/" + top
            guard fm.fileExists(atPath: path) else { continue }
            guard overwrite else { throw GeneratorError.outputExists(path: path) }
            do { try fm.removeItem(atPath: path) } catch {
                throw GeneratorError.io(path: path, reason: "cannot remove: \(error.localizedDescription)")
            }
        }
    }

    struct Layout: Sendable {
        let root: String
        let config: GeneratorConfig

        init(root: String, config: GeneratorConfig) {
            var r = root
            while r.count > 1, r.hasSuffix("/") { r.removeLast() }
            self.root = r.isEmpty ? "." : r
            self.config = config
        }

        /// Parent months from this month start on go to the parent incremental file:
        /// the first month starting inside the incremental days (or, when none does,
        /// the last month). Nil without incremental days.
        var parentIncrementalStart: CalendarDay? {
            guard config.incrementalDays > 0 else { return nil }
            let first = config.start.adding(days: config.days - config.incrementalDays)
            let start = first.day == 1 ? first : first.nextMonthStart
            return min(start, config.lastDay.monthStart)
        }

        func makeFolders(parent: Bool) throws {
            var folders = ["2_child_company/incremental_load/orders"]
            if parent {
                folders += ["1_parent_company/full_load", "2_child_company/full_load/customers",
                            "2_child_company/full_load/products", "2_child_company/full_load/gross_price",
                            "2_child_company/full_load/orders/landing"]
                if config.incrementalDays > 0 { folders.append("1_parent_company/incremental_load") }
            }
            for folder in folders { try makeDirectory(root + "/" + folder) }
        }

        /// The latest day of an `orders_YYYY_MM_DD.csv*` file under either orders folder.
        func lastExistingDay() throws -> CalendarDay? {
            var latest: CalendarDay?
            for folder in ["2_child_company/full_load/orders/landing", "2_child_company/incremental_load/orders"] {
                let path = root + "/" + folder
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                    throw GeneratorError.io(path: path, reason: "cannot list: \(error.localizedDescription)")
                }
                for name in names {
                    guard let day = Self.day(ofFileName: name) else { continue }
                    if latest.map({ day > $0 }) ?? true { latest = day }
                }
            }
            return latest
        }

        /// `orders_2025_07_01.csv[.gz|.zst]` → 2025-07-01.
        static func day(ofFileName name: String) -> CalendarDay? {
            guard name.hasPrefix("orders_"), name.count >= 21 else { return nil }
            let stem = name.dropFirst(7).prefix(10)
            guard name.dropFirst(17).hasPrefix(".csv") else { return nil }
            return CalendarDay(iso: stem.replacingOccurrences(of: "_", with: "-"))
        }
    }
}
