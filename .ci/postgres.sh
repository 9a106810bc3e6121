#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests' postgres ring, from the PostgreSQL installed on
# the machine (installed from Debian when it is missing).
#
#   eval "$(bash .ci/postgres.sh start)"   # start it; prints the export lines for the caller
#   bash .ci/postgres.sh stop              # stop it and remove its files
#   bash .ci/postgres.sh run CMD...        # start, run CMD with the URL exported, stop
#
# `start` initialises a cluster in a fresh directory under /tmp (owned by the `postgres` user when
# run as root, which PostgreSQL refuses to run as), listens on 127.0.0.1 at a free port with its
# unix socket in the same directory, creates the database `phoenix_test` and prints
#   export PHOENIX_TEST_POSTGRES_URL=postgresql+psycopg://...
#   export PHOENIX_TEST_POSTGRES_DIR=/tmp/phoenix-pg.XXXXXX
# `stop` reads PHOENIX_TEST_POSTGRES_DIR (or takes the directory as its argument).
# Durability is switched off: the cluster lives for one test run.
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE=phoenix_test
SUPERUSER=postgres

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
  fi
}

install_postgres() {
  log "PostgreSQL is not installed; installing the Debian package postgresql"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
}

# Run a server binary as the cluster's owner (`postgres` when we are root, else ourselves), from /
# so that a checkout the owner may not enter is never its working directory.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u "$OWNER" -- "$@")
  else
    (cd / && "$@")
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  BIN=$(bindir)
  if [ -z "$BIN" ]; then
    install_postgres
    BIN=$(bindir)
    [ -n "$BIN" ] || die "no initdb/pg_ctl found after installing postgresql"
  fi
  OWNER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    id "$OWNER" >/dev/null 2>&1 || die "running as root but there is no '$OWNER' user to own the cluster"
  fi

  DIR=$(mktemp -d /tmp/phoenix-pg.XXXXXX)
  # Until the server is up and announced, a failure removes what was made.
  trap 'as_owner "$BIN/pg_ctl" stop -D "$DIR/data" -m immediate >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
  [ "$OWNER" = "$(id -un)" ] || chown "$OWNER" "$DIR"

  local password
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  as_owner sh -c "umask 077 && echo '$password' > '$DIR/pwfile'"
  as_owner "$BIN/initdb" -D "$DIR/data" -U "$SUPERUSER" --pwfile="$DIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed in $DIR/data"; }
  rm -f "$DIR/pwfile"

  local port="" attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    rm -f "$DIR/server.log"
    if as_owner "$BIN/pg_ctl" start -D "$DIR/data" -w -t 60 -l "$DIR/server.log" -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=200" >/dev/null; then
      break
    fi
    log "server did not start on port $port (attempt $attempt):"
    tail -n 20 "$DIR/server.log" >&2 || true
    port=""
  done
  [ -n "$port" ] || die "PostgreSQL did not start; its log is above"

  local waited=0
  until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres; do
    waited=$((waited + 1))
    [ "$waited" -lt 60 ] || { tail -n 20 "$DIR/server.log" >&2; die "server on port $port is not ready after 60 s"; }
    sleep 1
  done
  as_owner "$BIN/createdb" -h "$DIR" -p "$port" -U "$SUPERUSER" "$DATABASE" \
    || die "could not create database $DATABASE"

  trap - EXIT
  log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $DIR"
  echo "export PHOENIX_TEST_POSTGRES_URL=postgresql+psycopg://$SUPERUSER:$password@127.0.0.1:$port/$DATABASE"
  echo "export PHOENIX_TEST_POSTGRES_DIR=$DIR"
}

stop() {
  local dir=${1:-${PHOENIX_TEST_POSTGRES_DIR:-}}
  [ -n "$dir" ] || die "stop: no cluster directory (PHOENIX_TEST_POSTGRES_DIR is unset)"
  case "$dir" in /tmp/phoenix-pg.*) ;; *) die "stop: $dir is not a cluster this script made" ;; esac
  [ -d "$dir" ] || return 0
  BIN=$(bindir)
  OWNER=$(stat -c %U "$dir")
  if [ -n "$BIN" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null \
      || as_owner "$BIN/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

run() {
  [ $# -gt 0 ] || die "run: no command given"
  local env
  env=$(start)
  eval "$env"
  trap 'stop "$PHOENIX_TEST_POSTGRES_DIR"' EXIT
  "$@"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  run) shift; run "$@" ;;
  *) die "usage: $0 start | stop [DIR] | run CMD..." ;;
esac
