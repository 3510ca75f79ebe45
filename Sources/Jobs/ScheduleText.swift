import Foundation

/// `medallion schedule`: the text of a systemd service + timer pair, or of a crontab line,
/// that runs `medallion run` on a schedule and appends its output to a log file. The lake
/// lock makes overlapping runs safe: the later one exits with 75 and the next tick retries.
public struct ScheduleText: Sendable {
    public enum When: Equatable, Sendable {
        /// Every interval, counted from the previous run's start (systemd) or the clock (cron).
        case every(Duration)
        /// Daily at hour:minute, local time.
        case at(hour: Int, minute: Int)
    }

    public var name: String
    /// The absolute path of the medallion binary and the run's arguments.
    public var binary: String
    public var arguments: [String]
    public var log: String
    public var when: When

    public init(name: String, binary: String, arguments: [String], log: String, when: When) {
        self.name = name
        self.binary = binary
        self.arguments = arguments
        self.log = log
        self.when = when
    }

    /// `HH:MM` (24-hour).
    public static func parseTime(_ text: String) throws -> When {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0 ..< 24).contains(hour),
              (0 ..< 60).contains(minute), parts[1].count == 2 else {
            throw JobsError.badSchedule("--at: '\(text)' is not a time of day as HH:MM (e.g. 02:00)")
        }
        return .at(hour: hour, minute: minute)
    }

    // MARK: systemd

    public var serviceName: String { "medallion-\(name).service" }
    public var timerName: String { "medallion-\(name).timer" }

    public func systemdService() -> String {
        let command = ([binary] + arguments).map(Self.systemdQuoted).joined(separator: " ")
        return """
        [Unit]
        Description=medallion: ingest new source files into the lake (\(name))
        Documentation=man:medallion(1)

        [Service]
        Type=oneshot
        ExecStart=\(command)
        StandardOutput=append:\(Self.systemdEscaped(log))
        StandardError=append:\(Self.systemdEscaped(log))
        # 75: another run holds the lake lock; the next tick runs again.
        SuccessExitStatus=75
        Nice=5

        """
    }

    public func systemdTimer() throws -> String {
        let schedule: String
        switch when {
        case let .every(interval):
            let seconds = DurationText.seconds(interval)
            guard seconds >= 1 else { throw JobsError.badSchedule("--every: at least 1s") }
            schedule = "OnBootSec=\(seconds)s\nOnUnitActiveSec=\(seconds)s"
        case let .at(hour, minute):
            schedule = "OnCalendar=*-*-* \(Self.two(hour)):\(Self.two(minute)):00\nPersistent=true"
        }
        return """
        [Unit]
        Description=Run \(serviceName) on a schedule

        [Timer]
        \(schedule)
        Unit=\(serviceName)

        [Install]
        WantedBy=timers.target

        """
    }

    // MARK: cron

    public func cronLine() throws -> String {
        let fields: String
        switch when {
        case let .at(hour, minute):
            fields = "\(minute) \(hour) * * *"
        case let .every(interval):
            let seconds = DurationText.seconds(interval)
            let minutes = seconds / 60, hours = seconds / 3600
            if seconds == 86400 {
                fields = "0 0 * * *"
            } else if seconds % 3600 == 0, hours >= 1, 24 % hours == 0 {
                fields = hours == 1 ? "0 * * * *" : "0 */\(hours) * * *"
            } else if seconds % 60 == 0, minutes >= 1, 60 % minutes == 0 {
                fields = minutes == 1 ? "* * * * *" : "*/\(minutes) * * * *"
            } else {
                throw JobsError.badSchedule("--every \(interval): cron runs at minute steps that divide an hour "
                    + "(1m, 5m, 15m, 30m), hour steps that divide a day (1h, 2h, 6h, 12h) or daily (1d); "
                    + "use --emit systemd for other intervals")
            }
        }
        let command = ([binary] + arguments).map(Self.shellQuoted).joined(separator: " ")
        // cron treats % as a newline: escape it.
        let line = "\(fields) \(command) >> \(Self.shellQuoted(log)) 2>&1".replacingPercent()
        return "# medallion (\(name)): exit 0 committed or nothing new, 1 failed, 75 lake locked by another run\n\(line)\n"
    }

    // MARK: quoting

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:,@+".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// A word of ExecStart= (systemd's own quoting: double quotes, backslash escapes, %% for %).
    static func systemdQuoted(_ text: String) -> String {
        let escaped = systemdEscaped(text)
        let safe = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:,@+%".contains($0) }
        return safe ? escaped : "\"" + escaped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func systemdEscaped(_ text: String) -> String { text.replacingOccurrences(of: "%", with: "%%") }
}

private extension String {
    func replacingPercent() -> String { replacingOccurrences(of: "%", with: "\\%") }
}
