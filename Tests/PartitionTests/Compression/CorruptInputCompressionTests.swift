import Testing
import Columns
import Partition

private typealias F = CompressionFixture

@Suite struct CorruptInputCompressionTests {
    /// Files of each codec, and the offsets where frames/members start (cutting there
    /// leaves a valid shorter file).
    static func samples(in dir: CompressionTempDir) throws -> [(path: String, codec: Codec, boundaries: Set<Int64>)] {
        var out: [(String, Codec, Set<Int64>)] = []
        let data = F.medium
        let specs: [(String, Codec, (String) throws -> Void)] = [
            ("frames.zst", .zstd, { try F.writeZstd(data, to: $0, layout: .frames(uncompressedBytes: 200_000), checksum: true) }),
            ("seekable.zst", .zstd, { try F.writeZstd(data, to: $0, layout: .frames(uncompressedBytes: 200_000), seekTable: true) }),
            ("single.zst", .zstd, { try F.writeZstd(data, to: $0, layout: .singleFrame) }),
            ("sized.gz", .gzip, { try F.writeGzip(data, to: $0, layout: .sizedMembers(uncompressedBytes: 200_000)) }),
            ("plain.gz", .gzip, { try F.writeGzip(data, to: $0, layout: .plainMembers(uncompressedBytes: 200_000)) }),
            ("single.gz", .gzip, { try F.writeGzip(data, to: $0, layout: .singleMember) }),
        ]
        for (name, codec, write) in specs {
            let path = dir.path(name)
            try write(path)
            let splits = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: path), codec: codec,
                                                           targetCompressedBytes: 1)
            out.append((path, codec, Set(splits.map(\.lowerBound))))
        }
        return out
    }

    /// Expects `error` to be corruptCompressed naming `path` and an offset in the file.
    static func expectCorrupt(_ error: InputError?, path: String, codec: Codec, size: Int64,
                              _ context: String) {
        guard case let .corruptCompressed(errorPath, errorCodec, offset, _)? = error else {
            Issue.record("\(context): expected corruptCompressed, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path && errorCodec == codec, "\(context)")
        #expect(offset >= 0 && offset <= size, "\(context): offset \(offset) of \(size)")
    }

    @Test func truncatedFilesThrowCorrupt() throws {
        let dir = try CompressionTempDir()
        for sample in try Self.samples(in: dir) {
            let bytes = try F.readFile(sample.path)
            let cuts = [1, 3, 5, 9, 13, 30, bytes.count / 3, bytes.count / 2, bytes.count - 20,
                        bytes.count - 9, bytes.count - 4, bytes.count - 1]
            for cut in cuts where cut > 0 && cut < bytes.count && !sample.boundaries.contains(Int64(cut)) {
                let path = dir.path("cut-\(cut)-" + (sample.path.split(separator: "/").last.map(String.init) ?? ""))
                try F.writeFile(path, Array(bytes.prefix(cut)))
                let error = F.inputError { _ = try F.decompress(path, codec: sample.codec) }
                Self.expectCorrupt(error, path: path, codec: sample.codec, size: Int64(cut), "\(path)")
                // Planning may succeed or report corruption, never anything else.
                let planError = F.inputError {
                    _ = try F.readBySplits(path, codec: sample.codec, target: 50_000)
                }
                if let planError, case .splitMisaligned = planError {} else if planError != nil {
                    Self.expectCorrupt(planError, path: path, codec: sample.codec, size: Int64(cut), "plan \(path)")
                }
            }
        }
    }

    @Test func bitFlipsThrowCorruptOrDecode() throws {
        let dir = try CompressionTempDir()
        for sample in try Self.samples(in: dir) {
            let bytes = try F.readFile(sample.path)
            var rng = SplitMix64(seed: 99)
            var positions = [0, 1, 2, 3, 4, 5, 8, 10, 12, 20, bytes.count - 1, bytes.count - 5, bytes.count - 9]
            for _ in 0..<25 { positions.append(Int(rng.next() % UInt64(bytes.count))) }
            for position in positions where position >= 0 && position < bytes.count {
                var flipped = bytes
                flipped[position] ^= UInt8(1) << UInt8(rng.next() % 8)
                let name = sample.path.split(separator: "/").last.map(String.init) ?? ""
                let path = dir.path("flip-\(position)-\(name)")
                try F.writeFile(path, flipped)
                var output: [UInt8]?
                let error = F.inputError { output = try F.decompress(path, codec: sample.codec) }
                if error != nil {
                    Self.expectCorrupt(error, path: path, codec: sample.codec, size: Int64(bytes.count), path)
                }
                // Deflate data and the gzip trailer are covered by CRC-32; zstd block data by
                // the frame checksum. Header fields (time, OS, unused bits) are not, nor
                // the padding bits in the last deflate byte.
                let guarded = sample.codec == .gzip
                    ? position >= 40 && position != bytes.count - 9 && name == "single.gz"
                    : name == "frames.zst" && position > 100 && position < 150_000
                if guarded {
                    #expect(error != nil, "flip at \(position) of \(name) went unnoticed")
                }
                _ = output
                try? F.remove(path)
            }
        }
    }

    @Test(arguments: [Codec.gzip, .zstd])
    func trailingGarbageIsCorrupt(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("garbage")
        if codec == .gzip {
            try F.writeGzip(F.small, to: path, layout: .plainMembers(uncompressedBytes: 10))
        } else {
            try F.writeZstd(F.small, to: path, layout: .frames(uncompressedBytes: 10))
        }
        let clean = try F.readFile(path)
        for garbage: [UInt8] in [[0], [0x1F], Array("hello world".utf8), [0x1F, 0x8B, 8, 0, 0]] {
            try F.writeFile(path, clean + garbage)
            let error = F.inputError { _ = try F.decompress(path, codec: codec) }
            Self.expectCorrupt(error, path: path, codec: codec, size: Int64(clean.count + garbage.count), "\(garbage)")
            if case let .corruptCompressed(_, _, offset, _)? = error, codec == .gzip, garbage.first != 0x1F {
                #expect(offset == Int64(clean.count))
            }
        }
    }

    @Test(arguments: [Codec.gzip, .zstd])
    func notCompressedDataIsCorrupt(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("plain.csv")
        try F.writeFile(path, F.small)
        let error = F.inputError { _ = try F.decompress(path, codec: codec) }
        Self.expectCorrupt(error, path: path, codec: codec, size: Int64(F.small.count), "plain data")
    }

    /// A split that ends inside a member/frame is misaligned with exactEnd, and
    /// truncated (corrupt) without it.
    @Test(arguments: [Codec.gzip, .zstd])
    func splitEndingMidFrameIsMisaligned(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("multi")
        if codec == .gzip {
            try F.writeGzip(F.medium, to: path, layout: .plainMembers(uncompressedBytes: 200_000))
        } else {
            try F.writeZstd(F.medium, to: path, layout: .frames(uncompressedBytes: 200_000))
        }
        let file = try RandomAccessFile(path: path)
        let boundaries = try CompressedSplitPlanner.splits(of: file, codec: codec, targetCompressedBytes: 1)
        #expect(boundaries.count == 4)
        let middle = boundaries[1].lowerBound + 1000
        let early = F.inputError { _ = try F.readAll(F.reader(for: codec, file: file, range: 0..<middle, exactEnd: true)) }
        #expect(early == .splitMisaligned(path: path, offset: middle))
        let plain = F.inputError { _ = try F.readAll(F.reader(for: codec, file: file, range: 0..<middle)) }
        Self.expectCorrupt(plain, path: path, codec: codec, size: file.size, "no exactEnd")
        // Starting mid-member is misaligned too.
        let late = F.inputError {
            _ = try F.readAll(F.reader(for: codec, file: file, range: middle..<file.size, exactEnd: true))
        }
        guard case .splitMisaligned(path, _)? = late else {
            Issue.record("expected splitMisaligned, got \(String(describing: late))")
            return
        }
    }

    /// Corruption inside a later split shows as misaligned (the boundary may have been a
    /// guess); reading the whole file then names the real corruption.
    @Test func corruptionInLaterSplitFallsBackToStream() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("multi.gz")
        try F.writeGzip(F.medium, to: path, layout: .plainMembers(uncompressedBytes: 200_000))
        var bytes = try F.readFile(path)
        let file0 = try RandomAccessFile(path: path)
        let splits = try CompressedSplitPlanner.splits(of: file0, codec: .gzip, targetCompressedBytes: 1)
        let target = Int(splits[2].lowerBound) + 500
        bytes[target] ^= 0x10
        try F.writeFile(path, bytes)
        let file = try RandomAccessFile(path: path)
        let split = F.inputError { _ = try F.readAll(GzipReader(file: file, range: splits[2], exactEnd: true)) }
        guard case .splitMisaligned? = split else {
            Issue.record("expected splitMisaligned, got \(String(describing: split))")
            return
        }
        let whole = F.inputError { _ = try F.decompress(path, codec: .gzip) }
        Self.expectCorrupt(whole, path: path, codec: .gzip, size: file.size, "whole")
    }
}
