import Foundation

/// Chart.js, read when a page is written and inlined into it (nothing third-party is
/// committed to the repository): Debian's `libjs-chart.js` installs it;
/// `MEDALLION_CHARTJS` names another copy (a UMD build, `chart.min.js`).
public enum ChartLibrary {
    public static let searchPaths = [
        "/usr/share/javascript/chart.js/chart.min.js",
        "/usr/share/javascript/chart.js/chart.js",
        "/usr/share/nodejs/chart.js/dist/chart.min.js",
    ]

    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let candidates = (environment["MEDALLION_CHARTJS"].map { [$0] } ?? []) + searchPaths
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) {
                return String(decoding: data, as: UTF8.self)
            }
        }
        throw DashboardError("the charting library Chart.js is missing: install the Debian package `libjs-chart.js` "
            + "(scripts/install-deps.sh does) or set MEDALLION_CHARTJS to a chart.min.js (looked in: "
            + candidates.joined(separator: ", ") + ")")
    }
}
