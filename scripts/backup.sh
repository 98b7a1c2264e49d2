#!/usr/bin/env bash
# Backs up Comity's database and Temporal's with pg_dump, into one directory per run:
#   DIR/comity-<UTC time>/comity.dump, <each Temporal database>.dump, roles.sql (when allowed),
#   SHA256SUMS, and manifest.txt (what was dumped, when, by which pg_dump).
# usage: scripts/backup.sh [DIR]            (DIR defaults to ./backups)
# env:   DATABASE_URL (or DATABASE_URL_FILE)  Comity's database
#        TEMPORAL_DATABASE_URLS (or _FILE)    Temporal's databases, space-separated, e.g.
#          "postgres://comity:…@postgres:5432/temporal postgres://comity:…@postgres:5432/temporal_visibility";
#          unset: Temporal is not backed up (the dev server keeps its own SQLite file).
# Comity's database is dumped first, Temporal's after it: a workflow may then be ahead of the read
# model after a restore, never behind it, and `npm run cases:doctor` re-projects such a case
# forward from its workflow (README, "Backups and restores").
# Each dump is a consistent snapshot of its database (pg_dump runs in one repeatable-read
# transaction) and blocks no writer; the cases keep running while it runs.
set -euo pipefail

from_file() { # NAME: NAME, or the content of the file NAME_FILE names
  local name="$1" file_var="${1}_FILE"
  if [ -n "${!file_var:-}" ]; then cat "${!file_var}"; else printf '%s' "${!name:-}"; fi
}

database_url="$(from_file DATABASE_URL)"
temporal_urls="$(from_file TEMPORAL_DATABASE_URLS)"
[ -n "$database_url" ] || { echo "backup: DATABASE_URL (or DATABASE_URL_FILE) is required" >&2; exit 2; }

out="${1:-backups}/comity-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
chmod 700 "$out"
dbname() { local path="${1##*/}"; printf '%s' "${path%%\?*}"; }

dump() { # URL FILE
  # Custom format: compressed, restorable table by table, with the privileges of comity_app.
  pg_dump --format=custom --compress=6 --no-password --file="$2" "$1"
  echo "dumped $(dbname "$1") -> $2 ($(du -h "$2" | cut -f1))"
}

dump "$database_url" "$out/comity.dump"
for url in $temporal_urls; do dump "$url" "$out/$(dbname "$url").dump"; done
# Roles (comity_app, login roles) live outside the databases; only a superuser may read them.
if pg_dumpall --roles-only --no-role-passwords --dbname="$database_url" >"$out/roles.sql" 2>/dev/null; then
  echo "dumped roles -> $out/roles.sql"
else
  rm -f "$out/roles.sql"
  echo "roles not dumped (needs a superuser): recreate comity_app and the login roles before restoring elsewhere"
fi

{
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "pg_dump=$(pg_dump --version)"
  echo "comity=$(dbname "$database_url")"
  for url in $temporal_urls; do echo "temporal=$(dbname "$url")"; done
} >"$out/manifest.txt"
(cd "$out" && sha256sum -- *.dump $( [ -f roles.sql ] && echo roles.sql ) >SHA256SUMS)
chmod 600 "$out"/*
echo "$out"
