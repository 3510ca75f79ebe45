import Testing
@testable import SportsBar

@Suite("Text rules")
struct TextRulesTests {
    @Test("initcap: the examples of Rules §3 and edges", arguments: [
        ("champion's choice", "Champion's Choice"),
        ("FitFuel Market", "Fitfuel Market"),
        ("MacroBite superfoods", "Macrobite Superfoods"),
        ("energy bars", "Energy Bars"),
        ("granola & cereals", "Granola & Cereals"),
        ("two  spaces", "Two  Spaces"),
        (" leading", " Leading"),
        ("tab\tinside", "Tab\tinside"),
        ("(60g) pack", "(60g) Pack"),
        ("lemon-lime", "Lemon-lime"),
        ("", ""),
    ])
    func initcap(input: String, expected: String) {
        #expect(TextRules.initcap(input) == expected)
    }

    @Test("trim removes spaces only", arguments: [
        (" HydroBoost Nutrition ", "HydroBoost Nutrition"),
        ("   ", ""),
        ("\tTabbed\t", "\tTabbed\t"),
        (" \tmixed\t ", "\tmixed\t"),
        ("inner  spaces", "inner  spaces"),
    ])
    func trim(input: String, expected: String) {
        #expect(TextRules.trim(input) == expected)
    }

    @Test("Protien becomes Protein in any case", arguments: [
        ("SportsBar Protien Bar Peanut Crunch (45g)", "SportsBar Protein Bar Peanut Crunch (45g)"),
        ("PROTIEN protien ProTien", "Protein Protein Protein"),
        ("Protein already", "Protein already"),
        ("protienprotien", "ProteinProtein"),
        ("Pro tien", "Pro tien"),
    ])
    func protein(input: String, expected: String) {
        #expect(TextRules.fixSpelling(input, SportsBarRules.standard.spellingFixes) == expected)
    }

    @Test("variant: text inside the first parentheses")
    func variant() {
        #expect(TextRules.variant(of: "SportsBar Energy Bar Choco Fudge (60g)") == "60g")
        #expect(TextRules.variant(of: "Mix (30 Sachets) (x)") == "30 Sachets")
        #expect(TextRules.variant(of: "No variant") == "")
        #expect(TextRules.variant(of: "Open (only") == "")
        #expect(TextRules.variant(of: "Empty ()") == "")
        #expect(TextRules.variant(of: "a (b (c) d)") == "b (c")
        #expect(TextRules.variant(of: nil) == nil)
    }

    @Test("all digits")
    func allDigits() {
        #expect(TextRules.isAllDigits("789401"))
        #expect(!TextRules.isAllDigits("XYZ123"))
        #expect(!TextRules.isAllDigits(""))
        #expect(!TextRules.isAllDigits("12 3"))
        #expect(!TextRules.isAllDigits("-12"))
        #expect(!TextRules.isAllDigits("１２")) // full-width digits are not ASCII digits
    }
}
