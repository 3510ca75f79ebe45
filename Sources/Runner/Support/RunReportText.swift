import Pipeline
import Workers

/// The run summary as the CLI prints it: one row per source table, then the gold refresh.
enum RunReportText {
    static let reasons = ["malformed_row", "invalid_utf8", "duplicate", "missing_quantity", "invalid_quantity", "unparseable_date",
                          "unknown_product", "type_mismatch"]

    static func render(_ summary: RunSummary, lake: String) -> String {
        let notes = (summary.warnings ?? []).map { "warning: " + $0 }
            + ExtraColumns.summaryLines(summary.extraColumns ?? [])
        guard summary.committed else {
            return (notes + ["nothing new: \(summary.skippedFiles) source files already ingested; no table changed "
                + "(lake \(lake) stays at batch \(summary.batchId))"]).joined(separator: "\n")
        }
        var lines = ["batch \(summary.batchId) (\(summary.mode.rawValue)): \(summary.newFiles) new files, "
            + "\(summary.skippedFiles) already ingested"]
        let used = reasons.filter { reason in summary.flows.contains { ($0.quarantine[reason] ?? 0) > 0 } }
        let rows = summary.flows.map { flow -> [String] in
            [flow.table + (flow.rebuilt ? " (rebuilt)" : ""), String(flow.files), String(flow.rowsRead), String(flow.silverRows)]
                + used.map { String(flow.quarantine[$0] ?? 0) }
                + [flow.customerRepaired.map(String.init) ?? "", flow.isConserved ? "ok" : "FAILED"]
        }
        lines.append(TextTable.render(header: ["table", "files", "read", "silver"] + used + ["customer_repaired", "conserved"],
                                      rows: rows))
        let months = summary.touchedMonths
        lines.append("gold: \(months.count) fact months recomputed"
            + (months.isEmpty ? "" : " (\(months.first ?? "") … \(months.last ?? ""))")
            + (summary.enrichedFullRefresh ? "; fact_orders_enriched rebuilt in full" : ""))
        if let spilled = summary.spilledBytes, spilled > 0 { lines.append("spilled \(Format.bytes(spilled)) under the memory limit") }
        lines += notes
        lines.append("committed \(summary.tableVersions.count) tables in \(Format.decimal(summary.seconds, 2)) s; lake: \(lake)")
        return lines.joined(separator: "\n")
    }
}

extension RunReport {
    /// The stages as a table for people (`scan`, `aggregate`).
    func table() -> String {
        TextTable.render(
            header: ["stage", "tasks", "rows in", "rows out", "rejected", "bytes in", "bytes out", "spill", "seconds"],
            rows: stages.map { s in
                [s.name, "\(s.tasksDone)/\(s.tasksTotal)", "\(s.rowsIn)", "\(s.rowsOut)", "\(s.rowsRejected)",
                 Format.bytes(s.bytesIn), Format.bytes(s.bytesOut), Format.bytes(s.spillBytes), Format.decimal(s.seconds, 3)]
            })
    }
}

extension StagePlan {
    /// A plan whose stages show a live progress line on a terminal.
    static func withProgress(workers: Int) -> StagePlan {
        StagePlan(workers: workers) { metrics in
            let progress = ProgressReporter(metrics: metrics)
            return { progress.stop() }
        }
    }
}
