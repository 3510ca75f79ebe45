import Foundation
import Columns
import Partition

/// Shared fixtures for the compression tests: sample data, temp files, readers.
enum CompressionFixture {
    /// Deterministic CSV-like text of `count` bytes.
    static func csv(count: Int, seed: UInt64 = 42) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out = [UInt8]()
        out.reserveCapacity(count + 64)
        let words: [[UInt8]] = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"].map { Array($0.utf8) }
        while out.count < count {
            let id = rng.next() % 1_000_000
            out.append(contentsOf: Array(String(id).utf8))
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: words[Int(rng.next() % UInt64(words.count))])
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: Array(String(Double(rng.next() % 100_000) / 100).utf8))
            out.append(UInt8(ascii: ","))
            // Some incompressible noise so frames have realistic sizes.
            for _ in 0..<(rng.next() % 12) { out.append(UInt8(ascii: "a") + UInt8(rng.next() % 26)) }
            out.append(UInt8(ascii: "\n"))
        }
        return Array(out.prefix(count))
    }

    /// A few MiB, shared by the tests that need a big input.
    static let big: [UInt8] = csv(count: 3 << 20 + 12345, seed: 7)
    static let medium: [UInt8] = csv(count: 700_000, seed: 3)
    static let small: [UInt8] = Array("id,name\n1,a\n2,b\n".utf8)

    static let inputs: [(name: String, bytes: [UInt8])] = [("empty", []), ("small", small), ("big", big)]
}

/// A temporary directory removed when the value is released.
final class CompressionTempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("medallion-compression-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension CompressionFixture {
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func writeZstd(_ bytes: [UInt8], to path: String, layout: ZstdFrameLayout, level: Int = 3,
                   checksum: Bool = false, seekTable: Bool = false, cutAtNewlines: Bool = false,
                   pieces: Int = 7) throws {
        let writer = try ZstdFrameWriter(path: path, layout: layout, level: level, checksum: checksum,
                                         seekTable: seekTable, cutAtNewlines: cutAtNewlines)
        try feed(bytes, pieces: pieces) { try writer.write($0) }
        try writer.finish()
    }

    static func writeGzip(_ bytes: [UInt8], to path: String, layout: GzipMemberLayout, level: Int = 6,
                   cutAtNewlines: Bool = false, pieces: Int = 7) throws {
        let writer = try GzipMemberWriter(path: path, layout: layout, level: level, cutAtNewlines: cutAtNewlines)
        try feed(bytes, pieces: pieces) { try writer.write($0) }
        try writer.finish()
    }

    /// Hands `bytes` over in uneven pieces, the way a streaming producer would.
    private static func feed(_ bytes: [UInt8], pieces: Int, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try bytes.withUnsafeBytes { all in
            var start = 0
            var piece = 0
            while start < all.count {
                piece += 1
                let length = max(1, all.count / max(1, pieces) + (piece % 3) * 1013)
                let end = min(all.count, start + length)
                try sink(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    static func reader(for codec: Codec, file: RandomAccessFile, range: Range<Int64>? = nil,
                chunkSize: Int = 1 << 20, exactEnd: Bool = false) throws -> any DecompressingReader {
        switch codec {
        case .gzip: try GzipReader(file: file, range: range, chunkSize: chunkSize, exactEnd: exactEnd)
        default: try ZstdReader(file: file, range: range, chunkSize: chunkSize, exactEnd: exactEnd)
        }
    }

    static func readAll(_ reader: any DecompressingReader) throws -> [UInt8] {
        var out = [UInt8]()
        while let chunk = try reader.nextChunk() { out.append(contentsOf: chunk) }
        return out
    }

    static func decompress(_ path: String, codec: Codec) throws -> [UInt8] {
        try readAll(reader(for: codec, file: RandomAccessFile(path: path)))
    }

    /// Plans splits and reads each one separately (as the engine would), concatenated.
    static func readBySplits(_ path: String, codec: Codec, target: Int) throws -> (bytes: [UInt8], splits: [Range<Int64>]) {
        let file = try RandomAccessFile(path: path)
        let splits = try CompressedSplitPlanner.splits(of: file, codec: codec, targetCompressedBytes: target)
        var out = [UInt8]()
        for split in splits {
            out += try readAll(reader(for: codec, file: file, range: split, exactEnd: true))
        }
        return (out, splits)
    }

    /// True when `splits` are contiguous and cover `0..<size`.
    static func covers(_ splits: [Range<Int64>], size: Int64) -> Bool {
        guard let first = splits.first, let last = splits.last, first.lowerBound == 0, last.upperBound == size else {
            return false
        }
        return zip(splits, splits.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$1.isEmpty }
    }

    /// The error a throwing call raised, as `InputError` (nil when it did not throw).
    static func inputError(_ body: () throws -> Void) -> InputError? {
        do {
            try body()
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return .readFailed(path: "?", offset: -1, reason: "unexpected error \(error)")
        }
    }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }

    static func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: path) }
}
