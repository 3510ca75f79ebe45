import Columns
import Workers

/// The source files of one batch, numbered in byte order of their paths (the order of
/// §3's input order). Rows held between the scan and silver (the orders dedup keeps every
/// cleaned row) carry the file's rank, eight bytes, instead of its ~60-byte path; the
/// path comes back when a row leaves for silver or quarantine. Ranks compare as the
/// paths do, so ordering by rank then line is ordering by `_source_file` then line.
public struct SourceFileRanks: Sendable {
    private let paths: [String]
    private let pathBytes: [[UInt8]]
    private let rankOf: [String: Int64]

    public init(_ files: some Sequence<String>) {
        paths = Set(files).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        pathBytes = paths.map { Array($0.utf8) }
        rankOf = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, Int64($0)) })
    }

    public var count: Int { paths.count }

    /// The ranks of rows `rows` of a `_source_file` column (a chunk's rows are of one file:
    /// its path is looked up once per run of equal paths, compared with memcmp).
    func ranks(of files: ByteColumn, rows: some Collection<Int>, table: String) throws -> FixedColumn<Int64> {
        var ranks = ContiguousArray<Int64>()
        ranks.reserveCapacity(rows.count)
        try files.bytes.withUnsafeBytes { bytes in
            var last: UnsafeRawBufferPointer?, lastRank: Int64 = 0
            for row in rows {
                let value = UnsafeRawBufferPointer(rebasing: bytes[files.range(row)])
                if let last, EncodedRows.compare(last, value) == 0 {
                    ranks.append(lastRank)
                    continue
                }
                let path = files.string(row) ?? ""
                guard let rank = rankOf[path] else {
                    throw SportsBarError.unknownSourceFile(table: table, file: path, known: paths.count)
                }
                last = value
                lastRank = rank
                ranks.append(rank)
            }
        }
        return FixedColumn(values: ranks)
    }

    /// The `_source_file` column of a rank column.
    func paths(of ranks: FixedColumn<Int64>, table: String) throws -> ByteColumn {
        var total = 0
        for rank in ranks.values {
            guard pathBytes.indices.contains(Int(rank)) else {
                throw SportsBarError.unknownSourceFile(table: table, file: "#\(rank)", known: paths.count)
            }
            total += pathBytes[Int(rank)].count
        }
        guard total <= Int(Int32.max) else {
            throw SportsBarError.valueOverflow(table: table, column: Lineage.sourceFile, detail: "\(total) bytes of paths")
        }
        var column = ByteColumn()
        // Filled through raw buffers, as `ByteColumn.repeating` is: this runs for every silver row.
        column.bytes = ContiguousArray(unsafeUninitializedCapacity: total) { out, initialized in
            var at = 0
            for rank in ranks.values {
                pathBytes[Int(rank)].withUnsafeBufferPointer { path in
                    guard let source = path.baseAddress, let base = out.baseAddress else { return }
                    (base + at).initialize(from: source, count: path.count)
                    at += path.count
                }
            }
            initialized = at
        }
        column.offsets = ContiguousArray(unsafeUninitializedCapacity: ranks.count + 1) { out, initialized in
            var at: Int32 = 0
            out[0] = 0
            for (row, rank) in ranks.values.enumerated() {
                at += Int32(truncatingIfNeeded: pathBytes[Int(rank)].count)
                out[row + 1] = at
            }
            initialized = ranks.count + 1
        }
        // An empty path is empty text, not NULL (as in the bronze column).
        if pathBytes.contains(where: \.isEmpty) { column.nulls = ContiguousArray(repeating: false, count: ranks.count) }
        return column
    }
}
