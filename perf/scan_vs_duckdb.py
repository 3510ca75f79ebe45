#!/usr/bin/env python3
"""Time DuckDB and `medallion scan` side by side on the generated orders data.

Normally started by perf/scan_vs_duckdb.sh, which makes the venv, generates the
data and builds medallion first. Can be run by hand with the venv's python:

  perf/.venv/bin/python perf/scan_vs_duckdb.py --data perf/data --medallion .build-release/release/medallion

For each input (plain CSV, multi-frame zstd, multi-member gzip; --inputs all adds
the single-frame zstd) it times, best of --runs:
  * DuckDB:   SELECT count(*), sum(order_qty) FROM read_csv(<file>, ...) with
              threads=2, order_qty as DECIMAL(18,1) (exact; empty -> NULL);
              a fresh in-process connection per run, query wall time;
  * medallion scan <file> --sum order_qty --workers 2, and --workers 1;
              wall time of the whole process, measured here.
Every result must equal DuckDB's rows and sum and the generator's own figures
(perf/data/orders.json); any mismatch stops the run with an error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from decimal import Decimal, InvalidOperation

INPUTS = {
    # key: (sidecar file key, label)
    "plain": ("csv", "plain csv"),
    "zstd": ("zstd_frames", "zstd multi-frame"),
    "gzip": ("gzip_members", "gzip multi-member"),
    "zstd-single": ("zstd_single", "zstd single-frame"),
}
DEFAULT_INPUTS = ["plain", "zstd", "gzip"]
RATIO_TARGET = 0.6      # medallion w2 / duckdb, for multi-frame zstd
SPEEDUP_TARGET = 1.7    # medallion w1 / w2
# medallion prints e.g. "rows=200000 sum=43035488.00 rejected=0 seconds=0.078": key=value
# tokens, of which rows and sum are required (others are shown, not checked).
KV_RE = re.compile(r"(\w+)=(\S+)")

DUCKDB_COLUMNS = ("{'order_id': 'VARCHAR', 'order_placement_date': 'VARCHAR', "
                  "'customer_id': 'VARCHAR', 'product_id': 'VARCHAR', 'order_qty': 'DECIMAL(18,1)'}")


class BenchError(RuntimeError):
    pass


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def duckdb_query(path: str) -> str:
    # Dialect given in full so that no sniffing is timed; compression from the extension.
    return (f"SELECT count(*), sum(order_qty) FROM read_csv({sql_str(path)}, header=true, "
            f"auto_detect=false, all_varchar=false, delim=',', quote='\"', escape='\"', "
            f"compression='auto', columns={DUCKDB_COLUMNS})")


def time_duckdb(path: str, threads: int) -> tuple[float, int, Decimal]:
    import duckdb
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET threads={threads}")
        q = duckdb_query(path)
        t0 = time.perf_counter()
        rows, total = con.execute(q).fetchone()
        secs = time.perf_counter() - t0
    finally:
        con.close()
    return secs, int(rows), Decimal(total if total is not None else 0)


def time_medallion(binary: str, path: str, workers: int, timeout: float) -> tuple[float, int, Decimal, str]:
    cmd = [binary, "scan", path, "--sum", "order_qty", "--workers", str(workers)]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"timed out after {timeout:.0f}s: {shlex.join(cmd)}")
    secs = time.perf_counter() - t0
    if p.returncode != 0:
        raise BenchError(f"exit status {p.returncode}: {shlex.join(cmd)}\n--- stderr ---\n{p.stderr.strip()}"
                         f"\n--- stdout ---\n{p.stdout.strip()}")
    for line in reversed(p.stdout.strip().splitlines()):
        kv = dict(KV_RE.findall(line))
        if "rows" in kv and "sum" in kv:
            try:
                return secs, int(kv["rows"]), Decimal(kv["sum"]), line.strip()
            except (ValueError, InvalidOperation):
                break
    raise BenchError(f"no 'rows=<N> sum=<S> ...' line in the output of {shlex.join(cmd)}:\n"
                     f"{p.stdout.strip()}\n--- stderr ---\n{p.stderr.strip()}")


def warm(path: str) -> None:
    with open(path, "rb") as f:
        while f.read(16 << 20):
            pass


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(x: float | None, nd: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def best(xs: list[float]) -> float | None:
    return min(xs) if xs else None


def runs_str(xs: list[float]) -> str:
    return " ".join(f"{x:.3f}" for x in xs)


def update_results(path: str, key: str, section: str) -> None:
    begin, end = f"<!-- scan_vs_duckdb {key} BEGIN -->", f"<!-- scan_vs_duckdb {key} END -->"
    block = f"{begin}\n{section.rstrip()}\n{end}\n"
    text = ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    if not text.strip():
        text = ("# perf results\n\nWritten by `perf/scan_vs_duckdb.sh`; one section per data size, "
                "replaced on each run. See perf/README.md for how to read the figures.\n\n")
    i, j = text.find(begin), text.find(end)
    if i >= 0 and j > i:
        text = text[:i] + block + text[j + len(end):].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description="DuckDB vs medallion scan timings")
    ap.add_argument("--data", required=True, help="directory written by gen_orders.py")
    ap.add_argument("--medallion", default="", help="medallion binary; empty = DuckDB only")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measurement (best is kept)")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads / medallion workers for the parallel run")
    ap.add_argument("--inputs", default=",".join(DEFAULT_INPUTS),
                    help=f"comma list of {','.join(INPUTS)}, or 'all' (default {','.join(DEFAULT_INPUTS)})")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per medallion run")
    ap.add_argument("--results", default="", help="markdown file to update (empty = don't)")
    ap.add_argument("--command-line", default="", help="command line to record in the results")
    ap.add_argument("--note", default="", help="extra line recorded in the results (e.g. why medallion is missing)")
    args = ap.parse_args()

    inputs = list(INPUTS) if args.inputs == "all" else [s.strip() for s in args.inputs.split(",") if s.strip()]
    unknown = [s for s in inputs if s not in INPUTS]
    if unknown:
        ap.error(f"unknown input(s) {unknown}; choose from {list(INPUTS)} or 'all'")
    if args.runs < 1:
        ap.error("--runs must be >= 1")

    try:
        import duckdb
    except ImportError:
        sys.exit("scan_vs_duckdb.py: python 'duckdb' is missing (run perf/scan_vs_duckdb.sh, which makes perf/.venv)")

    sidecar = os.path.join(args.data, "orders.json")
    try:
        with open(sidecar) as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"scan_vs_duckdb.py: cannot read {sidecar} ({e}); run perf/gen_orders.py --out {args.data} first")
    truth_rows = int(meta["rows"])
    truth_sum = Decimal(meta["order_qty"]["sum"])
    csv_mb = meta["files"]["csv"]["bytes"] / 1e6

    med = args.medallion
    load_before = os.getloadavg()
    nproc = os.cpu_count()
    print(f"machine: {nproc} cpus, {cpu_model()}, load average {load_before[0]:.2f}")
    if load_before[0] > 0.5:
        print(f"WARNING: the machine is busy (1-min load {load_before[0]:.2f}); timings will be noisy, "
              f"the w1/w2 speed-up especially", flush=True)
    print(f"duckdb {duckdb.__version__}; medallion: {med or 'not measured'}")
    print(f"data: {args.data} ({truth_rows:,} rows, csv {csv_mb:.1f} MB); best of {args.runs} runs\n", flush=True)

    results = []
    failures = []
    for key in inputs:
        fkey, label = INPUTS[key]
        info = meta["files"][fkey]
        path = os.path.abspath(os.path.join(args.data, info["name"]))
        size_mb = os.path.getsize(path) / 1e6
        warm(path)
        print(f"== {label}: {path} ({size_mb:.1f} MB)", flush=True)

        d_times = []
        for i in range(args.runs):
            secs, rows, total = time_duckdb(path, args.threads)
            d_times.append(secs)
            if rows != truth_rows or total != truth_sum:
                failures.append(f"{label}: DuckDB gave rows={rows} sum={total}, generator says rows={truth_rows} sum={truth_sum}")
                print("  MISMATCH: " + failures[-1], flush=True)
            print(f"  duckdb run {i + 1}: {secs:.3f}s rows={rows} sum={total}", flush=True)
        d_rows, d_sum = rows, total

        m_times: dict[int, list[float]] = {args.threads: [], 1: []}
        if med:
            for workers in (args.threads, 1):
                for i in range(args.runs):
                    try:
                        secs, rows, total, line = time_medallion(med, path, workers, args.timeout)
                    except BenchError as e:
                        failures.append(f"{label}, --workers {workers}: {e}")
                        print("  FAILED: " + failures[-1], flush=True)
                        break
                    m_times[workers].append(secs)
                    ok = rows == d_rows and total == d_sum
                    print(f"  medallion w{workers} run {i + 1}: {secs:.3f}s  [{line}]"
                          f"{'' if ok else '  <-- MISMATCH'}", flush=True)
                    if not ok:
                        failures.append(f"{label}, --workers {workers}: medallion gave rows={rows} sum={total}, "
                                        f"DuckDB rows={d_rows} sum={d_sum}")
                        break
        results.append({
            "key": key, "label": label, "size_mb": size_mb,
            "duckdb": d_times, "w2": m_times[args.threads], "w1": m_times[1],
        })
        print(flush=True)

    load_after = os.getloadavg()
    w = args.threads
    header = ["input", "size MB", "duckdb s", f"medallion w{w} s", "medallion w1 s",
              f"w{w}/duckdb", f"w1/w{w}", "duckdb MB/s", f"medallion w{w} MB/s"]
    rows_out = []
    verdicts = []
    for r in results:
        d, m2, m1 = best(r["duckdb"]), best(r["w2"]), best(r["w1"])
        ratio = m2 / d if (m2 and d) else None
        speedup = m1 / m2 if (m1 and m2) else None
        ratio_s = fmt(ratio)
        speed_s = fmt(speedup)
        if r["key"] == "zstd" and ratio is not None:
            ok = ratio <= RATIO_TARGET
            ratio_s += " ok" if ok else f" (target <= {RATIO_TARGET})"
            verdicts.append(f"multi-frame zstd ratio {ratio:.2f}: {'meets' if ok else 'misses'} target <= {RATIO_TARGET}")
        if speedup is not None and r["key"] != "zstd-single":
            ok = speedup >= SPEEDUP_TARGET
            speed_s += " ok" if ok else f" (target >= {SPEEDUP_TARGET})"
            verdicts.append(f"{r['label']} w1/w{w} {speedup:.2f}: {'meets' if ok else 'misses'} target >= {SPEEDUP_TARGET}")
        rows_out.append([r["label"], f"{r['size_mb']:.1f}", fmt(d, 3), fmt(m2, 3), fmt(m1, 3), ratio_s, speed_s,
                         fmt(csv_mb / d if d else None, 0), fmt(csv_mb / m2 if m2 else None, 0)])

    widths = [max(len(h), *(len(x[i]) for x in rows_out)) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(widths[i]) for i, c in enumerate(cells))
    print(line(header))
    print(line(["-" * n for n in widths]))
    for x in rows_out:
        print(line(x))
    print(f"\n(MB/s = uncompressed CSV MB ({csv_mb:.1f}) / best wall seconds; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after)")
    for v in verdicts:
        print("  " + v)

    if args.results:
        md = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        md += ["| " + " | ".join(x) + " |" for x in rows_out]
        all_runs = []
        for r in results:
            all_runs.append(f"- {r['label']}: duckdb [{runs_str(r['duckdb'])}]"
                            + (f", medallion w{w} [{runs_str(r['w2'])}], w1 [{runs_str(r['w1'])}]" if med else ""))
        try:
            commit = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "describe",
                                     "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
        except OSError:
            commit = "unknown"
        section = "\n".join([
            f"## scan vs DuckDB, {truth_rows:,} rows",
            "",
            f"- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
            f"- machine: nproc {nproc}, {cpu_model()}, load average {load_before[0]:.2f} before / "
            f"{load_after[0]:.2f} after{' (busy: figures noisy)' if max(load_before[0], load_after[0]) > 0.5 else ''}",
            f"- command: `{args.command_line or shlex.join(sys.argv)}`",
            f"- duckdb {duckdb.__version__} (threads={w}); medallion {('at ' + commit) if med else 'not measured'}",
            f"- data: {truth_rows:,} rows, csv {csv_mb:.1f} MB, seed {meta['params']['seed']}; best of {args.runs}",
        ] + ([f"- note: {args.note}"] if args.note else []) + [
            "",
            *md,
            "",
            "All runs (seconds):",
            "",
            *all_runs,
        ] + ([""] + [f"- FAILURE: {f}" for f in failures] if failures else []))
        update_results(args.results, f"rows={truth_rows}", section)
        print(f"\nupdated {args.results}")

    if failures:
        print("\nFAILED:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
