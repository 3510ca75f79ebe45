import Foundation
import Columns
import Partition
@testable import Generator

/// A temporary folder removed when the value is released.
final class TempFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-generator-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func sub(_ name: String) -> String { path + "/" + name }
}

enum Tree {
    /// Every regular file under `root`: relative path → bytes.
    static func files(_ root: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root) else { return out }
        while let relative = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = root + "/" + relative
            if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
            }
        }
        return out
    }

    /// The decompressed bytes of a file, by its magic number, through Partition's readers.
    static func decompressed(_ path: String) throws -> [UInt8] {
        let file = try RandomAccessFile(path: path)
        let head = try file.read(at: 0, count: 4)
        let reader: (any DecompressingReader)?
        switch Codec.detect(prefix: head) {
        case .plain: reader = nil
        case .zstd: reader = try ZstdReader(file: file, chunkSize: 1 << 16)
        case .gzip: reader = try GzipReader(file: file, chunkSize: 1 << 16)
        }
        guard let reader else { return Array(try file.read(at: 0, count: Int(file.size))) }
        var out: [UInt8] = []
        while let chunk = try reader.nextChunk() { out.append(contentsOf: chunk) }
        return out
    }

    /// Frames (zstd) / members (gzip) of a compressed file: one split each when the
    /// split target is a single byte.
    static func frames(_ path: String, codec: Codec) throws -> Int {
        let file = try RandomAccessFile(path: path)
        return try CompressedSplitPlanner.splits(of: file, codec: codec, targetCompressedBytes: 1).count
    }
}

/// Splits a CSV text (the generator never writes newlines inside fields) into records.
enum CSV {
    static func records(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map { fields(String($0)) }
    }

    static func fields(_ line: String) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)
        if chars.last == "\r" { chars.removeLast() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        out.append(field)
        return out
    }
}

/// Rules §3.4's date parsing (after the weekday strip) for the test's checks.
enum OrderDate {
    enum Style: Int { case long, ymdSlash, dmyDash, dmySlash }

    static func parse(_ text: String) -> (CalendarDay, Style)? {
        let b = Array(text.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for i in r {
                guard (48 ... 57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i]) - 48
            }
            return v
        }
        if b.count == 10 {
            if b[4] == UInt8(ascii: "/"), b[7] == UInt8(ascii: "/"), let y = num(0 ..< 4), let m = num(5 ..< 7), let d = num(8 ..< 10) {
                return CalendarDay(year: y, month: m, day: d).map { ($0, .ymdSlash) }
            }
            let sep = b[2]
            if b[5] == sep, sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/"), let d = num(0 ..< 2), let m = num(3 ..< 5), let y = num(6 ..< 10) {
                return CalendarDay(year: y, month: m, day: d).map { ($0, sep == UInt8(ascii: "-") ? .dmyDash : .dmySlash) }
            }
            return nil
        }
        // "Tuesday, July 01, 2025"
        let parts = text.split(separator: " ")
        guard parts.count == 4, parts[0].hasSuffix(","), parts[2].hasSuffix(","),
              let m = CalendarNames.months.firstIndex(of: String(parts[1])),
              let d = Int(parts[2].dropLast()), parts[2].count == 3, let y = Int(parts[3]), parts[3].count == 4,
              let day = CalendarDay(year: y, month: m + 1, day: d) else { return nil }
        return (day, .long)
    }

    /// The English weekday of a day by Foundation's Gregorian calendar (independent of
    /// the generator's own arithmetic).
    static func foundationWeekday(_ day: CalendarDay) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date()
        let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        return names[(calendar.component(.weekday, from: date) - 1 + 7) % 7]
    }

    /// The weekday written before the comma of a long date.
    static func writtenWeekday(_ text: String) -> String { String(text.prefix { $0 != "," }) }
}

extension GeneratorConfig {
    /// A small configuration for tests.
    static func small(orders: Int, days: Int, seed: UInt64 = 7) -> GeneratorConfig {
        var config = GeneratorConfig(orders: orders)
        config.days = days
        config.seed = seed
        return config
    }
}
