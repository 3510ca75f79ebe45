import Foundation

/// The per-stage figures of a run: JSON for machines (`--report`); the CLI prints them as a table.
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

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public func write(to path: String) throws {
        try json().write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
