#!/bin/sh
# Runs the whole suite: every unit-test program, then every CLI test script
# (tests/cli/test_*.sh). Prints each failure and ends with "N passed, M failed".
BUILD=${BUILD:-build}
DYAD=${DYAD:-./dyad}
export DYAD BUILD
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # adds "X: N passed, M failed, K skipped" from the last line of $log
  line=$(tail -n 1 "$log")
  p=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
  f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
  s=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) skipped.*/\1/p')
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "FAIL $1: no summary line (crashed?)"; failed=$((failed + 1)); return
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
}

for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  "$t" >"$log" 2>&1
  grep -E '^(FAIL|    )' "$log"
  count "$t"
done

for t in tests/cli/test_*.sh; do
  [ -f "$t" ] || continue
  sh "$t" >"$log" 2>&1
  grep -E '^(FAIL|    )' "$log"
  count "$t"
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
