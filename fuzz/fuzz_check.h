/* Shared by the ingest fuzz targets: reads everything from one input and
 * checks the story invariants that later stages rely on. Any violation
 * aborts, which libFuzzer reports as a crash. */
#ifndef DYAD_FUZZ_CHECK_H
#define DYAD_FUZZ_CHECK_H

#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_REQUIRE(c) do { if (!(c)) abort(); } while (0)

static inline void fuzz_check_story(const dy_story *s) {
  FUZZ_REQUIRE(s->id && s->origin && s->text && s->arena);
  FUZZ_REQUIRE(s->text[s->len] == 0 && memchr(s->text, 0, s->len) == NULL);
  FUZZ_REQUIRE(s->date == 0 || dy_date_valid(s->date));
  for (uint32_t i = 0; i < s->nfields; i++)
    FUZZ_REQUIRE(s->fields[i].name.p && s->fields[i].value_json.n > 0);
  for (uint32_t i = 0; i < s->nsent; i++) {
    const dy_sentence *t = &s->sent[i];
    FUZZ_REQUIRE(t->text.p >= s->text && t->text.p + t->text.n <= s->text + s->len);
    FUZZ_REQUIRE(t->text.n > 0);
    FUZZ_REQUIRE(t->parse.n == 0 || t->parse.p[t->parse.n] == 0);
  }
}

/* Varies the read chunk and the story limit with the input size, so that
 * buffer boundaries and the size limit get exercised too. */
static inline void fuzz_read_all(const uint8_t *data, size_t size, const char *name, dy_input_format fmt,
                          dy_xml_element_fn cb) {
  static FILE *devnull;
  if (!devnull) {
    devnull = fopen("/dev/null", "w");
    dy_diag_set_stream(devnull);
  }
  dy_reader_opts o = {.read_chunk = 1 + size % 61, .max_story = size % 3 ? 0 : 16 + size % 700,
                      .on_xml_element = cb};
  dy_reader *r = dy_reader_open_mem(name, data, size, fmt, &o);
  dy_story *s;
  long n = 0;
  while (dy_reader_next(r, &s)) {
    fuzz_check_story(s);
    dy_story_free(&s);
    n++;
  }
  dy_reader_stats st = dy_reader_get_stats(r);
  FUZZ_REQUIRE(st.stories == n && st.files == 1);
  dy_reader_close(&r);
}

#endif
