"""The suite's figures as Markdown: context lines (date, machine, load, commit, command), one
table for the shapes and one for the scale curve (every engine, ratios medallion / engine from
the same run), medallion's stage times from its run reports, the memory-limited runs and the
incremental runs."""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import agreement
import datasets
import machine
from measure import Measurement


@dataclass
class CaseResult:
    shape: datasets.Shape
    source: str = ""
    description: str = ""
    engines: list[Measurement] = field(default_factory=list)
    agree: bool = False
    limited: Measurement | None = None
    incremental: list = field(default_factory=list)   # incremental.Step

    @property
    def medallion(self) -> Measurement | None:
        return next((r for r in self.engines if r.engine == "medallion" and r.ok), None)


@dataclass
class Context:
    command: str
    load_before: str
    load_after: str
    args: argparse.Namespace


def table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """A Markdown table; the first `left` columns left-aligned, the rest right-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×" if theirs > 0 else "n/a"


def engine_rows(case: CaseResult, first: str) -> list[list[str]]:
    ours = case.medallion
    rows = []
    for r in case.engines + ([case.limited] if case.limited else []):
        if not r.ok:
            rows.append([first, r.engine, "-", "-", "-", "-", agreement.identical(r) if r.check else "-", "-", "-",
                         f"{r.load_before:.1f}" if r.load_before else "-", "-", r.note])
            continue
        is_ours = r.engine.startswith("medallion")
        rows.append([first, r.engine, f"{r.wall:.1f}", f"{r.cpu:.1f}", f"{r.peak_rss_mb:,.0f}",
                     f"{r.gold_rows:,}" if r.gold_rows is not None else "-", agreement.identical(r),
                     "—" if is_ours or not ours else ratio(ours.wall, r.wall),
                     "—" if is_ours or not ours else ratio(ours.cpu, r.cpu),
                     f"{r.load_before:.1f}", f"{r.others_cpu:.0f}", r.note])
    return rows


ENGINE_HEADER = ["data (orders × customers × products)", "engine", "wall s", "CPU s", "peak RSS MB",
                 "gold rows", "gold identical", "medallion / engine wall", "medallion / engine CPU",
                 "load at start", "others' CPU s", "note"]


def race_table(cases: list[CaseResult]) -> list[str]:
    rows = [row for case in cases for row in engine_rows(case, case.shape.label)]
    return table(ENGINE_HEADER, rows, left=2)


def stage_table(runs: list[tuple[str, Measurement]]) -> list[str]:
    """One row per medallion run: its report's stages (seconds), then the process wall time."""
    names: list[str] = []
    for _, run in runs:
        for stage, _ in run.stages:
            if stage not in names:
                names.append(stage)
    rows = []
    for label, run in runs:
        seconds = dict(run.stages)
        rows.append([label] + [f"{seconds[n]:.2f}" if n in seconds else "-" for n in names]
                    + [f"{sum(seconds.values()):.2f}", f"{run.wall:.2f}"])
    return table(["data / run"] + names + ["sum of stages", "process wall"], rows)


def incremental_table(case: CaseResult) -> list[str]:
    backfill = case.incremental[0].measurement
    rows = []
    for step in case.incremental:
        r, report = step.measurement, step.report
        if not r.ok:
            rows.append([step.name, ", ".join(step.delivered) or "all", "-", "-", "-", "-", "-", r.note])
            continue
        share = f"{100 * r.wall / backfill.wall:.1f} %" if step is not case.incremental[0] else "100 %"
        rows.append([step.name, ", ".join(f"`{p}`" for p in step.delivered) or "all files",
                     f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{r.peak_rss_mb:,.0f}", share,
                     ", ".join(report.get("touchedMonths", [])[:3]) + (" …" if len(report.get("touchedMonths", [])) > 3 else ""),
                     "yes" if report.get("enrichedFullRefresh") else "no"])
    return table(["run", "new files", "wall s", "CPU s", "peak RSS MB", "wall % of backfill",
                  "fact months recomputed", "enriched rebuilt in full"], rows, left=2)


def render(results: dict, shape_cases: list[datasets.Shape], scale_cases: list[datasets.Shape],
           context: Context) -> str:
    args = context.args
    title = args.title or "Race at realistic shapes"
    lines = [f"## {title}", "",
             f"- date: {machine.now_utc()}; machine: {machine.describe()}",
             f"- load average (1 / 5 / 15 min): {context.load_before} before, {context.load_after} after. The "
             "machine is shared with other engineers' builds and tests: \"others' CPU s\" is the CPU the rest of "
             "the machine used during that engine's run (from /proc/stat), a measure of how noisy its wall time is",
             f"- commit: {machine.commit()} (scripts and medallion source); medallion binary `{args.medallion}`",
             f"- command: `{context.command}`",
             f"- data: `medallion generate --orders N --compression {args.compression} --seed {datasets.SEED} "
             f"[--customers C --products P]` under `{args.data_root}`; threads: medallion `--workers {args.workers}`, "
             f"DuckDB `threads={args.workers}`, Polars `POLARS_MAX_THREADS={args.workers}`, Spark `local[{args.workers}]`",
             "- wall: process start to exit; CPU: user+sys of the process tree; peak RSS: of the process tree; gold "
             "rows: gold fact_orders; gold identical: both gold fact tables' fingerprints equal medallion's "
             "(perf/race/gold_check.py); medallion / engine < 1 means medallion is faster"]
    for shape in dict.fromkeys(shape_cases + scale_cases):
        lines.append(f"- `{shape.folder_name}`: {shape.label}: {results[shape].description}")
    if shape_cases:
        lines += ["", f"### Shapes at {datasets.short_count(shape_cases[0].orders)} orders", ""]
        lines += race_table([results[s] for s in shape_cases])
    if scale_cases:
        lines += ["", f"### Scale curve at {scale_cases[0].label.split(' × ', 1)[1]} (customers × products)", ""]
        if set(scale_cases) & set(shape_cases):
            lines += ["(A case in both tables is the same run.)", ""]
        lines += race_table([results[s] for s in scale_cases])
    runs = [(r.shape.label, r.medallion) for r in results.values() if r.medallion]
    runs += [(f"{r.shape.label}, `--memory-limit {args.memory_limit}`", r.limited) for r in results.values()
             if r.limited and r.limited.ok]
    if runs:
        lines += ["", "### medallion stages (seconds, from `medallion run --report`)", ""] + stage_table(runs)
    for result in results.values():
        if result.incremental:
            lines += ["", f"### medallion incremental, {result.shape.label}", "",
                      "A linked copy of the data set is backfilled into a fresh lake; then `medallion generate "
                      "--append-days 1` delivers the next day's orders file and a run reads it; then a new child "
                      "customers file with 10 new customers arrives (a dimension change) and a run reads it.", ""]
            lines += incremental_table(result)
            steps = [(f"{step.name}", step.measurement) for step in result.incremental if step.measurement.ok]
            lines += [""] + stage_table(steps)
    failures = [r.shape.label for r in results.values() if not r.agree]
    lines += ["", "All engines agree on gold in every case." if not failures
              else "**Not all engines agree or finished**: " + "; ".join(failures)]
    return "\n".join(lines) + "\n"
