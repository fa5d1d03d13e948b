# `dyad code` with the story pass on raw text: pronouns, bare titles and
# quotations resolved across sentences (storypass.h, section 2). Expected
# events worked out by hand (see tests/unit/test_storypass.c).
. tests/cli/lib.sh

# examples/sochi-congress.txt: "He praised the U.N. special envoy Staffan
# de Mistura" is Lavrov (RUSGOV) praising (051) de Mistura (IGOUNO, with the
# ~GOV of "envoy").
run "$DYAD" code examples/sochi-congress.txt
expect sochi_he_is_lavrov 0 '"sentence":2,"sentence_id":null,"date":"2018-01-31","story_date":"2018-01-31","source":"RUSGOV","target":"IGOUNOGOV"'
# 12 events: since URGE is a verb (data/dict/README.md), "Rex Tillerson urged
# Ankara to show restraint" is USA -> TUR 0256 (appeal for de-escalation)
expect sochi_tillerson_urged 0 '"source":"USA","target":"TUR","source_text":"U.S. Secretary of State Rex Tillerson","target_text":"Ankara","verb_text":"urged","code":"0256"'
expect sochi_event_count 0 "" "1 stories, 12 events"
# the 6 more are source-only events (target null), kept by default: the
# Commission rejected the outcome (120), Iran and Turkey said they would
# support the committee (032, one event each: a compound source), the spokesman said (010), Assad's government welcomed (051), the Defense
# Ministry said (010); --require-dyad drops them as PETRARCH does
expect sochi_source_only 0 '"source":"SYRGOV","target":null,"source_text":"Syrian President Bashar al-Assad'"'"'s government","target_text":null,"verb_text":"welcomed","code":"051"'
expect sochi_rejected 0 '"source":"SYROPP","target":null,"source_text":"The Syrian Negotiation Commission, the main opposition body'
expect sochi_compound_iran 0 '"source":"IRN","target":null,"source_text":"Iran and Turkey, which co-sponsored the meeting with Russia,","target_text":null,"verb_text":"said","code":"032"'
run "$DYAD" code --require-dyad examples/sochi-congress.txt
expect sochi_require_dyad_count 0 "" "1 stories, 6 events"

printf 'date 2018-01-31 "Our government will punish Turkey," Iraqi Prime Minister Haider al-Abadi told reporters.\n\nThe Syrian Negotiation Commission rejected the outcome. "We condemn Russia," spokesman Yahya al-Aridi said in a statement.\n' > "$TMP/q.txt"
run "$DYAD" code "$TMP/q.txt"
expect quote_our_government 0 '"source":"IRQGOV","target":"TUR"'
expect quote_spokesman 0 '"source":"SYROPP","target":"RUS"'

# a story's context does not leak into the next story
printf '{"id":"a","date":"2018-01-31","text":"Sergey Lavrov criticized Turkey."}\n{"id":"b","date":"2018-01-31","text":"He criticized Iran."}\n' > "$TMP/two.jsonl"
run "$DYAD" code "$TMP/two.jsonl"
expect no_leak_between_stories 0 "" "2 stories, 1 events"

finish
