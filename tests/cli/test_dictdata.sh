# The dictionaries that ship with dyad (data/dict/): encoding, the format of
# dyad's own actor/agent files, and -- once `dyad dict lookup` exists -- the
# codes a few well-known actors must get on given dates.
. tests/cli/lib.sh

D=data/dict

# ---------------------------------------------------------------- encoding
for f in "$D"/*.txt "$D"/phoenix/*.txt; do
  [ -f "$f" ] || continue
  if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then ok "utf8 $f"
  else fail "utf8 $f" "not valid UTF-8"; fi
done
# Control bytes (other than tab/newline) were once Latin-1 leftovers.
bad=$(LC_ALL=C grep -l "$(printf '[\001-\010\013\014\016-\037\r]')" "$D"/*.txt "$D"/phoenix/*.txt 2>/dev/null)
if [ -z "$bad" ]; then ok "no control bytes"; else fail "no control bytes" "$bad"; fi
for f in Phoenix.Countries.actors.txt Phoenix.International.actors.txt \
         Phoenix.MilNonState.actors.txt Phoenix.agents.txt Phoenix.discards.txt \
         Phoenix.IssueCoding.txt CAMEO.2.0.txt; do
  if [ -s "$D/phoenix/$f" ]; then ok "present $f"; else fail "present $f" "missing"; fi
done
for f in LICENSE.petrarch2 README.md dyad.actors.txt; do
  if [ -s "$D/$f" ]; then ok "present $f"; else fail "present $f" "missing"; fi
done
if grep -q "MIT License" "$D/LICENSE.petrarch2" 2>/dev/null; then ok "license notice"
else fail "license notice" "LICENSE.petrarch2 lacks the MIT notice"; fi

# ------------------------------------------------------ actor-file checker
# check_actors FILE: prints one line per problem, "LINE: message"; prints
# nothing when the file is well formed. A record is a primary phrase, its
# "+" synonyms, then TAB-indented code lines: [CODE], [CODE >YYYYMMDD],
# [CODE <YYYYMMDD] or [CODE YYYYMMDD-YYYYMMDD]. Dates are 8-digit, valid,
# ordered; the dated ranges of one record must not overlap; at most one
# default; every record has a code; no phrase is defined twice.
check_actors() {
  awk '
  function err(m, ln) { print (ln ? ln : FNR) ": " m }
  function isleap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
  function okdate(d,   y, m, dd, ml) {
    if (d !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/) return 0
    y = substr(d, 1, 4) + 0; m = substr(d, 5, 2) + 0; dd = substr(d, 7, 2) + 0
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || dd < 1) return 0
    ml = (m == 2) ? (isleap(y) ? 29 : 28) : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31)
    return dd <= ml
  }
  function mlen(y, m) { return m == 2 ? (isleap(y) ? 29 : 28) : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31) }
  function next_day(d,   y, m, dd) { y = int(d / 10000); m = int(d / 100) % 100; dd = d % 100
    if (++dd > mlen(y, m)) { dd = 1; if (++m > 12) { m = 1; y++ } } return y * 10000 + m * 100 + dd }
  function endrec(   i, j, t, cur, overlap) {
    if (!inrec) return
    if (ncodes == 0) err("record \"" recname "\" has no code", recline)
    for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++)
      if (lo[i] <= hi[j] && lo[j] <= hi[i]) {
        overlap = 1
        err("record \"" recname "\": ranges " lo[i] "-" hi[i] " and " lo[j] "-" hi[j] " overlap", recline)
      }
    # With a default AND dated ranges, the default must also be written out
    # as dated ranges filling every gap: a reader that lets the entry of a
    # later file override only where it has a dated code (as dyad does) still
    # takes this record over an older one on every date.
    if (ndef == 1 && nr > 0 && !overlap) {
      for (i = 2; i <= nr; i++) for (j = i; j > 1 && lo[j] < lo[j-1]; j--) {
        t = lo[j]; lo[j] = lo[j-1]; lo[j-1] = t; t = hi[j]; hi[j] = hi[j-1]; hi[j-1] = t }
      cur = 19000101
      for (i = 1; i <= nr; i++) {
        if (lo[i] + 0 > cur) { err("record \"" recname "\": no dated code from " cur " to " lo[i] " (write the default out as a range)", recline); break }
        cur = next_day(hi[i] + 0)
      }
      if (i > nr && cur <= 20991231) err("record \"" recname "\": no dated code from " cur " on (write the default out as a range)", recline)
    }
    inrec = 0; nr = 0; ncodes = 0; ndef = 0; incodes = 0
  }
  function phrase(p, kind,   k) {
    sub(/[ \t]+$/, "", p)
    if (p == "" || p ~ /[ \t\[\]{}#]/) { err("bad " kind " phrase \"" p "\""); return }
    if (p !~ /^[^_]/) { err(kind " phrase starts with _: \"" p "\""); return }
    k = toupper(p); gsub(/_+$/, "", k)
    if (k in seen) err("phrase \"" p "\" already defined on line " seen[k])
    else seen[k] = FNR
  }
  {
    line = $0
    if (line ~ /\r/) { err("carriage return"); next }
    c = index(line, "#"); if (c) line = substr(line, 1, c - 1)
    if (line ~ /^[ \t]*$/) next
    if (line ~ /^\t/) {
      if (!inrec) { err("code line outside a record"); next }
      incodes = 1
      x = line; sub(/^\t/, "", x); sub(/[ \t]+$/, "", x)
      if (x !~ /^\[[A-Z]+( [<>]?[0-9-]+)?\]$/) { err("bad code line \"" x "\""); next }
      x = substr(x, 2, length(x) - 2)
      n = split(x, f, " "); code = f[1]
      if (code !~ /^([A-Z][A-Z][A-Z])+$/) err("bad code \"" code "\" (3-letter groups)")
      ncodes++
      if (n == 1) { if (++ndef > 1) err("record \"" recname "\" has two default codes"); next }
      r = f[2]
      if (r ~ /^</) { a = "19000101"; b = substr(r, 2) }
      else if (r ~ /^>/) { a = substr(r, 2); b = "20991231" }
      else if (r ~ /^[0-9]+-[0-9]+$/) { split(r, g, "-"); a = g[1]; b = g[2] }
      else { err("bad date restriction \"" r "\""); next }
      if (!okdate(a) || !okdate(b)) { err("bad date in \"" r "\" (want valid YYYYMMDD)"); next }
      if (a > b) { err("range \"" r "\" ends before it starts"); next }
      nr++; lo[nr] = a; hi[nr] = b
      next
    }
    if (line ~ /^ /) { err("line starts with a space (code lines start with a TAB)"); next }
    if (line ~ /^\+/) {
      if (!inrec || incodes) { err("synonym outside a record (before its code lines?)"); next }
      phrase(substr(line, 2), "synonym"); next
    }
    endrec()
    inrec = 1; recline = FNR; x = line; sub(/[ \t]+$/, "", x); recname = x
    phrase(line, "primary")
  }
  END { endrec() }' "$1"
}

# The checker itself must catch mistakes: a hand-written bad file.
printf '%s\n' \
  'GOOD_ONE_' '+GOOD_TWO_' '	[USAELI <20170119]' '	[USAGOV 20170120-20210120]' \
  '	[USAELI 20210121-20250119]' '	[USAGOV >20250120]  # comment' '	[USAELI]' \
  'OVERLAP_' '	[USAGOV 20100101-20151231]' '	[USAGOV 20150101-20161231]' \
  'BADDATE_' '	[RUSGOV 20230230-20240101]' \
  'BACKWARDS_' '	[RUSGOV 20240101-20230101]' \
  'NOCODE_' \
  'GOOD_TWO_' '	[USAGOV]' \
  'SPACES_' '    [USAGOV]' \
  'TWODEF_' '	[USAGOV]' '	[USAELI]' \
  'SHORTYEAR_' '	[USAGOV 990101-000101]' \
  'BADCODE_' '	[USAGO]' \
  'GAP_' '	[USAGOV <20161231]' '	[USAGOV 20170201-20180331]' '	[USAELI >20180401]' '	[USAELI]' \
  'NODEFAULT_' '	[CHNGOV >20121115]' > "$TMP/bad.actors.txt"
out=$(check_actors "$TMP/bad.actors.txt")
for want in '8: record "OVERLAP_": ranges' '12: bad date' '14: range' '15: record "NOCODE_" has no code' \
            'phrase "GOOD_TWO_" already defined on line 2' '19: line starts with a space' \
            'record "TWODEF_" has two default codes' '24: bad date' '26: bad code "USAGO"' \
            '27: record "GAP_": no dated code from 20170101 to 20170201'; do
  case $out in *"$want"*) ok "checker catches: $want" ;;
  *) fail "checker catches: $want" "checker output: $out" ;; esac
done
if printf '%s\n' "$out" | grep -Eq '^([1-7]|3[2-9]):'; then fail "checker accepts good records" "$out"
else ok "checker accepts good records"; fi

for f in "$D"/dyad.actors.txt; do
  [ -f "$f" ] || continue
  out=$(check_actors "$f")
  if [ -z "$out" ]; then ok "format $f"; else fail "format $f" "$(echo "$out" | head -20)"; fi
done

# fill-defaults.awk writes a record's default out as dated ranges in the
# gaps (expected output written by hand), and leaves the shipped file as is.
if [ -f "$D/fill-defaults.awk" ]; then
  printf '%s\n' 'TRUMP_' '+DONALD_TRUMP_' '	[USAGOV >20250120]' '	[USAGOV 20170120-20210120]  # first' '	[USAELI]' \
    'ONLY_DEFAULT_' '	[USAGOV]' > "$TMP/in.txt"
  printf '%s\n' 'TRUMP_' '+DONALD_TRUMP_' '	[USAELI <20170119]' '	[USAGOV 20170120-20210120]  # first' \
    '	[USAELI 20210121-20250119]' '	[USAGOV >20250120]' '	[USAELI]' 'ONLY_DEFAULT_' '	[USAGOV]' > "$TMP/want.txt"
  awk -f "$D/fill-defaults.awk" "$TMP/in.txt" > "$TMP/got.txt"
  if cmp -s "$TMP/got.txt" "$TMP/want.txt"; then ok "fill-defaults fills gaps"
  else fail "fill-defaults fills gaps" "$(diff "$TMP/want.txt" "$TMP/got.txt")"; fi
  if awk -f "$D/fill-defaults.awk" "$D/dyad.actors.txt" | cmp -s - "$D/dyad.actors.txt"; then ok "fill-defaults idempotent on dyad.actors.txt"
  else fail "fill-defaults idempotent on dyad.actors.txt" "run: awk -f $D/fill-defaults.awk $D/dyad.actors.txt"; fi
fi

# Agents: PHRASE [{plural}] [~CODE] or [CODE~], one per line.
if [ -f "$D/dyad.agents.txt" ]; then
  out=$(awk '{ l = $0; c = index(l, "#"); if (c) l = substr(l, 1, c - 1)
               if (l ~ /^[ \t]*$/) next
               if (l !~ /^[^ \t\[{#~]+( \{[^}]*\})? +\[(~[A-Z]+|[A-Z]+~)\] *$/) print FNR ": " $0 }' "$D/dyad.agents.txt")
  if [ -z "$out" ]; then ok "format dyad.agents.txt"; else fail "format dyad.agents.txt" "$out"; fi
fi

# ------------------------------------------- looked-up codes (needs the dict command)
# lookup NAME DATE PHRASE WANT [NOT]: `dyad dict lookup --date DATE PHRASE`
# must print the code WANT (as a word) and must not print the code NOT.
lookup() {
  name=$1 date=$2 phrase=$3 want=$4 not=${5:-}
  run "$DYAD" dict lookup --date "$date" "$phrase"
  if [ "$RC" != 0 ]; then fail "$name" "exit $RC" "stderr: $ERR"; return; fi
  # The resolved code is the one after "->" on the "actor:" line; the lines
  # after it list every code of the entry.
  got=$(printf '%s\n' "$OUT" | sed -n 's/^actor:.* -> \([A-Z-][A-Z-]*\).*/\1/p' | head -n 1)
  [ -n "$got" ] || got=$OUT
  if ! printf '%s\n' "$got" | grep -qw -- "$want"; then fail "$name" "want $want" "got: $OUT"; return; fi
  if [ -n "$not" ] && printf '%s\n' "$got" | grep -qw -- "$not"; then fail "$name" "must not be $not" "got: $OUT"; return; fi
  ok "$name"
}

if "$DYAD" dict lookup --help >/dev/null 2>&1; then
  lookup lavrov_2018            2018-01-31 "Sergey Lavrov"          RUSGOV
  lookup lavrov_sergei          2018-01-31 "Sergei Lavrov"          RUSGOV
  lookup lavrov_fm_start        2004-03-09 "Sergey Lavrov"          RUSGOV
  lookup assad_2018             2018-01-31 "Bashar al-Assad"        SYRGOV
  lookup assad_after_fall       2025-03-01 "Bashar al-Assad"        SYRELI SYRGOV
  lookup de_mistura_2018        2018-01-31 "Staffan de Mistura"     IGOUNO
  lookup pedersen_2020          2020-06-01 "Geir Pedersen"          IGOUNO
  lookup tillerson_2017         2017-06-01 "Rex Tillerson"          USAGOV
  lookup tillerson_not_2019     2019-01-01 "Rex Tillerson"          USAELI USAGOV
  lookup kerry_2014             2014-06-01 "John Kerry"             USAGOV
  lookup kerry_senator_2010     2010-06-01 "John Kerry"             USALEG USAGOV
  lookup kerry_after_office     2018-06-01 "John Kerry"             USAELI USAGOV
  lookup obama_after_office     2019-06-01 "Barack Obama"           USAELI USAGOV
  lookup ban_after_office       2018-06-01 "Ban Ki-moon"            KORELI IGOUNO
  lookup netanyahu_opposition   2022-01-01 "Netanyahu"              ISROPP ISRGOV
  lookup erdogan_pm_2005        2005-06-01 "Recep Tayyip Erdogan"   TURGOV
  lookup erdogan_president_2020 2020-06-01 "Erdoğan"                TURGOV
  lookup erdogan_before_2003    2001-06-01 "Recep Tayyip Erdogan"   TURELI TURGOV
  lookup trump_first_term       2019-06-01 "Donald Trump"           USAGOV
  lookup trump_gap              2023-06-01 "Donald Trump"           USAELI USAGOV
  lookup trump_second_term      2025-06-01 "Donald Trump"           USAGOV
  lookup jolani_rebel_2018      2018-01-31 "Abu Mohammed al-Jolani" SYRREBMUS
  lookup sharaa_president_2025  2025-03-01 "Ahmed al-Sharaa"        SYRGOV
  lookup shaibani_2025          2025-03-01 "Asaad al-Shaibani"      SYRGOV
  lookup hts_2019               2019-06-01 "Hayat Tahrir al-Sham"   SYRREBMUS
  lookup ypg_2016               2016-06-01 "YPG"                    SYRREB
  lookup shoigu_defence_2015    2015-06-01 "Sergei Shoigu"          RUSGOVMIL
  lookup starmer_2025           2025-06-01 "Keir Starmer"           GBRGOV
  lookup guterres_2020          2020-06-01 "António Guterres"       IGOUNO
  lookup unita_is_angola        2000-06-01 "UNITA"                  AGOREB
  lookup eu_alone               2004-05-01 "EU"                     IGOEUREEC
  lookup eu_dotted              2004-05-01 "E.U."                   IGOEUREEC
  lookup jenin_west_bank        2002-04-01 "Jenin"                  PSE PSEGZA
  lookup jericho_west_bank      2000-06-01 "Jericho"                PSE
  lookup khan_younis_gaza       2005-06-01 "Khan Younis"            PSEGZA
  lookup igbo_is_nigeria        1999-01-01 "Igbo"                   NGA
  lookup ibo_is_nigeria         1985-06-01 "Ibo"                    NGA
  lookup yoruba_is_nigeria      1993-06-01 "Yoruba"                 NGA
  lookup ogoni_is_nigeria       1995-11-10 "Ogoni"                  NGA
  # Nigerian ethnic groups in sentences: the group is the source, and
  # "ethnic Yoruba in Benin" (coder rule ethnic_groups) stays civilians of
  # the place; Hausa (as much Niger's people) names no country.
  for c in "Igbo leaders criticized the Nigerian government.|NGA NGAGOV 111" \
           "Ethnic Yoruba in Benin protested against the government of Nigeria.|BENCVL NGAGOV 140" \
           "Hausa leaders criticized the government.|"; do
    printf '%s\n' "${c%%|*}" > "$TMP/eth.txt"
    got=$("$DYAD" code --quiet --format tsv "$TMP/eth.txt" | awk -F'\t' 'NR > 1 { t = $8 == "" ? "-" : $8; print $7, t, $12 }' | head -n 1)
    if [ "$got" = "${c#*|}" ]; then ok "ethnic_nga: ${c%%|*}"; else fail "ethnic_nga: ${c%%|*}" "want: ${c#*|}" "got: $got"; fi
  done
else
  skip "dict lookup" "\`dyad dict lookup\` is not in this build yet (dict branch); code checks skipped"
fi

# ------------------------------------------- coded events (needs dyad code)
# The shipped dictionaries through the whole coder: source and target of the
# one event of a dated sentence (tsv columns found by name).
coded() {
  name=$1 date=$2 text=$3 want=$4
  printf 'date %s %s\n' "$date" "$text" > "$TMP/story.txt"
  run "$DYAD" code --format tsv "$TMP/story.txt"
  got=$(printf '%s\n' "$OUT" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                                         { print $c["source"] " " $c["target"] }' | head -n 1)
  if [ "$RC" = 0 ] && [ "$got" = "$want" ]; then ok "$name"
  else fail "$name" "want '$want', got '$got' (exit $RC)" "stderr: $(head -c 300 "$TMP/err")"; fi
}
if "$DYAD" code --help >/dev/null 2>&1 && "$DYAD" dict lookup --help >/dev/null 2>&1; then
  coded code_lavrov_assad 2018-01-31 "Russian Foreign Minister Sergey Lavrov met Syrian President Bashar al-Assad in Damascus." "RUSGOV SYRGOV"
  coded code_erdogan_ypg 2018-01-31 "Turkish President Recep Tayyip Erdogan threatened the YPG." "TURGOV SYRREB"
  coded code_trump_sharaa 2025-03-01 "Donald Trump praised Ahmed al-Sharaa." "USAGOV SYRGOV"
  coded code_trump_gap 2023-06-01 "Donald Trump criticized Joe Biden." "USAELI USAGOV"
  coded code_eu_members 2004-05-01 "Greece criticized new EU members." "GRC IGOEUREEC"
  coded code_jolani_2018 2018-01-31 "Abu Mohammad al-Jolani threatened the Syrian government." "SYRREBMUS SYRGOV"
else
  skip "coded events" "\`dyad code\` or \`dyad dict\` is not in this build"
fi
finish
