import Foundation

/// Where the tests find things outside their own folder.
public enum TestPaths {
    /// The repository root (this file is Tests/TestSupport/TestPaths.swift).
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The AtliQon × SportsBar sample data: `MEDALLION_SHARED_DATA` (the shared data folder
    /// or the data set itself), else `../shared/data/atliqon-sportsbar` beside the repo.
    public static let sportsBarData: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["MEDALLION_SHARED_DATA"], !env.isEmpty {
            candidates += [env + "/atliqon-sportsbar", env + "/data/atliqon-sportsbar", env]
        }
        candidates.append(repoRoot.appendingPathComponent("../shared/data/atliqon-sportsbar").standardizedFileURL.path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/2_child_company") }
    }()
}
