/* Penn Treebank reader: one pass over the bracketed text with an explicit
 * stack (no recursion, so deep trees cannot overflow the C stack), then head
 * finding and cheap flags in one reverse sweep over the node array. */
#include "treebank/treebank.h"

#include <pthread.h>
#include <string.h>

static _Thread_local const char *tb_err = "";

const char *dy_treebank_error(void) { return tb_err; }

static int fail(dy_sentence *sent, const char *msg) {
  tb_err = msg;
  sent->tok = NULL;
  sent->ntok = 0;
  sent->node = NULL;
  sent->nnode = 0;
  return -1;
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Tag lookup without scanning the whole table: most tags are two or three
 * ASCII letters, so a small open-addressed table keyed on the bytes works. */
#define TAG_SLOTS 256
static uint8_t tag_slot[TAG_SLOTS];
/* Built once, even when the first trees are read by several threads at
 * once (dyad code --threads N --parse given). */
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const char *s, size_t n) {
  unsigned h = (unsigned)n * 31u;
  for (size_t i = 0; i < n; i++) h = h * 131u + (unsigned char)s[i];
  return h;
}

static void tag_init(void) {
  uint8_t tmp[TAG_SLOTS];
  memset(tmp, 0, sizeof tmp);
  for (int t = 1; t < DY_TAG__COUNT; t++) {
    const char *nm = dy_tag_name((dy_tag)t);
    unsigned h = tag_hash(nm, strlen(nm)) & (TAG_SLOTS - 1);
    while (tmp[h]) h = (h + 1) & (TAG_SLOTS - 1);
    tmp[h] = (uint8_t)t;
  }
  memcpy(tag_slot, tmp, sizeof tmp);
}

static dy_tag fast_tag(const char *s, size_t n) {
  pthread_once(&tag_once, tag_init);
  unsigned h = tag_hash(s, n) & (TAG_SLOTS - 1);
  while (tag_slot[h]) {
    const char *nm = dy_tag_name((dy_tag)tag_slot[h]);
    if (strlen(nm) == n && memcmp(nm, s, n) == 0) return (dy_tag)tag_slot[h];
    h = (h + 1) & (TAG_SLOTS - 1);
  }
  return DY_TAG_NONE;
}

static dy_label fast_label(const char *s, size_t n) {
  if (n == 2 && s[0] == 'N' && s[1] == 'P') return DY_LABEL_NP;
  if (n == 2 && s[0] == 'V' && s[1] == 'P') return DY_LABEL_VP;
  if (n == 2 && s[0] == 'P' && s[1] == 'P') return DY_LABEL_PP;
  if (n == 1 && s[0] == 'S') return DY_LABEL_S;
  if (n == 0) return DY_LABEL_ROOT; /* "( (S ...))": unlabelled root */
  return dy_label_from(s, n);
}

static int tag_is_punct(dy_tag t) {
  return t == DY_TAG_COMMA || t == DY_TAG_PERIOD || t == DY_TAG_COLON || t == DY_TAG_LQUOTE ||
         t == DY_TAG_RQUOTE || t == DY_TAG_LRB || t == DY_TAG_RRB || t == DY_TAG_HASH;
}

int dy_treebank_read(dy_story *s, dy_sentence *sent, dy_str parse) {
  const char *p = parse.p, *end = parse.p + parse.n;
  uint32_t nopen = 0;
  for (const char *q = p; q < end; q++) nopen += (*q == '(');
  if (nopen == 0) return fail(sent, "parse has no brackets");
  dy_node *node = dy_arena_alloc(s->arena, (size_t)nopen * sizeof *node);
  dy_token *tok = dy_arena_alloc(s->arena, (size_t)nopen * sizeof *tok);
  int32_t *stack = dy_arena_alloc(s->arena, (size_t)nopen * 2 * sizeof *stack); /* node, last child */
  uint32_t nn = 0, nt = 0, sp = 0;
  int done = 0;
  while (p < end) {
    char c = *p;
    if (is_space(c)) { p++; continue; }
    if (c == '(') {
      if (done) return fail(sent, "text after the end of the tree");
      p++;
      const char *lab = p;
      while (p < end && !is_space(*p) && *p != '(' && *p != ')') p++;
      size_t ln = (size_t)(p - lab);
      while (p < end && is_space(*p)) p++;
      if (p >= end) return fail(sent, "unbalanced brackets (tree ends inside a phrase)");
      uint32_t id = nn++;
      dy_node *nd = &node[id];
      nd->parent = sp ? stack[2 * (sp - 1)] : -1;
      nd->child = nd->next = -1;
      nd->depth = (uint16_t)(sp > 65535 ? 65535 : sp);
      nd->first = nt;
      nd->head = -1;
      if (sp) {
        int32_t prev = stack[2 * (sp - 1) + 1];
        if (prev < 0) node[stack[2 * (sp - 1)]].child = (int32_t)id;
        else node[prev].next = (int32_t)id;
        stack[2 * (sp - 1) + 1] = (int32_t)id;
      } else if (id != 0) {
        return fail(sent, "more than one tree in the parse");
      }
      if (*p != '(' && *p != ')') { /* preterminal: (TAG word) */
        const char *w = p;
        while (p < end && !is_space(*p) && *p != ')') p++;
        size_t wn = (size_t)(p - w);
        while (p < end && is_space(*p)) p++;
        if (p >= end || *p != ')') return fail(sent, "leaf with more than one word or no closing bracket");
        p++;
        if (ln == 0) return fail(sent, "leaf without a part-of-speech tag");
        dy_token *t = &tok[nt];
        t->tag = (uint8_t)fast_tag(lab, ln);
        if (t->tag == DY_TAG_LRB || (wn == 5 && memcmp(w, "-LRB-", 5) == 0)) { w = "("; wn = 1; }
        else if (t->tag == DY_TAG_RRB || (wn == 5 && memcmp(w, "-RRB-", 5) == 0)) { w = ")"; wn = 1; }
        t->raw = (dy_str){w, (uint32_t)wn};
        t->norm = dy_fold(s->arena, w, wn);
        t->off = UINT32_MAX;
        unsigned char c0 = (unsigned char)w[0];
        if (c0 >= 'A' && c0 <= 'Z') t->flags |= DY_TOK_CAP;
        if (tag_is_punct((dy_tag)t->tag)) t->flags |= DY_TOK_PUNCT;
        if (t->tag == DY_TAG_CD && c0 >= '0' && c0 <= '9') t->flags |= DY_TOK_NUMBER;
        nd->label = DY_LABEL_TOK;
        nd->head = (int32_t)nt;
        nt++;
        nd->last = nt;
        if (sp == 0) done = 1;
        continue;
      }
      nd->label = (uint8_t)fast_label(lab, ln);
      stack[2 * sp] = (int32_t)id;
      stack[2 * sp + 1] = -1;
      sp++;
      continue;
    }
    if (c == ')') {
      if (sp == 0) return fail(sent, "unbalanced brackets (extra ')')");
      sp--;
      node[stack[2 * sp]].last = nt;
      if (sp == 0) done = 1;
      p++;
      continue;
    }
    return fail(sent, "word outside a leaf bracket");
  }
  if (sp != 0) return fail(sent, "unbalanced brackets (missing ')')");
  if (nt == 0) return fail(sent, "parse has no words");
  sent->tok = tok;
  sent->ntok = nt;
  sent->node = node;
  sent->nnode = nn;
  dy_treebank_heads(sent);
  dy_treebank_flags(sent);
  return 0;
}

/* ------------------------------------------------------------ head rules */

/* A rule: scan direction and a priority list of categories; categories
 * below 100 are tags, 100 + label are phrase labels. Collins (1999),
 * abridged to what the coder uses. */
#define L(x) (100 + DY_LABEL_##x)
#define T(x) (DY_TAG_##x)
typedef struct { uint8_t label; int8_t left; int16_t cat[14]; } head_rule;
static const head_rule rules[] = {
    {DY_LABEL_VP, 1, {T(TO), T(VBD), T(VBN), T(MD), T(VBZ), T(VB), T(VBG), T(VBP), L(VP), L(ADJP), T(NN), T(NNS), L(NP), -1}},
    {DY_LABEL_S, 1, {T(TO), T(IN), L(VP), L(S), L(SBAR), L(ADJP), L(UCP), L(NP), -1}},
    {DY_LABEL_SINV, 1, {T(VBZ), T(VBD), T(VBP), T(VB), T(MD), L(VP), L(S), L(SINV), L(ADJP), L(NP), -1}},
    {DY_LABEL_SQ, 1, {T(VBZ), T(VBD), T(VBP), T(VB), T(MD), L(VP), L(SQ), -1}},
    {DY_LABEL_SBAR, 1, {L(WHNP), L(WHPP), L(WHADVP), L(WHADJP), T(IN), T(DT), L(S), L(SQ), L(SINV), L(SBAR), L(FRAG), -1}},
    {DY_LABEL_PP, 1, {T(IN), T(TO), T(VBG), T(VBN), T(RP), T(FW), -1}},
    {DY_LABEL_ADJP, 1, {T(NNS), L(QP), T(NN), T(DOLLAR), L(ADVP), T(JJ), T(VBN), T(VBG), L(ADJP), T(JJR), L(NP), T(JJS), T(DT), -1}},
    {DY_LABEL_ADVP, 0, {T(RB), T(RBR), T(RBS), T(FW), L(ADVP), T(TO), T(CD), T(JJR), T(JJ), T(IN), L(NP), T(JJS), T(NN), -1}},
    {DY_LABEL_PRT, 0, {T(RP), -1}},
    {DY_LABEL_QP, 1, {T(DOLLAR), T(IN), T(NNS), T(NN), T(JJ), T(RB), T(DT), T(CD), -1}},
    {DY_LABEL_WHNP, 1, {T(WDT), T(WP), T(WPS), L(WHADJP), L(WHPP), L(WHNP), -1}},
};
#undef L
#undef T

static int cat_of(const dy_sentence *s, const dy_node *c) {
  return c->label == DY_LABEL_TOK ? s->tok[c->first].tag : 100 + c->label;
}

static int32_t np_head(const dy_sentence *s, int32_t first_child) {
  /* NP: rightmost nominal, else leftmost NP, else rightmost anything. */
  int32_t last = -1, np = -1, nom = -1, other = -1;
  for (int32_t c = first_child; c >= 0; c = s->node[c].next) {
    const dy_node *cn = &s->node[c];
    int k = cat_of(s, cn);
    last = c;
    if (k == DY_TAG_NN || k == DY_TAG_NNS || k == DY_TAG_NNP || k == DY_TAG_NNPS || k == DY_TAG_POS ||
        k == 100 + DY_LABEL_NX || k == DY_TAG_JJR)
      nom = c;
    else if (k == 100 + DY_LABEL_NP && np < 0)
      np = c;
    else if (k == DY_TAG_CD || k == DY_TAG_JJ || k == DY_TAG_PRP || k == 100 + DY_LABEL_ADJP || k == 100 + DY_LABEL_QP)
      other = c;
  }
  if (last >= 0 && cat_of(s, &s->node[last]) == DY_TAG_POS) return last;
  if (nom >= 0) return nom;
  if (np >= 0) return np;
  if (other >= 0) return other;
  return last;
}

static int32_t head_child(const dy_sentence *s, const dy_node *n) {
  if (n->child < 0) return -1;
  if (n->label == DY_LABEL_NP || n->label == DY_LABEL_NX || n->label == DY_LABEL_NAC) return np_head(s, n->child);
  for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
    if (rules[r].label != n->label) continue;
    for (int k = 0; rules[r].cat[k] >= 0; k++) {
      int32_t found = -1;
      for (int32_t c = n->child; c >= 0; c = s->node[c].next)
        if (cat_of(s, &s->node[c]) == rules[r].cat[k]) {
          found = c;
          if (rules[r].left) break;
        }
      if (found >= 0) return found;
    }
    break;
  }
  return n->child;
}

void dy_treebank_heads(dy_sentence *sent) {
  /* Children have larger indices than their parents (pre-order), so a
   * reverse sweep sees every child's head before its parent needs it. */
  for (uint32_t i = sent->nnode; i-- > 0;) {
    dy_node *n = &sent->node[i];
    if (n->label == DY_LABEL_TOK) continue;
    int32_t hc = head_child(sent, n);
    n->head = hc >= 0 ? sent->node[hc].head : -1;
  }
}

/* ----------------------------------------------------------------- flags */

static int norm_is(const dy_token *t, const char *w) { return dy_str_eq_c(t->norm, w); }

static int is_be_or_get(const dy_token *t) {
  static const char *const forms[] = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re",
                                      "get", "gets", "got", "gotten", "getting", NULL};
  for (int i = 0; forms[i]; i++)
    if (norm_is(t, forms[i])) return 1;
  return 0;
}

static int is_negator(const dy_token *t) { return norm_is(t, "not") || norm_is(t, "n't") || norm_is(t, "never"); }

void dy_treebank_flags(dy_sentence *sent) {
  for (uint32_t i = 0; i < sent->nnode; i++) {
    dy_node *n = &sent->node[i];
    if (n->label == DY_LABEL_TOK) continue;
    for (int32_t c = n->child; c >= 0; c = sent->node[c].next) {
      const dy_node *cn = &sent->node[c];
      if (cn->label != DY_LABEL_TOK) {
        if (n->label == DY_LABEL_VP && cn->label == DY_LABEL_ADVP && cn->last - cn->first == 1 &&
            is_negator(&sent->tok[cn->first]))
          n->flags |= DY_NODE_NEGATED;
        continue;
      }
      const dy_token *t = &sent->tok[cn->first];
      if (t->tag == DY_TAG_CC) n->flags |= DY_NODE_COORD;
      if (n->label == DY_LABEL_VP && t->tag == DY_TAG_RB && is_negator(t)) n->flags |= DY_NODE_NEGATED;
    }
    if (n->label == DY_LABEL_VP && n->head >= 0 && sent->tok[n->head].tag == DY_TAG_VBN && n->parent >= 0) {
      const dy_node *pn = &sent->node[n->parent];
      if (pn->label == DY_LABEL_VP && pn->head >= 0 && is_be_or_get(&sent->tok[pn->head]))
        n->flags |= DY_NODE_PASSIVE;
    }
  }
}
