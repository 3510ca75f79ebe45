import Foundation

/// Small durable-file helpers for the lake's own bookkeeping (`_medallion/`).
enum LakeFiles {
    /// Creates `path` with `bytes` only if it does not exist yet: the content is made
    /// durable in a temp file first and link(2) gives it its name, so a crash never
    /// leaves a half-written file and two writers cannot both create it.
    /// Returns false when the file exists.
    static func createExclusive(_ bytes: [UInt8], at path: String) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temp = directory + "/.tmp-" + UUID().uuidString.lowercased()
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PipelineError.io(path: temp, reason: "cannot create: \(errnoText())") }
        defer { unlink(temp) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else { throw PipelineError.io(path: temp, reason: "cannot write: \(errnoText())") }
        if link(temp, path) != 0 {
            if errno == EEXIST { return false }
            throw PipelineError.io(path: path, reason: "cannot link: \(errnoText())")
        }
        syncDirectory(directory)
        return true
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.io(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError.io(path: path, reason: "cannot read")
        }
        return data
    }

    static func list(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
