import Foundation

/// Durations as users write them on the command line: `500ms`, `30s`, `15m`, `1h`, `2d`,
/// or a bare number of seconds.
public enum DurationText {
    public static func parse(_ text: String, option: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var number = Substring(trimmed), scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale <= 365 * 86400 else {
            throw JobsError.badSchedule("\(option): '\(text)' is not a duration (e.g. 500ms, 30s, 15m, 1h, 2d)")
        }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }

    /// Whole seconds of `duration`, for unit files and cron lines.
    static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }
}

