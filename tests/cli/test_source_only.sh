# dyad code keeps events with a source and no target (target null) unless
# --require-dyad; a compound source gives one such event per member.
# Expected events worked out by hand: "agree to" is CAMEO 030 (intent to
# cooperate), Jordan JOR, Britain GBR.
. tests/cli/lib.sh

printf '{"id":"a","date":"2000-01-01","text":"Jordan and Britain have agreed to undertake joint exercises."}\n' > "$TMP/c.jsonl"
run "$DYAD" code "$TMP/c.jsonl"
expect compound_source_jor 0 '"source":"JOR","target":null,"source_text":"Jordan"'
expect compound_source_gbr 0 '"source":"GBR","target":null,"source_text":"Britain"'
expect compound_source_code 0 '"code":"030"' "1 stories, 2 events"
run "$DYAD" code --require-dyad "$TMP/c.jsonl"
expect compound_require_dyad 0 "" "1 stories, 0 events"

printf '{"id":"b","date":"2000-01-01","text":"Germany rejected the plan."}\n' > "$TMP/r.jsonl"
run "$DYAD" code "$TMP/r.jsonl"
expect reject_bare 0 '"source":"DEU","target":null,"source_text":"Germany","target_text":null,"verb_text":"rejected","code":"120"'

finish
