# dyad — plain Makefile. `make` builds ./dyad; `make test` runs every test;
# `make sanitize` runs the unit tests under ASan+UBSan; `make fuzz` fuzzes;
# `make bench` benchmarks. Module fragments live in mk/*.mk (generated
# sources, extra targets) so that modules add rules without editing this file.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
INC     := -Isrc -I$(BUILD)/gen
LIBS    := -lutf8proc -lexpat -ljansson -lm
ALL_CFLAGS = $(WARN) $(DEFS) $(INC) $(CFLAGS) $(EXTRA_CFLAGS)

LIB_SRC  = $(filter-out src/cli/%,$(wildcard src/*/*.c))
CLI_SRC  = $(wildcard src/cli/*.c)
GEN_SRC :=           # appended to by mk/*.mk (generated .c files under $(BUILD)/gen)
TEST_SRC = $(wildcard tests/unit/test_*.c)

.DEFAULT_GOAL := all
-include mk/*.mk

LIB_OBJ  = $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(patsubst %.c,%.o,$(GEN_SRC))
CLI_OBJ  = $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC))
TEST_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
DYAD_BIN = $(if $(filter build,$(BUILD)),dyad,$(BUILD)/dyad)

.PHONY: all test unit sanitize fuzz bench bench-quick clean
all: $(DYAD_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libdyad.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(DYAD_BIN): $(CLI_OBJ) $(BUILD)/libdyad.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c tests/test_main.c tests/test.h $(wildcard tests/unit/*.h) $(BUILD)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/test_main.c $(BUILD)/libdyad.a $(LIBS) $(LDFLAGS)

unit: $(TEST_BIN)

# The whole suite: unit tests, CLI tests, golden files. Ends "N passed, M failed".
test: $(DYAD_BIN) unit
	@BUILD=$(BUILD) DYAD=./$(DYAD_BIN) sh tests/run.sh

# Unit tests (and the CLI tests) under AddressSanitizer + UBSan, halting on error.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
sanitize:
	$(MAKE) BUILD=build/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

clean:
	rm -rf build dyad

-include $(shell find $(BUILD)/obj $(BUILD)/gen -name '*.d' 2>/dev/null)
