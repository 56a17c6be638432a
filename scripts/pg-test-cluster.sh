#!/usr/bin/env bash
# Creates (once) and starts a private, throwaway PostgreSQL cluster for the test suite, creates the
# test database, and prints its URL on stdout (everything else goes to stderr), so that CI can do:
#   export PSIZERO_TEST_PG_URL="$(bash scripts/pg-test-cluster.sh)"
# Runs as root on Debian/Ubuntu with the postgresql package installed (pg_createcluster comes from
# postgresql-common). Idempotent: a cluster that already runs is left as it is. Trust auth on
# localhost only: this cluster holds nothing but test data and lives in /tmp.
set -euo pipefail

NAME="${PSIZERO_PG_CLUSTER:-psizero_test}"
PORT="${PSIZERO_PG_PORT:-5433}"
DATA_DIR="${PSIZERO_PG_DATA:-/tmp/psizero-pg}"
DB="${PSIZERO_PG_DB:-psizero_test}"

log() { echo "pg-test-cluster: $*" >&2; }

if [ ! -d /etc/postgresql ] || ! command -v pg_createcluster >/dev/null; then
  log "PostgreSQL is not installed (apt-get install -y postgresql)"
  exit 1
fi
# The newest installed major version, e.g. 15.
VERSION="$(ls /etc/postgresql | sort -n | tail -n 1)"
if [ -z "$VERSION" ]; then
  log "no PostgreSQL version under /etc/postgresql"
  exit 1
fi

# A cluster whose configuration survived but whose data directory did not (/tmp was cleaned) is
# recreated rather than left broken.
if [ -d "/etc/postgresql/$VERSION/$NAME" ] && [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  log "data directory $DATA_DIR is gone; recreating cluster $VERSION/$NAME"
  pg_dropcluster --stop "$VERSION" "$NAME" >&2 || true
fi
if [ ! -d "/etc/postgresql/$VERSION/$NAME" ]; then
  log "creating cluster $VERSION/$NAME on port $PORT in $DATA_DIR"
  pg_createcluster "$VERSION" "$NAME" -p "$PORT" -d "$DATA_DIR" -- --auth-local=trust --auth-host=trust >&2
fi

status="$(pg_lsclusters --no-header | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n { print $4 }')"
if [ "$status" != "online" ]; then
  log "starting cluster $VERSION/$NAME"
  pg_ctlcluster "$VERSION" "$NAME" start >&2
fi

# The server may take a moment to accept connections after start.
for _ in $(seq 1 50); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.2
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2

exists="$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
if [ "$exists" != "1" ]; then
  log "creating database $DB"
  psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE \"$DB\"" >&2
fi

echo "postgres://postgres@127.0.0.1:$PORT/$DB"
