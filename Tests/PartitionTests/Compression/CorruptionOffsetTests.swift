import Testing
import Columns
import Partition

private typealias F = CompressionFixture

/// Corruption errors say where: the compressed offset where decoding failed (for zstd
/// the start of the failing block, at most one block before the damage) and the start
/// of the frame or member that holds it.
@Suite struct CorruptionOffsetTests {
    /// CSV text that compresses about 2:1, so 8 MiB gives several MiB of zstd.
    static let data: [UInt8] = {
        var rng = SplitMix64(seed: 5)
        var out: [UInt8] = []
        out.reserveCapacity(8 << 20 + 64)
        while out.count < 8 << 20 {
            out += Array("\(rng.next() % 1_000_000_000),\(rng.next() % 100_000)\n".utf8)
        }
        return out
    }()

    /// Overwrites 256 bytes at `at` (enough to break a block's entropy tables) and
    /// returns the error of reading the whole file.
    static func corrupt(_ path: String, at: Int, codec: Codec) throws -> (offset: Int64, reason: String) {
        var bytes = try F.readFile(path)
        for i in at ..< at + 256 { bytes[i] = ~bytes[i] }
        try F.writeFile(path, bytes)
        let error = F.inputError { _ = try F.decompress(path, codec: codec) }
        guard case let .corruptCompressed(errorPath, errorCodec, offset, reason)? = error else {
            Issue.record("expected corruptCompressed, got \(String(describing: error))")
            return (-1, "")
        }
        #expect(errorPath == path && errorCodec == codec)
        return (offset, reason)
    }

    @Test("zstd: the failing block's offset and the frame's start", arguments: ["single", "frames"])
    func zstd(_ layout: String) throws {
        let dir = try CompressionTempDir()
        let path = dir.path(layout + ".zst")
        try F.writeZstd(Self.data, to: path, layout: layout == "single" ? .singleFrame : .frames(uncompressedBytes: 3 << 20))
        let frames = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: path), codec: .zstd, targetCompressedBytes: 1)
        let size = try RandomAccessFile(path: path).size
        // Well past the first MiB and off any read-buffer boundary.
        let damage = Int(size) * 2 / 3 + 777
        let frameStart = try #require(frames.last { $0.lowerBound <= Int64(damage) }).lowerBound
        if layout == "frames" { #expect(frames.count >= 3 && frameStart > 0) }
        let (offset, reason) = try Self.corrupt(path, at: damage, codec: .zstd)
        #expect(reason.hasSuffix("(in the frame starting at byte \(frameStart))"), "\(reason)")
        #expect(offset >= frameStart && offset <= Int64(damage) + 256, "offset \(offset), damage at \(damage)")
        #expect(Int64(damage) - offset <= (128 << 10) + 3, "offset \(offset) is more than one block before \(damage)")
    }

    @Test("gzip: where inflate failed and the member's start")
    func gzip() throws {
        let dir = try CompressionTempDir()
        let path = dir.path("members.gz")
        try F.writeGzip(Self.data, to: path, layout: .plainMembers(uncompressedBytes: 3 << 20))
        let members = try CompressedSplitPlanner.splits(of: RandomAccessFile(path: path), codec: .gzip, targetCompressedBytes: 1)
        let size = try RandomAccessFile(path: path).size
        let damage = Int(size) * 2 / 3 + 777
        let memberStart = try #require(members.last { $0.lowerBound <= Int64(damage) }).lowerBound
        #expect(members.count >= 3 && memberStart > 0)
        let (offset, reason) = try Self.corrupt(path, at: damage, codec: .gzip)
        #expect(reason.hasSuffix("(in the member starting at byte \(memberStart))"), "\(reason)")
        #expect(offset >= Int64(damage) && offset <= size, "offset \(offset), damage at \(damage)")
    }
}
