# The event store (src/store): SQLite and PostgreSQL client libraries, and
# the store benchmark.
LIBS += -lsqlite3 -lpq
INC  += -I/usr/include/postgresql

.PHONY: bench-store
BENCH_STORE_EVENTS ?= 2000000
BENCH_STORE_BACKENDS ?= sqlite pg
$(BUILD)/bench/bench_store: tests/bench/bench_store.c $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

# Events/s inserted into SQLite and PostgreSQL (a throw-away local cluster)
# and query times over a year of generated events. BENCH_STORE_BACKENDS=pg
# for PostgreSQL only; BENCH_BATCH / BENCH_DEDUP in the environment set the
# stories per transaction and the --dedup mode.
bench-store: $(BUILD)/bench/bench_store
	BENCH=$(BUILD)/bench/bench_store EVENTS=$(BENCH_STORE_EVENTS) BACKENDS="$(BENCH_STORE_BACKENDS)" \
	  sh tests/bench/bench_store.sh
