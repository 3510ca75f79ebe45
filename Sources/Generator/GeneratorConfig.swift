import Foundation

/// How generated files are compressed. The file names end in `.csv`, `.csv.gz` or
/// `.csv.zst` accordingly.
public enum SourceCompression: String, Sendable, Equatable, CaseIterable {
    case none
    case gzip
    case zstd

    /// The file name suffix after the table name.
    public var fileExtension: String {
        switch self {
        case .none: ".csv"
        case .gzip: ".csv.gz"
        case .zstd: ".csv.zst"
        }
    }
}

/// Everything `SourceGenerator` needs to write a SportsBar source folder.
///
/// Defaults (chosen to look like the real data, scaled by ``orders``):
/// - ``days`` 180 days of child orders starting ``start`` 2025-01-01 (so up to
///   2025-06-29), the orders spread over them evenly-ish (±4.5% a day, month-end and
///   tail quirks of the real data, see ``RealDataShape``);
/// - ``customers`` 35 and ``products`` 18 child rows, like the real files;
/// - parent dims sized like the real ones (18 customers, 397 products, a price per
///   product and year) and a parent monthly fact from January of the year before
///   ``start`` to the last generated month;
/// - plain CSV, all days under `full_load` (``incrementalDays`` 0);
/// - the real data's dirt (``DirtRates/measured``), seed 42.
public struct GeneratorConfig: Sendable, Equatable {
    /// Child order rows over the ``days`` day files (dirt and duplicates included).
    public var orders: Int
    /// Day files of child orders, one per calendar day from ``start``.
    public var days: Int = 180
    /// The first order day.
    public var start: CalendarDay = CalendarDay(epochDay: 20089)  // 2025-01-01
    /// Seed of every random choice: the same configuration writes the same bytes.
    public var seed: UInt64 = 42
    public var compression: SourceCompression = .none
    /// Distinct child customers (rows of `customers.csv` before its duplicate rows).
    public var customers: Int = RealDataShape.childCustomers
    /// Distinct child products (rows of `products.csv` before its duplicate rows).
    public var products: Int = RealDataShape.childProducts
    /// One zstd frame / one gzip member per file instead of splittable multi-frame files.
    public var singleStream = false
    /// The last K days go to `2_child_company/incremental_load/orders/` (and the parent
    /// months that start inside them to `1_parent_company/incremental_load/`).
    public var incrementalDays = 0
    /// Uncompressed bytes per zstd frame / gzip member when not ``singleStream``.
    public var frameBytes = 1 << 20
    public var zstdLevel = 3
    public var gzipLevel = 1
    /// Files written at once (day files are the unit of parallelism). Any value writes
    /// the same bytes.
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Remove an existing `1_parent_company`/`2_child_company` under the root first;
    /// without it, writing into a folder that already holds them fails.
    public var overwrite = false
    public var dirt: DirtRates = .measured

    public init(orders: Int) { self.orders = orders }

    /// The last order day.
    public var lastDay: CalendarDay { start.adding(days: days - 1) }

    /// Checks every value; the error message names the option.
    public func validate() throws(GeneratorError) {
        func fail(_ message: String) throws(GeneratorError) { throw GeneratorError.invalidConfig(message) }
        if orders < 0 { try fail("orders must be 0 or more (got \(orders))") }
        if days < 1 { try fail("days must be 1 or more (got \(days))") }
        if days > 100_000 { try fail("days must be at most 100000 (got \(days))") }
        if incrementalDays < 0 || incrementalDays > days {
            try fail("incremental days must be between 0 and days (\(days)) (got \(incrementalDays))")
        }
        if customers < 1 || customers > 1_000_000 { try fail("customers must be between 1 and 1000000 (got \(customers))") }
        if products < 1 || products > 10_000 { try fail("products must be between 1 and 10000 (got \(products))") }
        if frameBytes < 1 { try fail("frame bytes must be positive (got \(frameBytes))") }
        if workers < 1 { try fail("workers must be 1 or more (got \(workers))") }
        if !(1 ... 22).contains(zstdLevel) { try fail("zstd level must be 1…22 (got \(zstdLevel))") }
        if !(0 ... 9).contains(gzipLevel) { try fail("gzip level must be 0…9 (got \(gzipLevel))") }
        guard start.year >= 1, lastDay.adding(days: 400).year <= 9999 else {
            throw GeneratorError.invalidConfig("dates must stay within years 1…9999")
        }
        for (name, value) in dirt.scalars where !(value >= 0 && value <= 1) {
            try fail("dirt rate \(name) must be within 0…1 (got \(value))")
        }
        for (name, weights) in [("dateStyles", dirt.dateStyles), ("priceMonthFormats", dirt.priceMonthFormats)] {
            guard weights.count == 4, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.reduce(0, +) > 0 else {
                throw GeneratorError.invalidConfig("dirt weights \(name) must be 4 non-negative numbers, not all zero")
            }
        }
    }
}

/// Errors of the generator. I/O errors name the path.
public enum GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfig(String)
    case io(path: String, reason: String)
    /// The root already holds a generated data set and `overwrite` is off.
    case outputExists(path: String)
    /// `deliverMoreDays` found files it cannot continue from.
    case cannotContinue(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfig(message): "invalid generator configuration: \(message)"
        case let .io(path, reason): "\(path): \(reason)"
        case let .outputExists(path):
            "\(path) already exists: remove it or overwrite (generate --overwrite)"
        case let .cannotContinue(path, reason): "\(path): \(reason)"
        }
    }
}
