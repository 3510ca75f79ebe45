import Foundation
import SQL

/// The dashboard as one self-contained HTML file: the page's script and style, Chart.js
/// and the data (gzipped, base64) inline; nothing is fetched when it opens.
public enum DashboardPage {
    /// A page and the lake version its data was read at.
    public struct Output: Sendable {
        public var html: String
        public var version: LakeVersion
        /// Bytes of the data blob before and after gzip.
        public var dataBytes: Int
        public var compressedBytes: Int
    }

    /// The HTML of `definition` over `lake`, its datasets aggregated by `engine` (pin
    /// it with `DashboardEngine.make(lake:)` so the page shows one completed run).
    /// `askBox` adds a box that asks questions of the server the page came from
    /// (`POST api/ask`): only for a page `medallion serve` serves, never for the file.
    public static func render(engine: SQLEngine, lake: String, definition: DashboardDefinition,
                              askBox: Bool = false) async throws -> String {
        try await build(engine: engine, lake: lake, definition: definition, askBox: askBox).html
    }

    public static func build(engine: SQLEngine, lake: String, definition: DashboardDefinition,
                             now: Date = Date(), askBox: Bool = false) async throws -> Output {
        let chartJS = try ChartLibrary.load()
        let version = try LakeVersion.of(catalog: engine.catalog, lake: lake, table: definition.versionTable)
        let data = try await DatasetBuilder.build(definition, engine: engine)
        try FieldCheck.check(definition, data: data)
        let meta = PageMeta(lake: lake, version: version, generatedAt: ISO8601DateFormatter().string(from: now))
        let blob = PagePayload.encode(definition, data: data, meta: meta)
        let compressed = try Gzip.compress(blob)
        let html = PageHTML.render(title: definition.title, definition: definition, version: version,
                                   chartJS: chartJS, data: Data(compressed).base64EncodedString(), askBox: askBox)
        return Output(html: html, version: version, dataBytes: blob.count, compressedBytes: compressed.count)
    }
}
