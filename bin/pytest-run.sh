#!/usr/bin/env bash
# pytest, with "no tests collected" (exit 5) reported as a failure with a clear line:
# a test run that runs nothing must not look green.
set -uo pipefail
pytest "$@"
rc=$?
if [ "$rc" = 5 ]; then
  echo "pytest-run: ERROR: no tests were collected from $*" >&2
  exit 1
fi
exit "$rc"
