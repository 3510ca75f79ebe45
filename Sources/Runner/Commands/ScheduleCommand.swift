import ArgumentParser
import Foundation
import Jobs

/// `medallion schedule`: prints a systemd service + timer pair or a crontab line that runs
/// `medallion run` on a schedule (`Jobs.ScheduleText`).
struct ScheduleCommand: ParsableCommand {
    enum Emit: String, ExpressibleByArgument, CaseIterable { case systemd, cron }

    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print a systemd timer or a crontab line that runs the pipeline on a schedule.",
        discussion: """
        Nothing is installed: the text goes to standard output with the commands that install it. \
        The scheduled command is `medallion run --quiet` with this binary's absolute path; its \
        output is appended to --log. Exit statuses of `medallion run`: 0 success (committed, or \
        nothing new — the report says which), 1 failed, 2 bad usage, 75 the lake is locked by \
        another run (the systemd unit counts 75 as success: the next tick runs again).
        """
    )

    @Option(help: "What to print: systemd (a service and a timer) or cron (one crontab line).")
    var emit: Emit

    @Option(help: "Run every interval, e.g. 15m, 1h, 1d.")
    var every: String?

    @Option(help: "Run daily at this local time, HH:MM.")
    var at: String?

    @Option(help: "Source folder (made absolute).")
    var source: String

    @Option(help: "Lake folder (made absolute).")
    var lake: String

    @Option(help: "Log file the runs append to (default: <lake>/_medallion/runs.log).")
    var log: String?

    @Option(help: "Name of the units (medallion-NAME.service/.timer).")
    var name: String = "sportsbar"

    @Option(help: "Extra `medallion run` options, e.g. --run-options '--workers 4 --memory-limit 8GB'.")
    var runOptions: String?

    func validate() throws {
        guard (every == nil) != (at == nil) else { throw ValidationError("give exactly one of --every and --at") }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
            throw ValidationError("--name: letters, digits, - and _ only")
        }
    }

    func run() throws {
        let when: ScheduleText.When
        do {
            when = try every.map { .every(try DurationText.parse($0, option: "--every")) } ?? ScheduleText.parseTime(at ?? "")
        } catch {
            throw ValidationError("\(error)")
        }
        let source = Self.absolute(source), lake = Self.absolute(lake)
        let extra = runOptions.map { $0.split(separator: " ").map(String.init) } ?? []
        let text = ScheduleText(name: name, binary: Self.absolute(CommandLine.arguments[0].contains("/")
                                    ? CommandLine.arguments[0] : Self.onPath(CommandLine.arguments[0])),
                                arguments: ["run", "--source", source, "--lake", lake, "--quiet"] + extra,
                                log: log.map(Self.absolute) ?? lake + "/_medallion/runs.log", when: when)
        switch emit {
        case .systemd:
            let timer: String
            do { timer = try text.systemdTimer() } catch { throw ValidationError("\(error)") }
            print("""
            # \(text.serviceName) — save as ~/.config/systemd/user/\(text.serviceName) (or /etc/systemd/system/)
            \(text.systemdService())
            # \(text.timerName) — save beside it, then:
            #   systemctl --user daemon-reload && systemctl --user enable --now \(text.timerName)
            \(timer)
            """, terminator: "")
        case .cron:
            do { print(try text.cronLine(), terminator: "") } catch { throw ValidationError("\(error)") }
            print("# install: (crontab -l 2>/dev/null; medallion schedule --emit cron …) | crontab -")
        }
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    /// The binary's path when it was started through PATH.
    static func onPath(_ name: String) -> String {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }
}
