import Testing
import SQLShell

@Suite("DotCommand: the shell's own commands")
struct DotCommandTests {
    @Test("each command and its arguments")
    func parse() throws {
        #expect(try DotCommand.parse(".tables") == .tables(containing: nil))
        #expect(try DotCommand.parse("  .tables gold") == .tables(containing: "gold"))
        #expect(try DotCommand.parse(".schema gold.fact_orders_enriched") == .schema(table: "gold.fact_orders_enriched"))
        #expect(try DotCommand.parse(".schema gold.dim_customer;") == .schema(table: "gold.dim_customer"))
        #expect(try DotCommand.parse(".timer on") == .timer(true))
        #expect(try DotCommand.parse(".TIMER OFF") == .timer(false))
        #expect(try DotCommand.parse(".mode csv") == .mode(.csv))
        #expect(try DotCommand.parse(".mode") == .mode(nil))
        #expect(try DotCommand.parse(".help") == .help)
        #expect(try DotCommand.parse(".quit") == .quit)
        #expect(try DotCommand.parse(".tables; ") == .tables(containing: nil))
        #expect(try DotCommand.parse(".exit") == .quit)
    }

    @Test("wrong arguments say the usage; an unknown command points at .help",
          arguments: [".timer", ".timer maybe", ".mode xml", ".schema", ".schema a b", ".tables a b"])
    func usage(line: String) {
        #expect(throws: DotCommand.Problem.self) { try DotCommand.parse(line) }
        do { _ = try DotCommand.parse(line) } catch { #expect(error.description.hasPrefix("usage: ")) }
    }

    @Test("an unknown command")
    func unknown() {
        do {
            _ = try DotCommand.parse(".tabels")
            Issue.record("accepted .tabels")
        } catch {
            #expect(error.description == "unknown command .tabels (.help lists the commands)")
        }
    }

    @Test("a line is a dot command when its first non-space character is a dot")
    func recognised() {
        #expect(DotCommand.isDotCommand(".tables"))
        #expect(DotCommand.isDotCommand("   .help"))
        #expect(!DotCommand.isDotCommand("SELECT .5;"))
        #expect(!DotCommand.isDotCommand(""))
    }
}
