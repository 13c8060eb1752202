#!/usr/bin/env bash
# Benchmarks at scale (see docs/benchmarks.md): generated project lists of
# each size in BENCH_SIZES (default 1000,10000,100000; 300,2000 with --quick),
# each ingested into a fresh temporary home. Writes docs/benchmarks.md,
# docs/bench-scaling.png and var/bench/results.json, then runs the load test
# (docs/load-test.md; also on Neo4j when a server is there). Arguments go to
# bench/run.py, e.g.
#   bash scripts/bench.sh --quick
#   BENCH_SIZES=1000,10000 bash scripts/bench.sh --neo4j off
# Then issue 15's runs of record (docs/benchmarks.md, a section each): the int8
# encoder against fp32, 100k projects on the embedded store, duplicate precision
# at 100k, serial against parallel ingest at 100k, and Neo4j at 10k and 100k.
# The full run takes about 80 minutes on 2 cores (BENCH_ISSUE15=off skips the
# issue-15 runs: ~45 minutes); `make bench` builds the model first.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m bench.run "$@"
# Issue 15 on the embedded store: encoder, 100k in one run, duplicates, parallel ingest.
if [[ "${BENCH_ISSUE15:-on}" != off ]]; then
    .venv/bin/python -m bench.encoder --texts 1024
    .venv/bin/python -m bench.scale --size 100000
    .venv/bin/python -m bench.dupes --size 100000
    .venv/bin/python -m bench.parallel_ingest --size 100000
fi
# Partner/county views at 1k and 10k projects in one county-heavy corpus, and
# the time from a CLI ingest to the running server answering (docs/bench-views.md).
.venv/bin/python -m bench.views
# The Neo4j benches below and the load test's Neo4j run empty the database they are given:
# NEO4J_BENCH_URI, or a throw-away test server started here and stopped afterwards.
neo4j_uri="${NEO4J_BENCH_URI:-}"
# A 2 GB heap: at 100k each list is one transaction of ~6k projects, and on the test server's default 1 GB
# heap young collections took an eighth of the ingest (docs/benchmarks.md).
export NEO4J_TEST_HEAP="${NEO4J_TEST_HEAP:-2g}"
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
    if [[ "${BENCH_ISSUE15:-on}" != off ]]; then
        # At 100k: no comparison with Neo4j's native indexes (its duplicate pass alone would take
        # ~4 min) and no warm-up ingest (100k ingests warm the JIT on their own).
        .venv/bin/python -m bench.neo4j_speed --uri "$neo4j_uri" --clear --size 100000 --warm-up 0 --native-queries 0
    fi
else
    echo "bench.sh: no Neo4j server (set NEO4J_BENCH_URI or build tests/neo4j_server): Neo4j benches skipped" >&2
fi
# Issue 15's goals in one table, from the raw figures the runs above left in var/bench/.
.venv/bin/python -m bench.issue15
