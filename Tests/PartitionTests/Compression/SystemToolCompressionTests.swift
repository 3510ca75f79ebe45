import Foundation
import Testing
import Columns
import Partition

private typealias F = CompressionFixture

/// Interoperability with the system `zstd` and `gzip` tools, when installed.
@Suite struct SystemToolCompressionTests {
    static let zstdTool = "/usr/bin/zstd"
    static let gzipTool = "/usr/bin/gzip"
    static var haveZstd: Bool { FileManager.default.isExecutableFile(atPath: zstdTool) }
    static var haveGzip: Bool { FileManager.default.isExecutableFile(atPath: gzipTool) }

    /// Runs `command` through /bin/sh; true on exit status 0.
    @discardableResult
    static func shell(_ command: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test(.enabled(if: haveZstd)) func readsZstdToolOutput() throws {
        let dir = try CompressionTempDir()
        let a = dir.path("a.csv"), b = dir.path("b.csv")
        let first = F.big, second = F.csv(count: 500_000, seed: 5)
        try F.writeFile(a, first)
        try F.writeFile(b, second)
        #expect(try Self.shell("\(Self.zstdTool) -q -o '\(a).zst' '\(a)'"))
        #expect(try F.decompress("\(a).zst", codec: .zstd) == first)
        // Two files compressed into one stream: two frames, split and read separately.
        let both = dir.path("both.zst")
        #expect(try Self.shell("\(Self.zstdTool) -q -c '\(a)' '\(b)' > '\(both)'"))
        let (out, splits) = try F.readBySplits(both, codec: .zstd, target: 1)
        #expect(out == first + second)
        #expect(splits.count == 2)
        // Checksums off, high level, long window: still readable.
        let tuned = dir.path("tuned.zst")
        #expect(try Self.shell("\(Self.zstdTool) -q -19 --no-check -c '\(b)' > '\(tuned)'"))
        #expect(try F.decompress(tuned, codec: .zstd) == second)
    }

    @Test(.enabled(if: haveGzip)) func readsGzipToolOutput() throws {
        let dir = try CompressionTempDir()
        let a = dir.path("a.csv"), b = dir.path("b.csv")
        let first = F.big, second = F.csv(count: 500_000, seed: 6)
        try F.writeFile(a, first)
        try F.writeFile(b, second)
        let one = dir.path("a.csv.gz")
        #expect(try Self.shell("\(Self.gzipTool) -c '\(a)' > '\(one)'"))
        #expect(try F.decompress(one, codec: .gzip) == first)
        let (single, singleSplits) = try F.readBySplits(one, codec: .gzip, target: 100_000)
        #expect(single == first)
        #expect(singleSplits.count == 1)
        // `gzip -c a b` writes two members, with file names in the headers.
        let both = dir.path("both.gz")
        #expect(try Self.shell("\(Self.gzipTool) -c '\(a)' '\(b)' > '\(both)'"))
        let (out, splits) = try F.readBySplits(both, codec: .gzip, target: 1)
        #expect(out == first + second)
        #expect(splits.count == 2)
    }

    /// The tools accept what our writers produce (seek tables, 'MS' extra fields).
    @Test(.enabled(if: haveZstd && haveGzip)) func toolsReadOurWriters() throws {
        let dir = try CompressionTempDir()
        let data = F.medium
        let original = dir.path("original.csv")
        try F.writeFile(original, data)
        let zst = dir.path("ours.zst")
        try F.writeZstd(data, to: zst, layout: .frames(uncompressedBytes: 100_000), checksum: true, seekTable: true)
        #expect(try Self.shell("\(Self.zstdTool) -q -dc '\(zst)' | cmp -s - '\(original)'"))
        for (name, layout) in [("sized", GzipMemberLayout.sizedMembers(uncompressedBytes: 100_000)),
                               ("plain", .plainMembers(uncompressedBytes: 100_000)), ("single", .singleMember)] {
            let gz = dir.path("\(name).gz")
            try F.writeGzip(data, to: gz, layout: layout)
            #expect(try Self.shell("\(Self.gzipTool) -dc '\(gz)' | cmp -s - '\(original)'"), "\(name)")
        }
    }
}
