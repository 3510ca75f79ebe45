import Columns
import Partition
import Testing
@testable import SportsBar

@Suite("Silver customers, products and gross_price")
struct DimensionSilverTests {
    @Test("customers: first row per id, initcap(trim(name)), city typos, allowed set, confirmed fixes")
    func customers() throws {
        let later = bronze(.customers, file: "b.csv", [
            ["789101", "Someone Else", "Hyderabad"], // duplicate of a.csv's first row (a.csv sorts first)
        ])
        let earlier = bronze(.customers, file: "a.csv", [
            ["789101", "Endurance Foods", "Bengalore"],
            ["789121", " HydroBoost Nutrition ", "Hyderabad"],
            ["789421", " ZenAthlete Foods ", "Hyderbad"],
            ["789422", "ZenAthlete Foods", "NewDelhee"],
            ["789403", "SprintX Nutrition", nil],
            ["789404", "Champion's choice", "Mumbai"],
            ["789603", "Recovery Lane", "Pune"],
            ["789500", nil, " Bengaluru"],
            [nil, "No Id", "Bengaluru"],
            [nil, "No Id Again", "Bengaluru"],
            ["789101", "Endurance Foods", "Bengalore"],
        ])
        let output = try CustomersSilver.build(bronze: [later, earlier])
        #expect(table(output.rows) == [
            ["789101", "Endurance Foods", "Bengaluru"],
            ["789121", "Hydroboost Nutrition", "Hyderabad"],
            ["789421", "Zenathlete Foods", "Hyderabad"],
            ["789422", "Zenathlete Foods", "New Delhi"],
            ["789403", "Sprintx Nutrition", "New Delhi"],
            ["789404", "Champion's Choice", nil],
            ["789603", "Recovery Lane", "Hyderabad"], // not allowed → NULL → confirmed fix
            ["789500", nil, nil], // " Bengaluru" is not an allowed value (cities are not trimmed)
            [nil, "No Id", "Bengaluru"],
        ])
        #expect(output.counts == ReasonCounts([.duplicate: 3]))
        #expect(texts(output.quarantine, "customer_name") == ["No Id Again", "Endurance Foods", "Someone Else"])
        #expect(texts(output.quarantine, "_reason") == ["duplicate", "duplicate", "duplicate"])
        #expect(texts(output.quarantine, "_source_file") == ["a.csv", "a.csv", "b.csv"])
        #expect(output.isConserved)
    }

    @Test("products: Protien fixes, division, variant, code, invalid ids")
    func products() throws {
        let input = bronze(.products, [
            ["SportsBar Protien Bar Peanut Crunch (45g)", "25891201", "protien bars"],
            ["SportsBar Oats Cookie Bites ChocoChip (350g)", "XYZ123", "healthy snacks"],
            ["SportsBar Energy Bar Choco Fudge (60g)", "25891101", "ENERGY BARS"],
            ["Mystery", "ABC", "tea"],
            [nil, nil, nil],
            ["SportsBar Energy Bar Choco Fudge (60g)", "25891101", "energy bars"],
        ])
        let output = try ProductsSilver.build(bronze: [input])
        #expect(table(output.rows).map { Array($0.dropFirst()) } == [
            ["25891201", "Nutrition Bars", "Protein Bars", "SportsBar Protein Bar Peanut Crunch (45g)", "45g"],
            ["999999", "Healthy Snacks", "Healthy Snacks", "SportsBar Oats Cookie Bites ChocoChip (350g)", "350g"],
            ["25891101", "Nutrition Bars", "Energy Bars", "SportsBar Energy Bar Choco Fudge (60g)", "60g"],
            ["999999", "Other", "Tea", "Mystery", ""],
            ["999999", "Other", nil, nil, nil],
        ])
        let codes = texts(output.rows, "product_code")
        #expect(codes[0] == SHA256Hex.of("SportsBar Protein Bar Peanut Crunch (45g)"))
        #expect(codes[2]?.hasPrefix("e91ba9d665f90254da58") == true)
        #expect(codes[4] == nil)
        #expect(output.counts == ReasonCounts([.duplicate: 1]))
        #expect(output.isConserved)
        // §8: only the first 999999 row counts in joins.
        let lookup = try ProductLookup(silverProducts: output.rows)
        #expect(lookup.code(for: "999999") == .some(codes[1]))
        #expect(lookup.code(for: "XYZ123") == nil)
        #expect(lookup.count == 3)
    }

    @Test("gross_price: month formats, price rule, join, reasons in step order")
    func grossPrice() throws {
        let products = try ProductsSilver.build(bronze: [bronze(.products, [
            ["P One (1g)", "1", "energy bars"], ["P Bad (2g)", "X2", "energy bars"],
        ])])
        let lookup = try ProductLookup(silverProducts: products.rows)
        let input = bronze(.grossPrice, [
            ["1", "2025/07/01", "-84"],
            ["1", "01/08/2025", "unknown"],
            ["1", "2025-09-01", "84.505"],
            ["1", "01-10-2025", nil],
            ["1", "2025/13/01", "84"],
            ["88888888", "2025-12-01", "-83"],
            ["88888888", "bad", "1"], // unparseable comes first
            ["999999", "2025-07-01", "5"], // the invalid-id product joins literally
            [nil, "2025-07-01", "5"],
            ["1", nil, "5"],
        ])
        let output = try GrossPriceSilver.build(bronze: [input], products: lookup)
        #expect(table(output.rows).map { Array($0.dropFirst()) } == [
            ["1", "2025-07-01", "84.00"], ["1", "2025-08-01", "0.00"], ["1", "2025-09-01", "84.51"],
            ["1", "2025-10-01", "0.00"], ["999999", "2025-07-01", "5.00"],
        ])
        #expect(texts(output.rows, "product_code")[0] == SHA256Hex.of("P One (1g)"))
        #expect(output.counts == ReasonCounts([.unparseableDate: 3, .unknownProduct: 2]))
        #expect(texts(output.quarantine, "_reason") == [
            "unparseable_date", "unknown_product", "unparseable_date", "unknown_product", "unparseable_date",
        ])
        #expect(output.isConserved)
    }

    @Test("a missing column names the table and the column")
    func missingColumn() throws {
        let batch = RecordBatch(schema: Schema([Field("customer_id", .text)]), columns: [.text(.of(["1"]))])
        #expect(throws: SportsBarError.self) { try CustomersSilver.build(bronze: [batch]) }
        do {
            _ = try CustomersSilver.build(bronze: [batch])
        } catch {
            #expect("\(error)".contains("customers") && "\(error)".contains("customer_name"))
        }
    }
}
