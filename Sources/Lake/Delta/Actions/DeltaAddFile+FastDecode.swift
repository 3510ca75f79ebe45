extension DeltaAddFile {
    /// The `add` action of a commit line `{"add":{…}}`, read through `DeltaJSON`; nil
    /// for any other line and for an `add` whose fields are not exactly of the expected
    /// types — the caller then decodes the line with `Codable`, which gives the same
    /// result for every line this accepts and the precise error for the rest.
    static func fastDecoded(line: [UInt8]) -> DeltaAddFile? {
        // Cheap prefix test first: most lines that are not adds are rejected unparsed.
        let prefix: [UInt8] = Array(#"{"add":"#.utf8)
        guard line.count > prefix.count, line.starts(with: prefix) else { return nil }
        guard case let .object(members)? = try? DeltaJSON.parse(bytes: line), members.count == 1,
              case let .object(add)? = members["add"] else { return nil }
        guard case let .string(path)? = add["path"],
              case let .object(rawPartitions)? = add["partitionValues"],
              let size = exactInt64(add["size"]), let modificationTime = exactInt64(add["modificationTime"]),
              case let .bool(dataChange)? = add["dataChange"] else { return nil }
        var partitionValues = DeltaPartitionValues()
        for (key, value) in rawPartitions {
            switch value {
            case let .string(text): partitionValues[key] = .some(text)
            case .null: partitionValues[key] = .some(nil)
            default: return nil
            }
        }
        let stats: String?
        switch add["stats"] {
        case nil, .null?: stats = nil
        case let .string(text)?: stats = text
        default: return nil
        }
        var tags: [String: String]?
        switch add["tags"] {
        case nil, .null?: tags = nil
        case let .object(rawTags)?:
            var decoded: [String: String] = [:]
            for (key, value) in rawTags {
                guard case let .string(text) = value else { return nil }
                decoded[key] = text
            }
            tags = decoded
        default: return nil
        }
        return DeltaAddFile(path: path, partitionValues: partitionValues, size: size, modificationTime: modificationTime,
                            dataChange: dataChange, stats: stats, tags: tags)
    }

    /// A JSON integer written as plain digits (what `Codable` takes for `Int64` without
    /// doubt); anything else declines the fast path.
    private static func exactInt64(_ value: DeltaJSON?) -> Int64? {
        guard case let .number(text)? = value else { return nil }
        return Int64(text)
    }
}
