import Foundation
import Columns
import Partition
import Workers

/// Turns command-line inputs into files: an existing path is taken as is; anything
/// else is a glob, relative to the current directory unless absolute. What a glob
/// could not follow (broken links) is written to stderr as a warning.
enum InputResolver {
    static func files(for inputs: [String]) throws -> [InputFile] {
        var files: [InputFile] = []
        var seen = Set<String>()
        for input in inputs {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), !isDirectory.boolValue {
                if seen.insert(input).inserted { files.append(try InputFile.open(path: input)) }
                continue
            }
            let absolute = input.hasPrefix("/")
            let root = absolute ? "/" : FileManager.default.currentDirectoryPath
            let pattern = absolute ? String(input.dropFirst()) : input
            let found = try Glob(pattern).matches(under: root)
            for warning in found.warnings { writeStandardError("warning: \(warning)\n") }
            let matched = found.files
            guard !matched.isEmpty else { throw InputError.noMatch(pattern: input) }
            for var file in matched where seen.insert(file.path).inserted {
                file.relativePath = absolute ? "/" + file.relativePath : file.relativePath
                files.append(file)
            }
        }
        return files
    }
}
