import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns
import Partition

/// One output file: plain, multi-frame/single-frame zstd or multi-member/single-member
/// gzip. Written under a temporary name (without `.csv` in it, so a reader globbing
/// `*.csv*` never sees a half-written file) and renamed when finished.
final class FileSink {
    let path: String
    private let temporaryPath: String
    private var plain: OutputFile?
    private var zstd: ZstdFrameWriter?
    private var gzip: GzipMemberWriter?
    private(set) var uncompressedBytes = 0
    private var finished = false

    init(path: String, compression: SourceCompression, config: GeneratorConfig) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = directory + "/." + name.replacingOccurrences(of: ".csv", with: "_csv") + ".partial"
        do {
            switch compression {
            case .none:
                plain = try OutputFile(path: temporaryPath)
            case .zstd:
                zstd = try ZstdFrameWriter(
                    path: temporaryPath,
                    layout: config.singleStream ? .singleFrame : .frames(uncompressedBytes: config.frameBytes),
                    level: config.zstdLevel, cutAtNewlines: true)
            case .gzip:
                gzip = try GzipMemberWriter(
                    path: temporaryPath,
                    layout: config.singleStream ? .singleMember : .sizedMembers(uncompressedBytes: config.frameBytes),
                    level: config.gzipLevel, cutAtNewlines: true)
            }
        } catch {
            throw Self.named(error, path)
        }
    }

    deinit {
        if !finished { unlink(temporaryPath) }
    }

    func write(_ bytes: ContiguousArray<UInt8>) throws {
        uncompressedBytes += bytes.count
        do {
            try bytes.withUnsafeBytes { raw in
                if let plain { try plain.write(raw) }
                if let zstd { try zstd.write(raw) }
                if let gzip { try gzip.write(raw) }
            }
        } catch {
            throw Self.named(error, path)
        }
    }

    /// Closes the file and gives it its final name. Returns its size on disk and its
    /// number of frames/members (1 for plain files).
    func finish() throws -> (bytes: Int64, frames: Int) {
        var frames = 1
        do {
            if let plain { try plain.close() }
            if let zstd {
                try zstd.finish()
                frames = zstd.frameCount
            }
            if let gzip {
                try gzip.finish()
                frames = gzip.memberCount
            }
        } catch {
            throw Self.named(error, path)
        }
        guard rename(temporaryPath, path) == 0 else {
            throw GeneratorError.io(path: path, reason: "cannot rename from \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        finished = true
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw GeneratorError.io(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        return (Int64(info.st_size), frames)
    }

    /// Writers' errors name their (temporary) path; report the final one.
    private static func named(_ error: any Error, _ path: String) -> GeneratorError {
        if let error = error as? GeneratorError { return error }
        if let error = error as? CompressionWriterError {
            switch error {
            case let .cannotCreate(_, reason): return .io(path: path, reason: "cannot create: \(reason)")
            case let .writeFailed(_, reason): return .io(path: path, reason: "write failed: \(reason)")
            case let .compressorFailed(_, reason): return .io(path: path, reason: "compressor failed: \(reason)")
            case let .tooLarge(_, reason): return .io(path: path, reason: reason)
            case .alreadyFinished: return .io(path: path, reason: "writer already finished")
            }
        }
        return .io(path: path, reason: "\(error)")
    }
}

/// Creates `path` and its parents; errors name the path.
func makeDirectory(_ path: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw GeneratorError.io(path: path, reason: "cannot create folder: \(error.localizedDescription)")
    }
}
