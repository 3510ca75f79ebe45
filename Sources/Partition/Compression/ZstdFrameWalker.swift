/// Finds zstd frame boundaries without decompressing: from a seekable-format seek
/// table, from pzstd size hints, or by walking frame and block headers.
struct ZstdFrameWalker {
    let file: RandomAccessFile
    private var window: ByteWindow

    init(file: RandomAccessFile) {
        self.file = file
        window = ByteWindow(file: file)
    }

    private func corrupt(_ offset: Int64, _ reason: String) -> InputError {
        .corruptCompressed(path: file.path, codec: .zstd, offset: offset, reason: reason)
    }

    // MARK: Seekable format

    /// Feeds frame ends from the seek table to `splits`. False when the file has no
    /// seek table (the caller then walks frames).
    mutating func addSeekTableFrames(to splits: inout SplitAccumulator) throws -> Bool {
        let footerSize = Int64(ZstdFormat.seekTableFooterSize)
        guard file.size >= footerSize + 8 else { return false }
        let footer = try window.bytes(at: file.size - footerSize, count: Int(footerSize))
        guard footer.le32(at: 5) == ZstdFormat.seekableFooterMagic,
              let frameCount = footer.le32(at: 0), let descriptor = footer.byte(at: 4)
        else { return false }
        let entrySize: Int64 = descriptor & 0x80 != 0 ? 12 : 8
        let tableSize = 8 + Int64(frameCount) * entrySize + footerSize
        guard tableSize <= file.size else { return false }
        let tableStart = file.size - tableSize
        let header = try window.bytes(at: tableStart, count: 8)
        // The footer magic alone could be chance (a frame checksum); require the
        // skippable frame around it too.
        guard header.le32(at: 0) == ZstdFormat.seekTableMagic,
              header.le32(at: 4).map({ Int64($0) == tableSize - 8 }) == true
        else { return false }
        guard descriptor & 0x7C == 0 else {
            throw corrupt(file.size - 5, "seek table descriptor has reserved bits set")
        }
        var end: Int64 = 0
        var entryOffset = tableStart + 8
        for index in 0..<frameCount {
            let entry = try window.bytes(at: entryOffset, count: 4)
            guard let compressed = entry.le32(at: 0) else {
                throw corrupt(entryOffset, "seek table entry is cut short")
            }
            end += Int64(compressed)
            guard end <= tableStart else {
                throw corrupt(entryOffset, "seek table frame sizes run past the seek table")
            }
            // The last frame's split runs on over the seek table, which holds no data.
            if compressed > 0 && index + 1 < frameCount, splits.add(unitEnd: end) {
                let magic = try window.bytes(at: end, count: 4)
                guard magic.le32(at: 0).map(ZstdFormat.isFrameStart) == true else {
                    throw corrupt(end, "seek table points at \(end), which is not a zstd frame")
                }
            }
            entryOffset += entrySize
        }
        guard end == tableStart else {
            throw corrupt(tableStart, "seek table frame sizes add up to \(end), but frames end at \(tableStart)")
        }
        return true
    }

    // MARK: Walking frames

    /// Feeds every frame end from `start` to the end of the file to `splits`, using
    /// pzstd hints where present and frame/block headers otherwise.
    mutating func addWalkedFrames(from start: Int64, to splits: inout SplitAccumulator) throws {
        var pos = start
        while pos < file.size {
            let end = try frameEnd(at: pos)
            splits.add(unitEnd: end)
            pos = end
        }
    }

    /// End offset of the frame (or pzstd hint + frame) starting at `pos`.
    mutating func frameEnd(at pos: Int64) throws -> Int64 {
        let head = try window.bytes(at: pos, count: 12)
        guard let magic = head.le32(at: 0) else {
            throw corrupt(pos, "trailing bytes after the last zstd frame")
        }
        if ZstdFormat.isSkippable(magic) {
            guard let length = head.le32(at: 4) else { throw corrupt(pos, "truncated skippable frame header") }
            let skippableEnd = pos + 8 + Int64(length)
            guard skippableEnd <= file.size else { throw corrupt(pos, "skippable frame runs past the end of the file") }
            if magic == ZstdFormat.pzstdMagic, length == 4, let hinted = head.le32(at: 8) {
                // pzstd hint: the next frame is `hinted` bytes long. Keep hint and
                // frame in one unit; a bad hint shows as a bad magic at the next unit.
                let frameEnd = skippableEnd + Int64(hinted)
                let next = try window.bytes(at: skippableEnd, count: 4)
                if next.le32(at: 0) == ZstdFormat.frameMagic {
                    guard frameEnd <= file.size else {
                        throw corrupt(pos, "pzstd size hint runs past the end of the file")
                    }
                    return frameEnd
                }
            }
            return skippableEnd
        }
        guard magic == ZstdFormat.frameMagic else {
            throw corrupt(pos, "not a zstd frame (magic \(String(magic, radix: 16)))")
        }
        return try walkBlocks(frameAt: pos)
    }

    /// Reads the frame header, then hops block header to block header.
    private mutating func walkBlocks(frameAt pos: Int64) throws -> Int64 {
        let header = try window.bytes(at: pos, count: ZstdFormat.maxFrameHeaderSize)
        guard let descriptor = header.byte(at: 4) else { throw corrupt(pos, "truncated zstd frame header") }
        guard descriptor & 0x08 == 0 else { throw corrupt(pos + 4, "zstd frame header has the reserved bit set") }
        let contentSizeFlag = Int(descriptor >> 6)
        let singleSegment = descriptor & 0x20 != 0
        let hasChecksum = descriptor & 0x04 != 0
        let dictionaryBytes = [0, 1, 2, 4][Int(descriptor & 0x03)]
        let contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag]
        let headerSize = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes
        guard header.count >= headerSize else { throw corrupt(pos, "truncated zstd frame header") }

        var blockAt = pos + Int64(headerSize)
        while true {
            let block = try window.bytes(at: blockAt, count: 3)
            guard block.count == 3, let low = block.le16(at: 0), let high = block.byte(at: 2) else {
                throw corrupt(blockAt, "zstd frame ends before its last block")
            }
            let word = Int(low) | Int(high) << 16
            let isLast = word & 1 != 0
            let type = (word >> 1) & 3
            let size = word >> 3
            guard type != 3 else { throw corrupt(blockAt, "reserved zstd block type") }
            guard size <= ZstdFormat.maxBlockSize else {
                throw corrupt(blockAt, "zstd block of \(size) bytes exceeds 128 KiB")
            }
            // RLE blocks store one byte; Block_Size is their decompressed size.
            let stored = type == 1 ? 1 : size
            let next = blockAt + 3 + Int64(stored)
            guard next <= file.size else { throw corrupt(blockAt, "zstd block runs past the end of the file") }
            blockAt = next
            if isLast { break }
        }
        if hasChecksum {
            blockAt += 4
            guard blockAt <= file.size else { throw corrupt(file.size, "zstd frame checksum cut short") }
        }
        return blockAt
    }
}
