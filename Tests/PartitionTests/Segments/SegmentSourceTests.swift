import Foundation
import Testing
import Columns
@testable import Partition

private typealias F = CompressionFixture

@Suite struct SegmentSourceTests {
    /// Loads a stream plan until it ends: its bytes and how many loads returned data.
    static func readStream(_ source: SegmentSource) throws -> (bytes: [UInt8], loads: Int) {
        var bytes: [UInt8] = []
        var index = 0
        while let segments = try source.load(index) {
            for segment in segments { bytes += segment.bytes }
            index += 1
        }
        return (bytes, index)
    }

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
        let (bytes, index) = try Self.readStream(source)
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

    @Test("a small file of unknown codec is planned without opening it and sniffed by the stream's first read",
          arguments: [Codec.zstd, .gzip, .plain])
    func unknownCodecSmallFile(codec: Codec) throws {
        let dir = try CompressionTempDir()
        let path = dir.path("listed")
        switch codec {
        case .zstd: try F.writeZstd(F.big, to: path, layout: .frames(uncompressedBytes: 64 << 10), seekTable: false)
        case .gzip: try F.writeGzip(F.big, to: path, layout: .singleMember)
        case .plain: try F.big.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        }
        var listed = try InputFile.open(path: path)
        listed.codec = nil
        // Splits larger than the file: one piece whatever the codec.
        let source = try SegmentSource(file: listed, sizes: SplitSizes(plainBytes: 64 << 20, compressedBytes: 64 << 20,
                                                                          streamChunkBytes: 256 << 10))
        #expect(source.plan == .stream(nil))
        #expect(!source.isOpen, "planning does not open the file")
        let (bytes, _) = try Self.readStream(source)
        #expect(bytes == F.big)
    }

    @Test("a file of unknown codec larger than a split is sniffed at planning and split as usual")
    func unknownCodecLargeFile() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("listed.zst")
        try F.writeZstd(F.big, to: path, layout: .frames(uncompressedBytes: 128 << 10), seekTable: false)
        var listed = try InputFile.open(path: path)
        listed.codec = nil
        let source = try SegmentSource(file: listed, sizes: SplitSizes(compressedBytes: 1), parallelism: 2)
        #expect(source.file.codec == .zstd)
        let count = try #require(source.plan.segmentCount)
        #expect(count > 2)
        var bytes: [UInt8] = []
        for index in 0 ..< count {
            for segment in try #require(try source.load(index)) { bytes += segment.bytes }
        }
        #expect(bytes == F.big)
    }
}
