import Files
import Foundation
import Testing

@Suite("Files read at offsets and written")
struct FileAccessTests {
    func scratchPath(_ name: String) -> String {
        NSTemporaryDirectory() + "/files-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    }

    @Test("written bytes read back at any offset; the size is the file's")
    func roundTrip() throws {
        let path = scratchPath("round-trip")
        defer { unlink(path) }
        let file = try WritableFile(path: path)
        try file.write(ContiguousArray("hello, ".utf8))
        try file.write(ContiguousArray("world".utf8))
        #expect(file.offset == 12)
        try file.sync()
        try file.close()
        let reader = try ReadableFile(path: path)
        #expect(reader.size == 12)
        #expect(String(decoding: try reader.read(at: 7, count: 5), as: UTF8.self) == "world")
        #expect(try reader.read(at: 12, count: 0).isEmpty)
    }

    @Test("a read past the end names the path, the offset and how many bytes were there")
    func shortRead() throws {
        let path = scratchPath("short")
        defer { unlink(path) }
        let file = try WritableFile(path: path)
        try file.write(ContiguousArray([UInt8](repeating: 7, count: 10)))
        try file.close()
        let reader = try ReadableFile(path: path)
        #expect(throws: FileFailure(path: path, offset: 10,
                                    reason: "the file ends after 4 of 8 bytes (did it change while read?)")) {
            try reader.read(at: 6, count: 8)
        }
    }

    @Test("opening a missing file or creating an existing one exclusively says why")
    func failures() throws {
        let missing = scratchPath("missing")
        do {
            _ = try ReadableFile(path: missing)
            Issue.record("opened a missing file")
        } catch {
            #expect(error.path == missing)
            #expect(error.reason.contains("ENOENT"))
        }
        let path = scratchPath("exclusive")
        defer { unlink(path) }
        try WritableFile(path: path).close()
        do {
            _ = try WritableFile(path: path, creation: .exclusive)
            Issue.record("created an existing file exclusively")
        } catch {
            #expect(error.reason.contains("EEXIST"))
        }
    }
}
