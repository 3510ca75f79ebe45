import Columns
import Testing
@testable import Pipeline

@Suite("Day set")
struct DaySetTests {
    @Test("membership over the set's span, NULLs and days outside never match")
    func membership() {
        let days: Set<Int32> = [20_000, 20_003, 20_010]
        let set = DaySet(days)
        for day in Int32(19_990) ... 20_020 { #expect(set.contains(day) == days.contains(day)) }
        #expect(!set.contains(Int32.min) && !set.contains(Int32.max))
        let column = FixedColumn<Int32>(values: [20_003, 19_000, 20_010, 20_003, 20_000],
                                        nulls: [false, false, false, true, false])
        #expect(Array(set.rows(of: column)) == [0, 2, 4])
        #expect(DaySet([]).rows(of: column).isEmpty)
    }
}
