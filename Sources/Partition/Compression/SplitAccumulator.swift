/// Groups consecutive frames/members into splits of about a target compressed size.
struct SplitAccumulator {
    let target: Int64
    private(set) var splits: [Range<Int64>] = []
    /// Where the open (not yet emitted) split starts.
    private(set) var groupStart: Int64 = 0

    init(target: Int) { self.target = Int64(max(1, target)) }

    /// A unit (frame or member) ends at `end`; closes the split once it is big enough.
    /// True when it did.
    @discardableResult
    mutating func add(unitEnd end: Int64) -> Bool {
        guard end - groupStart >= target else { return false }
        cut(at: end)
        return true
    }

    /// `offset + target`, saturating (targets may be huge to mean "no splitting").
    func afterTarget(_ offset: Int64) -> Int64 {
        let (sum, overflow) = offset.addingReportingOverflow(target)
        return overflow ? .max : sum
    }

    /// Closes the open split at `boundary` regardless of its size.
    mutating func cut(at boundary: Int64) {
        guard boundary > groupStart else { return }
        splits.append(groupStart..<boundary)
        groupStart = boundary
    }

    /// All splits, the last one running to `fileSize`. A small remainder (for example
    /// a lone seek table) joins the previous split instead of standing alone.
    mutating func finish(fileSize: Int64) -> [Range<Int64>] {
        if groupStart < fileSize {
            if let last = splits.last, fileSize - groupStart < target / 4 {
                splits[splits.count - 1] = last.lowerBound..<fileSize
            } else {
                splits.append(groupStart..<fileSize)
            }
            groupStart = fileSize
        }
        if splits.isEmpty { splits = [0..<max(0, fileSize)] }
        return splits
    }
}
