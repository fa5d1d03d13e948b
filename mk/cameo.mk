# cameo: the CAMEO codebook, Goldstein weights and CAMEO->PLOVER map are
# compiled in: src/cameo/cameo_tables.awk turns data/cameo/* into
# $(BUILD)/gen/cameo_tables.c, rebuilt whenever the data or the script change.

CAMEO_DATA := data/cameo/goldstein.tsv data/cameo/CAMEO2PLOVER-2021.txt data/cameo/eventcodes.tsv
GEN_SRC += $(BUILD)/gen/cameo_tables.c

$(BUILD)/gen/cameo_tables.c: src/cameo/cameo_tables.awk $(CAMEO_DATA) mk/cameo.mk
	@mkdir -p $(dir $@)
	awk -f src/cameo/cameo_tables.awk $(CAMEO_DATA) > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
