#!/bin/sh
# make bench-store: inserts EVENTS generated events (a year, 2018) into a
# fresh SQLite file and into a throw-away local PostgreSQL cluster, then
# times aggregations over them. BENCH is the bench_store program, BACKENDS
# which backends ("sqlite pg" by default).
BENCH=${BENCH:-build/bench/bench_store}
EVENTS=${EVENTS:-2000000}
. tests/cli/pg_lib.sh
DIR=$(mktemp -d)
trap 'pg_stop; rm -rf "$DIR"' EXIT
BACKENDS=${BACKENDS:-sqlite pg}
case " $BACKENDS " in *" sqlite "*)
  echo "== SQLite ($EVENTS events)"
  "$BENCH" "sqlite:$DIR/bench.db" "$EVENTS" || exit 1
  ls -l "$DIR/bench.db" | awk '{ printf "database file: %.0f MB\n", $5 / 1048576 }'
  rm -f "$DIR/bench.db" ;;
esac
case " $BACKENDS " in *" pg "*) ;; *) exit 0 ;; esac
echo "== PostgreSQL ($EVENTS events)"
if pg_start; then
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$BENCH" "$PG_URL" "$EVENTS" || exit 1
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
else
  echo "PostgreSQL benchmark SKIPPED: $PG_WHY"
fi
