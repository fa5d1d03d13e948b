#!/bin/sh
# bench-dict: compile time of the full dictionary set, time from process
# start to the first lookup with a compiled image, and peak RSS.
# Usage: sh tests/bench/bench_dict.sh [./dyad] [build/bench_dict_lookup]
DYAD=${1:-./dyad}
LOOKUP=${2:-}
S=../shared/petrarch/dictionaries
[ -d "$S" ] || S=data/dict
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
now() { date +%s%N; }
ms() { echo "$1 $2" | awk '{ printf "%.1f", ($2 - $1) / 1e6 }'; }

t0=$(now)
"$DYAD" dict compile "$S" -o "$TMP/full.img" 2>/dev/null || { echo "compile failed"; exit 1; }
t1=$(now)
echo "compile $S: $(ms "$t0" "$t1") ms, image $(wc -c < "$TMP/full.img") bytes"

if [ -n "$LOOKUP" ] && [ -x "$LOOKUP" ]; then
  printf 'process start to first lookup, compiled image (mmap): '
  "$LOOKUP" --startup 50 "$DYAD" dict lookup --dict "$TMP/full.img" --date 2018-01-31 "Sergey Lavrov"
  printf 'process start to first lookup, built-in image: '
  "$LOOKUP" --startup 50 "$DYAD" dict lookup --date 2018-01-31 "Sergey Lavrov"
  printf 'for comparison, process start to exit of dyad version: '
  "$LOOKUP" --startup 50 "$DYAD" version
  printf 'process start to first lookup, small program linked with libdyad only: '
  "$LOOKUP" --startup 50 "$LOOKUP" --first "$TMP/full.img"
fi

t0=$(now)
"$DYAD" dict lookup --dict "$S" --date 2018-01-31 "Sergey Lavrov" >/dev/null 2>&1
t1=$(now)
echo "process start to first lookup, text dictionaries: $(ms "$t0" "$t1") ms"

if [ -x /usr/bin/time ]; then
  for what in "--dict $TMP/full.img" "" "--dict $S"; do
    rss=$(/usr/bin/time -f %M "$DYAD" dict lookup $what "Sergey Lavrov" 2>&1 >/dev/null | tail -n 1)
    echo "peak RSS, lookup ${what:-(built-in)}: ${rss} KB"
  done
  rss=$(/usr/bin/time -f %M "$DYAD" dict compile "$S" -o "$TMP/x.img" 2>&1 >/dev/null | tail -n 1)
  echo "peak RSS, compile $S: ${rss} KB"
else
  echo "peak RSS: /usr/bin/time not installed (Debian package 'time')"
fi

TEXT=../shared/petrarch/text/GigaWord.sample.PETR.xml
if [ -n "$LOOKUP" ] && [ -x "$LOOKUP" ] && [ -f "$TEXT" ]; then
  "$LOOKUP" "$TMP/full.img" "$TEXT" 20
fi
