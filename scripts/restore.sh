#!/usr/bin/env bash
# Restores one dump written by scripts/backup.sh into an empty database (created when missing).
# usage: scripts/restore.sh DUMP TARGET_URL
#   e.g. scripts/restore.sh backups/comity-20261128T091500Z/comity.dump postgres://…/comity
#        scripts/restore.sh backups/comity-20261128T091500Z/temporal.dump postgres://…/temporal
# The checksum is verified first; a database that already has tables is refused (restore into a
# fresh one, then point the services at it). Stop the api and worker (and Temporal, for its
# databases) while restoring; afterwards run `npm run migration:run` (a backup of an older release)
# and `npm run cases:doctor` (README, "Backups and restores").
set -euo pipefail
[ $# -eq 2 ] || { sed -n '3,9p' "$0" >&2; exit 2; }
dump="$1" target="$2"
dir="$(dirname "$dump")"
if [ -f "$dir/SHA256SUMS" ]; then
  (cd "$dir" && grep " $(basename "$dump")\$" SHA256SUMS | sha256sum --check --quiet -) ||
    { echo "restore: $dump does not match its checksum" >&2; exit 1; }
fi

name="${target##*/}"
name="${name%%\?*}"
[[ "$name" =~ ^[A-Za-z0-9_]+$ ]] || { echo "restore: unsupported database name '$name'" >&2; exit 2; }
server="${target%/*}/postgres"
if [ "$(psql "$server" -Atqc "SELECT count(*) FROM pg_database WHERE datname = '$name'")" = 0 ]; then
  psql "$server" -qc "CREATE DATABASE \"$name\""
fi
tables="$(psql "$target" -Atqc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
[ "$tables" = 0 ] || { echo "restore: database '$name' is not empty ($tables tables); restore into a fresh one" >&2; exit 1; }

# One transaction: a failed restore leaves the database empty, never half restored.
pg_restore --exit-on-error --single-transaction --no-owner --dbname="$target" "$dump"
echo "restored $dump into $name"
