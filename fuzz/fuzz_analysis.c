/* libFuzzer target: the analyser (tagger + shallow parser) on odd input.
 * The first byte picks the mode: odd = the rest is pairs (tag, word) read
 * straight into tokens and chunked (dy_chunk_sentence on tag sequences no
 * tagger would produce, with words the parser tests: "that", "ago", "--",
 * "said", ...); even = the rest is text, prepared by the front end and
 * analysed sentence by sentence. Checks, beyond "no crash": every tree is
 * well formed (node 0 covers all tokens, pre-order, children tile their
 * parent's span, each token under exactly one preterminal) and tags stay
 * valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "text/text.h"

#define REQUIRE(c)                                                       \
  do {                                                                   \
    if (!(c)) { fprintf(stderr, "fuzz_analysis: %s failed (line %d)\n", #c, __LINE__); abort(); } \
  } while (0)

static void check_tree(const dy_sentence *s) {
  REQUIRE(s->nnode > 0);
  REQUIRE(s->node[0].parent == -1 && s->node[0].first == 0 && s->node[0].last == s->ntok);
  uint32_t leaves = 0;
  for (uint32_t i = 0; i < s->nnode; i++) {
    const dy_node *n = &s->node[i];
    if (i) REQUIRE(n->parent >= 0 && (uint32_t)n->parent < i);
    if (n->label == DY_LABEL_TOK) {
      REQUIRE(n->first == leaves && n->last == leaves + 1 && n->child < 0);
      leaves++;
      continue;
    }
    REQUIRE(n->child >= 0);
    REQUIRE(n->head == -1 || (n->head >= (int32_t)n->first && n->head < (int32_t)n->last));
    uint32_t at = n->first;
    for (int32_t c = n->child; c >= 0; c = s->node[c].next) {
      REQUIRE(s->node[c].parent == (int32_t)i);
      REQUIRE(s->node[c].first == at);
      at = s->node[c].last;
    }
    REQUIRE(at == n->last);
  }
  REQUIRE(leaves == s->ntok);
  for (uint32_t i = 0; i < s->ntok; i++) REQUIRE(s->tok[i].tag < DY_TAG__COUNT);
}

static const char *const words[] = {"that", "ago", "--", "said", "up", "to", "at", "least", "as", "many", "and",
                                    "a", "the", "of", "by", "who", "was", "has", "jailed", "Monday", "``", "''",
                                    "(", ")", ",", "Iran", "troops", "killing", "more", "than", "last", "be"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static dy_analyser *an;
  if (!an) an = dy_analyser_new();
  int tags = data[0] & 1;
  data++, size--;
  dy_story *st = dy_story_new();
  if (tags) {
    uint32_t n = (uint32_t)(size / 2);
    if (n == 0) { dy_story_free(&st); return 0; }
    dy_sentence *s = dy_arena_alloc(st->arena, sizeof *s);
    memset(s, 0, sizeof *s);
    s->tok = dy_arena_alloc(st->arena, n * sizeof *s->tok);
    for (uint32_t i = 0; i < n; i++) {
      const char *w = words[data[2 * i + 1] % (sizeof words / sizeof *words)];
      dy_token *t = &s->tok[i];
      memset(t, 0, sizeof *t);
      t->raw = (dy_str){w, (uint32_t)strlen(w)};
      t->norm = t->raw;
      t->off = UINT32_MAX;
      t->tag = (uint8_t)(1 + data[2 * i] % (DY_TAG__COUNT - 1));
    }
    s->ntok = n;
    REQUIRE(dy_chunk_sentence(st, s) == 0);
    check_tree(s);
  } else {
    char *text = dy_arena_alloc(st->arena, size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    st->text = text;
    st->len = size;
    if (dy_text_prepare(st) == 0)
      for (uint32_t i = 0; i < st->nsent; i++) {
        dy_sentence *s = &st->sent[i];
        if (!s->ntok) continue;
        REQUIRE(dy_analyse_sentence(an, st, s) == 0);
        check_tree(s);
      }
  }
  dy_story_free(&st);
  return 0;
}
