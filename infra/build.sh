#!/usr/bin/env bash
# `npm run build`: compiles dist/ only when a source changed since the last build (or
# FORCE_BUILD=1). It builds beside dist/ and swaps it in, so services already running from
# dist/ (npm start) keep their files while a `npm run token`, `cli` or `demo` builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=dist/.build-stamp
if [ "${FORCE_BUILD:-0}" != 1 ] && [ -f "$stamp" ]; then
  # test/support and the private clusters are compiled too: bench/soak.ts uses them
  changed=$(find apps libs scripts bench test/support test/faults/private-cluster.ts test/faults/private-postgres.ts tsconfig.json tsconfig.build.json package-lock.json \
    \( -name '*.ts' -o -name '*.json' \) -newer "$stamp" -print -quit 2>/dev/null || true)
  [ -z "$changed" ] && exit 0
fi
next="dist.next.$$"
trap 'rm -rf "$next"' EXIT
npx tsc -p tsconfig.build.json --outDir "$next"
npx tsc-alias -p tsconfig.build.json --outDir "$next"
touch "$next/.build-stamp"
old="dist.old.$$"
if [ -d dist ]; then mv dist "$old"; fi
mv "$next" dist
rm -rf "$old"
