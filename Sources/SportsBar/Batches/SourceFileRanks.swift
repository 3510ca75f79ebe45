import Partition

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
    /// its path is looked up once per run of equal paths).
    func ranks(of files: ByteColumn, rows: some Collection<Int>, table: String) throws -> FixedColumn<Int64> {
        var ranks = ContiguousArray<Int64>()
        ranks.reserveCapacity(rows.count)
        var lastRange: Range<Int>?, lastRank: Int64 = 0
        for row in rows {
            let range = files.range(row)
            let same = lastRange.map { last in
                last.count == range.count && files.bytes[last].elementsEqual(files.bytes[range])
            } ?? false
            if !same {
                let path = files.string(row) ?? ""
                guard let rank = rankOf[path] else {
                    throw SportsBarError.unknownSourceFile(table: table, file: path, known: paths.count)
                }
                lastRange = range
                lastRank = rank
            }
            ranks.append(lastRank)
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
        var column = ByteColumn(reservingRows: ranks.count, bytes: total)
        for rank in ranks.values { pathBytes[Int(rank)].withUnsafeBytes { column.append($0) } }
        return column
    }
}
