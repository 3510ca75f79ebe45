"""Writes the expected results of the sqllogictest files in Tests/SQLTests/Queries from DuckDB.

    medallion run --source Tests/Fixtures/atliqon-sportsbar --lake /tmp/sample-lake
    .venv-interop/bin/python Tests/SQLTests/expected.py /tmp/sample-lake [file.test ...]

Every Delta table of the lake is read through delta-rs (the files of its latest snapshot)
and registered in DuckDB as layer.table; each `query` block is run there and its result
block rewritten. A `# duckdb: <sql>` line right before a block is what DuckDB runs instead
(the dialects differ: DuckDB's dayofweek, datediff, date_format…). `statement` blocks
(medallion's own error messages) are left as written. Rerun when the lake or a query changes.
"""
import datetime
import decimal
import os
import sys

import deltalake
import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))


def connect(lake):
    con = duckdb.connect()
    for layer in ["bronze", "silver", "gold", "quarantine"]:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
        folder = os.path.join(lake, layer)
        if not os.path.isdir(folder):
            continue
        for table in sorted(os.listdir(folder)):
            path = os.path.join(folder, table)
            if not os.path.isdir(os.path.join(path, "_delta_log")):
                continue
            dataset = deltalake.DeltaTable(path).to_pyarrow_dataset()
            con.register(f"_{layer}_{table}", dataset)
            con.execute(f"CREATE VIEW {layer}.{table} AS SELECT * FROM _{layer}_{table}")
    return con


def text(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    value = str(value)
    return "(empty)" if value == "" else value


def rewrite(con, path):
    lines = open(path).read().split("\n")
    out, i, override = [], 0, None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("# duckdb:"):
            override = stripped[len("# duckdb:"):].strip()
            out.append(line)
            i += 1
            continue
        if not stripped.startswith("query "):
            if stripped and not stripped.startswith("#"):
                override = None
            out.append(line)
            i += 1
            continue
        words = stripped.split()
        out.append(line)
        i += 1
        sql = []
        while i < len(lines) and lines[i] != "----" and lines[i].strip():
            sql.append(lines[i])
            i += 1
        out.extend(sql)
        if i < len(lines) and lines[i] == "----":
            i += 1
            while i < len(lines) and lines[i] != "":
                i += 1
        query = override or "\n".join(sql)
        override = None
        rows = ["\t".join(text(v) for v in row) for row in con.execute(query).fetchall()]
        if "rowsort" in words:
            rows.sort()
        out.append("----")
        out.extend(rows)
    open(path, "w").write("\n".join(out))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        print("ok duckdb", duckdb.__version__)
        return
    lake = sys.argv[1]
    files = sys.argv[2:] or sorted(
        os.path.join(HERE, "Queries", f) for f in os.listdir(os.path.join(HERE, "Queries")) if f.endswith(".test"))
    con = connect(lake)
    for path in files:
        rewrite(con, path)
        print("wrote", path)


main()
