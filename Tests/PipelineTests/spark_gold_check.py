"""The Python half of ExportSparkTests.

    python spark_gold_check.py check                 # JSON: which of deltalake, pysail, pyspark (local) are here
    python spark_gold_check.py port                  # a free TCP port on 127.0.0.1
    python spark_gold_check.py wait PORT             # until a server accepts on 127.0.0.1:PORT (60 s)
    python spark_gold_check.py compare EXPECTED_LAKE ACTUAL_LAKE [--parquet] [--all | --present]
    python spark_gold_check.py upload ENDPOINT KEY SECRET DIR BUCKET PREFIX    # DIR's files to s3://BUCKET/PREFIX/
    python spark_gold_check.py download ENDPOINT KEY SECRET BUCKET PREFIX DIR  # s3://BUCKET/PREFIX/ into DIR

`compare`: gold of two lakes, row by row (with --all: every table of the lake; with
--present: every table of the lake that EXPECTED_LAKE has, which ACTUAL_LAKE must have too
unless it is empty in EXPECTED_LAKE: medallion creates every table, the job those it writes rows to).
`upload`/`download` (boto3, for a local S3 such as moto) create the bucket when needed.
Reads every gold table of both lakes with deltalake (or, with --parquet, ACTUAL's live
data files as plain Parquet through its Delta log's adds, for a Spark that wrote them
without a Delta reader at hand) and prints one line per table that differs; exit 1 then.
"""
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable

GOLD = ["dim_customers", "dim_products", "dim_gross_price", "dim_date", "fact_orders", "fact_orders_enriched"]
SOURCES = ["customers", "products", "gross_price", "orders", "parent_dim_customers", "parent_dim_products",
           "parent_dim_gross_price", "parent_fact_orders"]
EVERY = ([f"gold/{t}" for t in GOLD] + [f"bronze/{t}" for t in SOURCES] + [f"quarantine/{t}" for t in SOURCES]
         + [f"silver/{t}" for t in SOURCES[:4]] + ["_medallion/state/orders_monthly"])


def rows_delta(lake: str, table: str) -> list[tuple]:
    frame = DeltaTable(os.path.join(lake, table)).to_pyarrow_table()
    return sorted((tuple(r[c] for c in sorted(frame.column_names)) for r in frame.to_pylist()), key=repr)


def rows_parquet(lake: str, table: str) -> list[tuple]:
    """The live files named by the JSON log, read as Parquet, partition values from the log."""
    folder = os.path.join(lake, table)
    log = os.path.join(folder, "_delta_log")
    live = {}
    for name in sorted(os.listdir(log)):
        if name.endswith(".json"):
            for line in open(os.path.join(log, name), encoding="utf-8"):
                action = json.loads(line)
                if "add" in action:
                    live[action["add"]["path"]] = action["add"]["partitionValues"]
                elif "remove" in action:
                    live.pop(action["remove"]["path"], None)
    out = []
    for path, values in live.items():
        for r in pq.read_table(os.path.join(folder, path)).to_pylist():
            for k, v in values.items():
                r[k] = None if v is None else __import__("datetime").date.fromisoformat(v)
            out.append(tuple(r[c] for c in sorted(r)))
    return sorted(out, key=repr)


def check() -> int:
    import importlib.util
    import shutil
    found = {name: importlib.util.find_spec(name) is not None for name in ("deltalake", "pysail", "pyspark")}
    found["sail"] = os.path.exists(os.path.join(os.path.dirname(sys.executable), "sail"))
    found["java"] = shutil.which("java") is not None
    spec = importlib.util.find_spec("pyspark")
    # Spark classic (local mode) ships its jars; pyspark-client is Connect-only.
    found["pyspark_classic"] = bool(spec and os.path.isdir(os.path.join(os.path.dirname(spec.origin), "jars")))
    print(json.dumps(found))
    return 0


def port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
    return 0


def wait(number: int) -> int:
    import socket
    import time
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", number), timeout=1).close()
            return 0
        except OSError:
            time.sleep(0.2)
    print(f"nothing listens on 127.0.0.1:{number}", file=sys.stderr)
    return 1


def s3_client(endpoint: str, key: str, secret: str):
    import boto3
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                        region_name="us-east-1")


def upload(endpoint: str, key: str, secret: str, folder: str, bucket: str, prefix: str) -> int:
    s3 = s3_client(endpoint, key, secret)
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            s3.upload_file(path, bucket, f"{prefix}/{os.path.relpath(path, folder)}")
    return 0


def download(endpoint: str, key: str, secret: str, bucket: str, prefix: str, folder: str) -> int:
    s3 = s3_client(endpoint, key, secret)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
        for item in page.get("Contents", []):
            if item["Key"].endswith("/"):
                continue  # a folder marker
            target = os.path.join(folder, item["Key"][len(prefix) + 1:])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            s3.download_file(bucket, item["Key"], target)
    return 0


def main() -> int:
    command = sys.argv[1]
    if command == "upload":
        return upload(*sys.argv[2:8])
    if command == "download":
        return download(*sys.argv[2:8])
    if command == "check":
        return check()
    if command == "port":
        return port()
    if command == "wait":
        return wait(int(sys.argv[2]))
    expected_lake, actual_lake = sys.argv[2], sys.argv[3]
    parquet = "--parquet" in sys.argv
    bad = 0
    tables = EVERY if "--all" in sys.argv else [f"gold/{t}" for t in GOLD]
    if "--present" in sys.argv:
        tables = [t for t in EVERY if os.path.isdir(os.path.join(expected_lake, t, "_delta_log"))]
    for table in tables:
        expected = rows_delta(expected_lake, table)
        if "--present" in sys.argv and not expected and not os.path.isdir(os.path.join(actual_lake, table)):
            print(f"{table}: empty, and not written (no source file of it)")
            continue
        actual = rows_parquet(actual_lake, table) if parquet else rows_delta(actual_lake, table)
        if expected != actual:
            bad += 1
            have, want = set(actual), set(expected)
            missing = [r for r in expected if r not in have][:3]
            extra = [r for r in actual if r not in want][:3]
            print(f"{table}: {len(expected)} rows expected, {len(actual)} found; missing {missing}; unexpected {extra}")
        else:
            print(f"{table}: {len(actual)} rows equal")
    sys.stdout.flush()
    os._exit(1 if bad else 0)  # deltalake's runtime can abort while Python tears down


if __name__ == "__main__":
    sys.exit(main())
