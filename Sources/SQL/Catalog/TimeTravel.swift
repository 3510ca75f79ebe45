import Foundation
import Lake
import SQLSyntax

/// `VERSION AS OF n` and `TIMESTAMP AS OF '…'` (Delta time travel): the table at another
/// version. Versions newer than the catalog's pinned one (a run still being published) are
/// not visible.
enum TimeTravelResolver {
    static func resolve(_ travel: TimeTravel, of table: CatalogTable, context: PlanningContext,
                        at location: SourceLocation) throws -> CatalogTable {
        let delta = DeltaTable(path: table.path)
        let newest: Int64
        do { newest = try table.version ?? delta.latestVersion() } catch {
            throw SQLError("cannot read \(table.name): \(error)", at: location)
        }
        var result = table
        switch travel {
        case let .version(version):
            guard version >= 0, version <= newest else {
                throw SQLError("\(table.name) has no version \(version) (versions 0 to \(newest))", at: location)
            }
            result.version = version
        case let .timestamp(expression):
            let bound = try ExpressionBinder(context: context, scope: .empty).bind(expression)
            let millis: Int64
            switch bound {
            case let .literal(.text(text), _):
                guard let parsed = parseTimestamp(text) else {
                    throw SQLError("invalid timestamp '\(text)': expected yyyy-MM-dd[ HH:mm:ss] (UTC)", at: expression.location)
                }
                millis = parsed
            case let .literal(.date(days), _):
                millis = Int64(days) * 86_400_000
            default:
                throw SQLError("TIMESTAMP AS OF needs a constant timestamp ('2025-01-31 12:00:00') or date", at: expression.location)
            }
            let history: [DeltaHistoryEntry]
            do { history = try delta.history() } catch { throw SQLError("cannot read the history of \(table.name): \(error)", at: location) }
            let candidates = history.filter { $0.version <= newest && $0.timestamp <= millis }
            guard let version = candidates.map(\.version).max() else {
                let first = history.map(\.timestamp).min().map { Date(timeIntervalSince1970: Double($0) / 1000).ISO8601Format() } ?? "?"
                throw SQLError("\(table.name) has no version at or before that time (its first commit is at \(first))",
                               at: expression.location)
            }
            result.version = version
        }
        return result
    }

    /// `yyyy-MM-dd`, `yyyy-MM-dd HH:mm[:ss[.fff]]` or with `T`, as UTC milliseconds.
    static func parseTimestamp(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces
        let datePart = String(trimmed.prefix(10))
        guard let days = ValueParser.date(datePart) else { return nil }
        var millis = Int64(days) * 86_400_000
        let rest = trimmed.dropFirst(10)
        guard !rest.isEmpty else { return millis }
        guard rest.first == " " || rest.first == "T" else { return nil }
        let fields = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (2 ... 3).contains(fields.count), let hours = Int64(fields[0]), let minutes = Int64(fields[1]),
              (0 ..< 24).contains(hours), (0 ..< 60).contains(minutes) else { return nil }
        var seconds = 0.0
        if fields.count == 3 {
            guard let s = Double(fields[2].hasSuffix("Z") ? String(fields[2].dropLast()) : String(fields[2])), s >= 0, s < 61 else { return nil }
            seconds = s
        }
        millis += (hours * 3600 + minutes * 60) * 1000 + Int64((seconds * 1000).rounded(.down))
        return millis
    }
}
