import Foundation
import Columns
import Testing
import TestSupport
@testable import Files
@testable import Lake

@Suite("File-system errors name their cause", .serialized)
struct FileSystemCauseTests {
    @Test("errno in words: permission, full disk, read-only file system, with the symbolic name")
    func mapping() {
        #expect(FileSystemCause.describe(EACCES) == "permission denied (EACCES)")
        #expect(FileSystemCause.describe(EPERM).hasPrefix("permission denied"))
        #expect(FileSystemCause.describe(ENOSPC) == "no space left on device (ENOSPC)")
        #expect(FileSystemCause.describe(EDQUOT).hasPrefix("no space left on device"))
        #expect(FileSystemCause.describe(EROFS) == "read-only file system (EROFS)")
        #expect(FileSystemCause.describe(ENOTDIR).contains("not a directory"))
        #expect(FileSystemCause.describe(9_999).contains("errno 9999"))
        let error = DeltaError.io(table: "/lake/t", file: "/lake/t/_delta_log/x.json", operation: "link", errno: ENOSPC)
        #expect(error.description == "Delta table /lake/t: cannot link /lake/t/_delta_log/x.json: no space left on device (ENOSPC)")
        #expect(!"\(error)".contains("errno 28"))
        let durable = DurableFile.Failure(operation: "create", path: "/lake/_medallion/runs/x", code: EACCES)
        #expect(durable.description == "cannot create /lake/_medallion/runs/x: permission denied (EACCES)")
    }

    @Test("a table under a regular file: the error names the path and says it is not a directory")
    func underAFile() throws {
        let dir = TempDirectory("cause")
        defer { dir.cleanup() }
        let file = dir.path + "/plain-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            try DeltaTable.create(at: file + "/table", schema: DeltaFixtures.schema)
            Issue.record("created a table under a file")
        } catch {
            #expect("\(error)".contains(file))
            #expect("\(error)".contains("not a directory (ENOTDIR)"), "\(error)")
        }
    }

    @Test("a full disk (a 64 KiB tmpfs): a Delta commit and a Parquet write say no space left on device")
    func diskFull() throws {
        guard let mount = TinyMount(options: "size=64k") else {
            print("skipped: cannot mount a tmpfs here; the errno wording is covered by the mapping test")
            return
        }
        let table = try DeltaTable.create(at: mount.path + "/t", schema: DeltaFixtures.schema, partitionColumns: ["region"])
        // Fill the device, then commit.
        _ = FileManager.default.createFile(atPath: mount.path + "/filler", contents: nil)
        if let handle = FileHandle(forWritingAtPath: mount.path + "/filler") {
            let block = Data(count: 4_096)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
        }
        do {
            try table.append([DeltaDataFile(path: "region=eu/part-1.parquet", partitionValues: ["region": .text("eu")],
                                            size: 10, numRecords: 1)])
            Issue.record("a commit on a full device succeeded")
        } catch {
            #expect("\(error)".contains(mount.path + "/t"))
            #expect("\(error)".contains("no space left on device (ENOSPC)"), "\(error)")
        }
        let schema = Schema([Field("id", .int64, nullable: false)])
        let column = FixedColumn<Int64>(values: ContiguousArray((0 ..< 100_000).map { _ in Int64.random(in: .min ... .max) }))
        do {
            let writer = try ParquetWriter(path: mount.path + "/big.parquet", schema: schema)
            try writer.write(RecordBatch(schema: schema, columns: [.int64(column)]))
            _ = try writer.finish()
            Issue.record("a Parquet write on a full device succeeded")
        } catch {
            #expect("\(error)".contains(mount.path + "/big.parquet"))
            #expect("\(error)".contains("no space left on device (ENOSPC)"), "\(error)")
        }
    }

    @Test("a read-only file system: creating a table says so")
    func readOnly() throws {
        guard let mount = TinyMount(options: "size=64k,ro") else {
            print("skipped: cannot mount a tmpfs here; the errno wording is covered by the mapping test")
            return
        }
        do {
            try DeltaTable.create(at: mount.path + "/t", schema: DeltaFixtures.schema)
            Issue.record("created a table on a read-only file system")
        } catch {
            #expect("\(error)".contains(mount.path + "/t"))
            #expect("\(error)".contains("read-only file system (EROFS)"), "\(error)")
        }
    }
}
