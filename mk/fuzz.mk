# Fuzzing (libFuzzer). Every fuzz/fuzz_NAME.c is a target; its seeds are in
# fuzz/seeds/NAME/ (or fuzz/seeds/fuzz_NAME/) and its dictionary, if any, in
# fuzz/dicts/NAME.dict.
#   make fuzz            each target for FUZZ_SECONDS (default 60)
#   make fuzz-ci         each target for 20 s (.ci/run)
#   make fuzz-build      just build build/fuzz/fuzz_*
# The library is rebuilt with clang + sanitizers into build/fuzz/ by a
# recursive make of the main rules (BUILD=build/fuzz), so generated sources
# and every module come along. The corpus grows in fuzz/corpus-NAME/
# (ignored by git); crashes are written to build/fuzz/artifacts/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRC      = $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN      = $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

.PHONY: fuzz fuzz-ci fuzz-build fuzz-lib
# Build-time tools of other modules get built (and run) with the sanitizers
# too: a leak in a one-shot generator must not fail the build.
fuzz-lib:
	ASAN_OPTIONS=detect_leaks=0 $(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" EXTRA_CFLAGS=-Wno-error build/fuzz/libdyad.a

build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_check.h fuzz-lib
	$(FUZZ_CC) $(WARN) $(DEFS) -Isrc -Ibuild/fuzz/gen -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
	  -o $@ $< build/fuzz/libdyad.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

# fuzz-run SECONDS: runs every target in turn; the first crash stops make.
define fuzz-run
	@mkdir -p build/fuzz/artifacts
	@set -e; for bin in $(FUZZ_BIN); do \
	  name=$${bin#build/fuzz/fuzz_}; \
	  mkdir -p fuzz/corpus-$$name; \
	  seeds=; for d in fuzz/seeds/$$name fuzz/seeds/fuzz_$$name; do if [ -d $$d ]; then seeds="$$seeds $$d"; fi; done; \
	  dict=; [ -f fuzz/dicts/$$name.dict ] && dict=-dict=fuzz/dicts/$$name.dict; \
	  echo "fuzz $$name: $(1) s"; \
	  $$bin -max_total_time=$(1) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$$name- $$dict \
	    fuzz/corpus-$$name $$seeds 2>build/fuzz/$$name.log \
	  || { tail -n 60 build/fuzz/$$name.log; echo "fuzz $$name: FAILED (log: build/fuzz/$$name.log)"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' build/fuzz/$$name.log | tail -n 2; \
	done
endef

fuzz: fuzz-build
	$(call fuzz-run,$(FUZZ_SECONDS))

fuzz-ci: fuzz-build
	$(call fuzz-run,20)
