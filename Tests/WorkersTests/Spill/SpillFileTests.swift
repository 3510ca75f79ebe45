#if canImport(Glibc)
import Glibc
#endif
import Columns
import Testing
@testable import Workers

@Suite("Spill files")
struct SpillFileTests {
    @Test("batches round-trip through a compressed spill file")
    func roundTrip() throws {
        let directory = try SpillDirectory()
        let batches = OpData.batches(OpShape(rows: 3000, keyCardinality: 50, nullRate: 0.2, maxBatchRows: 700), seed: 1)
        let file = try directory.makeFile(schema: OpData.schema, label: "test")
        for batch in batches { try file.append(batch) }
        // An explicit-NULL text column with an empty non-NULL value survives too.
        var text = ByteColumn()
        text.append(string: "")
        text.appendNull()
        text.append(string: "x")
        let odd = RecordBatch(schema: Schema([Field("t", .text)]), columns: [.text(text)])
        let other = try directory.makeFile(schema: odd.schema)
        try other.append(odd)
        #expect(try other.makeReader().next() == odd)

        let reader = try file.makeReader()
        var read: [RecordBatch] = []
        while let batch = try reader.next() { read.append(batch) }
        #expect(read == batches)
        #expect(directory.metrics.snapshot.batches == batches.count + 1)
        #expect(directory.metrics.spilledBytes > 0)
        #expect(directory.metrics.spilledBytes < directory.metrics.snapshot.rawBytes, "zstd should shrink this data")
        #expect(directory.fileNames().count == 2)
        file.remove()
        #expect(directory.fileNames().count == 1)
        directory.close()
        #expect(!directory.exists)
        #expect(throws: SpillError.self) { try directory.makeFile(schema: odd.schema) }
    }

    @Test("a damaged file is reported, not trusted")
    func corruption() throws {
        let directory = try SpillDirectory()
        let batch = OpData.batches(OpShape(rows: 200, keyCardinality: 5, nullRate: 0.1, maxBatchRows: 200), seed: 2)[0]
        let file = try directory.makeFile(schema: OpData.schema)
        try file.append(batch)
        // Flip a byte inside the compressed payload.
        let fd = open(file.path, O_RDWR)
        #expect(fd >= 0)
        var byte: UInt8 = 0
        _ = pread(fd, &byte, 1, 40)
        byte ^= 0x5A
        _ = pwrite(fd, &byte, 1, 40)
        close(fd)
        #expect(throws: SpillError.self) { _ = try file.makeReader().next() }
    }

    @Test("the folder and its files go away when the directory is released")
    func cleanupOnDeinit() throws {
        var path = ""
        do {
            let directory = try SpillDirectory()
            path = directory.path
            let file = try directory.makeFile(schema: OpData.schema)
            try file.append(OpData.batches(OpShape(rows: 10, keyCardinality: 2, nullRate: 0, maxBatchRows: 10), seed: 3)[0])
        }
        var info = stat()
        #expect(stat(path, &info) != 0)
    }
}
