import Foundation
import Testing
@testable import LineEditing

@Suite("History and its file")
struct HistoryTests {
    @Test("blank lines and repeats of the last line are not kept; the oldest go past the limit")
    func bounded() {
        var history = History(limit: 3)
        let kept = [history.add("a"), history.add("a"), history.add("   ")]
        #expect(kept == [true, false, false])
        for line in ["b", "c", "d"] { history.add(line) }
        #expect(history.entries == ["b", "c", "d"])
    }

    @Test("saved and loaded again, private to the user; a missing file is an empty history")
    func file() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = HistoryFile(path: path)
        #expect(file.load(limit: 10).entries.isEmpty)
        #expect(file.save(History(["SELECT 1;", "SELECT 'é';", ".tables"])))
        #expect(file.load(limit: 10).entries == ["SELECT 1;", "SELECT 'é';", ".tables"])
        #expect(file.load(limit: 2).entries == ["SELECT 'é';", ".tables"])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test("a history file that cannot be written is reported, not thrown")
    func unwritable() {
        let file = HistoryFile(path: "/nonexistent-folder/history")
        #expect(!file.save(History(["x"])))
    }
}
