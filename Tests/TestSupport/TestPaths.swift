import Foundation

/// Where the tests find things outside their own folder.
public enum TestPaths {
    /// The repository root (this file is Tests/TestSupport/TestPaths.swift).
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The AtliQon × SportsBar sample data, kept in the repository:
    /// `Tests/Fixtures/atliqon-sportsbar` (see `Tests/Fixtures/README.md`).
    public static let sportsBarData: String = repoRoot.appendingPathComponent("Tests/Fixtures/atliqon-sportsbar").path
}
