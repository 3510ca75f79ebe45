#!/usr/bin/env python3
"""Parquet write speed and size: medallion vs DuckDB, same rows, same machine, one run.

Data: ROWS orders-like rows x 6 columns (order_id text, order_date date,
customer_id text, product_id text, order_qty bigint, amount decimal(18,2)),
generated once by DuckDB into perf/data/write6_<rows>.csv.
DuckDB: the CSV is loaded into an in-memory table (not timed), then
`COPY t TO 'x.parquet' (FORMAT parquet, COMPRESSION zstd)` is timed.
medallion: `medallion convert` loads the CSV into column batches (not timed) and
reports the write time on its own (`write_seconds`).
Both outputs are read back with pyarrow: row count and sum(amount) must match.

usage: write_vs_duckdb.py --medallion BIN [--rows N] [--runs R] [--data DIR] [--results FILE]
"""
import argparse, os, re, subprocess, sys, time, datetime, platform

import duckdb
import pyarrow.parquet as pq

p = argparse.ArgumentParser()
p.add_argument("--medallion", required=True)
p.add_argument("--rows", type=int, default=10_000_000)
p.add_argument("--runs", type=int, default=3)
p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "data"))
p.add_argument("--results", default="")
a = p.parse_args()

os.makedirs(a.data, exist_ok=True)
csv = os.path.join(a.data, f"write6_{a.rows}.csv")
schema_sql = "order_id VARCHAR, order_date DATE, customer_id VARCHAR, product_id VARCHAR, order_qty BIGINT, amount DECIMAL(18,2)"
columns = {"order_id": "VARCHAR", "order_date": "DATE", "customer_id": "VARCHAR", "product_id": "VARCHAR",
           "order_qty": "BIGINT", "amount": "DECIMAL(18,2)"}
if not os.path.exists(csv):
    print(f"generating {csv}", flush=True)
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT 'F' || lpad(CAST(i AS VARCHAR), 11, '0') AS order_id,
                   DATE '2024-07-01' + CAST(i * 540 // {a.rows} AS INTEGER) AS order_date,
                   CAST(789100 + hash(i) % 900 AS VARCHAR) AS customer_id,
                   CAST(25891000 + hash(i * 7) % 9000 AS VARCHAR) AS product_id,
                   CAST(1 + hash(i * 13) % 500 AS BIGINT) AS order_qty,
                   CAST((1 + hash(i * 17) % 50000) / 100.0 AS DECIMAL(18,2)) AS amount
                   FROM range({a.rows}) t(i)) TO '{csv}' (HEADER, DELIMITER ',')""")
    con.close()

def check(path):
    t = pq.read_table(path)
    return t.num_rows, sum(v for v in (x.as_py() for x in t.column("amount")) if v is not None)

# DuckDB
con = duckdb.connect()
con.execute("SET threads=2")
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}', header=true, columns={columns})")
duck_out = os.path.join(a.data, "write6_duckdb.parquet")
duck_times = []
for _ in range(a.runs):
    if os.path.exists(duck_out): os.remove(duck_out)
    start = time.perf_counter()
    con.execute(f"COPY t TO '{duck_out}' (FORMAT parquet, COMPRESSION zstd)")
    duck_times.append(time.perf_counter() - start)
duck_size = os.path.getsize(duck_out)
duck_check = check(duck_out)
con.close()

# medallion
med_out = os.path.join(a.data, "write6_medallion")
med_times, med_size = [], 0
spec = "order_id:text,order_date:date,customer_id:text,product_id:text,order_qty:bigint,amount:decimal(18,2)"
for _ in range(a.runs):
    subprocess.run(["rm", "-rf", med_out], check=True)
    out = subprocess.run([a.medallion, "convert", csv, "--schema", spec, "--out", med_out, "--workers", "2"],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"rows=(\d+) rejected=(\d+) files=(\d+) bytes=(\d+) read_seconds=([\d.]+) write_seconds=([\d.]+)", out)
    if not m: sys.exit(f"unexpected medallion output: {out}")
    med_times.append(float(m.group(6)))
    med_size = int(m.group(4))
med_check = check(med_out)

if med_check != duck_check:
    sys.exit(f"FAILED: results differ: duckdb {duck_check}, medallion {med_check}")

best_d, best_m = min(duck_times), min(med_times)
load = os.getloadavg()[0]
lines = [
    f"| engine | best write s | all runs s | file MB |",
    f"|---|---|---|---|",
    f"| DuckDB COPY (zstd, threads=2) | {best_d:.3f} | {' '.join(f'{x:.3f}' for x in duck_times)} | {duck_size/1e6:.1f} |",
    f"| medallion convert (zstd, 2 workers) | {best_m:.3f} | {' '.join(f'{x:.3f}' for x in med_times)} | {med_size/1e6:.1f} |",
    "",
    f"time ratio medallion/DuckDB: **{best_m/best_d:.2f}** (target ≤ 1.0); size ratio: **{med_size/duck_size:.2f}** (target ≤ 1.2); "
    f"rows {duck_check[0]:,}, sum(amount) {duck_check[1]} identical; load average {load:.2f}",
]
print("\n".join(lines))
if a.results:
    begin, end = f"<!-- write_vs_duckdb rows={a.rows} BEGIN -->", f"<!-- write_vs_duckdb rows={a.rows} END -->"
    section = "\n".join([begin, f"## Parquet write vs DuckDB, {a.rows:,} rows × 6 columns", "",
                         f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC; machine: nproc {os.cpu_count()}, {platform.machine()}",
                         f"- command: `perf/write_vs_duckdb.sh --rows {a.rows}`; duckdb {duckdb.__version__}", ""] + lines + [end])
    text = open(a.results).read() if os.path.exists(a.results) else "# perf results\n"
    if begin in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(a.results, "w").write(text)
