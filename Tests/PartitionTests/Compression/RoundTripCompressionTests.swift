import Testing
import Columns
import Partition

private typealias F = CompressionFixture

@Suite struct RoundTripCompressionTests {
    static let gzipLayouts: [GzipMemberLayout] = [
        .sizedMembers(uncompressedBytes: 256 << 10), .plainMembers(uncompressedBytes: 256 << 10), .singleMember,
    ]

    @Test(arguments: gzipLayouts, [false, true])
    func gzipRoundTrip(layout: GzipMemberLayout, cutAtNewlines: Bool) throws {
        let dir = try CompressionTempDir()
        for input in F.inputs {
            let path = dir.path("\(input.name).gz")
            try F.writeGzip(input.bytes, to: path, layout: layout, cutAtNewlines: cutAtNewlines)
            #expect(try F.decompress(path, codec: .gzip) == input.bytes, "\(input.name)")
        }
    }

    static let zstdModes: [(ZstdFrameLayout, checksum: Bool, seekTable: Bool)] = [
        (.frames(uncompressedBytes: 256 << 10), false, false),
        (.frames(uncompressedBytes: 256 << 10), true, true),
        (.frames(uncompressedBytes: 100_000), false, true),
        (.singleFrame, true, false),
        (.singleFrame, false, true),
    ]

    @Test(arguments: 0..<zstdModes.count, [false, true])
    func zstdRoundTrip(mode: Int, cutAtNewlines: Bool) throws {
        let (layout, checksum, seekTable) = Self.zstdModes[mode]
        let dir = try CompressionTempDir()
        for input in F.inputs {
            let path = dir.path("\(input.name).zst")
            try F.writeZstd(input.bytes, to: path, layout: layout, checksum: checksum,
                          seekTable: seekTable, cutAtNewlines: cutAtNewlines)
            #expect(try F.decompress(path, codec: .zstd) == input.bytes, "\(input.name)")
        }
    }

    @Test(arguments: [Codec.gzip, .zstd])
    func chunksRespectChunkSize(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("data")
        if codec == .gzip {
            try F.writeGzip(F.medium, to: path, layout: .sizedMembers(uncompressedBytes: 100_000))
        } else {
            try F.writeZstd(F.medium, to: path, layout: .frames(uncompressedBytes: 100_000))
        }
        let reader = try F.reader(for: codec, file: RandomAccessFile(path: path), chunkSize: 10_000)
        var total = [UInt8]()
        while let chunk = try reader.nextChunk() {
            #expect(!chunk.isEmpty && chunk.count <= 10_000)
            total += chunk
        }
        #expect(total == F.medium)
        #expect(try reader.nextChunk() == nil)
    }

    @Test func newlineCutsEndFramesAfterNewlines() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("lines.gz")
        try F.writeGzip(F.medium, to: path, layout: .plainMembers(uncompressedBytes: 50_000), cutAtNewlines: true)
        let file = try RandomAccessFile(path: path)
        let splits = try CompressedSplitPlanner.splits(of: file, codec: .gzip, targetCompressedBytes: 1)
        #expect(splits.count > 5)
        for split in splits.dropLast() {
            let bytes = try F.readAll(GzipReader(file: file, range: split, exactEnd: true))
            #expect(bytes.last == UInt8(ascii: "\n"))
            #expect(bytes.count >= 50_000 && bytes.count < 100_000)
        }
    }

    @Test func writerCountsFrames() throws {
        let dir = try CompressionTempDir()
        let zstd = try ZstdFrameWriter(path: dir.path("a.zst"), layout: .frames(uncompressedBytes: 1000))
        try zstd.write(contentsOf: F.csv(count: 10_000))
        try zstd.finish()
        #expect(zstd.frameCount == 10)
        let gzip = try GzipMemberWriter(path: dir.path("a.gz"), layout: .plainMembers(uncompressedBytes: 1000))
        try gzip.write(contentsOf: F.csv(count: 10_500))
        try gzip.finish()
        #expect(gzip.memberCount == 11)
        #expect(throws: CompressionWriterError.self) { try gzip.write(contentsOf: [1, 2, 3]) }
    }
}
