import Columns

extension FixedColumn where Value == Int32 {
    /// Adds the column's distinct non-NULL values to `set`. Rows come in runs of one
    /// value (a day file's rows share their date), so a run costs one set probe.
    public func insertDistinct(into set: inout Set<Int32>) {
        var last: Int32?
        for row in 0 ..< count where !isNull(row) {
            let value = values[row]
            if value != last {
                set.insert(value)
                last = value
            }
        }
    }
}
