# dyad code's raw-news coding rules (coder.h; dyad validate keeps PETRARCH's)
# with the built-in dictionaries. Expected events worked out by hand from the
# CAMEO codebook: "X said Y must V" is a demand (root 10) by X of Y; "X said
# it will attack Y" a threat (root 13); "Liberians" is Liberia (LBR), and
# "demonstrated" with no object a source-only protest (root 14).
. tests/cli/lib.sh

printf '{"id":"a","date":"2000-01-01","text":"Russia said on Tuesday that Sudan must return a helicopter."}\n' > "$TMP/a.jsonl"
run "$DYAD" code "$TMP/a.jsonl"
expect say_must_is_demand 0 '"source":"RUS","target":"SDN"' "1 events"
expect say_must_is_demand_code 0 '"root":"10"'

printf '{"id":"b","date":"2000-01-01","text":"Iraq said it will attack Kuwait."}\n' > "$TMP/b.jsonl"
run "$DYAD" code "$TMP/b.jsonl"
expect say_will_attack_is_threat 0 '"source":"IRQ","target":"KWT"' "1 events"
expect say_will_attack_is_threat_code 0 '"root":"13"'

printf '{"id":"c","date":"2000-01-01","text":"Thousands of Liberians demonstrated."}\n' > "$TMP/c.jsonl"
run "$DYAD" code "$TMP/c.jsonl"
expect plural_nationality_source_only 0 '"source":"LBR","target":null' "1 events"
expect plural_nationality_source_only_code 0 '"root":"14"'

# An order to halt one's own activity imposes the restriction (CAMEO 1721
# political freedoms); an order to arrest others stays a demand (100).
printf '{"id":"d","date":"2000-01-01","text":"The Egyptian government ordered the newspaper Al-Shaab to suspend publication."}\n' > "$TMP/d.jsonl"
run "$DYAD" code "$TMP/d.jsonl"
expect order_suspend_publication_is_restriction 0 '"source":"EGYGOV","target":"EGYMED"' "1 events"
expect order_suspend_publication_is_restriction_code 0 '"code":"1721"'
printf '{"id":"e","date":"2000-01-01","text":"The Egyptian government ordered police to arrest the opposition leaders."}\n' > "$TMP/e.jsonl"
run "$DYAD" code "$TMP/e.jsonl"
expect order_to_arrest_stays_demand 0 '"source":"EGYGOV","target":"EGYCOP"' "1 events"
expect order_to_arrest_stays_demand_code 0 '"code":"100"'

# Joint exercises (joint_exercises): war games by two states together are
# military cooperation (CAMEO 062), one state's alone a show of force (150).
printf '{"id":"f","date":"2000-01-01","text":"Russia and China launched war games."}\n' > "$TMP/f.jsonl"
run "$DYAD" code "$TMP/f.jsonl"
expect joint_war_games_are_cooperation 0 '"source":"RUS","target":"CHN"' "2 events"
expect joint_war_games_are_cooperation_code 0 '"code":"062"'
printf '{"id":"g","date":"2000-01-01","text":"Russia launched war games."}\n' > "$TMP/g.jsonl"
run "$DYAD" code "$TMP/g.jsonl"
expect one_state_war_games_show_force 0 '"code":"150"' "1 events"

finish
