import LakeFixtures
import Foundation
import Columns
import SQL
import TestSupport
import Testing

/// Generated queries over the sample lake, run through `SQLEngine` and compared with
/// DuckDB's answers on the same Delta snapshot (issue #12). `differential.py` (beside this
/// file) generates the queries in both spellings and runs DuckDB's; see its doc comment
/// for the grammar and the dialect mapping.
///
///     MEDALLION_DIFF_CASES=20000 MEDALLION_DIFF_SEED=7 swift test --filter Differential
///     MEDALLION_DIFF_SEED=7 MEDALLION_DIFF_CASE=1234 swift test --filter Differential   # one case
///
/// Defaults: 3,000 cases of seed 20261207. A failure names the seed and case, both
/// spellings and the rows that differ.
@Suite("Differential: generated queries against DuckDB")
struct DifferentialTests {
    static let script: PythonScript = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("differential.py").path
        let script = PythonScript(path: path) { $0.contains("ok duckdb") }
        if !script.isAvailable {
            print("Differential SQL test skipped: no Python with duckdb and deltalake "
                  + "(set MEDALLION_PYTHON, or run scripts/python-env.sh)")
        }
        return script
    }()

    struct Case: Decodable {
        var `case`: Int
        var seed: String
        var spark: String
        var duckdb: String
        var ordered: Bool
        var modes: [String]
        var rows: [[String?]]
    }

    @Test(.enabled(if: script.isAvailable))
    func generatedQueriesAgreeWithDuckDB() async throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["MEDALLION_DIFF_SEED"].flatMap { $0.isEmpty ? nil : $0 } ?? "20261207"
        let count = env["MEDALLION_DIFF_CASES"].flatMap { Int($0) } ?? 3000
        // One case, or a list "n,m,…"
        let chosen = env["MEDALLION_DIFF_CASE"].flatMap { $0.isEmpty ? nil : $0 }
        let wanted = chosen.map { $0.split(separator: ",").count } ?? count
        let lake = try await SampleLake.shared.path()
        let file = FileManager.default.temporaryDirectory.path + "/medallion-diff-\(getpid()).jsonl"
        defer {
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: file + ".log")
        }
        // DuckDB answers case after case while medallion runs the ones already written.
        let started = Date()
        let generator = try Self.script.start(["generate", lake, seed, String(wanted), file, chosen ?? "0"],
                                              log: file + ".log")
        let reader = CaseReader(path: file, writer: generator)

        // Two queries at a time: a debug build's query leaves part of the second core idle.
        let engine = SQLEngine(lake: lake, workers: 2)
        let parallel = max(1, env["MEDALLION_DIFF_PARALLEL"].flatMap { Int($0) } ?? 2)
        var cases: [Case] = []
        var problems: [String?] = [], seconds: [Double] = []
        try await withThrowingTaskGroup(of: (Int, String?, Double).self) { group in
            func start() async throws {
                guard let c = try await reader.next() else { return }
                let i = cases.count
                cases.append(c)
                problems.append(nil)
                seconds.append(0)
                group.addTask {
                    let began = Date()
                    do {
                        let result = try await engine.run(c.spark)
                        return (i, Self.compare(result, c), Date().timeIntervalSince(began))
                    } catch {
                        let text = (error as? SQLError)?.rendered ?? "\(error)"
                        return (i, "medallion failed:\n" + text, Date().timeIntervalSince(began))
                    }
                }
            }
            for _ in 0 ..< parallel { try await start() }
            while let (i, problem, time) = try await group.next() {
                problems[i] = problem
                seconds[i] = time
                try await start()
            }
        }
        generator.waitUntilExit()
        let log = (try? String(contentsOfFile: file + ".log", encoding: .utf8)) ?? ""
        #expect(generator.terminationStatus == 0, "differential.py failed:\n\(log)")
        #expect(cases.count == wanted)
        var failures = 0
        for (c, problem) in zip(cases, problems) {
            guard let problem else { continue }
            failures += 1
            if failures <= 40 {
                Issue.record("""
                    differential case \(c.case) of seed \(c.seed) (replay: MEDALLION_DIFF_SEED=\(c.seed) MEDALLION_DIFF_CASE=\(c.case))
                    medallion: \(c.spark)
                    duckdb:    \(c.duckdb)
                    \(problem)
                    """)
            }
        }
        if let path = env["MEDALLION_DIFF_TIMES"] {
            let lines = cases.indices.map { String(format: "%.4f\t%d\t", seconds[$0], cases[$0].case) + cases[$0].spark }
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        if env["MEDALLION_DIFF_SLOWEST"] != nil {
            for i in seconds.indices.sorted(by: { seconds[$0] > seconds[$1] }).prefix(10) {
                print(String(format: "%.3f s  case %d: ", seconds[i], cases[i].case) + cases[i].spark.prefix(300))
            }
        }
        if failures > 40 { Issue.record("\(failures) of \(cases.count) differential cases differ (the first 40 shown)") }
        print("differential: \(cases.count) cases of seed \(seed), \(failures) differ, "
              + String(format: "%.1f s (medallion's queries %.1f s); ", Date().timeIntervalSince(started), seconds.reduce(0, +))
              + (log.split(separator: "\n").last.map(String.init) ?? ""))
    }

    /// Reads the cases `differential.py` appends to `path`, one JSON line each, as they come.
    final class CaseReader {
        let path: String
        let writer: Process
        private var handle: FileHandle?
        private var buffer = Data()
        private let decoder = JSONDecoder()

        init(path: String, writer: Process) {
            self.path = path
            self.writer = writer
        }

        func next() async throws -> Case? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex ..< newline]
                    buffer = Data(buffer[(newline + 1)...])
                    return try decoder.decode(Case.self, from: line)
                }
                let running = writer.isRunning
                if handle == nil { handle = FileHandle(forReadingAtPath: path) }
                let data = handle?.availableData ?? Data()
                if !data.isEmpty {
                    buffer.append(data)
                    continue
                }
                if !running { return nil }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }

    /// nil when medallion's result is DuckDB's, else what differs.
    static func compare(_ result: SQLResult, _ c: Case) -> String? {
        let types = result.schema.fields.map(\.type)
        guard types.count == c.modes.count else {
            return "medallion returned \(types.count) columns, DuckDB \(c.modes.count)"
        }
        var got = result.rows().map { row in
            zip(row, types).map { value, type -> String? in
                guard let value else { return nil }
                if case .decimal = type { return normalizedDecimal(value) }
                return value
            }
        }
        var want = c.rows
        if !c.ordered {
            got.sort { less($0, $1, c.modes) }
            want.sort { less($0, $1, c.modes) }
        }
        var lines: [String] = []
        for i in 0 ..< max(got.count, want.count) {
            let g = i < got.count ? got[i] : nil, w = i < want.count ? want[i] : nil
            if let g, let w, rowsEqual(g, w, c.modes) { continue }
            lines.append("  row \(i): medallion \(g.map(show) ?? "(none)")\n         duckdb    \(w.map(show) ?? "(none)")")
            if lines.count == 8 { break }
        }
        if lines.isEmpty { return nil }
        return "rows differ (medallion \(got.count) rows, DuckDB \(want.count); \(c.ordered ? "in order" : "as multisets")):\n"
            + lines.joined(separator: "\n")
    }

    static func show(_ row: [String?]) -> String {
        "[" + row.map { $0.map { "'\($0)'" } ?? "NULL" }.joined(separator: ", ") + "]"
    }

    /// `1.50` → `1.5`, `2.00` → `2`, `-0.00` → `0`: decimals compare by value.
    static func normalizedDecimal(_ text: String) -> String {
        guard text.contains(".") else { return text == "-0" ? "0" : text }
        var t = Substring(text)
        while t.last == "0" { t = t.dropLast() }
        if t.last == "." { t = t.dropLast() }
        return t == "-0" || t.isEmpty ? "0" : String(t)
    }

    /// Exact columns compare as text; `dbl` within a relative 1e-9 (absolute near 0);
    /// `dec:s` (a decimal DuckDB computes in DOUBLE) within one unit of the s-th place.
    static func cellsEqual(_ a: String?, _ b: String?, _ mode: String) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if mode == "exact" { return a == b }
        guard let x = Double(a), let y = Double(b) else { return a == b }
        if x == y { return true }
        var tolerance = 1e-9 * max(1, abs(x), abs(y))
        if mode.hasPrefix("dec:"), let scale = Int(mode.dropFirst(4)) {
            tolerance = max(tolerance, pow(10, -Double(scale)))
        }
        return abs(x - y) <= tolerance
    }

    static func rowsEqual(_ a: [String?], _ b: [String?], _ modes: [String]) -> Bool {
        a.count == b.count && a.indices.allSatisfy { cellsEqual(a[$0], b[$0], $0 < modes.count ? modes[$0] : "exact") }
    }

    /// A total order for multisets: exact columns first as text, then approximate ones as numbers.
    static func less(_ a: [String?], _ b: [String?], _ modes: [String]) -> Bool {
        let order = modes.indices.filter { modes[$0] == "exact" } + modes.indices.filter { modes[$0] != "exact" }
        for i in order where i < a.count && i < b.count {
            switch (a[i], b[i]) {
            case (nil, nil): continue
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?):
                if x == y { continue }
                if modes[i] != "exact", let dx = Double(x), let dy = Double(y) {
                    if dx == dy { continue }
                    return dx < dy
                }
                return x < y
            }
        }
        return false
    }
}
