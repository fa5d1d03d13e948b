# `make eval`: accuracy figures against the reference data in ../shared/
# (PETRARCH validation records with given and own parses, own-vs-given
# agreement on the GigaWord sample, PLOVER gold-standard sentences).
SHARED ?= ../shared

$(BUILD)/eval_events: eval/eval_events.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CFLAGS) -o $@ $< -ljansson

.PHONY: eval
eval: $(DYAD_BIN) $(BUILD)/eval_events
	@BUILD=$(BUILD) DYAD=./$(DYAD_BIN) SHARED=$(SHARED) sh eval/run.sh
