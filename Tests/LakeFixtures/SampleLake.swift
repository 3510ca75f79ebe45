import Foundation
import Pipeline
import TestSupport

/// The lake one pipeline run makes of the sample data (`Tests/Fixtures/atliqon-sportsbar`),
/// built once per test process and shared by every suite; removed when the process ends
/// (and lakes of earlier processes that could not remove theirs are swept at the start).
public actor SampleLake {
    public static let shared = SampleLake()
    private static let prefix = "medallion-sql-sample-"
    private var built: Task<String, any Error>?

    /// The lake's directory; the first caller builds it, the others wait for it.
    public func path() async throws -> String {
        if let built { return try await built.value }
        let task = Task {
            let temporary = FileManager.default.temporaryDirectory.path
            Self.sweep(temporary)
            let root = temporary + "/" + Self.prefix + String(getpid())
            try? FileManager.default.removeItem(atPath: root)
            atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.path + "/medallion-sql-sample-" + String(getpid())) }
            let lake = root + "/lake"
            _ = try await PipelineRun.run(RunOptions(source: TestPaths.sportsBarData, lake: lake, workers: 2))
            return lake
        }
        built = task
        return try await task.value
    }

    /// Removes sample lakes of test processes that are gone.
    private static func sweep(_ temporary: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }
}
