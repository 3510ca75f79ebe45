#!/usr/bin/env bash
# Installs the system packages medallion needs when they are missing (Debian/Ubuntu):
# the compression libraries, Chart.js (inlined into `medallion dashboard` pages) and
# chromium (the dashboard page test opens the page in it, headless).
set -euo pipefail
need=()
for pkg in zlib1g-dev libzstd-dev pkg-config libjs-chart.js chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "error: swift is not on PATH (Swift 6.1 or later is required)" >&2; exit 1; }
