#!/usr/bin/env bash
# Backup and restore drill: dump the database, restore the dump into a scratch database, and compare every table's
# row count and content checksum between the two. Exits non-zero on any difference.
#
#   scripts/backup_drill.sh postgres://postgres@127.0.0.1:5432/sce [/path/to/backups]
#
# Needs pg_dump, pg_restore and psql of the server's major version, and a role that may CREATE DATABASE.
# The dump file is kept (in the given directory, default ./backups) — it is the backup the drill proved.
set -euo pipefail

SOURCE_URL=${1:?usage: backup_drill.sh postgres://user@host:port/dbname [backup-dir]}
BACKUP_DIR=${2:-backups}
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$BACKUP_DIR/sce-$stamp.dump"
base_url=${SOURCE_URL%/*}
scratch="sce_restore_drill_${stamp,,}"
scratch_url="$base_url/$scratch"

cleanup() { psql "$base_url/postgres" -q -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "1/4 dump   $SOURCE_URL -> $dump"
pg_dump --format=custom --no-owner --no-privileges --file "$dump" "$SOURCE_URL"

echo "2/4 restore into scratch database $scratch"
psql "$base_url/postgres" -q -c "CREATE DATABASE \"$scratch\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$scratch_url" "$dump"

# One line per table: name, row count, md5 of all rows in a stable order.
fingerprint() {
  psql "$1" -At -F ' ' <<'SQL'
SELECT format('SELECT %L, count(*), coalesce(md5(string_agg(t::text, %L ORDER BY t::text)), %L) FROM %I.%I t',
              schemaname || '.' || tablename, E'\n', '-', schemaname, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
}

echo "3/4 compare row counts and checksums of every table"
fingerprint "$SOURCE_URL" >"$BACKUP_DIR/sce-$stamp.source.txt"
fingerprint "$scratch_url" >"$BACKUP_DIR/sce-$stamp.restored.txt"
tables=$(wc -l <"$BACKUP_DIR/sce-$stamp.source.txt")
rows=$(awk '{s += $2} END {print s + 0}' "$BACKUP_DIR/sce-$stamp.source.txt")

if diff -u "$BACKUP_DIR/sce-$stamp.source.txt" "$BACKUP_DIR/sce-$stamp.restored.txt"; then
  echo "4/4 OK: $tables tables, $rows rows, identical counts and checksums; backup $dump ($(du -h "$dump" | cut -f1))"
else
  echo "4/4 FAILED: the restored database differs from the source (see the diff above)" >&2
  exit 1
fi
