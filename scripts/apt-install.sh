#!/usr/bin/env bash
# Installs Debian packages non-interactively, as root or through sudo:
#   apt-install.sh WHO PACKAGE...
# WHO names the caller in messages. Shared by ensure-java.sh and ensure-chromium.sh.
set -euo pipefail
who="$1"
shift
[ "$#" -gt 0 ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: missing $* and apt-get is not available" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "$who: need root (or sudo) to install $*" >&2
    exit 1
  fi
fi
echo "$who: installing $* from Debian's packages..." >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "$@"
