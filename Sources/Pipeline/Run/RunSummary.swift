import ObjectStorage
import SportsBar
import Workers

/// Rows through one source table in one run (Rules §5.4 row conservation).
public struct TableFlow: Sendable, Codable, Equatable {
    /// The source table (`orders`, `parent_fact_orders`, …).
    public var table: String
    /// New files read.
    public var files: Int
    /// Records read from the new files (rows plus records that were not CSV).
    public var newRecords: Int
    /// Rows the silver step read: the new records, or for a rebuilt child dim all its
    /// bronze rows plus this run's malformed records.
    public var rowsRead: Int
    /// Rows that reached silver (typed rows for parent tables).
    public var silverRows: Int
    /// Quarantined rows by reason.
    public var quarantine: [String: Int]
    /// Orders only: rows that reached §3.4 step 2 with a non-digit customer_id.
    public var customerRepaired: Int?
    /// Child dims: whether the table was rebuilt from all its bronze rows.
    public var rebuilt: Bool

    public var quarantined: Int { quarantine.values.reduce(0, +) }
    /// rows read = rows in silver + rows in quarantine.
    public var isConserved: Bool { rowsRead == silverRows + quarantined }

    init(table: String, files: Int = 0, newRecords: Int = 0, rowsRead: Int = 0, silverRows: Int = 0,
         quarantine: ReasonCounts = ReasonCounts(), customerRepaired: Int? = nil, rebuilt: Bool = false) {
        self.table = table
        self.files = files
        self.newRecords = newRecords
        self.rowsRead = rowsRead
        self.silverRows = silverRows
        self.quarantine = quarantine.byName
        self.customerRepaired = customerRepaired
        self.rebuilt = rebuilt
    }
}

/// What a run did: the report printed at the end and stored in its manifest.
public struct RunSummary: Sendable, Codable {
    public var batchId: Int64
    public var mode: RunMode
    /// False when nothing was committed (no new files).
    public var committed: Bool
    public var newFiles: Int
    public var skippedFiles: Int
    public var flows: [TableFlow]
    /// Fact months recomputed (yyyy-MM-dd of the first day).
    public var touchedMonths: [String]
    /// Whether the enriched table was rebuilt in full (a dimension changed).
    public var enrichedFullRefresh: Bool
    /// Version each changed table got, and rows written to it.
    public var tableVersions: [String: Int64]
    public var rowsWritten: [String: Int]
    public var stages: [StageTiming]
    /// Bytes the growing operators spilled to disk (compressed); nil in manifests
    /// written before it was recorded.
    public var spilledBytes: Int?
    public var seconds: Double
    /// Source columns no table reads, per file (ignored, reported); nil in manifests
    /// written before they were reported.
    public var extraColumns: [ExtraColumns]?
    /// What discovery could not follow (broken symbolic links), each naming the path.
    public var warnings: [String]?
    /// The plans the stages ran, with rows, time and spill per operator (not kept in
    /// the lake's manifests).
    public var plans: [StagePlanReport]?
    /// Bytes read from and written to object stores (a remote source or lake); absent for local runs.
    public var objectStorage: ObjectStoreCounters.Snapshot?

    public var isConserved: Bool { flows.allSatisfy(\.isConserved) }
}

/// Header columns of one source file that its table does not read.
public struct ExtraColumns: Sendable, Codable, Equatable {
    public var table: String
    /// The file, relative to the source folder.
    public var file: String
    public var columns: [String]

    public init(table: String, file: String, columns: [String]) {
        self.table = table
        self.file = file
        self.columns = columns
    }

    /// One line per table and set of columns: "orders: extra column(s) a, b ignored in 3 files (x, y, z)".
    public static func summaryLines(_ extras: [ExtraColumns], filesShown: Int = 3) -> [String] {
        var groups: [(table: String, columns: [String], files: [String])] = []
        for extra in extras {
            if let i = groups.firstIndex(where: { $0.table == extra.table && $0.columns == extra.columns }) {
                groups[i].files.append(extra.file)
            } else {
                groups.append((extra.table, extra.columns, [extra.file]))
            }
        }
        return groups.map { group in
            let shown = group.files.prefix(filesShown).joined(separator: ", ")
                + (group.files.count > filesShown ? ", …" : "")
            return "\(group.table): extra column(s) \(group.columns.joined(separator: ", ")) ignored in "
                + (group.files.count == 1 ? shown : "\(group.files.count) files (\(shown))")
        }
    }
}

/// Wall time of one stage of a run.
public struct StageTiming: Sendable, Codable, Equatable {
    public var stage: String
    public var seconds: Double
    public var detail: String
}

extension ReasonCounts {
    /// Counts keyed by the reason's name, as reports and manifests store them.
    var byName: [String: Int] { Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }) }
}
