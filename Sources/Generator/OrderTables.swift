import Columns
import Partition

/// Read-only tables shared by every day task: the byte forms of ids and dates, and the
/// dirt rates as integer thresholds on random bits (so the hot loop compares integers).
struct OrderTables: Sendable {
    let seed: UInt64
    let start: CalendarDay
    let plan: DayRows

    let customerIDs: [ContiguousArray<UInt8>]
    /// Last three digits of each customer id (part of the order id).
    let customerLast3: [Int]
    /// Cumulative order shares on a 2^32 scale.
    let customerCumulative: [UInt64]

    /// Dense indices of the customers' and products' last three digits, and how many
    /// distinct ones there are: the order-id bitmap is 3 × customerSlots × productSlots.
    let customerSlot: [Int]
    let productSlot: [Int]
    let customerSlots: Int
    let productSlots: Int

    let productIDs: [ContiguousArray<UInt8>]
    let productValue: [Int]
    let productLast3: [Int]
    let quantityLow: [Int]
    let quantitySpan: [UInt64]

    let invalidCustomers: [ContiguousArray<UInt8>] = ["ABC987", "XYZ123", "INVALID"].map { ContiguousArray($0.utf8) }
    let fakeProducts: [ContiguousArray<UInt8>] = ["77777777", "88888888", "99999999"].map { ContiguousArray($0.utf8) }

    // Thresholds on 16-bit draws (probability × 65536).
    let styleThresholds: [UInt64]
    let invalidCustomerThreshold: UInt64
    let unknownProductThreshold: UInt64
    let missingQuantityThreshold: UInt64
    let integerQuantityThreshold: UInt64
    let duplicateLineThreshold: UInt64
    /// Distinct lines per order: thresholds on 32-bit draws for 1, 2, … lines.
    let linesThresholds: [UInt64]
    let redeliveredRow: Double

    init(config: GeneratorConfig, catalog: ChildCatalog, plan: DayRows) {
        seed = config.seed
        start = config.start
        self.plan = plan
        customerIDs = catalog.customers.map { ContiguousArray($0.id.utf8) }
        customerLast3 = catalog.customers.map { (Int($0.id) ?? 0) % 1000 }
        let totalWeight = catalog.customers.reduce(0) { $0 + $1.weight }
        var sum = 0.0
        var cumulative: [UInt64] = []
        for c in catalog.customers {
            sum += c.weight
            cumulative.append(UInt64((sum / totalWeight * 4_294_967_296).rounded(.down)))
        }
        if !cumulative.isEmpty { cumulative[cumulative.count - 1] = 1 << 32 }
        customerCumulative = cumulative
        (customerSlot, customerSlots) = Self.dense(customerLast3)
        productIDs = catalog.products.map { ContiguousArray($0.id.utf8) }
        productValue = catalog.products.map { Int($0.id) ?? 0 }
        productLast3 = catalog.products.map { (Int($0.id) ?? 0) % 1000 }
        (productSlot, productSlots) = Self.dense(productLast3)
        quantityLow = catalog.products.map { $0.quantity.lowerBound }
        quantitySpan = catalog.products.map { UInt64($0.quantity.count) }
        let dirt = config.dirt
        func t16(_ p: Double) -> UInt64 { UInt64((min(max(p, 0), 1) * 65536).rounded()) }
        styleThresholds = Weights(dirt.dateStyles).cumulative.map { t16($0) }
        invalidCustomerThreshold = t16(dirt.invalidCustomer)
        unknownProductThreshold = t16(dirt.unknownProduct)
        missingQuantityThreshold = t16(dirt.missingQuantity)
        integerQuantityThreshold = t16(dirt.missingQuantity < 1 ? dirt.integerQuantity / (1 - dirt.missingQuantity) : 0)
        duplicateLineThreshold = t16(dirt.duplicateLine)
        linesThresholds = Weights(RealDataShape.linesPerOrder).thresholds32
        redeliveredRow = dirt.redeliveredRow
    }

    var maxBaseLines: Int { linesThresholds.count }

    /// Each value's index among the distinct values (0…999), and how many there are.
    private static func dense(_ values: [Int]) -> ([Int], Int) {
        var index = [Int](repeating: -1, count: 1000)
        var next = 0
        var out: [Int] = []
        for v in values {
            let key = min(max(v, 0), 999)
            if index[key] < 0 {
                index[key] = next
                next += 1
            }
            out.append(index[key])
        }
        return (out, max(next, 1))
    }

    /// Rows of day `index - 1` delivered again at the end of day `index` (part of day
    /// `index`'s rows): the ``DirtRates/redeliveredRow`` rate of its rows, randomly
    /// rounded, at most half of its rows and half (rounded up) of the previous day's.
    func redeliveredRows(index: Int) -> Int {
        guard index >= 1, redeliveredRow > 0 else { return 0 }
        let rows = plan.rows(index: index)
        var rng = SplitMix64(seed: mixSeed(seed, 3, UInt64(index)))
        let expected = Double(rows) * redeliveredRow
        var count = Int(expected.rounded(.down))
        if rng.unit() < expected - Double(count) { count += 1 }
        let previous = plan.rows(index: index - 1)
        return min(count, rows / 2, previous - previous / 2)
    }

    /// The day's own orders' rows (its rows minus the redelivered ones).
    func orderRows(index: Int) -> Int { plan.rows(index: index) - redeliveredRows(index: index) }
}

/// How many order rows each day file gets: the total spread over the configured days by
/// per-day weights (±4.5% noise, month-end and tail quirks of the real data), exactly
/// summing to `orders`. Days past the configured range (``SourceGenerator/deliverMoreDays``)
/// get the same rows per unit of weight.
struct DayRows: Sendable {
    let seed: UInt64
    let start: CalendarDay
    let days: Int
    let allocation: [Int]
    let rowsPerWeight: Double

    init(config: GeneratorConfig) {
        seed = config.seed
        start = config.start
        days = config.days
        let weights = (0 ..< config.days).map { Self.weight(seed: config.seed, start: config.start, days: config.days, index: $0) }
        let total = weights.reduce(0, +)
        rowsPerWeight = total > 0 ? Double(config.orders) / total : 0
        // Largest remainder: floors, then one more row for the largest fractions.
        let perWeight = rowsPerWeight
        let floors = weights.map { Int(($0 * perWeight).rounded(.down)) }
        var allocation = floors
        var left = config.orders - allocation.reduce(0, +)
        let fractions = weights.indices.map { weights[$0] * perWeight - Double(floors[$0]) }
        let byFraction = weights.indices.sorted { a, b in
            fractions[a] != fractions[b] ? fractions[a] > fractions[b] : a < b
        }
        var i = 0
        while left > 0, !byFraction.isEmpty {
            allocation[byFraction[i % byFraction.count]] += 1
            left -= 1
            i += 1
        }
        self.allocation = allocation
    }

    /// Rows of the day `index` days after the start.
    func rows(index: Int) -> Int {
        if index >= 0, index < allocation.count { return allocation[index] }
        guard index >= 0 else { return 0 }
        return Int((rowsPerWeight * Self.weight(seed: seed, start: start, days: days, index: index)).rounded())
    }

    static func weight(seed: UInt64, start: CalendarDay, days: Int, index: Int) -> Double {
        var rng = SplitMix64(seed: mixSeed(seed, 4, UInt64(index)))
        var w = min(max(1 + RealDataShape.dailySpread * rng.normal(), 0.5), 1.5)
        let day = start.adding(days: index)
        if RealDataShape.monthEndCarriesMissingDays, day.daysInMonth == 30, day.day == 30 {
            w *= 2
        }
        let tail = RealDataShape.tailFactors
        if days >= 7, index < days, index >= days - tail.count {
            w *= tail[index - (days - tail.count)]
        }
        return w
    }
}
