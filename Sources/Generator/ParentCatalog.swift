import Foundation
import Columns
import Partition

/// AtliQon's (the parent company's) clean tables: dim_customers, dim_products,
/// dim_gross_price (one price per product and year) and the monthly fact_orders.
/// Sized like the real files (``RealDataShape``); names are synthetic.
struct ParentCatalog: Sendable {
    struct Customer: Sendable { var code, name, platform, channel: String }
    struct Product: Sendable { var code, division, category, product, variant: String }

    var customers: [Customer] = []
    var products: [Product] = []
    /// Yearly price of each product (index) for `years`.
    var prices: [[Int]] = []
    let years: ClosedRange<Int>

    static let customerNames = [
        "ProSport Outlet", "GameDay Store", "SportZone", "Active Arena", "Peak Gear", "TrackStar Sports",
        "Victory Sports", "Athlete Corner", "Goal Post Sports", "Champion Sports", "SportsNation",
        "Fair Play Store", "TeamSpirit Sports", "Stadium Supplies", "Fit Street",
    ]
    static let directNames = ["AtliQon Sports India", "AtliQon Official", "AtliQon Essentials", "AtliQon Superstore"]

    /// Divisions (with their code prefix and product count, summing to 397 like the
    /// real dim_products) and categories.
    static let divisions: [(name: String, prefix: String, count: Int, categories: [String])] = [
        ("Archery", "ARCH", 9, ["Arrows", "Bow", "Arm Guard", "Target", "Finger Tab"]),
        ("Badminton", "BADM", 18, ["Badminton Racket", "Shuttlecock"]),
        ("Basketball", "BASK", 10, ["Basketball", "Basketball Jersey", "Basketball Shoes", "Basketball Hoop"]),
        ("Boxing", "BOX", 9, ["Boxing Gloves", "Headgear", "Punching Bag", "Hand Wraps"]),
        ("Camping", "CAMP", 14, ["Tent", "Sleeping Bag", "Lantern", "Camping Stove", "Folding Chair", "Ice Box"]),
        ("Cricket", "CRIC", 59, ["Cricket Bat", "Cricket Ball", "Cricket Pads", "Cricket Helmet", "Cricket Batting Gloves", "Cricket Kit Bag"]),
        ("Cycling", "CYCL", 10, ["Cycling Helmet", "Bike Lock", "Bike Pump", "Cycling Gloves", "Cycling Bottle"]),
        ("Fishing", "FISH", 10, ["Fishing Rod", "Reel", "Fishing Line", "Lure Kit", "Tackle Box"]),
        ("Football", "FOOT", 55, ["Football", "Football Shoes", "Football Shin Guards", "Goalkeeper Gloves"]),
        ("Handball", "HNDL", 5, ["Handball", "Handball Shoes"]),
        ("Hiking", "HIK", 25, ["Backpacks", "Hiking Shoes", "Hiking Apparel", "Trekking Poles", "Water Bottles"]),
        ("Horse Riding", "HORS", 10, ["Riding Helmet", "Riding Boots", "Saddle Pad", "Riding Crop"]),
        ("Racket Sports", "RACK", 9, ["Racket Bag", "Overgrip"]),
        ("Rock Climbing", "ROCK", 9, ["Harness", "Climbing Shoes", "Climbing Rope", "Chalk Bag"]),
        ("Running", "RUN", 24, ["Running Shoes", "Running Apparel", "Running Socks", "Running Accessories", "Stopwatch"]),
        ("Skating", "SKAT", 9, ["Inline Skates", "Elbow Pads", "Knee Pads", "Skate Wheels"]),
        ("Squash", "SQUA", 10, ["Squash Racket", "Squash Ball"]),
        ("Surfing", "SURF", 9, ["Surfboard", "Bodyboard", "Surf Leash", "Swim Fins"]),
        ("Swimming", "SWIM", 19, ["Swimwear", "Swimming Goggles", "Swim Caps", "Kickboards"]),
        ("Table Tennis", "TTEN", 10, ["Table Tennis Bat", "Table Tennis Balls"]),
        ("Tabletop Games", "GAME", 9, ["Chess Board", "Carrom Board", "Dartboard"]),
        ("Tennis", "TENN", 18, ["Tennis Racket", "Tennis Balls"]),
        ("Volleyball", "VOLL", 9, ["Volleyball", "Volleyball Shoes", "Knee Pads"]),
        ("Weight Lifting", "WLFT", 19, ["Dumbbells", "Kettlebells", "Weight Plates", "Weight Bars"]),
        ("Yoga", "YOGA", 9, ["Yoga Mat", "Resistance Bands", "Meditation Cushion"]),
    ]
    static let series = ["AX", "BX", "LX", "PX", "SR", "ZX", "GX", "MX"]
    static let descriptors = ["Pro", "Elite", "Carbon", "Precision", "Grip", "Strike", "Guard", "Flex",
                              "Aero", "Titan", "Swift", "Storm", "Core", "Prime", "Edge", "Trail"]

    /// Variants by the kind of category.
    static func variants(for category: String) -> [String] {
        if category.hasSuffix("Shoes") || category.hasSuffix("Boots") { return ["UK 7", "UK 8", "UK 9", "UK 10"] }
        if category.hasSuffix("Apparel") || category.hasSuffix("Jersey") || category == "Swimwear" || category.hasSuffix("Gloves") {
            return ["S", "M", "L", "XL"]
        }
        if ["Dumbbells", "Kettlebells", "Weight Plates"].contains(category) { return ["5 kg", "10 kg", "20 kg"] }
        if ["Football", "Basketball", "Volleyball", "Handball"].contains(category) { return ["Size 3", "Size 4", "Size 5"] }
        if category.hasSuffix("Racket") || category.hasSuffix("Bat") { return ["Junior", "Adult", "Pro Edition", "Lightweight Edition"] }
        if category.hasSuffix("Helmet") || category == "Headgear" || category.hasSuffix("Pads") { return ["Small", "Medium", "Large"] }
        return ["Standard", "Beginner", "Intermediate", "Advanced"]
    }

    init(seed: UInt64, years: ClosedRange<Int>) {
        self.years = years
        var rng = SplitMix64(seed: mixSeed(seed, 20))
        // Customers: codes as in the real file (70002017, 70002018, 90002001…).
        var retailNames = Self.customerNames
        for i in stride(from: retailNames.count - 1, to: 0, by: -1) { retailNames.swapAt(i, rng.below(i + 1)) }
        var codes = ["70002017", "70002018"]
        for n in 1 ... (RealDataShape.parentCustomers - 2) { codes.append(String(90_002_000 + n)) }
        var retail = 0
        for (i, code) in codes.enumerated() {
            // Codes 90002004…06 and 14 are AtliQon's own (Direct) stores, as in the real file.
            let directIndex = [5: 0, 6: 1, 7: 2, 15: 3][i]
            let name: String
            if let directIndex { name = Self.directNames[directIndex] } else {
                name = retailNames[retail % retailNames.count]
                retail += 1
            }
            let platform = rng.chance(1.0 / 3) ? "E-Commerce" : "Brick & Mortar"
            customers.append(Customer(code: code, name: name, platform: platform, channel: directIndex == nil ? "Retailer" : "Direct"))
        }
        // Products (distinct names; 128 names per category are plenty).
        var seen = Set<String>()
        var names = Set<String>()
        for division in Self.divisions {
            var made = 0
            var model = 0
            while made < division.count {
                let category = division.categories[model % division.categories.count]
                var name = ""
                repeat {
                    name = Self.series[rng.below(Self.series.count)] + " " + Self.descriptors[rng.below(Self.descriptors.count)] + " " + category
                } while !names.insert(name).inserted
                let variants = Self.variants(for: category)
                let first = rng.below(variants.count)
                let take = 1 + rng.below(min(3, variants.count))
                for v in 0 ..< take where made < division.count {
                    let variant = variants[(first + v) % variants.count]
                    let code = Self.code(prefix: division.prefix, text: name + " " + variant, taken: &seen)
                    products.append(Product(code: code, division: division.name, category: category, product: name, variant: variant))
                    made += 1
                }
                model += 1
            }
        }
        // Prices: 300…19,000 INR, +2.5…10% a year.
        for _ in products {
            var price = 300 * pow(63.0, rng.unit())
            var row: [Int] = []
            for _ in years {
                row.append(Int((price / 10).rounded()) * 10)
                price *= 1.025 + 0.075 * rng.unit()
            }
            prices.append(row)
        }
    }

    /// `PREFIX` + 6 upper-case hex digits of the SHA-256 of the product text (the real
    /// codes look like `ARCHDDE20D`); the next 6 digits on a collision.
    static func code(prefix: String, text: String, taken: inout Set<String>) -> String {
        let hex = SHA256Hex.of(text.utf8).uppercased()
        var start = hex.startIndex
        while let end = hex.index(start, offsetBy: 6, limitedBy: hex.endIndex) {
            let code = prefix + hex[start ..< end]
            if taken.insert(code).inserted { return code }
            start = hex.index(after: start)
        }
        var n = 0
        while !taken.insert(prefix + String(n)).inserted { n += 1 }
        return prefix + String(n)
    }

    /// ``quantity(_:)`` at 16,384 evenly spaced points (index by 14 random bits).
    static let quantityTable: [Int] = (0 ..< 16384).map { quantity((Double($0) + 0.5) / 16384) }

    /// A sold_quantity for a uniform `u`: log-linear between the real quantiles.
    static func quantity(_ u: Double) -> Int {
        let table = RealDataShape.parentQuantityQuantiles
        let u = min(max(u, 0), 1)
        var i = 0
        while i + 2 < table.count, u >= table[i + 1].0 { i += 1 }
        guard i + 1 < table.count else { return 1 }
        let (p0, q0) = table[i], (p1, q1) = table[i + 1]
        let f = p1 > p0 ? (u - p0) / (p1 - p0) : 0
        return max(1, Int(exp(log(q0) + (log(q1) - log(q0)) * f).rounded()))
    }

    // MARK: files

    func customersCSV() -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append("customer_code,customer,market,platform,channel\n")
        for c in customers {
            out.append("\(c.code),\(CSVText.field(c.name)),India,\(CSVText.field(c.platform)),\(c.channel)\n")
        }
        return out
    }

    func productsCSV() -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append("product_code,division,category,product,variant\n")
        for p in products {
            out.append("\(p.code),\(CSVText.field(p.division)),\(CSVText.field(p.category)),\(CSVText.field(p.product)),\(CSVText.field(p.variant))\n")
        }
        return out
    }

    func grossPriceCSV() -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append("product_code,price_inr,year\n")
        for (y, year) in years.enumerated() {
            for (p, product) in products.enumerated() {
                out.append(product.code)
                out.append(UInt8(ascii: ","))
                out.appendDecimal(prices[p][y])
                out.append(UInt8(ascii: ","))
                out.appendDecimal(year)
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// fact_orders rows for the month starts `months` (in order): 13–14 active customers a
    /// month, each buying ~77% of the products, log-normal quantities. Each month has
    /// its own random stream, so a month's rows do not depend on the other months.
    func factCSV(months: [CalendarDay], seed: UInt64) -> (bytes: ContiguousArray<UInt8>, rows: Int) {
        var out = ContiguousArray<UInt8>()
        out.append("date,product_code,customer_code,sold_quantity\n")
        var rows = 0
        let codes = products.map { ContiguousArray($0.code.utf8) }
        for month in months {
            var rng = SplitMix64(seed: mixSeed(seed, 21, UInt64(bitPattern: Int64(month.epochDay))))
            var date = ContiguousArray<UInt8>()
            date.append(month.iso)
            let active = RealDataShape.parentActiveCustomers
            let activeCount = min(customers.count, active.lowerBound + rng.below(active.count))
            var order = Array(customers.indices)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
            let chosen = order.prefix(activeCount).sorted()
            for c in chosen {
                let customer = ContiguousArray(customers[c].code.utf8)
                for code in codes where rng.chance(RealDataShape.parentProductShare) {
                    let q = Self.quantityTable[Int(rng.next() >> 50)]
                    out.append(contentsOf: date)
                    out.append(UInt8(ascii: ","))
                    out.append(contentsOf: code)
                    out.append(UInt8(ascii: ","))
                    out.append(contentsOf: customer)
                    out.append(UInt8(ascii: ","))
                    out.appendDecimal(q)
                    out.append(UInt8(ascii: "\n"))
                    rows += 1
                }
            }
        }
        return (out, rows)
    }
}
