import Foundation

/// One line of a commit file. Actions this engine does not act on (`txn`, `cdc`,
/// `domainMetadata`, …) are kept by name only, as the protocol asks readers to
/// tolerate unknown actions.
public enum DeltaAction: Sendable, Hashable {
    case `protocol`(DeltaProtocolAction)
    case metaData(DeltaMetadataAction)
    case add(DeltaAddFile)
    case remove(DeltaRemoveFile)
    case commitInfo(DeltaCommitInfo)
    case other(String)

    /// The wire shape: an object with exactly one of these keys.
    private struct Line: Codable {
        var `protocol`: DeltaProtocolAction?
        var metaData: DeltaMetadataAction?
        var add: DeltaAddFile?
        var remove: DeltaRemoveFile?
        var commitInfo: DeltaCommitInfo?
    }

    /// Single-line JSON (no newline).
    public func jsonLine() throws -> String {
        var line = Line()
        switch self {
        case let .protocol(p): line.protocol = p
        case let .metaData(m): line.metaData = m
        case let .add(a): line.add = a
        case let .remove(r): line.remove = r
        case let .commitInfo(c): line.commitInfo = c
        case let .other(name):
            throw EncodingError.invalidValue(name, .init(codingPath: [], debugDescription: "cannot write unknown action \(name)"))
        }
        let encoder = JSONEncoder()
        // Sorted keys make commits byte-for-byte reproducible; unescaped slashes keep paths readable.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(line), as: UTF8.self)
    }

    /// Parses one line. Throws for malformed JSON or a known action with missing
    /// required fields; returns `.other` for actions it does not model.
    public static func parse(line: String) throws -> DeltaAction {
        try parse(bytes: Array(line.utf8))
    }

    /// `parse(line:)` on the line's UTF-8 bytes. `add` lines, nearly all of a big table's
    /// log, take a direct path over `DeltaJSON` (Foundation's decoder is most of the cost
    /// of opening a table); a line that path does not accept goes through the decoder,
    /// which then accepts it or says what is wrong.
    static func parse(bytes: [UInt8]) throws -> DeltaAction {
        if let add = DeltaAddFile.fastDecoded(line: bytes) { return .add(add) }
        let decoded = try JSONDecoder().decode(Line.self, from: Data(bytes))
        if let p = decoded.protocol { return .protocol(p) }
        if let m = decoded.metaData { return .metaData(m) }
        if let a = decoded.add { return .add(a) }
        if let r = decoded.remove { return .remove(r) }
        if let c = decoded.commitInfo { return .commitInfo(c) }
        let name = (try? DeltaJSON.parse(bytes: bytes)).flatMap { json -> String? in
            if case let .object(members) = json { members.keys.sorted().first } else { nil }
        }
        return .other(name ?? "?")
    }

    /// A whole commit file: one action per line, newline-terminated.
    public static func encode(_ actions: [DeltaAction]) throws -> String {
        var out = ""
        for action in actions { out += try action.jsonLine() + "\n" }
        return out
    }

    /// Splits a commit file into actions, skipping blank lines.
    public static func decode(_ text: String) throws -> [DeltaAction] {
        try decode(bytes: Array(text.utf8))
    }

    /// `decode` on the file's bytes: lines end at LF or CR (JSON text has neither raw
    /// inside a string), and spaces and tabs around a line are ignored.
    static func decode(bytes: [UInt8]) throws -> [DeltaAction] {
        var actions: [DeltaAction] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            var low = start, high = end
            while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
            while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
            if low < high { actions.append(try parse(bytes: Array(bytes[low ..< high]))) }
            start = end + 1
        }
        return actions
    }
}
