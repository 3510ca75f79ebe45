import Testing
import Columns
import Partition

private typealias F = CompressionFixture

@Suite struct SplitPlannerCompressionTests {
    @Test(arguments: [false, true])
    func multiFrameZstdSplitsAndReadsBack(seekTable: Bool) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("multi.zst")
        try F.writeZstd(F.big, to: path, layout: .frames(uncompressedBytes: 128 << 10), seekTable: seekTable)
        let size = try RandomAccessFile(path: path).size
        for target in [1, 100_000, 400_000] {
            let (bytes, splits) = try F.readBySplits(path, codec: .zstd, target: target)
            #expect(bytes == F.big)
            #expect(splits.count > 1)
            #expect(F.covers(splits, size: size))
        }
        let (_, whole) = try F.readBySplits(path, codec: .zstd, target: Int.max)
        #expect(whole == [0..<size])
    }

    @Test(arguments: [GzipMemberLayout.sizedMembers(uncompressedBytes: 128 << 10), .plainMembers(uncompressedBytes: 128 << 10)])
    func multiMemberGzipSplitsAndReadsBack(layout: GzipMemberLayout) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("multi.gz")
        try F.writeGzip(F.big, to: path, layout: layout)
        let size = try RandomAccessFile(path: path).size
        for target in [1, 100_000, 400_000] {
            let (bytes, splits) = try F.readBySplits(path, codec: .gzip, target: target)
            #expect(bytes == F.big)
            #expect(splits.count > 1)
            #expect(F.covers(splits, size: size))
        }
    }

    @Test func singleFrameAndMemberGiveOneSplit() throws {
        let dir = try CompressionTempDir()
        for (seekTable, checksum) in [(false, false), (true, false), (false, true)] {
            let path = dir.path("single-\(seekTable)-\(checksum).zst")
            try F.writeZstd(F.big, to: path, layout: .singleFrame, checksum: checksum, seekTable: seekTable)
            let (bytes, splits) = try F.readBySplits(path, codec: .zstd, target: 1)
            #expect(bytes == F.big)
            #expect(splits.count == 1 || (seekTable && splits.count == 2), "\(splits)")
        }
        let gz = dir.path("single.gz")
        try F.writeGzip(F.big, to: gz, layout: .singleMember)
        let (bytes, splits) = try F.readBySplits(gz, codec: .gzip, target: 1)
        #expect(bytes == F.big)
        #expect(splits.count == 1)
    }

    @Test func emptyInputsPlanOneSplit() throws {
        let dir = try CompressionTempDir()
        try F.writeZstd([], to: dir.path("e.zst"), layout: .frames(uncompressedBytes: 10), seekTable: true)
        try F.writeGzip([], to: dir.path("e.gz"), layout: .sizedMembers(uncompressedBytes: 10))
        try F.writeFile(dir.path("zero"), [])
        #expect(try F.readBySplits(dir.path("e.zst"), codec: .zstd, target: 1).splits.count >= 1)
        #expect(try F.readBySplits(dir.path("e.gz"), codec: .gzip, target: 1).splits.count == 1)
        let zero = try RandomAccessFile(path: dir.path("zero"))
        #expect(try CompressedSplitPlanner.splits(of: zero, codec: .gzip, targetCompressedBytes: 1) == [0..<0])
        #expect(try F.readAll(GzipReader(file: zero)).isEmpty)
        #expect(try F.readAll(ZstdReader(file: zero)).isEmpty)
    }

    /// The seek table decides: entries that each cover two frames give splits only at
    /// every second frame boundary, which header walking would not.
    @Test func seekTableIsUsed() throws {
        let dir = try CompressionTempDir()
        let plain = dir.path("plain.zst")
        try F.writeZstd(F.medium, to: plain, layout: .frames(uncompressedBytes: 50_000))
        let frames = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: plain), codec: .zstd,
                                                       targetCompressedBytes: 1)
        #expect(frames.count == 14)
        // Pairs of frames as single seek table entries.
        var entries: [UInt32] = []
        var index = 0
        while index < frames.count {
            let end = min(index + 2, frames.count)
            entries.append(UInt32(frames[end - 1].upperBound - frames[index].lowerBound))
            index = end
        }
        var bytes = try F.readFile(plain)
        let tableStart = Int64(bytes.count)
        bytes += F.le32(0x184D_2A5E) + F.le32(UInt32(entries.count * 8 + 9))
        for entry in entries { bytes += F.le32(entry) + F.le32(0) }
        bytes += F.le32(UInt32(entries.count)) + [0] + F.le32(0x8F92_EAB1)
        let path = dir.path("seekable.zst")
        try F.writeFile(path, bytes)
        let (out, splits) = try F.readBySplits(path, codec: .zstd, target: 1)
        #expect(out == F.medium)
        #expect(splits.count == entries.count)
        #expect(splits.map(\.lowerBound) == stride(from: 0, to: frames.count, by: 2).map { frames[$0].lowerBound })
        #expect(splits.last?.upperBound == Int64(bytes.count) && tableStart < Int64(bytes.count))
    }

    /// A seek table whose sizes do not add up is reported, not trusted.
    @Test func inconsistentSeekTableIsCorrupt() throws {
        let dir = try CompressionTempDir()
        let plain = dir.path("plain.zst")
        try F.writeZstd(F.medium, to: plain, layout: .frames(uncompressedBytes: 50_000))
        var bytes = try F.readFile(plain)
        bytes += F.le32(0x184D_2A5E) + F.le32(8 + 9) + F.le32(UInt32(bytes.count - 1)) + F.le32(0)
        bytes += F.le32(1) + [0] + F.le32(0x8F92_EAB1)
        let path = dir.path("bad-seekable.zst")
        try F.writeFile(path, bytes)
        let error = F.inputError {
            _ = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: path), codec: .zstd, targetCompressedBytes: 1)
        }
        guard case let .corruptCompressed(errorPath, .zstd, offset, _)? = error else {
            Issue.record("expected corruptCompressed, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path && offset >= 0 && offset <= Int64(bytes.count))
    }

    /// pzstd layout: a skippable frame (magic 0x184D2A50, size 4) announcing the
    /// compressed size of the frame after it.
    @Test func pzstdHintsGiveSplits() throws {
        let dir = try CompressionTempDir()
        var bytes = [UInt8]()
        var starts: [Int64] = []
        var original = [UInt8]()
        for piece in 0..<5 {
            let data = F.csv(count: 90_000 + piece * 1000, seed: UInt64(piece))
            let framePath = dir.path("piece\(piece).zst")
            try F.writeZstd(data, to: framePath, layout: .singleFrame)
            let frame = try F.readFile(framePath)
            starts.append(Int64(bytes.count))
            bytes += F.le32(0x184D_2A50) + F.le32(4) + F.le32(UInt32(frame.count)) + frame
            original += data
        }
        let path = dir.path("pzstd.zst")
        try F.writeFile(path, bytes)
        #expect(Codec.detect(prefix: bytes) == .zstd)
        let (out, splits) = try F.readBySplits(path, codec: .zstd, target: 1)
        #expect(out == original)
        #expect(splits.map(\.lowerBound) == starts)
        let (_, grouped) = try F.readBySplits(path, codec: .zstd, target: bytes.count / 2)
        #expect(grouped.count == 2)
    }

    /// `cat a.gz b.gz` of members without size fields: found by scanning.
    @Test func concatenatedPlainGzipSplitsByScanning() throws {
        let dir = try CompressionTempDir()
        let first = F.csv(count: 400_000, seed: 11)
        let second = F.csv(count: 300_000, seed: 12)
        try F.writeGzip(first, to: dir.path("a.gz"), layout: .singleMember)
        try F.writeGzip(second, to: dir.path("b.gz"), layout: .singleMember)
        let a = try F.readFile(dir.path("a.gz"))
        let path = dir.path("cat.gz")
        try F.writeFile(path, a + F.readFile(dir.path("b.gz")))
        let (out, splits) = try F.readBySplits(path, codec: .gzip, target: 1000)
        #expect(out == first + second)
        #expect(splits.map(\.lowerBound) == [0, Int64(a.count)])
    }

    /// Real BGZF members ('BC' subfield, BSIZE = member size - 1) are walked by size.
    @Test func bgzfMembersAreWalked() throws {
        let dir = try CompressionTempDir()
        var bytes = [UInt8]()
        var starts: [Int64] = []
        var original = [UInt8]()
        for piece in 0..<6 {
            let data = F.csv(count: 60_000, seed: UInt64(100 + piece))
            let memberPath = dir.path("m\(piece).gz")
            try F.writeGzip(data, to: memberPath, layout: .singleMember)
            var member = try F.readFile(memberPath)
            member[3] |= 0x04
            let total = member.count + 8
            member.insert(contentsOf: [6, 0, 0x42, 0x43, 2, 0] + F.le16(UInt16(total - 1)), at: 10)
            starts.append(Int64(bytes.count))
            bytes += member
            original += data
        }
        let path = dir.path("bgzf.gz")
        try F.writeFile(path, bytes)
        let (out, splits) = try F.readBySplits(path, codec: .gzip, target: 1)
        #expect(out == original)
        #expect(splits.map(\.lowerBound) == starts)
    }

    /// A sized-member file followed by plain members: walk, then scan the rest.
    @Test func sizedThenPlainMembers() throws {
        let dir = try CompressionTempDir()
        let first = F.csv(count: 300_000, seed: 21)
        let second = F.csv(count: 300_000, seed: 22)
        try F.writeGzip(first, to: dir.path("a.gz"), layout: .sizedMembers(uncompressedBytes: 100_000))
        try F.writeGzip(second, to: dir.path("b.gz"), layout: .plainMembers(uncompressedBytes: 100_000))
        let path = dir.path("mixed.gz")
        try F.writeFile(path, F.readFile(dir.path("a.gz")) + F.readFile(dir.path("b.gz")))
        let (out, splits) = try F.readBySplits(path, codec: .gzip, target: 1)
        #expect(out == first + second)
        #expect(splits.count == 6)
    }

    /// Boundaries come from the 'MS' size fields, not from trial inflates: a member
    /// whose deflate data is damaged right after its header still starts a split.
    @Test func sizedMembersAreWalkedNotScanned() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("sized.gz")
        try F.writeGzip(F.medium, to: path, layout: .sizedMembers(uncompressedBytes: 100_000))
        let file = try RandomAccessFile(path: path)
        let before = try CompressedSplitPlanner.splits(of: file, codec: .gzip, targetCompressedBytes: 1)
        #expect(before.count == 7)
        var bytes = try F.readFile(path)
        let third = Int(before[3].lowerBound)
        for i in 24..<40 { bytes[third + i] = 0xFF }
        try F.writeFile(path, bytes)
        let damaged = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: path), codec: .gzip,
                                                        targetCompressedBytes: 1)
        #expect(damaged == before)
    }

    /// Huge targets mean "do not split" and must not overflow.
    @Test func hugeTargetGivesOneSplit() throws {
        let dir = try CompressionTempDir()
        let gz = dir.path("plain.gz"), zst = dir.path("f.zst")
        try F.writeGzip(F.medium, to: gz, layout: .plainMembers(uncompressedBytes: 100_000))
        try F.writeZstd(F.medium, to: zst, layout: .frames(uncompressedBytes: 100_000), seekTable: true)
        for (path, codec) in [(gz, Codec.gzip), (zst, .zstd)] {
            let (bytes, splits) = try F.readBySplits(path, codec: codec, target: .max)
            #expect(bytes == F.medium)
            #expect(splits.count == 1)
        }
    }

    @Test func plainCodecIsOneRange() throws {
        let dir = try CompressionTempDir()
        try F.writeFile(dir.path("p.csv"), F.small)
        let file = try RandomAccessFile(path: dir.path("p.csv"))
        #expect(try CompressedSplitPlanner.splits(of: file, codec: .plain, targetCompressedBytes: 1) == [0..<file.size])
    }
}

