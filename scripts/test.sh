#!/usr/bin/env bash
# Runs every test tier (unit, integration, workflow, e2e) against real PostgreSQL and the real
# Temporal dev server. Extra arguments go to jest (e.g. --selectProjects unit).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node

ensure_node_modules
ensure_test_packages
TEMPORAL_CLI="$(bash scripts/temporal-cli.sh)"
export TEMPORAL_CLI
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

cleanup() { [ -n "${EMBEDDED_PG_PID:-}" ] && kill -TERM "$EMBEDDED_PG_PID" 2>/dev/null && wait "$EMBEDDED_PG_PID" 2>/dev/null; true; }
trap cleanup EXIT

if ! postgres_up "$TEST_DATABASE_URL"; then
  if is_local_url "$TEST_DATABASE_URL" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "Starting the machine's PostgreSQL cluster..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  postgres_up "$TEST_DATABASE_URL" || wait_for_postgres "$TEST_DATABASE_URL" 10 || {
    is_local_url "$TEST_DATABASE_URL" || { echo "No PostgreSQL at TEST_DATABASE_URL" >&2; exit 1; }
    start_embedded_postgres "$TEST_DATABASE_URL"
  }
fi

# NestJS 12, @nestjs/config, jose, uuid and canonicalize are ES modules that the CommonJS code
# require()s; Node runs that natively, jest's module system only with vm modules enabled.
NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}" npx jest "$@"
