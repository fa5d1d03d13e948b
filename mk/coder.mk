# coder / treebank / validate: the coder benchmark.
#   make bench-coder   sentences/s coding the GigaWord sample's given trees
.PHONY: bench-coder
$(BUILD)/bench_coder: bench/bench_coder.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

bench-coder: $(BUILD)/bench_coder
	$(BUILD)/bench_coder ../shared/petrarch/dictionaries ../shared/petrarch/text/GigaWord.sample.PETR.xml 200
