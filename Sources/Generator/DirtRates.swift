/// How dirty the generated files are. ``DirtRates/measured`` holds the rates measured on
/// the real AtliQon × SportsBar files (`Tests/Fixtures/atliqon-sportsbar/`, 61,777 child order rows
/// in 182 day files, full and incremental load); see the `Generator` documentation
/// catalog (`Generator.docc/MeasuredRates.md`) for how each was counted.
///
/// Every rate is a probability in `0 ... 1`. Per-row rates apply to each order line
/// independently (a duplicate line copies its original's dirt). ``DirtRates/clean``
/// turns every kind of dirt off.
public struct DirtRates: Sendable, Equatable {
    // MARK: child orders (per row)

    /// `order_placement_date` styles, in the order: quoted long date
    /// (`"Tuesday, July 01, 2025"`), `yyyy/MM/dd`, `dd-MM-yyyy`, `dd/MM/yyyy`.
    /// Weights, normalised when used. Measured 79.85%, 6.78%, 6.62%, 6.75%.
    public var dateStyles: [Double]
    /// `order_qty` empty. Measured 5.00%.
    public var missingQuantity: Double
    /// A present `order_qty` written `150` rather than `150.0`. Measured 0.18% of all
    /// rows (0.19% of rows with a quantity).
    public var integerQuantity: Double
    /// `customer_id` replaced by one of `ABC987`, `XYZ123`, `INVALID` (equally).
    /// Measured 10.10% (3.42%, 3.38%, 3.31%).
    public var invalidCustomer: Double
    /// `product_id` replaced by one of `77777777`, `88888888`, `99999999` (equally), ids
    /// that are not in the products file. Measured 5.11% (1.78%, 1.65%, 1.68%).
    public var unknownProduct: Double
    /// Chance that a distinct order line is repeated once at the end of its order in the
    /// same day file, with its date style drawn again (so ~65% of the copies are exact
    /// and ~35% differ only in the date text: "near" duplicates). Measured 7.98% per
    /// distinct line, giving 7.39% duplicate rows (4.74% exact, 2.66% near).
    public var duplicateLine: Double
    /// Rows of the previous day's file delivered again at the end of a day file (their
    /// date is the previous day's). The real files have none (measured 0%); the default
    /// 0.1% makes incremental runs meet duplicates of rows already in silver.
    public var redeliveredRow: Double

    // MARK: child customers (per distinct customer)

    /// Name with surrounding spaces (` HydroBoost Nutrition `). Measured 6/35 = 17%.
    public var customerNameSpaces: Double
    /// Name with a word's case changed (`MacroBite superfoods`). Measured 8/35 = 23%.
    public var customerNameCase: Double
    /// City misspelt with one of Rules §3.1's typos. Measured 7/35 = 20%.
    public var cityTypo: Double
    /// City empty (NULL). Measured 4/35 = 11.4% (exactly the four business-fix ids of
    /// Rules §3.1, which are always NULL when generated).
    public var nullCity: Double
    /// Extra exact copies of customer rows at the end of the file. Measured 4 per 35.
    public var duplicateCustomerRow: Double

    // MARK: child products (per distinct product)

    /// Non-digit `product_id` (`XYZ123`; orders keep the real id, so their rows become
    /// `unknown_product`). Measured 1/18 = 5.6%; at least one when there are 2+ products.
    public var invalidProductID: Double
    /// Extra exact copies of product rows at the end of the file. Measured 2 per 18.
    public var duplicateProductRow: Double
    /// A protein product's name and category spelt `Protien`. Measured 3/3 (every
    /// protein product of the real file).
    public var misspelledProtein: Double
    /// Category not written in lower case (`Energy Bars`, `ENERGY BARS`). The real file
    /// is all lower case (measured 0%); kept small so initcap has work to do.
    public var categoryCase: Double

    // MARK: child gross_price (per row)

    /// `month` formats: `yyyy-MM-dd`, `yyyy/MM/dd`, `dd/MM/yyyy`, `dd-MM-yyyy`.
    /// Weights. Measured 73.1%, 13.9%, 9.3%, 3.7% (108 rows).
    public var priceMonthFormats: [Double]
    /// `product_id` replaced by an id not in products (`88888888` 8, `99999999` 4,
    /// `77777777` 1 of 13). Measured 12.0%.
    public var priceUnknownProduct: Double
    /// Negative price (`-84`). Measured 10.2%.
    public var negativePrice: Double
    /// Non-numeric price (`unknown` 2 of 3, `not_available` 1 of 3). Measured 5.6%.
    public var nonNumericPrice: Double

    public init(dateStyles: [Double], missingQuantity: Double, integerQuantity: Double,
                invalidCustomer: Double, unknownProduct: Double, duplicateLine: Double,
                redeliveredRow: Double, customerNameSpaces: Double, customerNameCase: Double,
                cityTypo: Double, nullCity: Double, duplicateCustomerRow: Double,
                invalidProductID: Double, duplicateProductRow: Double, misspelledProtein: Double,
                categoryCase: Double, priceMonthFormats: [Double], priceUnknownProduct: Double, negativePrice: Double,
                nonNumericPrice: Double) {
        self.dateStyles = dateStyles
        self.missingQuantity = missingQuantity
        self.integerQuantity = integerQuantity
        self.invalidCustomer = invalidCustomer
        self.unknownProduct = unknownProduct
        self.duplicateLine = duplicateLine
        self.redeliveredRow = redeliveredRow
        self.customerNameSpaces = customerNameSpaces
        self.customerNameCase = customerNameCase
        self.cityTypo = cityTypo
        self.nullCity = nullCity
        self.duplicateCustomerRow = duplicateCustomerRow
        self.invalidProductID = invalidProductID
        self.duplicateProductRow = duplicateProductRow
        self.misspelledProtein = misspelledProtein
        self.categoryCase = categoryCase
        self.priceMonthFormats = priceMonthFormats
        self.priceUnknownProduct = priceUnknownProduct
        self.negativePrice = negativePrice
        self.nonNumericPrice = nonNumericPrice
    }

    /// The real data's rates (the default).
    public static let measured = DirtRates(
        dateStyles: [0.7985, 0.0678, 0.0662, 0.0675],
        missingQuantity: 0.0500,
        integerQuantity: 0.0018,
        invalidCustomer: 0.1010,
        unknownProduct: 0.0511,
        duplicateLine: 0.0798,
        redeliveredRow: 0.001,
        customerNameSpaces: 6.0 / 35,
        customerNameCase: 8.0 / 35,
        cityTypo: 7.0 / 35,
        nullCity: 4.0 / 35,
        duplicateCustomerRow: 4.0 / 35,
        invalidProductID: 1.0 / 18,
        duplicateProductRow: 2.0 / 18,
        misspelledProtein: 1,
        categoryCase: 0.1,
        priceMonthFormats: [0.731, 0.139, 0.093, 0.037],
        priceUnknownProduct: 13.0 / 108,
        negativePrice: 11.0 / 108,
        nonNumericPrice: 6.0 / 108
    )

    /// No dirt at all: one date style (the long one), every id valid, no duplicates.
    public static let clean = DirtRates(
        dateStyles: [1, 0, 0, 0], missingQuantity: 0, integerQuantity: 0, invalidCustomer: 0,
        unknownProduct: 0, duplicateLine: 0, redeliveredRow: 0, customerNameSpaces: 0,
        customerNameCase: 0, cityTypo: 0, nullCity: 0, duplicateCustomerRow: 0,
        invalidProductID: 0, duplicateProductRow: 0, misspelledProtein: 0, categoryCase: 0,
        priceMonthFormats: [1, 0, 0, 0], priceUnknownProduct: 0, negativePrice: 0, nonNumericPrice: 0
    )

    /// Names and values of the scalar rates, for validation messages.
    var scalars: [(String, Double)] {
        [("missingQuantity", missingQuantity), ("integerQuantity", integerQuantity),
         ("invalidCustomer", invalidCustomer), ("unknownProduct", unknownProduct),
         ("duplicateLine", duplicateLine), ("redeliveredRow", redeliveredRow),
         ("customerNameSpaces", customerNameSpaces), ("customerNameCase", customerNameCase),
         ("cityTypo", cityTypo), ("nullCity", nullCity), ("duplicateCustomerRow", duplicateCustomerRow),
         ("invalidProductID", invalidProductID), ("duplicateProductRow", duplicateProductRow),
         ("misspelledProtein", misspelledProtein), ("categoryCase", categoryCase), ("priceUnknownProduct", priceUnknownProduct),
         ("negativePrice", negativePrice), ("nonNumericPrice", nonNumericPrice)]
    }
}

/// The real data's shape, besides the dirt: sizes and distributions the generator
/// follows (measured on the same files as ``DirtRates/measured``).
public enum RealDataShape {
    /// Distinct lines per order, for 1, 2, … 9 lines: 56.1%, 22.3%, 12.0%, 6.1%, 2.5%,
    /// 0.77%, 0.21%, 0.04%, 0.01% (31,790 orders, mean 1.80).
    public static let linesPerOrder: [Double] = [17825, 7093, 3828, 1929, 789, 245, 67, 12, 2]
    /// Mean order rows per day file (172 ordinary days: 338.5, sd 15.2 = 4.5%).
    public static let rowsPerDay = 339
    /// Relative spread of ordinary days' row counts.
    public static let dailySpread = 0.045
    /// The last day of a 30-day month also carries the orders of the missing 31st
    /// (Sep 30: 670 rows, Nov 30: 685; February is left alone, the real data has none).
    public static let monthEndCarriesMissingDays = true
    /// The last three days of the data set tail off: 212, 126, 113 rows (×0.63, ×0.37,
    /// ×0.33 of an ordinary day).
    public static let tailFactors: [Double] = [0.63, 0.37, 0.33]
    /// Child customers (distinct) and products (distinct) in the real files.
    public static let childCustomers = 35
    public static let childProducts = 18
    /// Parent dims: 18 customers, 397 products (25 divisions), prices for 2 years.
    public static let parentCustomers = 18
    public static let parentProducts = 397
    /// Parent monthly fact: 13–14 of the 18 customers active per month, each buying
    /// ~77% of the products (299 of 389 on average), 4,046 rows per month on average.
    public static let parentActiveCustomers = 13 ... 14
    public static let parentProductShare = 0.77
    /// Parent sold_quantity: the real file's quantiles (probability, quantity) (median
    /// 79, mean 263, 1 … 5,069); drawn by log-linear interpolation between them.
    public static let parentQuantityQuantiles: [(Double, Double)] = [
        (0, 1), (0.05, 2), (0.1, 5), (0.15, 8), (0.2, 12), (0.25, 16), (0.3, 22), (0.35, 29), (0.4, 39),
        (0.45, 56), (0.5, 79), (0.55, 106), (0.6, 137), (0.65, 179), (0.7, 241), (0.75, 349), (0.8, 495),
        (0.85, 654), (0.9, 830), (0.95, 1096), (0.97, 1317), (0.98, 1470), (0.99, 1694), (0.995, 1912),
        (0.999, 2528), (1, 5069),
    ]
}
