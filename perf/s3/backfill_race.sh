#!/usr/bin/env bash
# The object-storage acceptance race (issue #15): `medallion run` backfill with source and lake on
# local disk, then on a local S3 server (moto on 127.0.0.1), gold checked equal, times and ratio
# printed (see perf/s3/backfill_race.py). Python: $MEDALLION_PYTHON, else the interop venv that
# scripts/python-env.sh creates (moto[server], boto3, deltalake, pyarrow).
#
#   perf/s3/backfill_race.sh --orders 1M --medallion .build/release/medallion
#   perf/s3/backfill_race.sh --source /work/perfdata/10000000x2000x300-zstd-seed1 --rounds 2 --markdown /tmp/s3.md
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${MEDALLION_PYTHON:-$("$repo/scripts/python-env.sh")}"
exec "$python" "$repo/perf/s3/backfill_race.py" "$@"
