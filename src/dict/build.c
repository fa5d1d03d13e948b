/* The dictionary builder and the readers of PETRARCH's text formats.
 *
 * The readers (actors, agents, verbs in PETRARCH1 and PETRARCH2 form,
 * discards, issues) feed the builder, which interns strings, grows one trie
 * per kind and serialises everything into the image format of dict.h. The
 * image is then used exactly like one read from disk. */
#include "dict/dict.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

dy_dict *dy__dict_adopt(void *p, size_t n);
void dy__dict_words(const char *str, const dy_img_node *node, uint32_t nn, const dy_img_edge *edge, uint32_t ne,
                    const uint32_t root[DY_TRIE__COUNT], dy_img_word **wout, uint32_t *nwout,
                    dy_img_vslot **vout, uint32_t *nvout, dy_img_wedge **eout); /* image.c */
uint32_t dy__dict_word_find(const char *str, const dy_img_word *words, uint32_t nw, const dy_img_vslot *vslot,
                            uint32_t nvslot, const char *w, size_t n); /* image.c */

typedef struct dy_dict_builder dyb;
typedef struct { uint32_t first_child, next, word, pay_head, pay_tail, npay; } dyb_node;
typedef struct { uint32_t value, next; } dyb_pay;
typedef struct { uint64_t key; uint32_t child; } dyb_ehash;
typedef struct { uint32_t a, b, phrase, line; } dyb_dup;
typedef struct { uint32_t name, members; } dyb_subst; /* agents' !SET!: members "A\tB\tC" */
#define DYB_VEC(T) struct { T *p; uint32_t n, cap; }

#define MAXW 128 /* words in one phrase */

struct dy_dict_builder {
  dy_arena *tmp;                 /* scratch for dy_fold; reset per file */
  uint32_t *sh, shn, shcap;      /* string interning: open addressing over blob offsets */
  char *blob;
  uint32_t blobn, blobcap;
  dyb_ehash *eh;                 /* (parent, word) -> child */
  uint32_t ehn, ehcap;
  dyb_node *node;
  uint32_t nnode, nodecap;
  dyb_pay *pay;
  uint32_t npay, paycap;
  uint32_t root[DY_TRIE__COUNT];
  uint32_t nfiles;
  DYB_VEC(dy_img_actor) actor;
  DYB_VEC(dy_img_acode) acode;
  DYB_VEC(dy_img_agent) agent;
  DYB_VEC(dy_img_vblock) vblock;
  DYB_VEC(dy_img_vform) vform;
  DYB_VEC(dy_img_vpat) vpat;
  DYB_VEC(dy_img_vpel) vpel;
  DYB_VEC(dy_img_synset) synset;
  DYB_VEC(dy_img_trans) trans;
  DYB_VEC(dy_img_discard) discard;
  DYB_VEC(dy_img_issue) issue;
  DYB_VEC(dyb_dup) dup;
  DYB_VEC(dyb_subst) subst;
  /* reader state */
  uint32_t file;                 /* its interned name */
  long line;
  int errors;
  uint32_t cur_actor;            /* open actor entry or UINT32_MAX */
  uint32_t cur_block;            /* open verb block or UINT32_MAX */
  uint32_t cur_synset;           /* synset whose '+' members follow, or UINT32_MAX */
  int syn_noplural;
  int p2;                        /* verb file in PETRARCH2 syntax */
  uint32_t category;             /* issues: current <ISSUE CATEGORY> */
};

#define PUSH(v) \
  ((v).p = dyb_grow((v).p, &(v).cap, (v).n + 1, sizeof *(v).p), memset(&(v).p[(v).n], 0, sizeof *(v).p), &(v).p[(v).n++])

static void *dyb_grow(void *p, uint32_t *cap, uint32_t need, size_t elem);
static uint32_t dyb_synset_find(const dyb *b, const char *name, uint32_t file);
static void dyb_close_actor(dyb *b);
static void dyb_close_block(dyb *b);
/* ------------------------------------------------------------ vectors */

static void *dyb_grow(void *p, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return p;
  uint32_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  p = dy_xrealloc(p, (size_t)c * elem);
  *cap = c;
  return p;
}

/* ------------------------------------------------------------ strings */

static uint64_t hbytes(const char *s, size_t n) { return dy_hash64(s, n, DY_HASH_SEED); }

static uint32_t dyb_str(dyb *b, const char *s, size_t n) {
  if (n == 0) return 0;
  if (memchr(s, 0, n)) n = strlen(s); /* never store embedded NULs */
  if (n == 0) return 0;
  uint64_t h = hbytes(s, n);
  uint32_t mask = b->shcap - 1;
  for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
    uint32_t o = b->sh[i];
    if (o == 0) break;
    if (b->blobn - o > n && memcmp(b->blob + o, s, n) == 0 && b->blob[o + n] == 0) return o;
  }
  b->blob = dyb_grow(b->blob, &b->blobcap, b->blobn + (uint32_t)n + 1, 1);
  uint32_t off = b->blobn;
  memcpy(b->blob + off, s, n);
  b->blob[off + n] = 0;
  b->blobn += (uint32_t)n + 1;
  if (++b->shn * 2 > b->shcap) { /* rehash */
    uint32_t ncap = b->shcap * 2, *nt = dy_xcalloc(ncap, sizeof(uint32_t));
    for (uint32_t k = 0; k < b->shcap; k++) {
      uint32_t o = b->sh[k];
      if (!o) continue;
      uint64_t hh = hbytes(b->blob + o, strlen(b->blob + o));
      uint32_t j = (uint32_t)hh & (ncap - 1);
      while (nt[j]) j = (j + 1) & (ncap - 1);
      nt[j] = o;
    }
    free(b->sh);
    b->sh = nt;
    b->shcap = ncap;
  } else {
    uint32_t i = (uint32_t)h & mask;
    while (b->sh[i]) i = (i + 1) & mask;
    b->sh[i] = off;
  }
  return off;
}

static uint32_t dyb_cstr(dyb *b, const char *s) { return dyb_str(b, s, strlen(s)); }

/* Folds one word (dy_fold) and interns it. */
static uint32_t dyb_word(dyb *b, const char *s, size_t n) {
  dy_str f = dy_fold(b->tmp, s, n);
  return dyb_str(b, f.p, f.n);
}

/* ------------------------------------------------------------ tries */

static uint32_t new_node(dyb *b) {
  b->node = dyb_grow(b->node, &b->nodecap, b->nnode + 1, sizeof *b->node);
  dyb_node *x = &b->node[b->nnode];
  memset(x, 0, sizeof *x);
  x->first_child = x->next = x->pay_head = x->pay_tail = UINT32_MAX;
  return b->nnode++;
}

static uint64_t ekey(uint32_t parent, uint32_t word) { return ((uint64_t)parent << 32) | word; }

static uint32_t edge_find(const dyb *b, uint32_t parent, uint32_t word) {
  uint64_t k = ekey(parent, word), h = dy_hash64(&k, sizeof k, DY_HASH_SEED);
  uint32_t mask = b->ehcap - 1;
  for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
    if (b->eh[i].child == 0) return UINT32_MAX; /* child 0 is a root: never a child */
    if (b->eh[i].key == k) return b->eh[i].child;
  }
}

static void edge_put(dyb *b, uint32_t parent, uint32_t word, uint32_t c) {
  if ((b->ehn + 1) * 2 > b->ehcap) {
    uint32_t ncap = b->ehcap * 2;
    dyb_ehash *nt = dy_xcalloc(ncap, sizeof *nt);
    for (uint32_t i = 0; i < b->ehcap; i++) {
      if (!b->eh[i].child) continue;
      uint64_t h = dy_hash64(&b->eh[i].key, sizeof(uint64_t), DY_HASH_SEED);
      uint32_t j = (uint32_t)h & (ncap - 1);
      while (nt[j].child) j = (j + 1) & (ncap - 1);
      nt[j] = b->eh[i];
    }
    free(b->eh);
    b->eh = nt;
    b->ehcap = ncap;
  }
  uint64_t k = ekey(parent, word), h = dy_hash64(&k, sizeof k, DY_HASH_SEED);
  uint32_t j = (uint32_t)h & (b->ehcap - 1);
  while (b->eh[j].child) j = (j + 1) & (b->ehcap - 1);
  b->eh[j].key = k;
  b->eh[j].child = c;
  b->ehn++;
}

/* Inserts the path of interned folded words; returns its end node. */
static uint32_t dyb_trie_path(dyb *b, int trie, const uint32_t *words, uint32_t n) {
  uint32_t x = b->root[trie];
  for (uint32_t i = 0; i < n; i++) {
    uint32_t c = edge_find(b, x, words[i]);
    if (c == UINT32_MAX) {
      c = new_node(b);
      b->node[c].word = words[i];
      b->node[c].next = b->node[x].first_child;
      b->node[x].first_child = c;
      edge_put(b, x, words[i], c);
    }
    x = c;
  }
  return x;
}

static void dyb_trie_pay(dyb *b, uint32_t node, uint32_t value) {
  b->pay = dyb_grow(b->pay, &b->paycap, b->npay + 1, sizeof *b->pay);
  b->pay[b->npay].value = value;
  b->pay[b->npay].next = UINT32_MAX;
  dyb_node *x = &b->node[node];
  if (x->pay_tail == UINT32_MAX) x->pay_head = b->npay;
  else b->pay[x->pay_tail].next = b->npay;
  x->pay_tail = b->npay++;
  x->npay++;
}

/* ------------------------------------------------------------ builder */

dy_dict_builder *dy_dict_builder_new(void) {
  dyb *b = dy_xcalloc(1, sizeof *b);
  b->tmp = dy_arena_new();
  b->shcap = 1024;
  b->sh = dy_xcalloc(b->shcap, sizeof(uint32_t));
  b->blob = dyb_grow(NULL, &b->blobcap, 1, 1);
  b->blob[0] = 0;
  b->blobn = 1;
  b->ehcap = 1024;
  b->eh = dy_xcalloc(b->ehcap, sizeof *b->eh);
  for (int t = 0; t < DY_TRIE__COUNT; t++) b->root[t] = new_node(b);
  b->cur_actor = b->cur_block = b->cur_synset = UINT32_MAX;
  return b;
}

static void builder_free(dyb *b) {
  dy_arena_free(&b->tmp);
  free(b->sh); free(b->blob); free(b->eh); free(b->node); free(b->pay);
  free(b->actor.p); free(b->acode.p); free(b->agent.p); free(b->vblock.p); free(b->vform.p);
  free(b->vpat.p); free(b->vpel.p); free(b->synset.p); free(b->trans.p); free(b->discard.p);
  free(b->issue.p); free(b->dup.p); free(b->subst.p);
  free(b);
}

/* ------------------------------------------------------------ checks */

static int overlaps(const dy_img_acode *a, const dy_img_acode *c) {
  int32_t af = a->from, at = a->to ? a->to : INT32_MAX, cf = c->from, ct = c->to ? c->to : INT32_MAX;
  /* Offices that hand over on the same day share it (PETRARCH's limits
   * are inclusive on both sides): that is not a conflict. */
  return af < ct && cf < at;
}

/* Same phrase in two actor entries: identical codes are a duplicate, codes
 * that differ for some date are a conflict. Both are warnings (the later
 * entry is used where it applies, see dy_dict_match_actor). */
static void check_dups(dyb *b) {
  for (uint32_t i = 0; i < b->dup.n; i++) {
    const dyb_dup *u = &b->dup.p[i];
    const dy_img_actor *x = &b->actor.p[u->a], *y = &b->actor.p[u->b];
    int same = x->ncode == y->ncode, conflict = 0;
    const char *cx = "", *cy = "";
    for (uint32_t k = 0; same && k < x->ncode; k++) {
      const dy_img_acode *p = &b->acode.p[x->code0 + k], *q = &b->acode.p[y->code0 + k];
      same = p->code == q->code && p->from == q->from && p->to == q->to;
    }
    for (uint32_t k = 0; !same && !conflict && k < x->ncode; k++)
      for (uint32_t j = 0; j < y->ncode; j++) {
        const dy_img_acode *p = &b->acode.p[x->code0 + k], *q = &b->acode.p[y->code0 + j];
        if (p->code != q->code && overlaps(p, q)) {
          conflict = 1;
          cx = b->blob + p->code;
          cy = b->blob + q->code;
          break;
        }
      }
    if (same)
      dy_diag(DY_WARNING, b->blob + y->file, u->line, "duplicate actor phrase '%s' (also at %s:%u)",
              b->blob + u->phrase, b->blob + x->file, x->line);
    else if (conflict)
      dy_diag(DY_WARNING, b->blob + y->file, u->line,
              "conflicting codes for actor phrase '%s': %s here, %s at %s:%u for overlapping dates",
              b->blob + u->phrase, cy, cx, b->blob + x->file, x->line);
  }
}

/* Pattern synset references are resolved once every file is read (a
 * PETRARCH1 file may define a synset after its first use). */
static void resolve_synsets(dyb *b) {
  for (uint32_t p = 0; p < b->vpat.n; p++) {
    dy_img_vpat *pt = &b->vpat.p[p];
    for (uint32_t i = 0; i < pt->nel; i++) {
      dy_img_vpel *e = &b->vpel.p[pt->el0 + i];
      if (e->kind != DY_PE_SYNSET) continue;
      e->synset = dyb_synset_find(b, b->blob + e->word, b->vblock.p[pt->block].file);
      if (e->synset == UINT32_MAX)
        dy_diag(DY_WARNING, b->blob + b->vblock.p[pt->block].file, pt->line,
                "undefined synset %s in pattern (PETRARCH ignores this pattern)", b->blob + e->word);
    }
  }
}

/* Synsets belong to the verb file that defines them. */
static uint32_t dyb_synset_find(const dyb *b, const char *name, uint32_t file) {
  for (uint32_t i = 0; i < b->synset.n; i++)
    if (b->synset.p[i].file == file && strcmp(b->blob + b->synset.p[i].name, name) == 0) return i;
  return UINT32_MAX;
}

/* ------------------------------------------------------------ serialise */

static const dyb *sort_ctx;
static int edge_cmp(const void *pa, const void *pb) {
  const dy_img_edge *a = pa, *c = pb;
  uint32_t m = a->wlen < c->wlen ? a->wlen : c->wlen;
  int r = memcmp(sort_ctx->blob + a->word, sort_ctx->blob + c->word, m);
  return r ? r : (a->wlen > c->wlen) - (a->wlen < c->wlen);
}

typedef struct { char *p; size_t n, cap; } obuf;
static size_t oput(obuf *o, const void *p, size_t n) {
  while (o->n % 8) { /* every section starts 8-aligned */
    if (o->n + 1 > o->cap) { o->cap = o->cap ? o->cap * 2 : 1 << 16; o->p = dy_xrealloc(o->p, o->cap); }
    o->p[o->n++] = 0;
  }
  if (o->n + n > o->cap) {
    while (o->n + n > o->cap) o->cap = o->cap ? o->cap * 2 : 1 << 16;
    o->p = dy_xrealloc(o->p, o->cap);
  }
  size_t at = o->n;
  if (n) memcpy(o->p + at, p, n);
  o->n += n;
  return at;
}

static uint32_t form_len(const dyb *b, uint32_t f) {
  return b->vform.p[f].npre + b->vform.p[f].npost;
}

/* ------------------------------------------------ multi-word actor phrases */

typedef DYB_VEC(dy_img_gphrase) gpvec;
typedef DYB_VEC(dy_img_gxword) gxvec;
typedef struct {
  const dy_img_word *words;
  uint32_t nw;
  const dy_img_vslot *vslot;
  uint32_t nvslot;
  dy_arena *tmp;
} gpctx;

/* The id of a phrase word (dict.h, "multi-word actor phrases"): ASCII
 * lower-cased, other words dy_fold'ed, then the dictionary's word or an
 * extra word (ids nw + k, first use first). */
static uint32_t gp_word(dyb *b, const gpctx *g, gxvec *xw, const char *p, size_t n) {
  char buf[128];
  const char *w = buf;
  size_t wn = n;
  unsigned hi = 0;
  for (size_t i = 0; i < n && n < sizeof buf; i++) {
    unsigned char c = (unsigned char)p[i];
    hi |= c;
    buf[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  if (n >= sizeof buf || hi >= 0x80) {
    dy_str f = dy_fold(g->tmp, p, n);
    w = f.p;
    wn = f.n;
  }
  uint32_t id = dy__dict_word_find(b->blob, g->words, g->nw, g->vslot, g->nvslot, w, wn);
  if (id != UINT32_MAX) return id;
  for (uint32_t k = 0; k < xw->n; k++)
    if (xw->p[k].len == wn && (wn == 0 || memcmp(b->blob + xw->p[k].off, w, wn) == 0)) return g->nw + k;
  uint32_t off = dyb_str(b, w, wn);
  dy_img_gxword *x = PUSH(*xw);
  x->off = off;
  x->len = (uint32_t)wn;
  return g->nw + xw->n - 1;
}

/* The primary phrase of every actor entry with 2..DY_GAPPED_MAXW words
 * (split at blanks and '_', exactly as many words as the phrase has). */
static void gapped_phrases(dyb *b, const gpctx *g, gpvec *ph, gxvec *xw) {
  for (uint32_t e = 0; e < b->actor.n; e++) {
    const char *p = b->blob + b->actor.p[e].phrase;
    const char *ws[DY_GAPPED_MAXW];
    size_t wn[DY_GAPPED_MAXW];
    uint32_t nw = 0;
    while (*p && nw < DY_GAPPED_MAXW) {
      while (*p == ' ' || *p == '_') p++;
      const char *q = p;
      while (*q && *q != ' ' && *q != '_') q++;
      if (q > p) { ws[nw] = p; wn[nw++] = (size_t)(q - p); }
      p = q;
    }
    if (nw < 2 || *p) continue;
    uint32_t off[DY_GAPPED_MAXW]; /* the blob may move while extra words are added */
    for (uint32_t k = 0; k < nw; k++) off[k] = (uint32_t)(ws[k] - b->blob);
    dy_img_gphrase r;
    memset(&r, 0, sizeof r);
    r.entry = e;
    r.nw = nw;
    for (uint32_t k = 0; k < nw; k++) r.w[k] = gp_word(b, g, xw, b->blob + off[k], wn[k]);
    *PUSH(*ph) = r;
  }
}

static void serialise(dyb *b, void **out, size_t *outn) {
  uint32_t nn = b->nnode;
  dy_img_node *node = dy_xcalloc(nn ? nn : 1, sizeof *node);
  dy_img_edge *edge = dy_xmalloc(sizeof *edge * (nn ? nn : 1));
  uint32_t *pay = dy_xmalloc(sizeof(uint32_t) * (b->npay ? b->npay : 1));
  uint32_t ne = 0, np = 0;
  uint8_t *is_verb = dy_xcalloc(nn ? nn : 1, 1);
  for (uint32_t c = b->node[b->root[DY_TRIE_VERB]].first_child; c != UINT32_MAX; c = b->node[c].next)
    is_verb[c] = 1;
  sort_ctx = b;
  for (uint32_t x = 0; x < nn; x++) {
    node[x].edge0 = ne;
    for (uint32_t c = b->node[x].first_child; c != UINT32_MAX; c = b->node[c].next) {
      edge[ne].word = b->node[c].word;
      edge[ne].wlen = (uint32_t)strlen(b->blob + b->node[c].word);
      edge[ne].child = c;
      edge[ne].parent = x;
      ne++;
    }
    node[x].nedge = ne - node[x].edge0;
    qsort(edge + node[x].edge0, node[x].nedge, sizeof *edge, edge_cmp);
    node[x].pay0 = np;
    for (uint32_t p = b->node[x].pay_head; p != UINT32_MAX; p = b->pay[p].next) pay[np++] = b->pay[p].value;
    node[x].npay = np - node[x].pay0;
    if (is_verb[x]) { /* multi-word verbs first, longest first (stable) */
      uint32_t *v = pay + node[x].pay0;
      for (uint32_t i = 1; i < node[x].npay; i++) {
        uint32_t t = v[i], j = i;
        while (j > 0 && form_len(b, v[j - 1]) < form_len(b, t)) { v[j] = v[j - 1]; j--; }
        v[j] = t;
      }
    }
  }
  free(is_verb);
  dy_img_word *words;
  dy_img_vslot *vslot;
  dy_img_wedge *wedge;
  uint32_t nw, nvslot;
  dy__dict_words(b->blob, node, nn, edge, ne, b->root, &words, &nw, &vslot, &nvslot, &wedge);
  gpvec gph = {0};
  gxvec gxw = {0};
  gpctx gc = {words, nw, vslot, nvslot, dy_arena_new()};
  gapped_phrases(b, &gc, &gph, &gxw); /* (before the strings are written: may add some) */
  dy_arena_free(&gc.tmp);

  dy_dict_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, DY_DICT_MAGIC, 8);
  h.format = DY_DICT_FORMAT;
  h.header_size = sizeof h;
  for (int t = 0; t < DY_TRIE__COUNT; t++) h.root[t] = b->root[t];
  h.nfiles = b->nfiles;
  { /* payload entries reachable in the actor trie (dy_dict_counts.actor_phrases) */
    uint32_t *stack = dy_xmalloc(sizeof(uint32_t) * (nn ? nn : 1)), sp = 0;
    stack[sp++] = b->root[DY_TRIE_ACTOR];
    while (sp) {
      const dy_img_node *x = &node[stack[--sp]];
      h.actor_phrases += x->npay;
      for (uint32_t k = 0; k < x->nedge; k++) stack[sp++] = edge[x->edge0 + k].child;
    }
    free(stack);
  }
  obuf o = {0};
  oput(&o, &h, sizeof h);
#define SECTION(id, ptr, cnt, rsz)                         \
  do {                                                        \
    h.sec[id].off = (uint32_t)oput(&o, (ptr), (size_t)(cnt) * (rsz)); \
    h.sec[id].count = (cnt);                                \
  } while (0)
  SECTION(DY_SEC_STR, b->blob, b->blobn, 1);
  SECTION(DY_SEC_NODE, node, nn, sizeof *node);
  SECTION(DY_SEC_EDGE, edge, ne, sizeof *edge);
  SECTION(DY_SEC_PAY, pay, np, sizeof *pay);
  SECTION(DY_SEC_ACTOR, b->actor.p, b->actor.n, sizeof *b->actor.p);
  SECTION(DY_SEC_ACODE, b->acode.p, b->acode.n, sizeof *b->acode.p);
  SECTION(DY_SEC_AGENT, b->agent.p, b->agent.n, sizeof *b->agent.p);
  SECTION(DY_SEC_VBLOCK, b->vblock.p, b->vblock.n, sizeof *b->vblock.p);
  SECTION(DY_SEC_VFORM, b->vform.p, b->vform.n, sizeof *b->vform.p);
  SECTION(DY_SEC_VPAT, b->vpat.p, b->vpat.n, sizeof *b->vpat.p);
  SECTION(DY_SEC_VPEL, b->vpel.p, b->vpel.n, sizeof *b->vpel.p);
  SECTION(DY_SEC_SYNSET, b->synset.p, b->synset.n, sizeof *b->synset.p);
  SECTION(DY_SEC_TRANS, b->trans.p, b->trans.n, sizeof *b->trans.p);
  SECTION(DY_SEC_DISCARD, b->discard.p, b->discard.n, sizeof *b->discard.p);
  SECTION(DY_SEC_ISSUE, b->issue.p, b->issue.n, sizeof *b->issue.p);
  SECTION(DY_SEC_WORD, words, nw, sizeof *words);
  SECTION(DY_SEC_VSLOT, vslot, nvslot, sizeof *vslot);
  SECTION(DY_SEC_WEDGE, wedge, ne, sizeof *wedge);
  SECTION(DY_SEC_GPHRASE, gph.p, gph.n, sizeof *gph.p);
  SECTION(DY_SEC_GXWORD, gxw.p, gxw.n, sizeof *gxw.p);
#undef SECTION
  oput(&o, NULL, 0); /* pad the end to 8 */
  h.size = o.n;
  h.checksum = dy_dict_checksum(o.p + sizeof h, o.n - sizeof h);
  memcpy(o.p, &h, sizeof h);
  free(node);
  free(edge);
  free(pay);
  free(words);
  free(vslot);
  free(wedge);
  free(gph.p);
  free(gxw.p);
  *out = o.p;
  *outn = o.n;
}

dy_dict *dy_dict_builder_finish(dy_dict_builder **pb) {
  dyb *b = *pb;
  *pb = NULL;
  dyb_close_actor(b);
  dyb_close_block(b);
  resolve_synsets(b);
  check_dups(b);
  void *img;
  size_t n;
  serialise(b, &img, &n);
  builder_free(b);
  dy_dict *d = dy__dict_adopt(img, n);
  if (!d) abort(); /* the builder made an image its own checker rejects: a bug */
  return d;
}

/* ================================================================ readers */

static void err(dyb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void err(dyb *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dy_vdiag(DY_ERROR, b->blob + b->file, b->line, fmt, ap); /* blob may move: no cached pointer */
  va_end(ap);
  b->errors++;
}
static void warn(dyb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(dyb *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dy_vdiag(DY_WARNING, b->blob + b->file, b->line, fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------------ word forms */

static int ends(const char *w, size_t n, char c) { return n > 0 && toupper((unsigned char)w[n - 1]) == c; }
static int up(char c) { return toupper((unsigned char)c); }

size_t dy_dict_plural(const char *w, size_t n, char *buf) {
  memcpy(buf, w, n);
  if (ends(w, n, 'Y')) { memcpy(buf + n - 1, "IES", 3); n += 2; }
  else if (n >= 2 && ends(w, n, 'S') && up(w[n - 2]) == 'S') { memcpy(buf + n, "ES", 2); n += 2; }
  else buf[n++] = 'S';
  buf[n] = 0;
  return n;
}

/* PETRARCH2's regular verb forms (PETRreader.read_verb_dictionary). */
void dy_dict_verb_forms(const char *w, size_t n, char s3[], char past[], char ing[]) {
  memcpy(s3, w, n);
  if (ends(w, n, 'S') || ends(w, n, 'X') || ends(w, n, 'Z')) strcpy(s3 + n, "ES");
  else if (ends(w, n, 'Y')) strcpy(s3 + n - 1, "IES");
  else strcpy(s3 + n, "S");
  memcpy(past, w, n);
  strcpy(past + n, ends(w, n, 'E') ? "D" : "ED");
  memcpy(ing, w, n);
  if (ends(w, n, 'E') && n >= 2 && !strchr("AEIOU", up(w[n - 2]))) strcpy(ing + n - 1, "ING");
  else strcpy(ing + n, "ING");
}

/* ------------------------------------------------------------ lines */

typedef struct {
  const char *p, *end;
  long no;
  int in_comment;
  char *buf;
  size_t cap;
} lines;

typedef struct {
  char *s;             /* content, comments removed, trimmed, NUL-terminated */
  size_t n;
  const char *comment; /* text after '#' (trimmed) or "" */
} line_t;

/* '#' starts a comment except inside [...] (codes like "[###]" exist, and
 * "[ZBW]#jw" has no blank before the comment); so does ';' at the start or
 * after a blank (TABARI's comments: "JAMES_BYRNES_  ; CountryInfo.txt"). */
static char *comment_start(char *t) {
  int depth = 0;
  for (char *s = t; *s; s++) {
    if (*s == '[') depth++;
    else if (*s == ']' && depth) depth--;
    else if (*s == '#' && !depth) return s;
    else if (*s == ';' && !depth && (s == t || s[-1] == ' ' || s[-1] == '\t')) return s;
  }
  return NULL;
}

/* The next line with content. Comments: "# ..." to the end of the line,
 * "<!-- ... -->" (also over several lines), and lines starting "<!". */
static int next_line(lines *L, line_t *out) {
  while (L->p < L->end) {
    const char *s = L->p, *e = memchr(s, '\n', (size_t)(L->end - s));
    if (!e) e = L->end;
    L->p = e < L->end ? e + 1 : e;
    L->no++;
    size_t n = (size_t)(e - s);
    if (n + 1 > L->cap) { L->cap = n + 64; L->buf = dy_xrealloc(L->buf, L->cap); }
    memcpy(L->buf, s, n);
    L->buf[n] = 0;
    char *t = L->buf;
    for (size_t i = 0; i < n; i++) if (t[i] == '\r' || t[i] == 0) t[i] = ' ';
    if (L->in_comment) {
      char *c = strstr(t, "-->");
      if (!c) continue;
      L->in_comment = 0;
      t = c + 3;
    }
    const char *lead = t;
    while (*lead == ' ' || *lead == '\t') lead++;
    if (lead[0] == '<' && lead[1] == '!') {
      if (!strncmp(lead, "<!--", 4) && !strstr(lead + 4, "-->")) L->in_comment = 1;
      continue;
    }
    char *o;
    while ((o = strstr(t, "<!--")) != NULL) {
      char *c = strstr(o + 4, "-->");
      if (c) memmove(o, c + 3, strlen(c + 3) + 1);
      else { *o = 0; L->in_comment = 1; }
    }
    out->comment = "";
    char *h = comment_start(t);
    if (h) {
      *h = 0;
      char *c = h + 1;
      while (*c == ' ' || *c == '\t' || *c == '#') c++;
      size_t cl = strlen(c);
      while (cl && (c[cl - 1] == ' ' || c[cl - 1] == '\t')) c[--cl] = 0;
      out->comment = c;
    }
    while (*t == ' ' || *t == '\t') t++;
    size_t len = strlen(t);
    while (len && (t[len - 1] == ' ' || t[len - 1] == '\t')) t[--len] = 0;
    if (!len) continue;
    out->s = t;
    out->n = len;
    return 1;
  }
  return 0;
}

/* Where the possessive clitic of the word s[i..j) starts ("PEOPLE'S",
 * "children\u2019s"), or j when it has none. The text tokenizer splits "'s"
 * off as a token of its own (Penn Treebank style: People 's), so a
 * dictionary word must be split the same way or a phrase such as
 * DEMOCRATIC_PEOPLE'S_REPUBLIC_OF_KOREA could never match. */
static size_t clitic_start(const char *s, size_t i, size_t j) {
  if (j - i >= 3 && (s[j - 1] | 0x20) == 's' && s[j - 2] == '\'') return j - 2;
  if (j - i >= 5 && (s[j - 1] | 0x20) == 's' && !memcmp(s + j - 4, "\xE2\x80\x99", 3)) return j - 4;
  return j;
}

/* Splits a phrase at blanks and '_' into folded, interned words (a
 * possessive "'s" is a word of its own, as in text). Returns the count, -1
 * when too long. */
static int phrase_words(dyb *b, const char *s, size_t n, uint32_t *w) {
  int k = 0;
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '_')) i++;
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '_') j++;
    if (j > i) {
      size_t c = clitic_start(s, i, j);
      if (k + (c < j) >= MAXW) return -1;
      w[k++] = dyb_word(b, s + i, c - i);
      if (c < j) w[k++] = dyb_word(b, s + c, j - c);
    }
    i = j;
  }
  return k;
}

/* The phrase as written, '_' shown as blank, trimmed. */
static uint32_t phrase_text(dyb *b, const char *s, size_t n) {
  char *t = dy_arena_strndup(b->tmp, s, n);
  for (char *c = t; *c; c++) if (*c == '_' || *c == '\t') *c = ' ';
  while (n && t[n - 1] == ' ') t[--n] = 0;
  char *p = t;
  while (*p == ' ') p++;
  return dyb_cstr(b, p);
}

/* ------------------------------------------------------------ dates */

/* YYMMDD (YY <= 30: 20YY, else 19YY, as TABARI) or YYYYMMDD. */
static int parse_date6or8(const char *s, size_t n, dy_date *d) {
  if (n != 6 && n != 8) return -1;
  for (size_t i = 0; i < n; i++) if (!isdigit((unsigned char)s[i])) return -1;
  long v = strtol(s, NULL, 10);
  if (n == 6) { long yy = v / 10000; v += (yy <= 30 ? 20000000L : 19000000L); }
  if (!dy_date_valid((dy_date)v)) return -1;
  *d = (dy_date)v;
  return 0;
}

/* ------------------------------------------------------------ actors */

static int acode_overlap(const dy_img_acode *p, const dy_img_acode *q) {
  int32_t pf = p->from, pt = p->to ? p->to : INT32_MAX, qf = q->from, qt = q->to ? q->to : INT32_MAX;
  return pf < qt && qf < pt; /* sharing only the hand-over day is normal */
}

static void fmt_acode(const dyb *b, const dy_img_acode *c, char *buf, size_t n) {
  if (!c->from) snprintf(buf, n, "%s <%d", b->blob + c->code, (int)c->to);
  else if (!c->to) snprintf(buf, n, "%s >%d", b->blob + c->code, (int)c->from);
  else snprintf(buf, n, "%s %d-%d", b->blob + c->code, (int)c->from, (int)c->to);
}

/* Closes the open actor entry: no code at all, or two different codes
 * for overlapping dates within it (the first listed wins), are warnings. */
static void dyb_close_actor(dyb *b) {
  if (b->cur_actor == UINT32_MAX) return;
  dy_img_actor *a = &b->actor.p[b->cur_actor];
  if (a->ncode == 0)
    dy_diag(DY_WARNING, b->blob + a->file, a->line, "actor '%s' has no code", b->blob + a->phrase);
  for (uint32_t i = 0; i < a->ncode; i++)
    for (uint32_t j = i + 1; j < a->ncode; j++) {
      const dy_img_acode *p = &b->acode.p[a->code0 + i], *q = &b->acode.p[a->code0 + j];
      if (p->code == q->code || !(p->from || p->to) || !(q->from || q->to) || !acode_overlap(p, q)) continue;
      char x[64], y[64];
      fmt_acode(b, p, x, sizeof x);
      fmt_acode(b, q, y, sizeof y);
      dy_diag(DY_WARNING, b->blob + a->file, a->line,
              "actor '%s': codes [%s] and [%s] overlap; the first listed wins", b->blob + a->phrase, x, y);
    }
  b->cur_actor = UINT32_MAX;
}

/* "[CODE]", "[CODE <D]", "[CODE >D]", "[CODE D-D]" (blanks allowed around
 * the date operators). Adds the code to the open actor entry. */
static void actor_code(dyb *b, const char *s, size_t n) {
  char *t = dy_arena_strndup(b->tmp, s, n);
  char *code = t;
  while (*code == ' ' || *code == '\t') code++;
  char *rest = code;
  while (*rest && *rest != ' ' && *rest != '\t') rest++;
  size_t cl = (size_t)(rest - code);
  char *r = rest, *o = rest; /* the restriction without blanks */
  for (; *r; r++) if (*r != ' ' && *r != '\t') *o++ = *r;
  *o = 0;
  if (cl == 0) { err(b, "empty actor code '[]'"); return; }
  if (isdigit((unsigned char)code[0]) || code[0] == '<' || code[0] == '>') {
    err(b, "actor code restriction '[%s]' has no code before the date", code);
    return;
  }
  dy_date from = 0, to = 0;
  size_t dl = strlen(rest);
  if (dl) {
    if (rest[0] == '<' || rest[0] == '>') {
      dy_date d;
      if (parse_date6or8(rest + 1, dl - 1, &d)) {
        warn(b, "bad date '%s' in actor code restriction (want YYMMDD or YYYYMMDD): restriction ignored", rest + 1);
        return;
      }
      if (rest[0] == '<') to = d; else from = d;
    } else {
      const char *dash = strchr(rest, '-');
      if (!dash) { warn(b, "bad date restriction '%s' (want <DATE, >DATE or DATE-DATE): restriction ignored", rest); return; }
      if (parse_date6or8(rest, (size_t)(dash - rest), &from) || parse_date6or8(dash + 1, strlen(dash + 1), &to)) {
        warn(b, "bad date range '%s' (want YYMMDD or YYYYMMDD on both sides): restriction ignored", rest);
        return;
      }
      if (to < from) { warn(b, "date range '%s' ends before it starts: restriction ignored", rest); return; }
    }
  }
  dy_img_actor *a = &b->actor.p[b->cur_actor];
  if (a->ncode == 0) a->code0 = b->acode.n;
  else if (a->code0 + a->ncode != b->acode.n) abort(); /* codes of one entry are contiguous */
  dy_img_acode *c = PUSH(b->acode);
  c->code = dyb_str(b, code, cl);
  c->from = from;
  c->to = to;
  a->ncode++;
}

static void actor_phrase(dyb *b, const char *s, size_t n) {
  uint32_t w[MAXW];
  int k = phrase_words(b, s, n, w);
  if (k < 0) { err(b, "actor phrase longer than %d words", MAXW); return; }
  if (k == 0) { err(b, "empty actor phrase"); return; }
  uint32_t x = dyb_trie_path(b, DY_TRIE_ACTOR, w, (uint32_t)k);
  if (b->node[x].npay) {
    uint32_t prev = b->pay[b->node[x].pay_tail].value;
    if (prev == b->cur_actor) return; /* same phrase twice in one entry */
    dyb_dup *u = PUSH(b->dup);
    u->a = prev;
    u->b = b->cur_actor;
    u->phrase = phrase_text(b, s, n);
    u->line = (uint32_t)b->line;
  }
  dyb_trie_pay(b, x, b->cur_actor);
}

/* Finds "[...]" at the end of s; returns the phrase length before it and
 * sets code/codelen, or -1 with an error when a '[' is not closed. */
static long split_code(dyb *b, const char *s, size_t n, const char **code, size_t *cl) {
  const char *o = memchr(s, '[', n);
  *code = NULL;
  *cl = 0;
  if (!o) return (long)n;
  const char *c = memchr(o, ']', (size_t)(s + n - o));
  if (!c) { err(b, "'[' without ']'"); return -1; }
  const char *t = c + 1;
  while (t < s + n && (*t == ' ' || *t == '\t')) t++;
  if (t < s + n && *t != ';') /* ';' starts a TABARI comment */
    warn(b, "text after the code ignored: '%.*s'", (int)(s + n - t), t);
  *code = o + 1;
  *cl = (size_t)(c - o - 1);
  return (long)(o - s);
}

/* One or more "[...]" groups ("[A 01-02][B]" occurs); text between or
 * after them is ignored with a warning, ';' starts a TABARI comment. */
static void actor_codes(dyb *b, const char *s, size_t n) {
  const char *p = s, *e = s + n;
  while (p < e) {
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    if (p == e || *p == ';') return;
    if (*p != '[') { warn(b, "text after the code ignored: '%.*s'", (int)(e - p), p); return; }
    const char *c = memchr(p, ']', (size_t)(e - p));
    if (!c) { err(b, "'[' without ']'"); return; }
    actor_code(b, p + 1, (size_t)(c - p - 1));
    p = c + 1;
  }
}

static void read_actor_line(dyb *b, const line_t *l) {
  const char *s = l->s;
  size_t n = l->n;
  if (s[0] == '[') {
    if (b->cur_actor == UINT32_MAX) { err(b, "code line '%s' without an actor phrase before it", s); return; }
    actor_codes(b, s, n);
    return;
  }
  int syn = s[0] == '+';
  if (syn) {
    if (b->cur_actor == UINT32_MAX) { err(b, "synonym '%s' without an actor phrase before it", s); return; }
    s++, n--;
  } else {
    dyb_close_actor(b);
  }
  const char *code;
  size_t cl;
  long pl = split_code(b, s, n, &code, &cl);
  if (pl < 0) return;
  if (!syn) {
    dy_img_actor *a = PUSH(b->actor);
    a->phrase = phrase_text(b, s, (size_t)pl);
    a->file = b->file;
    a->line = (uint32_t)b->line;
    a->code0 = b->acode.n;
    b->cur_actor = b->actor.n - 1;
  }
  int before = b->errors;
  actor_phrase(b, s, (size_t)pl);
  if (b->errors != before) return;
  if (code) {
    if (syn) warn(b, "code on a synonym line applies to the whole entry");
    actor_codes(b, code - 1, (size_t)(s + n - (code - 1)));
  }
}

/* ------------------------------------------------------------ agents */

static void agent_add(dyb *b, const char *phrase, size_t n, uint32_t code, int prefix) {
  uint32_t w[MAXW];
  int k = phrase_words(b, phrase, n, w);
  if (k <= 0) { err(b, k < 0 ? "agent phrase too long" : "empty agent phrase"); return; }
  uint32_t x = dyb_trie_path(b, DY_TRIE_AGENT, w, (uint32_t)k);
  if (b->node[x].npay) {
    const dy_img_agent *o = &b->agent.p[b->pay[b->node[x].pay_tail].value];
    if (o->code != code || (int)o->prefix != prefix)
      warn(b, "agent '%.*s' already defined at %s:%u with another code", (int)n, phrase, b->blob + o->file, o->line);
  }
  dy_img_agent *a = PUSH(b->agent);
  a->phrase = phrase_text(b, phrase, n);
  a->code = code;
  a->prefix = (uint32_t)prefix;
  a->file = b->file;
  a->line = (uint32_t)b->line;
  dyb_trie_pay(b, x, b->agent.n - 1);
}

/* Expands the first !SET! marker (recursively for further markers). */
static void agent_expand(dyb *b, const char *p, size_t n, uint32_t code, int prefix, int plural,
                         const char *plurals, size_t npl) {
  const char *m = memchr(p, '!', n);
  if (m) {
    const char *m2 = memchr(m + 1, '!', (size_t)(p + n - m - 1));
    if (!m2) { err(b, "unclosed substitution marker '!' in agent phrase"); return; }
    uint32_t name = dyb_str(b, m, (size_t)(m2 - m + 1));
    const dyb_subst *set = NULL;
    for (uint32_t i = 0; i < b->subst.n; i++) if (b->subst.p[i].name == name) set = &b->subst.p[i];
    if (!set) { err(b, "undefined substitution set %.*s", (int)(m2 - m + 1), m); return; }
    /* a copy: interning below may move the blob */
    const char *mem = dy_arena_strndup(b->tmp, b->blob + set->members, strlen(b->blob + set->members));
    while (*mem) {
      const char *e = strchr(mem, '\t');
      size_t ml = e ? (size_t)(e - mem) : strlen(mem);
      char *t = dy_arena_printf(b->tmp, "%.*s%.*s%.*s", (int)(m - p), p, (int)ml, mem, (int)(p + n - m2 - 1), m2 + 1);
      agent_expand(b, t, strlen(t), code, prefix, 0, NULL, 0); /* no plurals for set members */
      mem += ml + (e != NULL);
    }
    return;
  }
  agent_add(b, p, n, code, prefix);
  if (plurals) { /* explicit plurals, blank-separated; {} = none */
    size_t i = 0;
    while (i < npl) {
      while (i < npl && (plurals[i] == ' ' || plurals[i] == '\t')) i++;
      size_t j = i;
      while (j < npl && plurals[j] != ' ' && plurals[j] != '\t') j++;
      if (j > i) agent_add(b, plurals + i, j - i, code, prefix);
      i = j;
    }
  } else if (plural) {
    while (n && p[n - 1] == '_') n--;
    char *buf = dy_arena_alloc(b->tmp, n + 4);
    size_t pn = dy_dict_plural(p, n, buf);
    agent_add(b, buf, pn, code, prefix);
  }
}

static void read_agent_line(dyb *b, const line_t *l) {
  const char *s = l->s;
  size_t n = l->n;
  const char *m2 = s[0] == '!' ? memchr(s + 1, '!', n - 1) : NULL, *eq = memchr(s, '=', n);
  if (m2 && eq) { /* !NAME! = A, B, C */
    for (const char *c = m2 + 1; c < eq; c++)
      if (*c != ' ' && *c != '\t') { err(b, "bad substitution set (want !NAME! = A, B, ...)"); return; }
    char *mem = dy_arena_alloc(b->tmp, n + 1);
    size_t o = 0;
    for (const char *c = eq + 1; c < s + n; c++) {
      if (*c == ' ' || *c == '\t') continue;
      mem[o++] = *c == ',' ? '\t' : *c;
    }
    mem[o] = 0;
    if (!o) { err(b, "empty substitution set"); return; }
    dyb_subst *set = PUSH(b->subst);
    set->name = dyb_str(b, s, (size_t)(m2 - s + 1));
    set->members = dyb_cstr(b, mem);
    return;
  }
  const char *code;
  size_t cl;
  const char *ob = memchr(s, '[', n);
  if (ob && !memchr(ob, ']', (size_t)(s + n - ob)) && s[n - 1] == '}') {
    warn(b, "agent code '%.*s' closed with '}' instead of ']'", (int)(s + n - ob), ob);
    char *fixed = dy_arena_strndup(b->tmp, s, n);
    fixed[n - 1] = ']';
    s = fixed;
  }
  long pl = split_code(b, s, n, &code, &cl);
  if (pl < 0) return;
  if (!code) { warn(b, "agent '%s' without [~CODE]: skipped", s); return; }
  char *c = dy_arena_alloc(b->tmp, cl + 1);
  size_t k = 0;
  for (size_t i = 0; i < cl; i++) if (code[i] != ' ' && code[i] != '\t') c[k++] = code[i];
  c[k] = 0;
  int prefix;
  if (k >= 2 && c[0] == '~') prefix = 0;
  else if (k >= 2 && c[k - 1] == '~') prefix = 1;
  else { err(b, "agent code '[%s]' must begin or end with '~'", c); return; }
  uint32_t codeoff = prefix ? dyb_str(b, c, k - 1) : dyb_str(b, c + 1, k - 1);
  const char *br = memchr(s, '{', (size_t)pl), *plurals = NULL;
  size_t phl = (size_t)pl, npl = 0;
  if (br) {
    const char *cb = memchr(br, '}', (size_t)(s + pl - br));
    if (!cb) { err(b, "'{' without '}' in agent plural"); return; }
    phl = (size_t)(br - s);
    plurals = br + 1;
    npl = (size_t)(cb - br - 1);
  }
  while (phl && (s[phl - 1] == ' ' || s[phl - 1] == '\t')) phl--;
  if (!phl) { err(b, "agent code without a phrase"); return; }
  agent_expand(b, s, phl, codeoff, prefix, 1, plurals, npl);
}

/* ------------------------------------------------------------ discards */

static void read_discard_line(dyb *b, const line_t *l) {
  const char *s = l->s;
  size_t n = l->n;
  int story = s[0] == '+';
  if (story) s++, n--;
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  int exact = n && s[n - 1] == '_';
  uint32_t w[MAXW];
  int k = phrase_words(b, s, n, w);
  if (k <= 0) { err(b, k < 0 ? "discard phrase too long" : "empty discard phrase"); return; }
  uint32_t x = dyb_trie_path(b, DY_TRIE_DISCARD, w, (uint32_t)k);
  if (b->node[x].npay) warn(b, "duplicate discard phrase '%.*s'", (int)n, s);
  dy_img_discard *d = PUSH(b->discard);
  d->phrase = phrase_text(b, s, exact ? n - 1 : n);
  d->story = (uint32_t)story;
  d->exact = (uint32_t)exact;
  d->line = (uint32_t)b->line;
  dyb_trie_pay(b, x, b->discard.n - 1);
}

/* ------------------------------------------------------------ issues */

static void issue_add(dyb *b, const char *form, uint32_t code, int ignore) {
  uint32_t w[MAXW];
  int k = phrase_words(b, form, strlen(form), w);
  if (k <= 0) { err(b, k < 0 ? "issue phrase too long" : "empty issue phrase"); return; }
  uint32_t x = dyb_trie_path(b, DY_TRIE_ISSUE, w, (uint32_t)k);
  dy_img_issue *is = PUSH(b->issue);
  is->phrase = phrase_text(b, form, strlen(form));
  is->code = code;
  is->category = b->category;
  is->ignore = (uint32_t)ignore;
  is->line = (uint32_t)b->line;
  dyb_trie_pay(b, x, b->issue.n - 1);
}

/* PETRARCH's issue expansions on an upper-cased phrase: "+" -> " " and
 * "-"; "N:" noun -> singular and plural; "V:" verb -> regular forms. */
static void issue_expand(dyb *b, const char *t, uint32_t code, int ignore, int depth) {
  if (depth > 16) { err(b, "too many expansions in issue phrase"); return; }
  const char *p = strchr(t, '+');
  if (p) {
    char *a = dy_arena_printf(b->tmp, "%.*s %s", (int)(p - t), t, p + 1);
    char *c = dy_arena_printf(b->tmp, "%.*s-%s", (int)(p - t), t, p + 1);
    issue_expand(b, a, code, ignore, depth + 1);
    issue_expand(b, c, code, ignore, depth + 1);
    return;
  }
  const char *nv = strstr(t, "N:"), *vv = strstr(t, "V:");
  const char *m = nv && (!vv || nv < vv) ? nv : vv;
  if (m) {
    const char *w = m + 2, *we = w;
    while (*we && *we != ' ') we++;
    size_t wl = (size_t)(we - w);
    if (!wl) { err(b, "'%c:' expansion without a word", *m); return; }
    char *b1 = dy_arena_alloc(b->tmp, wl + 8), *b2 = dy_arena_alloc(b->tmp, wl + 8), *b3 = dy_arena_alloc(b->tmp, wl + 8);
    const char *forms[4];
    int nf = 0;
    forms[nf++] = dy_arena_strndup(b->tmp, w, wl);
    if (*m == 'N') { /* PETRARCH's rule: Y -> IES, else +S */
      if (w[wl - 1] == 'Y') snprintf(b1, wl + 8, "%.*sIES", (int)wl - 1, w);
      else snprintf(b1, wl + 8, "%.*sS", (int)wl, w);
      forms[nf++] = b1;
    } else { /* PETRARCH's issue rule: +S, +D/+ED, -E+ING/+ING */
      int e = w[wl - 1] == 'E';
      snprintf(b1, wl + 8, "%.*sS", (int)wl, w);
      snprintf(b2, wl + 8, "%.*s%s", (int)wl, w, e ? "D" : "ED");
      snprintf(b3, wl + 8, "%.*sING", (int)(e ? wl - 1 : wl), w);
      forms[nf++] = b1;
      forms[nf++] = b2;
      forms[nf++] = b3;
    }
    for (int i = 0; i < nf; i++)
      issue_expand(b, dy_arena_printf(b->tmp, "%.*s%s%s", (int)(m - t), t, forms[i], we), code, ignore, depth + 1);
    return;
  }
  issue_add(b, t, code, ignore);
}

static void read_issue_line(dyb *b, const line_t *l) {
  const char *s = l->s;
  size_t n = l->n;
  if (s[0] == '<') {
    if (!strncmp(s, "</ISSUE", 7)) { b->category = 0; return; }
    if (!strncmp(s, "<ISSUE", 6)) {
      const char *c = strstr(s, "CATEGORY=\"");
      if (!c) { err(b, "<ISSUE> without CATEGORY=\"...\""); return; }
      c += 10;
      const char *e = strchr(c, '"');
      if (!e) { err(b, "unterminated CATEGORY=\"...\""); return; }
      b->category = dyb_str(b, c, (size_t)(e - c));
      return;
    }
    err(b, "unknown tag '%s'", s);
    return;
  }
  int ignore = 0;
  uint32_t code = 0;
  size_t pl = n;
  if (s[0] == '~') {
    ignore = s[1] == '~' ? 2 : 1;
    s += ignore, n -= (size_t)ignore, pl = n;
    if (memchr(s, '[', n)) { err(b, "ignore phrase with a code"); return; }
  } else {
    const char *c;
    size_t cl;
    long r = split_code(b, s, n, &c, &cl);
    if (r < 0) return;
    if (!c) { warn(b, "issue phrase '%s' without [CODE]: skipped (as PETRARCH does)", s); return; }
    if (!cl) { err(b, "empty issue code '[]'"); return; }
    code = dyb_str(b, c, cl);
    pl = (size_t)r;
  }
  char *t = dy_arena_strndup(b->tmp, s, pl);
  for (char *c = t; *c; c++) *c = (char)(((unsigned char)*c < 0x80) ? toupper((unsigned char)*c) : *c);
  size_t tl = strlen(t);
  while (tl && t[tl - 1] == ' ') t[--tl] = 0;
  if (!tl) { err(b, "empty issue phrase"); return; }
  issue_expand(b, t, code, ignore, 0);
}

/* ------------------------------------------------------------ verbs */

static void dyb_close_block(dyb *b) {
  b->cur_block = UINT32_MAX;
  b->cur_synset = UINT32_MAX;
}

/* Joins interned folded words with ' '. */
static uint32_t join_words(dyb *b, const uint32_t *w, int k) {
  size_t len = 0;
  for (int i = 0; i < k; i++) len += strlen(b->blob + w[i]) + 1;
  if (!len) return 0;
  char *t = dy_arena_alloc(b->tmp, len + 1), *o = t;
  for (int i = 0; i < k; i++) {
    size_t l = strlen(b->blob + w[i]);
    memcpy(o, b->blob + w[i], l);
    o += l;
    *o++ = ' ';
  }
  o[-1] = 0;
  return dyb_cstr(b, t);
}

/* "&NAME" upper case, without a trailing '_'. */
static uint32_t synset_name(dyb *b, const char *s, size_t n) {
  while (n && s[n - 1] == '_') n--;
  char *t = dy_arena_strndup(b->tmp, s, n);
  for (char *c = t; *c; c++) *c = (char)toupper((unsigned char)*c);
  return dyb_str(b, t, n);
}

static void synset_insert(dyb *b, uint32_t syn, const uint32_t *w, int k) {
  uint32_t x = dyb_trie_path(b, DY_TRIE_SYNSET, w, (uint32_t)k);
  for (uint32_t p = b->node[x].pay_head; p != UINT32_MAX; p = b->pay[p].next)
    if (b->pay[p].value == syn) return;
  dyb_trie_pay(b, x, syn);
}

/* Copies the members of synset `from` into `to` (nested "+&SET"). */
static void synset_copy(dyb *b, uint32_t from, uint32_t to) {
  enum { STACK = 1 << 14 };
  uint32_t *stack = dy_xmalloc(STACK * sizeof *stack), *depth = dy_xmalloc(STACK * sizeof *depth);
  uint32_t path[MAXW], sp = 0;
  stack[sp] = b->root[DY_TRIE_SYNSET];
  depth[sp++] = 0;
  while (sp) {
    uint32_t x = stack[--sp], dep = depth[sp];
    if (dep > 0) path[dep - 1] = b->node[x].word;
    for (uint32_t p = b->node[x].pay_head; p != UINT32_MAX; p = b->pay[p].next)
      if (b->pay[p].value == from) { synset_insert(b, to, path, (int)dep); break; }
    for (uint32_t c = b->node[x].first_child; c != UINT32_MAX && sp < STACK; c = b->node[c].next)
      if (dep < MAXW) { stack[sp] = c; depth[sp++] = dep + 1; }
  }
  free(stack);
  free(depth);
}

static void read_synset_member(dyb *b, const char *s, size_t n) {
  s++, n--; /* '+' */
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  if (!n) { err(b, "empty synset member"); return; }
  if (s[0] == '&') {
    uint32_t name = synset_name(b, s, n);
    uint32_t from = dyb_synset_find(b, b->blob + name, b->file);
    if (from == UINT32_MAX) { err(b, "synset member %.*s is not a synset defined before", (int)n, s); return; }
    synset_copy(b, from, b->cur_synset);
    return;
  }
  int noplural = b->syn_noplural || s[n - 1] == '_';
  uint32_t w[MAXW];
  int k = phrase_words(b, s, n, w);
  if (k <= 0) { err(b, k < 0 ? "synset member too long" : "empty synset member"); return; }
  synset_insert(b, b->cur_synset, w, k);
  if (!noplural) { /* plural of the last word */
    const char *last = s + n;
    while (last > s && last[-1] == '_') last--;
    const char *ws = last;
    while (ws > s && ws[-1] != ' ' && ws[-1] != '_' && ws[-1] != '\t') ws--;
    char *buf = dy_arena_alloc(b->tmp, (size_t)(last - ws) + 4);
    size_t pn = dy_dict_plural(ws, (size_t)(last - ws), buf);
    w[k - 1] = dyb_word(b, buf, pn);
    synset_insert(b, b->cur_synset, w, k);
  }
}

static void read_synset_label(dyb *b, const char *s, size_t n) {
  size_t k = 1;
  while (k < n && s[k] != ' ' && s[k] != '\t') k++;
  if (k < 2) { err(b, "synset label without a name"); return; }
  if (k < n) { err(b, "text after the synset label: '%.*s'", (int)(n - k), s + k); return; }
  b->syn_noplural = s[k - 1] == '_';
  uint32_t name = synset_name(b, s, k);
  uint32_t i = dyb_synset_find(b, b->blob + name, b->file);
  if (i != UINT32_MAX) {
    warn(b, "synset %s defined again (first at %s:%u); members are merged", b->blob + name,
         b->blob + b->synset.p[i].file, b->synset.p[i].line);
  } else {
    dy_img_synset *sy = PUSH(b->synset);
    sy->name = name;
    sy->file = b->file;
    sy->line = (uint32_t)b->line;
    i = b->synset.n - 1;
  }
  b->cur_synset = i;
}

/* "--- NAME [CODE] ---" (the name may have blanks; no code means "---"). */
static void read_block_header(dyb *b, const char *s, size_t n) {
  dyb_close_block(b);
  size_t i = 0;
  while (i < n && s[i] == '-') i++;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  size_t j = n;
  const char *ob = memchr(s + i, '[', n - i);
  if (ob) j = (size_t)(ob - s);
  else while (j > i && s[j - 1] == '-') j--;
  while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t')) j--;
  if (j == i) { err(b, "verb block header without a name (want '--- NAME [CODE] ---')"); return; }
  const char *code = "---";
  size_t cl = 3;
  if (ob) {
    const char *c = memchr(ob, ']', (size_t)(s + n - ob));
    if (!c) { err(b, "'[' without ']' in verb block header"); return; }
    code = ob + 1;
    cl = (size_t)(c - ob - 1);
    while (cl && *code == ' ') code++, cl--;
    while (cl && code[cl - 1] == ' ') cl--;
    if (!cl) { err(b, "empty code '[]' in verb block header"); return; }
  }
  dy_img_vblock *bl = PUSH(b->vblock);
  bl->name = dyb_str(b, s + i, j - i);
  bl->code = dyb_str(b, code, cl);
  bl->pat0 = b->vpat.n;
  bl->form0 = b->vform.n;
  bl->p2 = (uint32_t)b->p2;
  bl->file = b->file;
  bl->line = (uint32_t)b->line;
  b->cur_block = b->vblock.n - 1;
}

/* One verb word with its multi-word context: "WIRE_+TAPPED", "+CORDON_OFF",
 * "SAY". The verb word is the one marked '+', else the first. */
typedef struct { const char *verb; size_t vn; uint32_t pre, post, npre, npost; int marked; } verb_word;

static int split_verb_word(dyb *b, const char *s, size_t n, verb_word *v) {
  while (n && s[n - 1] == '_') n--;
  memset(v, 0, sizeof *v);
  const char *plus = memchr(s, '+', n);
  uint32_t pre[MAXW], post[MAXW];
  int np = 0, nq = 0, seen = 0;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '_') j++;
    const char *w = s + i;
    size_t wl = j - i;
    int is_verb = plus ? (wl && w[0] == '+') : (i == 0);
    if (is_verb && !seen) {
      if (w[0] == '+') w++, wl--;
      v->verb = w;
      v->vn = wl;
      seen = 1;
    } else if (wl) {
      if (w[0] == '+') { err(b, "more than one '+' in multi-word verb '%.*s'", (int)n, s); return -1; }
      if (np >= MAXW || nq >= MAXW) { err(b, "multi-word verb too long"); return -1; }
      if (!seen) pre[np++] = dyb_word(b, w, wl);
      else post[nq++] = dyb_word(b, w, wl);
    }
    i = j + 1;
  }
  if (!seen && plus) { /* "BLOWING_UP+": '+' misplaced; the first word is the verb */
    warn(b, "'+' does not start a word in '%.*s': taking the first word as the verb", (int)n, s);
    char *t = dy_arena_strndup(b->tmp, s, n);
    for (char *c = t; *c; c++) if (*c == '+') *c = '_';
    return split_verb_word(b, t, n, v);
  }
  if (!seen || !v->vn) { err(b, "no verb word in '%.*s'", (int)n, s); return -1; }
  v->pre = join_words(b, pre, np);
  v->post = join_words(b, post, nq);
  v->npre = (uint32_t)np;
  v->npost = (uint32_t)nq;
  v->marked = plus != NULL;
  return 0;
}

static void add_form(dyb *b, const verb_word *v, const char *word, size_t wn, uint32_t lemma, uint32_t code,
                     uint32_t flags) {
  uint32_t w = dyb_word(b, word, wn);
  dy_img_vform *f = PUSH(b->vform);
  f->block = b->cur_block;
  f->form = w;
  f->lemma = lemma;
  f->code = code;
  f->pre = v->pre;
  f->post = v->post;
  f->npre = v->npre;
  f->npost = v->npost;
  f->flags = flags;
  f->line = (uint32_t)b->line;
  b->vblock.p[b->cur_block].nform++;
  uint32_t x = dyb_trie_path(b, DY_TRIE_VERB, &w, 1);
  dyb_trie_pay(b, x, b->vform.n - 1);
}

static void read_verb_entry(dyb *b, const char *s, size_t n) {
  if (b->cur_block == UINT32_MAX) {
    err(b, "verb '%s' outside a verb block (no '--- NAME [CODE] ---' before it)", s);
    return;
  }
  /* ROOT, then "{FORMS}" and "[CODE]" in either order; ';' starts a
   * TABARI comment; other words are ignored (PETRARCH uses the first). */
  dy_img_vblock *bl = &b->vblock.p[b->cur_block];
  uint32_t codeoff = bl->code, flags = 0;
  size_t rl = 0;
  while (rl < n && s[rl] != ' ' && s[rl] != '\t' && s[rl] != '{' && s[rl] != '[') rl++;
  const char *forms = NULL, *p = s + rl, *e = s + n;
  size_t nforms = 0;
  int extra = 0;
  while (p < e) {
    if (*p == ' ' || *p == '\t') { p++; continue; }
    if (*p == ';') break;
    if (*p == '{' || *p == '[') {
      char close = *p == '{' ? '}' : ']';
      const char *c = memchr(p, close, (size_t)(e - p));
      if (!c) { err(b, "'%c' without '%c' in verb line", *p, close); return; }
      if (*p == '{') { forms = p + 1; nforms = (size_t)(c - p - 1); }
      else {
        const char *code = p + 1;
        size_t cl = (size_t)(c - p - 1);
        while (cl && *code == ' ') code++, cl--;
        while (cl && code[cl - 1] == ' ') cl--;
        if (!cl) { err(b, "empty verb code '[]'"); return; }
        codeoff = dyb_str(b, code, cl);
        flags |= DY_VF_OWN_CODE;
      }
      p = c + 1;
      continue;
    }
    extra = 1;
    while (p < e && *p != ' ' && *p != '\t') p++;
  }
  if (extra)
    warn(b, "words after the verb ignored in '%.*s' (PETRARCH uses the first word; write WORD_+VERB for a multi-word verb)",
         (int)n, s);
  verb_word v;
  if (split_verb_word(b, s, rl, &v)) return;
  if (!v.marked && (v.npre || v.npost))
    warn(b, "multi-word verb '%.*s' without '+': taking the first word as the verb", (int)rl, s);
  uint32_t lemma = dyb_str(b, s, rl);
  if (!bl->verb) bl->verb = lemma;
  add_form(b, &v, v.verb, v.vn, lemma, codeoff, flags);
  if (!forms) {
    char *s3 = dy_arena_alloc(b->tmp, v.vn + 8), *past = dy_arena_alloc(b->tmp, v.vn + 8),
         *ing = dy_arena_alloc(b->tmp, v.vn + 8);
    dy_dict_verb_forms(v.verb, v.vn, s3, past, ing);
    add_form(b, &v, s3, strlen(s3), lemma, codeoff, flags | DY_VF_GENERATED);
    add_form(b, &v, past, strlen(past), lemma, codeoff, flags | DY_VF_GENERATED);
    add_form(b, &v, ing, strlen(ing), lemma, codeoff, flags | DY_VF_GENERATED);
    if (v.vn >= 3 && up(v.verb[v.vn - 1]) == 'E' && up(v.verb[v.vn - 2]) == 'U') {
      /* PETRARCH keeps the E after a vowel (CONTINUEING, PURSUEING, kept
       * above for fidelity); English drops it after U: "continuing",
       * "pursuing", "issuing", "arguing" must match too */
      memcpy(ing, v.verb, v.vn - 1);
      strcpy(ing + v.vn - 1, "ING");
      add_form(b, &v, ing, strlen(ing), lemma, codeoff, flags | DY_VF_GENERATED);
    }
    return;
  }
  size_t i = 0;
  while (i < nforms) {
    while (i < nforms && (forms[i] == ' ' || forms[i] == '\t')) i++;
    size_t j = i;
    while (j < nforms && forms[j] != ' ' && forms[j] != '\t') j++;
    if (j > i) {
      verb_word f;
      const char *w = forms + i;
      size_t wl = j - i;
      if (memchr(w, '_', wl) || memchr(w, '+', wl)) {
        if (split_verb_word(b, w, wl, &f) == 0) add_form(b, &f, f.verb, f.vn, lemma, codeoff, flags);
      } else {
        add_form(b, &v, w, wl, lemma, codeoff, flags); /* keeps the root's multi-word context */
      }
    }
    i = j;
  }
}

static void pat_elem(dyb *b, uint32_t kind, uint32_t flags, uint32_t word) {
  dy_img_vpel *e = PUSH(b->vpel);
  e->kind = kind;
  e->flags = flags;
  e->word = word;
  e->synset = UINT32_MAX;
}

static void read_pattern(dyb *b, const line_t *l) {
  if (b->cur_block == UINT32_MAX) { err(b, "pattern outside a verb block"); return; }
  const char *s = l->s + 1;
  size_t n = l->n - 1;
  const char *o = NULL;
  for (size_t i = n; i-- > 0;) if (s[i] == '[') { o = s + i; break; }
  if (!o) { warn(b, "pattern without [CODE]: skipped"); return; }
  const char *c = memchr(o, ']', (size_t)(s + n - o));
  if (!c) { err(b, "'[' without ']' in pattern"); return; }
  for (const char *t = c + 1; t < s + n; t++)
    if (*t != ' ' && *t != '\t') { warn(b, "text after the pattern code: '%.*s': skipped", (int)(s + n - t), t); return; }
  const char *code = o + 1;
  size_t cl = (size_t)(c - o - 1);
  while (cl && *code == ' ') code++, cl--;
  while (cl && code[cl - 1] == ' ') cl--;
  if (!cl) { err(b, "empty pattern code '[]'"); return; }
  size_t bn = (size_t)(o - s);
  if (!b->p2 && memchr(s, '{', bn)) {
    warn(b, "TABARI disjunction '{...}' in a PETRARCH1 pattern: skipped, as PETRARCH does");
    return;
  }
  uint32_t el0 = b->vpel.n;
  int nverb = 0, paren = 0, brace = 0, joined = 0;
  for (size_t i = 0; i < bn;) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t') { joined = 0; i++; continue; }
    if (ch == '_') { joined = 1; i++; continue; }
    uint32_t f = joined ? DY_PE_JOINED : 0, kind = 0;
    joined = 0;
    switch (ch) {
    case '*': kind = DY_PE_VERB; nverb++; break;
    case '$': kind = DY_PE_SOURCE; break;
    case '+': kind = DY_PE_TARGET; break;
    case '%': kind = DY_PE_ATTRIB; break;
    case '^': kind = DY_PE_SKIP; break;
    case '{': kind = DY_PE_NP_OPEN; brace++; break;
    case '}': kind = DY_PE_NP_CLOSE; brace--; break;
    case '(': kind = DY_PE_PP_OPEN; paren++; break;
    case ')': kind = DY_PE_PP_CLOSE; paren--; break;
    default: break;
    }
    if (brace < 0 || paren < 0 || brace > 1 || paren > 1) {
      warn(b, "unbalanced %s in pattern: skipped", ch == '{' || ch == '}' ? "'{...}'" : "'(...)'");
      b->vpel.n = el0;
      return;
    }
    if (kind) { pat_elem(b, kind, f, 0); i++; continue; }
    size_t j = i + (ch == '&');
    while (j < bn && !strchr(" \t_*$+%^{}()", s[j])) j++;
    if (ch == '&') {
      if (j == i + 1) { err(b, "'&' without a synset name in pattern"); b->vpel.n = el0; return; }
      pat_elem(b, DY_PE_SYNSET, f, synset_name(b, s + i, j - i));
    } else {
      pat_elem(b, DY_PE_WORD, f, dyb_word(b, s + i, j - i));
    }
    i = j;
  }
  if (brace || paren) { warn(b, "unclosed %s in pattern: skipped", brace ? "'{'" : "'('"); b->vpel.n = el0; return; }
  if (nverb != 1) {
    warn(b, nverb ? "pattern with more than one '*': skipped" : "pattern without '*' (the verb): skipped");
    b->vpel.n = el0;
    return;
  }
  dy_img_vpat *p = PUSH(b->vpat);
  p->block = b->cur_block;
  p->code = dyb_str(b, code, cl);
  p->raw = dyb_str(b, l->s, l->n);
  p->comment = dyb_cstr(b, l->comment);
  p->el0 = el0;
  p->nel = b->vpel.n - el0;
  p->line = (uint32_t)b->line;
  p->p2 = (uint32_t)b->p2;
  b->vblock.p[b->cur_block].npat++;
}

static void read_transform(dyb *b, const line_t *l) {
  char *t = dy_arena_strndup(b->tmp, l->s + 1, l->n - 1);
  for (char *c = t; *c; c++) if (*c == '(' || *c == ')') *c = ' ';
  char *eq = strchr(t, '=');
  if (!eq) { err(b, "transformation without '=' (want '~ a (a b VERB) VERB = a b CODE')"); return; }
  *eq = 0;
  char *lhs[8], *rhs[4], *save;
  int nl = 0, nr = 0;
  for (char *w = strtok_r(t, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) { if (nl < 8) lhs[nl] = w; nl++; }
  for (char *w = strtok_r(eq + 1, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) { if (nr < 4) rhs[nr] = w; nr++; }
  if (nl != 5 || nr != 3) { err(b, "bad transformation: want 5 items before '=' and 3 after"); return; }
  dy_img_trans *x = PUSH(b->trans);
  x->raw = dyb_str(b, l->s, l->n);
  x->src1 = dyb_cstr(b, lhs[0]);
  x->src2 = dyb_cstr(b, lhs[1]);
  x->tgt2 = dyb_cstr(b, lhs[2]);
  x->verb2 = dyb_cstr(b, lhs[3]);
  x->verb1 = dyb_cstr(b, lhs[4]);
  x->rsrc = dyb_cstr(b, rhs[0]);
  x->rtgt = dyb_cstr(b, rhs[1]);
  x->rcode = dyb_cstr(b, rhs[2]);
  x->line = (uint32_t)b->line;
}

static void read_verb_line(dyb *b, const line_t *l) {
  const char *s = l->s;
  size_t n = l->n;
  if (!strncmp(s, "---", 3)) { read_block_header(b, s, n); return; }
  if (s[0] == '&') { read_synset_label(b, s, n); return; }
  if (s[0] == '+' && b->cur_synset != UINT32_MAX) { read_synset_member(b, s, n); return; }
  b->cur_synset = UINT32_MAX;
  if (s[0] == '-') { read_pattern(b, l); return; }
  if (s[0] == '~') { read_transform(b, l); return; }
  read_verb_entry(b, s, n);
}

/* PETRARCH2 syntax if any pattern uses (...) or {...}, or there are
 * transformations; otherwise PETRARCH1/TABARI. */
static int detect_p2(const char *text, size_t len) {
  lines L = {text, text + len, 0, 0, NULL, 0};
  line_t l;
  int p2 = 0;
  while (!p2 && next_line(&L, &l))
    if ((l.s[0] == '-' && strncmp(l.s, "---", 3) && strpbrk(l.s, "({")) || l.s[0] == '~') p2 = 1;
  free(L.buf);
  return p2;
}

/* ------------------------------------------------------------ files */

dy_dict_kind dy_dict_kind_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (strstr(base, "verbs") || !strncmp(base, "CAMEO", 5)) return DY_DICT_VERBS;
  if (strstr(base, "actors")) return DY_DICT_ACTORS;
  if (strstr(base, "agents")) return DY_DICT_AGENTS;
  if (strstr(base, "discards")) return DY_DICT_DISCARDS;
  if (strstr(base, "Issue") || strstr(base, "issue")) return DY_DICT_ISSUES;
  return DY_DICT_UNKNOWN;
}

const char *dy_dict_kind_name(dy_dict_kind k) {
  static const char *names[] = {"unknown", "verbs", "actors", "agents", "discards", "issues"};
  return (unsigned)k < DY_DICT__KINDS ? names[k] : "unknown";
}

/* Length of the valid UTF-8 prefix (strict: no overlongs, surrogates). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    size_t k;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) k = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, min = 0x10000;
    else return i;
    unsigned cp = c & (0x3Fu >> k);
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return i;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += k + 1;
  }
  return n;
}

static char *latin1_to_utf8(const char *s, size_t n, size_t *out) {
  char *d = dy_xmalloc(2 * n + 1);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) d[o++] = (char)c;
    else { d[o++] = (char)(0xC0 | c >> 6); d[o++] = (char)(0x80 | (c & 0x3F)); }
  }
  d[o] = 0;
  *out = o;
  return d;
}

static const char unknown_kind[] =
    "unknown dictionary kind (name it *verbs*, CAMEO*, *actors*, *agents*, *discards* or *Issue*)";

int dy_dict_builder_add_text(dy_dict_builder *b, const char *name, dy_dict_kind kind, const char *text,
                             size_t len) {
  b->file = dyb_cstr(b, name);
  b->line = 0;
  b->errors = 0;
  b->nfiles++;
  char *conv = NULL;
  size_t ok = utf8_valid_prefix((const unsigned char *)text, len);
  if (ok < len) {
    long line = 1;
    for (size_t i = 0; i < ok; i++) line += text[i] == '\n';
    dy_diag(DY_WARNING, name, line, "not UTF-8 (byte 0x%02X); the file is read as Latin-1",
            (unsigned char)text[ok]);
    conv = latin1_to_utf8(text, len, &len);
    text = conv;
  }
  void (*fn)(dyb *, const line_t *) = NULL;
  switch (kind) {
  case DY_DICT_ACTORS: fn = read_actor_line; break;
  case DY_DICT_AGENTS: fn = read_agent_line; break;
  case DY_DICT_VERBS: fn = read_verb_line; b->p2 = detect_p2(text, len); break;
  case DY_DICT_DISCARDS: fn = read_discard_line; break;
  case DY_DICT_ISSUES: fn = read_issue_line; b->category = 0; break;
  default:
    dy_diag(DY_ERROR, name, 0, "%s", unknown_kind);
    free(conv);
    return 1;
  }
  lines L = {text, text + len, 0, 0, NULL, 0};
  line_t l;
  b->cur_actor = b->cur_block = b->cur_synset = UINT32_MAX;
  while (next_line(&L, &l)) {
    b->line = L.no;
    for (const char *c = l.s; *c; c++)
      if ((unsigned char)*c < 0x20 && *c != '\t') {
        warn(b, "control character 0x%02X (a character lost in some conversion?)", (unsigned char)*c);
        break;
      }
    fn(b, &l);
  }
  if (L.in_comment) { b->line = L.no; err(b, "'<!--' comment not closed at the end of the file"); }
  dyb_close_actor(b);
  dyb_close_block(b);
  free(L.buf);
  free(conv);
  dy_arena_reset(b->tmp);
  return b->errors;
}

static int read_whole(const char *path, char **out, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t cap = 1 << 16, len = 0, r;
  char *buf = dy_xmalloc(cap);
  while ((r = fread(buf + len, 1, cap - len, f)) > 0) {
    len += r;
    if (len == cap) buf = dy_xrealloc(buf, cap *= 2);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(buf); return -1; }
  *out = buf;
  *n = len;
  return 0;
}

int dy_dict_builder_add_file(dy_dict_builder *b, const char *path, dy_dict_kind kind) {
  char *text;
  size_t n;
  if (read_whole(path, &text, &n) != 0) {
    dy_diag(DY_ERROR, path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  int r = dy_dict_builder_add_text(b, path, kind, text, n);
  free(text);
  return r;
}

static int cmp_str(const void *a, const void *c) { return strcmp(*(char *const *)a, *(char *const *)c); }

/* A directory: its subdirectories first (recursively), then its own files,
 * each group in name order (never readdir order). Later files override
 * earlier ones for the same phrase, so files beside a base set in a
 * subdirectory (data/dict/dyad.actors.txt next to data/dict/phoenix/) act
 * as its extensions. Only *.txt files of a known kind are read. */
int dy_dict_builder_add_path(dy_dict_builder *b, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    dy_diag(DY_ERROR, path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    dy_dict_kind k = dy_dict_kind_of(path);
    if (k == DY_DICT_UNKNOWN) {
      dy_diag(DY_ERROR, path, 0, "%s", unknown_kind);
      return 1;
    }
    return dy_dict_builder_add_file(b, path, k);
  }
  DIR *dir = opendir(path);
  if (!dir) {
    dy_diag(DY_ERROR, path, 0, "cannot read directory: %s", strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t nn = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (nn == cap) names = dy_xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
    size_t l = strlen(path) + strlen(e->d_name) + 2;
    names[nn] = dy_xmalloc(l);
    snprintf(names[nn++], l, "%s/%s", path, e->d_name);
  }
  closedir(dir);
  if (nn) qsort(names, nn, sizeof *names, cmp_str);
  int errors = 0;
  for (int pass = 0; pass < 2; pass++) /* subdirectories first: files beside them override */
    for (size_t i = 0; i < nn; i++) {
      struct stat s2;
      const char *dot = strrchr(names[i], '.');
      if (stat(names[i], &s2) != 0 || (pass == 0) != !!S_ISDIR(s2.st_mode)) continue;
      if (S_ISDIR(s2.st_mode)) {
        int r = dy_dict_builder_add_path(b, names[i]);
        errors += r < 0 ? 1 : r;
      } else if (dy_dict_kind_of(names[i]) != DY_DICT_UNKNOWN && dot && !strcmp(dot, ".txt")) {
        int r = dy_dict_builder_add_file(b, names[i], dy_dict_kind_of(names[i]));
        errors += r < 0 ? 1 : r;
      }
    }
  for (size_t i = 0; i < nn; i++) free(names[i]);
  free(names);
  return errors;
}

static int is_image(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char m[8];
  int r = fread(m, 1, 8, f) == 8 && memcmp(m, DY_DICT_MAGIC, 8) == 0;
  fclose(f);
  return r;
}

dy_dict *dy_dict_load(const char *const *paths, size_t npaths) {
  if (npaths == 1 && is_image(paths[0])) return dy_dict_open_image(paths[0]);
  dyb *b = dy_dict_builder_new();
  int any = 0;
  for (size_t i = 0; i < npaths; i++) {
    if (is_image(paths[i])) {
      dy_diag(DY_ERROR, paths[i], 0, "a compiled image cannot be mixed with other dictionaries");
      continue;
    }
    if (dy_dict_builder_add_path(b, paths[i]) >= 0) any = 1;
  }
  dy_dict *d = dy_dict_builder_finish(&b);
  if (!any) dy_dict_free(&d);
  return d;
}

uint32_t dy_dict_tokenize(dy_arena *a, const char *s, dy_token **out) {
  uint32_t cap = 8, n = 0;
  dy_token *t = dy_arena_alloc(a, cap * sizeof *t);
  size_t i = 0, len = strlen(s);
  while (i < len) {
    while (i < len && isspace((unsigned char)s[i])) i++;
    size_t j = i;
    while (j < len && !isspace((unsigned char)s[j])) j++;
    /* a possessive "'s" is a token of its own, as in text (clitic_start) */
    for (size_t c = j > i ? clitic_start(s, i, j) : j, from = i; from < j; from = c, c = j) {
      if (n == cap) { t = dy_arena_grow(a, t, cap * sizeof *t, 2 * cap * sizeof *t); cap *= 2; }
      memset(&t[n], 0, sizeof t[n]);
      t[n].raw = (dy_str){s + from, (uint32_t)(c - from)};
      t[n].norm = dy_fold(a, s + from, c - from);
      t[n].off = (uint32_t)from;
      n++;
    }
    i = j;
  }
  *out = t;
  return n;
}
