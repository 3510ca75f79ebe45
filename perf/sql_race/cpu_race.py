"""CPU seconds per query, medallion (a process per query, its rusage) vs DuckDB (in this
process, its rusage around the query), best of 3. CPU time moves far less with machine
load than wall time, so this is the race to run while other work shares the cores.

usage: cpu_race.py LAKE MEDALLION_BINARY [query,names]
"""
import sys, os, glob, resource, subprocess
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sql_race
import duckdb
lake, binary = sys.argv[1], sys.argv[2]
names = sys.argv[3].split(',') if len(sys.argv) > 3 else None
files = sql_race.snapshot_files(lake)
con = duckdb.connect(); con.execute("SET threads = 2")
for table, paths in files.items():
    layer, name = table.split(".")
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
    hive = "true" if table in sql_race.PARTITIONS else "false"
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({paths!r}, hive_partitioning = {hive})")
qdir = os.path.join(HERE, 'queries')
tm = tdb = 0
for path in sorted(glob.glob(qdir + '/*.sql')):
    n = os.path.basename(path)[:-4]
    if names and n not in names: continue
    special = os.path.join(qdir, 'duckdb', n + '.sql')
    dq = open(special if os.path.exists(special) else path).read()
    best_m = best_d = 1e9
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([binary, 'sql', '--lake', lake, '-f', path, '--format', 'csv', '--workers', '2'], stdout=subprocess.DEVNULL, check=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_m = min(best_m, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
        s0 = resource.getrusage(resource.RUSAGE_SELF)
        con.execute(dq).fetchall()
        s1 = resource.getrusage(resource.RUSAGE_SELF)
        best_d = min(best_d, s1.ru_utime + s1.ru_stime - s0.ru_utime - s0.ru_stime)
    tm += best_m; tdb += best_d
    print(f"{n:34s} medallion {best_m:6.3f} cpu-s  duckdb {best_d:6.3f} cpu-s  ratio {best_m/best_d:5.2f}", flush=True)
print(f"{'total':34s} medallion {tm:6.3f}  duckdb {tdb:6.3f}  ratio {tm/tdb:5.2f}")
