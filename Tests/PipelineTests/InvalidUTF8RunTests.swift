import Foundation
import Generator
import Columns
import Testing
import TestSupport
import Workers
@testable import Lake
@testable import Pipeline
@testable import SportsBar

/// Source records with bytes that are not UTF-8: the run succeeds, each such record is
/// quarantined as `invalid_utf8` with its exact bytes in `_raw_bytes`, no STRING column
/// of any table holds invalid text, rows are conserved, and delta-rs, pyarrow and
/// DuckDB read every table of the lake.
@Suite("Invalid UTF-8 in source files", .serialized)
struct InvalidUTF8RunTests {
    static let badOrder: [UInt8] = Array("FBAD0001".utf8) + [0xC3, 0x28] + Array(",2025-01-02,789201,25891401,7".utf8)
    static let badCustomer: [UInt8] = Array("789999,Caf".utf8) + [0xE9, 0x20, 0xFF] + Array(",Bengaluru".utf8)
    /// Not CSV (two fields) and not UTF-8 either: malformed, bytes kept all the same.
    static let malformedCustomer: [UInt8] = [0xFF, 0x2C, 0x78]

    static func append(_ lines: [[UInt8]], to path: String) throws -> Int64 {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        if bytes.last != 0x0A { bytes.append(0x0A) }
        let firstLine = Int64(bytes.filter { $0 == 0x0A }.count) + 1
        for line in lines { bytes += line + [0x0A] }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return firstLine
    }

    static func file(under dir: String, matching suffix: String) throws -> String {
        let all = FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []
        let match = try #require(all.filter { $0.hasSuffix(suffix) }.sorted().first)
        return dir + "/" + match
    }

    /// (`_reason`, `_source_line`, `_raw_record`, `_raw_bytes` hex) of the quarantine rows that carry bytes.
    static func rawRows(_ batch: RecordBatch) throws -> [[String?]] {
        let index = try #require(batch.schema.index(of: LakeCatalog.rawBytes))
        #expect(batch.schema.fields[index].type == .binary)
        guard case let .text(raw) = batch.columns[index] else { return [] }
        let reasons = try batch.text(Lineage.reason, in: "q"), records = try batch.text(LakeCatalog.rawRecord, in: "q")
        let lines = try batch.int64(Lineage.sourceLine, in: "q")
        return (0 ..< batch.rowCount).filter { !raw.isNull($0) }.map { row in
            [reasons.string(row), String(lines.values[row]), records.string(row),
             raw.bytes[raw.range(row)].map { String(format: "%02x", $0) }.joined()]
        }.sorted { ($0[1] ?? "", $0[3] ?? "") < ($1[1] ?? "", $1[3] ?? "") }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Every STRING value of every table is valid UTF-8 (BINARY columns may hold anything).
    static func allTextIsUTF8(_ lake: TestLake) throws {
        for table in LakeCatalog.all where lake.store.exists(table) {
            let batch = try lake.rows(table)
            for (field, column) in zip(batch.schema.fields, batch.columns) where field.type == .text {
                guard case let .text(c) = column else { continue }
                let valid = c.bytes.withUnsafeBytes { UTF8Validation.isValid($0) }
                #expect(valid, "\(table) \(field.name) holds invalid UTF-8")
                #expect(!(0 ..< c.count).contains { c.string($0)?.contains("\u{FFFD}") == true },
                        "\(table) \(field.name) holds U+FFFD")
            }
        }
    }

    @Test("records with invalid UTF-8 are quarantined with their exact bytes; every engine reads the lake")
    func invalidBytesAreQuarantined() async throws {
        let lake = try TestLake()
        var config = GeneratorConfig(orders: 3000)
        config.days = 4
        config.seed = 11
        _ = try await SourceGenerator.write(config, to: lake.source)
        let ordersFile = try Self.file(under: lake.source, matching: "/orders_2025_01_02.csv")
        let customersFile = try Self.file(under: lake.source, matching: "/customers/customers.csv")
        let orderLine = try Self.append([Self.badOrder], to: ordersFile)
        let customerLine = try Self.append([Self.badCustomer, Self.malformedCustomer], to: customersFile)

        let first = try await lake.run()
        #expect(first.committed && first.isConserved)
        let orders = try #require(first.flows.first { $0.table == "orders" })
        let customers = try #require(first.flows.first { $0.table == "customers" })
        #expect(orders.quarantine["invalid_utf8"] == 1)
        #expect(customers.quarantine["invalid_utf8"] == 1)
        #expect(customers.quarantine["malformed_row"] == 1)
        #expect(orders.rowsRead == 3001 && orders.isConserved && customers.isConserved)

        let expectedCustomers: [[String?]] = [
            ["invalid_utf8", String(customerLine), nil, Self.hex(Self.badCustomer)],
            ["malformed_row", String(customerLine + 1), nil, Self.hex(Self.malformedCustomer)],
        ]
        let expectedOrders: [[String?]] = [["invalid_utf8", String(orderLine), nil, Self.hex(Self.badOrder)]]
        #expect(try Self.rawRows(lake.rows(LakeCatalog.quarantine(.customers))) == expectedCustomers)
        #expect(try Self.rawRows(lake.rows(LakeCatalog.quarantine(.orders))) == expectedOrders)
        // The bad records never became bronze rows: bronze + quarantined records = records read.
        #expect(try lake.rows(LakeCatalog.bronze(.orders)).rowCount == 3000)
        try Self.allTextIsUTF8(lake)

        // A later customers file rebuilds the dim: the quarantined records stay.
        let more = (customersFile as NSString).deletingLastPathComponent + "/customers_more.csv"
        try Data("customer_id,customer_name,city\n789998,New Shop,Bengaluru\n".utf8).write(to: URL(fileURLWithPath: more))
        let second = try await lake.run()
        #expect(second.committed && second.isConserved)
        #expect(second.flows.first { $0.table == "customers" }?.rebuilt == true)
        #expect(try Self.rawRows(lake.rows(LakeCatalog.quarantine(.customers))) == expectedCustomers)
        #expect(try lake.rows(LakeCatalog.silverCustomers).rowCount == first.flows.first { $0.table == "customers" }.map { $0.silverRows + 1 })
        try Self.allTextIsUTF8(lake)

        guard GoldPython.script.isAvailable else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("no Python with deltalake in CI") }
            return
        }
        let answer = try GoldPython.script.run(["lake", lake.lake])
        let tables = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: [String: Any]])
        for table in LakeCatalog.all where lake.store.exists(table) {
            let entry = try #require(tables[table.description], "\(table) not read")
            let rows = try lake.rows(table).rowCount
            for engine in ["deltalake", "pyarrow", "duckdb"] {
                #expect(entry[engine] as? Int == rows, "\(table) rows through \(engine)")
            }
        }
        for (table, expected) in [(LakeCatalog.quarantine(.customers), expectedCustomers),
                                  (LakeCatalog.quarantine(.orders), expectedOrders)] {
            let raw = try #require(tables[table.description]?["raw"] as? [String: [[Any]]])
            for engine in ["deltalake", "pyarrow", "duckdb"] {
                let got = (raw[engine] ?? []).map { row in row.map { value -> String? in value is NSNull ? nil : "\(value)" } }
                #expect(got == expected, "\(table) bytes through \(engine)")
            }
        }
    }
}
