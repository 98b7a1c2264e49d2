#!/usr/bin/env bash
# Start time: how long `npm start` takes to a healthy /health on a second run (Temporal CLI cached,
# dependencies installed, database migrated, build up to date). Runs `npm start` twice on ports
# and a data directory of its own (the first run builds and migrates), and times the second from
# the command to the first 200 of /health. Run: bash bench/start-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export API_PORT="${START_API_PORT:-3917}"
export TEMPORAL_ADDRESS="127.0.0.1:${START_TEMPORAL_PORT:-7917}"
export TEMPORAL_UI_PORT="${START_UI_PORT:-8917}"
export COMITY_DATA_DIR="${START_DATA_DIR:-$(mktemp -d -t comity-start-XXXXXX)}"
export DATABASE_URL="${START_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/comity_start_$$}"

one_run() {
  local started pid
  started=$(date +%s.%N)
  setsid npm start >"$COMITY_DATA_DIR/start-$1.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "npm start exited; see $COMITY_DATA_DIR/start-$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$1 run: healthy after $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }") s"
  # The whole session: Ctrl-C as a person would give it.
  kill -INT -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

one_run first
one_run second
psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${DATABASE_URL##*/} WITH (FORCE)" >/dev/null 2>&1 || true
echo "(data in $COMITY_DATA_DIR)"
