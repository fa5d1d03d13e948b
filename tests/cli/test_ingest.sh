# `dyad code` input handling: directories (recursive, sorted, hidden files
# skipped), stdin as "-", format detection and override, XML story grouping,
# JSONL pass-through fields. (Bad input is covered by test_code.sh.)
. tests/cli/lib.sh

D=$TMP/tree
mkdir -p "$D/a" "$D/b/deep"
printf 'date 2018-01-31 Turkish troops attacked Kurdish militia.\n' > "$D/a/1.txt"
printf 'date 2018-01-31 Iran accused Turkey of killing civilians.\n' > "$D/b/1.txt"
printf 'date 2018-01-31 Turkish troops attacked Kurdish militia again.\n' > "$D/b/deep/2.txt"
printf 'date 2018-01-31 Iran accused Turkey of hiding things.\n' > "$D/.hidden.txt"

run "$DYAD" code "$D"
expect directory_read_recursively 0 '"story_id":"b/deep/2.txt"' "dyad: 3 stories,"
ids=$(sed -n 's/.*"story_id":"\([^"]*\)".*/\1/p' "$TMP/out" | uniq | tr '\n' ' ')
if [ "$ids" = "a/1.txt b/1.txt b/deep/2.txt " ]; then ok directory_order_and_ids
else fail directory_order_and_ids "got: $ids"; fi
if grep -q 'hiding' "$TMP/out"; then fail hidden_files_skipped "$(cat "$TMP/out")"; else ok hidden_files_skipped; fi

run sh -c "\"$DYAD\" code \"$D/a/1.txt\" - \"$D/b/1.txt\" < \"$D/b/deep/2.txt\""
expect stdin_dash_between_files 0 '"story_id":"-"' "dyad: 3 stories,"

printf '{"id":"j1","date":"2018-01-31","text":"Turkish troops attacked Kurdish militia.","url":"http://x/1","tags":["a",1]}\n' > "$TMP/s.jsonl"
run "$DYAD" code "$TMP/s.jsonl"
expect jsonl_fields_pass_through 0 '"url":"http://x/1","tags":["a",1]'

printf '<Sentences>\n<Sentence date="20180131" id="AB_1"><Text>Turkish troops attacked Kurdish militia.</Text></Sentence>\n<Sentence date="20180131" id="AB_2"><Text>Iran accused Turkey of killing civilians.</Text></Sentence>\n</Sentences>\n' > "$TMP/s.xml"
run "$DYAD" code "$TMP/s.xml"
expect xml_records_form_one_story 0 '"story_id":"AB","sentence":1,"sentence_id":"AB_2"' "dyad: 1 stories, 2 events"

run "$DYAD" code --input petrarch-xml "$D/a/1.txt"
expect input_override_applies 1 "" "1.txt:1: error: invalid XML: syntax error at column 1"

run "$DYAD" code --input bogus "$D/a/1.txt"
expect unknown_input_format_is_usage_error 2

finish
