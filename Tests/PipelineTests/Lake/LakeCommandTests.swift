import Foundation
import Lake
import Testing
@testable import Pipeline

/// `repair`, `vacuum`, `status` and the table commands of the `medallion` binary on a
/// damaged lake, and the causes of file-system errors as a user sees them.
@Suite("medallion repair, vacuum and readers on a damaged lake", .serialized)
struct LakeCommandTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var all: String { stdout + stderr }
    }

    /// Runs the binary (optionally through a wrapper such as setpriv) and captures both streams.
    static func medallion(_ arguments: [String], as wrapper: [String] = []) throws -> Output? {
        guard let binary = KillTests.binary else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("medallion binary not built next to the tests") }
            return nil
        }
        let process = Process()
        let command = wrapper + [binary] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-out-" + UUID().uuidString)
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-err-" + UUID().uuidString)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    @Test("every reader names the damaged file; repair --dry-run lists and changes nothing; repair fixes it")
    func commands() async throws {
        let lake = try await SmallLake.copy()
        let fact = LakeCatalog.factOrders
        let version = try #require(try lake.versions()[fact.description])
        let path = lake.commitPath(fact, version)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(400).write(to: URL(fileURLWithPath: path))
        let file = "_delta_log/" + DeltaLogPaths.commitName(version)

        guard let status = try Self.medallion(["status", "--lake", lake.lake]) else { return }
        #expect(status.status == 0)
        #expect(status.stdout.contains("gold/fact_orders/" + file + ": truncated JSON"), "\(status.all)")
        #expect(status.stdout.contains("damaged"))
        for command in [["show", "gold.fact_orders"], ["describe", "gold.fact_orders"], ["history", "gold.fact_orders"], ["tables"]] {
            let out = try #require(try Self.medallion(command + ["--lake", lake.lake]))
            #expect(out.status != 0, "\(command) on a damaged table succeeded")
            #expect(out.stderr.contains(file) && out.stderr.contains("truncated JSON"), "\(command): \(out.all)")
            #expect(out.stderr.contains("medallion repair --lake"), "\(command): \(out.all)")
        }
        let vacuum = try #require(try Self.medallion(["vacuum", "--lake", lake.lake, "--dry-run"]))
        #expect(vacuum.status != 0 && vacuum.stderr.contains("repair"), "\(vacuum.all)")

        let dry = try #require(try Self.medallion(["repair", "--lake", lake.lake, "--dry-run"]))
        #expect(dry.status == 0 && dry.stdout.contains("would: rewrite it from the run manifest"), "\(dry.all)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data.prefix(400))

        let repair = try #require(try Self.medallion(["repair", "--lake", lake.lake]))
        #expect(repair.status == 0 && repair.stdout.contains("rewrote gold/fact_orders/" + file), "\(repair.all)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
        let healthy = try #require(try Self.medallion(["repair", "--lake", lake.lake]))
        #expect(healthy.stdout.contains("healthy"))
        let show = try #require(try Self.medallion(["show", "gold.fact_orders", "--lake", lake.lake, "--limit", "1"]))
        #expect(show.status == 0, "\(show.all)")

        let sized = try #require(try Self.medallion(["vacuum", "--lake", lake.lake, "--retain", "0h", "--dry-run"]))
        #expect(sized.status == 0 && sized.stdout.contains("would delete"), "\(sized.all)")
        #expect(try #require(try Self.medallion(["vacuum", "--lake", lake.lake, "--retain", "soon"])).status != 0)
    }

    @Test("a lake the user may not write: the run says permission denied and names the file (run as an unprivileged user)")
    func permissionDenied() async throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: needs root and setpriv to run as another user; the errno wording is covered in LakeTests")
            return
        }
        let lake = try await SmallLake.copy()
        // Readable for everyone, writable only by root (the copy's default modes).
        let nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        guard let run = try Self.medallion(["run", "--source", lake.source, "--lake", lake.lake], as: nobody) else { return }
        #expect(run.status != 0)
        #expect(run.stderr.contains(lake.lake + "/_medallion/lock"), "\(run.all)")
        #expect(run.stderr.contains("permission denied (EACCES)"), "\(run.all)")
        let status = try #require(try Self.medallion(["status", "--lake", lake.lake], as: nobody))
        #expect(status.status == 0, "reading needs no write access: \(status.all)")
    }
}
