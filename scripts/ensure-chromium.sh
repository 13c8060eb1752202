#!/usr/bin/env bash
# Makes sure Debian's Chromium (and a CJK font, so the Chinese UI renders in
# screenshots) is installed for the browser tests. Installs only what is
# missing: `apt-get update` runs at most once, non-interactively. Idempotent.
# Prints the Chromium version at the end.
#
# Playwright never downloads a browser of its own here: tests/test_browser.py
# launches /usr/bin/chromium through `executable_path`.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]; then
  missing+=(fonts-noto-cjk)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" ensure-chromium "${missing[@]}"
fi

# Debian's wrapper script prints a harmless shell warning on some machines;
# keep only the version line.
"$CHROMIUM" --version 2>/dev/null
