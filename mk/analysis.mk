# analysis.mk — the tagger model, generated at build time from the installed
# Debian package liblingua-en-tagger-perl (GPL-3; the repository ships no
# copy of its data), and the analysis evaluation / benchmark targets.
#
# Two stages (like mk/dict.mk's dictc): gen_model.awk turns Lingua's YAML
# into raw C tables; $(TAGGER_GEN) (src/analysis/tagger.c compiled with
# -DDY_TAGGER_BUILD, linked with those tables and the core objects) builds
# the finished model — lexicon hash table, candidates with log scores,
# suffix tables, transitions — and prints it as const arrays, so that
# dy_analyser_new() does no work at run time.
LINGUA_DIR ?= /usr/share/perl5/Lingua/EN/Tagger
GEN_SRC += $(BUILD)/gen/analysis_model.c
TAGGER_GEN := $(BUILD)/tagger-gen
TAGGER_GEN_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard src/core/*.c))

$(BUILD)/gen/analysis_model_raw.c: data/tagger/gen_model.awk
	@mkdir -p $(dir $@)
	@test -f $(LINGUA_DIR)/words.yml || { echo "dyad: $(LINGUA_DIR)/words.yml missing: install liblingua-en-tagger-perl (scripts/install-deps.sh)" >&2; exit 1; }
	awk -f data/tagger/gen_model.awk -v TAGS=$(LINGUA_DIR)/tags.yml $(LINGUA_DIR)/words.yml > $@.tmp && mv $@.tmp $@

$(TAGGER_GEN): src/analysis/tagger.c src/analysis/analysis.h $(BUILD)/gen/analysis_model_raw.c $(TAGGER_GEN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DDY_TAGGER_BUILD -o $@ src/analysis/tagger.c $(BUILD)/gen/analysis_model_raw.c $(TAGGER_GEN_OBJ) $(LIBS) $(LDFLAGS)

$(BUILD)/gen/analysis_model.c: $(TAGGER_GEN)
	$(TAGGER_GEN) > $@.tmp && mv $@.tmp $@

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

# Own parse vs given parse on the GigaWord sample: per disagreeing sentence,
# both event lists and both trees (tools/parse_cmp.c). PARSE_CMP_FLAGS=-r
# adds the story pass as `dyad code --parse own` does; -a every sentence.
PARSE_CMP = $(BUILD)/tools/parse-cmp
$(PARSE_CMP): tools/parse_cmp.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)
.PHONY: parse-cmp
parse-cmp: $(PARSE_CMP)
	$(PARSE_CMP) $(PARSE_CMP_FLAGS) $(PETR_TEXT)/GigaWord.sample.PETR.xml
