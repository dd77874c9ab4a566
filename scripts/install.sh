#!/usr/bin/env bash
# Installs the built CLI (npm run build) under PREFIX (default /usr/local): the launcher, package.json and lib/ (the
# bundle and its code cache) go to PREFIX/lib/prosody-manager/, the command is a symlink PREFIX/bin/prosody-manager
# (Node follows it, so lib/ is found beside the real file). The new copy is put beside the old one and swapped in, so a run that starts
# meanwhile sees one whole version.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
if [ ! -f dist/prosody-manager.tar.gz ]; then
  echo "install.sh: dist/prosody-manager.tar.gz is missing: run 'npm ci && npm run build' first" >&2
  exit 1
fi
lib="$prefix/lib/prosody-manager"
mkdir -p "$prefix/lib" "$prefix/bin"
stage="$(mktemp -d "$prefix/lib/.prosody-manager.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
tar -xzf dist/prosody-manager.tar.gz -C "$stage"
chmod 755 "$stage"
rm -rf "$lib.old"
if [ -e "$lib" ]; then mv "$lib" "$lib.old"; fi
mv "$stage" "$lib"
rm -rf "$lib.old"
ln -sfn "$lib/prosody-manager.js" "$prefix/bin/prosody-manager"
echo "installed $prefix/bin/prosody-manager -> $lib/prosody-manager.js"
