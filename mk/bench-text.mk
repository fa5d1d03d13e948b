# Text front-end benchmark: `make bench-text` (BENCH_TEXT_MB=200 by default)
# generates a seeded news-like corpus, times dy_text_prepare over it and
# `wc -w` over the same file; prints "bench text.<figure> <value>" lines.
BENCH_TEXT_MB ?= 200

.PHONY: bench-text bench-text-quick
$(BUILD)/bench/bench_text: bench/bench_text.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(INC) -O2 -g -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

bench-text: $(BUILD)/bench/bench_text
	$(BUILD)/bench/bench_text $(BENCH_TEXT_MB) $(BUILD)/bench/text_corpus.txt

bench-text-quick: $(BUILD)/bench/bench_text
	$(BUILD)/bench/bench_text 20 $(BUILD)/bench/text_corpus.txt

bench: bench-text
bench-quick: bench-text-quick
