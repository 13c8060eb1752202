#!/usr/bin/env bash
# Benchmarks at scale (see docs/benchmarks.md): generated project lists of
# each size in BENCH_SIZES (default 1000,10000,100000; 300,2000 with --quick),
# each ingested into a fresh temporary home. Writes docs/benchmarks.md,
# docs/bench-scaling.png and var/bench/results.json, then runs the load test
# (docs/load-test.md; also on Neo4j when a server is there). Arguments go to
# bench/run.py, e.g.
#   bash scripts/bench.sh --quick
#   BENCH_SIZES=1000,10000 bash scripts/bench.sh --neo4j off
# The full run takes about 45 minutes on 2 cores; `make bench` builds the
# model first.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m bench.run "$@"
# Partner/county views at 1k and 10k projects in one county-heavy corpus, and
# the time from a CLI ingest to the running server answering (docs/bench-views.md).
.venv/bin/python -m bench.views
# The Neo4j benches below and the load test's Neo4j run empty the database they are given:
# NEO4J_BENCH_URI, or a throw-away test server started here and stopped afterwards.
neo4j_uri="${NEO4J_BENCH_URI:-}"
if [[ -z "$neo4j_uri" ]] && bash tests/neo4j_server/neo4j-test-server.sh start "${NEO4J_BENCH_PORT:-7697}"; then
    neo4j_uri="bolt://127.0.0.1:${NEO4J_BENCH_PORT:-7697}"
    trap 'bash tests/neo4j_server/neo4j-test-server.sh stop' EXIT
fi
# The bounded loopback load test (issues: reliability, 15): 50 users for 60 s against
# search and similar on the embedded store, then, with a Neo4j server, the same test on
# Neo4j right after it; writes docs/load-test.md (a section per backend).
load_args=(--users "${LOAD_USERS:-50}" --seconds "${LOAD_SECONDS:-60}")
if [[ -n "$neo4j_uri" ]]; then
    load_args+=(--neo4j-uri "$neo4j_uri" --clear)
fi
.venv/bin/python -m bench.load_test "${load_args[@]}"
# Neo4j against the embedded store at 10k projects in one run, and every Cypher statement
# the Neo4j store runs under PROFILE (docs/benchmarks.md).
if [[ -n "$neo4j_uri" ]]; then
    .venv/bin/python -m bench.neo4j_profile --uri "$neo4j_uri" --clear
    .venv/bin/python -m bench.neo4j_speed --uri "$neo4j_uri" --clear
else
    echo "bench.sh: no Neo4j server (set NEO4J_BENCH_URI or build tests/neo4j_server): Neo4j benches skipped" >&2
fi
