#!/usr/bin/env bash
# Runs the whole test suite from a fresh checkout: system packages, the Python
# interop environment (pyarrow, deltalake, duckdb, moto, playwright, …), then `swift test`.
#
# The suites whose tests wait on local servers with time bounds — moto's S3 (S3Tests, the
# pipeline on S3), the HTTP server and headless Chromium (ServerTests, DashboardTests) — run
# after the rest, one group at a time: in one process beside the CPU-bound suites (the
# differential test, the pipeline runs) on 2 cores they starve and time out.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
MEDALLION_PYTHON="$(scripts/python-env.sh)"
export MEDALLION_PYTHON
swift build --build-tests
servers='^(S3Tests|ServerTests|DashboardTests)\.|S3LakeTests'
swift test --skip-build --skip "$servers"
swift test --skip-build --filter '^S3Tests\.'
swift test --skip-build --filter 'S3LakeTests'
swift test --skip-build --filter '^(ServerTests|DashboardTests)\.'
