"""Validates the race peers on the real data: every Rules §6 number, per peer.

    perf/race/.venv/bin/python perf/race/check_real_data.py [--source DIR] [--engines duckdb,polars,spark]

Three runs of each peer, each a single batch:
1. backfill: the files under `full_load/` (`--include /full_load/`): every §6 backfill number;
2. everything (full + incremental in one batch): gold fact_orders 101,212 rows, 102 of them
   with customer 999999, and the incremental figures of §6 added to the backfill ones
   (Rules §5.3: one batch and two runs give the same gold);
3. the backfill plus `orders_2025_12_01.csv` (the §6 single-file check: that file is the
   last in input order, so it meets the backfill's silver as an incremental batch would):
   +350 read, +261 silver, +217 monthly rows.
Then the peers' gold fact_orders and fact_orders_enriched must be identical (fingerprints).
Prints pass/fail per number and peer; exits 1 if anything fails.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gold_check  # noqa: E402

REAL = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "Fixtures", "atliqon-sportsbar"))  # in the repo

BACKFILL = {
    "orders_read": 51_810, "orders_missing_quantity": 2_607, "orders_duplicate": 3_616,
    "orders_unknown_product": 4_776, "orders_silver": 40_811, "orders_silver_999999": 4_119,
    "child_monthly_rows": 3_060, "child_monthly_months": "2025-07..2025-11", "child_monthly_sum": 9_383_928,
    "silver_customers": 35, "silver_products": 18, "child_yearly_prices": 17,
    "gold_dim_customers": 53, "gold_dim_products": 415, "gold_dim_gross_price": 811, "gold_fact_orders": 96_115,
}
# Backfill + the §6 incremental figures (child orders 9,967 read, silver +7,834, 612 new
# monthly rows summing 1,827,212, parent incremental +4,485), in one batch.
EVERYTHING = {
    "orders_read": 51_810 + 9_967, "orders_silver": 40_811 + 7_834,
    "child_monthly_rows": 3_060 + 612, "child_monthly_months": "2025-07..2025-12",
    "child_monthly_sum": 9_383_928 + 1_827_212, "parent_fact_orders_read": (96_115 - 3_060) + 4_485,
    "gold_fact_orders": 101_212, "gold_fact_orders_999999": 102,
}
SINGLE_FILE = {
    "orders_read": 51_810 + 350, "orders_silver": 40_811 + 261, "child_monthly_rows": 3_060 + 217,
}
SCENARIOS = [
    ("backfill", ["/full_load/"], BACKFILL),
    ("everything", [], EVERYTHING),
    ("backfill+2025-12-01", ["/full_load/", "/orders_2025_12_01.csv"], SINGLE_FILE),
]


def run_peer(engine: str, source: str, out: str, include: list[str]) -> tuple[dict, float]:
    """Runs one peer as a child process; returns its report and wall seconds."""
    command = [sys.executable, os.path.join(HERE, f"{engine}_pipeline.py"), "--source", source, "--out", out,
               "--threads", "2"]
    for item in include:
        command += ["--include", item]
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise RuntimeError(f"{engine} failed (exit {result.returncode})")
    with open(os.path.join(out, "report.json")) as handle:
        return json.load(handle), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=REAL)
    parser.add_argument("--engines", default="duckdb,polars,spark")
    parser.add_argument("--out", default=os.path.join(HERE, "out", "check"))
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    failures = 0
    for scenario, include, expected in SCENARIOS:
        print(f"\n== {scenario} ({', '.join(include) or 'all files'})")
        counts, prints = {}, {}
        for engine in engines:
            out = os.path.join(args.out, scenario, engine)
            report, seconds = run_peer(engine, args.source, out, include)
            counts[engine] = report["counts"]
            prints[engine] = {t: gold_check.fingerprint(gold_check.read_peer_table(out, t), t)
                              for t in gold_check.COLUMNS}
            print(f"   ({engine}: {seconds:.1f} s)")
        print(f"   {'number':28s} {'expected':>18s} " + " ".join(f"{e:>18s}" for e in engines))
        for key, want in expected.items():
            cells = []
            for engine in engines:
                got = counts[engine].get(key)
                ok = got == want
                failures += not ok
                cells.append(f"{got!s:>13s} {'pass' if ok else 'FAIL'}")
            print(f"   {key:28s} {want!s:>18s} " + " ".join(cells))
        reference = engines[0]
        for table in gold_check.COLUMNS:
            for engine in engines[1:]:
                diff = gold_check.differences(prints[reference][table], prints[engine][table])
                failures += bool(diff)
                status = "pass" if not diff else "FAIL: " + "; ".join(diff)
                print(f"   gold {table} {engine} = {reference}: {status}")
            fp = prints[reference][table]
            print(f"   gold {table}: {fp.rows:,} rows, sum(sold_quantity) {fp.sum_sold_quantity:,}"
                  + (f", sum(total_amount_inr) {fp.sum_total_amount_inr}" if fp.sum_total_amount_inr else "")
                  + f", sha256 {fp.rows_sha256[:16]}…")
    print(f"\n{'all checks passed' if not failures else f'{failures} check(s) FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
