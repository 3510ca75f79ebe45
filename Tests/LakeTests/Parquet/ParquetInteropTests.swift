import Foundation
import Columns
import Testing
import TestSupport
@testable import Lake

/// Runs Tests/LakeTests/interop/parquet_check.py with a Python that has pyarrow (and,
/// for some checks, duckdb); see `PythonScript` for where it is looked for. Without one
/// the tests are skipped with that reason printed.
enum ParquetPython {
    static let script: PythonScript = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop/parquet_check.py").path
        let script = PythonScript(path: path) { (Self.json($0)?["pyarrow"] as? String) != nil }
        if !script.isAvailable {
            print("Parquet interop tests skipped: no Python with pyarrow "
                  + "(set MEDALLION_PYTHON, or run scripts/python-env.sh)")
        }
        return script
    }()

    static var isAvailable: Bool { script.isAvailable }
    /// Whether that Python also has duckdb.
    static var hasDuckDB: Bool { (json(script.checkOutput)?["duckdb"] as? String) != nil }

    static func call(_ arguments: String...) throws -> [String: Any] {
        let out = try script.run(arguments)
        guard let object = json(out) else {
            throw PythonScript.Failure(description: "parquet_check.py printed no JSON object: \(out.prefix(200))")
        }
        return object
    }

    private static func json(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// A JSON array of strings and nulls as `[String?]`.
    static func strings(_ any: Any?) -> [String?]? {
        guard let array = any as? [Any] else { return nil }
        return array.map { $0 as? String }
    }
}

@Suite("Parquet interop with pyarrow and DuckDB", .serialized, .enabled(if: ParquetPython.isAvailable, "pyarrow not importable"))
struct ParquetInteropTests {
    typealias S = ParquetTestSupport

    static let schema = Schema([
        Field("order_id", .text, nullable: false),
        Field("customer", .text),
        Field("qty", .int64),
        Field("line", .int32, nullable: false),
        Field("day", .date),
        Field("amount", .decimal(precision: 18, scale: 2)),
        Field("score", .double),
        Field("ok", .bool),
        Field("nothing", .int64),
    ])

    static let arrowTypes = ["string", "string", "int64", "int32", "date32[day]", "decimal128(18, 2)", "double", "bool", "int64"]

    static func batch(rows: Int, seed: UInt64, start: Int) -> RecordBatch {
        var rng = S.Random(seed: seed)
        var ids = ByteColumn()
        for i in 0 ..< rows { ids.append(string: "FJUL\(33_320_501 + start + i)") }
        var customer = S.column(.text, rows: rows, nullable: true, distinct: 30, rng: &rng)
        // An empty, non-NULL customer name must stay that (explicit mask).
        if case var .text(c) = customer, rows > 3 {
            var copy = ByteColumn()
            for r in 0 ..< rows { r == 3 ? copy.append(string: "") : copy.append(from: c, row: r) }
            c = copy
            customer = .text(c)
        }
        var qty = FixedColumn<Int64>()
        var amount = FixedColumn<Int64>()
        for i in 0 ..< rows {
            if rng.chance(0.05) { qty.appendNull() } else { qty.append(Int64(16 + rng.below(485))) }
            amount.append(i % 17 == 0 ? nil : Int64(rng.below(10_000_000)) - 1_000_000)
        }
        var line = FixedColumn<Int32>()
        for i in 0 ..< rows { line.append(Int32(i % 11)) }
        var nothing = FixedColumn<Int64>()
        for _ in 0 ..< rows { nothing.appendNull() }
        return RecordBatch(schema: schema, columns: [
            .text(ids), customer, .int64(qty), .int32(line),
            S.column(.date, rows: rows, nullable: true, distinct: 150, rng: &rng),
            .decimal(amount),
            S.column(.double, rows: rows, nullable: true, distinct: 1000, rng: &rng),
            S.column(.bool, rows: rows, nullable: true, distinct: 2, rng: &rng),
            .int64(nothing),
        ])
    }

    @Test("pyarrow and DuckDB read what the writer wrote", arguments: [
        ParquetCompression.zstd(level: 3), .gzip(level: 6), .uncompressed,
    ], [true, false])
    func pyarrowReadsOurFiles(codec: ParquetCompression, dictionary: Bool) throws {
        let batches = (0 ..< 3).map { Self.batch(rows: 4000, seed: UInt64($0), start: $0 * 4000) }
        let path = S.temporaryPath("interop-out")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write(batches, schema: Self.schema, to: path, options: ParquetWriterOptions(
            compression: codec, rowGroupBytes: 64 << 10, pageBytes: 8 << 10, dictionary: dictionary))
        #expect(info.rowGroupCount > 1)

        let dump = try ParquetPython.call("dump", path)
        #expect(dump["num_rows"] as? Int == 12000)
        #expect(dump["num_row_groups"] as? Int == info.rowGroupCount)
        let schema = dump["schema"] as? [[String: Any]] ?? []
        #expect(schema.map { $0["name"] as? String } == Self.schema.fields.map(\.name))
        #expect(schema.map { $0["type"] as? String } == Self.arrowTypes)
        #expect(schema.map { $0["nullable"] as? Bool } == Self.schema.fields.map(\.nullable))
        let columns = dump["columns"] as? [String: Any] ?? [:]
        for (i, field) in Self.schema.fields.enumerated() {
            #expect(ParquetPython.strings(columns[field.name]) == S.canonicalColumn(batches, i), "column \(field.name)")
        }

        // pyarrow's view of our statistics matches what finish() reported, merged.
        let groups = dump["row_groups"] as? [[String: Any]] ?? []
        for (i, field) in Self.schema.fields.enumerated() {
            let perGroup = groups.compactMap { ($0["columns"] as? [String: Any])?[field.name] as? [String: Any] }
            let nulls = perGroup.compactMap { $0["null_count"] as? Int }.reduce(0, +)
            #expect(Int64(nulls) == info.columns[i].nullCount, "null count of \(field.name)")
            let mins = perGroup.compactMap { $0["min"] as? String }
            let maxs = perGroup.compactMap { $0["max"] as? String }
            if let min = info.columns[i].min, let max = info.columns[i].max, field.type != .double {
                #expect(mins.contains(Self.canonical(min)), "min of \(field.name)")
                #expect(maxs.contains(Self.canonical(max)), "max of \(field.name)")
            } else if field.name == "nothing" {
                #expect(mins.isEmpty && maxs.isEmpty)
            }
        }

        if let duck = dump["duckdb"] as? [String: Any] {
            #expect(duck["count"] as? Int == 12000)
            let cols = duck["columns"] as? [String: [String: Any]] ?? [:]
            for (i, field) in Self.schema.fields.enumerated() {
                let values = S.canonicalColumn(batches, i).compactMap { $0 }
                #expect(cols[field.name]?["count"] as? Int == values.count, "DuckDB count(\(field.name))")
                switch field.type {
                case .int64, .int32, .decimal:
                    let sum = values.compactMap { Int64($0) }.reduce(0, +)
                    #expect(cols[field.name]?["sum"] as? String == (values.isEmpty ? nil : String(sum)), "DuckDB sum(\(field.name))")
                default: break
                }
                if field.type == .text {
                    let sorted = values.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                    #expect(cols[field.name]?["min"] as? String == sorted.first.map { String(decoding: $0, as: UTF8.self) })
                    #expect(cols[field.name]?["max"] as? String == sorted.last.map { String(decoding: $0, as: UTF8.self) })
                }
            }
        } else {
            print("DuckDB checks skipped: duckdb not importable")
        }
    }

    @Test("pyarrow reads an empty file")
    func pyarrowReadsEmptyFile() throws {
        let path = S.temporaryPath("interop-empty")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try S.write([], schema: Self.schema, to: path)
        let dump = try ParquetPython.call("dump", path)
        #expect(dump["num_rows"] as? Int == 0)
        #expect((dump["schema"] as? [[String: Any]] ?? []).map { $0["type"] as? String } == Self.arrowTypes)
    }

    static func canonical(_ v: StatisticsValue) -> String {
        switch v {
        case let .bool(b): b ? "true" : "false"
        case let .double(d): String(d.bitPattern)
        default: v.description
        }
    }

    static let pyarrowColumns = ["s", "ls", "i64", "i32", "d", "dec", "dec9", "f", "b", "all_null"]

    @Test("the reader reads what pyarrow (and DuckDB) wrote", arguments: [
        "dict_zstd", "plain_gzip", "v2_zstd", "v2_plain_uncompressed", "decimal_as_integer", "dict_fallback",
        "page_index_crc", "duckdb",
    ])
    func weReadPyarrowFiles(variant: String) throws {
        if variant == "duckdb", !ParquetPython.hasDuckDB {
            print("DuckDB-written file skipped: duckdb not importable")
            return
        }
        let path = S.temporaryPath("interop-in-\(variant)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try ParquetPython.call("write", path, variant, "5000")
        let reader = try ParquetReader(path: path)
        #expect(reader.schema.fields.map(\.name) == Self.pyarrowColumns)
        #expect(reader.schema.fields.map(\.type) == [
            .text, .text, .int64, .int32, .date, .decimal(precision: 18, scale: 2), .decimal(precision: 9, scale: 2),
            .double, .bool, .int64,
        ])
        // Nullability as the writer declared it (DuckDB makes every column OPTIONAL).
        let declared = (written["schema"] as? [[String: Any]] ?? []).map { $0["nullable"] as? Bool }
        #expect(reader.schema.fields.map(\.nullable) == declared)
        if variant != "duckdb" { #expect(reader.schema.fields[3].nullable == false) }
        #expect(reader.rowGroups.count == written["num_row_groups"] as? Int)
        let batches = try reader.read()
        let columns = written["columns"] as? [String: Any] ?? [:]
        for (i, name) in Self.pyarrowColumns.enumerated() {
            let expected = ParquetPython.strings(columns[name])
            #expect(expected != nil)
            #expect(S.canonicalColumn(batches, i) == expected, "column \(name) (\(variant))")
        }
        // pyarrow's statistics decode to the same bounds it reports.
        let groups = written["row_groups"] as? [[String: Any]] ?? []
        for (g, group) in groups.enumerated() {
            let cols = group["columns"] as? [String: [String: Any]] ?? [:]
            for (i, name) in Self.pyarrowColumns.enumerated() where name != "f" {
                let ours = reader.rowGroups[g].columns[i]
                #expect(ours.nullCount.map(Int.init) == cols[name]?["null_count"] as? Int, "\(name) nulls in group \(g)")
                #expect(ours.min.map(Self.canonical) == cols[name]?["min"] as? String, "\(name) min in group \(g)")
                #expect(ours.max.map(Self.canonical) == cols[name]?["max"] as? String, "\(name) max in group \(g)")
            }
        }
    }

    @Test("SNAPPY files fail with a clear error naming file and column")
    func snappyIsRefused() throws {
        let path = S.temporaryPath("interop-snappy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ParquetPython.call("write", path, "snappy", "100")
        let reader = try ParquetReader(path: path)
        #expect {
            try reader.readRowGroup(0)
        } throws: { error in
            guard let e = error as? ParquetError else { return false }
            return e.path == path && e.column == "s" && e.message.contains("SNAPPY") && e.offset != nil
        }
    }

    @Test("unsupported columns are refused by name", arguments: ["timestamp", "nested"])
    func unsupportedColumns(variant: String) throws {
        let path = S.temporaryPath("interop-\(variant)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ParquetPython.call("write", path, variant, "10")
        #expect {
            try ParquetReader(path: path)
        } throws: { error in
            guard let e = error as? ParquetError else { return false }
            return e.kind == .unsupported && e.path == path
                && (variant == "nested" ? e.message.contains("nested") : e.column == "extra" && e.message.contains("TIMESTAMP"))
        }
    }
}
