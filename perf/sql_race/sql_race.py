"""The SQL benchmark (issue #12): dashboard queries on gold and heavy ones on silver.orders,
medallion (`medallion sql … --workers T`, the whole process timed) against DuckDB and Polars
reading the same Parquet files (those of each table's Delta snapshot), in one run.

Every engine runs every query `--warmup` times untimed, then `--runs` times; the best wall
time counts. Results must agree across engines (row counts, values in order; decimals and
integers exactly, doubles to 1e-9 relative) or the run fails (exit 1).

    perf/sql_race/sql_race.sh --lake /work/perfdata/sqllake-2000x300 --markdown /tmp/sql.md
"""
from __future__ import annotations

import argparse
import csv
import datetime
import decimal
import glob
import io
import math
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "race"))
import machine  # noqa: E402

TABLES = ["gold.fact_orders_enriched", "silver.orders", "silver.products"]
PARTITIONS = {"gold.fact_orders_enriched": "date", "silver.orders": "order_month"}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lake", required=True, help="the lake folder (made by `medallion run`)")
    parser.add_argument("--medallion", default=os.path.join(machine.REPO, ".build-bench/release/medallion"))
    parser.add_argument("--engines", default="medallion,duckdb,polars")
    parser.add_argument("--queries", default="", help="comma-separated name prefixes (default: all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--markdown", help="also write the table here")
    parser.add_argument("--note", default="", help="a line for the markdown (e.g. what changed)")
    return parser.parse_args()


# --- the queries ---------------------------------------------------------------------------

def load_queries(prefixes: list[str]) -> dict[str, dict[str, str]]:
    """name -> {"sql": medallion's text, "duckdb": DuckDB's (queries/duckdb/NAME.sql or the same)}."""
    queries = {}
    for path in sorted(glob.glob(os.path.join(HERE, "queries", "*.sql"))):
        name = os.path.basename(path)[:-4]
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        text = open(path).read()
        special = os.path.join(HERE, "queries", "duckdb", name + ".sql")
        queries[name] = {"sql": text, "duckdb": open(special).read() if os.path.exists(special) else text}
    return queries


# --- the tables' files ---------------------------------------------------------------------

def snapshot_files(lake: str) -> dict[str, list[str]]:
    """Each table's Parquet files at the Delta snapshot medallion reads (its latest version)."""
    from deltalake import DeltaTable
    files = {}
    for table in TABLES:
        layer, name = table.split(".")
        files[table] = [uri.removeprefix("file://") for uri in DeltaTable(os.path.join(lake, layer, name)).file_uris()]
    return files


def table_rows(files: dict[str, list[str]]) -> dict[str, int]:
    import pyarrow.parquet as pq
    return {table: sum(pq.ParquetFile(path).metadata.num_rows for path in paths) for table, paths in files.items()}


# --- the engines ---------------------------------------------------------------------------

class Medallion:
    name = "medallion"

    def __init__(self, args, files):
        self.binary, self.lake, self.threads = args.medallion, args.lake, args.threads
        self.internal: dict[str, float] = {}
        if not os.access(self.binary, os.X_OK):
            sys.exit(f"sql_race: no medallion binary at {self.binary} (build it, or sql_race.sh --build)")

    def run(self, name, query, path):
        started = time.perf_counter()
        done = subprocess.run([self.binary, "sql", "--lake", self.lake, "-f", path, "--format", "csv",
                               "--workers", str(self.threads), "--timing"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"medallion failed on {name}: {done.stderr.strip()}")
        match = re.search(r"rows, ([0-9.]+) s\)", done.stderr)
        if match:
            self.internal[name] = min(self.internal.get(name, math.inf), float(match.group(1)))
        rows = list(csv.reader(io.StringIO(done.stdout)))
        return seconds, rows[1:]


class DuckDB:
    name = "duckdb"

    def __init__(self, args, files):
        import duckdb
        self.con = duckdb.connect()
        self.con.execute(f"SET threads = {args.threads}")
        for table, paths in files.items():
            layer, name = table.split(".")
            self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
            hive = "true" if table in PARTITIONS else "false"
            self.con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({paths!r}, hive_partitioning = {hive})")

    def run(self, name, query, path):
        started = time.perf_counter()
        rows = self.con.execute(query["duckdb"]).fetchall()
        return time.perf_counter() - started, rows


class Polars:
    name = "polars"

    def __init__(self, args, files):
        import polars as pl
        import polars_queries
        self.pl, self.functions = pl, polars_queries.QUERIES
        self.tables = {}
        for table, paths in files.items():
            partition = PARTITIONS.get(table)
            self.tables[table] = pl.scan_parquet(
                paths, hive_partitioning=partition is not None,
                hive_schema={partition: pl.Date} if partition else None)

    def run(self, name, query, path):
        function = self.functions.get(name)
        if function is None:
            raise RuntimeError(f"polars: no spelling of {name} in polars_queries.py")
        started = time.perf_counter()
        frame = function(self.tables).collect()
        seconds = time.perf_counter() - started
        return seconds, frame.rows()


# --- checking results ----------------------------------------------------------------------

def canonical(value):
    """A value in a form the engines agree on: None, Decimal for exact numbers, float, or text."""
    if value is None or value == "":
        return None  # medallion's CSV writes NULL as an empty field; no query here yields ''
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, decimal.Decimal)):
        return decimal.Decimal(value)
    if isinstance(value, float):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return decimal.Decimal(text)
    if re.fullmatch(r"-?(\d+\.?\d*([eE][-+]?\d+)?|inf|nan)", text, re.IGNORECASE):
        return float(text)
    return text


def same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return a == b


def difference(reference: list, rows: list) -> str | None:
    """None when `rows` equals `reference` (in order), else a short description."""
    if len(rows) != len(reference):
        return f"{len(rows)} rows, expected {len(reference)}"
    for index, (want, got) in enumerate(zip(reference, rows)):
        want, got = [canonical(v) for v in want], [canonical(v) for v in got]
        if len(want) != len(got) or not all(same(a, b) for a, b in zip(want, got)):
            return f"row {index}: {got} expected {want}"
    return None


# --- the run -------------------------------------------------------------------------------

def main() -> int:
    args = arguments()
    if "polars" in args.engines:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)  # read when polars is imported
    sys.path.insert(0, HERE)
    queries = load_queries([p for p in args.queries.split(",") if p])
    files = snapshot_files(args.lake)
    rows = table_rows(files)
    classes = {"medallion": Medallion, "duckdb": DuckDB, "polars": Polars}
    engines = [classes[name](args, files) for name in args.engines.split(",")]
    load_before = machine.load()
    print(f"sql_race: {len(queries)} queries, engines {args.engines}, {args.threads} threads, "
          f"warm-up {args.warmup}, best of {args.runs}; load {load_before}", file=sys.stderr)

    best: dict[str, dict[str, float]] = {}
    failures = []
    for name, query in queries.items():
        path = os.path.join(HERE, "queries", name + ".sql")
        results = {}
        for engine in engines:
            times = []
            try:
                for attempt in range(args.warmup + args.runs):
                    seconds, result = engine.run(name, query, path)
                    if attempt >= args.warmup:
                        times.append(seconds)
            except Exception as error:  # one engine failing a query fails the run, not the others
                failures.append(f"{name}: {engine.name}: {error}")
                continue
            best.setdefault(name, {})[engine.name] = min(times)
            results[engine.name] = result
            print(f"  {name:34} {engine.name:9} " + " ".join(f"{t:.3f}" for t in times) + f"  ({len(result)} rows)",
                  file=sys.stderr)
        reference_engine = "duckdb" if "duckdb" in results else next(iter(results), None)
        for engine_name, result in results.items():
            if engine_name != reference_engine:
                problem = difference(results[reference_engine], result)
                if problem:
                    failures.append(f"{name}: {engine_name} differs from {reference_engine}: {problem}")

    text = report(args, queries, best, rows, load_before, engines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(text)
    for failure in failures:
        print("FAILED: " + failure, file=sys.stderr)
    return 1 if failures else 0


def report(args, queries, best, rows, load_before, engines) -> str:
    names = [engine.name for engine in engines]
    medallion = next((e for e in engines if e.name == "medallion"), None)
    lines = [f"{machine.now_utc()}, commit {machine.commit()}, {machine.describe()}; load before {load_before}, "
             f"after {machine.load()}; {args.threads} threads each, warm-up {args.warmup}, best of {args.runs}.",
             "",
             "Data: " + ", ".join(f"{table} {count:,} rows" for table, count in rows.items()) + ".",
             ""]
    if args.note:
        lines += [args.note, ""]
    header = ["query"] + [f"{n} s" for n in names]
    if medallion:
        header.append("medallion engine s")
    ratios = [p for p in ("duckdb", "polars") if p in names and "medallion" in names]
    header += [f"medallion / {p}" for p in ratios]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    totals = {n: 0.0 for n in names}
    complete = [q for q in queries if all(n in best.get(q, {}) for n in names)]
    for query in queries:
        cells = [query]
        for n in names:
            seconds = best.get(query, {}).get(n)
            cells.append("failed" if seconds is None else f"{seconds:.3f}")
            if query in complete:
                totals[n] += seconds
        if medallion:
            cells.append(f"{medallion.internal[query]:.3f}" if query in medallion.internal else "")
        for p in ratios:
            m, o = best.get(query, {}).get("medallion"), best.get(query, {}).get(p)
            cells.append(f"{m / o:.2f}" if m and o else "")
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**total**"] + [f"**{totals[n]:.3f}**" for n in names]
    if medallion:
        cells.append(f"{sum(medallion.internal.get(q, 0) for q in complete):.3f}")
    cells += [f"**{totals['medallion'] / totals[p]:.2f}**" if totals[p] else "" for p in ratios]
    lines.append("| " + " | ".join(cells) + " |")
    if "duckdb" in ratios:
        worst = max((best[q]["medallion"] / best[q]["duckdb"], q) for q in complete) if complete else (0, "")
        total_ok = totals["duckdb"] and totals["medallion"] <= totals["duckdb"]
        lines += ["", f"Goal (medallion total ≤ 1.0× DuckDB, each query ≤ 1.5×): total "
                  f"{totals['medallion'] / totals['duckdb']:.2f}× {'met' if total_ok else 'missed'}; worst query "
                  f"{worst[1]} {worst[0]:.2f}× {'met' if worst[0] <= 1.5 else 'missed'}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
