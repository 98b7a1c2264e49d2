#!/usr/bin/env bash
# Runs a TypeScript entry point of the repository (a benchmark, the fuzzer, the fault storm) from
# source, on the pinned Node.js the start and test scripts use. Usage: bash scripts/run-ts.sh FILE [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node
ensure_node_modules
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register "$@"
