# bench: benchmark inputs. `make gen-corpus` writes a deterministic corpus of
# realistic news stories to bench/out/ (corpus.jsonl + text/*.txt), of
# GEN_CORPUS_MB megabytes from seed GEN_CORPUS_SEED, using the real sentences
# of ../shared/petrarch/text/*.xml too when that directory exists, and
# names of GEN_ACTORS (the default dictionaries' country actors) for a
# quarter of the actor phrases.

GEN_CORPUS_MB   ?= 10
GEN_CORPUS_SEED ?= 1
GEN_CORPUS_OUT  ?= bench/out
PETRARCH_TEXT   ?= ../shared/petrarch/text
GEN_ACTORS      ?= data/dict/phoenix/Phoenix.Countries.actors.txt

$(BUILD)/bench/gen_corpus: bench/gen_corpus.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CFLAGS) -o $@ $<

.PHONY: gen-corpus
gen-corpus: $(BUILD)/bench/gen_corpus
	rm -rf $(GEN_CORPUS_OUT)/text
	$(BUILD)/bench/gen_corpus -s $(GEN_CORPUS_SEED) -m $(GEN_CORPUS_MB) -o $(GEN_CORPUS_OUT) \
	  $(if $(wildcard $(PETRARCH_TEXT)),-p $(PETRARCH_TEXT)) $(if $(wildcard $(GEN_ACTORS)),-a $(GEN_ACTORS))

# `make bench-output`: throughput of the relative-date resolver and of the
# jsonl/tsv/csv writers over the sentences of a generated corpus.
$(BUILD)/bench/bench_output: bench/bench_output.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

.PHONY: bench-output
bench-output: $(BUILD)/bench/bench_output $(BUILD)/bench/gen_corpus
	$(BUILD)/bench/gen_corpus -s 1 -m 5 -o $(BUILD)/bench/corpus -S $(BUILD)/bench/sentences.txt
	$(BUILD)/bench/bench_output $(BUILD)/bench/sentences.txt 5

# `make bench`: builds an -O3 dyad in $(BENCH_OPT_BUILD) (GCC 12 -O3 sees
# false "maybe uninitialized" paths in ingest.c: not fatal there) and runs
# bench/bench.sh on a BENCH_MB corpus (default 100) and on the PETRARCH
# samples: "bench NAME VALUE" lines on stdout, a dated summary appended to
# bench/RESULTS.md. `make bench-quick` (under a minute): the same on 5 MB
# with the ordinary build, fewer runs, nothing appended.
BENCH_MB        ?= 100
BENCH_OPT_BUILD ?= build/opt

.PHONY: bench-opt bench-code bench-code-quick
bench-opt:
	$(MAKE) BUILD=$(BENCH_OPT_BUILD) OPT=-O3 EXTRA_CFLAGS=-Wno-error=maybe-uninitialized \
	  $(BENCH_OPT_BUILD)/dyad $(BENCH_OPT_BUILD)/bench/gen_corpus

bench-code: bench-opt
	DYAD=$(BENCH_OPT_BUILD)/dyad GEN=$(BENCH_OPT_BUILD)/bench/gen_corpus BENCH_MB=$(BENCH_MB) \
	  PETRARCH_TEXT=$(PETRARCH_TEXT) sh bench/bench.sh

bench-code-quick: all $(BUILD)/bench/gen_corpus
	DYAD=./$(DYAD_BIN) GEN=$(BUILD)/bench/gen_corpus BENCH_MB=5 BENCH_QUICK=1 BENCH_RESULTS=- \
	  BENCH_CORPUS=$(BUILD)/bench/quick PETRARCH_TEXT=$(PETRARCH_TEXT) sh bench/bench.sh

bench: bench-code
bench-quick: bench-code-quick
