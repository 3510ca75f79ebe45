"""The race: the whole SportsBar pipeline (one backfill batch over a source folder) in medallion,
DuckDB, Polars and PySpark, on the same files, each as a child process.

    perf/race/race.sh [--source DIR | --orders N [--compression zstd|gzip|none]]
                      [--engines medallion,duckdb,polars,spark] [--workers 2]
                      [--medallion .build/release/medallion] [--memory-limit 512MB] [--markdown FILE] [--out DIR]

Data: `--source DIR` races on an existing folder (Rules §1.1 layout); otherwise
`medallion generate --out perf/race/data/<orders>-<compression> --orders N --compression C
--seed 1` makes one (kept and reused; `.complete` marks a finished generation).

Per engine: wall time, CPU time (user+sys of the whole child process tree) and peak RSS
(the largest sum of the tree's resident sets seen by a 50 ms /proc sampler, or the largest
single process's max RSS from getrusage, whichever is larger; the sampler sees the JVM of
PySpark, which getrusage would miss if it is never reaped by its parent).
Check: every engine's gold fact_orders and fact_orders_enriched must have the same row count,
sum(sold_quantity), sum(total_amount_inr), distinct (date, product_code, customer_code)
keys and sorted-row hash (perf/race/gold_check.py); the reference is medallion when it ran,
else the first engine. Exit status: 0 all agree, 1 a mismatch or an engine failed.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gold_check  # noqa: E402

ENGINES = ("medallion", "duckdb", "polars", "spark")
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- measuring


class TreeSampler(threading.Thread):
    """Samples a process tree every `interval` s: peak of the summed RSS, CPU per process."""

    def __init__(self, root: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}  # pid -> last seen user+sys seconds
        self._halt = threading.Event()

    @staticmethod
    def _stat(pid: int) -> tuple[int, float, int] | None:
        """(parent pid, user+sys seconds, rss bytes) of a process, None if it is gone."""
        try:
            with open(f"/proc/{pid}/stat") as handle:
                text = handle.read()
        except OSError:
            return None
        fields = text[text.rindex(")") + 2:].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE

    def sample(self) -> None:
        stats = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                stat = self._stat(int(name))
                if stat:
                    stats[int(name)] = stat
        tree, frontier = set(), [self.root]
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in stats.items():
            children.setdefault(ppid, []).append(pid)
        while frontier:
            pid = frontier.pop()
            if pid in stats and pid not in tree:
                tree.add(pid)
                frontier.extend(children.get(pid, []))
        self.peak_rss = max(self.peak_rss, sum(stats[p][2] for p in tree))
        for pid in tree:
            self.cpu[pid] = stats[pid][1]

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Measurement:
    engine: str
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss_mb: float = 0.0
    ok: bool = False
    note: str = ""
    output: str = ""                     # peer out folder or medallion lake
    prints: dict = field(default_factory=dict)
    check: str = ""


def measure(engine: str, command: list[str], env: dict, log_path: str) -> Measurement:
    """Runs `command` to completion; wall, CPU (user+sys) and peak RSS of its process tree."""
    result = Measurement(engine)
    started = time.perf_counter()
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        # wait4: this child's own rusage (it includes the descendants it reaped).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
    result.wall = time.perf_counter() - started
    result.cpu = max(usage.ru_utime + usage.ru_stime, sum(sampler.cpu.values()))
    result.peak_rss_mb = max(sampler.peak_rss, usage.ru_maxrss * 1024) / 1e6
    result.ok = process.returncode == 0
    if not result.ok:
        result.note = f"exit {process.returncode}, see {os.path.relpath(log_path)}"
    return result


# --------------------------------------------------------------------------- engines


def medallion_has_run(binary: str) -> bool:
    """Whether the medallion binary exists and knows the `run` command."""
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        return False
    probe = subprocess.run([binary, "run", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return probe.returncode == 0


def command_for(engine: str, source: str, out: str, workers: int, binary: str, memory_limit: str | None) -> list[str]:
    if engine == "medallion":
        limit = ["--memory-limit", memory_limit] if memory_limit else []
        return [binary, "run", "--source", source, "--lake", out, "--workers", str(workers)] + limit
    return [sys.executable, os.path.join(HERE, f"{engine}_pipeline.py"), "--source", source, "--out", out,
            "--threads", str(workers)]


def read_gold(engine: str, output: str, table: str):
    if engine == "medallion":
        return gold_check.read_delta_table(output, table)
    return gold_check.read_peer_table(output, table)


def run_engine(engine: str, source: str, out_root: str, workers: int, binary: str,
               memory_limit: str | None = None) -> Measurement:
    output = os.path.join(out_root, engine if engine != "medallion" else "medallion-lake")
    if engine == "medallion" and not medallion_has_run(binary):
        return Measurement(engine, note=f"skipped: {os.path.relpath(binary, REPO)} missing or has no `run` command")
    shutil.rmtree(output, ignore_errors=True)
    env = dict(os.environ, POLARS_MAX_THREADS=str(workers))
    print(f"race: {engine} ...", file=sys.stderr, flush=True)
    result = measure(engine, command_for(engine, source, output, workers, binary, memory_limit), env,
                     os.path.join(out_root, f"{engine}.log"))
    result.output = output
    if result.ok:
        try:
            result.prints = {t: gold_check.fingerprint(read_gold(engine, output, t), t) for t in gold_check.COLUMNS}
        except Exception as error:  # an unreadable or incomplete gold table is a failed run
            result.ok, result.note = False, f"gold unreadable: {error}"
    print(f"race: {engine}: {result.wall:.1f} s wall, {result.cpu:.1f} s CPU, {result.peak_rss_mb:.0f} MB"
          + (f" ({result.note})" if result.note else ""), file=sys.stderr, flush=True)
    return result


# --------------------------------------------------------------------------- data


def generated_source(orders: int, compression: str, binary: str) -> str:
    """perf/race/data/<orders>-<compression>/, generated by `medallion generate` once."""
    folder = os.path.join(HERE, "data", f"{orders}-{compression}")
    if os.path.exists(os.path.join(folder, ".complete")):
        return folder
    if not os.path.isfile(binary):
        raise SystemExit(f"race: {binary} not found: cannot generate data (build it, or race with --source DIR)")
    shutil.rmtree(folder, ignore_errors=True)
    command = [binary, "generate", "--out", folder, "--orders", str(orders), "--compression", compression,
               "--seed", "1"]
    print("race: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True)
    open(os.path.join(folder, ".complete"), "w").close()
    return folder


def describe_source(source: str) -> str:
    files, size = 0, 0
    for folder, _, names in os.walk(source):
        for name in names:
            if not name.startswith("."):
                files += 1
                size += os.path.getsize(os.path.join(folder, name))
    return f"{files} files, {size / 1e6:.1f} MB on disk"


# --------------------------------------------------------------------------- checking


def check(results: list[Measurement]) -> bool:
    """Compares every finished engine's gold fingerprints with the reference's."""
    finished = [r for r in results if r.ok]
    if not finished:
        return False
    reference = next((r for r in finished if r.engine == "medallion"), finished[0])
    agree = True
    for result in finished:
        problems = []
        for table in gold_check.COLUMNS:
            for line in gold_check.differences(reference.prints[table], result.prints[table]):
                problems.append(f"{table} {line}")
        if result is reference:
            result.check = "reference"
        elif problems:
            agree = False
            result.check = "MISMATCH"
            print(f"race: MISMATCH {result.engine} vs {reference.engine}:", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
        else:
            result.check = f"= {reference.engine}"
    for result in results:
        if not result.ok and not result.note.startswith("skipped"):
            agree = False
            result.check = "FAILED"
        elif not result.ok:
            result.check = "skipped"
    return agree


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


HEADER = ["engine", "wall s", "CPU s", "peak RSS MB", "wall / medallion", "check"]


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(HEADER[i]), *(len(r[i]) for r in rows)) for i in range(len(HEADER))]
    line = lambda cells: "  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(HEADER))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def markdown(rows: list[list[str]], results: list[Measurement], source: str, args: argparse.Namespace) -> str:
    reference = next((r for r in results if r.ok and r.check == "reference"), None)
    load = os.getloadavg()
    lines = [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: nproc {os.cpu_count()}, "
        f"{platform.machine()}, load average {load[0]:.2f} after the race",
        f"- command: `perf/race/race.sh {' '.join(sys.argv[1:])}`",
        f"- data: `{os.path.relpath(source, REPO) if source.startswith(REPO) else source}` ({describe_source(source)})",
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


# --------------------------------------------------------------------------- main


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--source", help="race on this existing source folder")
    data.add_argument("--orders", type=int, default=10_000_000, help="generate this many orders (default 10M)")
    parser.add_argument("--compression", choices=["zstd", "gzip", "none"], default="zstd",
                        help="generated files' compression (default zstd, multi-frame)")
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
    args.medallion = os.path.abspath(args.medallion)
    return args


def main() -> int:
    args = arguments()
    if args.source:
        if not os.path.isdir(args.source):
            raise SystemExit(f"race: {args.source} is not a folder")
        source = os.path.abspath(args.source)
    else:
        source = generated_source(args.orders, args.compression, args.medallion)
    os.makedirs(args.out, exist_ok=True)
    print(f"race: source {source} ({describe_source(source)})", file=sys.stderr)
    results = [run_engine(e, source, args.out, args.workers, args.medallion, args.memory_limit) for e in args.engines]
    agree = check(results)
    rows = table_rows(results)
    print()
    print_table(rows)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(markdown(rows, results, source, args))
        print(f"\nrace: table written to {args.markdown}", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
