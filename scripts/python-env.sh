#!/usr/bin/env bash
# Creates (once) the Python environment the interop tests use — pyarrow, deltalake
# and duckdb read what medallion writes; pysail (a Spark Connect server, no JVM) and
# pyspark run the job `medallion export-spark` writes; playwright drives Debian's chromium
# (scripts/install-deps.sh) through the dashboard page test — and prints its interpreter path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=".venv-interop"
# pysail 0.7 serves PySpark 3.5 and 4.0-4.1 clients (it refuses 4.3); pyspark 4.1 wants pandas < 3.
# The Connect-only client is enough for the Sail tests; the opt-in local-mode test
# (MEDALLION_TEST_PYSPARK_LOCAL=1) needs the full package and Java: replace it with
#   .venv-interop/bin/pip uninstall -y pyspark-client && .venv-interop/bin/pip install pyspark==4.1.1
spark_packages=("pysail==0.7.2" "pyspark-client==4.1.1" "pandas<3" "zstandard==0.25.0")
# moto's server is the local S3 the S3 and object-storage tests run against (Tests/TestSupport/moto_server.py).
s3_packages=("moto[server]==5.2.6")
if ! python3 -m venv --help >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pyarrow, deltalake, duckdb' >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check pyarrow deltalake duckdb >&2
fi
if ! "$venv/bin/python" -c 'import pysail, pyspark, zstandard, sys; sys.exit(pyspark.__version__ != "4.1.1")' >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check "${spark_packages[@]}" >&2
fi
# Playwright's own browser download is skipped: the tests launch /usr/bin/chromium.
if ! "$venv/bin/python" -c 'import playwright' >/dev/null 2>&1; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$venv/bin/pip" install -q --disable-pip-version-check "playwright==1.65.2" >&2
fi
if ! "$venv/bin/python" -c 'import moto, moto.server, boto3, sys; sys.exit(moto.__version__ != "5.2.6")' >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check "${s3_packages[@]}" >&2
fi
echo "$PWD/$venv/bin/python"
