import ArgumentParser
import Foundation
import Lake

/// Finds Delta tables: a path to a table directory, or a name like `gold.fact_orders`
/// (or `gold/fact_orders`) inside `--lake`.
enum TableLocator {
    static func resolve(_ name: String, lake: String?) throws -> DeltaTable {
        if isTable(name) { return DeltaTable(path: name) }
        if let lake {
            let relative = name.replacingOccurrences(of: ".", with: "/")
            let path = lake + "/" + relative
            if isTable(path) { return DeltaTable(path: path) }
        }
        throw ValidationError("no Delta table at \(name)\(lake.map { " (nor in lake \($0))" } ?? "") — expected a folder with a _delta_log")
    }

    static func isTable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/_delta_log", isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Every table under `lake`, as paths relative to it, sorted. A lake that is not
    /// a folder is an error (listing nothing would look like an empty lake).
    static func tables(in lake: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: lake, isDirectory: &isDirectory) else {
            throw CommandError("lake folder \(lake) does not exist")
        }
        guard isDirectory.boolValue else { throw CommandError("lake \(lake) is a file; expected a lake folder") }
        guard let walker = FileManager.default.enumerator(atPath: lake) else {
            throw CommandError("cannot read lake folder \(lake)")
        }
        var found: [String] = []
        while let entry = walker.nextObject() as? String {
            if entry.hasSuffix("/_delta_log") || entry == "_delta_log" {
                found.append(entry == "_delta_log" ? "." : String(entry.dropLast("/_delta_log".count)))
                walker.skipDescendants()
            } else if entry.split(separator: "/").count > 4 {
                walker.skipDescendants()
            }
        }
        return found.sorted()
    }
}
