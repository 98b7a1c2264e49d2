#!/usr/bin/env bash
# Runs the Temporal dev server in the foreground with a file-backed database, the comity
# namespace, the UI, the search attributes, and the server settings and SQLite pragmas
# (libs/temporal/src/server-settings.ts)
# the engine needs. Used by scripts/start.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL="$(bash scripts/temporal-cli.sh)"
DATA_DIR="${COMITY_DATA_DIR:-$PWD/.data}"
mkdir -p "$DATA_DIR"
PORT="${TEMPORAL_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_PORT:-8233}"

exec "$TEMPORAL" server start-dev \
  --ip 127.0.0.1 \
  --port "$PORT" \
  --ui-port "$UI_PORT" \
  --db-filename "$DATA_DIR/temporal.sqlite" \
  --sqlite-pragma journal_mode=wal \
  --sqlite-pragma synchronous=full \
  --namespace "${TEMPORAL_NAMESPACE:-comity}" \
  --search-attribute ComityStage=Keyword \
  --search-attribute ComityPair=Keyword \
  --search-attribute ComityKind=Keyword \
  --search-attribute ComityOverdue=Bool \
  --dynamic-config-value system.enableActivityEagerExecution=true \
  --log-level warn
