import Testing
import Columns
@testable import Partition

private typealias F = CompressionFixture

@Suite struct SegmentSourceTests {
    @Test("a stream plan reads the whole file, then frees its decoder and stays ended", arguments: [Codec.zstd, .gzip])
    func streamEndsAndReleasesDecoder(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("one-stream")
        if codec == .zstd {
            try F.writeZstd(F.big, to: path, layout: .singleFrame, seekTable: false)
        } else {
            try F.writeGzip(F.big, to: path, layout: .singleMember)
        }
        let source = try SegmentSource(file: InputFile.open(path: path), sizes: SplitSizes(streamChunkBytes: 256 << 10))
        #expect(source.plan == .stream(codec))
        #expect(!source.isOpen, "planning closes the file")
        var bytes: [UInt8] = []
        var index = 0
        while let segments = try source.load(index) {
            for segment in segments { bytes += segment.bytes }
            index += 1
        }
        #expect(bytes == F.big)
        #expect(index > 1)
        // A scan keeps every file's source until it ends: a finished stream must not
        // hold its decompression state (window, buffers) all that time.
        #expect(source.stream == nil)
        #expect(!source.isOpen, "the end of a stream closes the file")
        #expect(try source.load(index) == nil)
        #expect(source.stream == nil)
    }

    @Test("a split file is opened by its first load, closed by close(), and reopened by a later load")
    func splitsOpenLazily() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("frames.zst")
        try F.writeZstd(F.big, to: path, layout: .frames(uncompressedBytes: 128 << 10), seekTable: false)
        let source = try SegmentSource(file: InputFile.open(path: path), sizes: SplitSizes(compressedBytes: 1), parallelism: 2)
        let count = try #require(source.plan.segmentCount)
        #expect(count > 2)
        #expect(!source.isOpen)
        var bytes: [UInt8] = []
        for index in 0 ..< count {
            for segment in try #require(try source.load(index)) { bytes += segment.bytes }
            #expect(source.isOpen)
            source.close()
            #expect(!source.isOpen)
        }
        #expect(bytes == F.big)
    }
}
