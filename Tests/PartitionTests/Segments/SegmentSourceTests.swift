import Testing
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
        #expect(try source.load(index) == nil)
        #expect(source.stream == nil)
    }
}
