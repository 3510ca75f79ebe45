/// The nested Parquet shapes a Delta checkpoint needs, and nothing more: optional
/// groups of optional leaves, map<string,string> and list<string>. At most one
/// repeated level, so repetition levels are only ever 0 or 1.
indirect enum CheckpointNode: Sendable {
    enum Leaf: Sendable, Equatable {
        case string
        case int32
        case int64
        case bool
    }

    /// An optional primitive.
    case leaf(String, Leaf)
    /// An optional struct.
    case group(String, [CheckpointNode])
    /// An optional map<string,string>: key required, value optional.
    case stringMap(String)
    /// An optional list<string> with optional elements.
    case stringList(String)

    var name: String {
        switch self {
        case let .leaf(n, _), let .group(n, _), let .stringMap(n), let .stringList(n): n
        }
    }

    /// Leaf columns under this node (a map has two: key and value).
    var leafCount: Int {
        switch self {
        case .leaf, .stringList: 1
        case .stringMap: 2
        case let .group(_, children): children.reduce(0) { $0 + $1.leafCount }
        }
    }
}

/// One value of a `CheckpointNode`, as a row carries it.
indirect enum CheckpointValue: Sendable, Equatable {
    case null
    case string(String)
    case int32(Int32)
    case int64(Int64)
    case bool(Bool)
    /// Children in schema order.
    case group([CheckpointValue])
    /// Entries in the order written (sorted by key by `CheckpointRows`).
    case map([CheckpointMapEntry])
    case list([String?])

    var isNull: Bool { if case .null = self { true } else { false } }
}

struct CheckpointMapEntry: Sendable, Equatable {
    var key: String
    var value: String?
}

/// A leaf column's place in the tree: its dotted path and level limits.
struct CheckpointLeafColumn: Sendable, Equatable {
    var path: [String]
    var leaf: CheckpointNode.Leaf
    var maxDefinition: Int
    var maxRepetition: Int
}

extension CheckpointNode {
    /// Leaf columns in file order, each with its path and maximum levels.
    static func leafColumns(of roots: [CheckpointNode]) -> [CheckpointLeafColumn] {
        var out: [CheckpointLeafColumn] = []
        for root in roots { root.collect(prefix: [], definition: 0, into: &out) }
        return out
    }

    private func collect(prefix: [String], definition: Int, into out: inout [CheckpointLeafColumn]) {
        // Every node here is optional, so each adds one definition level.
        let path = prefix + [name]
        let d = definition + 1
        switch self {
        case let .leaf(_, leaf):
            out.append(CheckpointLeafColumn(path: path, leaf: leaf, maxDefinition: d, maxRepetition: 0))
        case let .group(_, children):
            for child in children { child.collect(prefix: path, definition: d, into: &out) }
        case .stringMap:
            // optional group (MAP) → repeated key_value (+1) → required key / optional value (+1)
            out.append(CheckpointLeafColumn(path: path + ["key_value", "key"], leaf: .string, maxDefinition: d + 1, maxRepetition: 1))
            out.append(CheckpointLeafColumn(path: path + ["key_value", "value"], leaf: .string, maxDefinition: d + 2, maxRepetition: 1))
        case .stringList:
            // optional group (LIST) → repeated list (+1) → optional element (+1)
            out.append(CheckpointLeafColumn(path: path + ["list", "element"], leaf: .string, maxDefinition: d + 2, maxRepetition: 1))
        }
    }
}
