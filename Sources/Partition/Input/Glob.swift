import Foundation

/// Shell-style path patterns: `*` and `?` within one path component, `**` for any
/// number of directories, `[abc]` character sets. Matching works on path components.
public struct Glob: Sendable, Equatable {
    public let pattern: String
    let components: [Substring]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.components = pattern.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Files under `root` whose path relative to `root` matches, sorted by that
    /// relative path in byte order (the input order of Rules §3).
    public func files(under root: String) throws -> [InputFile] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError.cannotOpen(path: root, reason: "not a directory")
        }
        var matches: [String] = []
        walk(root: root, relative: [], remaining: components[...], into: &matches)
        let unique = Array(Set(matches)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return try unique.map { relative in
            try InputFile.open(path: (root.hasSuffix("/") ? root : root + "/") + relative, relativePath: relative)
        }
    }

    private func walk(root: String, relative: [String], remaining: ArraySlice<Substring>, into matches: inout [String]) {
        let fm = FileManager.default
        let directory = root.hasSuffix("/") ? root + relative.joined(separator: "/") : ([root] + relative).joined(separator: "/")
        guard let first = remaining.first else { return }
        let entries = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        if first == "**" {
            // Zero directories…
            walk(root: root, relative: relative, remaining: remaining.dropFirst(), into: &matches)
            // …or one more, keeping `**` in play.
            for entry in entries where isDirectory(directory + "/" + entry) {
                walk(root: root, relative: relative + [entry], remaining: remaining, into: &matches)
            }
            return
        }
        for entry in entries where Glob.matches(component: first, name: entry) {
            let path = directory + "/" + entry
            if remaining.count == 1 {
                if !isDirectory(path), fm.fileExists(atPath: path) {
                    matches.append((relative + [entry]).joined(separator: "/"))
                }
            } else if isDirectory(path) {
                walk(root: root, relative: relative + [entry], remaining: remaining.dropFirst(), into: &matches)
            }
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// Whether one path component matches one pattern component.
    public static func matches(component pattern: Substring, name: String) -> Bool {
        let p = Array(pattern.utf8)
        let s = Array(name.utf8)
        // Iterative wildcard match with single-star backtracking.
        var pi = 0, si = 0, starP = -1, starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "[") , let (matched, next) = matchSet(p, pi, s[si]) {
                if matched { pi = next; si += 1; continue }
            } else if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si], p[pi] != UInt8(ascii: "*") {
                pi += 1; si += 1; continue
            }
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                starP = pi; starS = si; pi += 1; continue
            }
            if starP >= 0 {
                pi = starP + 1; starS += 1; si = starS; continue
            }
            return false
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// `[abc]` / `[a-z]` / `[!a]` at `start`: whether `c` is in it and where the set ends.
    private static func matchSet(_ p: [UInt8], _ start: Int, _ c: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
        var found = false
        var first = true
        while i < p.count, p[i] != UInt8(ascii: "]") || first {
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                if p[i] <= c, c <= p[i + 2] { found = true }
                i += 3
            } else {
                if p[i] == c { found = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (found != negate, i + 1)
    }
}
