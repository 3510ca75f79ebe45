#!/usr/bin/env bash
# The demo job: builds medallion in release mode, generates sample data into ./demo
# (once), and scans it in every codec.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product medallion
bin="$(swift build -c release --show-bin-path)/medallion"
rows="${DEMO_ROWS:-2000000}"
if [ ! -f demo/orders.csv ]; then
  "$bin" generate --out demo --orders "$rows"
fi
for f in demo/orders.csv demo/orders.csv.zst demo/orders.csv.gz; do
  echo "== medallion scan $f --sum order_qty"
  "$bin" scan "$f" --sum order_qty --report "demo/report-$(basename "$f").json"
done
