import Columns

/// A set of days (days since the epoch) as a bitmap over their span: the incremental
/// run tests every silver row of the touched months against the batch's dates, and a
/// table lookup costs a fraction of a `Set` probe.
struct DaySet: Sendable {
    private let first: Int32
    private let member: [Bool]

    init(_ days: Set<Int32>) {
        guard let low = days.min(), let high = days.max() else {
            first = 0
            member = []
            return
        }
        first = low
        var member = [Bool](repeating: false, count: Int(high) - Int(low) + 1)
        for day in days { member[Int(day) - Int(low)] = true }
        self.member = member
    }

    func contains(_ day: Int32) -> Bool {
        let offset = Int(day) - Int(first)
        return offset >= 0 && offset < member.count && member[offset]
    }

    /// The rows of `column` whose day is in the set (NULLs never are), in order.
    func rows(of column: FixedColumn<Int32>) -> ContiguousArray<Int> {
        var rows = ContiguousArray<Int>()
        for row in 0 ..< column.count where !column.isNull(row) && contains(column.values[row]) {
            rows.append(row)
        }
        return rows
    }
}
