import Columns

/// One probe batch's joined rows handed out in pieces of about `maxRows` rows: a
/// many-to-many join can make millions of rows of one batch (every order of a customer
/// with every other), which as one batch would hold them all in memory at once and give
/// a cancelled query no point to stop at until they were made.
public struct JoinPieces {
    private let prober: HashJoinProbe
    private let batch: RecordBatch
    private let firstMatches: ContiguousArray<Int>
    private let maxRows: Int
    /// The next probe row, and the next build match in its chain (-1: start from its first).
    private var row = 0
    private var pendingMatch = -1

    init(prober: HashJoinProbe, batch: RecordBatch, firstMatches: ContiguousArray<Int>, maxRows: Int) {
        self.prober = prober
        self.batch = batch
        self.firstMatches = firstMatches
        self.maxRows = max(1, maxRows)
    }

    /// The next piece, nil once the batch's rows are all joined (a batch without output
    /// rows gives nothing).
    public mutating func next() throws -> RecordBatch? {
        var probeRows = ContiguousArray<Int>(), buildRows = ContiguousArray<Int>()
        probeRows.reserveCapacity(min(maxRows, batch.rowCount))
        buildRows.reserveCapacity(min(maxRows, batch.rowCount))
        let nextRow = prober.build.nextRow
        while row < batch.rowCount, probeRows.count < maxRows {
            var match = pendingMatch >= 0 ? pendingMatch : firstMatches[row]
            pendingMatch = -1
            if match < 0 {
                if prober.type == .leftOuter {
                    probeRows.append(row)
                    buildRows.append(-1)
                }
                row += 1
                continue
            }
            while match >= 0, probeRows.count < maxRows {
                probeRows.append(row)
                buildRows.append(match)
                match = nextRow[match]
            }
            if match >= 0 { pendingMatch = match } else { row += 1 }
        }
        guard !probeRows.isEmpty else { return nil }
        return try prober.joined(batch, probeRows: probeRows, buildRows: buildRows)
    }
}
