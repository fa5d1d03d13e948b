/* Helpers shared by the analysis module's test programs: a sentence made
 * by splitting on spaces (the text front end's job in the product), its
 * tree as text and its tags. Everything lives in the story's arena. */
#ifndef DY_TEST_ANALYSIS_HELPERS_H
#define DY_TEST_ANALYSIS_HELPERS_H

#include "analysis/analysis.h"
#include "../test.h"

static dy_analyser *an;

static dy_sentence *sentence(dy_story *s, const char *text) {
  if (!an) an = dy_analyser_new();
  size_t n = strlen(text);
  char *buf = dy_arena_strndup(s->arena, text, n);
  uint32_t cap = 1;
  for (size_t i = 0; i < n; i++) cap += text[i] == ' ';
  dy_sentence *sent = dy_arena_alloc(s->arena, sizeof *sent);
  sent->tok = dy_arena_alloc(s->arena, cap * sizeof *sent->tok);
  size_t i = 0;
  while (i < n) {
    while (i < n && buf[i] == ' ') i++;
    size_t b = i;
    while (i < n && buf[i] != ' ') i++;
    if (i == b) break;
    dy_token *t = &sent->tok[sent->ntok++];
    t->raw = (dy_str){buf + b, (uint32_t)(i - b)};
    t->norm = dy_fold(s->arena, buf + b, i - b);
    t->off = (uint32_t)b;
  }
  return sent;
}

static const char *tree_of(dy_story *s, const char *text) {
  dy_sentence *sent = sentence(s, text);
  ASSERT_EQ_INT(0, dy_analyse_sentence(an, s, sent));
  size_t need = dy_tree_format(sent, NULL, 0);
  char *buf = dy_arena_alloc(s->arena, need + 1);
  dy_tree_format(sent, buf, need + 1);
  return buf;
}

static const char *tags_of(dy_story *s, const char *text) {
  dy_sentence *sent = sentence(s, text);
  dy_tag_sentence(an, sent->tok, sent->ntok);
  char *out = dy_arena_alloc(s->arena, sent->ntok * 6 + 1);
  for (uint32_t i = 0; i < sent->ntok; i++) {
    strcat(out, dy_tag_name((dy_tag)sent->tok[i].tag));
    if (i + 1 < sent->ntok) strcat(out, " ");
  }
  return out;
}

#endif
