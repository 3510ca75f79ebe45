/// Renders rows as an aligned plain-text table (numbers right-aligned).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
                let numeric = !cell.isEmpty && cell.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
                return numeric ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        let head = line(header)
        return ([head, String(repeating: "-", count: head.count)] + rows.map(line)).joined(separator: "\n")
    }
}
