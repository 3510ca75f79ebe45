import Foundation
import Columns
import Partition
import Testing
import Workers

@Suite("Parallel CSV scan")
struct CSVScanTests {
    /// Splits tiny on purpose so every file is cut into many segments.
    let tinySplits = SplitSizes(plainBytes: 777, compressedBytes: 600, streamChunkBytes: 500)

    func scan(_ paths: [String], splits: SplitSizes, workers: Int) async throws -> [ScannedRow] {
        let files = try paths.map { try InputFile.open(path: $0) }
        let result = try await CSVScan.run(files: files, columns: orderColumns,
                                           options: ScanOptions(workers: workers, splits: splits)) { rows(of: $0) }
        return result.results.flatMap { $0 }
    }

    @Test("every codec and split mode gives the rows of a plain sequential read",
          arguments: Encoding.allCases, [false, true])
    func codecsAgree(encoding: Encoding, crlf: Bool) async throws {
        let dir = try TemporaryDirectory()
        let bytes = ordersLikeCSV(rows: 400, seed: 7, crlf: crlf, bom: crlf)
        let plain = dir.file("orders.csv")
        try Encoding.plain.write(bytes, to: plain)
        let reference = try await scan([plain], splits: SplitSizes(plainBytes: 1 << 30), workers: 1)
        #expect(reference.count == 400)
        let encoded = dir.file("orders.\(encoding.rawValue)")
        try encoding.write(bytes, to: encoded)
        for workers in [1, 2, 3] {
            let rows = try await scan([encoded], splits: tinySplits, workers: workers)
            #expect(rows == reference, "\(encoding) workers \(workers)")
        }
    }

    @Test("many files of mixed codecs keep file then line order")
    func mixedFiles() async throws {
        let dir = try TemporaryDirectory()
        var paths: [String] = []
        var expected: [ScannedRow] = []
        for (i, encoding) in Encoding.allCases.enumerated() {
            let bytes = ordersLikeCSV(rows: 50 + i * 10, seed: UInt64(i))
            let plain = dir.file("ref\(i).csv")
            try Encoding.plain.write(bytes, to: plain)
            expected += try await scan([plain], splits: SplitSizes(plainBytes: 1 << 30), workers: 1).map {
                ScannedRow(fileIndex: i, line: $0.line, fields: $0.fields)
            }
            let path = dir.file("f\(i)")
            try encoding.write(bytes, to: path)
            paths.append(path)
        }
        let rows = try await scan(paths, splits: tinySplits, workers: 2)
        #expect(rows == expected)
    }

    @Test("truncated compressed files fail with the file and a compressed offset",
          arguments: [Encoding.zstdFrames, .zstdSingle, .gzipSized, .gzipSingle])
    func truncated(encoding: Encoding) async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("t")
        try encoding.write(ordersLikeCSV(rows: 300, seed: 3), to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in [whole.count / 3, whole.count / 2, whole.count - 3] {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: path))
            await #expect {
                _ = try await scan([path], splits: tinySplits, workers: 2)
            } throws: { error in
                guard case let InputError.corruptCompressed(p, _, offset, _) = error else { return false }
                return p == path && offset >= 0 && offset <= Int64(cut)
            }
        }
    }

    @Test("bit-flipped compressed files fail cleanly (an error naming the file), never trap",
          arguments: [Encoding.zstdFrames, .gzipSized, .gzipSingle])
    func bitFlipped(encoding: Encoding) async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("b")
        try encoding.write(ordersLikeCSV(rows: 300, seed: 4), to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        var rng = SplitMix64(seed: 11)
        var failures = 0
        for _ in 0 ..< 20 {
            var flipped = whole
            let at = Int.random(in: 20 ..< whole.count, using: &rng)
            flipped[at] ^= UInt8(1 << Int.random(in: 0 ..< 8, using: &rng))
            try flipped.write(to: URL(fileURLWithPath: path))
            do {
                _ = try await scan([path], splits: tinySplits, workers: 2)
            } catch let error as InputError {
                failures += 1
                #expect(error.description.contains(path))
            }
        }
        // Checksums (gzip CRC32) catch nearly every flip; zstd without checksums may decode garbage.
        #expect(failures > 0)
    }

    @Test("a bad file among good ones fails the whole scan")
    func errorStopsScan() async throws {
        let dir = try TemporaryDirectory()
        var paths: [String] = []
        for i in 0 ..< 4 {
            let path = dir.file("g\(i)")
            try Encoding.zstdFrames.write(ordersLikeCSV(rows: 500, seed: UInt64(i)), to: path)
            paths.append(path)
        }
        let bad = dir.file("bad.csv.gz")
        try Data([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: bad))
        paths.insert(bad, at: 2)
        await #expect(throws: InputError.self) {
            _ = try await scan(paths, splits: tinySplits, workers: 2)
        }
    }

    @Test("an empty (0-byte) file among good ones fails the scan naming it: no header, no silent skip")
    func emptyFileFails() async throws {
        let dir = try TemporaryDirectory()
        let good = dir.file("good.csv")
        try Encoding.plain.write(ordersLikeCSV(rows: 50, seed: 1), to: good)
        let empty = dir.file("empty.csv")
        FileManager.default.createFile(atPath: empty, contents: Data())
        await #expect(throws: InputError.emptyFile(path: empty)) {
            _ = try await scan([good, empty], splits: tinySplits, workers: 2)
        }
    }
}
