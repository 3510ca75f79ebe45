import SQL

/// `GET /api/tables`: `{"lakeVersion", "tables":[{"name","layer","table","version",
/// "rows","partitionColumns","columns":[{"name","type"}]}]}` — every table the catalog
/// has, at the version queries read. A table whose log cannot be read is listed with
/// `"error"` instead of its columns.
enum TablesJSON {
    static func encode(_ state: LakeState) throws -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.append(contentsOf: #"{"lakeVersion":"#.utf8)
        out.append(contentsOf: (state.version.map { String($0) } ?? "null").utf8)
        out.append(contentsOf: #","tables":["#.utf8)
        for (index, table) in try state.catalog.tables().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            JSONText.appendString(table.name, to: &out)
            out.append(contentsOf: #","layer":"#.utf8)
            JSONText.appendString(table.layer, to: &out)
            out.append(contentsOf: #","table":"#.utf8)
            JSONText.appendString(table.shortName, to: &out)
            do {
                let snapshot = try table.snapshot()
                out.append(contentsOf: #","version":\#(snapshot.version),"rows":\#(snapshot.numRecords),"partitionColumns":["#.utf8)
                for (i, column) in snapshot.partitionColumns.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendString(column, to: &out)
                }
                out.append(contentsOf: #"],"columns":["#.utf8)
                JSONText.appendFields(snapshot.schema.fields, to: &out)
                out.append(UInt8(ascii: "]"))
            } catch {
                out.append(contentsOf: #","error":"#.utf8)
                JSONText.appendString("cannot read the table's Delta log: \(error)", to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}
