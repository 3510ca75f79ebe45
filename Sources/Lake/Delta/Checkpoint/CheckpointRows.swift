/// The checkpoint's Parquet schema (protocol "Checkpoint Schema", v1 spec) and
/// the mapping between actions and its rows: each row holds exactly one action
/// in its column, every other top-level column is NULL.
enum CheckpointRows {
    static let schema: [CheckpointNode] = [
        .group("txn", [.leaf("appId", .string), .leaf("version", .int64), .leaf("lastUpdated", .int64)]),
        .group("add", [
            .leaf("path", .string), .stringMap("partitionValues"), .leaf("size", .int64),
            .leaf("modificationTime", .int64), .leaf("dataChange", .bool), .leaf("stats", .string),
            .stringMap("tags"),
        ]),
        // Tombstones keep what vacuum and conflict checks need; no stats or tags.
        .group("remove", [
            .leaf("path", .string), .leaf("deletionTimestamp", .int64), .leaf("dataChange", .bool),
            .leaf("extendedFileMetadata", .bool), .stringMap("partitionValues"), .leaf("size", .int64),
        ]),
        .group("metaData", [
            .leaf("id", .string), .leaf("name", .string), .leaf("description", .string),
            .group("format", [.leaf("provider", .string), .stringMap("options")]),
            .leaf("schemaString", .string), .stringList("partitionColumns"), .stringMap("configuration"),
            .leaf("createdTime", .int64),
        ]),
        .group("protocol", [
            .leaf("minReaderVersion", .int32), .leaf("minWriterVersion", .int32),
            .stringList("readerFeatures"), .stringList("writerFeatures"),
        ]),
    ]

    private enum Column: Int { case txn = 0, add, remove, metaData, `protocol` }

    // MARK: actions → rows

    static func rows(_ actions: [DeltaAction]) -> [[CheckpointValue]] {
        actions.compactMap { action -> [CheckpointValue]? in
            switch action {
            case let .add(a): row(.add, add(a))
            case let .remove(r): row(.remove, remove(r))
            case let .metaData(m): row(.metaData, metadata(m))
            case let .protocol(p): row(.protocol, protocolValue(p))
            case .commitInfo, .other: nil  // not part of table state
            }
        }
    }

    private static func row(_ column: Column, _ value: CheckpointValue) -> [CheckpointValue] {
        var row = [CheckpointValue](repeating: .null, count: schema.count)
        row[column.rawValue] = value
        return row
    }

    private static func string(_ s: String?) -> CheckpointValue { s.map(CheckpointValue.string) ?? .null }
    private static func int64(_ v: Int64?) -> CheckpointValue { v.map(CheckpointValue.int64) ?? .null }
    private static func bool(_ v: Bool?) -> CheckpointValue { v.map(CheckpointValue.bool) ?? .null }

    private static func map(_ m: [String: String?]?) -> CheckpointValue {
        guard let m else { return .null }
        return .map(m.keys.sorted().map { CheckpointMapEntry(key: $0, value: m[$0] ?? nil) })
    }

    private static func map(_ m: [String: String]?) -> CheckpointValue {
        map(m.map { $0.mapValues { Optional($0) } })
    }

    private static func list(_ l: [String]?) -> CheckpointValue { l.map { .list($0.map(Optional.some)) } ?? .null }

    private static func add(_ a: DeltaAddFile) -> CheckpointValue {
        .group([string(a.path), map(a.partitionValues), .int64(a.size), .int64(a.modificationTime),
                .bool(a.dataChange), string(a.stats), map(a.tags)])
    }

    private static func remove(_ r: DeltaRemoveFile) -> CheckpointValue {
        .group([string(r.path), int64(r.deletionTimestamp), .bool(r.dataChange), bool(r.extendedFileMetadata),
                map(r.partitionValues), int64(r.size)])
    }

    private static func metadata(_ m: DeltaMetadataAction) -> CheckpointValue {
        .group([string(m.id), string(m.name), string(m.description),
                .group([.string(m.format.provider), map(m.format.options)]),
                .string(m.schemaString), list(m.partitionColumns), map(m.configuration), int64(m.createdTime)])
    }

    private static func protocolValue(_ p: DeltaProtocolAction) -> CheckpointValue {
        .group([.int32(p.minReaderVersion), .int32(p.minWriterVersion), list(p.readerFeatures), list(p.writerFeatures)])
    }

    // MARK: rows → actions

    struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    static func actions(_ rows: [[CheckpointValue]]) throws(Failure) -> [DeltaAction] {
        var out: [DeltaAction] = []
        for (index, row) in rows.enumerated() {
            func field(_ column: Column) -> [CheckpointValue]? {
                guard column.rawValue < row.count, case let .group(fields) = row[column.rawValue] else { return nil }
                return fields
            }
            if let f = field(.add) {
                guard let path = str(f, 0), let size = i64(f, 2) else { throw Failure(reason: "row \(index): add without path or size") }
                out.append(.add(DeltaAddFile(
                    path: path, partitionValues: optionalMap(f, 1) ?? [:], size: size,
                    modificationTime: i64(f, 3) ?? 0, dataChange: flag(f, 4) ?? true, stats: str(f, 5),
                    tags: optionalMap(f, 6).map { $0.compactMapValues { $0 } }
                )))
            } else if let f = field(.remove) {
                guard let path = str(f, 0) else { throw Failure(reason: "row \(index): remove without path") }
                out.append(.remove(DeltaRemoveFile(
                    path: path, deletionTimestamp: i64(f, 1), dataChange: flag(f, 2) ?? true,
                    extendedFileMetadata: flag(f, 3), partitionValues: optionalMap(f, 4), size: i64(f, 5)
                )))
            } else if let f = field(.metaData) {
                guard let id = str(f, 0), let schemaString = str(f, 4) else {
                    throw Failure(reason: "row \(index): metaData without id or schemaString")
                }
                var format = DeltaMetadataAction.Format()
                if 3 < f.count, case let .group(ff) = f[3] {
                    format = .init(provider: str(ff, 0) ?? "parquet", options: optionalMap(ff, 1)?.compactMapValues { $0 } ?? [:])
                }
                out.append(.metaData(DeltaMetadataAction(
                    id: id, name: str(f, 1), description: str(f, 2), format: format, schemaString: schemaString,
                    partitionColumns: stringList(f, 5)?.compactMap { $0 } ?? [],
                    configuration: optionalMap(f, 6)?.compactMapValues { $0 } ?? [:], createdTime: i64(f, 7)
                )))
            } else if let f = field(.protocol) {
                guard 1 < f.count, case let .int32(reader) = f[0], case let .int32(writer) = f[1] else {
                    throw Failure(reason: "row \(index): protocol without versions")
                }
                out.append(.protocol(DeltaProtocolAction(
                    minReaderVersion: reader, minWriterVersion: writer,
                    readerFeatures: stringList(f, 2)?.compactMap { $0 }, writerFeatures: stringList(f, 3)?.compactMap { $0 }
                )))
            }
            // txn rows (and all-null rows) carry nothing this engine models.
        }
        return out
    }

    private static func str(_ f: [CheckpointValue], _ i: Int) -> String? {
        guard i < f.count, case let .string(s) = f[i] else { return nil }
        return s
    }

    private static func i64(_ f: [CheckpointValue], _ i: Int) -> Int64? {
        guard i < f.count, case let .int64(v) = f[i] else { return nil }
        return v
    }

    private static func flag(_ f: [CheckpointValue], _ i: Int) -> Bool? {
        guard i < f.count, case let .bool(v) = f[i] else { return nil }
        return v
    }

    private static func optionalMap(_ f: [CheckpointValue], _ i: Int) -> [String: String?]? {
        guard i < f.count, case let .map(entries) = f[i] else { return nil }
        var out: [String: String?] = [:]
        for entry in entries { out[entry.key] = .some(entry.value) }
        return out
    }

    private static func stringList(_ f: [CheckpointValue], _ i: Int) -> [String?]? {
        guard i < f.count, case let .list(items) = f[i] else { return nil }
        return items
    }
}
