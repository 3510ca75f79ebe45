"""Python side of the Delta interop tests (DeltaPythonInteropTests.swift).

Subcommands (all print one JSON document on stdout):
  check                       -> {"deltalake": version, "pyarrow": version}
  write-parquet SPEC          -> writes the files SPEC (a JSON file) describes
  read-delta TABLE [VERSION]  -> rows, version, history and files as delta-rs sees them
  read-checkpoint FILE        -> the checkpoint's rows as pyarrow reads them
  write-delta TABLE           -> a small partitioned table written by delta-rs
  append-rows TABLE NAME N    -> N single-row appends by delta-rs (a racing writer)
  filter-counts TABLE SPEC    -> rows per comparison of SPEC's column with each of its
                                 probe values, filtered by delta-rs (which prunes files
                                 by the log's stats), plus the lengths of the values read
"""
import datetime
import decimal
import json
import os
import sys


def arrow_type(pa, name):
    if name.startswith("decimal("):
        p, s = name[len("decimal("):-1].split(",")
        return pa.decimal128(int(p), int(s))
    return {"int64": pa.int64(), "int32": pa.int32(), "string": pa.string(), "double": pa.float64(),
            "bool": pa.bool_(), "date": pa.date32()}[name]


def convert(name, value):
    if value is None:
        return None
    if name.startswith("decimal("):
        return decimal.Decimal(value)
    if name == "date":
        return datetime.date.fromisoformat(value)
    return value


def plain(value):
    """JSON-friendly, type-preserving text for comparisons on the Swift side."""
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def write_parquet(spec_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    with open(spec_path) as f:
        spec = json.load(f)
    out = []
    for file in spec["files"]:
        arrays, fields = [], []
        for column in file["columns"]:
            t = arrow_type(pa, column["type"])
            arrays.append(pa.array([convert(column["type"], v) for v in column["values"]], type=t))
            fields.append(pa.field(column["name"], t))
        pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), file["path"])
        out.append(file["path"])
    print(json.dumps({"written": out}))


def read_delta(path, version=None):
    import deltalake
    table = deltalake.DeltaTable(path, version=None if version is None else int(version))
    data = table.to_pyarrow_table()
    rows = [{k: plain(v) for k, v in row.items()} for row in data.to_pylist()]
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    history = [{"version": h.get("version"), "operation": h.get("operation"),
                "metrics": {k: str(v) for k, v in (h.get("operationMetrics") or {}).items()}}
               for h in table.history()]
    import pyarrow as pa
    adds = [{k: plain(v) for k, v in row.items()}
            for row in pa.table(table.get_add_actions(flatten=True)).to_pylist()]
    print(json.dumps({
        "adds": adds,
        "version": table.version(),
        "rows": rows,
        "history": history,
        "files": sorted(table.file_uris()),
        "partitionColumns": table.metadata().partition_columns,
        "schema": [(f.name, str(f.type)) for f in data.schema],
    }))


def read_checkpoint(path):
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    rows = []
    for row in table.to_pylist():
        kinds = [k for k, v in row.items() if v is not None]
        rows.append({"kind": kinds[0] if kinds else None,
                     "path": (row.get("add") or row.get("remove") or {}).get("path"),
                     "partitionValues": dict((row.get("add") or {}).get("partitionValues") or [])})
    print(json.dumps({"columns": table.schema.names, "rows": rows}))


def write_delta(path):
    import pyarrow as pa
    from deltalake import write_deltalake
    schema = pa.schema([("id", pa.int64()), ("amount", pa.decimal128(18, 2)), ("region", pa.string())])
    first = pa.Table.from_pydict({"id": [1, 2, 3], "amount": [decimal.Decimal("1.50"), None, decimal.Decimal("-2.25")],
                                  "region": ["eu", "us", "eu"]}, schema=schema)
    second = pa.Table.from_pydict({"id": [4], "amount": [decimal.Decimal("10.00")], "region": ["asia"]}, schema=schema)
    write_deltalake(path, first, partition_by=["region"])
    write_deltalake(path, second, mode="append")
    # A delta-rs checkpoint (compressed, dictionary-encoded) beside the JSON.
    from deltalake import DeltaTable
    DeltaTable(path).create_checkpoint()
    print(json.dumps({"written": path}))


def append_rows(path, name, count):
    """One-row appends, ids 1000*k+i, region NAME: a writer process racing others."""
    import pyarrow as pa
    from deltalake import CommitProperties, write_deltalake
    schema = pa.schema([("id", pa.int64()), ("amount", pa.decimal128(18, 2)), ("day", pa.date32()),
                        ("score", pa.float64()), ("ok", pa.bool_()), ("region", pa.string())])
    base = int(name.lstrip("p")) * 1000
    for i in range(int(count)):
        row = pa.Table.from_pydict({"id": [base + i], "amount": [decimal.Decimal("1.00")],
                                    "day": [datetime.date(2024, 1, 1)], "score": [0.0], "ok": [True],
                                    "region": [name]}, schema=schema)
        write_deltalake(path, row, mode="append", commit_properties=CommitProperties(max_commit_retries=1000))
    print(json.dumps({"appended": int(count)}))


def filter_counts(path, spec_path):
    """Counts rows `column = / < / > probe` with filters delta-rs may push down to
    the log's min/max stats (a wrong bound would drop a file and a row), through
    both the pyarrow dataset and DataFusion SQL (for probes short enough to inline)."""
    import pyarrow.compute as pc
    from deltalake import DeltaTable, QueryBuilder
    with open(spec_path) as f:
        spec = json.load(f)
    column, probes = spec["column"], spec["probes"]
    table = DeltaTable(path)
    dataset = table.to_pyarrow_dataset()
    field = pc.field(column)
    out = {"rows": table.to_pyarrow_table().num_rows,
           "lengths": sorted(len(v) for v in table.to_pyarrow_table()[column].to_pylist() if v is not None),
           "dataset": [], "sql": []}
    for probe in probes:
        out["dataset"].append([dataset.count_rows(filter=field == probe), dataset.count_rows(filter=field < probe),
                               dataset.count_rows(filter=field > probe)])
        if len(probe) <= 1000:
            literal = "'" + probe.replace("'", "''") + "'"
            counts = []
            for op in ("=", "<", ">"):
                result = QueryBuilder().register("t", table).execute(
                    f'select count(*) as n from t where "{column}" {op} {literal}').read_all()
                counts.append(result.column(0)[0].as_py())
            out["sql"].append(counts)
        else:
            out["sql"].append(None)
    print(json.dumps(out))


def check():
    import deltalake
    import pyarrow
    print(json.dumps({"deltalake": deltalake.__version__, "pyarrow": pyarrow.__version__}))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"check": check, "write-parquet": write_parquet, "read-delta": read_delta,
     "read-checkpoint": read_checkpoint, "write-delta": write_delta,
     "append-rows": append_rows, "filter-counts": filter_counts}[command](*args)
    # deltalake's runtime threads can abort the interpreter's finalization
    # ("terminate called without an active exception") depending on where stdout
    # goes; the work is done and flushed, so skip finalization.
    sys.stdout.flush()
    os._exit(0)
