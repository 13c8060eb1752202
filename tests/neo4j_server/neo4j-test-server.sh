#!/usr/bin/env bash
# PlanAtlas integration-test support: a real Neo4j 5.26 LTS Community server
# (embedded in a JVM, Bolt on, auth off, HTTP off) in a throw-away data dir.
#
# Usage: neo4j-test-server.sh build [--force] | start [PORT] | stop | status
#
#   build         mvn -B -q package (skipped when target/ is newer than pom.xml and src/)
#   start [PORT]  build if needed, start on 127.0.0.1:PORT (default $NEO4J_TEST_PORT or 7687)
#                 in a fresh data dir under ${TMPDIR:-/tmp}; waits for readiness and prints
#                 "NEO4J_READY bolt://127.0.0.1:PORT version=5.26.x edition=community"
#   stop          SIGTERM, wait, SIGKILL if needed, then remove the data dir
#   status        exit 0 and print details if running, exit 1 if not
#
# Exit codes: 0 ok, 1 failure, 2 usage, 3 Java (17+) or Maven missing.
#
# Environment:
#   NEO4J_TEST_PORT           default port (7687)
#   NEO4J_TEST_HEAP           JVM -Xmx (1g)
#   NEO4J_TEST_JAVA_OPTS      extra JVM options (word-split)
#   NEO4J_TEST_START_TIMEOUT  seconds to wait for readiness (120)
#   NEO4J_TEST_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (60)
#   NEO4J_TEST_MVN_OFFLINE=1  pass -o to Maven (everything must already be in ~/.m2)
#   JAVA_HOME                 used if set, else `java` on PATH
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
TARGET="$HERE/target"
JAR="$TARGET/neo4j-test-server.jar"
LIB="$TARGET/lib"
STAMP="$TARGET/.build-stamp"
RUN="$HERE/run"
PIDFILE="$RUN/neo4j.pid"
LOGFILE="$RUN/neo4j.log"
DATAFILE="$RUN/neo4j.datadir"
URIFILE="$RUN/neo4j.uri"
MAIN_CLASS="org.planatlas.testsupport.Neo4jTestServer"
DATA_PREFIX="planatlas-neo4j-"

say() { printf 'neo4j-test-server: %s\n' "$*" >&2; }
die() { local code="$1"; shift; say "ERROR: $*"; exit "$code"; }

find_java() {
    local j=""
    if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
        j="${JAVA_HOME}/bin/java"
    elif command -v java >/dev/null 2>&1; then
        j="$(command -v java)"
    else
        die 3 "Java not found (no \$JAVA_HOME/bin/java, no 'java' on PATH). Install a JDK 17 or 21, e.g. 'apt-get install openjdk-17-jdk-headless'."
    fi
    local v major
    v="$("$j" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
    major="${v%%.*}"
    [[ "$major" == "1" ]] && major="$(echo "$v" | cut -d. -f2)"
    if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
        die 3 "Java 17+ required, found '$v' at $j"
    fi
    JAVA="$j"
}

is_built() {
    [[ -f "$JAR" && -f "$STAMP" && -d "$LIB" ]] || return 1
    compgen -G "$LIB/neo4j-*.jar" >/dev/null || return 1
    [[ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit)" ]]
}

cmd_build() {
    local force=0
    [[ "${1:-}" == "--force" ]] && force=1
    if (( ! force )) && is_built; then
        say "build up to date ($JAR)"
        return 0
    fi
    find_java
    command -v mvn >/dev/null 2>&1 || die 3 "Maven ('mvn') not found on PATH; install it (e.g. 'apt-get install maven')."
    local -a mvnargs=(-B -q -Dstyle.color=never -f "$HERE/pom.xml")
    [[ "${NEO4J_TEST_MVN_OFFLINE:-0}" == "1" ]] && mvnargs+=(-o)
    say "building (mvn ${mvnargs[*]} package) ..."
    rm -f "$STAMP"
    local jhome="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$JAVA")")")}"
    # (sed strips the stray ANSI resets Maven 3.8's jansi prints even in batch/quiet mode;
    #  pipefail keeps mvn's exit status)
    JAVA_HOME="$jhome" mvn "${mvnargs[@]}" package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 \
        || die 1 "Maven build failed (see output above)"
    touch "$STAMP"
    say "built $JAR (+ $(find "$LIB" -name '*.jar' | wc -l) jars in $LIB)"
}

# pid of our running server, or empty (also validates the pid really is ours)
running_pid() {
    [[ -f "$PIDFILE" ]] || return 0
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$MAIN_CLASS"; then
        return 0  # pid was reused by something else
    fi
    echo "$pid"
}

port_open() {  # port_open HOST PORT -> 0 if something accepts connections
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

remove_data_dir() {
    [[ -f "$DATAFILE" ]] || return 0
    local d
    d="$(cat "$DATAFILE")"
    # only ever delete a directory this script created
    if [[ -n "$d" && -d "$d" && "$(basename "$d")" == "$DATA_PREFIX"* ]]; then
        rm -rf -- "$d"
    fi
    rm -f "$DATAFILE"
}

cleanup_state() {
    remove_data_dir
    rm -f "$PIDFILE" "$URIFILE"
}

cmd_start() {
    local port="${1:-${NEO4J_TEST_PORT:-7687}}"
    local host="127.0.0.1"
    [[ "$port" =~ ^[0-9]+$ ]] || die 2 "PORT must be a number, got '$port'"
    local timeout="${NEO4J_TEST_START_TIMEOUT:-120}"

    local pid
    pid="$(running_pid)"
    if [[ -n "$pid" ]]; then
        if [[ -f "$URIFILE" && "$(cat "$URIFILE")" == "bolt://$host:$port" ]]; then
            say "already running (pid $pid)"
            grep -m1 '^NEO4J_READY' "$LOGFILE" || echo "NEO4J_READY bolt://$host:$port"
            return 0
        fi
        die 1 "already running (pid $pid, $(cat "$URIFILE" 2>/dev/null)); stop it first"
    fi
    cleanup_state  # stale state from a crashed run

    find_java
    cmd_build
    port_open "$host" "$port" && die 1 "port $host:$port is already in use by another process"

    mkdir -p "$RUN"
    local data
    data="$(mktemp -d "${TMPDIR:-/tmp}/${DATA_PREFIX}XXXXXX")"
    echo "$data" >"$DATAFILE"

    local -a jvm=(
        "-Xmx${NEO4J_TEST_HEAP:-1g}"
        -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow
        -Dfile.encoding=UTF-8 -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
        --add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.util=ALL-UNNAMED
        --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
        --add-opens=java.base/java.net=ALL-UNNAMED
    )
    # extra JVM options, word-split on purpose
    # shellcheck disable=SC2206
    [[ -n "${NEO4J_TEST_JAVA_OPTS:-}" ]] && jvm+=(${NEO4J_TEST_JAVA_OPTS})
    local t0=$SECONDS
    nohup "$JAVA" "${jvm[@]}" -cp "$JAR:$LIB/*" "$MAIN_CLASS" \
        --home "$data" --host "$host" --port "$port" >"$LOGFILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    echo "bolt://$host:$port" >"$URIFILE"

    local ready=""
    while (( SECONDS - t0 < timeout )); do
        ready="$(grep -m1 '^NEO4J_READY' "$LOGFILE" 2>/dev/null || true)"
        [[ -n "$ready" ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            say "ERROR: server exited before becoming ready; last lines of $LOGFILE:"
            tail -n 60 "$LOGFILE" >&2 || true
            cleanup_state
            exit 1
        fi
        sleep 0.25
    done
    if [[ -z "$ready" ]] || ! port_open "$host" "$port"; then
        say "ERROR: not ready within ${timeout}s; last lines of $LOGFILE:"
        tail -n 60 "$LOGFILE" >&2 || true
        kill -TERM "$pid" 2>/dev/null || true
        sleep 5
        kill -KILL "$pid" 2>/dev/null || true
        cleanup_state
        exit 1
    fi
    say "ready after $((SECONDS - t0))s (pid $pid, data $data, log $LOGFILE)"
    echo "$ready"
}

cmd_stop() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        say "not running"
        cleanup_state
        return 0
    fi
    local timeout="${NEO4J_TEST_STOP_TIMEOUT:-60}" t0=$SECONDS
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && (( SECONDS - t0 < timeout )); do
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "still alive after ${timeout}s, sending SIGKILL to $pid"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    cleanup_state
    say "stopped (pid $pid, $((SECONDS - t0))s)"
}

cmd_status() {
    local pid
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then
        echo "not running"
        return 1
    fi
    echo "running pid=$pid uri=$(cat "$URIFILE" 2>/dev/null) data=$(cat "$DATAFILE" 2>/dev/null) log=$LOGFILE"
    grep -m1 '^NEO4J_READY' "$LOGFILE" 2>/dev/null || echo "(starting, not ready yet)"
}

usage() {
    sed -n '5,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

case "${1:-}" in
    build) shift; cmd_build "$@" ;;
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    -h|--help|help|"") usage ;;
    *) say "unknown command '$1'"; usage ;;
esac
