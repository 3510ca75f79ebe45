import Foundation
import Columns
import Partition
import Testing
@testable import Generator

@Suite struct CompressionTests {
    /// zstd and gzip files decompress (through Partition's readers) to exactly the plain
    /// files of the same configuration; by default they are splittable (several
    /// frames/members), with `singleStream` one frame/member each.
    @Test(arguments: [SourceCompression.zstd, .gzip])
    func compressedDecompressesToPlain(_ compression: SourceCompression) async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 12000, days: 3)
        config.incrementalDays = 1
        config.frameBytes = 64 << 10
        _ = try await SourceGenerator.write(config, to: tmp.sub("plain"))
        let plainFiles = try Tree.files(tmp.sub("plain"))
        let codec: Codec = compression == .zstd ? .zstd : .gzip
        for single in [false, true] {
            config.compression = compression
            config.singleStream = single
            let root = tmp.sub("\(compression.rawValue)-\(single)")
            let summary = try await SourceGenerator.write(config, to: root)
            let files = try Tree.files(root)
            #expect(files.count == plainFiles.count)
            for (path, bytes) in plainFiles {
                let name = String(path.dropLast(4)) + compression.fileExtension
                #expect(files[name] != nil, "missing \(name)")
                #expect(try Tree.decompressed(root + "/" + name) == bytes, "\(name) does not decompress to the plain file")
                let frames = try Tree.frames(root + "/" + name, codec: codec)
                let reported = summary.files.first { $0.path == name }?.frames
                #expect(reported == frames, "\(name)")
                if single {
                    #expect(frames == 1, "\(name) has \(frames) frames with singleStream")
                } else if bytes.count > 2 * config.frameBytes {
                    #expect(frames >= bytes.count / (2 * config.frameBytes), "\(name): \(frames) frames for \(bytes.count) bytes")
                }
            }
        }
    }

    @Test func framesEndAtLineEnds() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 6000, days: 1)
        config.compression = .zstd
        config.frameBytes = 16 << 10
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let path = tmp.path + "/2_child_company/full_load/orders/landing/orders_2025_01_01.csv.zst"
        let file = try RandomAccessFile(path: path)
        let splits = try CompressedSplitPlanner.splits(of: file, codec: .zstd, targetCompressedBytes: 1)
        #expect(splits.count > 10)
        for split in splits {
            let reader = try ZstdReader(file: file, range: split, exactEnd: true)
            var last: UInt8 = 0
            while let chunk = try reader.nextChunk() { if let b = chunk.last { last = b } }
            #expect(last == UInt8(ascii: "\n"))
        }
    }
}
