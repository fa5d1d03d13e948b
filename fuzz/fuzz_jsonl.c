/* libFuzzer target: the JSONL story reader. */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read_all(data, size, "fuzz.jsonl", DY_INPUT_JSONL, NULL);
  return 0;
}
