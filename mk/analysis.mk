# analysis.mk — the tagger model, generated at build time from the installed
# Debian package liblingua-en-tagger-perl (GPL-3; the repository ships no
# copy of its data), and the analysis evaluation / benchmark targets.
LINGUA_DIR ?= /usr/share/perl5/Lingua/EN/Tagger
GEN_SRC += $(BUILD)/gen/analysis_model.c

$(BUILD)/gen/analysis_model.c: data/tagger/gen_model.awk
	@mkdir -p $(dir $@)
	@test -f $(LINGUA_DIR)/words.yml || { echo "dyad: $(LINGUA_DIR)/words.yml missing: install liblingua-en-tagger-perl (scripts/install-deps.sh)" >&2; exit 1; }
	awk -f data/tagger/gen_model.awk -v TAGS=$(LINGUA_DIR)/tags.yml $(LINGUA_DIR)/words.yml > $@.tmp && mv $@.tmp $@

ANALYSIS_TOOL = $(BUILD)/tools/analysis-tool
$(ANALYSIS_TOOL): tools/analysis_tool.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

PETR_TEXT ?= ../shared/petrarch/text
.PHONY: eval-tagger bench-analysis
# Tagging accuracy (gold tokenisation) and chunk measures vs the gold trees.
eval-tagger: $(ANALYSIS_TOOL)
	$(ANALYSIS_TOOL) eval $(PETR_TEXT)/PETR.UnitTest.dev.xml $(PETR_TEXT)/GigaWord.sample.PETR.xml
# Tokens/s and sentences/s for tagging and for chunking.
bench-analysis: $(ANALYSIS_TOOL)
	$(ANALYSIS_TOOL) bench $(PETR_TEXT)/PETR.UnitTest.dev.xml $(PETR_TEXT)/GigaWord.sample.PETR.xml
