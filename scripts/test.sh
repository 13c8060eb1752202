#!/usr/bin/env bash
# Runs the whole test suite. Starts the services the tests need (a real Neo4j
# 5.26 server from tests/neo4j_server/) and stops them afterwards, whatever the
# outcome. A server that was already running is used and left running.
# Debian's chromium is installed for the browser tests when missing.
#
# Without Java the Neo4j tests are skipped with a message, unless
# PLANATLAS_REQUIRE_NEO4J=1 (CI sets it): then Java and Maven are installed if
# missing (scripts/ensure-java.sh) and a server that does not start is a
# failure. NEO4J_TEST_PORT picks the port (default 7687).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SERVER=tests/neo4j_server/neo4j-test-server.sh
PORT="${NEO4J_TEST_PORT:-7687}"
export NEO4J_TEST_URI="bolt://127.0.0.1:$PORT"

started=0
stop_server() {
  if [ "$started" -eq 1 ]; then
    bash "$SERVER" stop || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${PLANATLAS_REQUIRE_NEO4J:-0}" = "1" ]; then
  bash scripts/ensure-java.sh
fi

# The browser tests drive Debian's chromium; install it when missing.
if ! bash scripts/ensure-chromium.sh; then
  if [ "${PLANATLAS_REQUIRE_BROWSER:-0}" = "1" ]; then
    echo "chromium could not be installed and PLANATLAS_REQUIRE_BROWSER=1" >&2
    exit 1
  fi
  echo "no chromium: browser tests will be skipped" >&2
fi

if bash "$SERVER" status >/dev/null 2>&1; then
  NEO4J_TEST_URI="$(cat tests/neo4j_server/run/neo4j.uri)"
  echo "using the Neo4j test server already running at $NEO4J_TEST_URI" >&2
else
  code=0
  bash "$SERVER" start "$PORT" || code=$?
  if [ "$code" -eq 0 ]; then
    started=1
  elif [ "${PLANATLAS_REQUIRE_NEO4J:-0}" = "1" ]; then
    echo "the Neo4j test server did not start (exit $code) and PLANATLAS_REQUIRE_NEO4J=1" >&2
    exit "$code"
  else
    echo "no Neo4j test server (exit $code; 3 means Java 17+ or Maven is missing): Neo4j tests will be skipped" >&2
  fi
fi

status=0
$BIN/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "no tests ran" >&2
fi
exit "$status"
