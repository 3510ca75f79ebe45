#!/usr/bin/env bash
# Runs the whole test suite from a fresh checkout: system packages, the Python
# interop environment (pyarrow, deltalake, duckdb), then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
MEDALLION_PYTHON="$(scripts/python-env.sh)"
export MEDALLION_PYTHON
swift build --build-tests
swift test --skip-build
