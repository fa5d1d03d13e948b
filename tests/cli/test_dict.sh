# dyad dict: help and usage, check (real files, corrupted copies), compile,
# lookup (dates, images, corrupt images).
. tests/cli/lib.sh

run "$DYAD" dict --help;               expect dict_help 0 "usage: dyad dict COMMAND"
run "$DYAD" dict;                      expect dict_no_command_is_usage 2 "" "usage: dyad dict"
run "$DYAD" dict frob;                 expect dict_unknown_command 2 "" "unknown dict command 'frob'"
run "$DYAD" dict check --help;         expect check_help 0 "usage: dyad dict check [-q] PATH"
run "$DYAD" dict compile --help;       expect compile_help 0 "usage: dyad dict compile PATH... -o FILE"
run "$DYAD" dict lookup --help;        expect lookup_help 0 "usage: dyad dict lookup"
run "$DYAD" dict check;                expect check_needs_path 2 "" "no PATH given"
run "$DYAD" dict check --bogus x;      expect check_bad_option 2 "" "unknown option '--bogus'"
run "$DYAD" dict compile x.txt;        expect compile_needs_o 2 "" "no output file (-o FILE)"
run "$DYAD" dict lookup --date 2018-02-30 --dict x foo; expect lookup_bad_date 2 "" "bad --date '2018-02-30'"
run "$DYAD" dict check "$TMP/missing.actors.txt"; expect check_missing_file 1 "" "missing.actors.txt: error: cannot read"
printf 'X [Y]\n' > "$TMP/notes.txt"
run "$DYAD" dict check "$TMP/notes.txt"; expect check_unknown_kind 1 "" "notes.txt: error: unknown dictionary kind"

# A small set of our own.
D=$TMP/d
mkdir -p "$D"
cat > "$D/t.actors.txt" <<'EOT'
JOHN_DOE_
+PRESIDENT_DOE
	[USAELI 19900101-20090119]
	[USAGOV 20090120-20170120]
	[USAELI >20170121]
EOT
cat > "$D/t.verbs.txt" <<'EOT'
--- ATTACK [190] ---
ATTACK
- * CITY [193]
EOT
run "$DYAD" dict check "$D";           expect check_own_set 0 "actors: 1 entries, 2 phrases, 3 codes" ""
printf 'X_Y\n\t[AAA 20100101-20120101]\n\t[BBB 20110101-20130101]\n' > "$TMP/o.actors.txt"
run "$DYAD" dict check "$TMP/o.actors.txt"; expect check_overlap_warning 0 "0 errors, 1 warning" "o.actors.txt:1: warning: actor 'X Y': codes [AAA 20100101-20120101] and [BBB 20110101-20130101] overlap; the first listed wins"
run "$DYAD" dict check -q "$TMP/o.actors.txt"
if [ "$RC" = 0 ] && [ -z "$ERR" ]; then ok check_quiet; else fail check_quiet "rc $RC stderr: $ERR"; fi
run "$DYAD" dict lookup --dict "$D" --date 2008-12-31 President Doe; expect office_before 0 "-> USAELI [1990-01-01..2009-01-19]"
run "$DYAD" dict lookup --dict "$D" --date 2009-01-20 President Doe; expect office_first_day 0 "-> USAGOV [2009-01-20..2017-01-20]"
run "$DYAD" dict lookup --dict "$D" --date 2017-06-01 John Doe;      expect office_after 0 "-> USAELI [2017-01-21..]"
run "$DYAD" dict lookup --dict "$D" attacked;                       expect verb_lookup 0 "-> 190  block ATTACK [190]"
case "$OUT" in *"pattern - * CITY [193]"*) ok verb_lookup_patterns ;; *) fail verb_lookup_patterns "stdout: $OUT" ;; esac
run "$DYAD" dict lookup --dict "$D" nobody here;                    expect lookup_no_match 1 "no match for 'nobody here'"
# `dyad code --dict DIR` compiles the text dictionaries; a directory is not
# an image, so no error and no error count (it once tried to mmap it first).
printf 'date 2010-05-05\n\nJohn Doe attacked the city.\n' > "$TMP/s.txt"
run "$DYAD" code --dict "$D" "$TMP/s.txt"; expect code_dict_dir 0 '"source":"USAGOV"' "1 stories, 1 events, 0 errors"
case "$ERR" in *"cannot map"*) fail code_dict_dir_no_map_error "stderr: $ERR" ;; *) ok code_dict_dir_no_map_error ;; esac
# Dictionary warnings are counted in one note by `dyad code`, not listed.
D2=$TMP/d2; mkdir -p "$D2"; cp "$D"/*.txt "$D2"/; cp "$TMP/o.actors.txt" "$D2/"
run "$DYAD" code --dict "$D2" "$TMP/s.txt"; expect code_dict_warnings_counted 0 '"code":"193"' "note: 1 dictionary warnings; \`dyad dict check $D2\` lists them"
case "$ERR" in *"overlap"*) fail code_dict_warnings_not_listed "stderr: $ERR" ;; *) ok code_dict_warnings_not_listed ;; esac

# Compiled image: same answers; corrupt and truncated images rejected.
run "$DYAD" dict compile "$D" -o "$TMP/own.img"; expect compile_ok 0 "" "wrote"
run "$DYAD" dict lookup --dict "$TMP/own.img" --date 2010-05-05 John Doe; expect image_lookup 0 "-> USAGOV"
run "$DYAD" dict check "$TMP/own.img"; expect check_image 0 "actors: 1 entries, 2 phrases, 3 codes"
head -c 400 "$TMP/own.img" > "$TMP/trunc.img"
run "$DYAD" dict lookup --dict "$TMP/trunc.img" John Doe; expect truncated_image 1 "" "trunc.img: error: corrupt dictionary image: truncated or padded"
cp "$TMP/own.img" "$TMP/flip.img"
# Byte 300 lies in a source path (a random mktemp name), so write a byte it
# cannot already hold: a fixed 'Z' left the image intact 1 time in 62.
case "$(dd if="$TMP/flip.img" bs=1 skip=300 count=1 2>/dev/null)" in Z) flip=Y ;; *) flip=Z ;; esac
printf '%s' "$flip" | dd of="$TMP/flip.img" bs=1 seek=300 conv=notrunc 2>/dev/null
cmp -s "$TMP/own.img" "$TMP/flip.img" && fail flipped_image_differs "byte 300 unchanged" || ok flipped_image_differs
run "$DYAD" dict lookup --dict "$TMP/flip.img" John Doe; expect flipped_image 1 "" "flip.img: error: corrupt dictionary image: checksum mismatch"
printf 'BAD [' > "$D/x.actors.txt"
run "$DYAD" dict compile "$D" -o "$TMP/bad.img"; expect compile_refuses_errors 1 "" "1 error: $TMP/bad.img not written"
[ ! -e "$TMP/bad.img" ] && ok compile_wrote_nothing || fail compile_wrote_nothing "bad.img exists"
rm -f "$D/x.actors.txt"

# The real dictionaries: zero errors, each kind present.
S=../shared/petrarch/dictionaries
if [ -d "$S" ]; then
  run "$DYAD" dict check "$S"; expect shared_check_zero_errors 0 "0 errors"
  for k in "actors: " "agents: " "verbs: " "discards: " "issues: "; do
    case "$OUT" in *"$k"*) ok "shared_counts_${k%: }" ;; *) fail "shared_counts_${k%: }" "stdout: $OUT" ;; esac
  done
  run "$DYAD" dict lookup --dict "$S" --date 2018-01-31 "Sergey Lavrov"; expect shared_lavrov 0 "-> RUSGOV"
  run "$DYAD" dict lookup --dict "$S" --date 2018-01-31 "Bashar al-Assad"; expect shared_assad 0 "-> SYRGOV"
  run "$DYAD" dict lookup --dict "$S" --date 1999-06-01 "Sergey Lavrov"; expect shared_lavrov_at_un 0 "-> RUSGOV [1994-09-22..2004-07-12]"

  # Corrupted copies of each kind: exact FILE:LINE diagnostics.
  C=$TMP/c
  mkdir -p "$C"
  sed '38s/.*/AARDVARK [SAF/' "$S/PETR.Validate.actors.txt" > "$C/PETR.Validate.actors.txt"
  sed '37s/.*/CLERIC  [REL]/' "$S/PETR.Validate.agents.txt" > "$C/PETR.Validate.agents.txt"
  sed '64s/.*/- * EFFORT  [987/' "$S/PETR.Validate.verbs.txt" > "$C/PETR.Validate.verbs.txt"
  sed '9s/.*/+/' "$S/PETR.Validate.discards.txt" > "$C/PETR.Validate.discards.txt"
  sed '17s/.*/n:teacher [TEACHERS/; 21s/.*/<FOO>/' "$S/Phoenix.IssueCoding.txt" > "$C/Phoenix.IssueCoding.txt"
  run "$DYAD" dict check "$C"
  expect corrupt_copies_exit_1 1 "6 errors"
  for want in \
    "$C/PETR.Validate.actors.txt:38: error: '[' without ']'" \
    "$C/PETR.Validate.agents.txt:37: error: agent code '[REL]' must begin or end with '~'" \
    "$C/PETR.Validate.verbs.txt:64: error: '[' without ']' in pattern" \
    "$C/PETR.Validate.discards.txt:9: error: empty discard phrase" \
    "$C/Phoenix.IssueCoding.txt:17: error: '[' without ']'" \
    "$C/Phoenix.IssueCoding.txt:21: error: unknown tag '<FOO>'"; do
    if grep -qF -- "dyad: $want" "$TMP/err"; then ok "diag: ${want#$C/}"; else fail "diag: ${want#$C/}" "stderr: $(grep error "$TMP/err" | head -8)"; fi
  done
else
  skip shared_dictionaries "../shared/petrarch/dictionaries not present"
fi

# The built-in set (when this build has one).
run "$DYAD" dict lookup --date 2018-01-31 "Sergey Lavrov"
if grep -q "no built-in dictionaries" "$TMP/err"; then
  skip builtin_set "this build has no data/dict"
else
  expect builtin_lavrov 0 "-> RUSGOV"
  run "$DYAD" dict lookup --date 2018-01-31 "Bashar al-Assad"; expect builtin_assad 0 "-> SYRGOV"
  run "$DYAD" dict lookup --date 2018-01-31 "Staffan de Mistura"
  if grep -q "no match" "$TMP/out"; then skip builtin_de_mistura "not in data/dict yet (dictdata extensions)"
  else expect builtin_de_mistura 0 "-> IGOUNO"; fi
fi
finish
