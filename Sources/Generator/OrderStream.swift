import Columns
import Partition

/// One order line before it is written: indices into the tables, negative for dirt.
struct OrderLine {
    /// Date style 0…3 (long quoted, yyyy/MM/dd, dd-MM-yyyy, dd/MM/yyyy).
    var style: Int
    /// Customer index, or -1…-3 for an invalid id.
    var customer: Int
    /// Product index, or -1…-3 for an unknown id.
    var product: Int
    /// Quantity, or -1 when missing.
    var quantity: Int
    var integerQuantity: Bool
}

/// The byte forms of one day: its four date texts and its order-id prefixes.
struct DayContext {
    let index: Int
    let day: CalendarDay
    /// By style: `"Tuesday, July 01, 2025"` (with the quotes), `2025/07/01`,
    /// `01-07-2025`, `01/07/2025`.
    let dates: [ContiguousArray<UInt8>]
    /// For k = 1…3: `F` + order month code + the digit of (month of day+k + 6) mod 10 +
    /// the day of month of day+k, as the real order ids (`FJUL3` `2` for July 1, k = 1).
    let idPrefixes: [ContiguousArray<UInt8>]

    init(start: CalendarDay, index: Int) {
        self.index = index
        let day = start.adding(days: index)
        self.day = day
        let (y, m, d) = (day.year, day.month, day.day)
        var long = ContiguousArray<UInt8>()
        long.append("\"\(CalendarNames.weekday(day)), \(CalendarNames.month(m)) ")
        long.appendPadded(d, width: 2)
        long.append(", ")
        long.appendPadded(y, width: 4)
        long.append(UInt8(ascii: "\""))
        var ymd = ContiguousArray<UInt8>(), dmyDash = ContiguousArray<UInt8>(), dmySlash = ContiguousArray<UInt8>()
        ymd.appendPadded(y, width: 4); ymd.append(UInt8(ascii: "/")); ymd.appendPadded(m, width: 2); ymd.append(UInt8(ascii: "/")); ymd.appendPadded(d, width: 2)
        dmyDash.appendPadded(d, width: 2); dmyDash.append(UInt8(ascii: "-")); dmyDash.appendPadded(m, width: 2); dmyDash.append(UInt8(ascii: "-")); dmyDash.appendPadded(y, width: 4)
        dmySlash.appendPadded(d, width: 2); dmySlash.append(UInt8(ascii: "/")); dmySlash.appendPadded(m, width: 2); dmySlash.append(UInt8(ascii: "/")); dmySlash.appendPadded(y, width: 4)
        dates = [long, ymd, dmyDash, dmySlash]
        idPrefixes = (1 ... 3).map { k in
            let later = day.adding(days: k)
            var p = ContiguousArray<UInt8>()
            p.append("F" + CalendarNames.monthCode(m))
            p.appendDecimal((later.month + 6) % 10)
            p.appendDecimal(later.day)
            return p
        }
    }
}

/// The orders of one day, in the real files' order (largest orders first), generated
/// one at a time from the day's own random streams: a day's rows depend only on the
/// seed, the day's index and its row count.
struct OrderStream {
    let tables: OrderTables
    let context: DayContext
    /// (rows, distinct lines, how many) in emission order.
    private var groups: [(size: Int, base: Int, count: Int)] = []
    private var groupIndex = 0
    private var leftInGroup = 0
    private var rng: SplitMix64
    /// Order ids used today (k, customer last 3, product last 3), as bits.
    private var usedIDs: [UInt64]
    private var ordinal = 0
    private var picked: [Int] = []
    private var chosen: [Int] = []
    /// The current order's lines (distinct lines, then their repeats).
    private(set) var lines: [OrderLine] = []
    private(set) var orderID = ContiguousArray<UInt8>()

    init(tables: OrderTables, index: Int, rows: Int) {
        self.tables = tables
        context = DayContext(start: tables.start, index: index)
        rng = SplitMix64(seed: mixSeed(tables.seed, 2, UInt64(bitPattern: Int64(index))))
        usedIDs = [UInt64](repeating: 0, count: (3 * tables.customerSlots * tables.productSlots + 63) / 64)
        lines.reserveCapacity(32)
        orderID.reserveCapacity(32)
        groups = Self.plan(tables: tables, index: index, rows: rows)
    }

    /// Draws every order's size (distinct lines + repeated lines) until the day's rows
    /// are reached (the last order cut to fit), and counts them by size.
    private static func plan(tables: OrderTables, index: Int, rows: Int) -> [(size: Int, base: Int, count: Int)] {
        var rng = SplitMix64(seed: mixSeed(tables.seed, 1, UInt64(bitPattern: Int64(index))))
        let maxBase = tables.maxBaseLines
        let width = maxBase + 1
        var counts = [Int](repeating: 0, count: (2 * maxBase + 1) * width)
        let thresholds = tables.linesThresholds
        let dupT = tables.duplicateLineThreshold
        var left = rows
        while left > 0 {
            let r = rng.next() & 0xFFFF_FFFF
            var base = maxBase
            for (i, t) in thresholds.enumerated() where r < t {
                base = i + 1
                break
            }
            var dups = 0
            var draw: UInt64 = 0
            for j in 0 ..< base {
                if j % 4 == 0 { draw = rng.next() }
                if draw & 0xFFFF < dupT { dups += 1 }
                draw >>= 16
            }
            if base + dups > left {
                base = min(base, left)
                dups = left - base
            }
            counts[(base + dups) * width + base] += 1
            left -= base + dups
        }
        var groups: [(size: Int, base: Int, count: Int)] = []
        for size in stride(from: 2 * maxBase, through: 1, by: -1) {
            for base in stride(from: min(size, maxBase), through: 1, by: -1) where counts[size * width + base] > 0 {
                groups.append((size, base, counts[size * width + base]))
            }
        }
        return groups
    }

    /// Makes the next order (into ``lines`` and ``orderID``); false when the day is done.
    mutating func next() -> Bool {
        while leftInGroup == 0 {
            guard groupIndex < groups.count else { return false }
            leftInGroup = groups[groupIndex].count
            groupIndex += 1
        }
        leftInGroup -= 1
        let group = groups[groupIndex - 1]
        makeOrder(base: group.base, dups: group.size - group.base)
        return true
    }

    private mutating func makeOrder(base: Int, dups: Int) {
        let t = tables
        let r0 = rng.next()
        let customer = pickCustomer(r0 & 0xFFFF_FFFF)
        var k = Int((r0 >> 32) % 3)
        // Distinct products (repeats only when the order has more lines than products).
        let productCount = t.productIDs.count
        picked.removeAll(keepingCapacity: true)
        var maxProduct = 0
        for j in 0 ..< base {
            var p = rng.below(productCount)
            if j < productCount {
                while picked.contains(p) { p = rng.below(productCount) }
            }
            picked.append(p)
            if t.productValue[p] > t.productValue[maxProduct] || j == 0 { maxProduct = p }
        }
        lines.removeAll(keepingCapacity: true)
        for p in picked {
            let r1 = rng.next(), r2 = rng.next()
            let style = pickStyle(r1 & 0xFFFF)
            let c = (r1 >> 16) & 0xFFFF < t.invalidCustomerThreshold ? -1 - Int(((r1 >> 32) & 0xFFFF) % 3) : customer
            let product = r2 & 0xFFFF < t.unknownProductThreshold ? -1 - Int((r2 >> 48) % 3) : p
            var quantity = -1
            if (r2 >> 16) & 0xFFFF >= t.missingQuantityThreshold {
                quantity = t.quantityLow[p] + Int((t.quantitySpan[p] &* (r1 >> 48)) >> 16)
            }
            let integer = (r2 >> 32) & 0xFFFF < t.integerQuantityThreshold
            lines.append(OrderLine(style: style, customer: c, product: product, quantity: quantity, integerQuantity: integer))
        }
        // Repeated lines: distinct originals, date style drawn again.
        chosen.removeAll(keepingCapacity: true)
        for _ in 0 ..< min(dups, base) {
            var i = rng.below(base)
            while chosen.contains(i) { i = rng.below(base) }
            chosen.append(i)
            var copy = lines[i]
            copy.style = pickStyle(rng.next() & 0xFFFF)
            lines.append(copy)
        }
        // Order id: the real format while free today, else with a sequence number.
        ordinal += 1
        let c3 = t.customerLast3[customer], p3 = t.productLast3[maxProduct]
        let slot = t.customerSlot[customer] * t.productSlots + t.productSlot[maxProduct]
        let perK = t.customerSlots * t.productSlots
        var realistic = false
        for _ in 0 ..< 3 {
            let bit = k * perK + slot
            let word = bit >> 6, mask = UInt64(1) << UInt64(bit & 63)
            if usedIDs[word] & mask == 0 {
                usedIDs[word] |= mask
                realistic = true
                break
            }
            k = (k + 1) % 3
        }
        orderID.removeAll(keepingCapacity: true)
        orderID.append(contentsOf: context.idPrefixes[k])
        orderID.appendPadded3(c3)
        orderID.appendPadded3(p3)
        if !realistic {
            orderID.append(UInt8(ascii: "-"))
            orderID.appendDecimal(ordinal)
        }
    }

    @inline(__always)
    private func pickStyle(_ r: UInt64) -> Int {
        let t = tables.styleThresholds
        if r < t[0] { return 0 }
        if r < t[1] { return 1 }
        if r < t[2] { return 2 }
        return 3
    }

    @inline(__always)
    private func pickCustomer(_ r: UInt64) -> Int {
        let cumulative = tables.customerCumulative
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if r < cumulative[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Appends one line as CSV.
    @inline(__always)
    func write(_ line: OrderLine, into out: inout ContiguousArray<UInt8>) {
        let t = tables
        out.append(contentsOf: orderID)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: context.dates[line.style])
        out.append(UInt8(ascii: ","))
        if line.customer >= 0 {
            out.append(contentsOf: t.customerIDs[line.customer])
        } else {
            out.append(contentsOf: t.invalidCustomers[-1 - line.customer])
        }
        out.append(UInt8(ascii: ","))
        if line.product >= 0 {
            out.append(contentsOf: t.productIDs[line.product])
        } else {
            out.append(contentsOf: t.fakeProducts[-1 - line.product])
        }
        out.append(UInt8(ascii: ","))
        if line.quantity >= 0 {
            out.appendDecimal(line.quantity)
            if !line.integerQuantity {
                out.append(UInt8(ascii: "."))
                out.append(UInt8(ascii: "0"))
            }
        }
        out.append(UInt8(ascii: "\n"))
    }
}

extension ContiguousArray<UInt8> {
    /// Three digits, zero-padded (0…999).
    @inline(__always)
    mutating func appendPadded3(_ v: Int) {
        append(UInt8(truncatingIfNeeded: 48 + (v / 100) % 10))
        append(UInt8(truncatingIfNeeded: 48 + (v / 10) % 10))
        append(UInt8(truncatingIfNeeded: 48 + v % 10))
    }
}
