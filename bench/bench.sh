#!/bin/sh
# bench.sh — the `make bench` / `make bench-quick` driver (see mk/bench.mk).
#
# Measures `dyad code` the same way every time and prints one line per
# figure, "bench NAME VALUE", on stdout; appends a dated summary (machine,
# load, figures) to bench/RESULTS.md. Environment:
#   DYAD           the binary to measure (make bench: an -O3 build)
#   GEN            the gen_corpus binary
#   BENCH_MB       size of the generated corpus in MB (default 100)
#   BENCH_QUICK    1: fewer runs and repeats (make bench-quick)
#   BENCH_CORPUS   where the corpus goes (default bench/out; regenerated
#                  only when its size or seed changed)
#   BENCH_RESULTS  the summary file (default bench/RESULTS.md; "-" = none)
#   PETRARCH_TEXT  the real samples (default ../shared/petrarch/text)
#   GEN_ACTORS     actors file widening the corpus vocabulary (gen_corpus -a;
#                  default data/dict/phoenix/Phoenix.Countries.actors.txt)
# Rates are wall-clock unless named "cpu": the machine may be shared, so
# the per-core figures divided by CPU time (user + sys) are given too, with
# the load average at the start.
set -u
DYAD=${DYAD:-./dyad}
GEN=${GEN:-build/bench/gen_corpus}
MB=${BENCH_MB:-100}
QUICK=${BENCH_QUICK:-0}
CDIR=${BENCH_CORPUS:-bench/out}
RESULTS=${BENCH_RESULTS:-bench/RESULTS.md}
PETR=${PETRARCH_TEXT:-../shared/petrarch/text}
ACT=${GEN_ACTORS:-data/dict/phoenix/Phoenix.Countries.actors.txt}
SEED=1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
: > "$W/figures"

fig() { echo "bench $1 $2"; echo "$1 $2" >> "$W/figures"; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
getfig() { awk -v k="$1" '$1 == k { print $2 }' "$W/figures"; }
# stat_stage FILE KEY: the first value of the --stats line KEY (see
# src/pipeline/pipeline.h): a stage's seconds, rate's sentences/s, peak-rss.
stat_stage() { awk -v s="$2" '$1 == "dyad:" && $2 == "stats:" && $3 == s { print $4; exit }' "$1"; }
stat_field() { # FILE LINE-KEY WORD: the value after WORD on that line
  awk -v l="$2" -v w="$3" '$2 == "stats:" && $3 == l { for (i = 4; i < NF; i++) if ($i == w) { print $(i + 1); exit } }' "$1"
}

[ -x "$DYAD" ] || { echo "bench.sh: no binary $DYAD" >&2; exit 2; }
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# ---------------------------------------------------------------- corpus
stamp="seed $SEED mb $MB petrarch $([ -d "$PETR" ] && echo yes || echo no) actors $([ -f "$ACT" ] && echo yes || echo no)"
if [ "$(cat "$CDIR/.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$CDIR/corpus.jsonl" ]; then
  rm -rf "$CDIR/text"
  P=""; [ -d "$PETR" ] && P="-p $PETR"
  [ -f "$ACT" ] && P="$P -a $ACT"
  "$GEN" -s $SEED -m "$MB" -o "$CDIR" $P >&2 || exit 1
  echo "$stamp" > "$CDIR/.stamp"
fi
J=$CDIR/corpus.jsonl
bytes=$(wc -c < "$J")
fig corpus.mb "$(calc "$bytes / 1e6" 1)"

# ---------------------------------------------------------- one thread
# The stage table (its own run: reading the clock costs a little).
"$DYAD" code --quiet --stats "$J" > /dev/null 2> "$W/stats1" || { cat "$W/stats1" >&2; exit 1; }
sents=$(stat_field "$W/stats1" wall sentences)
stories=$(stat_field "$W/stats1" wall stories)
fig corpus.stories "$stories"
fig corpus.sentences "$sents"
for st in read front-end tagging chunking coder story-pass output; do
  s=$(stat_stage "$W/stats1" $st)
  fig "stage.$st.us_per_sentence" "$(calc "$s * 1e6 / $sents" 3)"
done
total=$(awk '$3 == "total" { print $4 }' "$W/stats1")
for st in read front-end tagging chunking coder story-pass output; do
  fig "stage.$st.share_pct" "$(calc "100 * $(stat_stage "$W/stats1" $st) / $total" 1)"
done
cpu=$(calc "$(stat_field "$W/stats1" peak-rss cpu-user) + $(stat_field "$W/stats1" peak-rss cpu-sys)" 3)
fig cpu.sentences_per_s "$(calc "$sents / $cpu" 0)"
fig cpu.mb_per_s "$(calc "$bytes / 1e6 / $cpu" 2)"
fig peak_rss_mb "$(calc "$(stat_stage "$W/stats1" peak-rss) / 1024" 1)"

# End to end, no --stats, the whole process (start-up included).
runs=3; [ "$QUICK" = 1 ] && runs=1
best=""
for i in $(seq $runs); do
  t0=$(now); "$DYAD" code --quiet "$J" > "$W/out1"; t1=$(now)
  t=$(calc "$t1 - $t0" 4)
  if [ -z "$best" ] || [ "$(calc "$t < $best" 0)" = 1 ]; then best=$t; fi
done
fig e2e.seconds "$best"
fig e2e.sentences_per_s "$(calc "$sents / $best" 0)"
fig e2e.stories_per_s "$(calc "$stories / $best" 0)"
fig e2e.mb_per_s "$(calc "$bytes / 1e6 / $best" 2)"
fig e2e.events "$(wc -l < "$W/out1")"

# ------------------------------------------------------------- threads
for n in 2 4; do
  [ "$QUICK" = 1 ] && [ $n = 4 ] && continue
  t0=$(now); "$DYAD" code --quiet --stats --threads $n "$J" > "$W/outn" 2> "$W/statsn"; t1=$(now)
  t=$(calc "$t1 - $t0" 4)
  fig "threads$n.sentences_per_s" "$(calc "$sents / $t" 0)"
  fig "threads$n.speedup" "$(calc "$best / $t" 2)"
  # CPU time with N threads over CPU time with one: the cost of threading,
  # meaningful even when other jobs share the cores (1.00 = none).
  cpun=$(calc "$(stat_field "$W/statsn" peak-rss cpu-user) + $(stat_field "$W/statsn" peak-rss cpu-sys)" 3)
  fig "threads$n.cpu_ratio" "$(calc "$cpun / $cpu" 2)"
  if cmp -s "$W/out1" "$W/outn"; then fig "threads$n.identical" 1; else fig "threads$n.identical" 0; fi
done

# ------------------------------------------------------------ wc -w
t0=$(now); LC_ALL=C wc -w < "$J" > /dev/null; t1=$(now)
twc=$(calc "$t1 - $t0" 4)
fig wc_w.mb_per_s "$(calc "$bytes / 1e6 / $twc" 1)"
fig ratio.dyad_to_wc_w "$(calc "$(getfig e2e.mb_per_s) / $(getfig wc_w.mb_per_s)" 4)"

# ----------------------------------------------------- setup (best of 5)
printf 'date 2018-01-31\n\nIran condemned Israel.\n' > "$W/tiny.txt"
for i in 1 2 3 4 5; do "$DYAD" code --quiet --stats "$W/tiny.txt" 2>&1 >/dev/null | grep 'stats: setup'; done > "$W/setup"
fig dict_load_ms "$(awk '{ if (m == "" || $5 < m) m = $5 } END { print m }' "$W/setup")"
fig model_load_ms "$(awk '{ if (m == "" || $8 < m) m = $8 } END { print m }' "$W/setup")"
t0=$(now); "$DYAD" code --quiet "$W/tiny.txt" > /dev/null; t1=$(now)
fig startup_ms "$(calc "($t1 - $t0) * 1000" 1)"

# ------------------------------------------------------- real samples
# Each file is given R times on one command line (they are small); rates
# are from --stats (set-up excluded).
R=200; [ "$QUICK" = 1 ] && R=30
for f in GigaWord.sample.PETR.xml PETR.UnitTest.dev.xml; do
  [ -f "$PETR/$f" ] || continue
  name=$(echo "$f" | cut -d. -f1)
  args=""; for i in $(seq $R); do args="$args $PETR/$f"; done
  for p in given own; do
    # shellcheck disable=SC2086
    "$DYAD" code --quiet --stats --parse $p $args > /dev/null 2> "$W/s_$p" || true
    fig "sample.$name.$p.sentences_per_s" "$(stat_stage "$W/s_$p" rate)"
    fig "sample.$name.$p.coder_us_per_sentence" \
      "$(calc "$(stat_stage "$W/s_$p" coder) * 1e6 / $(stat_field "$W/s_$p" wall sentences)" 2)"
  done
done

# ------------------------------------------------------------ summary
[ "$RESULTS" = "-" ] && exit 0
model=$(lscpu 2>/dev/null | awk -F: '/^Model name/ { sub(/^ +/, "", $2); print $2; exit }')
cores=$(nproc 2>/dev/null)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
ccv=$(${CC:-cc} --version 2>/dev/null | head -1)
stage_row() { printf '| %s | %s | %s%% |\n' "$1" "$(getfig "stage.$1.us_per_sentence")" "$(getfig "stage.$1.share_pct")"; }
{
  echo
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — $( [ "$QUICK" = 1 ] && echo "bench-quick" || echo "bench"), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "Machine: $model, $cores cores, $mem, $ccv; load average at start: $load."
  echo "Corpus: $(getfig corpus.mb) MB generated (seed $SEED$([ -f "$ACT" ] && echo ", actors from $ACT")), $(getfig corpus.stories) stories, $(getfig corpus.sentences) sentences."
  echo
  echo "| figure | value |"
  echo "|---|---|"
  for k in e2e.sentences_per_s e2e.stories_per_s e2e.mb_per_s cpu.sentences_per_s cpu.mb_per_s \
           threads2.speedup threads2.cpu_ratio threads4.speedup threads4.cpu_ratio wc_w.mb_per_s ratio.dyad_to_wc_w dict_load_ms model_load_ms \
           startup_ms peak_rss_mb; do
    v=$(getfig $k); [ -n "$v" ] && echo "| $k | $v |"
  done
  grep '^sample\.' "$W/figures" | awk '{ print "| " $1 " | " $2 " |" }'
  echo
  echo "| stage (one thread) | µs/sentence | share |"
  echo "|---|---|---|"
  for st in read front-end tagging chunking coder story-pass output; do stage_row $st; done
} >> "$RESULTS"
echo "bench.sh: summary appended to $RESULTS" >&2
