#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Finds gzip member boundaries: by walking members that announce their own size,
/// otherwise by scanning for member headers confirmed by a short trial inflate.
struct GzipMemberLocator {
    static let scanBlock = 1 << 20
    static let trialInput = 64 << 10
    static let trialOutputLimit = 4 << 20

    let file: RandomAccessFile
    private var window: ByteWindow
    private var trial: ZStream?
    private var scratch = ContiguousArray<UInt8>()

    init(file: RandomAccessFile) {
        self.file = file
        window = ByteWindow(file: file)
    }

    private func corrupt(_ offset: Int64, _ reason: String) -> InputError {
        .corruptCompressed(path: file.path, codec: .gzip, offset: offset, reason: reason)
    }

    /// Walks size-announcing members from offset 0, feeding their ends to `splits`.
    /// Returns where the walk stopped: the file size, or the first member without a
    /// size field (the rest must be scanned).
    mutating func walkSizedMembers(to splits: inout SplitAccumulator) throws -> Int64 {
        var pos: Int64 = 0
        while pos < file.size {
            // 12 fixed + up to 64 KiB extra field; the window serves the common short case.
            var head = try window.bytes(at: pos, count: 64)
            if let extraLength = head.le16(at: 10), Int(extraLength) + 12 > head.count,
               head.byte(at: 3).map({ $0 & GzipFormat.flagExtra != 0 }) == true {
                head = try window.bytes(at: pos, count: Int(extraLength) + 12)
            }
            guard let size = GzipFormat.announcedSize(header: head) else { return pos }
            guard size >= GzipFormat.minimumMemberSize, size <= file.size - pos else {
                throw corrupt(pos, "member size field (\(size) bytes) does not fit the file")
            }
            let next = pos + size
            if next < file.size {
                let magic = try window.bytes(at: next, count: 2)
                guard magic.byte(at: 0) == GzipFormat.id1, magic.byte(at: 1) == GzipFormat.id2 else {
                    throw corrupt(next, "member size field at \(pos) does not lead to another gzip member")
                }
            }
            splits.add(unitEnd: next)
            pos = next
        }
        return pos
    }

    /// Cuts the rest of the file, from `start` (a member start), at verified member
    /// headers found near every `target` bytes. Reads only from the first target point
    /// on, and stops at the first stretch with no member start up to the end.
    mutating func addScannedMembers(from start: Int64, to splits: inout SplitAccumulator) throws {
        var searchFrom = max(splits.afterTarget(splits.groupStart), start + 1)
        while searchFrom < file.size {
            guard let member = try nextVerifiedMember(from: searchFrom) else { return }
            splits.cut(at: member)
            searchFrom = splits.afterTarget(member)
        }
    }

    /// The first offset at or after `from` where a member header passes a trial inflate.
    private mutating func nextVerifiedMember(from: Int64) throws -> Int64? {
        var blockStart = from
        var block = ContiguousArray<UInt8>()
        while blockStart < file.size {
            // Read a little past the block so headers straddling its end are seen whole.
            try file.read(at: blockStart, count: Self.scanBlock + 16, into: &block)
            let scanLength = min(Self.scanBlock, block.count)
            var index = 0
            while index < scanLength {
                let hit: Int? = block.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress,
                          let found = memchr(base + index, Int32(GzipFormat.id1), scanLength - index)
                    else { return nil }
                    return base.distance(to: UnsafeRawPointer(found))
                }
                guard let at = hit else { break }
                let plausible = block.withUnsafeBytes { GzipFormat.plausibleHeader($0, at: at) }
                if plausible, try trialInflate(at: blockStart + Int64(at)) {
                    return blockStart + Int64(at)
                }
                index = at + 1
            }
            blockStart += Int64(Self.scanBlock)
        }
        return nil
    }

    /// True when up to 64 KiB of compressed input from `offset` inflates as gzip without
    /// error (and, if the member ends, it is followed by the end of file or another member).
    private mutating func trialInflate(at offset: Int64) throws -> Bool {
        if trial == nil { trial = ZStream(inflateWindowBits: 15 + 16) }
        guard let stream = trial else { return false }
        inflateReset(stream.pointer)
        let input = try file.read(at: offset, count: Self.trialInput)
        if scratch.count < 64 << 10 { scratch = ContiguousArray(repeating: 0, count: 64 << 10) }
        let strm = stream.pointer
        var consumed = 0
        var produced = 0
        while true {
            let rc: Int32 = input.withUnsafeBufferPointer { inBuf in
                scratch.withUnsafeMutableBufferPointer { outBuf in
                    strm.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress.map { $0 + consumed })
                    strm.pointee.avail_in = UInt32(clamping: inBuf.count - consumed)
                    strm.pointee.next_out = outBuf.baseAddress
                    strm.pointee.avail_out = UInt32(clamping: outBuf.count)
                    let inStart = strm.pointee.avail_in
                    let outStart = strm.pointee.avail_out
                    let rc = inflate(strm, Z_NO_FLUSH)
                    consumed += Int(inStart - strm.pointee.avail_in)
                    produced += Int(outStart - strm.pointee.avail_out)
                    return rc
                }
            }
            switch rc {
            case Z_STREAM_END:
                let after = offset + Int64(consumed)
                if after >= file.size { return true }
                let magic = try file.read(at: after, count: 2)
                return magic.byte(at: 0) == GzipFormat.id1 && magic.byte(at: 1) == GzipFormat.id2
            case Z_OK:
                if consumed >= input.count || produced >= Self.trialOutputLimit { return true }
            case Z_BUF_ERROR:
                // No progress possible: all the trial input was consumed without error.
                return true
            default:
                return false
            }
        }
    }
}
