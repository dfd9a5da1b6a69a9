#!/usr/bin/env bash
# `npm test`: every test, unit and integration. Integration tests run against
# KAFKA_BROKERS/DATABASE_URL when both are set, Testcontainers when a Docker engine answers,
# otherwise the local no-Docker stack, which test/support/global-setup.ts starts if needed.
set -euo pipefail
SCRIPT_NAME=test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
cd "$root_dir"
# Type-check everything (tests included) first: jest transpiles without checking types.
npx tsc -p tsconfig.json --noEmit
exec npx jest "$@"
