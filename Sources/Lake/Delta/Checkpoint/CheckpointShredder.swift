/// One leaf column's levels and non-null values (Dremel striping).
struct CheckpointColumnData: Sendable, Equatable {
    var definitions: [UInt8] = []
    var repetitions: [UInt8] = []
    /// Only the defined values, in order; scalars only.
    var values: [CheckpointValue] = []

    mutating func appendNull(definition: Int, repetition: UInt8) {
        definitions.append(UInt8(definition))
        repetitions.append(repetition)
    }

    mutating func append(_ value: CheckpointValue, definition: Int, repetition: UInt8) {
        definitions.append(UInt8(definition))
        repetitions.append(repetition)
        values.append(value)
    }
}

/// Stripes rows of nested values into leaf columns (definition/repetition levels).
enum CheckpointShredder {
    static func shred(rows: [[CheckpointValue]], schema: [CheckpointNode]) -> [CheckpointColumnData] {
        let leafTotal = schema.reduce(0) { $0 + $1.leafCount }
        var columns = [CheckpointColumnData](repeating: CheckpointColumnData(), count: leafTotal)
        for row in rows {
            var first = 0
            for (index, node) in schema.enumerated() {
                let value = index < row.count ? row[index] : .null
                shred(node, value, parentDefinition: 0, repetition: 0, first: first, into: &columns)
                first += node.leafCount
            }
        }
        return columns
    }

    private static func shred(
        _ node: CheckpointNode, _ value: CheckpointValue, parentDefinition: Int, repetition: UInt8,
        first: Int, into columns: inout [CheckpointColumnData]
    ) {
        let defined = parentDefinition + 1
        switch (node, value) {
        case (.leaf(_, .string), .string), (.leaf(_, .int32), .int32), (.leaf(_, .int64), .int64),
             (.leaf(_, .bool), .bool):
            columns[first].append(value, definition: defined, repetition: repetition)
        case let (.group(_, children), .group(childValues)):
            var index = first
            for (i, child) in children.enumerated() {
                let childValue = i < childValues.count ? childValues[i] : .null
                shred(child, childValue, parentDefinition: defined, repetition: repetition, first: index, into: &columns)
                index += child.leafCount
            }
        case let (.stringMap, .map(entries)):
            guard !entries.isEmpty else {
                columns[first].appendNull(definition: defined, repetition: repetition)
                columns[first + 1].appendNull(definition: defined, repetition: repetition)
                return
            }
            for (i, entry) in entries.enumerated() {
                let r: UInt8 = i == 0 ? repetition : 1
                columns[first].append(.string(entry.key), definition: defined + 1, repetition: r)
                if let v = entry.value {
                    columns[first + 1].append(.string(v), definition: defined + 2, repetition: r)
                } else {
                    columns[first + 1].appendNull(definition: defined + 1, repetition: r)
                }
            }
        case let (.stringList, .list(items)):
            guard !items.isEmpty else {
                columns[first].appendNull(definition: defined, repetition: repetition)
                return
            }
            for (i, item) in items.enumerated() {
                let r: UInt8 = i == 0 ? repetition : 1
                if let item {
                    columns[first].append(.string(item), definition: defined + 2, repetition: r)
                } else {
                    columns[first].appendNull(definition: defined + 1, repetition: r)
                }
            }
        default:
            // NULL, or a value whose shape does not match (never produced by
            // CheckpointRows): every leaf below records "absent at this level".
            for i in first..<(first + node.leafCount) {
                columns[i].appendNull(definition: parentDefinition, repetition: repetition)
            }
        }
    }
}
