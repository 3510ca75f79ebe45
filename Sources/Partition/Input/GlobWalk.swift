import ObjectStorage

/// What a glob found under a root: the files, and the warnings about entries it
/// could not follow (broken symbolic links), each naming the path.
public struct GlobMatches: Sendable {
    public var files: [InputFile]
    public var warnings: [String]
    /// In an object store: what the listing said of each matched file (size, ETag, last
    /// modified), by path, so nothing asks the store again. Empty for local files.
    public var objects: [String: ObjectInfo] = [:]
}

/// One walk of a glob's components over a directory tree, on raw bytes.
struct GlobWalk {
    let root: [UInt8]
    let components: [[UInt8]]
    private(set) var matches: [String] = []
    private(set) var warnings: [String] = []
    /// Directories entered, by identity and pattern position: a link back up the tree
    /// (or a second link to a folder already walked) is not walked again.
    private var visited: Set<Visit> = []
    private var reported: Set<[UInt8]> = []

    private struct Visit: Hashable {
        var identity: FileIdentity
        var position: Int
    }

    private static let anyDirectories = Array("**".utf8)

    init(root: [UInt8], components: [[UInt8]]) {
        self.root = root
        self.components = components
    }

    mutating func walk(directory: [UInt8], identity: FileIdentity, relative: [[UInt8]], remaining position: Int) throws {
        guard position < components.count,
              visited.insert(Visit(identity: identity, position: position)).inserted else { return }
        // Real folders before links: a link beside the folder it points to never takes
        // over that folder's paths. (Otherwise the first path in byte order wins.)
        let listed = try DirectoryListing.entries(of: directory)
        let entries = listed.filter { !$0.isLink } + listed.filter(\.isLink)
        let component = components[position]
        if component == Self.anyDirectories {
            // Zero directories…
            try walk(directory: directory, identity: identity, relative: relative, remaining: position + 1)
            // …or one more, keeping `**` in play.
            for entry in entries {
                guard case let .directory(child) = entry.kind else { continue }
                try walk(directory: PathBytes.join(directory, entry.name), identity: child,
                         relative: relative + [entry.name], remaining: position)
            }
            return
        }
        let isLast = position == components.count - 1
        for entry in entries where Glob.matches(component: component, name: entry.name) {
            let path = PathBytes.join(directory, entry.name)
            switch entry.kind {
            case .file where isLast:
                try record(relative + [entry.name])
            case let .directory(child) where !isLast:
                try walk(directory: path, identity: child, relative: relative + [entry.name], remaining: position + 1)
            case let .brokenLink(target, reason):
                if reported.insert(path).inserted {
                    warnings.append("\(PathBytes.display(path)): broken symbolic link to \(PathBytes.display(target)) "
                        + "(\(reason)); skipped")
                }
            default:
                break
            }
        }
    }

    /// Keeps a matching file's relative path; one that is not UTF-8 text stops the walk.
    private mutating func record(_ relative: [[UInt8]]) throws {
        if let bad = relative.firstIndex(where: { !PathBytes.isValidUTF8($0) }) {
            let directory = relative[..<bad].reduce(root) { PathBytes.join($0, $1) }
            throw InputError.invalidFileName(directory: PathBytes.display(directory),
                                             name: PathBytes.display(relative[bad]))
        }
        matches.append(relative.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/"))
    }
}
