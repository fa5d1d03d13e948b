# A throw-away PostgreSQL cluster for tests and benchmarks (sourced).
#   pg_start   sets PG_URL (postgresql:///dyadtest?host=DIR&user=dyadtest)
#              and PG_BIN; returns 1 (with PG_WHY) when postgres is missing
#   pg_newdb NAME   creates a database and prints its URL
#   pg_stop    stops the server and removes the cluster
# The cluster lives in a temp dir and listens only on a unix socket there.
# PostgreSQL refuses to run as root: then initdb/pg_ctl run as "postgres".
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIR=

pg_as() { # runs a server-side binary as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    PG_WHY="PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin; apt-get install postgresql)"
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    PG_WHY="running as root and there is no 'postgres' user to run the server"
    return 1
  fi
  PG_DIR=$(mktemp -d /tmp/dyad-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U dyadtest -A trust -E UTF8 --locale=C.UTF-8 \
      >"$PG_DIR/initdb.log" 2>&1; then
    PG_WHY="initdb failed: $(tail -n 3 "$PG_DIR/initdb.log")"
    return 1
  fi
  if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-k $PG_DIR -c listen_addresses= -c fsync=off -c full_page_writes=off" start \
      >"$PG_DIR/pg_ctl.log" 2>&1; then
    PG_WHY="the server did not start: $(tail -n 5 "$PG_DIR/server.log" 2>/dev/null)"
    return 1
  fi
  PG_URL="postgresql:///dyadtest?host=$PG_DIR&user=dyadtest"
  "$PG_BIN/createdb" -h "$PG_DIR" -U dyadtest dyadtest
}

pg_newdb() {
  "$PG_BIN/createdb" -h "$PG_DIR" -U dyadtest "$1" && echo "postgresql:///$1?host=$PG_DIR&user=dyadtest"
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
  PG_DIR=
}
