import Foundation

/// The per-stage figures of a run: a table for people, JSON for machines (`--report`).
public struct RunReport: Sendable, Codable, Equatable {
    public var command: String
    public var workers: Int
    public var stages: [StageSnapshot]
    public var totalSeconds: Double
    /// Command-specific results (e.g. row counts, sums), as text.
    public var results: [String: String]

    public init(command: String, workers: Int, stages: [StageSnapshot], totalSeconds: Double, results: [String: String] = [:]) {
        self.command = command
        self.workers = workers
        self.stages = stages
        self.totalSeconds = totalSeconds
        self.results = results
    }

    public func table() -> String {
        let header = ["stage", "tasks", "rows in", "rows out", "rejected", "bytes in", "bytes out", "spill", "seconds"]
        var rows = [header]
        for s in stages {
            rows.append([s.name, "\(s.tasksDone)/\(s.tasksTotal)", "\(s.rowsIn)", "\(s.rowsOut)", "\(s.rowsRejected)",
                         Format.bytes(s.bytesIn), Format.bytes(s.bytesOut), Format.bytes(s.spillBytes), Format.decimal(s.seconds, 3)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
            return i == 0 ? line + "\n" + String(repeating: "-", count: line.count) : line
        }.joined(separator: "\n")
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public func write(to path: String) throws {
        try json().write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
