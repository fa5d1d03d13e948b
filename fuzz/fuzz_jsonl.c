/* libFuzzer target: the JSONL story reader. Reads each input twice, with
 * the fast scanner and with jansson only, and requires the same stories,
 * the same diagnostics and the same counts (the fast path may only take
 * lines it reads exactly as jansson does). */
#include "fuzz_check.h"

typedef struct pass {
  dy_story *s[256];
  int n;
  char *diag;
  size_t diag_len;
  dy_reader_stats st;
} pass;

static void read_pass(pass *p, const uint8_t *data, size_t size, int jansson_only) {
  FILE *f = open_memstream(&p->diag, &p->diag_len);
  dy_diag_set_stream(f);
  dy_reader_opts o = {.read_chunk = 1 + size % 61, .max_story = size % 3 ? 0 : 16 + size % 700,
                      .jsonl_jansson_only = jansson_only};
  dy_reader *r = dy_reader_open_mem("fuzz.jsonl", data, size, DY_INPUT_JSONL, &o);
  dy_story *s;
  p->n = 0;
  while (dy_reader_next(r, &s)) {
    fuzz_check_story(s);
    if (p->n < 256) p->s[p->n++] = s;
    else dy_story_free(&s);
  }
  p->st = dy_reader_get_stats(r);
  dy_reader_close(&r);
  fclose(f);
}

static int span_eq(dy_str a, dy_str b) { return a.n == b.n && memcmp(a.p, b.p, a.n) == 0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static pass fast, slow;
  read_pass(&fast, data, size, 0);
  read_pass(&slow, data, size, 1);
  FUZZ_REQUIRE(fast.n == slow.n && fast.diag_len == slow.diag_len && memcmp(fast.diag, slow.diag, fast.diag_len) == 0);
  FUZZ_REQUIRE(memcmp(&fast.st, &slow.st, sizeof fast.st) == 0);
  for (int i = 0; i < fast.n; i++) {
    dy_story *a = fast.s[i], *b = slow.s[i];
    FUZZ_REQUIRE(strcmp(a->id, b->id) == 0 && a->date == b->date && a->line == b->line);
    FUZZ_REQUIRE(a->len == b->len && memcmp(a->text, b->text, a->len) == 0);
    FUZZ_REQUIRE(a->nfields == b->nfields);
    for (uint32_t k = 0; k < a->nfields; k++)
      FUZZ_REQUIRE(span_eq(a->fields[k].name, b->fields[k].name) &&
                   span_eq(a->fields[k].value_json, b->fields[k].value_json));
    dy_story_free(&fast.s[i]);
    dy_story_free(&slow.s[i]);
  }
  free(fast.diag);
  free(slow.diag);
  return 0;
}
