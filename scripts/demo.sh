#!/usr/bin/env bash
# The demo job: builds medallion in release mode, generates a SportsBar source folder
# (the real data's layout and dirt) into ./demo once per codec, and scans every
# child orders day file of each.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product medallion
bin="$(swift build -c release --show-bin-path)/medallion"
rows="${DEMO_ROWS:-2000000}"
for codec in none zstd gzip; do
  if [ ! -d "demo/$codec/2_child_company" ]; then
    "$bin" generate --out "demo/$codec" --orders "$rows" --compression "$codec" --incremental-days 30 --overwrite
  fi
done
for codec in none zstd gzip; do
  echo "== medallion scan demo/$codec/2_child_company/**/orders/**/*.csv* --sum order_qty"
  "$bin" scan "demo/$codec/2_child_company/**/orders/**/*.csv*" --sum order_qty --report "demo/report-$codec.json"
done
