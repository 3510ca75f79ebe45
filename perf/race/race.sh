#!/usr/bin/env bash
# The race: the whole SportsBar pipeline in medallion, DuckDB, Polars and PySpark on the same
# source folder (see perf/race/README.md). Creates the venv on first use (perf/race/.venv, or
# $RACE_VENV), then runs perf/race/race.py with every argument given here.
#
#   perf/race/race.sh --source Tests/Fixtures/atliqon-sportsbar --engines duckdb,polars,spark
#   perf/race/race.sh --orders 10000000 --compression zstd --markdown /tmp/race.md
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
exec "$PYTHON" "$RACE_DIR/race.py" "$@"
