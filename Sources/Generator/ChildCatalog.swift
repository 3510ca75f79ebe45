import Columns
import Partition

/// SportsBar's (the child company's) customers and products: the clean values the
/// orders refer to, and the dirty rows of `customers.csv` / `products.csv`.
struct ChildCatalog: Sendable {
    struct Customer: Sendable {
        /// Digits; what orders write.
        var id: String
        /// Clean name and city (city nil = NULL in the file).
        var name: String
        var city: String
        /// The row as written (with its dirt).
        var fileName: String
        var fileCity: String?
        /// Relative share of the orders.
        var weight: Double
    }

    struct Product: Sendable {
        /// The real id, which orders and gross prices use.
        var id: String
        /// The id in `products.csv`: `id`, or a non-digit id such as `XYZ123`.
        var fileID: String
        var fileName: String
        var fileCategory: String
        /// Product line (1-based) and size (1…3); line 1…6 are the real data's lines.
        var line: Int
        var size: Int
        /// order_qty range of the line.
        var quantity: ClosedRange<Int>
        var basePrice: Double
    }

    var customers: [Customer] = []
    var products: [Product] = []
    /// Rows of `customers.csv` / `products.csv` (indices into the arrays above, with
    /// the duplicates appended at the end).
    var customerRows: [Int] = []
    var productRows: [Int] = []

    // MARK: the real data's structure

    /// The real customer chains and their ids' last three digits.
    static let chains: [(String, [Int])] = [
        ("FitFuel Market", [201, 202, 203]), ("Athlete's Choice Store", [301, 303]),
        ("Endurance Foods", [101, 102, 103]), ("HydroBoost Nutrition", [121, 122]),
        ("MacroBite Superfoods", [220, 221]), ("PowerSnack Hub", [320, 321]),
        ("SprintX Nutrition", [401, 402, 403]), ("ZenAthlete Foods", [420, 421, 422]),
        ("Peak Performance Store", [501, 503]), ("PrimeFuel Nutrition", [520, 521, 522]),
        ("Recovery Lane", [601, 603]), ("StaminaX Store", [702, 703]),
        ("EliteAthlete Nutrition", [621, 622]), ("GamePlan Foods", [720, 721]),
        ("Champion's Choice", [902, 903]),
    ]
    /// Names for customers beyond the real 35 (three stores per chain).
    static let moreChains = [
        "IronCore Nutrition", "VitalRush Store", "NutriPeak Foods", "ProFuel Hub", "AquaCharge Store",
        "GreenMuscle Foods", "TrailBlaze Nutrition", "PulseFit Market", "CoreStrength Store",
        "RapidRecover Foods", "Summit Sports Nutrition", "FlexFuel Market", "TrueGrit Store",
        "NextLevel Nutrition", "BoltEnergy Foods", "Velocity Health Store",
    ]
    static let cities = ["Bengaluru", "Hyderabad", "New Delhi"]
    /// Rules §3.1's typos of each city.
    static let cityTypos = [["Bengaluruu", "Bengalore"], ["Hyderabadd", "Hyderbad"], ["NewDelhi", "NewDheli", "NewDelhee"]]
    /// Customers whose NULL city the business confirmed (Rules §3.1): always NULL here.
    static let businessFixIDs: Set<String> = ["789403", "789420", "789521", "789603"]

    /// Product lines: name (with the real file's `Protien`), category, sizes, order_qty
    /// range and a base monthly gross price. Lines 1…6 are the real file's.
    static let lines: [(name: String, category: Int, sizes: [String])] = [
        ("Energy Bar Choco Fudge", 0, ["60g", "40g", "25g"]),
        ("Protien Bar Peanut Crunch", 1, ["45g", "55g", "65g"]),
        ("Granola Crunch Honey Almond", 2, ["400g", "300g", "200g"]),
        ("Greek Yogurt Pro Vanilla", 3, ["200g", "120g", "80g"]),
        ("Oats Cookie Bites ChocoChip", 4, ["500g", "350g", "180g"]),
        ("Electrolyte Mix Lemon-Lime", 5, ["30 Sachets", "15 Sachets", "5 Sachets"]),
    ]
    static let flavours: [[String]] = [
        ["Energy Bar Peanut Butter", "Energy Bar Dark Cherry", "Energy Bar Salted Caramel", "Energy Bar Mocha Almond"],
        ["Protien Bar Cookies & Cream", "Protien Bar Double Chocolate", "Protien Bar Berry Blast", "Protien Bar Coconut Crisp"],
        ["Granola Crunch Berry Nut", "Muesli Mix Tropical Fruit", "Granola Crunch Maple Pecan", "Muesli Mix Apple Cinnamon"],
        ["Greek Yogurt Pro Strawberry", "Recovery Milk Chocolate", "Greek Yogurt Pro Mango", "Recovery Milk Banana"],
        ["Oats Cookie Bites Oat Raisin", "Roasted Chickpeas Masala", "Oats Cookie Bites Double Choc", "Trail Mix Crunch Classic"],
        ["Electrolyte Mix Orange", "Electrolyte Mix Watermelon", "Electrolyte Mix Blue Raspberry", "Electrolyte Mix Tropical"],
    ]
    static let categories = ["energy bars", "protien bars", "granola & cereals", "recovery dairy", "healthy snacks", "electrolyte mix"]
    /// Measured per line (min…max of the order_qty of its three products).
    static let quantities: [ClosedRange<Int>] = [240 ... 500, 80 ... 500, 16 ... 100, 160 ... 500, 75 ... 250, 40 ... 200]
    /// Around the real monthly gross prices of each line.
    static let prices: [Double] = [80, 110, 370, 60, 270, 300]
    static let invalidProductIDs = ["XYZ123", "ABC987", "INVALID"]

    /// The product id of line `line` (1-based), size `size` (1…3): `258911 01` for line
    /// 1 size 1, as in the real data; lines past 89 use `26xxxxxx`.
    static func productID(line: Int, size: Int) -> Int {
        line <= 89 ? 25_890_000 + (10 + line) * 100 + size : 26_000_000 + line * 10 + size
    }

    /// The customer id of customer `index` beyond the real 35: 790001, 790002, … (999999,
    /// the id silver gives invalid customers, is skipped).
    static func extraCustomerID(_ index: Int) -> Int {
        let id = 790_001 + index
        return id >= 999_999 ? id + 1 : id
    }

    init(config: GeneratorConfig) {
        let dirt = config.dirt
        var rng = SplitMix64(seed: mixSeed(config.seed, 10))
        buildCustomers(count: config.customers, dirt: dirt, rng: &rng)
        var productRNG = SplitMix64(seed: mixSeed(config.seed, 11))
        buildProducts(count: config.products, dirt: dirt, rng: &productRNG)
    }

    private mutating func buildCustomers(count: Int, dirt: DirtRates, rng: inout SplitMix64) {
        var real: [(id: Int, name: String)] = []
        for (name, suffixes) in Self.chains {
            for suffix in suffixes { real.append((789_000 + suffix, name)) }
        }
        let typoChance = dirt.nullCity < 1 ? min(1, dirt.cityTypo / (1 - dirt.nullCity)) : 0
        let heavyShare = 8.0 / 35  // 8 of the 35 real customers place ~42% more orders
        for index in 0 ..< count {
            let id: Int, name: String, cityIndex: Int
            if index < real.count {
                id = real[index].id
                name = real[index].name
                let last = id % 10, middle = (id / 10) % 10
                cityIndex = middle == 2 ? min(last, 2) : max(0, min(last - 1, 2))
            } else {
                let extra = index - real.count
                id = Self.extraCustomerID(extra)
                name = Self.moreChains[(extra / 3) % Self.moreChains.count]
                cityIndex = extra % 3
            }
            let idText = String(id)
            let city = Self.cities[cityIndex]
            var fileCity: String? = city
            let isNull = dirt.nullCity > 0 && (index < real.count ? Self.businessFixIDs.contains(idText) : rng.chance(dirt.nullCity))
            if isNull {
                fileCity = nil
            } else if rng.chance(typoChance) {
                let typos = Self.cityTypos[cityIndex]
                fileCity = typos[rng.below(typos.count)]
            }
            var fileName = name
            if rng.chance(dirt.customerNameCase) { fileName = Self.lowerOneWord(fileName, rng: &rng) }
            if rng.chance(dirt.customerNameSpaces) { fileName = " " + fileName + " " }
            let weight = rng.chance(heavyShare) ? 1.42 : 1.0
            customers.append(Customer(id: idText, name: name, city: city, fileName: fileName, fileCity: fileCity, weight: weight))
        }
        customerRows = Array(customers.indices) + Self.distinctPicks(Int((Double(count) * dirt.duplicateCustomerRow).rounded()), of: count, rng: &rng)
    }

    /// `Peak Performance Store` → `Peak performance Store`: one word's first letter in
    /// lower case, as the real file has them.
    static func lowerOneWord(_ name: String, rng: inout SplitMix64) -> String {
        var words = name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !words.isEmpty else { return name }
        let at = rng.below(words.count)
        let word = words[at]
        if let first = word.first {
            words[at] = first.lowercased() + word.dropFirst()
        }
        return words.joined(separator: " ")
    }

    private mutating func buildProducts(count: Int, dirt: DirtRates, rng: inout SplitMix64) {
        var used = [Int](repeating: 0, count: Self.flavours.count)
        var line = 0
        while products.count < count {
            line += 1
            let name: String, category: Int, sizes: [String]
            if line <= Self.lines.count {
                let real = Self.lines[line - 1]
                (name, category, sizes) = (real.name, real.category, real.sizes)
            } else {
                category = (line - 1) % Self.lines.count
                let pool = Self.flavours[category]
                let n = used[category]
                used[category] += 1
                name = pool[n % pool.count] + (n < pool.count ? "" : " No. \(n / pool.count + 1)")
                sizes = Self.lines[category].sizes
            }
            let misspelt = category == 1 && rng.chance(dirt.misspelledProtein)
            let basePrice = Self.prices[category] * (0.7 + 0.6 * rng.unit())
            for (s, size) in sizes.enumerated() where products.count < count {
                var fileName = "SportsBar \(name) (\(size))"
                var fileCategory = Self.categories[category]
                if !misspelt {
                    fileName = fileName.replacingOccurrences(of: "Protien", with: "Protein")
                    fileCategory = fileCategory.replacingOccurrences(of: "protien", with: "protein")
                }
                if rng.chance(dirt.categoryCase) {
                    fileCategory = rng.below(2) == 0 ? fileCategory.uppercased() : Self.titleCase(fileCategory)
                }
                let id = String(Self.productID(line: line, size: s + 1))
                products.append(Product(id: id, fileID: id, fileName: fileName, fileCategory: fileCategory,
                                        line: line, size: s + 1, quantity: Self.quantities[category],
                                        basePrice: basePrice * [1.0, 0.8, 0.6][s]))
            }
        }
        // Non-digit ids in the products file (never the first product).
        if count >= 2, dirt.invalidProductID > 0 {
            let invalid = max(1, Int((Double(count) * dirt.invalidProductID).rounded()))
            var candidates = Array(1 ..< count)
            for n in 0 ..< min(invalid, candidates.count) {
                let pick = n + rng.below(candidates.count - n)
                candidates.swapAt(n, pick)
                products[candidates[n]].fileID = Self.invalidProductIDs[n % Self.invalidProductIDs.count]
            }
        }
        productRows = Array(products.indices) + Self.distinctPicks(Int((Double(count) * dirt.duplicateProductRow).rounded()), of: count, rng: &rng)
    }

    /// `k` distinct indices of `0 ..< n` (all of them when k ≥ n), in random order.
    static func distinctPicks(_ k: Int, of n: Int, rng: inout SplitMix64) -> [Int] {
        var all = Array(0 ..< n)
        let take = min(max(k, 0), n)
        for i in 0 ..< take { all.swapAt(i, i + rng.below(n - i)) }
        return Array(all.prefix(take))
    }

    static func titleCase(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { word in word.prefix(1).uppercased() + word.dropFirst() }
            .joined(separator: " ")
    }

    // MARK: files

    func customersCSV() -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append("customer_id,customer_name,city\n")
        for row in customerRows {
            let c = customers[row]
            out.append(c.id)
            out.append(UInt8(ascii: ","))
            out.append(CSVText.field(c.fileName))
            out.append(UInt8(ascii: ","))
            out.append(CSVText.field(c.fileCity ?? ""))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    func productsCSV() -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append("product_name,product_id,category\n")
        for row in productRows {
            let p = products[row]
            out.append(CSVText.field(p.fileName))
            out.append(UInt8(ascii: ","))
            out.append(p.fileID)
            out.append(UInt8(ascii: ","))
            out.append(CSVText.field(p.fileCategory))
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// One row per product (by its real id) and month from `first` to `last` (month
    /// starts), with the gross_price dirt.
    func grossPriceCSV(first: CalendarDay, last: CalendarDay, seed: UInt64, dirt: DirtRates) -> ContiguousArray<UInt8> {
        var rng = SplitMix64(seed: mixSeed(seed, 12))
        var out = ContiguousArray<UInt8>()
        out.append("product_id,month,gross_price\n")
        let formats = Weights(dirt.priceMonthFormats)
        let fakeIDs = [("88888888", 8), ("99999999", 4), ("77777777", 1)]
        for product in products {
            // One price step (+4…15%) at a random month, like the real file's.
            let months = max(1, monthsBetween(first, last) + 1)
            let stepAt = rng.below(months)
            let step = 1.04 + 0.11 * rng.unit()
            var month = first
            var m = 0
            while month <= last {
                var id = product.id
                if rng.chance(dirt.priceUnknownProduct) {
                    let pick = rng.below(13)
                    id = pick < 8 ? fakeIDs[0].0 : pick < 12 ? fakeIDs[1].0 : fakeIDs[2].0
                }
                out.append(id)
                out.append(UInt8(ascii: ","))
                let (y, mo, d) = (month.year, month.month, month.day)
                switch formats.pick(rng.unit()) {
                case 0: out.appendPadded(y, width: 4); out.append(UInt8(ascii: "-")); out.appendPadded(mo, width: 2); out.append(UInt8(ascii: "-")); out.appendPadded(d, width: 2)
                case 1: out.appendPadded(y, width: 4); out.append(UInt8(ascii: "/")); out.appendPadded(mo, width: 2); out.append(UInt8(ascii: "/")); out.appendPadded(d, width: 2)
                case 2: out.appendPadded(d, width: 2); out.append(UInt8(ascii: "/")); out.appendPadded(mo, width: 2); out.append(UInt8(ascii: "/")); out.appendPadded(y, width: 4)
                default: out.appendPadded(d, width: 2); out.append(UInt8(ascii: "-")); out.appendPadded(mo, width: 2); out.append(UInt8(ascii: "-")); out.appendPadded(y, width: 4)
                }
                out.append(UInt8(ascii: ","))
                let price = Int((product.basePrice * (m >= stepAt ? step : 1)).rounded())
                let u = rng.unit()
                if u < dirt.negativePrice {
                    out.append(UInt8(ascii: "-"))
                    out.appendDecimal(price)
                } else if u < dirt.negativePrice + dirt.nonNumericPrice {
                    out.append(rng.below(3) < 2 ? "unknown" : "not_available")
                } else {
                    out.appendDecimal(price)
                }
                out.append(UInt8(ascii: "\n"))
                month = month.nextMonthStart
                m += 1
            }
        }
        return out
    }
}

/// Months from `a`'s month to `b`'s month.
func monthsBetween(_ a: CalendarDay, _ b: CalendarDay) -> Int {
    (b.year - a.year) * 12 + (b.month - a.month)
}

/// A discrete distribution over `0 ..< weights.count`.
struct Weights: Sendable {
    /// Cumulative probabilities, the last one 1.
    let cumulative: [Double]

    init(_ weights: [Double]) {
        let total = weights.reduce(0, +)
        var sum = 0.0
        var cumulative: [Double] = []
        for w in weights {
            sum += total > 0 ? w / total : 0
            cumulative.append(sum)
        }
        if !cumulative.isEmpty { cumulative[cumulative.count - 1] = 1 }
        self.cumulative = cumulative
    }

    /// The index for a uniform `u` in [0, 1).
    func pick(_ u: Double) -> Int {
        for (i, c) in cumulative.enumerated() where u < c { return i }
        return max(0, cumulative.count - 1)
    }

    /// Thresholds on 32-bit draws (index i when draw < thresholds[i]).
    var thresholds32: [UInt64] { cumulative.map { UInt64(($0 * 4_294_967_296).rounded()) } }
}

/// CSV field quoting (RFC 4180) for the dimension files.
enum CSVText {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
