import LakeFixtures
import Foundation
import SQL
import SQLShell
import Testing

@Suite("ShellSession: lines in, results and errors out", .serialized)
struct ShellSessionTests {
    private func session(_ recorded: RecordedOutput) async throws -> ShellSession {
        let lake = try await SampleLake.shared.path()
        return ShellSession(engine: SQLEngine(lake: lake, workers: 2), render: RecordedOutput.render, output: recorded.output)
    }

    @Test("a statement typed over lines runs at its ;, the prompt shows the continuation meanwhile")
    func multiLine() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        #expect(shell.prompt == ShellSession.prompt)
        #expect(await shell.handle("SELECT 40 + 2") == .proceed)
        #expect(shell.prompt == ShellSession.continuationPrompt)
        #expect(ShellSession.prompt.count == ShellSession.continuationPrompt.count)
        #expect(recorded.standard.isEmpty)
        _ = await shell.handle("  AS answer; SELECT 'a;b' AS s;")
        #expect(recorded.standard == "[table] 42\n[table] a;b\n")
        #expect(shell.prompt == ShellSession.prompt)
    }

    @Test("an error prints with its caret and the session goes on")
    func error() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        _ = await shell.handle("SELECT nope FROM gold.fact_orders_enriched;")
        #expect(recorded.error.contains("nope"))
        #expect(recorded.error.contains("^"))
        _ = await shell.handle("SELECT 1;")
        #expect(recorded.standard == "[table] 1\n")
    }

    @Test(".tables lists layer.table names; with text, those containing it")
    func tables() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        _ = await shell.handle(".tables")
        let names = recorded.standard.split(separator: "\n").map(String.init)
        #expect(names.contains("gold.fact_orders_enriched"))
        #expect(names.allSatisfy { $0.split(separator: ".").count == 2 })
        let silver = try #require(names.firstIndex(of: "silver.orders"))
        let fact = try #require(names.firstIndex(of: "gold.fact_orders"))
        #expect(silver < fact)  // SHOW TABLES' order: bronze, silver, gold, quarantine
        let recordedGold = RecordedOutput()
        var gold = try await session(recordedGold)
        _ = await gold.handle(".tables GOLD.")
        #expect(recordedGold.standard.split(separator: "\n").allSatisfy { $0.hasPrefix("gold.") })
        #expect(!recordedGold.standard.isEmpty)
    }

    @Test(".schema shows the columns and types; an unknown table is an error without a caret")
    func schema() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        _ = await shell.handle(".schema gold.fact_orders_enriched")
        let lines = recorded.standard.split(separator: "\n")
        #expect(lines.first == "gold.fact_orders_enriched")
        #expect(lines.contains { $0.contains("total_amount_inr") && $0.contains("decimal") })
        _ = await shell.handle(".schema gold.nope")
        #expect(recorded.error.hasPrefix("error: "))
        #expect(!recorded.error.contains("^"))
    }

    @Test(".timer, .mode and .help change and show the settings; unknown commands are refused")
    func settings() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        _ = await shell.handle(".timer on")
        _ = await shell.handle(".mode csv")
        #expect(shell.settings == ShellSettings(mode: .csv, timer: true))
        _ = await shell.handle("SELECT 1;")
        #expect(recorded.standard.hasPrefix("[csv] 1\nRun Time: "))
        #expect(recorded.standard.hasSuffix(" s\n"))
        _ = await shell.handle(".help")
        #expect(recorded.standard.contains(".schema TABLE"))
        _ = await shell.handle(".frobnicate")
        #expect(recorded.error == "error: unknown command .frobnicate (.help lists the commands)\n")
        _ = await shell.handle(".mode xml")
        #expect(recorded.error.hasSuffix("error: usage: .mode table|csv|json\n"))
        #expect(await shell.handle(".quit") == .quit)
    }

    @Test("a dot at the start of a continued line is SQL, not a command; interrupt drops the statement")
    func continuation() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        _ = await shell.handle("SELECT")
        _ = await shell.handle(".5 AS half;")
        #expect(recorded.standard == "[table] 0.5\n")
        _ = await shell.handle("SELECT 'never")
        shell.interrupt()
        #expect(shell.prompt == ShellSession.prompt)
        _ = await shell.handle("SELECT 2;")
        #expect(recorded.standard.hasSuffix("[table] 2\n"))
        #expect(recorded.error.isEmpty)
    }

    @Test("the history gets a statement typed over lines as one line, unless a line ends in a comment or a string")
    func history() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        for line in ["SELECT 1", "", "  + 1 AS two;", ".mode csv"] { _ = await shell.handle(line) }
        #expect(shell.takeHistory() == ["SELECT 1 + 1 AS two;", ".mode csv"])
        #expect(shell.takeHistory().isEmpty)
        for line in ["SELECT 1 -- one", "AS one;", "SELECT 'two", "lines' AS s;"] { _ = await shell.handle(line) }
        #expect(shell.takeHistory() == ["SELECT 1 -- one", "AS one;", "SELECT 'two", "lines' AS s;"])
        _ = await shell.handle("SELECT")
        #expect(shell.takeHistory().isEmpty)
        _ = await shell.handle("  1")
        shell.interrupt()  // Ctrl-C: dropped, but kept for fetching back
        #expect(shell.takeHistory() == ["SELECT 1"])
        #expect(recorded.error.isEmpty)
    }

    @Test("a running statement is cancelled through running.cancel() (what Ctrl-C does)", .timeLimit(.minutes(2)))
    func cancel() async throws {
        let recorded = RecordedOutput()
        var shell = try await session(recorded)
        let running = shell.running
        #expect(!running.cancel())  // nothing running
        // 42 million joined rows counted distinct: minutes of work in a debug build.
        let slow = "SELECT count(DISTINCT concat(a.customer_code, b.product_code, a.date)) "
            + "FROM gold.fact_orders_enriched a CROSS JOIN gold.dim_products b;"
        let started = ContinuousClock.now
        let task = Task { [shell] in
            var shell = shell
            return await shell.handle(slow)
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(running.cancel())
        #expect(await task.value == .proceed)
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(recorded.error == "interrupted\n")
        _ = await shell.handle("SELECT 3;")
        #expect(recorded.standard == "[table] 3\n")
    }
}
