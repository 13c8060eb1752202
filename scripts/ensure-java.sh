#!/usr/bin/env bash
# Makes sure a JDK 17+ and Maven are installed, which the Neo4j test server
# (tests/neo4j_server/) needs to build and run. Installs only what is missing,
# from Debian's packages, non-interactively. Idempotent. scripts/test.sh calls
# it when PLANATLAS_REQUIRE_NEO4J=1 (CI), where a missing server is a failure.
set -euo pipefail

java_major() {
  local v
  v="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  v="${v#1.}"
  echo "${v%%.*}"
}

missing=()
if ! command -v java >/dev/null 2>&1 || ! [[ "$(java_major)" =~ ^[0-9]+$ ]] || (( $(java_major) < 17 )); then
  missing+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)

if [ "${#missing[@]}" -gt 0 ]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" ensure-java "${missing[@]}"
fi
