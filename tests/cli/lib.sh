# Helpers for CLI tests (sourced). Each check prints "ok NAME" or
# "FAIL NAME" with details; `finish` prints the summary line run.sh reads.
DYAD=${DYAD:-./dyad}
T_PASSED=0 T_FAILED=0 T_SKIPPED=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok()   { echo "ok   $1"; T_PASSED=$((T_PASSED + 1)); }
fail() { echo "FAIL $1"; shift; for m in "$@"; do echo "    $m"; done; T_FAILED=$((T_FAILED + 1)); }
skip() { echo "skip $1: $2"; T_SKIPPED=$((T_SKIPPED + 1)); }

# run CMD...: runs it capturing $OUT (stdout), $ERR (stderr), $RC.
run() {
  "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?
  OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
}

# expect NAME RC [stdout-substring] [stderr-substring]: checks the last run.
expect() {
  name=$1 want_rc=$2 want_out=${3:-} want_err=${4:-}
  if [ "$RC" != "$want_rc" ]; then fail "$name" "exit $RC, want $want_rc" "stderr: $(head -c 400 "$TMP/err")"; return; fi
  if [ -n "$want_out" ] && ! grep -qF -- "$want_out" "$TMP/out"; then fail "$name" "stdout lacks: $want_out" "stdout: $(head -c 400 "$TMP/out")"; return; fi
  if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$TMP/err"; then fail "$name" "stderr lacks: $want_err" "stderr: $(head -c 400 "$TMP/err")"; return; fi
  ok "$name"
}

finish() { echo "$0: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"; }
