/*
 * goldtree.c — a minimal Penn bracket reader, only for measuring the
 * analyser against the gold trees in PETRARCH's files (tags and phrase
 * brackets). The full treebank reader, used for coding, is src/treebank/.
 */
#include "analysis/analysis.h"

#include <string.h>

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* Gold files use AUX, AUXD, AUXZ ... for auxiliaries; the Penn tag set has
 * only VB*, so map them (AUXD -> VBD). */
static dy_tag gold_tag(const char *p, size_t n) {
  if (n >= 3 && memcmp(p, "AUX", 3) == 0) {
    char buf[4] = {'V', 'B', 0, 0};
    if (n == 4 && p[3] != 'B') { buf[2] = p[3]; return dy_tag_from(buf, 3); }
    return DY_TAG_VB; /* AUX, AUXB */
  }
  return dy_tag_from(p, n);
}

static dy_label gold_label(const char *p, size_t n) {
  size_t k = 0; /* "NP-SBJ" -> NP, but "-NONE-" stays whole */
  while (k < n && (p[k] != '-' || k == 0) && p[k] != '=') k++;
  if (n == 0) return DY_LABEL_NONE;
  return dy_label_from(p, k);
}

/* Removes node 0 (a ROOT wrapper with one child) by shifting every index. */
static void drop_wrapper(dy_sentence *sent) {
  dy_node *nd = sent->node;
  uint32_t n = sent->nnode;
  memmove(nd, nd + 1, (n - 1) * sizeof *nd);
  sent->nnode = n - 1;
  for (uint32_t i = 0; i < n - 1; i++) {
    nd[i].parent = nd[i].parent <= 0 ? -1 : nd[i].parent - 1;
    if (nd[i].child >= 0) nd[i].child--;
    if (nd[i].next >= 0) nd[i].next--;
    if (nd[i].depth) nd[i].depth--;
  }
  nd[0].next = -1;
}

int dy_gold_tree_read(dy_story *s, const char *text, size_t n, dy_sentence *sent) {
  uint32_t open = 0;
  for (size_t i = 0; i < n; i++) open += text[i] == '(';
  sent->ntok = sent->nnode = 0;
  if (open == 0) return -1;
  dy_token *tok = dy_arena_alloc(s->arena, open * sizeof *tok);
  dy_node *nd = dy_arena_alloc(s->arena, open * sizeof *nd);
  int32_t stack[512], last_child[512];
  int depth = 0;
  uint32_t ntok = 0, nnode = 0;
  size_t i = 0;
  while (i < n) {
    char c = text[i];
    if (is_space(c)) { i++; continue; }
    if (c == ')') {
      if (depth == 0) return -1;
      nd[stack[depth - 1]].last = ntok;
      depth--; i++;
      continue;
    }
    if (c != '(' || depth >= 512) return -1;
    i++;
    size_t ls = i;
    while (i < n && !is_space(text[i]) && text[i] != '(' && text[i] != ')') i++;
    size_t ll = i - ls;
    while (i < n && is_space(text[i])) i++;
    int32_t id = (int32_t)nnode++;
    dy_node *x = &nd[id];
    *x = (dy_node){.label = DY_LABEL_NONE, .depth = (uint16_t)depth, .parent = depth ? stack[depth - 1] : -1,
                   .child = -1, .next = -1, .first = ntok, .last = ntok, .head = -1};
    if (depth) {
      int32_t p = stack[depth - 1];
      if (last_child[depth - 1] < 0) nd[p].child = id; else nd[last_child[depth - 1]].next = id;
      last_child[depth - 1] = id;
    } else if (id != 0) {
      return -1; /* a second tree: not one sentence */
    }
    if (i < n && text[i] != '(' && text[i] != ')') { /* preterminal: (TAG word) */
      size_t ws = i;
      while (i < n && text[i] != ')' && !is_space(text[i])) i++;
      size_t wl = i - ws;
      while (i < n && is_space(text[i])) i++;
      if (i >= n || text[i] != ')') return -1;
      i++;
      dy_token *t = &tok[ntok];
      t->raw = t->norm = (dy_str){text + ws, (uint32_t)wl};
      t->off = UINT32_MAX;
      t->tag = (uint8_t)gold_tag(text + ls, ll);
      x->label = DY_LABEL_TOK;
      x->head = (int32_t)ntok;
      x->last = ++ntok;
      continue;
    }
    x->label = (uint8_t)gold_label(text + ls, ll);
    stack[depth] = id; last_child[depth] = -1; depth++;
  }
  if (depth != 0 || nnode == 0) return -1;
  sent->tok = tok; sent->ntok = ntok;
  sent->node = nd; sent->nnode = nnode;
  while (sent->nnode > 1 && (nd[0].label == DY_LABEL_NONE || nd[0].label == DY_LABEL_ROOT) &&
         nd[0].child == 1 && nd[1].next < 0)
    drop_wrapper(sent);
  return 0;
}
