#!/usr/bin/env bash
# scripts/pg.sh start|stop|status|url|reset — a throwaway PostgreSQL cluster for the tests.
#
#   start   init (first time) and start the cluster, create role/database smgw;
#           a no-op when it is already running. Waits for readiness by polling
#           pg_isready until a deadline.
#   stop    fast shutdown (no-op when not running)
#   status  exit 0 if running
#   url     print the Npgsql connection string
#   reset   stop and delete the data dir (next start is a fresh cluster)
#
# Env:
#   SMGW_PG_DIR      data dir            (default /tmp/smgw-pg; must be reachable by user postgres when run as root)
#   SMGW_PG_PORT     TCP port            (default 55432; listens on 127.0.0.1 only)
#   SMGW_PG_BIN      PostgreSQL bin dir  (default: newest /usr/lib/postgresql/*/bin)
#   SMGW_PG_TIMEOUT  seconds to wait for readiness (default 60)
#
# Role smgw (password smgw, CREATEDB so tests can create a database per test
# class) owns database smgw. The cluster runs as user postgres when invoked as
# root (initdb/postgres refuse to run as root), else as the invoking user.
# Durability is switched off (fsync etc.): this cluster is for tests only.
set -euo pipefail

PGDIR=${SMGW_PG_DIR:-/tmp/smgw-pg}
PORT=${SMGW_PG_PORT:-55432}
TIMEOUT=${SMGW_PG_TIMEOUT:-60}
ROLE=smgw PASS=smgw DB=smgw

die() { echo "pg: ERROR: $*" >&2; exit 1; }
log() { echo "pg: $*" >&2; }

find_bin() {
  if [[ -n ${SMGW_PG_BIN:-} ]]; then echo "$SMGW_PG_BIN"; return; fi
  local d
  # shellcheck disable=SC2012
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $d && -x $d/initdb ]]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "no PostgreSQL server binaries found (install postgresql-15, or set SMGW_PG_BIN); try scripts/deps.sh"
}

url() { echo "Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASS;Database=$DB"; }

# Run a server-side command as the cluster owner.
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to own the cluster"
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

BIN=
bin() { [[ -n $BIN ]] || BIN=$(find_bin); echo "$BIN/$1"; }

running() {
  [[ -f $PGDIR/PG_VERSION ]] || return 1
  as_owner "$(bin pg_ctl)" status -D "$PGDIR" >/dev/null 2>&1
}

port_busy() { # something already answers on 127.0.0.1:PORT
  "$(bin pg_isready)" -q -h 127.0.0.1 -p "$PORT" -t 1 >/dev/null 2>&1 && return 0
  # pg_isready exit 2 = no response; also catch non-PostgreSQL listeners
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# shellcheck disable=SC2120
psql_su() { # psql as the superuser over the cluster's private unix socket
  "$(bin psql)" -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PORT" -U postgres -d postgres "$@"
}

init_cluster() {
  log "initialising cluster in $PGDIR"
  mkdir -p "$PGDIR"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$PGDIR"; fi
  chmod 700 "$PGDIR"
  local out
  if ! out=$(as_owner "$(bin initdb)" -D "$PGDIR" -U postgres -E UTF8 --locale=C.UTF-8 \
               --auth-local=trust --auth-host=scram-sha-256 2>&1); then
    echo "$out" >&2
    die "initdb failed (is $PGDIR reachable by the cluster owner?)"
  fi
  # Settings that do not depend on env (port/dir are passed at every start).
  as_owner tee -a "$PGDIR/postgresql.conf" >/dev/null <<'EOF'
# --- smgw test cluster ---
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
EOF
}

ensure_role_db() {
  # shellcheck disable=SC2119
  psql_su <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB OWNER $ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')
\gexec
SQL
}

start() {
  if running; then
    # Already up: make sure it is ours on the expected port, then (cheaply) re-assert role/db.
    "$(bin pg_isready)" -q -h 127.0.0.1 -p "$PORT" -t 5 \
      || die "cluster in $PGDIR is running but not on 127.0.0.1:$PORT (started with another SMGW_PG_PORT?)"
    ensure_role_db
    return 0
  fi
  if port_busy; then
    die "port $PORT on 127.0.0.1 is already in use by something else; set SMGW_PG_PORT"
  fi
  [[ -f $PGDIR/PG_VERSION ]] || init_cluster
  rm -f "$PGDIR/postmaster.pid" 2>/dev/null || true # stale pid from a killed run (pg_ctl said not running)

  local opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$PGDIR'"
  # -W: don't let pg_ctl wait; we poll pg_isready ourselves with a deadline.
  as_owner "$(bin pg_ctl)" start -W -D "$PGDIR" -l "$PGDIR/server.log" -o "$opts" >/dev/null \
    || { tail -n 20 "$PGDIR/server.log" >&2 2>/dev/null; die "pg_ctl start failed"; }

  local t0=$SECONDS deadline=$((SECONDS + TIMEOUT))
  until "$(bin pg_isready)" -q -h 127.0.0.1 -p "$PORT" -t 2; do
    if (( SECONDS >= deadline )); then
      tail -n 30 "$PGDIR/server.log" >&2 2>/dev/null || true
      die "PostgreSQL not ready on 127.0.0.1:$PORT after ${TIMEOUT}s (log: $PGDIR/server.log)"
    fi
    if (( SECONDS - t0 >= 1 )) && ! running; then
      tail -n 30 "$PGDIR/server.log" >&2 2>/dev/null || true
      die "PostgreSQL exited during startup (log: $PGDIR/server.log)"
    fi
    sleep 0.2
  done
  ensure_role_db
  log "PostgreSQL $(cat "$PGDIR/PG_VERSION") ready on 127.0.0.1:$PORT (data: $PGDIR)"
}

stop() {
  if ! running; then return 0; fi
  as_owner "$(bin pg_ctl)" stop -D "$PGDIR" -m fast -w -t "$TIMEOUT" >/dev/null \
    || die "pg_ctl stop failed (log: $PGDIR/server.log)"
}

case ${1:-} in
  start)  start ;;
  stop)   stop ;;
  status) running ;;
  url)    url ;;
  reset)  stop; rm -rf "$PGDIR" ;;
  *) echo "usage: $0 start|stop|status|url|reset" >&2; exit 2 ;;
esac
