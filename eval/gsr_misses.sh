#!/bin/sh
# Lists the PLOVER gold records dyad misses: the gold, dyad's events for the
# record (with --explain) and the tree the coder saw (DYAD_CODER_TRACE).
# usage: sh eval/gsr_misses.sh [GOLD.jsonl]   (needs jq; a diagnosis aid,
# not a test)
BUILD=${BUILD:-build} DYAD=${DYAD:-./dyad} SHARED=${SHARED:-../shared}
G=${1:-$SHARED/plover/gsr.dev.jsonl}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$DYAD" code --quiet "$G" > "$T/ev.jsonl" 2>/dev/null
EVAL_VERBOSE=1 "$BUILD/eval_events" gsr "$G" "$T/ev.jsonl" | awk '$1 == "miss" { print $2 }' > "$T/miss"
while read -r id; do
  grep -F "\"id\": \"$id\"" "$G" > "$T/rec"
  echo "=== $id"
  jq -r '"gold: \(.plover) src=\(.sources|join(",")) tgt=\(.targets|join(","))\ntext: \(.text)"' "$T/rec"
  DYAD_CODER_TRACE=1 "$DYAD" code --explain --quiet "$T/rec" 2>&1 >/dev/null | grep -v '^visible:' |
    sed -e 's/^explain [^ ]* /event /' -e 's/^ (ROOT/tree: (ROOT/'
  jq -r '"dyad: \(.source) -> \(.target) \(.code) \(.plover)"' "$T/ev.jsonl" | head -0
done < "$T/miss"
