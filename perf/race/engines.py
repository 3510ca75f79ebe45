"""The four engines of the race as child processes: their command lines, one measured run
each, and the gold fingerprints of what they wrote (perf/race/gold_check.py).

medallion runs as `medallion run --source SRC --lake LAKE --workers N [--memory-limit SIZE]
--report <engine>.report.json` (beside its log); its per-stage seconds come from that report. The peers run as
`python <engine>_pipeline.py --source SRC --out OUT --threads N` in this interpreter (the race venv).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import gold_check
from measure import Measurement, measure

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ("medallion", "duckdb", "polars", "spark")


def medallion_has_run(binary: str) -> bool:
    """Whether the medallion binary exists and knows the `run` command."""
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return False
    probe = subprocess.run([binary, "run", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return probe.returncode == 0


def medallion_command(binary: str, source: str, lake: str, workers: int, memory_limit: str | None,
                      report: str | None) -> list[str]:
    command = [binary, "run", "--source", source, "--lake", lake, "--workers", str(workers)]
    if memory_limit:
        command += ["--memory-limit", memory_limit]
    if report:
        command += ["--report", report]
    return command


def peer_command(engine: str, source: str, out: str, workers: int) -> list[str]:
    return [sys.executable, os.path.join(HERE, f"{engine}_pipeline.py"), "--source", source, "--out", out,
            "--threads", str(workers)]


def read_gold(engine: str, output: str, table: str):
    if engine == "medallion":
        return gold_check.read_delta_table(output, table)
    return gold_check.read_peer_table(output, table)


def run_medallion(binary: str, source: str, lake: str, workers: int, log: str,
                  memory_limit: str | None = None, label: str = "medallion", fresh: bool = True,
                  fingerprint: bool = True) -> Measurement:
    """One `medallion run` (a backfill into a fresh lake, or with fresh=False a run on an
    existing lake), measured; stages from its report, gold fingerprints from the lake."""
    if not medallion_has_run(binary):
        return Measurement(label, note=f"skipped: {binary} missing or has no `run` command")
    if fresh:
        shutil.rmtree(lake, ignore_errors=True)
    report = log[:-len(".log")] + ".report.json" if log.endswith(".log") else log + ".report.json"
    if os.path.exists(report):
        os.remove(report)
    print(f"race: {label} ...", file=sys.stderr, flush=True)
    result = measure(label, medallion_command(binary, source, lake, workers, memory_limit, report),
                     dict(os.environ), log)
    result.output = lake
    if result.ok and os.path.exists(report):
        with open(report) as handle:
            result.report = json.load(handle)
        result.stages = [(s["stage"], float(s["seconds"])) for s in result.report.get("stages", [])]
    if result.ok and fingerprint:
        add_fingerprints(result, "medallion")
    announce(result)
    return result


def run_peer(engine: str, source: str, out: str, workers: int, log: str) -> Measurement:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, POLARS_MAX_THREADS=str(workers))
    print(f"race: {engine} ...", file=sys.stderr, flush=True)
    result = measure(engine, peer_command(engine, source, out, workers), env, log)
    result.output = out
    if result.ok:
        add_fingerprints(result, engine)
    announce(result)
    return result


def run_engine(engine: str, source: str, out_root: str, workers: int, binary: str,
               memory_limit: str | None = None) -> Measurement:
    """One engine on `source`, outputs and log under `out_root`."""
    log = os.path.join(out_root, f"{engine}.log")
    if engine == "medallion":
        return run_medallion(binary, source, os.path.join(out_root, "medallion-lake"), workers, log, memory_limit)
    return run_peer(engine, source, os.path.join(out_root, engine), workers, log)


def add_fingerprints(result: Measurement, engine: str) -> None:
    try:
        result.prints = {t: gold_check.fingerprint(read_gold(engine, result.output, t), t) for t in gold_check.COLUMNS}
    except Exception as error:  # an unreadable or incomplete gold table is a failed run
        result.ok, result.note = False, f"gold unreadable: {error}"


def announce(result: Measurement) -> None:
    print(f"race: {result.engine}: {result.wall:.1f} s wall, {result.cpu:.1f} s CPU, {result.peak_rss_mb:.0f} MB"
          + (f" ({result.note})" if result.note else ""), file=sys.stderr, flush=True)
