import Foundation
import Lake

/// Small durable-file helpers for the lake's own bookkeeping (`_medallion/`).
enum LakeFiles {
    /// Creates `path` with `bytes` only if it does not exist yet (`DurableFile`'s
    /// put-if-absent: a crash never leaves a half-written file and two writers cannot
    /// both create it). Returns false when the file exists.
    static func createExclusive(_ bytes: [UInt8], at path: String) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        do throws(DurableFile.Failure) {
            return try DurableFile.createExclusive(bytes, directory: directory, name: (path as NSString).lastPathComponent,
                                                   tempName: ".tmp-" + UUID().uuidString.lowercased())
        } catch {
            throw PipelineError.io(path: error.path, reason: "cannot \(error.operation): \(errnoText(error.code))")
        }
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

    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
