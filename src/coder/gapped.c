/* Multi-word actor phrases matched with other words in between
 * ("ITHILEN TELEVISION" in "Ithilen state-run television"; see
 * find_gapped in coder.c), indexed by dictionary word ids (dict.h) so that
 * a token is checked with integer compares: a bit per first word, and the
 * phrases listed under their first two words, which are looked up with
 * the words that follow the token in its noun phrase. The Phoenix actor
 * files have hundreds of phrases starting "INTERNATIONAL", "JOSE", "WORLD"
 * ...: scanning all of them for every such token cost more than all other
 * actor matching. Internal to the coder (declared in coder.h, dy__ prefix). */
#include "coder/coder.h"

#include <stdlib.h>
#include <string.h>

typedef dy_gapped_phrase gp_phrase; /* dict.h: the image lists the phrases as word ids */

typedef struct gp_slot {
  uint64_t key;          /* (first << 32 | second) + 1; 0: empty */
  uint32_t first, n;     /* into list */
} gp_slot;

typedef struct dy_gapped {
  uint32_t ndw;          /* the dictionary's word ids: [0, ndw) */
  uint32_t nx;           /* words of phrases that are no dictionary word: ids ndw + k */
  dy_str *xw;
  uint32_t *xslot, xmask;
  uint8_t *first;        /* bit per id: first word of some phrase */
  uint8_t *second;       /* bit per id: second word of some phrase (a pair worth looking up) */
  const gp_phrase *ph;   /* in the dictionary image */
  uint32_t nph;
  uint32_t *list;        /* phrase indices grouped by slot */
  gp_slot *slot;
  uint32_t smask;
  dy_arena *arena;
} dy_gapped;

static inline uint32_t mix64(uint64_t k) {
  k ^= k >> 31;
  k *= 0x9E3779B97F4A7C15ULL;
  return (uint32_t)(k >> 32);
}

/* Id of a word that is no dictionary word (UINT32_MAX: none). */
static uint32_t extra_find(const dy_gapped *g, const char *w, size_t n, uint64_t h) {
  if (!g->nx) return UINT32_MAX;
  for (uint32_t i = mix64(h) & g->xmask;; i = (i + 1) & g->xmask) {
    uint32_t k = g->xslot[i];
    if (k == UINT32_MAX) return UINT32_MAX;
    if (g->xw[k].n == n && (n == 0 || memcmp(g->xw[k].p, w, n) == 0)) return g->ndw + k;
  }
}

/* Adds the next extra word (id ndw + nx). The image's are distinct (the
 * builder made them so); were two the same, tokens would get the first's
 * id and phrases naming the second would not match: no harm. */
static uint32_t extra_add(dy_gapped *g, dy_str w, uint32_t *cap) {
  uint64_t h = dy_hash64(w.p, w.n, DY_HASH_SEED);
  if (2 * (g->nx + 1) > g->xmask + 1) { /* grow and rehash */
    uint32_t ncap = (g->xmask + 1) * 2;
    free(g->xslot);
    g->xslot = dy_xmalloc(sizeof *g->xslot * ncap);
    memset(g->xslot, 0xff, sizeof *g->xslot * ncap);
    g->xmask = ncap - 1;
    for (uint32_t k = 0; k < g->nx; k++) {
      uint32_t i = mix64(dy_hash64(g->xw[k].p, g->xw[k].n, DY_HASH_SEED)) & g->xmask;
      while (g->xslot[i] != UINT32_MAX) i = (i + 1) & g->xmask;
      g->xslot[i] = k;
    }
  }
  if (g->nx + 1 > *cap) {
    *cap = *cap ? *cap * 2 : 16;
    g->xw = dy_xrealloc(g->xw, sizeof *g->xw * *cap);
  }
  g->xw[g->nx] = dy_arena_str(g->arena, w.p, w.n);
  uint32_t i = mix64(h) & g->xmask;
  while (g->xslot[i] != UINT32_MAX) i = (i + 1) & g->xmask;
  g->xslot[i] = g->nx;
  return g->ndw + g->nx++;
}

static uint64_t pair_key(uint32_t a, uint32_t b) { return ((uint64_t)a << 32 | b) + 1; }

static gp_slot *slot_of(const dy_gapped *g, uint64_t key) {
  for (uint32_t i = mix64(key) & g->smask;; i = (i + 1) & g->smask) {
    gp_slot *s = &g->slot[i];
    if (s->key == key || s->key == 0) return s;
  }
}

/* The primary phrases of the actor entries with 2..DY_GAPPED_MAXW words,
 * as word ids: made by the dictionary builder (dict.h, "multi-word actor
 * phrases"); here only indexed. */
dy_gapped *dy__gapped_new(const dy_dict *d) {
  dy_gapped *g = dy_xcalloc(1, sizeof *g);
  g->arena = dy_arena_new();
  g->ndw = dy_dict_nwords(d);
  g->xmask = 15;
  g->xslot = dy_xmalloc(sizeof *g->xslot * 16);
  memset(g->xslot, 0xff, sizeof *g->xslot * 16);
  uint32_t xcap = 0, nx = dy_dict_gapped_nextra(d);
  for (uint32_t k = 0; k < nx; k++) extra_add(g, dy_dict_gapped_extra(d, k), &xcap); /* ids ndw + k, as in the image */
  g->ph = dy_dict_gapped_phrases(d, &g->nph);
  uint32_t nid = g->ndw + g->nx;
  g->first = dy_xcalloc(nid / 8 + 1, 1);
  g->second = dy_xcalloc(nid / 8 + 1, 1);
  uint32_t ns = 16;
  while (ns < 2 * g->nph) ns *= 2;
  g->smask = ns - 1;
  g->slot = dy_xcalloc(ns, sizeof *g->slot);
  for (uint32_t k = 0; k < g->nph; k++) {
    const gp_phrase *ph = &g->ph[k];
    g->first[ph->w[0] >> 3] |= (uint8_t)(1u << (ph->w[0] & 7));
    g->second[ph->w[1] >> 3] |= (uint8_t)(1u << (ph->w[1] & 7));
    gp_slot *s = slot_of(g, pair_key(ph->w[0], ph->w[1]));
    s->key = pair_key(ph->w[0], ph->w[1]);
    s->n++;
  }
  uint32_t at = 0;
  for (uint32_t i = 0; i < ns; i++) {
    g->slot[i].first = at;
    at += g->slot[i].n;
    g->slot[i].n = 0;
  }
  g->list = dy_xmalloc(sizeof *g->list * (g->nph ? g->nph : 1));
  for (uint32_t k = 0; k < g->nph; k++) {
    gp_slot *s = slot_of(g, pair_key(g->ph[k].w[0], g->ph[k].w[1]));
    g->list[s->first + s->n++] = k;
  }
  return g;
}

void dy__gapped_free(dy_gapped **pg) {
  dy_gapped *g = *pg;
  if (!g) return;
  free(g->xw);
  free(g->xslot);
  free(g->first);
  free(g->second);
  free(g->list);
  free(g->slot);
  dy_arena_free(&g->arena);
  free(g);
  *pg = NULL;
}

uint32_t dy__gapped_nextra(const dy_gapped *g) { return g->nx; }

/* Is wid the first word of some phrase? */
int dy__gapped_first(const dy_gapped *g, uint32_t wid) {
  return g && wid < g->ndw + g->nx && (g->first[wid >> 3] >> (wid & 7) & 1);
}

/* For a token that is no dictionary word: its id among the phrases' own
 * words, or DY_WID_NONE. hash = dy_hash64(w, DY_HASH_SEED). */
uint32_t dy__gapped_extra(const dy_gapped *g, dy_str w, uint64_t hash) {
  uint32_t id = extra_find(g, w.p, w.n, hash);
  return id == UINT32_MAX ? DY_WID_NONE : id;
}

/* The phrase starting at token i whose other words follow in order among
 * the visible tokens before `end`, not all adjacent (adjacent is the
 * dictionary's own match), with the most words, more than clen; of equal
 * ones the later entry. Candidates come from the pairs (word i, word j)
 * for every visible j after i; the same phrase may come up twice and
 * then gives the same result. Returns 1 and sets *span (tokens from i)
 * and *entry, or 0. */
int dy__gapped_find(const dy_gapped *g, const uint32_t *wid, const uint8_t *vis, uint32_t i, uint32_t end,
                    uint32_t clen, uint32_t *span, uint32_t *entry) {
  uint32_t w0 = wid[i];
  if (!dy__gapped_first(g, w0)) return 0;
  uint32_t best = UINT32_MAX, bestnw = 0, bestspan = 0;
  for (uint32_t j = i + 1; j < end; j++) {
    uint32_t w1 = wid[j];
    if (!vis[j] || w1 >= g->ndw + g->nx || !(g->second[w1 >> 3] >> (w1 & 7) & 1)) continue;
    const gp_slot *s = slot_of(g, pair_key(w0, wid[j]));
    for (uint32_t q = 0; q < s->n; q++) {
      uint32_t k = g->list[s->first + q];
      const gp_phrase *ph = &g->ph[k];
      if (ph->nw <= clen || (best != UINT32_MAX && (ph->nw < bestnw || (ph->nw == bestnw && k <= best)))) continue;
      uint32_t jj = i + 1, m = 1;
      for (; m < ph->nw; m++) {
        while (jj < end && (!vis[jj] || wid[jj] != ph->w[m])) jj++;
        if (jj >= end) break;
        jj++;
      }
      if (m < ph->nw || jj - i == ph->nw) continue;
      best = k;
      bestnw = ph->nw;
      bestspan = jj - i;
    }
  }
  if (best == UINT32_MAX) return 0;
  *span = bestspan;
  *entry = g->ph[best].entry;
  return 1;
}
