/* libFuzzer target: the text front end (dy_text_prepare) on a story made
 * from the input bytes. The first byte picks the mode: odd = the reader
 * preset the sentences (one per line of the rest), even = dy_text_prepare
 * splits. Checks, beyond "no crash": the text is valid UTF-8 afterwards,
 * one diagnostic at most per story, every token is a non-empty span of the
 * story text in order with the right offset and no white space, sentences
 * cover their tokens, no token is inside the dateline, norm == dy_fold(raw). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

#define REQUIRE(c)                                                       \
  do {                                                                   \
    if (!(c)) { fprintf(stderr, "fuzz_tokenize: %s failed (line %d)\n", #c, __LINE__); abort(); } \
  } while (0)

static void check_tokens(const dy_story *s, int preset, dy_arena *scratch) {
  const char *end_prev = s->text, *dl = s->dateline.p, *dle = dl ? dl + s->dateline.n : NULL;
  for (uint32_t i = 0; i < s->nsent; i++) {
    const dy_sentence *st = &s->sent[i];
    REQUIRE(st->ntok == 0 || st->tok != NULL);
    for (uint32_t j = 0; j < st->ntok; j++) {
      const dy_token *t = &st->tok[j];
      REQUIRE(t->raw.n > 0);
      REQUIRE(t->raw.p >= st->text.p && t->raw.p + t->raw.n <= st->text.p + st->text.n);
      REQUIRE(t->tag == 0 && t->wclass == 0);
      for (uint32_t k = 0; k < t->raw.n; k++)
        REQUIRE(t->raw.p[k] != ' ' && t->raw.p[k] != '\n' && t->raw.p[k] != '\t');
      dy_str f = dy_fold(scratch, t->raw.p, t->raw.n);
      REQUIRE(f.n == t->norm.n && memcmp(f.p, t->norm.p, f.n) == 0);
      if (t->off != UINT32_MAX) {
        REQUIRE(t->raw.p == s->text + t->off);
        if (!preset) { /* in order, and not inside the dateline */
          REQUIRE(t->raw.p >= end_prev);
          REQUIRE(!s->dateline.n || t->raw.p + t->raw.n <= dl || t->raw.p >= dle);
        }
        end_prev = t->raw.p + t->raw.n;
      }
    }
    if (!preset && st->ntok) { /* the sentence is exactly its tokens' extent */
      REQUIRE(st->text.p == st->tok[0].raw.p);
      REQUIRE(st->text.p + st->text.n == st->tok[st->ntok - 1].raw.p + st->tok[st->ntok - 1].raw.n);
      REQUIRE(i == 0 || st->paragraph >= s->sent[i - 1].paragraph);
    }
    if (!preset) REQUIRE(st->ntok > 0);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  int preset = data[0] & 1;
  data++, size--;
  /* A private copy so that reads past the end are caught. */
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = 0;
  static FILE *sink;
  if (!sink) sink = fopen("/dev/null", "w");
  dy_diag_set_stream(sink);
  dy_diag_reset();

  dy_story *s = dy_story_new();
  s->text = text;
  s->len = size;
  s->origin = "fuzz";
  if (preset) {
    uint32_t n = 0, cap = 8;
    s->sent = dy_arena_alloc(s->arena, cap * sizeof(dy_sentence));
    const char *p = text, *e = text + size;
    while (p <= e && n < 4096) {
      const char *nl = memchr(p, '\n', (size_t)(e - p));
      const char *le = nl ? nl : e;
      if (n == cap) {
        s->sent = dy_arena_grow(s->arena, s->sent, cap * sizeof(dy_sentence), 2 * cap * sizeof(dy_sentence));
        cap *= 2;
      }
      s->sent[n].text = (dy_str){p, (uint32_t)(le - p)};
      s->sent[n].paragraph = n / 3;
      n++;
      p = le + 1;
    }
    s->nsent = n;
  }
  size_t bad = dy_utf8_validate(text, size, NULL);
  REQUIRE(dy_text_prepare(s) == 0);
  REQUIRE(dy_diag_count(DY_ERROR) == (bad ? 1 : 0));
  REQUIRE(dy_utf8_validate(s->text, s->len, NULL) == 0);
  REQUIRE(s->text[s->len] == 0);
  REQUIRE(bad || s->text == text);
  dy_arena *scratch = dy_arena_new();
  check_tokens(s, preset, scratch);
  dy_arena_free(&scratch);
  dy_story_free(&s);
  free(text);
  return 0;
}
