import Foundation

/// The tables of values the rules name (Rules §3.1, §3.2, §3.3, §3.4, §4), as data.
///
/// `SportsBarRules.standard` is exactly the rules. A run may load another set from JSON
/// (`SportsBarRules.load(json:)`, same field names as below) when the business confirms
/// new fixes, without touching code.
public struct SportsBarRules: Sendable, Codable, Equatable {
    /// §3.1 step 3: exact (case-sensitive) misspellings and the city they mean.
    public var cityTypos: [String: String]
    /// §3.1 step 3: any city outside this set (after the typo map) becomes NULL.
    public var allowedCities: [String]
    /// §3.1 step 3: business-confirmed city of a customer_id whose city is NULL.
    public var confirmedCityFixes: [String: String]
    /// §3.2 step 2: misspellings fixed anywhere in product_name and category, in any
    /// letter case (`Protien` → `Protein`). Keys must be ASCII.
    public var spellingFixes: [String: String]
    /// §3.2 step 3: division of each (initcapped, corrected) category.
    public var divisionByCategory: [String: String]
    /// §3.2 step 3: division of any other category (NULL included).
    public var otherDivision: String
    /// §3.2 step 6 and §3.4 step 2: the id that replaces a non-digit id.
    public var invalidIdReplacement: String
    /// §3.3 step 1: formats of gross_price.month, tried in order.
    public var grossPriceDateFormats: [DateFormat]
    /// §3.4 step 3: formats of order_placement_date, tried in order after the weekday strip.
    public var orderDateFormats: [DateFormat]
    /// Full English month names, January first (`MMMM` and dim_date.month_name).
    public var monthNames: [String]
    /// §4 dim_customers: the city part of a child customer whose city is NULL.
    public var unknownCity: String
    /// §4 dim_customers: fixed attributes of every child customer.
    public var childMarket: String
    public var childPlatform: String
    public var childChannel: String

    public static let standard = SportsBarRules(
        cityTypos: [
            "Bengaluruu": "Bengaluru", "Bengalore": "Bengaluru",
            "Hyderabadd": "Hyderabad", "Hyderbad": "Hyderabad",
            "NewDelhi": "New Delhi", "NewDheli": "New Delhi", "NewDelhee": "New Delhi",
        ],
        allowedCities: ["Bengaluru", "Hyderabad", "New Delhi"],
        confirmedCityFixes: [
            "789403": "New Delhi", "789420": "Bengaluru", "789521": "Hyderabad", "789603": "Hyderabad",
        ],
        spellingFixes: ["protien": "Protein"],
        divisionByCategory: [
            "Energy Bars": "Nutrition Bars", "Protein Bars": "Nutrition Bars",
            "Granola & Cereals": "Breakfast Foods", "Recovery Dairy": "Dairy & Recovery",
            "Healthy Snacks": "Healthy Snacks", "Electrolyte Mix": "Hydration & Electrolytes",
        ],
        otherDivision: "Other",
        invalidIdReplacement: "999999",
        grossPriceDateFormats: [.slashYearMonthDay, .slashDayMonthYear, .dashYearMonthDay, .dashDayMonthYear],
        orderDateFormats: [.slashYearMonthDay, .dashDayMonthYear, .slashDayMonthYear, .monthNameDayYear],
        monthNames: ["January", "February", "March", "April", "May", "June",
                     "July", "August", "September", "October", "November", "December"],
        unknownCity: "Unknown",
        childMarket: "India",
        childPlatform: "Sports Bar",
        childChannel: "Acquisition"
    )

    /// Rules from a JSON object with the fields of this struct; checked before use.
    public static func load(json: Data) throws -> SportsBarRules {
        let rules: SportsBarRules
        do {
            rules = try JSONDecoder().decode(SportsBarRules.self, from: json)
        } catch {
            throw SportsBarError.invalidRules("cannot decode rules JSON: \(error)")
        }
        try rules.validate()
        return rules
    }

    /// Rules from a JSON file.
    public static func load(path: String) throws -> SportsBarRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SportsBarError.invalidRules("cannot read rules file \(path)")
        }
        return try load(json: data)
    }

    /// Fails when the rules could not work (e.g. not twelve month names).
    public func validate() throws {
        guard monthNames.count == 12, monthNames.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isASCIILetter) }) else {
            throw SportsBarError.invalidRules("monthNames must be twelve ASCII-letter names, January first")
        }
        guard spellingFixes.keys.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 < 0x80 } }) else {
            throw SportsBarError.invalidRules("spellingFixes keys must be non-empty ASCII")
        }
        guard !grossPriceDateFormats.isEmpty, !orderDateFormats.isEmpty else {
            throw SportsBarError.invalidRules("date format lists must not be empty")
        }
        guard !invalidIdReplacement.isEmpty else {
            throw SportsBarError.invalidRules("invalidIdReplacement must not be empty")
        }
    }

    /// §4 dim_date.month_short_name: the first three letters of the full name.
    public var monthShortNames: [String] { monthNames.map { String($0.prefix(3)) } }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }
}
