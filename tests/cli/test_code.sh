# `dyad code` end to end: bad input is reported (file:line, what is wrong),
# counted in the summary, and the remaining stories are still coded.
. tests/cli/lib.sh

D=$TMP/in
mkdir -p "$D/emptydir"
: > "$D/empty.txt"
printf 'date 2018-01-31 Turkish troops attacked Kurdish militia in Afrin.\377\376 More text.\n' > "$D/badutf.txt"
printf 'date 2018-01-31 Turkish\000 troops attacked.\n' > "$D/nul.txt"
printf 'date 2018-13-45 Turkish troops attacked Kurdish militia.\n' > "$D/baddate.txt"
cat > "$D/s.jsonl" <<'J'
{"id":"a","date":"2018-01-31","text":"Turkish troops attacked Kurdish militia."}
{"id":"b","date":"2018-01-31","text":"trunc
{"id":"c","date":"2018-02-30","text":"x"}
{"id":"d"}
{"id":"e","date":"2018-01-31","text":"Iran accused Turkey of killing civilians."}
J
printf '<Sentences><Sentence date="20180131" id="X_1"><Text>Iran accused Turkey.</Text></Sentence><Sentence' > "$D/bad.xml"

run "$DYAD" code "$D/empty.txt"
expect empty_file_is_an_error 1 "" "empty.txt: error: empty file"
run "$DYAD" code "$D/missing.txt"
expect missing_file_is_an_error 1 "" "missing.txt: error: cannot open: No such file or directory"
run "$DYAD" code "$D/emptydir"
expect empty_directory_is_an_error 1 "" "emptydir: error: directory has no readable files"
run "$DYAD" code "$D/badutf.txt"
expect invalid_utf8_reported_with_offset_and_still_coded 1 '"source":"TURMIL"' "badutf.txt:1: error: invalid UTF-8 at byte offset 49 (replaced)"
run "$DYAD" code "$D/nul.txt"
expect nul_byte_reported 1 "" "nul.txt:1: error: NUL byte at offset 23"
run "$DYAD" code "$D/baddate.txt"
expect malformed_date_line_reported 1 "" "baddate.txt:1: error:"
run "$DYAD" code "$D/s.jsonl"
expect truncated_json_reported 1 '"story_id":"e"' "s.jsonl:2: error: truncated JSON"
expect malformed_json_date_reported 1 '"story_id":"a"' 's.jsonl:3: error: malformed date "2018-02-30"'
expect json_without_text_reported 1 "" 's.jsonl:4: error: JSON without "text"'
expect summary_counts_stories_events_errors 1 "" "dyad: 5 stories, 2 events, 3 errors"
run "$DYAD" code "$D/bad.xml"
expect xml_not_well_formed_keeps_earlier_records 1 '"sentence_id":"X_1"' "bad.xml:1: error: invalid XML"

# All of it in one run: every good story still coded, exit 1.
run "$DYAD" code "$D"
if [ "$RC" = 1 ] && [ "$(grep -c '"event_id"' "$TMP/out")" -ge 4 ]; then ok mixed_directory_codes_the_good_stories
else fail mixed_directory_codes_the_good_stories "rc=$RC" "$(cat "$TMP/err")"; fi

# A 100 MB single line is refused without reading it whole; the next story runs.
head -c 104857600 /dev/zero | tr '\0' 'a' > "$D/huge.jsonl"
printf '\n{"id":"after","date":"2018-01-31","text":"Iran accused Turkey of killing civilians."}\n' >> "$D/huge.jsonl"
run "$DYAD" code --input jsonl "$D/huge.jsonl"
expect huge_line_refused_next_story_coded 1 '"story_id":"after"' "huge.jsonl:1: error: story too large"
rm -f "$D/huge.jsonl"

# Good input: exit 0, summary, formats.
printf 'date 2018-01-31 Turkish troops attacked Kurdish militia in Afrin on Monday.\n' > "$TMP/good.txt"
run "$DYAD" code "$TMP/good.txt"
expect good_story_exit_0 0 '"date":"2018-01-29"' "dyad: 1 stories, 1 events, 0 errors"
run "$DYAD" code --format tsv "$TMP/good.txt"
expect tsv_has_header 0 "event_id	story_id	sentence"
run "$DYAD" code --format csv "$TMP/good.txt"
expect csv_has_header 0 "event_id,story_id,sentence"
run sh -c "\"$DYAD\" code < \"$TMP/good.txt\""
expect stdin_is_read 0 '"source":"TURMIL"'
run "$DYAD" code --format xml "$TMP/good.txt"
expect unknown_format_is_usage_error 2 "" "unknown --format 'xml'"
run "$DYAD" code --bogus "$TMP/good.txt"
expect unknown_flag_is_usage_error 2 "" "unknown option '--bogus'"
run "$DYAD" code --help
expect code_help 0 "usage: dyad code"

# --db: stored, not printed; coding the same input again adds nothing.
run "$DYAD" code --db "$TMP/ev.sqlite" examples/sochi-congress.txt
if [ "$RC" = 0 ] && [ -z "$OUT" ]; then ok db_stores_without_printing; else fail db_stores_without_printing "rc=$RC" "$OUT"; fi
run "$DYAD" query --db "$TMP/ev.sqlite" --format jsonl
n1=$(grep -c '"event_id"' "$TMP/out")
run "$DYAD" code --db "$TMP/ev.sqlite" --format tsv examples/sochi-congress.txt
expect db_with_format_also_prints 0 "event_id	story_id"
run "$DYAD" query --db "$TMP/ev.sqlite" --format jsonl
n2=$(grep -c '"event_id"' "$TMP/out")
if [ "$n1" -ge 4 ] && [ "$n1" = "$n2" ]; then ok recoding_into_db_adds_nothing; else fail recoding_into_db_adds_nothing "first $n1, then $n2"; fi
run "$DYAD" code --db "$TMP/no/such/dir/x.sqlite" examples/sochi-congress.txt
expect unopenable_db_is_an_error 1 "" "cannot open the database"
run "$DYAD" code --dedup day examples/sochi-congress.txt
expect dedup_without_db_is_usage_error 2 "" "--dedup needs --db"
run "$DYAD" code examples/sochi-congress.txt --format tsv
expect options_after_paths_are_options 0 "event_id	story_id"
finish
