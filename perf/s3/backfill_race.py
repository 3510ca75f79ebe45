"""The object-storage acceptance race (issue #15): the same `medallion run` backfill with the
source and the lake on local disk, then on a local S3 server (moto, on 127.0.0.1), each on a
fresh lake; the two gold layers must be equal, and the S3 run may take at most 1.5× the local one.

    perf/s3/backfill_race.sh [--source DIR | --orders N [--shape 2000x300]] [--medallion PATH]
                             [--workers 2] [--rounds 1] [--noauth] [--markdown FILE] [--keep]

Data: `--source DIR` (Rules §1.1 layout), or `medallion generate --orders N --customers C
--products P --compression zstd --seed 1` under --data-root (perf/race/datasets.py; reused once
complete). The S3 server is moto's, started like the tests start it
(Tests/TestSupport/moto_server.py: a free loopback port, SigV4 checked against an IAM user
unless --noauth); the source is uploaded to `s3://medallion-race/source/` before the clock
starts. Per round, local then S3, each a fresh lake; the figure is the fastest round of each.
Printed: both wall times, CPU of medallion and of the S3 server during the S3 run, the run
report's object-storage bytes and requests, and the ratio. Check: every gold table read back
through delta-rs (the local lake from disk, the S3 lake with delta-rs's own S3 client) has the
same rows (sorted, compared value by value). Exit status 0 when the gold layers agree (the
ratio is reported, not enforced: it depends on the machine's load), 1 otherwise.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "perf", "race"))
import datasets  # noqa: E402
import machine  # noqa: E402
from measure import measure  # noqa: E402

BUCKET = "medallion-race"
GOLD = ["dim_customers", "dim_products", "dim_gross_price", "dim_date", "fact_orders", "fact_orders_enriched"]
GOAL = 1.5


class Moto:
    """moto's S3 server in a child process (Tests/TestSupport/moto_server.py serve)."""

    def __init__(self, work: str, authenticate: bool):
        info = os.path.join(work, "moto.json")
        self.log = open(os.path.join(work, "moto.log"), "w")
        args = [sys.executable, os.path.join(REPO, "Tests", "TestSupport", "moto_server.py"), "serve", info]
        self.process = subprocess.Popen(args + ([] if authenticate else ["noauth"]), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while not os.path.exists(info):
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit(f"s3 race: moto did not start, see {self.log.name}")
            time.sleep(0.1)
        with open(info) as handle:
            values = json.load(handle)
        self.endpoint = f"http://127.0.0.1:{values['port']}"
        self.key, self.secret = values["access_key_id"], values["secret_access_key"]

    @property
    def environment(self) -> dict:
        return {"AWS_ACCESS_KEY_ID": self.key, "AWS_SECRET_ACCESS_KEY": self.secret, "AWS_ENDPOINT_URL": self.endpoint,
                "AWS_REGION": "us-east-1"}

    def cpu_seconds(self) -> float:
        """User + system CPU the server has used so far (/proc/<pid>/stat)."""
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id=self.key,
                            aws_secret_access_key=self.secret, config=Config(max_pool_connections=16))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.log.close()


def upload(client, source: str, prefix: str) -> tuple[int, int]:
    """Every file of the folder under `prefix` (dot files skipped); returns (files, bytes)."""
    files = [p for p in datasets.all_files(source)]

    def put(path: str) -> int:
        key = prefix + os.path.relpath(path, source)
        with open(path, "rb") as handle:
            data = handle.read()
        client.put_object(Bucket=BUCKET, Key=key, Body=data)
        return len(data)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        sizes = list(pool.map(put, files))
    return len(files), sum(sizes)


def report_of(path: str) -> dict:
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def run_once(binary: str, source: str, lake: str, workers: int, env: dict, log: str, moto: Moto | None):
    report = log + ".report.json"
    command = [binary, "run", "--source", source, "--lake", lake, "--workers", str(workers), "--report", report, "--quiet"]
    server_before = moto.cpu_seconds() if moto else 0.0
    result = measure("medallion", command, env, log)
    server_cpu = (moto.cpu_seconds() - server_before) if moto else 0.0
    if not result.ok:
        raise SystemExit(f"s3 race: {' '.join(command)} failed: {result.note}")
    return result, server_cpu, report_of(report)


def gold_rows(lake: str, options: dict | None):
    """Each gold table through delta-rs, its rows sorted on every column."""
    from deltalake import DeltaTable
    out = {}
    for name in GOLD:
        table = DeltaTable(f"{lake}/gold/{name}", storage_options=options).to_pyarrow_table()
        table = table.select(sorted(table.column_names))
        out[name] = table.sort_by([(c, "ascending") for c in table.column_names]).combine_chunks()
    return out


def compare_gold(local_lake: str, s3_lake: str, moto: Moto) -> list[str]:
    options = dict(moto.environment, AWS_ALLOW_HTTP="true", AWS_S3_ALLOW_UNSAFE_RENAME="true")
    mine, theirs = gold_rows(local_lake, None), gold_rows(s3_lake, options)
    problems = []
    for name in GOLD:
        a, b = mine[name], theirs[name]
        if a.schema != b.schema:
            problems.append(f"gold.{name}: schemas differ: {a.schema} vs {b.schema}")
        elif not a.equals(b):
            problems.append(f"gold.{name}: {a.num_rows} rows locally, {b.num_rows} on S3, or values differ")
    return problems


def stage_seconds(report: dict) -> str:
    stages = report.get("stages") or []
    parts = []
    for stage in stages:
        name, seconds = stage.get("stage") or stage.get("name"), stage.get("seconds")
        if name and isinstance(seconds, (int, float)):
            parts.append(f"{name} {seconds:.1f}")
    return ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="an existing source folder (else one is generated)")
    parser.add_argument("--orders", default="10M", help="orders to generate (default 10M)")
    parser.add_argument("--shape", default="2000x300", help="customers x products, or 'default' (default 2000x300)")
    parser.add_argument("--data-root", default=datasets.DEFAULT_DATA_ROOT)
    parser.add_argument("--medallion", default=os.path.join(REPO, ".build", "release", "medallion"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="local and S3 runs each (the fastest counts)")
    parser.add_argument("--noauth", action="store_true", help="moto without request signature checks")
    parser.add_argument("--work", help="folder for lakes and logs (default: a temporary one)")
    parser.add_argument("--markdown", help="append a Markdown table of the result to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    binary = os.path.abspath(args.medallion)
    if not os.path.isfile(binary):
        raise SystemExit(f"s3 race: {binary} not found: build it (swift build -c release --product medallion) or pass --medallion")
    if args.source:
        source, shape_label = os.path.abspath(args.source), os.path.basename(os.path.abspath(args.source))
    else:
        shape = datasets.Shape.parse(args.shape, datasets.parse_count(args.orders))
        source, shape_label = datasets.generated_source(shape, args.data_root, binary), shape.label
    described = datasets.describe_source(source)
    work = args.work or tempfile.mkdtemp(prefix="medallion-s3-race-")
    os.makedirs(work, exist_ok=True)
    moto = Moto(work, authenticate=not args.noauth)
    status = 1
    try:
        client = moto.client()
        client.create_bucket(Bucket=BUCKET)
        started = time.perf_counter()
        files, size = upload(client, source, "source/")
        print(f"s3 race: {shape_label}: {described}; uploaded {files} files ({size / 1e6:.1f} MB) to "
              f"s3://{BUCKET}/source in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        s3_env = dict(base_env, **moto.environment)
        best_local = best_s3 = None
        for round_ in range(1, args.rounds + 1):
            local_lake = os.path.join(work, f"lake-{round_}")
            shutil.rmtree(local_lake, ignore_errors=True)
            local = run_once(binary, source, local_lake, args.workers, base_env, os.path.join(work, f"local-{round_}.log"), None)
            s3_lake = f"s3://{BUCKET}/lake-{round_}"
            remote = run_once(binary, f"s3://{BUCKET}/source", s3_lake, args.workers, s3_env,
                              os.path.join(work, f"s3-{round_}.log"), moto)
            print(f"s3 race: round {round_}: local {local[0].wall:.1f} s, S3 {remote[0].wall:.1f} s "
                  f"(load {machine.load()})", file=sys.stderr, flush=True)
            if best_local is None or local[0].wall < best_local[0].wall:
                best_local = local + (local_lake,)
            if best_s3 is None or remote[0].wall < best_s3[0].wall:
                best_s3 = remote + (s3_lake,)
        problems = compare_gold(best_local[3], best_s3[3], moto)
        status = 0 if not problems else 1
        ratio = best_s3[0].wall / best_local[0].wall
        moved = best_s3[2].get("objectStorage") or {}
        rows = [
            ["local disk", f"{best_local[0].wall:.1f}", f"{best_local[0].cpu:.1f}", "-", f"{best_local[0].peak_rss_mb:,.0f}",
             "-", "-", "1.00"],
            ["S3 (moto)", f"{best_s3[0].wall:.1f}", f"{best_s3[0].cpu:.1f}", f"{best_s3[1]:.1f}", f"{best_s3[0].peak_rss_mb:,.0f}",
             f"{moved.get('bytesRead', 0) / 1e6:,.1f} / {moved.get('bytesWritten', 0) / 1e6:,.1f}",
             f"{moved.get('requests', 0):,} ({moved.get('retries', 0)} retries)", f"{ratio:.2f}"],
        ]
        header = ["source and lake", "wall s", "medallion CPU s", "S3 server CPU s", "peak RSS MB", "S3 MB read / written",
                  "S3 requests", "wall / local"]
        verdict = "gold equal" if not problems else "GOLD DIFFERS: " + "; ".join(problems)
        goal = f"ratio {ratio:.2f} ({'within' if ratio <= GOAL else 'over'} the {GOAL}× goal)"
        lines = [f"{shape_label}: {described}; workers {args.workers}; best of {args.rounds}; "
                 f"moto {'without' if args.noauth else 'with'} SigV4 checks; {verdict}; {goal}",
                 f"{machine.now_utc()}, {machine.describe()}, load {machine.load()}, commit {machine.commit(REPO)}", "",
                 "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        print("\n".join(lines))
        for name, entry in (("local", best_local), ("S3", best_s3)):
            stages = stage_seconds(entry[2])
            if stages:
                print(f"{name} stages: {stages}", file=sys.stderr)
        if args.markdown:
            with open(args.markdown, "a") as handle:
                handle.write("\n".join(lines) + "\n\n")
    finally:
        moto.stop()
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            print(f"s3 race: kept {work}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
