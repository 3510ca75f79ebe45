"""Gold of two lakes, row by row (the Python half of ExportSparkTests).

    python spark_gold_check.py EXPECTED_LAKE ACTUAL_LAKE [--parquet]

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


def rows_delta(lake: str, table: str) -> list[tuple]:
    frame = DeltaTable(os.path.join(lake, "gold", table)).to_pyarrow_table()
    return sorted((tuple(r[c] for c in sorted(frame.column_names)) for r in frame.to_pylist()), key=repr)


def rows_parquet(lake: str, table: str) -> list[tuple]:
    """The live files named by the JSON log, read as Parquet, partition values from the log."""
    folder = os.path.join(lake, "gold", table)
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


def main() -> int:
    expected_lake, actual_lake = sys.argv[1], sys.argv[2]
    parquet = "--parquet" in sys.argv
    bad = 0
    for table in GOLD:
        expected = rows_delta(expected_lake, table)
        actual = rows_parquet(actual_lake, table) if parquet else rows_delta(actual_lake, table)
        if expected != actual:
            bad += 1
            missing = [r for r in expected if r not in set(actual)][:3]
            extra = [r for r in actual if r not in set(expected)][:3]
            print(f"gold/{table}: {len(expected)} rows expected, {len(actual)} found; missing {missing}; unexpected {extra}")
        else:
            print(f"gold/{table}: {len(actual)} rows equal")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
