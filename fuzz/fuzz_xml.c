/* libFuzzer target: the PETRARCH XML story reader, element callback on. */
#include "fuzz_check.h"

static size_t touched; /* keeps the reads below from being optimised out */

static void on_element(void *ctx, const dy_xml_element *e) {
  size_t *n = &touched;
  (void)ctx;
  FUZZ_REQUIRE(e->name && e->attr && e->text && e->origin);
  for (size_t i = 0; e->attr[i]; i += 2) *n += strlen(e->attr[i]) + strlen(e->attr[i + 1]);
  *n += strlen(e->text) + (e->record_id ? strlen(e->record_id) : 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_read_all(data, size, "fuzz.xml", DY_INPUT_PETRARCH_XML, on_element);
  return 0;
}
