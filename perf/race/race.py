"""The race: the whole SportsBar pipeline (one backfill batch over a source folder) in medallion,
DuckDB, Polars and PySpark, on the same files, each as a child process.

    perf/race/race.sh [--source DIR | --orders N [--customers C --products P] [--compression zstd|gzip|none]]
                      [--engines medallion,duckdb,polars,spark] [--workers 2] [--data-root DIR]
                      [--medallion .build/release/medallion] [--memory-limit 512MB] [--markdown FILE] [--out DIR]

Data: `--source DIR` races on an existing folder (Rules §1.1 layout); otherwise
`medallion generate --orders N --compression C --seed 1 [--customers C --products P]` makes one
under --data-root (kept and reused; `.complete` marks a finished generation; perf/race/datasets.py).
For several shapes and sizes in one command see perf/race/suite.py.

Per engine (perf/race/measure.py): wall time, CPU time (user+sys of the whole child process
tree) and peak RSS (the largest sum of the tree's resident sets seen by a 50 ms /proc sampler,
or the largest single process's max RSS from getrusage, whichever is larger; the sampler sees
the JVM of PySpark, which getrusage would miss if it is never reaped by its parent).
Check (perf/race/agreement.py): every engine's gold fact_orders and fact_orders_enriched must
have the same row count, sum(sold_quantity), sum(total_amount_inr), distinct (date,
product_code, customer_code) keys and sorted-row hash (perf/race/gold_check.py); the reference
is medallion when it ran, else the first engine. Exit status: 0 all agree, 1 a mismatch or an
engine failed.
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import agreement  # noqa: E402
import datasets  # noqa: E402
import machine  # noqa: E402
from engines import ENGINES, run_engine  # noqa: E402
from measure import Measurement  # noqa: E402

REPO = machine.REPO
HEADER = ["engine", "wall s", "CPU s", "peak RSS MB", "wall / medallion", "check"]


def table_rows(results: list[Measurement]) -> list[list[str]]:
    ours = next((r for r in results if r.engine == "medallion" and r.ok), None)
    rows = []
    for r in results:
        if not r.ok and r.note.startswith("skipped"):
            rows.append([r.engine, "-", "-", "-", "-", r.note])
            continue
        ratio = f"{r.wall / ours.wall:.2f}" if ours and r.ok else "n/a"
        rows.append([r.engine, f"{r.wall:.1f}", f"{r.cpu:.1f}", f"{r.peak_rss_mb:,.0f}", ratio,
                     r.check + (f" ({r.note})" if r.note else "")])
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(HEADER[i]), *(len(r[i]) for r in rows)) for i in range(len(HEADER))]
    line = lambda cells: "  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(HEADER))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def markdown(rows: list[list[str]], results: list[Measurement], source: str, data: str, args: argparse.Namespace) -> str:
    reference = next((r for r in results if r.ok and r.check == "reference"), None)
    lines = [
        f"- date: {machine.now_utc()}; machine: {machine.describe()}, load average {machine.load()} after the race; "
        f"commit {machine.commit()}",
        f"- command: `perf/race/race.sh {' '.join(sys.argv[1:])}`",
        f"- data: {data}: `{os.path.relpath(source, REPO) if source.startswith(REPO) else source}` "
        f"({datasets.describe_source(source)})",
        f"- threads: medallion `--workers {args.workers}`, DuckDB `threads={args.workers}`, "
        f"Polars `POLARS_MAX_THREADS={args.workers}`, Spark `local[{args.workers}]`",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" if i in (0, 5) else "---:" for i in range(len(HEADER))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if reference:
        fp = reference.prints
        lines += ["", f"Gold checked against {reference.engine}: fact_orders {fp['fact_orders'].rows:,} rows, "
                      f"sum(sold_quantity) {fp['fact_orders'].sum_sold_quantity:,}; fact_orders_enriched "
                      f"sum(total_amount_inr) {fp['fact_orders_enriched'].sum_total_amount_inr}."]
    return "\n".join(lines) + "\n"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--source", help="race on this existing source folder")
    data.add_argument("--orders", default="10M", help="generate this many orders (default 10M; 200k, 1.5M, … accepted)")
    parser.add_argument("--customers", type=int, help="generated child customers (default: the generator's)")
    parser.add_argument("--products", type=int, help="generated child products (default: the generator's)")
    parser.add_argument("--compression", choices=["zstd", "gzip", "none"], default="zstd",
                        help="generated files' compression (default zstd, multi-frame)")
    parser.add_argument("--data-root", default=datasets.DEFAULT_DATA_ROOT,
                        help="where generated data sets live (default $RACE_DATA or /work/perfdata)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--medallion", default=os.path.join(REPO, ".build", "release", "medallion"),
                        help="medallion binary (default .build/release/medallion)")
    parser.add_argument("--memory-limit", help="medallion's --memory-limit (e.g. 512MB: it spills; peers unchanged)")
    parser.add_argument("--out", default=os.path.join(HERE, "out", "race"), help="outputs and logs")
    parser.add_argument("--markdown", help="also write the result table as Markdown to this file")
    args = parser.parse_args()
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in args.engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(unknown)}")
    if (args.customers is None) != (args.products is None):
        parser.error("--customers and --products go together")
    args.medallion = os.path.abspath(args.medallion)
    return args


def main() -> int:
    args = arguments()
    if args.source:
        if not os.path.isdir(args.source):
            raise SystemExit(f"race: {args.source} is not a folder")
        source, data = os.path.abspath(args.source), "existing folder"
    else:
        shape = datasets.Shape(datasets.parse_count(args.orders), args.customers, args.products, args.compression)
        source, data = datasets.generated_source(shape, os.path.abspath(args.data_root), args.medallion), shape.label
    os.makedirs(args.out, exist_ok=True)
    print(f"race: source {source} ({datasets.describe_source(source)})", file=sys.stderr)
    results = [run_engine(e, source, args.out, args.workers, args.medallion, args.memory_limit) for e in args.engines]
    agree = agreement.check(results)
    rows = table_rows(results)
    print()
    print_table(rows)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(markdown(rows, results, source, data, args))
        print(f"\nrace: table written to {args.markdown}", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
