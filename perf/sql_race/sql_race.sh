#!/usr/bin/env bash
# The SQL benchmark (issue #12): 10 dashboard queries on gold, 6 heavy ones on silver.orders,
# medallion vs DuckDB vs Polars on the same Parquet files. See perf/sql_race/README.md.
#
#   perf/sql_race/sql_race.sh --build --lake /work/perfdata/sqllake-2000x300 --markdown /tmp/sql.md
#   perf/sql_race/sql_race.sh --make-data --lake /tmp/sqllake     # a fresh machine: generate, run, race
#
# Options of this wrapper (the rest go to sql_race.py):
#   --build              build the release binary first (.build-bench/release/medallion)
#   --make-data          if --lake has no gold yet: generate the source (10M orders, 2,000
#                        customers, 300 products, zstd, seed 1) next to it and run the pipeline
#   --orders N / --customers N / --products N   the shape for --make-data
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/perf/race/venv.sh"
BIN="$REPO/.build-bench/release/medallion"
build=0 make_data=0 lake="" orders=10000000 customers=2000 products=300 rest=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build) build=1 ;;
        --make-data) make_data=1 ;;
        --orders) orders="$2"; shift ;;
        --customers) customers="$2"; shift ;;
        --products) products="$2"; shift ;;
        --lake) lake="$2"; rest+=("$1" "$2"); shift ;;
        --medallion) BIN="$2"; rest+=("$1" "$2"); shift ;;
        *) rest+=("$1") ;;
    esac
    shift
done
if [[ $build == 1 ]]; then
    echo "sql_race: swift build -c release --product medallion --scratch-path .build-bench" >&2
    (cd "$REPO" && swift build -c release --product medallion --scratch-path .build-bench >&2)
fi
if [[ $make_data == 1 && -n "$lake" && ! -d "$lake/gold" ]]; then
    source_dir="${lake%/}-source-${orders}x${customers}x${products}"
    if [[ ! -d "$source_dir" ]]; then
        "$BIN" generate --out "$source_dir" --orders "$orders" --compression zstd --seed 1 \
            --customers "$customers" --products "$products"
    fi
    "$BIN" run --source "$source_dir" --lake "$lake"
fi
exec "$PYTHON" "$REPO/perf/sql_race/sql_race.py" "${rest[@]}"
