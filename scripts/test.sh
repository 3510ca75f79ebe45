#!/usr/bin/env bash
# Runs the whole test suite from a fresh checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build --parallel 2>&1 | tee .build/test-output.txt
