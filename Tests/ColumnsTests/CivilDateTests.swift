import Columns
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("days since 1970-01-01 and back, leap years, impossible dates")
    func roundTrip() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2024, month: 2, day: 29) == 19_782)
        #expect(CivilDate.days(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate.days(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate.days(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate.days(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate.isoString(-1) == "1969-12-31")
        #expect(CivilDate.isoString(CivilDate.days(year: 1, month: 1, day: 1) ?? 0) == "0001-01-01")
        for day in stride(from: Int32(-800_000), through: 3_000_000, by: 997) {
            let (y, m, d) = CivilDate.civil(day)
            if (1 ... 9999).contains(y) { #expect(CivilDate.days(year: y, month: m, day: d) == day) }
            #expect(CivilDate.daysFromCivil(Int64(y), Int64(m), Int64(d)) == Int64(day))
        }
    }
}
