# dyad code --threads N (output identical to one thread, in input order),
# --stats (a stage table on stderr), bad usage of both.
. tests/cli/lib.sh
G="$TMP/gen_corpus"
run ${CC:-cc} -std=c11 -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -o "$G" bench/gen_corpus.c
expect gen_corpus_builds 0
run "$G" -s 3 -m 0.3 -o "$TMP/c"
expect gen_corpus_runs 0
J="$TMP/c/corpus.jsonl"

# Many stories, one thread vs several: byte-identical, and not trivially so.
run "$DYAD" code --quiet "$J"
expect threads1_codes_corpus 0 '"event_id":'
cp "$TMP/out" "$TMP/t1"
n1=$(wc -l < "$TMP/t1")
if [ "$n1" -gt 500 ]; then ok many_events; else fail many_events "only $n1 events"; fi
for n in 2 4; do
  run "$DYAD" code --quiet --threads $n "$J"
  expect threads${n}_exit 0
  if cmp -s "$TMP/t1" "$TMP/out"; then ok threads${n}_identical_jsonl; else fail threads${n}_identical_jsonl "outputs differ"; fi
done
# A story's events stay together and stories keep their input order.
first=$(head -1 "$TMP/t1" | sed 's/.*"story_id":"\([^"]*\)".*/\1/')
last=$(tail -1 "$TMP/t1" | sed 's/.*"story_id":"\([^"]*\)".*/\1/')
if [ "$first" \< "$last" ]; then ok input_order; else fail input_order "$first then $last"; fi

# tsv (header written once) and a directory of text files.
run "$DYAD" code --quiet --format tsv "$J"; cp "$TMP/out" "$TMP/tsv1"
run "$DYAD" code --quiet --format tsv --threads 3 "$J"
if cmp -s "$TMP/tsv1" "$TMP/out" && [ "$(grep -c '^event_id' "$TMP/out")" = 1 ]; then ok threads_identical_tsv
else fail threads_identical_tsv "outputs differ or header repeated"; fi
run "$DYAD" code --quiet "$TMP/c/text"; cp "$TMP/out" "$TMP/d1"
run "$DYAD" code --quiet --threads 2 "$TMP/c/text"
if [ -s "$TMP/d1" ] && cmp -s "$TMP/d1" "$TMP/out"; then ok threads_identical_text_dir; else fail threads_identical_text_dir; fi

# Errors are reported and counted the same way with threads.
{ head -3 "$J"; echo '{"id":"broken","text":'; sed -n 4,6p "$J"; } > "$TMP/bad.jsonl"
run "$DYAD" code "$TMP/bad.jsonl"; cp "$TMP/out" "$TMP/b1"; e1=$(grep -c 'error:' "$TMP/err")
run "$DYAD" code --threads 2 "$TMP/bad.jsonl"
e2=$(grep -c 'error:' "$TMP/err")
if [ "$RC" = 1 ] && [ "$e1" = "$e2" ] && [ "$e2" -ge 1 ] && cmp -s "$TMP/b1" "$TMP/out" && grep -q 'bad.jsonl:4: error' "$TMP/err"
then ok threads_report_errors; else fail threads_report_errors "rc $RC, errors $e1 vs $e2"; fi

# The shared PETRARCH sample, own analysis and given parse.
if [ -d ../shared/petrarch/text ]; then
  X=../shared/petrarch/text/GigaWord.sample.PETR.xml
  for p in own given; do
    run "$DYAD" code --quiet --parse $p "$X"; cp "$TMP/out" "$TMP/x1"
    run "$DYAD" code --quiet --parse $p --threads 4 "$X"
    if [ -s "$TMP/x1" ] && cmp -s "$TMP/x1" "$TMP/out"; then ok threads_identical_xml_$p; else fail threads_identical_xml_$p; fi
  done
else skip threads_identical_xml "../shared/petrarch/text absent"; fi

# --stats: every stage, the rates, on stderr only (stdout unchanged).
for t in 1 2; do
  run "$DYAD" code --quiet --stats --threads $t "$J"
  missing=""
  for st in read front-end tagging chunking coder story-pass output; do
    grep -q "^dyad: stats: $st  *[0-9][0-9.]* *[0-9][0-9.]*% *[0-9]" "$TMP/err" || missing="$missing $st"
  done
  for l in "setup dict-load" "total " "wall " "rate " "peak-rss "; do
    grep -q "^dyad: stats: $l" "$TMP/err" || missing="$missing '$l'"
  done
  if [ "$RC" = 0 ] && [ -z "$missing" ] && cmp -s "$TMP/t1" "$TMP/out"; then ok stats_every_stage_threads$t
  else fail stats_every_stage_threads$t "missing:$missing" "$(head -c 600 "$TMP/err")"; fi
done
stories=$(wc -l < "$J")
if grep -q "^dyad: stats: wall .* stories $stories " "$TMP/err"; then ok stats_counts_stories; else fail stats_counts_stories; fi
run "$DYAD" code --quiet "$J"
if grep -q stats "$TMP/err"; then fail no_stats_unasked; else ok no_stats_unasked; fi

# Bad usage: exit 2 with a message, nothing coded.
for bad in 0 abc -1 2x "" 100000; do
  run "$DYAD" code --threads "$bad" "$J"
  expect "threads_bad_'$bad'_usage" 2 "" "--threads needs a number"
  [ -s "$TMP/out" ] && fail "threads_bad_'$bad'_no_output"
done
run "$DYAD" code --threads
expect threads_missing_value 2
finish
