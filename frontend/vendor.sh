#!/usr/bin/env bash
# Copies the browser libraries of the web UI from node_modules into
# search_api/http/static/vendor/, with their licences, so the committed app works
# with no internet and no build step.
#
#   cd frontend && npm ci && npm run vendor      # or: bash frontend/vendor.sh
#   bash frontend/vendor.sh --check              # fail if vendor/ differs from node_modules
#
# Versions are pinned in package.json / package-lock.json. To upgrade:
# `npm install --save-exact cytoscape@X cytoscape-dagre@Y`, then run this
# script and commit package*.json and search_api/http/static/vendor/ together.
set -euo pipefail
cd "$(dirname "$0")"
OUT=../search_api/http/static/vendor
MODE=${1:-copy}

if [ ! -d node_modules/cytoscape ] || [ ! -d node_modules/cytoscape-dagre ]; then
  npm ci --no-audit --no-fund
fi

version() { node -p "require('./node_modules/$1/package.json').version"; }

# source file (under node_modules) -> file under vendor/. ES modules are
# copied with a .js name (served as text/javascript everywhere) and without
# their sourceMappingURL comment (the .map files are not vendored).
FILES=(
  "cytoscape/dist/cytoscape.esm.min.mjs:cytoscape/cytoscape.esm.min.js"
  "cytoscape/LICENSE:cytoscape/LICENSE"
  "cytoscape-dagre/dist/cytoscape-dagre.min.mjs:cytoscape-dagre/cytoscape-dagre.min.js"
  "cytoscape-dagre/LICENSE:cytoscape-dagre/LICENSE"
  # cytoscape-dagre 4 bundles @dagrejs/dagre and @dagrejs/graphlib: keep their licences too.
  "@dagrejs/dagre/LICENSE:cytoscape-dagre/LICENSE.dagre"
  "@dagrejs/graphlib/LICENSE:cytoscape-dagre/LICENSE.graphlib"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in "${FILES[@]}"; do
  src=node_modules/${pair%%:*}
  dst=$tmp/${pair#*:}
  mkdir -p "$(dirname "$dst")"
  if [[ $src == *.mjs ]]; then
    sed '/^\/\/# sourceMappingURL=/d' "$src" > "$dst"
  else
    cp "$src" "$dst"
  fi
done
cat > "$tmp/VERSIONS.txt" <<VERSIONS
Vendored by frontend/vendor.sh from the npm registry (see frontend/package-lock.json).
cytoscape $(version cytoscape) (MIT)
cytoscape-dagre $(version cytoscape-dagre) (MIT), bundling @dagrejs/dagre $(version @dagrejs/dagre) and @dagrejs/graphlib $(version @dagrejs/graphlib) (MIT)
VERSIONS

if [ "$MODE" = "--check" ]; then
  if diff -r "$tmp" "$OUT"; then
    echo "vendor: search_api/http/static/vendor is up to date"
  else
    echo "vendor: search_api/http/static/vendor differs from node_modules; run frontend/vendor.sh" >&2
    exit 1
  fi
else
  rm -rf "$OUT"
  mkdir -p "$OUT"
  cp -r "$tmp"/. "$OUT"/
  echo "vendor: wrote $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
fi
