import Foundation
import Pipeline
import TestSupport

/// The lake one pipeline run makes of the sample data (`Tests/Fixtures/atliqon-sportsbar`),
/// built once per test process and shared by every query file.
actor SampleLake {
    static let shared = SampleLake()
    private var built: Task<String, any Error>?

    func path() async throws -> String {
        if let built { return try await built.value }
        let task = Task {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-sql-" + UUID().uuidString).path
            let lake = root + "/lake"
            _ = try await PipelineRun.run(RunOptions(source: TestPaths.sportsBarData, lake: lake, workers: 2))
            return lake
        }
        built = task
        return try await task.value
    }
}
