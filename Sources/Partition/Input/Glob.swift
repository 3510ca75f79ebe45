import ObjectStorage

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
    /// relative path in byte order (the pipeline's input order). Warnings (broken
    /// links) are dropped here; use `matches(under:)` to report them.
    public func files(under root: String) throws -> [InputFile] {
        try matches(under: root).files
    }

    /// Files under `root` whose relative path matches, and what the walk could not follow.
    ///
    /// Directories are listed on bytes and every directory (links followed) is entered
    /// at most once per pattern position, so a symbolic-link loop or two links to one
    /// folder never yield a file twice: the folder's own path wins over a link beside
    /// it, else the first path in byte order. A matching name that is not valid UTF-8 stops
    /// the walk (`InputError.invalidFileName`): it cannot be recorded as a relative path.
    public func matches(under root: String) throws -> GlobMatches {
        if ObjectStores.isRemote(root) { return try remoteMatches(under: root) }
        let rootBytes = Array(root.utf8)
        guard let identity = DirectoryListing.identity(of: rootBytes),
              case .directory = DirectoryListing.classify(rootBytes) else {
            throw InputError.cannotOpen(path: root, reason: "not a directory")
        }
        var walk = GlobWalk(root: rootBytes, components: components.map { Array($0.utf8) })
        try walk.walk(directory: rootBytes, identity: identity, relative: [], remaining: 0)
        let unique = Array(Set(walk.matches)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let files = try unique.map { relative in
            try InputFile.open(path: (root.hasSuffix("/") ? root : root + "/") + relative, relativePath: relative)
        }
        return GlobMatches(files: files, warnings: walk.warnings)
    }

    /// `matches(under:)` in an object store: one listing of every key under the root (a flat
    /// key space has no links and no loops), each key matched component by component.
    func remoteMatches(under root: String) throws -> GlobMatches {
        let objects: [ObjectInfo]
        do { objects = try StoragePaths.listFiles(root) } catch { throw InputError.cannotOpen(path: root, reason: error.description) }
        return matches(among: objects, under: root)
    }

    /// The objects of a listing of `root` (keys relative to it) that match, in byte order of
    /// their keys; no request. Several globs over one source share one listing this way.
    public func matches(among objects: [ObjectInfo], under root: String) -> GlobMatches {
        let pattern = components.map { Array($0.utf8) }
        let base = root.hasSuffix("/") ? root : root + "/"
        let matched = objects.filter { Self.matches(pattern[...], $0.key.split(separator: "/").map { Array($0.utf8) }[...]) }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let files = matched.map { InputFile.listed(path: base + $0.key, relativePath: $0.key, object: $0) }
        return GlobMatches(files: files, warnings: [],
                           objects: Dictionary(matched.map { (base + $0.key, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Whether the path components match the pattern components (`**`: any number of folders).
    static func matches(_ pattern: ArraySlice<[UInt8]>, _ path: ArraySlice<[UInt8]>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == Array("**".utf8) {
            if matches(pattern.dropFirst(), path) { return true }
            return path.count > 1 && matches(pattern, path.dropFirst())
        }
        guard let name = path.first, matches(component: first, name: name) else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }

    /// Whether one path component matches one pattern component.
    public static func matches(component pattern: Substring, name: String) -> Bool {
        matches(component: Array(pattern.utf8), name: Array(name.utf8))
    }

    /// Whether a raw file name matches one pattern component (both as bytes).
    static func matches(component p: [UInt8], name s: [UInt8]) -> Bool {
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
