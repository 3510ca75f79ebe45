#!/usr/bin/env bash
# Creates (once) the Python environment the interop tests use — pyarrow, deltalake
# and duckdb read what medallion writes — and prints its interpreter path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=".venv-interop"
if ! python3 -m venv --help >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pyarrow, deltalake, duckdb' >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check pyarrow deltalake duckdb >&2
fi
echo "$PWD/$venv/bin/python"
