#!/usr/bin/env bash
# Runs a command with close() interposed: every close() that fails with EBADF on a
# descriptor >= 0 (a double close, which under threads closes someone else's file) is
# logged with a backtrace to $FDCHECK_DIR/ebadf-<pid>.log. Found LakeLock's double close.
#   scripts/fdcheck/run.sh swift test --skip-build --filter PipelineTests
#   then: addr2line -f -e <binary> <offsets> to symbolise the frames.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export FDCHECK_DIR="${FDCHECK_DIR:-$(mktemp -d /tmp/fdcheck-XXXXXX)}"
gcc -shared -fPIC -O1 -o "$FDCHECK_DIR/libfdcheck.so" "$here/close_ebadf_logger.c" -ldl
status=0
LD_PRELOAD="$FDCHECK_DIR/libfdcheck.so" "$@" || status=$?
if compgen -G "$FDCHECK_DIR/ebadf-*.log" > /dev/null; then
    echo "fdcheck: double closes logged in $FDCHECK_DIR:" >&2
    grep -h '^close(' "$FDCHECK_DIR"/ebadf-*.log | sort | uniq -c >&2
    exit 1
fi
echo "fdcheck: no double close" >&2
exit $status
