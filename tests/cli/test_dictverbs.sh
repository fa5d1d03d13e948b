# The built-in verb dictionary codes common news verbs as the CAMEO
# codebook says (the `# dyad` edits of data/dict/phoenix/CAMEO.2.0.txt,
# listed in data/dict/README.md). Each line: a sentence and the
# "SOURCE TARGET CODE" triple the codebook gives it (target "-" = none).
. tests/cli/lib.sh

check() { # NAME "SENTENCE" "SOURCE TARGET CODE"
  printf '%s\n' "$2" > "$TMP/in.txt"
  got=$("$DYAD" code --quiet --format tsv "$TMP/in.txt" | awk -F'\t' 'NR > 1 { t = $8 == "" ? "-" : $8; print $7, t, $12 }')
  if printf '%s\n' "$got" | grep -qxF -- "$3"; then ok "$1"
  else fail "$1" "want: $3" "got: $(printf '%s' "$got" | tr '\n' ';')"; fi
}

check renew_talks "Israel and Lebanon renewed negotiations today." "ISR - 046"
check upgrade_ties "Czechia and Albania have upgraded their diplomatic ties." "CZE - 050"
check lift_restrictions_plural "Latvia lifted restrictions on the use of the Russian language." "LVA RUS 081"
check send_arms_is_aid "The United States sent arms to Pakistan." "USA PAK 072"
check dismiss_appeal_is_reject "The rebels in Ivory Coast dismissed an appeal from Gabon to lay down their arms." "CIVREB GAB 120"
check welcome_statement_is_praise "Germany welcomed the American statement as proof of a wish to reach a settlement." "DEU USA 051"
check beat_up_is_assault "Israeli soldiers beat up Palestinian detainees with the knowledge of officers." "ISRMIL PSEOPP 182"
check wounded_in_bomb_attack "Irish guerrillas wounded two British soldiers in a bomb attack." "IRLREB GBRMIL 183"
check state_of_siege "Haiti declared a state of siege." "HTI - 1724"
check mount_invasion "Israel mounted an invasion of Lebanon." "ISR LBN 190"
check receive_observers "Kyrgyzstan received a mission of observers from the OSCE." "KGZ IGO 0862"
check expel_inspectors "North Korea expelled inspectors of the International Atomic Energy Agency." "PRK IGOUNOIAE 1662"
check mobilize_troops_against "Britain mobilized army reservists against Iraq." "GBR IRQ 154"
check block_bridge "French workers blocked the bridge to Germany." "FRALAB DEU 144"
check stone_throwing_is_riot "Palestinian youths threw stones at Israeli soldiers." "PSE ISRMIL 145"
check demand_meeting_is_demand "Serbia demanded a meeting of the U.N. Security Council." "SRB IGOUNO 106"
check demand_elections_is_demand "Greek opposition leaders demanded elections in Greece." "GRCOPP GRC 1041"
check oppose_mediation_is_reject "Israel opposed French mediation." "ISR FRA 126"
check speed_up_withdrawal "The United States speeded up the withdrawal of its forces from Panama." "USA PAN 0874"
check deploy_troops_is_mobilize "Turkey deployed troops on the Syrian border." "TUR TURMIL 154"
check telephone_is_consult "Russia telephoned Turkey on Tuesday." "RUS TUR 041"
check call_on_is_appeal "The European Union called on Turkey to respect human rights." "IGOEUREEC TUR 020"
check break_off_relations "Britain broke off diplomatic relations with Libya." "GBR LBY 161"
check threaten_military_action "Turkey threatened military action against Syria." "TUR SYR 138"
check impose_blockade "Saudi Arabia imposed a blockade on Yemen." "SAU YEM 191"
check went_on_strike "Nigerian teachers went on strike against the government." "NGAEDU NGAGOV 143"
check allege_is_accuse "Iran alleged that Israel had a secret program." "IRN ISR 112"
check attack_with_machetes "Militiamen from Burundi attacked the camp with machetes." "BDIUAF - 180"
check possessive_in_actor_phrase "Japan criticized the Democratic People's Republic of Korea." "JPN PRK 111"
check meet_at_is_meeting "Turkey met Russia at the Kremlin." "TUR RUS 040"
check defend_is_verbal "Brazil defended Venezuela at the summit." "BRA VEN 052"
check negotiate_is_046 "Iran negotiated with the United States in Geneva." "IRN USA 046"
check urge_is_appeal "The United States urged Israel to show restraint." "USA ISR 0256"
check suspend_talks_is_164 "Turkey suspended talks with Greece." "TUR GRC 164"
check reject_allegations_is_denial "China rejected the allegations of the United States." "CHN USA 016"
check downgrade_ties "Bahrain downgraded diplomatic ties with Iran." "BHR IRN 161"
check sanction_verb "The European Union sanctioned Russian officials." "IGOEUREEC RUS 163"
check called_day_on_is_appeal "Syria called Thursday on Egypt to unite against Israel." "SYR EGY 020"
check killed_by_aircraft "British aircraft killed four Iraqis in Basra." "GBR IRQ 195"
check tighten_blockade "NATO tightened the blockade of Serbia." "IGOWSTNAT SRB 191"
check would_tighten_blockade_is_threat "NATO said it would tighten the blockade of Serbia." "IGOWSTNAT SRB 1381"
check committed_to_is_intent "Iran is committed to talks with the United States." "IRN USA 030"
check issue_declaration_is_statement "Japan issued a communique on Tuesday." "JPN - 010"
check declaration_condemning_is_condemn "Iran issued a declaration condemning Israel." "IRN ISR 111"
finish
