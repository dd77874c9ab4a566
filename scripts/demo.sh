#!/usr/bin/env bash
# The offline default: builds the local fixture (a real prosody-modules Mercurial repository and rocks server made
# from Debian's prosody-modules package) if absent, then runs a short real session against a sandbox directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/fixture.js build --out fixtures/build

sandbox=${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/prosody-manager-demo.XXXXXX")}
mkdir -p "$sandbox"
pm() {
  echo
  echo "\$ prosody-manager $*"
  node dist/prosody-manager.js \
    --cache-dir "$sandbox/cache" \
    --community-url "$PWD/fixtures/build/community" \
    --community-dir "$sandbox/modules" \
    --rocks-server "$PWD/fixtures/build/rocks" \
    --installer-path "$sandbox/rocks" \
    --config "$sandbox/prosody.cfg.lua" \
    "$@"
}
printf 'plugin_paths = { "%s/modules" }\nVirtualHost "localhost"\n' "$sandbox" > "$sandbox/prosody.cfg.lua"

pm module sync
pm module search muc
pm module info mod_sasl2_fast
pm module install mod_sasl2_fast
pm module list
pm module remove mod_sasl2_fast mod_sasl2
pm module list
echo
echo "Sandbox left in $sandbox (delete it when done)."
