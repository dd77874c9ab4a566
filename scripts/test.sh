#!/usr/bin/env bash
# The whole test suite: set-up, the real fixture (community hg repository and rocks server), then typecheck, unit and e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node dist/fixture.js build --out fixtures/build
npm test
