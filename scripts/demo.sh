#!/usr/bin/env bash
# The demo job: installs what is missing, builds medallion in release mode and runs
# `medallion demo` — a generated SportsBar dataset (3M orders over 18 months, made once
# in ./demo/source), a backfill into ./demo/lake, three more days of files, and an
# incremental run, then the dashboard (./demo/dashboard.html). Extra arguments go to
# `medallion demo` (e.g. --orders 500000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product medallion
bin="$(swift build -c release --show-bin-path)/medallion"
"$bin" demo --dir demo "$@"
echo
echo "dashboard: file://$PWD/demo/dashboard.html"
