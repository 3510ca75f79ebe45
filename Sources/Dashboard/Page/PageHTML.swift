import Foundation

/// The page's HTML: the skeleton every widget fills (tiles with `data-kpi`, chart boxes
/// with `data-chart`, the `data-filter` selects), with the style, Chart.js, the data and
/// the page's own script inline.
enum PageHTML {
    static func render(title: String, definition: DashboardDefinition, version: LakeVersion, chartJS: String, data: String,
                       askBox: Bool = false) -> String {
        let widgets = Dictionary(definition.widgets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var body = ""
        for row in definition.layout {
            body += "<section class=\"row\">"
            for name in row {
                guard let widget = widgets[name] else { continue }
                body += box(widget)
            }
            body += "</section>\n"
        }
        let filters = definition.filters.map { filter in
            "<label>\(escape(filter.label))<select data-filter=\"\(escape(filter.field))\"><option value=\"\">All</option></select></label>"
        }.joined()
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(String(decoding: PackageResources.dashboard_css, as: UTF8.self))</style>
        </head><body>
        <header><h1>\(escape(title))</h1><p class="version" data-lake-version="\(version.version.map(String.init) ?? "")" \
        data-run="\(version.run.map(String.init) ?? "")">\(escape(version.description))</p></header>
        \(askBox ? askSection : "")<nav class="filters">\(filters)<button type="button" class="clear" data-clear-filters>Clear filters</button></nav>
        <p class="status" data-status>Loading…</p>
        <main>
        \(body)</main>
        <script>\(scriptSafe(chartJS))</script>
        <script type="application/octet-stream" id="medallion-data">\(data)</script>
        <script>\(scriptSafe(String(decoding: PackageResources.dashboard_js, as: UTF8.self)))</script>
        \(askBox ? "<script>" + scriptSafe(String(decoding: PackageResources.ask_js, as: UTF8.self)) + "</script>" : "")
        </body></html>

        """
    }

    /// The ask box a served page has (its script posts to the server's `api/ask`).
    private static let askSection = """
        <section class="ask"><form data-ask><input type="text" name="question" aria-label="Question" \
        placeholder="Ask a question about the data, e.g. revenue by channel in 2025" autocomplete="off">\
        <button type="submit">Ask</button></form><div data-ask-answer></div></section>

        """

    private static func box(_ widget: DashboardDefinition.Widget) -> String {
        let head = "<h2>\(escape(widget.title))</h2>"
        let csv = "<button type=\"button\" class=\"csv\" data-csv=\"\(escape(widget.name))\" title=\"Download this widget's data as CSV\">CSV</button>"
        switch widget.type {
        case .counter:
            return "<article class=\"widget counter\" data-widget=\"\(escape(widget.name))\">\(head)"
                + "<div class=\"kpi\" data-kpi=\"\(escape(widget.kpi ?? widget.name))\" data-value=\"\"><span class=\"value\"></span>"
                + "<span class=\"change\"></span></div>\(csv)</article>"
        case .table, .pivot:
            return "<article class=\"widget grid\" data-widget=\"\(escape(widget.name))\">\(head)\(csv)"
                + "<div class=\"note\"></div><div class=\"table\" data-table=\"\(escape(widget.name))\"></div></article>"
        case .line, .area, .bar, .pie, .donut:
            return "<article class=\"widget chart-box\" data-widget=\"\(escape(widget.name))\">\(head)\(csv)"
                + "<div class=\"note\"></div><div class=\"chart\" data-chart=\"\(escape(widget.name))\"><canvas></canvas></div></article>"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A script's text never contains `</script` (it would end the element early).
    private static func scriptSafe(_ script: String) -> String {
        script.replacingOccurrences(of: "</script", with: "<\\/script")
    }
}
