import SQL

/// The dot commands' work: settings changed in place, `.tables` and `.schema` answered by
/// the engine's SHOW TABLES and DESCRIBE and printed as plain lines in every mode.
extension ShellSession {
    mutating func perform(_ command: DotCommand) async throws -> Step {
        switch command {
        case .quit:
            return .quit
        case .help:
            output.standard(DotCommand.helpText)
        case let .timer(on):
            settings.timer = on
        case let .mode(mode?):
            settings.mode = mode
        case .mode(nil):
            output.standard(settings.mode.rawValue + "\n")
        case let .tables(containing):
            try await listTables(containing: containing)
        case let .schema(table):
            try await describe(table)
        }
        return .proceed
    }

    private func listTables(containing text: String?) async throws {
        let result = try await engine.run("SHOW TABLES")
        let names = result.rows().map(Self.firstTwo).map { layer, name in layer + "." + name }
        // In SHOW TABLES' order: by layer (bronze, silver, gold, quarantine), then name.
        let shown = names.filter { text == nil || $0.localizedCaseInsensitiveContains(text ?? "") }
        output.standard(shown.map { $0 + "\n" }.joined())
    }

    /// The columns and types, aligned, then the partition columns (DESCRIBE's rows after
    /// its `# Partition Information` line).
    private func describe(_ table: String) async throws {
        let rows = try await engine.run("DESCRIBE \(table)").rows().map(Self.firstTwo)
        let columns = rows.prefix { !$0.0.hasPrefix("#") }
        let partitions = rows.drop { !$0.0.hasPrefix("# col_name") }.dropFirst().map(\.0)
        let width = columns.map(\.0.count).max() ?? 0
        var text = columns.map { name, type in
            "  " + name + String(repeating: " ", count: width - name.count) + "  " + type + "\n"
        }.joined()
        if !partitions.isEmpty { text += "  partitioned by " + partitions.joined(separator: ", ") + "\n" }
        output.standard(table + "\n" + text)
    }

    /// A row's first two values, NULL as empty.
    private static func firstTwo(_ row: [String?]) -> (String, String) {
        ((row.first ?? nil) ?? "", (row.dropFirst().first ?? nil) ?? "")
    }
}
