# The event database from the command line: dyad db / query / export. The
# same checks run on SQLite and on a real PostgreSQL server that this script
# starts (a throw-away cluster on a unix socket, see pg_lib.sh) and stops;
# the library's unit tests are re-run against that server too. Expected
# values below were worked out by hand from tests/data/store/*.jsonl.
. tests/cli/lib.sh
. tests/cli/pg_lib.sh
trap 'pg_stop; rm -rf "$TMP"' EXIT
D=tests/data/store
BUILD=${BUILD:-build}

# newdb NAME: a fresh empty database of the backend under test.
newdb() {
  if [ "$BACKEND" = sqlite ]; then echo "sqlite:$TMP/$1.db"; else pg_newdb "$1"; fi
}

# count URL TABLE: a row count from `dyad db info`.
count() { "$DYAD" db info "$1" 2>/dev/null | awk -v t="$2" '$1 == t { print $2 }'; }

# same NAME WANT GOT: compares two strings.
same() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "want: $2" "got:  $3"; fi
}

# A large load: $1 stories of 5 events each (two dates), as event JSONL.
gen_load() {
  awk -v n="$1" 'BEGIN {
    for (i = 0; i < n; i++)
      for (j = 0; j < 5; j++)
        printf "{\"story_id\":\"load-%d\",\"sentence\":%d,\"date\":\"2019-0%d-1%d\",\"source\":\"SRC%d\",\"target\":\"TGT%d\",\"code\":\"0%d%d\",\"text\":\"Sentence %d of story %d.\"}\n", i, j, 1 + i % 9, j, i % 50, j, 1 + j, j, j, i
  }'
}

checks() {
  P=$BACKEND
  # -- schema
  DB=$(newdb init)
  run "$DYAD" db init "$DB";     expect "${P}_db_init_creates_schema" 0 "created schema version 3"
  run "$DYAD" db init "$DB";     expect "${P}_db_init_twice_is_harmless" 0 "already initialised (schema version 3"
  run "$DYAD" db info "$DB";     expect "${P}_db_info" 0 "schema_version	3"
  DB=$(newdb mig)
  run "$DYAD" db migrate --to 1 "$DB"; expect "${P}_migrate_to_1" 0 "migrated schema version 0 -> 1"
  run "$DYAD" query --db "$DB";  expect "${P}_old_schema_asks_for_migrate" 1 "" "run 'dyad db migrate"
  run "$DYAD" db migrate "$DB";  expect "${P}_migrate_to_latest" 0 "migrated schema version 1 -> 3"
  run "$DYAD" db migrate "$DB";  expect "${P}_migrate_again_nothing_to_do" 0 "nothing to do"
  DB=$(newdb empty)
  [ "$BACKEND" = sqlite ] && : >"${DB#sqlite:}"
  run "$DYAD" query --db "$DB";  expect "${P}_query_needs_a_dyad_database" 1 "" "not a dyad database"

  # -- import and idempotence
  DB=$(newdb ev)
  run "$DYAD" db import "$DB" $D/events.jsonl
  expect "${P}_import" 0 "" "stored 3 stories (6 events), 0 failed"
  same "${P}_import_counts" "3 7 6 0" "$(count "$DB" stories) $(count "$DB" sentences) $(count "$DB" events) $(count "$DB" mentions)"
  run "$DYAD" query --db "$DB" --format csv; first=$OUT
  run "$DYAD" db import "$DB" $D/events.jsonl
  same "${P}_reimport_adds_nothing" "3 7 6 0" "$(count "$DB" stories) $(count "$DB" sentences) $(count "$DB" events) $(count "$DB" mentions)"
  run "$DYAD" query --db "$DB" --format csv
  same "${P}_reimport_same_ids_same_rows" "$first" "$OUT"

  # -- filters (prefix matches)
  run "$DYAD" query --db "$DB" --source RUS;  same "${P}_source_prefix" 3 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --actor RUS;   same "${P}_actor_either_side" 5 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --dyad RUS,UKR; same "${P}_dyad_directed" 3 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --dyad UKR,RUS; same "${P}_dyad_other_direction" 1 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --from 2018-01-01 --to 2018-01-31; same "${P}_date_range" 3 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --code 19;     same "${P}_code_prefix" 3 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --root 18;     same "${P}_root" 1 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --quad 1;      same "${P}_quad" 2 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --source FRA
  same "${P}_event_jsonl" '"story_id":"s3","sentence":0,"date":"2018-02-10","source":"FRA","target":null,"code":"010","root":"01","quad_class":1,"goldstein":0,"plover":null,"mentions":1,"sources":1,"source_text":"France","target_text":null,"sentence_id":null,"text":"France made a statement."}' "$(echo "$OUT" | sed 's/^{"event_id":"[0-9a-f]\{16\}",//')"

  # -- aggregations
  run "$DYAD" query --db "$DB" --count-by month
  same "${P}_count_by_month" '{"month":"2017-12","count":1,"mentions":1}
{"month":"2018-01","count":3,"mentions":3}
{"month":"2018-02","count":2,"mentions":2}' "$OUT"
  run "$DYAD" query --db "$DB" --count-by week --format csv
  same "${P}_count_by_week_mondays" 'week,count,mentions
2017-12-25,1,1
2018-01-01,3,3
2018-02-05,2,2' "$OUT"
  run "$DYAD" query --db "$DB" --count-by root --format csv
  same "${P}_count_by_root" 'root,count,mentions
01,1,1
05,1,1
18,1,1
19,3,3' "$OUT"
  first=$OUT
  run "$DYAD" query --db "$DB" --count-by root --format csv --no-rollup
  same "${P}_count_by_root_from_the_events_too" "$first" "$OUT"
  run "$DYAD" export --db "$DB" --count-by root
  expect "${P}_export_has_no_count_by" 2 "" "unknown option '--count-by'"
  run "$DYAD" query --db "$DB" --count-by quad
  same "${P}_count_by_quad" '{"quad":1,"count":2,"mentions":2}
{"quad":4,"count":4,"mentions":4}' "$OUT"
  run "$DYAD" query --db "$DB" --count-by dyad --from 2018-01-01 --format table
  same "${P}_count_by_dyad_table" 'dyad           count  mentions
FRA-           1      1
RUSGOV-UKRGOV  3      3
USA-RUS        1      1' "$OUT"
  # goldstein.tsv: 010 0.0, 051 3.4, 182 -9.5, 190 -10.0
  run "$DYAD" query --db "$DB" --count-by source --goldstein --format csv
  same "${P}_goldstein_mean_and_sum" 'source,count,mentions,goldstein_mean,goldstein_sum
FRA,1,1,0,0
RUSGOV,3,3,-9.833,-29.5
UKRMIL,1,1,-10,-10
USA,1,1,3.4,3.4' "$OUT"
  run "$DYAD" query --db "$DB" --count-by target --format csv
  same "${P}_count_by_target_null_last" 'target,count,mentions
RUS,1,1
RUSMIL,1,1
UKRGOV,3,3
,1,1' "$OUT"

  # -- export
  run "$DYAD" export --db "$DB" --source FRA
  same "${P}_export_header" "EventID	Date	Year	Month	Day	SourceActorFull	SourceActorEntity	SourceActorRole	SourceActorAttribute	TargetActorFull	TargetActorEntity	TargetActorRole	TargetActorAttribute	EventCode	EventRootCode	QuadClass	GoldsteinScore	Plover	Mentions	Sources	StoryID	Sentence	SentenceID	SourceText	TargetText" "$(echo "$OUT" | head -n 1)"
  same "${P}_export_row" "20180210	2018	02	10	FRA	FRA							010	01	1	0		1	1	s3	0		France	" "$(echo "$OUT" | sed -n 2p | cut -f2-)"
  run "$DYAD" export --db "$DB" --no-header --dyad RUSGOV,UKRGOV --from 2018-02-01
  same "${P}_export_actor_pieces" "RUSGOV	RUS	GOV		UKRGOV	UKR	GOV		182" "$(echo "$OUT" | cut -f6-14)"

  # -- recoding a story replaces its events
  run "$DYAD" db import "$DB" $D/recoded.jsonl; expect "${P}_recode" 0
  same "${P}_recode_counts" "3 6 5" "$(count "$DB" stories) $(count "$DB" sentences) $(count "$DB" events)"
  run "$DYAD" query --db "$DB" --code 193; same "${P}_recode_new_event" 1 "$(echo "$OUT" | grep -c .)"
  run "$DYAD" query --db "$DB" --source USA; same "${P}_recode_old_event_gone" "" "$OUT"

  # -- hostile values are data
  run "$DYAD" query --db "$DB" --source "x'; DROP TABLE events; --"
  expect "${P}_hostile_quote_semicolon" 0
  run "$DYAD" query --db "$DB" --dyad "' OR 1=1 --,\"; DELETE FROM stories"
  expect "${P}_hostile_dyad" 0
  big=$(head -c 100000 /dev/zero | tr '\0' R)
  run "$DYAD" query --db "$DB" --actor "$big" --count-by day; same "${P}_hostile_100k_value" "0 0" "$RC $(echo "$OUT" | grep -c .)"
  same "${P}_hostile_left_data_intact" "3 5" "$(count "$DB" stories) $(count "$DB" events)"

  # -- dedup
  DB=$(newdb day)
  run "$DYAD" db import --dedup day "$DB" $D/events.jsonl; expect "${P}_import_dedup_day" 0
  same "${P}_dedup_day_counts" "5 6 day" "$(count "$DB" events) $(count "$DB" mentions) $(count "$DB" dedup)"
  run "$DYAD" query --db "$DB" --dyad RUSGOV,UKRGOV --to 2018-01-31 --format csv
  same "${P}_dedup_day_mentions_and_sources" "s1,0,2018-01-01,RUSGOV,UKRGOV,190,19,4,-10,FIGHT,2,2,Russian forces,Ukraine,,Russian forces attacked Ukraine." "$(echo "$OUT" | sed -n 2p | cut -d, -f2-)"
  run "$DYAD" db import --dedup story "$DB" $D/events.jsonl
  expect "${P}_dedup_mode_is_fixed_per_db" 1 "" "this database uses --dedup day, not story"
  DB=$(newdb story)
  run "$DYAD" db import --dedup story "$DB" $D/events.jsonl $D/events.jsonl
  same "${P}_dedup_story_counts" "6 6" "$(count "$DB" events) $(count "$DB" mentions)"

  # -- bad input: named, counted, the rest stored
  DB=$(newdb bad)
  run "$DYAD" db import "$DB" $D/bad.jsonl
  expect "${P}_bad_lines_exit_1" 1 "" "stored 2 stories (2 events), 0 failed, 4 errors"
  expect "${P}_bad_line_2_named" 1 "" "bad.jsonl:2: error: not a JSON object"
  expect "${P}_bad_line_3_named" 1 "" "bad.jsonl:3: error: date '2018-31-31' is not a date"
  expect "${P}_bad_line_4_named" 1 "" "bad.jsonl:4: error: an event needs story_id, sentence (a number)"
  expect "${P}_bad_line_5_named" 1 "" "bad.jsonl:5: error: source 'ISRGOVMILITARYPOLICEFORCESOFTHESTATE' is empty or longer"

  # -- SIGKILL in the middle of a large load, then the same load again
  DB=$(newdb kill)
  "$DYAD" db init "$DB" >/dev/null
  "$DYAD" db import --dedup story --batch 100 "$DB" "$TMP/load.jsonl" 2>/dev/null &
  pid=$!
  n=0 i=0
  while [ "$i" -lt 300 ]; do  # until some batches are committed (at most 30 s)
    n=$(count "$DB" stories); [ "${n:-0}" -gt 0 ] && break
    sleep 0.1; i=$((i + 1))
  done
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  n=$(count "$DB" stories)
  if [ "${n:-0}" -gt 0 ] && [ "$n" -lt "$LOAD" ]; then ok "${P}_killed_mid_load ($n of $LOAD stories committed)"
  else fail "${P}_killed_mid_load" "stories after kill: ${n:-?} of $LOAD (the load was not interrupted mid-way)"; fi
  same "${P}_kill_left_whole_stories" "$((n * 5))" "$(count "$DB" events)"
  run "$DYAD" db import --batch 100 "$DB" "$TMP/load.jsonl"; expect "${P}_reload_after_kill" 0
  same "${P}_every_story_exactly_once" "$LOAD $((LOAD * 5)) $((LOAD * 5)) $((LOAD * 5))" \
    "$(count "$DB" stories) $(count "$DB" sentences) $(count "$DB" events) $(count "$DB" mentions)"
  run "$DYAD" query --db "$DB" --count-by source --format csv
  same "${P}_reload_counts_per_source" "$((LOAD * 5 / 50))" "$(echo "$OUT" | awk -F, '$1 == "SRC7" { print $2 }')"
}

LOAD=4000
gen_load $LOAD >"$TMP/load.jsonl"

# ---------------------------------------------------------------- SQLite
BACKEND=sqlite
checks

# SQLite failure modes: locked, read-only, corrupt.
DB="$TMP/lock.db"
"$DYAD" db import "$DB" $D/events.jsonl 2>/dev/null
if command -v sqlite3 >/dev/null; then
  (echo "BEGIN EXCLUSIVE;"; sleep 3; echo "COMMIT;") | sqlite3 "$DB" &
  lockpid=$!
  sleep 0.5
  run "$DYAD" db import "sqlite:$DB?busy_timeout=200" $D/recoded.jsonl
  expect sqlite_locked_is_clear_error 1 "" "database is locked"
  wait "$lockpid"
  same sqlite_locked_lost_nothing "3 6" "$(count "$DB" stories) $(count "$DB" events)"
else
  skip sqlite_locked "the sqlite3 command is missing (apt-get install sqlite3)"
fi

mkdir -p "$TMP/ro"
cp "$DB" "$TMP/ro/ro.db"
if [ "$(id -u)" -eq 0 ]; then  # root ignores permissions: write as nobody
  chmod 711 "$TMP"; chmod 755 "$TMP/ro"; chmod 644 "$TMP/ro/ro.db"
  AS="runuser -u nobody --"
  # nobody may not reach the checkout (a clone under a 0700 mktemp -d)
  RO_DYAD=$TMP/ro/dyad; cp "$DYAD" "$RO_DYAD"; chmod 755 "$RO_DYAD"
  cp $D/recoded.jsonl "$TMP/ro/"; chmod 644 "$TMP/ro/recoded.jsonl"
else
  cp $D/recoded.jsonl "$TMP/ro/"
  chmod 444 "$TMP/ro/ro.db"; chmod 555 "$TMP/ro"
  AS= RO_DYAD=$DYAD
fi
run $AS "$RO_DYAD" db import "$TMP/ro/ro.db" "$TMP/ro/recoded.jsonl"
expect sqlite_readonly_is_clear_error 1 "" "database is read-only"
run $AS "$RO_DYAD" query --db "$TMP/ro/ro.db" --count-by root --format csv
expect sqlite_readonly_can_be_queried 0 "19,3,3"
same sqlite_readonly_lost_nothing "3 6" "$(count "$TMP/ro/ro.db" stories) $(count "$TMP/ro/ro.db" events)"
chmod 755 "$TMP/ro"; chmod 644 "$TMP/ro/ro.db"

head -c 5000 "$DB" >"$TMP/trunc.db"
run "$DYAD" query --db "$TMP/trunc.db"
expect sqlite_truncated_file_is_clear_error 1 "" "corrupt or not a database"
yes "not a database" | head -c 20000 >"$TMP/junk.db"
run "$DYAD" db import "$TMP/junk.db" $D/events.jsonl
expect sqlite_junk_file_is_clear_error 1 "" "corrupt or not a database"
run "$DYAD" query --db "mysql://x/y"
expect unsupported_url 1 "" "unsupported database URL"
run "$DYAD" query --db "$DB" --count-by year
expect count_by_unknown_is_usage_error 2 "" "--count-by: want day, week"
run "$DYAD" query --db "$DB" --from 2018-02-30
expect bad_date_is_usage_error 2 "" "--from: '2018-02-30' is not a date"
run "$DYAD" query --db "$DB" --goldstein
expect goldstein_needs_count_by 2 "" "--goldstein needs --count-by"

# ------------------------------------------------------------ PostgreSQL
if pg_start; then
  BACKEND=pg
  checks
  # the library's unit tests, against this server
  if [ -x "$BUILD/tests/test_store" ]; then
    DYAD_TEST_PG_URL=$PG_URL "$BUILD/tests/test_store" _pg >"$TMP/unit" 2>&1
    while read -r st name rest; do
      case $st in
        ok) ok "unit_$name" ;;
        FAIL) fail "unit_$name" "$(grep -B3 "^FAIL $name" "$TMP/unit" | head -n 3)" ;;
        skip) fail "unit_$name" "skipped although DYAD_TEST_PG_URL was set" ;;
      esac
    done <"$TMP/unit"
  else
    fail pg_unit_tests "$BUILD/tests/test_store not built (make unit)"
  fi
  # a story the server refuses when its chunk is sent: it alone is lost,
  # named, and counted as failed
  DB=$(pg_newdb refuse)
  "$DYAD" db init "$DB" >/dev/null
  "$PG_BIN/psql" -q -h "$PG_DIR" -U dyadtest refuse -c "ALTER TABLE events ADD CONSTRAINT boom CHECK (source <> 'UKRMIL')"
  run "$DYAD" db import "$DB" $D/events.jsonl
  expect pg_refused_story_exit_1 1 "" "stored 2 stories (4 events), 1 failed"
  expect pg_refused_story_named 1 "" "story s2 not stored: postgresql: new row for relation \"events\" violates check constraint \"boom\""
  same pg_refused_story_alone "2 4 4" "$(count "$DB" stories) $(count "$DB" sentences) $(count "$DB" events)"
  run "$DYAD" query --db "postgresql:///nosuchdb?host=$PG_DIR&user=dyadtest"
  expect pg_missing_database_is_clear_error 1 "" "postgresql: cannot connect"
  pg_stop
else
  echo "!!!!!!!! PostgreSQL tests SKIPPED: $PG_WHY" >&2
  echo "!!!!!!!! PostgreSQL tests SKIPPED: $PG_WHY"
  skip postgresql_backend "$PG_WHY"
fi
finish
