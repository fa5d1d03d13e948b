#!/bin/sh
# bench-dict: compile time of the full dictionary set, time from process
# start to the first lookup with a compiled image, and peak RSS.
# Usage: sh tests/bench/bench_dict.sh [./dyad]
DYAD=${1:-./dyad}
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

N=50
t0=$(now)
i=0
while [ $i -lt $N ]; do "$DYAD" dict lookup --dict "$TMP/full.img" --date 2018-01-31 "Sergey Lavrov" >/dev/null; i=$((i + 1)); done
t1=$(now)
echo "process start to first lookup, compiled image (mmap): $(ms 0 $(( (t1 - t0) / N ))) ms (mean of $N whole runs)"

t0=$(now)
i=0
while [ $i -lt $N ]; do "$DYAD" dict lookup --date 2018-01-31 "Sergey Lavrov" >/dev/null 2>&1; i=$((i + 1)); done
t1=$(now)
echo "process start to first lookup, built-in image: $(ms 0 $(( (t1 - t0) / N ))) ms (mean of $N whole runs)"

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
