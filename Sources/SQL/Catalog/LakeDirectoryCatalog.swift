import Foundation
import ObjectStorage

/// The tables of a lake folder: `<lake>/<layer>/<table>/_delta_log` for the layers
/// bronze, silver, gold and quarantine, named `layer.table`. `pinned` versions (by
/// `layer.table`) override the latest one, so a caller can read the lake as of a run.
public struct LakeDirectoryCatalog: SQLCatalog {
    public static let layers = ["bronze", "silver", "gold", "quarantine"]

    public let lake: String
    public let pinned: [String: Int64]
    /// Only the tables with a pinned version (a medallion lake read as of its last
    /// completed run: a table only a later, unfinished run made does not exist yet).
    public let pinnedOnly: Bool

    public init(lake: String, pinned: [String: Int64] = [:], pinnedOnly: Bool = false) {
        self.lake = lake
        self.pinned = pinned
        self.pinnedOnly = pinnedOnly
    }

    public func tables() throws -> [CatalogTable] {
        do {
            guard try StoragePaths.isDirectory(lake) else { throw SQLError("lake folder not found: \(lake)") }
            var found: [CatalogTable] = []
            for layer in Self.layers {
                let folder = lake + "/" + layer
                for name in try StoragePaths.list(folder) {
                    let path = folder + "/" + name
                    guard try StoragePaths.isDirectory(path + "/_delta_log") else { continue }
                    let qualified = layer + "." + name
                    if pinnedOnly, pinned[qualified] == nil { continue }
                    found.append(CatalogTable(name: qualified, path: path, version: pinned[qualified]))
                }
            }
            return found
        } catch let failure as ObjectStoreFailure {
            throw SQLError("cannot list the lake's tables: \(failure)")
        }
    }
}
