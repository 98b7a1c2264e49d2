#!/usr/bin/env bash
# Creates the secret files docker-compose.yml mounts under /run/secrets (./secrets by default):
# the PostgreSQL password, the DATABASE_URL built from it (and Temporal's database URLs, for the
# backup service), the token-signing secret and the payload key. Existing files are kept, so running it again never rotates a secret by accident.
# The directory is owner-only (0700); the files inside are 0644 because the containers read them
# as their own users (postgres, node) through bind mounts.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-secrets}"
mkdir -p "$dir"
chmod 700 "$dir"

write() { # name, content: only when missing
  local file="$dir/$1"
  if [ -s "$file" ]; then echo "kept    $file"; return; fi
  (umask 022; printf '%s' "$2" >"$file")
  echo "created $file"
}

random() { openssl rand -base64 "$1" | tr -d '\n'; }

write db-password "$(openssl rand -hex 24)"
write database-url "postgres://comity:$(cat "$dir/db-password")@postgres:5432/comity"
write temporal-database-urls "$(for db in temporal temporal_visibility; do printf 'postgres://comity:%s@postgres:5432/%s ' "$(cat "$dir/db-password")" "$db"; done)"
write auth-jwt-secret "$(random 48)"
write payload-keys "k$(date -u +%Y%m):$(random 32)"
