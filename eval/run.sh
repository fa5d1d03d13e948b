#!/bin/sh
# Prints dyad's accuracy figures, one "name value" line each (see mk/eval.mk).
BUILD=${BUILD:-build} DYAD=${DYAD:-./dyad} SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/petrarch" ]; then echo "eval: $SHARED not found, nothing to measure"; exit 0; fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
U=$SHARED/petrarch/text/PETR.UnitTest.dev.xml
G=$SHARED/petrarch/text/GigaWord.sample.PETR.xml
for p in given own; do
  "$DYAD" validate --parse $p --dict "$SHARED/petrarch/dictionaries" "$U" > "$T/v.$p" 2>/dev/null
  echo "validate.$p $(tail -n 1 "$T/v.$p")"
done
"$DYAD" code --quiet --parse given "$G" > "$T/given.jsonl" 2>/dev/null
"$DYAD" code --quiet --parse own "$G" > "$T/own.jsonl" 2>/dev/null
"$BUILD/eval_events" agree "$T/given.jsonl" "$T/own.jsonl"
"$DYAD" code --quiet "$SHARED/plover/gsr.dev.jsonl" > "$T/gsr.jsonl" 2>/dev/null
"$BUILD/eval_events" gsr "$SHARED/plover/gsr.dev.jsonl" "$T/gsr.jsonl"
