import Foundation
import Testing
@testable import Jobs

@Suite("Schedules: systemd units and cron lines")
struct ScheduleTextTests {
    func text(_ when: ScheduleText.When, log: String = "/var/log/medallion.log") -> ScheduleText {
        ScheduleText(name: "sportsbar", binary: "/usr/local/bin/medallion",
                     arguments: ["run", "--source", "/data/in box", "--lake", "/data/lake", "--quiet"], log: log, when: when)
    }

    @Test("cron fields for daily times and the intervals cron can express; others refused")
    func cron() throws {
        #expect(try text(.at(hour: 2, minute: 5)).cronLine().contains("\n5 2 * * * /usr/local/bin/medallion run --source '/data/in box' --lake /data/lake --quiet >> /var/log/medallion.log 2>&1\n"))
        let fields: [(Duration, String)] = [(.seconds(60), "* * * * *"), (.seconds(900), "*/15 * * * *"), (.seconds(3600), "0 * * * *"),
                                            (.seconds(7200), "0 */2 * * *"), (.seconds(86400), "0 0 * * *")]
        for (interval, expected) in fields {
            #expect(try text(.every(interval)).cronLine().contains("\n" + expected + " /usr/local/bin/medallion"), "\(interval)")
        }
        for interval in [Duration.seconds(420), .seconds(30), .seconds(5 * 3600), .seconds(2 * 86400)] {
            #expect(throws: JobsError.self, "\(interval)") { try text(.every(interval)).cronLine() }
        }
        // cron reads % as a newline.
        #expect(try text(.at(hour: 0, minute: 0), log: "/logs/100%.log").cronLine().contains("'/logs/100\\%.log'"))
    }

    @Test("HH:MM times")
    func times() throws {
        #expect(try ScheduleText.parseTime("02:00") == .at(hour: 2, minute: 0))
        #expect(try ScheduleText.parseTime("23:59") == .at(hour: 23, minute: 59))
        for bad in ["24:00", "2:5", "02:60", "noon", "02", ":30"] {
            #expect(throws: JobsError.self, "\(bad)") { try ScheduleText.parseTime(bad) }
        }
    }

    @Test("systemd service and timer: the run command, the log, the schedule")
    func systemd() throws {
        let daily = text(.at(hour: 2, minute: 0))
        let service = daily.systemdService()
        #expect(service.contains("ExecStart=/usr/local/bin/medallion run --source \"/data/in box\" --lake /data/lake --quiet\n"))
        #expect(service.contains("StandardOutput=append:/var/log/medallion.log\n"))
        #expect(service.contains("SuccessExitStatus=75\n"))
        #expect(try daily.systemdTimer().contains("OnCalendar=*-*-* 02:00:00\nPersistent=true\nUnit=medallion-sportsbar.service\n"))
        #expect(try text(.every(.seconds(3600))).systemdTimer().contains("OnBootSec=3600s\nOnUnitActiveSec=3600s\n"))
    }

    @Test("systemd-analyze verify accepts the units (where systemd-analyze exists)")
    func verified() throws {
        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-units-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // ExecStart must name an executable that exists for verify to pass.
        for when in [ScheduleText.When.at(hour: 2, minute: 0), .every(.seconds(900))] {
            let units = ScheduleText(name: "sportsbar", binary: "/bin/true", arguments: ["run", "--lake", folder + "/my lake"],
                                     log: folder + "/runs.log", when: when)
            try units.systemdService().write(toFile: folder + "/" + units.serviceName, atomically: true, encoding: .utf8)
            try units.systemdTimer().write(toFile: folder + "/" + units.timerName, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: analyze)
            process.arguments = ["verify", "--man=no", folder + "/" + units.serviceName, folder + "/" + units.timerName]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(output)")
            // Warnings about this sandbox (no running systemd) are not about the units.
            let complaints = output.split(separator: "\n").filter { $0.contains("medallion-sportsbar") }
            #expect(complaints.isEmpty, "\(complaints)")
        }
    }
}
