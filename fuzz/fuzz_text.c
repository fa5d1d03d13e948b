/* libFuzzer target: the text story reader (and format detection). */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read_all(data, size, "fuzz.txt", DY_INPUT_TEXT, NULL);
  fuzz_read_all(data, size, "fuzz.auto", DY_INPUT_AUTO, NULL);
  return 0;
}
