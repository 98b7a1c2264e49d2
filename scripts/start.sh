#!/usr/bin/env bash
# One command for the whole platform on one machine: Temporal dev server (built from its Go
# module if needed), PostgreSQL (embedded fallback), migrations, api and worker.
# Ctrl-C stops everything; data stays in .data/ (or $COMITY_DATA_DIR) for the next run, with the
# generated token-signing secret and, on the first run, the first admin's password.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/comity}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-comity}"
export API_PORT="${API_PORT:-3000}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export COMITY_DATA_DIR="${COMITY_DATA_DIR:-$PWD/.data}"

ensure_node_modules
bash scripts/temporal-cli.sh >/dev/null

cleanup() {
  for pid in ${TEMPORAL_PID:-} ${EMBEDDED_PG_PID:-}; do
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if postgres_up "$DATABASE_URL"; then
  echo "PostgreSQL answers at $(node -e 'const u=new URL(process.argv[1]);console.log(u.host)' "$DATABASE_URL")."
elif is_local_url "$DATABASE_URL"; then
  start_embedded_postgres "$DATABASE_URL"
else
  echo "No PostgreSQL answers at DATABASE_URL and it is not local; start it and run again." >&2
  exit 1
fi

temporal_host="${TEMPORAL_ADDRESS%:*}"
temporal_port="${TEMPORAL_ADDRESS##*:}"
if port_open "$temporal_host" "$temporal_port"; then
  echo "Temporal answers at $TEMPORAL_ADDRESS; using it."
else
  echo "Starting the Temporal dev server (data in $COMITY_DATA_DIR/temporal.sqlite)..."
  # In a session of its own, so Ctrl-C reaches the api and the worker first; cleanup stops it
  # once they have drained (otherwise the worker spends its shutdown retrying a dead server).
  TEMPORAL_PORT="$temporal_port" setsid bash scripts/temporal-dev-server.sh > >(sed -u 's/^/[temporal] /') 2>&1 &
  TEMPORAL_PID=$!
  # Not waited for here: it starts while the database is prepared below.
fi

# One signing secret per installation, generated once and kept in the data directory (0600);
# an AUTH_JWT_SECRET from the environment wins.
if [ -z "${AUTH_JWT_SECRET:-}" ]; then
  AUTH_JWT_SECRET="$(node scripts/local-secret.mjs "$COMITY_DATA_DIR/jwt-secret" 48)"
  export AUTH_JWT_SECRET
  echo "Access tokens are signed with the secret in $COMITY_DATA_DIR/jwt-secret (readable only by you)."
fi

build_if_changed
# Migrations, then the people and the treaty-rules data side by side, in one process.
node dist/scripts/prepare.js

for _ in $(seq 1 120); do port_open "$temporal_host" "$temporal_port" && break; sleep 0.25; done
port_open "$temporal_host" "$temporal_port" || { echo "The Temporal dev server did not start" >&2; exit 1; }

node_modules/.bin/concurrently --names api,worker,ready --prefix-colors cyan,green,yellow \
  --kill-others-on-fail --kill-signal SIGTERM \
  "node dist/apps/api/src/main.js" "node dist/apps/worker/src/main.js" "node scripts/print-urls.mjs" || true
