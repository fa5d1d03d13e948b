# bench/gen_corpus: deterministic, sized, never repeats a sentence.
. tests/cli/lib.sh
G="$TMP/gen_corpus"
run ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wshadow -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -O1 -o "$G" bench/gen_corpus.c
expect builds_warning_free 0
P=""
[ -d ../shared/petrarch/text ] && P="-p ../shared/petrarch/text"

run "$G" -s 7 -m 0.5 -o "$TMP/a" -S "$TMP/a.sent" $P
expect runs 0 "" "stories"
run "$G" -s 7 -m 0.5 -o "$TMP/b" $P
if cmp -s "$TMP/a/corpus.jsonl" "$TMP/b/corpus.jsonl" && diff -r "$TMP/a/text" "$TMP/b/text" >/dev/null
then ok same_seed_same_bytes; else fail same_seed_same_bytes "outputs differ"; fi
run "$G" -s 8 -m 0.5 -o "$TMP/c" $P
if cmp -s "$TMP/a/corpus.jsonl" "$TMP/c/corpus.jsonl"; then fail other_seed_differs; else ok other_seed_differs; fi

size=$(wc -c < "$TMP/a/corpus.jsonl")
if [ "$size" -ge 500000 ] && [ "$size" -lt 520000 ]; then ok size_as_asked; else fail size_as_asked "$size bytes"; fi
dups=$(sort "$TMP/a.sent" | uniq -d | head -3)
if [ -z "$dups" ] && [ "$(wc -l < "$TMP/a.sent")" -gt 2000 ]; then ok no_sentence_repeated
else fail no_sentence_repeated "$dups"; fi
stories=$(wc -l < "$TMP/a/corpus.jsonl")
files=$(ls "$TMP/a/text" | wc -l)
first=$(head -c 16 "$TMP/a/text/gen-0000001.txt")
if [ "$stories" -eq "$files" ] && expr "$first" : 'date 20[0-9][0-9]-[01][0-9]-[0-3][0-9] ' >/dev/null
then ok text_files_mirror_jsonl; else fail text_files_mirror_jsonl "$stories vs $files, '$first'"; fi
if grep -q '"id":"gen-0000001","date":"20' "$TMP/a/corpus.jsonl"; then ok jsonl_fields; else fail jsonl_fields; fi
if [ -n "$P" ]; then
  if grep -qF "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy, a senior official said on Saturday." "$TMP/a.sent"
  then ok real_sentences_used; else fail real_sentences_used; fi
else skip real_sentences_used "../shared/petrarch/text absent"; fi
# -a: a quarter of the actors are primary names of a PETRARCH actors file
# (title-cased); synonyms (+), codes and odd names are not used.
printf 'VLADIMIR_PUTIN_  # CountryInfo.txt\n+PUTIN_\n\t[RUSELI]\nAMINA_J._MOHAMMED_\nSTATE_OF_X,_Y_\nSOLO_\n' > "$TMP/act.txt"
run "$G" -s 7 -m 0.2 -o "$TMP/act" -a "$TMP/act.txt"
n_putin=$(grep -o 'Vladimir Putin' "$TMP/act/corpus.jsonl" | wc -l)
if [ "$n_putin" -gt 20 ] && grep -q 'Amina J. Mohammed' "$TMP/act/corpus.jsonl" && ! grep -qi 'state of x' "$TMP/act/corpus.jsonl" \
   && ! grep -q '"text":"[^"]*\bSolo\b' "$TMP/act/corpus.jsonl"
then ok actors_file_names; else fail actors_file_names "$n_putin x Vladimir Putin"; fi

# Titles are cut at a character boundary: the corpus is valid UTF-8 (seed 1
# at 1 MB once cut a two-byte character in half).
run "$G" -s 1 -m 1 -o "$TMP/u"
if iconv -f UTF-8 -t UTF-8 "$TMP/u/corpus.jsonl" >/dev/null 2>&1; then ok valid_utf8; else fail valid_utf8; fi
finish
