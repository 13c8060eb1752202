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
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-java: missing ${missing[*]} and apt-get is not available" >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=(sudo)
    else
      echo "ensure-java: need root (or sudo) to install ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "ensure-java: installing ${missing[*]} from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
