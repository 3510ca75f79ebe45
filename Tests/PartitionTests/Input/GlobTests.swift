import Foundation
import Testing
import Columns
@testable import Partition
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary folder tree for one glob test.
final class GlobTree {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-glob-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func file(_ relative: String, _ text: String = "a,b\n1,2\n") throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/" + relative, withDestinationPath: target)
    }

    /// A file whose name is raw bytes (possibly not UTF-8), which Foundation cannot create.
    func file(rawName: [UInt8], in directory: String = "") throws {
        let path = Array((directory.isEmpty ? root : root + "/" + directory).utf8) + [0x2F] + rawName
        let fd = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        }
        #expect(fd >= 0)
        _ = "a,b\n1,2\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    func relativePaths(_ pattern: String) throws -> [String] {
        try Glob(pattern).files(under: root).map(\.relativePath)
    }
}

@Suite("Glob: links, loops and names that are not UTF-8")
struct GlobTests {
    @Test("a symbolic-link loop yields each file once and ends")
    func linkLoop() throws {
        let tree = try GlobTree()
        try tree.file("data/a.csv")
        try tree.file("data/sub/b.csv")
        try tree.link("data/sub/up", to: "..")
        try tree.link("data/self", to: ".")
        #expect(try tree.relativePaths("**/*.csv") == ["data/a.csv", "data/sub/b.csv"])
        #expect(try tree.relativePaths("data/**/*.csv") == ["data/a.csv", "data/sub/b.csv"])
    }

    @Test("two links to one folder (and the folder itself) give its files once")
    func twoLinksToOneFolder() throws {
        let tree = try GlobTree()
        try tree.file("real/x.csv")
        try tree.link("alias1", to: "real")
        try tree.link("alias2", to: "real")
        #expect(try tree.relativePaths("**/*.csv") == ["real/x.csv"])
        #expect(try tree.relativePaths("*/x.csv") == ["real/x.csv"])
        // A link to a folder outside the root is still followed.
        let outside = try GlobTree()
        try outside.file("y.csv")
        try tree.link("elsewhere", to: outside.root)
        #expect(try tree.relativePaths("**/*.csv") == ["elsewhere/y.csv", "real/x.csv"])
    }

    @Test("a broken link the glob matches is a warning naming it; the rest is read")
    func brokenLink() throws {
        let tree = try GlobTree()
        try tree.file("d/good.csv")
        try tree.link("d/gone.csv", to: "missing.csv")
        try tree.link("d/loop.csv", to: "loop.csv")
        try tree.link("d/unrelated.txt", to: "missing.txt")
        let found = try Glob("d/*.csv").matches(under: tree.root)
        #expect(found.files.map(\.relativePath) == ["d/good.csv"])
        #expect(found.warnings.count == 2)
        #expect(found.warnings.first { $0.hasPrefix(tree.root + "/d/gone.csv: broken symbolic link to missing.csv") } != nil,
                "\(found.warnings)")
        #expect(found.warnings.contains { $0.hasPrefix(tree.root + "/d/loop.csv: broken symbolic link to loop.csv") })
    }

    @Test("a matching name that is not UTF-8 fails naming the folder and the escaped name")
    func invalidUTF8Name() throws {
        let tree = try GlobTree()
        try tree.file("in/ok.csv")
        try tree.file(rawName: Array("bad".utf8) + [0xFF, 0xFE] + Array(".csv".utf8), in: "in")
        #expect(throws: InputError.invalidFileName(directory: tree.root + "/in", name: "bad\\xFF\\xFE.csv")) {
            _ = try tree.relativePaths("in/*.csv")
        }
        #expect(throws: InputError.invalidFileName(directory: tree.root + "/in", name: "bad\\xFF\\xFE.csv")) {
            _ = try tree.relativePaths("**/*.csv")
        }
        // A name the glob does not match is not input: no error.
        #expect(try tree.relativePaths("in/*.txt") == [])
    }

    @Test("a folder name that is not UTF-8 fails when a file under it matches")
    func invalidUTF8Folder() throws {
        let tree = try GlobTree()
        try tree.file("top/ok/y.csv")
        // "d", then a lead byte without its continuation.
        let folder = Array((tree.root + "/top/").utf8) + [0x64, 0xC3, 0x28]
        #expect((folder.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { mkdir($0.baseAddress!, 0o755) } == 0)
        let fd = ((folder + Array("/y.csv".utf8)).map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644)
        }
        #expect(fd >= 0)
        close(fd)
        #expect(throws: InputError.invalidFileName(directory: tree.root + "/top", name: "d\\xC3(")) {
            _ = try tree.relativePaths("top/*/y.csv")
        }
        #expect(try tree.relativePaths("top/ok/*.csv") == ["top/ok/y.csv"])
    }

    @Test("display escapes only the invalid bytes")
    func display() {
        #expect(PathBytes.display(Array("plain/é.csv".utf8)) == "plain/é.csv")
        #expect(PathBytes.display([0x61, 0xFF, 0x62]) == "a\\xFFb")
        #expect(PathBytes.display([0xE2, 0x82]) == "\\xE2\\x82", "a cut sequence")
        #expect(PathBytes.display([0xC0, 0xAF]) == "\\xC0\\xAF", "an overlong form")
        #expect(PathBytes.display([0xF0, 0x9F, 0x98, 0x80, 0x80]) == "😀\\x80")
    }
}
