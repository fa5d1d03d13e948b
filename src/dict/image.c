/* The compiled dictionary image: validation at load, and every lookup.
 * After dy_dict_from_memory has checked the image, lookups trust its
 * offsets (that check is what makes the hot path branch-free of bounds). */
#include "dict/dict.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef dy_img_word dy_wrec;
typedef dy_img_vslot dy_vslot;
typedef dy_img_wedge dy_wedge;

struct dy_dict {
  const uint8_t *base;
  size_t size;
  void *owned;     /* malloc'ed image, or NULL */
  void *mapped;    /* mmap'ed image, or NULL */
  const dy_dict_header *h;
  const char *str;
  uint32_t nstr;
  const dy_img_node *node;
  const dy_img_edge *edge;
  const uint32_t *pay;
  const dy_img_actor *actor;
  const dy_img_acode *acode;
  const dy_img_agent *agent;
  const dy_img_vblock *vblock;
  const dy_img_vform *vform;
  const dy_img_vpat *vpat;
  const dy_img_vpel *vpel;
  const dy_img_synset *synset;
  const dy_img_trans *trans;
  const dy_img_discard *discard;
  const dy_img_issue *issue;
  const dy_img_gphrase *gphrase;
  const dy_img_gxword *gxword;
  uint32_t stem_min;      /* shortest last word of a stem discard (UINT32_MAX: none) */
  uint8_t stem_first[32]; /* first bytes of those words (bit set) */
  uint32_t rstem_min;     /* the same for one-word stem entries (children of the root) */
  uint64_t stem_len, rstem_len; /* bit l: some stem word (one-word entry) has length l (l >= 63: bit 63) */
  uint8_t *rstemk;        /* 65536 bits: hashes of their first rstem_k bytes (every one is that long) */
  uint32_t rstem_k;       /* min(rstem_min, 8) */
  uint32_t n[DY_SEC__COUNT];
  /* Word ids (the image's WORD, VSLOT, WEDGE sections): a sentence's
   * tokens are looked up once each (dy_dict_word_ids) and trie steps
   * compare integers. */
  uint32_t nw;
  const dy_wrec *wrec;    /* per word id: its bytes and the root child per trie */
  const dy_vslot *vslot;  /* word bytes -> id: open addressing, fingerprints */
  uint32_t vmask;
  const dy_wedge *wedge;  /* per edge, each node's range below the roots sorted by id */
  dy_vslot *sslot;        /* the stem discard words only (made at load): small, stays in cache */
  uint32_t smask;
  /* Synset first words (made at load): per root child of the synset trie,
   * sorted by node, the synsets (bit s & 63) of the members below it. */
  uint32_t nsynf;
  uint32_t *synf_node;
  uint64_t *synf_mask;
};

/* ------------------------------------------------------------ checksum */

/* Four independent multiply-xor lanes over 8-byte words: several GB/s, so
 * checking a whole image stays far below the start-up budget. */
uint64_t dy_dict_checksum(const void *p, size_t n) {
  const uint8_t *s = p;
  uint64_t h[4] = {0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL,
                   0x27D4EB2F165667C5ULL};
  const uint64_t m = 0xff51afd7ed558ccdULL;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 4; k++) {
      uint64_t w;
      memcpy(&w, s + i + 8 * k, 8);
      h[k] = (h[k] ^ w) * m;
      h[k] ^= h[k] >> 29;
    }
  }
  uint64_t t = 0;
  for (; i < n; i++) t = (t << 8 | s[i]) * 0x100000001b3ULL;
  uint64_t r = h[0] ^ (h[1] << 1 | h[1] >> 63) ^ (h[2] << 2 | h[2] >> 62) ^ (h[3] << 3 | h[3] >> 61);
  r = (r ^ t ^ n) * m;
  return r ^ (r >> 31);
}

/* One FNV-1a step (dy_hash64): the discard matcher hashes every prefix of
 * a token in one pass. */
static inline uint64_t eh_step(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ULL; }

/* ------------------------------------------------------------ validation */

static const size_t rec_size[DY_SEC__COUNT] = {
    [DY_SEC_STR] = 1,
    [DY_SEC_NODE] = sizeof(dy_img_node),
    [DY_SEC_EDGE] = sizeof(dy_img_edge),
    [DY_SEC_PAY] = sizeof(uint32_t),
    [DY_SEC_ACTOR] = sizeof(dy_img_actor),
    [DY_SEC_ACODE] = sizeof(dy_img_acode),
    [DY_SEC_AGENT] = sizeof(dy_img_agent),
    [DY_SEC_VBLOCK] = sizeof(dy_img_vblock),
    [DY_SEC_VFORM] = sizeof(dy_img_vform),
    [DY_SEC_VPAT] = sizeof(dy_img_vpat),
    [DY_SEC_VPEL] = sizeof(dy_img_vpel),
    [DY_SEC_SYNSET] = sizeof(dy_img_synset),
    [DY_SEC_TRANS] = sizeof(dy_img_trans),
    [DY_SEC_DISCARD] = sizeof(dy_img_discard),
    [DY_SEC_ISSUE] = sizeof(dy_img_issue),
    [DY_SEC_WORD] = sizeof(dy_img_word),
    [DY_SEC_VSLOT] = sizeof(dy_img_vslot),
    [DY_SEC_WEDGE] = sizeof(dy_img_wedge),
    [DY_SEC_GPHRASE] = sizeof(dy_img_gphrase),
    [DY_SEC_GXWORD] = sizeof(dy_img_gxword),
};

/* The section each trie's payload values index. */
static const int trie_sec[DY_TRIE__COUNT] = {
    [DY_TRIE_ACTOR] = DY_SEC_ACTOR,     [DY_TRIE_AGENT] = DY_SEC_AGENT,
    [DY_TRIE_VERB] = DY_SEC_VFORM,      [DY_TRIE_DISCARD] = DY_SEC_DISCARD,
    [DY_TRIE_ISSUE] = DY_SEC_ISSUE,     [DY_TRIE_SYNSET] = DY_SEC_SYNSET,
};

static int range_ok(uint32_t first, uint32_t count, uint32_t total) {
  return (uint64_t)first + count <= total;
}

#define BAD(...) do { snprintf(why, whyn, __VA_ARGS__); return -1; } while (0)
#define STR_OK(o) ((o) < d->nstr)
#define CHECK_STR(rec, i, field)                                                    \
  if (!STR_OK(rec[i].field)) BAD("%s %u: string offset %u out of range", #rec, i, rec[i].field)

static int check_sections(dy_dict *d, char *why, size_t whyn) {
  const dy_dict_header *h = d->h;
  for (int s = 0; s < DY_SEC__COUNT; s++) {
    uint64_t off = h->sec[s].off, bytes = (uint64_t)h->sec[s].count * rec_size[s];
    if (off % 4 || off < h->header_size || off + bytes > d->size)
      BAD("section %d (offset %llu, %llu bytes) outside the image", s, (unsigned long long)off,
          (unsigned long long)bytes);
    d->n[s] = h->sec[s].count;
  }
#define SEC(s) ((const void *)(d->base + h->sec[s].off))
  d->str = SEC(DY_SEC_STR); d->nstr = d->n[DY_SEC_STR];
  d->node = SEC(DY_SEC_NODE); d->edge = SEC(DY_SEC_EDGE); d->pay = SEC(DY_SEC_PAY);
  d->actor = SEC(DY_SEC_ACTOR); d->acode = SEC(DY_SEC_ACODE); d->agent = SEC(DY_SEC_AGENT);
  d->vblock = SEC(DY_SEC_VBLOCK); d->vform = SEC(DY_SEC_VFORM); d->vpat = SEC(DY_SEC_VPAT);
  d->vpel = SEC(DY_SEC_VPEL); d->synset = SEC(DY_SEC_SYNSET); d->trans = SEC(DY_SEC_TRANS);
  d->discard = SEC(DY_SEC_DISCARD); d->issue = SEC(DY_SEC_ISSUE);
  d->wrec = SEC(DY_SEC_WORD); d->vslot = SEC(DY_SEC_VSLOT); d->wedge = SEC(DY_SEC_WEDGE);
  d->gphrase = SEC(DY_SEC_GPHRASE); d->gxword = SEC(DY_SEC_GXWORD);
#undef SEC
  if (d->nstr < 1 || d->str[0] != 0 || d->str[d->nstr - 1] != 0)
    BAD("string section not NUL-delimited");
  uint32_t cap = d->n[DY_SEC_VSLOT];
  if (cap < 2 || (cap & (cap - 1))) BAD("word table size %u is not a power of two", cap);
  d->vmask = cap - 1;
  d->nw = d->n[DY_SEC_WORD];
  if (d->n[DY_SEC_WEDGE] != d->n[DY_SEC_EDGE]) BAD("%u word edges for %u edges", d->n[DY_SEC_WEDGE], d->n[DY_SEC_EDGE]);
  return 0;
}

/* One sequential pass instead of a tree walk (the walk's cache misses
 * cost more than everything else at start-up). The builder writes nodes so
 * that a child always comes after its parent and edge and payload ranges
 * follow node order; checking exactly that proves the tries are trees
 * reachable from their roots (no cycles, no node with two parents), and
 * tells each node's trie, against whose records its payloads are checked. */
static int check_tries(dy_dict *d, char *why, size_t whyn) {
  uint32_t nn = d->n[DY_SEC_NODE], ne = d->n[DY_SEC_EDGE], np = d->n[DY_SEC_PAY];
  for (uint32_t i = 0; i < ne; i++) {
    const dy_img_edge *e = &d->edge[i];
    if (e->child >= nn || e->parent >= nn || e->child <= e->parent || (uint64_t)e->word + e->wlen >= d->nstr)
      BAD("trie edge %u: child or word out of bounds", i);
  }
  /* word ids: every id, child and string in bounds; the table has room
   * (probing must end) */
  for (uint32_t i = 0; i < ne; i++)
    if (d->wedge[i].wid >= d->nw || d->wedge[i].child >= nn) BAD("word edge %u out of bounds", i);
  for (uint32_t i = 0; i < d->nw; i++) {
    const dy_img_word *w = &d->wrec[i];
    if ((uint64_t)w->off + w->len >= d->nstr) BAD("word %u: string out of bounds", i);
    for (int t = 0; t < DY_TRIE__COUNT; t++)
      if (w->root[t] != UINT32_MAX && w->root[t] >= nn) BAD("word %u: root child out of bounds", i);
  }
  uint32_t empty = 0;
  for (uint32_t i = 0; i <= d->vmask; i++) {
    if (d->vslot[i].wid == UINT32_MAX) empty++;
    else if (d->vslot[i].wid >= d->nw) BAD("word table slot %u out of bounds", i);
  }
  if (!empty) BAD("word table full");
  uint8_t *tr = malloc(nn ? nn : 1);
  if (!tr) BAD("out of memory");
  memset(tr, 0xff, nn ? nn : 1);
  int rc = 0;
  for (int t = 0; t < DY_TRIE__COUNT && rc == 0; t++) {
    uint32_t r = d->h->root[t];
    if (r >= nn || tr[r] != 0xff) { snprintf(why, whyn, "trie %d: bad root %u", t, r); rc = -1; }
    else tr[r] = (uint8_t)t;
  }
  uint64_t e0 = 0, p0 = 0;
  for (uint32_t x = 0; x < nn && rc == 0; x++) {
    const dy_img_node *nd = &d->node[x];
    if (nd->edge0 != e0 || nd->pay0 != p0 || e0 + nd->nedge > ne || p0 + nd->npay > np) {
      snprintf(why, whyn, "trie node %u: edge or payload range out of order or bounds", x);
      rc = -1;
      break;
    }
    e0 += nd->nedge;
    p0 += nd->npay;
    if (tr[x] == 0xff) { snprintf(why, whyn, "trie node %u: not reachable from a root", x); rc = -1; break; }
    uint32_t lim = d->n[trie_sec[tr[x]]];
    for (uint32_t k = 0; k < nd->npay; k++)
      if (d->pay[nd->pay0 + k] >= lim) { snprintf(why, whyn, "trie node %u: payload out of range", x); rc = -1; }
    for (uint32_t k = 0; k < nd->nedge && rc == 0; k++) {
      const dy_img_edge *e = &d->edge[nd->edge0 + k];
      if (e->parent != x || tr[e->child] != 0xff) { snprintf(why, whyn, "trie node %u: bad edge %u", x, nd->edge0 + k); rc = -1; }
      else tr[e->child] = tr[x];
    }
  }
  if (rc == 0 && (e0 != ne || p0 != np)) { snprintf(why, whyn, "trie: edges or payloads not covered by nodes"); rc = -1; }
  free(tr);
  return rc;
}

static int check_records(dy_dict *d, char *why, size_t whyn) {
  uint32_t i;
  for (i = 0; i < d->n[DY_SEC_ACTOR]; i++) {
    CHECK_STR(d->actor, i, phrase); CHECK_STR(d->actor, i, file);
    if (!range_ok(d->actor[i].code0, d->actor[i].ncode, d->n[DY_SEC_ACODE])) BAD("actor %u: code range", i);
  }
  for (i = 0; i < d->n[DY_SEC_ACODE]; i++) CHECK_STR(d->acode, i, code);
  for (i = 0; i < d->n[DY_SEC_AGENT]; i++) {
    CHECK_STR(d->agent, i, phrase); CHECK_STR(d->agent, i, code); CHECK_STR(d->agent, i, file);
  }
  for (i = 0; i < d->n[DY_SEC_VBLOCK]; i++) {
    const dy_img_vblock *b = &d->vblock[i];
    CHECK_STR(d->vblock, i, name); CHECK_STR(d->vblock, i, code); CHECK_STR(d->vblock, i, verb);
    CHECK_STR(d->vblock, i, file);
    if (!range_ok(b->pat0, b->npat, d->n[DY_SEC_VPAT]) || !range_ok(b->form0, b->nform, d->n[DY_SEC_VFORM]))
      BAD("verb block %u: pattern or form range", i);
  }
  for (i = 0; i < d->n[DY_SEC_VFORM]; i++) {
    CHECK_STR(d->vform, i, form); CHECK_STR(d->vform, i, lemma); CHECK_STR(d->vform, i, code);
    CHECK_STR(d->vform, i, pre); CHECK_STR(d->vform, i, post);
    if (d->vform[i].block >= d->n[DY_SEC_VBLOCK]) BAD("verb form %u: block out of range", i);
  }
  for (i = 0; i < d->n[DY_SEC_VPAT]; i++) {
    CHECK_STR(d->vpat, i, code); CHECK_STR(d->vpat, i, raw); CHECK_STR(d->vpat, i, comment);
    if (d->vpat[i].block >= d->n[DY_SEC_VBLOCK] || !range_ok(d->vpat[i].el0, d->vpat[i].nel, d->n[DY_SEC_VPEL]))
      BAD("pattern %u: block or element range", i);
  }
  for (i = 0; i < d->n[DY_SEC_VPEL]; i++) {
    CHECK_STR(d->vpel, i, word);
    if (d->vpel[i].kind < DY_PE_WORD || d->vpel[i].kind > DY_PE_PP_CLOSE) BAD("pattern element %u: kind", i);
    if (d->vpel[i].synset != UINT32_MAX && d->vpel[i].synset >= d->n[DY_SEC_SYNSET])
      BAD("pattern element %u: synset out of range", i);
  }
  for (i = 0; i < d->n[DY_SEC_SYNSET]; i++) { CHECK_STR(d->synset, i, name); CHECK_STR(d->synset, i, file); }
  for (i = 0; i < d->n[DY_SEC_TRANS]; i++) {
    CHECK_STR(d->trans, i, raw); CHECK_STR(d->trans, i, src1); CHECK_STR(d->trans, i, src2);
    CHECK_STR(d->trans, i, tgt2); CHECK_STR(d->trans, i, verb2); CHECK_STR(d->trans, i, verb1);
    CHECK_STR(d->trans, i, rsrc); CHECK_STR(d->trans, i, rtgt); CHECK_STR(d->trans, i, rcode);
  }
  for (i = 0; i < d->n[DY_SEC_DISCARD]; i++) CHECK_STR(d->discard, i, phrase);
  for (i = 0; i < d->n[DY_SEC_ISSUE]; i++) {
    CHECK_STR(d->issue, i, phrase); CHECK_STR(d->issue, i, code); CHECK_STR(d->issue, i, category);
  }
  return 0;
}

/* The multi-word actor phrases: entries, word counts and ids in range; the
 * extra words' bytes inside the strings and NUL-terminated. */
static int check_gapped(dy_dict *d, char *why, size_t whyn) {
  uint32_t nx = d->n[DY_SEC_GXWORD];
  for (uint32_t i = 0; i < nx; i++) {
    const dy_img_gxword *x = &d->gxword[i];
    if ((uint64_t)x->off + x->len >= d->nstr || d->str[x->off + x->len] != 0)
      BAD("gapped word %u: string out of bounds", i);
  }
  uint64_t nid = (uint64_t)d->nw + nx;
  for (uint32_t i = 0; i < d->n[DY_SEC_GPHRASE]; i++) {
    const dy_img_gphrase *g = &d->gphrase[i];
    if (g->entry >= d->n[DY_SEC_ACTOR] || g->nw < 2 || g->nw > DY_GAPPED_MAXW)
      BAD("gapped phrase %u: entry or word count out of range", i);
    for (uint32_t k = 0; k < g->nw; k++)
      if (g->w[k] >= nid) BAD("gapped phrase %u: word id out of range", i);
  }
  return 0;
}

/* verify_sum: 0 trusted (the built-in image: header and sections only),
 * 1 everything but the checksum (the builder's own image), 2 everything. */
static int check_image(dy_dict *d, int verify_sum, char *why, size_t whyn) {
  if (d->size < sizeof(dy_dict_header)) BAD("truncated (%zu bytes, header needs %zu)", d->size, sizeof(dy_dict_header));
  if (((uintptr_t)d->base) % 8) BAD("image not 8-byte aligned in memory");
  d->h = (const dy_dict_header *)d->base;
  if (memcmp(d->h->magic, DY_DICT_MAGIC, 8) != 0) BAD("not a dyad dictionary image (bad magic)");
  if (d->h->format != DY_DICT_FORMAT) BAD("format version %u, this dyad reads %u", d->h->format, DY_DICT_FORMAT);
  if (d->h->header_size != sizeof(dy_dict_header)) BAD("header size %u", d->h->header_size);
  if (d->h->size != d->size)
    BAD("truncated or padded: header says %llu bytes, have %zu", (unsigned long long)d->h->size, d->size);
  if (verify_sum == 2 && dy_dict_checksum(d->base + d->h->header_size, d->size - d->h->header_size) != d->h->checksum)
    BAD("checksum mismatch");
  if (check_sections(d, why, whyn)) return -1;
  if (verify_sum && (check_records(d, why, whyn) || check_tries(d, why, whyn) || check_gapped(d, why, whyn)))
    return -1;
  return 0;
}
#undef BAD

/* ------------------------------------------------------------ word ids */

/* Slot and fingerprint of a word from its dy_hash64 (DY_HASH_SEED): FNV's
 * low bits are weak, so they are mixed first. */
static inline uint64_t wmix(uint64_t h) {
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 32);
}

/* Byte equality of two n-byte strings, short ones without a call (most
 * words are under 9 bytes: two overlapping 4-byte compares). */
static inline int same_bytes(const char *a, const char *b, size_t n) {
  if (n >= 4 && n <= 8) {
    uint32_t a1, a2, b1, b2;
    memcpy(&a1, a, 4); memcpy(&a2, a + n - 4, 4);
    memcpy(&b1, b, 4); memcpy(&b2, b + n - 4, 4);
    return a1 == b1 && a2 == b2;
  }
  if (n < 4) {
    for (size_t i = 0; i < n; i++)
      if (a[i] != b[i]) return 0;
    return 1;
  }
  return memcmp(a, b, n) == 0;
}

static inline uint32_t vfind(const dy_dict *d, const dy_vslot *t, uint32_t mask, uint64_t h, const char *w, size_t n) {
  uint64_t m = wmix(h);
  uint32_t fp = (uint32_t)(m >> 32);
  for (uint32_t i = (uint32_t)m & mask;; i = (i + 1) & mask) {
    const dy_vslot *sl = &t[i];
    if (sl->wid == UINT32_MAX) return UINT32_MAX;
    if (sl->fp != fp) continue;
    const dy_wrec *r = &d->wrec[sl->wid];
    if (r->len == n && same_bytes(d->str + r->off, w, n)) return sl->wid;
  }
}

static void vput(dy_vslot *t, uint32_t mask, uint64_t h, uint32_t wid) {
  uint64_t m = wmix(h);
  uint32_t i = (uint32_t)m & mask;
  while (t[i].wid != UINT32_MAX) i = (i + 1) & mask;
  t[i].fp = (uint32_t)(m >> 32);
  t[i].wid = wid;
}

static dy_vslot *vtable(uint32_t n, uint32_t *mask) {
  uint32_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  dy_vslot *t = dy_xmalloc(sizeof *t * cap);
  memset(t, 0xff, sizeof *t * cap);
  *mask = cap - 1;
  return t;
}

static int cmp_wedge(const void *a, const void *b) {
  uint32_t x = ((const dy_wedge *)a)->wid, y = ((const dy_wedge *)b)->wid;
  return (x > y) - (x < y);
}

uint64_t dy_dict_word_mix(uint64_t h) { return wmix(h); }

/* For the builder: the WORD, VSLOT and WEDGE sections of an image from its
 * strings, nodes and edges (each node's edges consecutive, as in the
 * image). Every distinct edge word (by bytes) gets an id, in order of first
 * occurrence. Arrays are malloc'ed; the caller frees them. */
void dy__dict_words(const char *str, const dy_img_node *node, uint32_t nn, const dy_img_edge *edge, uint32_t ne,
                    const uint32_t root[DY_TRIE__COUNT], dy_img_word **wout, uint32_t *nwout,
                    dy_img_vslot **vout, uint32_t *nvout, dy_img_wedge **eout);
void dy__dict_words(const char *str, const dy_img_node *node, uint32_t nn, const dy_img_edge *edge, uint32_t ne,
                    const uint32_t root[DY_TRIE__COUNT], dy_img_word **wout, uint32_t *nwout,
                    dy_img_vslot **vout, uint32_t *nvout, dy_img_wedge **eout) {
  dy_dict t; /* just enough of a dict for vfind */
  memset(&t, 0, sizeof t);
  t.str = str;
  dy_img_word *w = dy_xmalloc(sizeof *w * (ne ? ne : 1));
  t.wrec = w;
  dy_vslot *vs = vtable(ne, &t.vmask);
  dy_img_wedge *we = dy_xmalloc(sizeof *we * (ne ? ne : 1));
  for (uint32_t k = 0; k < ne; k++) {
    const dy_img_edge *e = &edge[k];
    uint64_t h = dy_hash64(str + e->word, e->wlen, DY_HASH_SEED);
    uint32_t id = vfind(&t, vs, t.vmask, h, str + e->word, e->wlen);
    if (id == UINT32_MAX) {
      id = t.nw++;
      w[id].off = e->word;
      w[id].len = e->wlen;
      for (int r = 0; r < DY_TRIE__COUNT; r++) w[id].root[r] = UINT32_MAX;
      vput(vs, t.vmask, h, id);
    }
    we[k].wid = id;
    we[k].child = e->child;
  }
  for (int r = 0; r < DY_TRIE__COUNT; r++) {
    const dy_img_node *nd = &node[root[r]];
    for (uint32_t k = 0; k < nd->nedge; k++) {
      const dy_wedge *e = &we[nd->edge0 + k];
      if (w[e->wid].root[r] == UINT32_MAX) w[e->wid].root[r] = e->child;
    }
  }
  for (uint32_t x = 0; x < nn; x++) {
    int isroot = 0;
    for (int r = 0; r < DY_TRIE__COUNT; r++) isroot |= x == root[r];
    if (isroot) continue; /* stepped through the word records, never searched */
    dy_wedge *e = we + node[x].edge0;
    uint32_t n = node[x].nedge;
    if (n > 16) {
      qsort(e, n, sizeof *e, cmp_wedge);
      continue;
    }
    for (uint32_t i = 1; i < n; i++) {
      dy_wedge v = e[i];
      uint32_t j = i;
      while (j > 0 && e[j - 1].wid > v.wid) { e[j] = e[j - 1]; j--; }
      e[j] = v;
    }
  }
  /* the table at the size of the distinct words, not of the edges */
  dy_vslot *small = vtable(t.nw, &t.vmask);
  for (uint32_t i = 0; i < t.nw; i++) vput(small, t.vmask, dy_hash64(str + w[i].off, w[i].len, DY_HASH_SEED), i);
  free(vs);
  *wout = w;
  *nwout = t.nw;
  *vout = small;
  *nvout = t.vmask + 1;
  *eout = we;
}

uint32_t dy_dict_nwords(const dy_dict *d) { return d->nw; }

_Static_assert(DY_TRIE__COUNT == 6, "dy_dict_word_roots writes six bits");
void dy_dict_word_roots(const dy_dict *d, const uint32_t *wid, uint32_t n, uint8_t *out) {
  for (uint32_t i = 0; i < n; i++) {
    uint8_t b = 0;
    if (wid[i] < d->nw) { /* (written out: the loop was not unrolled) */
      const uint32_t *r = d->wrec[wid[i]].root;
      b = (uint8_t)((r[0] != UINT32_MAX) | (r[1] != UINT32_MAX) << 1 | (r[2] != UINT32_MAX) << 2 |
                    (r[3] != UINT32_MAX) << 3 | (r[4] != UINT32_MAX) << 4 | (r[5] != UINT32_MAX) << 5);
    }
    out[i] = b;
  }
}

/* For the builder (build.c): the id of word w[0..n) in tables it has just
 * made with dy__dict_words, before there is a dy_dict; UINT32_MAX: none. */
uint32_t dy__dict_word_find(const char *str, const dy_img_word *words, uint32_t nw, const dy_img_vslot *vslot,
                            uint32_t nvslot, const char *w, size_t n);
uint32_t dy__dict_word_find(const char *str, const dy_img_word *words, uint32_t nw, const dy_img_vslot *vslot,
                            uint32_t nvslot, const char *w, size_t n) {
  if (!n || !w || !nw) return UINT32_MAX;
  dy_dict t;
  memset(&t, 0, sizeof t);
  t.str = str;
  t.wrec = words;
  return vfind(&t, vslot, nvslot - 1, dy_hash64(w, n, DY_HASH_SEED), w, n);
}

const dy_gapped_phrase *dy_dict_gapped_phrases(const dy_dict *d, uint32_t *n) {
  *n = d->n[DY_SEC_GPHRASE];
  return d->gphrase;
}

uint32_t dy_dict_gapped_nextra(const dy_dict *d) { return d->n[DY_SEC_GXWORD]; }

dy_str dy_dict_gapped_extra(const dy_dict *d, uint32_t k) {
  if (k >= d->n[DY_SEC_GXWORD]) return (dy_str){"", 0};
  return (dy_str){d->str + d->gxword[k].off, d->gxword[k].len};
}

uint32_t dy_dict_word_id(const dy_dict *d, const char *w, size_t n) {
  if (!n || !w || !d->nw) return UINT32_MAX;
  return vfind(d, d->vslot, d->vmask, dy_hash64(w, n, DY_HASH_SEED), w, n);
}

void dy_dict_word_ids(const dy_dict *d, const dy_token *tok, uint32_t ntok, const uint64_t *hash, uint32_t *wid) {
#if defined(__GNUC__)
  /* the table and the word records are megabytes: ask for every token's
   * slot first, then for the records those slots name, so that the
   * sentence's cache misses overlap (hints only) */
  if (hash && d->nw) {
    for (uint32_t i = 0; i < ntok; i++) __builtin_prefetch(&d->vslot[(uint32_t)wmix(hash[i]) & d->vmask]);
    for (uint32_t i = 0; i < ntok; i++) {
      const dy_vslot *sl = &d->vslot[(uint32_t)wmix(hash[i]) & d->vmask];
      if (sl->wid != UINT32_MAX) __builtin_prefetch(&d->wrec[sl->wid]);
    }
  }
#endif
  for (uint32_t i = 0; i < ntok; i++) {
    dy_str w = tok[i].norm;
    if (!w.n || !w.p || !d->nw) { wid[i] = UINT32_MAX; continue; }
    uint64_t h = hash ? hash[i] : dy_hash64(w.p, w.n, DY_HASH_SEED);
    wid[i] = vfind(d, d->vslot, d->vmask, h, w.p, w.n);
  }
}

/* Words that end a stem discard entry, so that dy_dict_match_discard
 * tries the prefixes of a token only when one could match, and looks the
 * prefixes up in a table of those words only. The discard trie is small
 * (hundreds of nodes); nodes are in parent-before-child order (checked),
 * so one forward pass marks the trie's nodes. */
static inline uint32_t stem_key(const char *p, uint32_t k) {
  uint64_t v = 0;
  memcpy(&v, p, k);
  v *= 0x9E3779B97F4A7C15ULL;
  return (uint32_t)(v >> 48);
}

static void index_stems(dy_dict *d) {
  d->stem_min = d->rstem_min = UINT32_MAX;
  d->rstemk = dy_xcalloc(65536 / 8, 1);
  uint32_t nn = d->n[DY_SEC_NODE], nstem = 0;
  uint8_t *in = calloc(nn ? nn : 1, 1);
  uint32_t *stem = calloc(d->n[DY_SEC_EDGE] ? d->n[DY_SEC_EDGE] : 1, sizeof *stem);
  if (!in || !stem) { free(in); free(stem); d->sslot = vtable(0, &d->smask); return; }
  in[d->h->root[DY_TRIE_DISCARD]] = 1;
  for (uint32_t x = 0; x < nn; x++) {
    if (!in[x]) continue;
    const dy_img_node *nd = &d->node[x];
    for (uint32_t k = 0; k < nd->nedge; k++) {
      const dy_img_edge *e = &d->edge[nd->edge0 + k];
      in[e->child] = 1;
      const dy_img_node *c = &d->node[e->child];
      for (uint32_t p = 0; p < c->npay; p++)
        if (!d->discard[d->pay[c->pay0 + p]].exact && e->wlen) {
          if (e->wlen < d->stem_min) d->stem_min = e->wlen;
          d->stem_len |= 1ull << (e->wlen < 63 ? e->wlen : 63);
          unsigned char b0 = (unsigned char)d->str[e->word];
          d->stem_first[b0 >> 3] |= (uint8_t)(1u << (b0 & 7));
          stem[nstem++] = nd->edge0 + k;
          if (x == d->h->root[DY_TRIE_DISCARD]) {
            if (e->wlen < d->rstem_min) d->rstem_min = e->wlen;
            d->rstem_len |= 1ull << (e->wlen < 63 ? e->wlen : 63);
          }
          break;
        }
    }
  }
  free(in);
  /* the prefix filter, now that the shortest one-word stem is known */
  d->rstem_k = d->rstem_min < 8 ? d->rstem_min : 8;
  const dy_img_node *r = &d->node[d->h->root[DY_TRIE_DISCARD]];
  for (uint32_t k = 0; k < r->nedge && d->rstem_min != UINT32_MAX; k++) {
    const dy_img_edge *e = &d->edge[r->edge0 + k];
    if (e->wlen < d->rstem_k) continue; /* empty word: never a stem */
    const dy_img_node *c = &d->node[e->child];
    int is_stem = 0;
    for (uint32_t p = 0; p < c->npay && !is_stem; p++) is_stem = !d->discard[d->pay[c->pay0 + p]].exact;
    if (!is_stem) continue;
    uint32_t bit = stem_key(d->str + e->word, d->rstem_k);
    d->rstemk[bit >> 3] |= (uint8_t)(1u << (bit & 7));
  }
  d->sslot = vtable(nstem, &d->smask);
  for (uint32_t i = 0; i < nstem; i++) {
    const dy_img_edge *e = &d->edge[stem[i]];
    uint64_t h = dy_hash64(d->str + e->word, e->wlen, DY_HASH_SEED);
    uint32_t id = vfind(d, d->vslot, d->vmask, h, d->str + e->word, e->wlen); /* (wedge is sorted: not by edge) */
    if (vfind(d, d->sslot, d->smask, h, d->str + e->word, e->wlen) == UINT32_MAX) vput(d->sslot, d->smask, h, id);
  }
  free(stem);
}

/* The synsets that have a member starting with each first word: one walk
 * of the synset trie (small: the members of the verb files' synsets), so
 * that a caller can tell from a token's word id which synsets can match
 * there at all (dy_dict_synset_first_mask). */
static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void index_synsets(dy_dict *d) {
  const dy_img_node *r = &d->node[d->h->root[DY_TRIE_SYNSET]];
  uint32_t n = r->nedge, nn = d->n[DY_SEC_NODE];
  d->synf_node = dy_xmalloc((n ? n : 1) * sizeof *d->synf_node);
  d->synf_mask = dy_xmalloc((n ? n : 1) * sizeof *d->synf_mask);
  uint32_t *stack = dy_xmalloc((nn ? nn : 1) * sizeof *stack);
  for (uint32_t k = 0; k < n; k++) d->synf_node[k] = d->edge[r->edge0 + k].child;
  qsort(d->synf_node, n, sizeof *d->synf_node, cmp_u32);
  for (uint32_t k = 0; k < n; k++) {
    uint64_t m = 0;
    uint32_t sp = 0;
    stack[sp++] = d->synf_node[k];
    while (sp) { /* a tree (checked at load): every node once; at most nn pending */
      const dy_img_node *x = &d->node[stack[--sp]];
      for (uint32_t p = 0; p < x->npay; p++) m |= 1ull << (d->pay[x->pay0 + p] & 63);
      for (uint32_t e = 0; e < x->nedge && sp < nn; e++) stack[sp++] = d->edge[x->edge0 + e].child;
    }
    d->synf_mask[k] = m;
  }
  d->nsynf = n;
  free(stack);
}

uint64_t dy_dict_synset_first_mask(const dy_dict *d, uint32_t wid) {
  if (wid >= d->nw) return 0;
  uint32_t x = d->wrec[wid].root[DY_TRIE_SYNSET];
  if (x == UINT32_MAX) return 0;
  uint32_t lo = 0, hi = d->nsynf;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (d->synf_node[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < d->nsynf && d->synf_node[lo] == x ? d->synf_mask[lo] : 0;
}

static dy_dict *wrap(const void *p, size_t n, const char *name, void *owned, void *mapped, int verify) {
  dy_dict *d = dy_xcalloc(1, sizeof *d);
  d->base = p;
  d->size = n;
  d->owned = owned;
  d->mapped = mapped;
  char why[200];
  if (check_image(d, verify, why, sizeof why) != 0) {
    dy_diag(DY_ERROR, name, 0, "corrupt dictionary image: %s", why);
    d->owned = d->mapped = NULL; /* the caller keeps ownership on failure */
    free(d);
    return NULL;
  }
  index_stems(d);
  index_synsets(d);
  return d;
}

dy_dict *dy_dict_from_memory(const void *p, size_t n, const char *name) {
  return wrap(p, n, name ? name : "(memory)", NULL, NULL, 2);
}

dy_dict *dy_dict_from_builtin(const void *p, size_t n, const char *name) {
  return wrap(p, n, name ? name : "(built-in)", NULL, NULL, 0);
}

/* Used by the builder: takes ownership of a malloc'ed image it made itself. */
dy_dict *dy__dict_adopt(void *p, size_t n);
dy_dict *dy__dict_adopt(void *p, size_t n) {
  dy_dict *d = wrap(p, n, "(built)", p, NULL, 1);
  if (!d) free(p);
  return d;
}

dy_dict *dy_dict_open_image(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    dy_diag(DY_ERROR, path, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) {
    close(fd);
    dy_diag(DY_ERROR, path, 0, "corrupt dictionary image: empty file");
    return NULL;
  }
  size_t n = (size_t)st.st_size;
  /* MAP_POPULATE: the checksum reads every page anyway; one fault-in is cheaper */
  void *m = mmap(NULL, n, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) {
    dy_diag(DY_ERROR, path, 0, "cannot map: %s", strerror(errno));
    return NULL;
  }
  dy_dict *d = wrap(m, n, path, NULL, m, 2);
  if (!d) munmap(m, n);
  return d;
}

void dy_dict_free(dy_dict **pd) {
  if (!pd || !*pd) return;
  dy_dict *d = *pd;
  if (d->mapped) munmap(d->mapped, d->size);
  free(d->owned);
  free(d->sslot);
  free(d->rstemk);
  free(d->synf_node);
  free(d->synf_mask);
  free(d);
  *pd = NULL;
}

const void *dy_dict_image_bytes(const dy_dict *d, size_t *n) {
  *n = d->size;
  return d->base;
}

int dy_dict_write_image(const dy_dict *d, const char *path) {
  size_t len = strlen(path);
  char *tmp = dy_xmalloc(len + 16);
  snprintf(tmp, len + 16, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  int ok = f && fwrite(d->base, 1, d->size, f) == d->size;
  if (f && fclose(f) != 0) ok = 0;
  if (ok && rename(tmp, path) != 0) ok = 0;
  if (!ok) {
    dy_diag(DY_ERROR, path, 0, "cannot write dictionary image: %s", strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok ? 0 : -1;
}

void dy_dict_counts_get(const dy_dict *d, dy_dict_counts *c) {
  memset(c, 0, sizeof *c);
  c->actors = d->n[DY_SEC_ACTOR];
  c->actor_codes = d->n[DY_SEC_ACODE];
  c->agents = d->n[DY_SEC_AGENT];
  c->verb_blocks = d->n[DY_SEC_VBLOCK];
  c->verb_forms = d->n[DY_SEC_VFORM];
  c->patterns = d->n[DY_SEC_VPAT];
  c->synsets = d->n[DY_SEC_SYNSET];
  c->transforms = d->n[DY_SEC_TRANS];
  c->discards = d->n[DY_SEC_DISCARD];
  c->issues = d->n[DY_SEC_ISSUE];
  c->files = d->h->nfiles;
  c->actor_phrases = d->h->actor_phrases; /* counted by the builder */
}

/* ------------------------------------------------------------ trie walking */

static const char *S(const dy_dict *d, uint32_t off) { return d->str + off; }

/* The child of non-root node x along word id w: its edges are sorted by
 * id (dy__dict_words); nodes below the roots have few children (at most a
 * few hundred), so a short binary search then a scan of one cache line. */
static inline uint32_t child_w(const dy_dict *d, uint32_t x, uint32_t w) {
  const dy_img_node *nd = &d->node[x];
  const dy_wedge *e = d->wedge + nd->edge0;
  uint32_t lo = 0, hi = nd->nedge;
  while (hi - lo > 8) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (e[mid].wid <= w) lo = mid;
    else hi = mid;
  }
  for (; lo < hi; lo++)
    if (e[lo].wid == w) return e[lo].child;
  return UINT32_MAX;
}

/* One step in trie t from node x along word id w (roots through the word's
 * own record: the roots have thousands of children). */
static inline uint32_t step(const dy_dict *d, int t, uint32_t x, uint32_t w) {
  if (w >= d->nw) return UINT32_MAX; /* DY_WID_NONE, or a caller's own id */
  if (x == d->h->root[t]) return d->wrec[w].root[t];
  return child_w(d, x, w);
}

/* The word id of tok[i]: given (dy_dict_word_ids) or looked up now. */
static inline uint32_t tok_wid(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t i) {
  return wid ? wid[i] : dy_dict_word_id(d, tok[i].norm.p, tok[i].norm.n);
}

/* Longest path from the root of `trie` over tok[start..] ending at a node
 * with payload. Returns its node (UINT32_MAX if none), *len its length. */
static uint32_t longest(const dy_dict *d, int trie, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                        uint32_t start, uint32_t *len) {
  uint32_t x = d->h->root[trie], best = UINT32_MAX;
  for (uint32_t i = start; i < ntok; i++) {
    x = step(d, trie, x, tok_wid(d, tok, wid, i));
    if (x == UINT32_MAX) break;
    if (d->node[x].npay) { best = x; *len = i - start + 1; }
  }
  return best;
}

/* ------------------------------------------------------------ actors */

static int in_range(const dy_img_acode *c, dy_date date) {
  return (c->from == 0 || date >= c->from) && (c->to == 0 || date <= c->to);
}

int dy_dict_match_actor(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_date date, dy_actor_match *m) {
  return dy_dict_match_actor_ids(d, tok, NULL, ntok, start, date, m);
}

int dy_dict_match_actor_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_date date, dy_actor_match *m) {
  uint32_t len = 0, x = longest(d, DY_TRIE_ACTOR, tok, wid, ntok, start, &len);
  if (x == UINT32_MAX) return 0;
  const dy_img_node *nd = &d->node[x];
  const dy_img_acode *hit = NULL;
  uint32_t entry = d->pay[nd->pay0 + nd->npay - 1];
  /* Later entries override earlier ones (PETRARCH: last definition wins),
   * but only where they say something for this date. */
  for (uint32_t k = nd->npay; k-- > 0 && !hit;) {
    const dy_img_actor *a = &d->actor[d->pay[nd->pay0 + k]];
    for (uint32_t c = 0; c < a->ncode && date; c++) {
      const dy_img_acode *ac = &d->acode[a->code0 + c];
      if ((ac->from || ac->to) && in_range(ac, date)) { hit = ac; entry = d->pay[nd->pay0 + k]; break; }
    }
  }
  for (uint32_t k = nd->npay; k-- > 0 && !hit;) {
    const dy_img_actor *a = &d->actor[d->pay[nd->pay0 + k]];
    for (uint32_t c = 0; c < a->ncode; c++) {
      const dy_img_acode *ac = &d->acode[a->code0 + c];
      if (!ac->from && !ac->to) { hit = ac; entry = d->pay[nd->pay0 + k]; break; }
    }
  }
  if (!hit && !date) { /* unknown date, no default: the latest office */
    for (uint32_t k = nd->npay; k-- > 0;) {
      const dy_img_actor *a = &d->actor[d->pay[nd->pay0 + k]];
      for (uint32_t c = 0; c < a->ncode; c++) {
        const dy_img_acode *ac = &d->acode[a->code0 + c];
        int32_t end = ac->to ? ac->to : INT32_MAX;
        if (!hit || end > (hit->to ? hit->to : INT32_MAX)) { hit = ac; entry = d->pay[nd->pay0 + k]; }
      }
    }
  }
  m->len = len;
  m->entry = entry;
  m->code = hit ? S(d, hit->code) : NULL;
  m->from = hit ? hit->from : 0;
  m->to = hit ? hit->to : 0;
  return 1;
}

int dy_dict_actor_info(const dy_dict *d, uint32_t entry, dy_actor_info *out) {
  if (entry >= d->n[DY_SEC_ACTOR]) return -1;
  const dy_img_actor *a = &d->actor[entry];
  out->phrase = S(d, a->phrase);
  out->file = S(d, a->file);
  out->line = a->line;
  out->ncodes = a->ncode;
  return 0;
}

int dy_dict_actor_code(const dy_dict *d, uint32_t entry, uint32_t i, dy_actor_code *out) {
  if (entry >= d->n[DY_SEC_ACTOR] || i >= d->actor[entry].ncode) return -1;
  const dy_img_acode *c = &d->acode[d->actor[entry].code0 + i];
  out->code = S(d, c->code);
  out->from = c->from;
  out->to = c->to;
  return 0;
}

/* ------------------------------------------------------------ agents */

int dy_dict_match_agent(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_agent_match *m) {
  return dy_dict_match_agent_ids(d, tok, NULL, ntok, start, m);
}

int dy_dict_match_agent_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_agent_match *m) {
  uint32_t len = 0, x = longest(d, DY_TRIE_AGENT, tok, wid, ntok, start, &len);
  if (x == UINT32_MAX) return 0;
  const dy_img_node *nd = &d->node[x];
  uint32_t e = d->pay[nd->pay0 + nd->npay - 1]; /* last definition wins */
  const dy_img_agent *a = &d->agent[e];
  m->len = len;
  m->code = S(d, a->code);
  m->prefix = (int)a->prefix;
  m->entry = e;
  m->phrase = S(d, a->phrase);
  m->file = S(d, a->file);
  m->line = a->line;
  return 1;
}

/* ------------------------------------------------------------ verbs */

uint32_t dy_dict_verb_lookup(const dy_dict *d, dy_str norm, uint32_t *forms, uint32_t max) {
  return dy_dict_verb_lookup_id(d, dy_dict_word_id(d, norm.p, norm.n), forms, max);
}

uint32_t dy_dict_verb_lookup_id(const dy_dict *d, uint32_t wid, uint32_t *forms, uint32_t max) {
  uint32_t x = step(d, DY_TRIE_VERB, d->h->root[DY_TRIE_VERB], wid);
  if (x == UINT32_MAX) return 0;
  const dy_img_node *nd = &d->node[x];
  for (uint32_t k = 0; k < nd->npay && k < max; k++) forms[k] = d->pay[nd->pay0 + k];
  return nd->npay;
}

int dy_dict_verb_form(const dy_dict *d, uint32_t idx, dy_verb_form *out) {
  if (idx >= d->n[DY_SEC_VFORM]) return -1;
  const dy_img_vform *v = &d->vform[idx];
  out->block = v->block;
  out->form = S(d, v->form);
  out->lemma = S(d, v->lemma);
  out->code = S(d, v->code);
  out->pre = S(d, v->pre);
  out->post = S(d, v->post);
  out->npre = v->npre;
  out->npost = v->npost;
  out->flags = v->flags;
  out->line = v->line;
  return 0;
}

/* Do the n blank-separated words of w equal tok[at..at+n)? */
static int words_at(const char *w, const dy_token *tok, uint32_t ntok, uint32_t at, uint32_t n) {
  if ((uint64_t)at + n > ntok) return 0;
  for (uint32_t k = 0; k < n; k++) {
    const char *e = strchr(w, ' ');
    size_t wl = e ? (size_t)(e - w) : strlen(w);
    if (wl != tok[at + k].norm.n || memcmp(w, tok[at + k].norm.p, wl) != 0) return 0;
    w += wl + (e != NULL);
  }
  return 1;
}

int dy_dict_match_verb(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t i,
                       dy_verb_match *m) {
  return dy_dict_match_verb_ids(d, tok, NULL, ntok, i, m);
}

int dy_dict_match_verb_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok, uint32_t i,
                           dy_verb_match *m) {
  if (i >= ntok) return 0;
  uint32_t x = step(d, DY_TRIE_VERB, d->h->root[DY_TRIE_VERB], tok_wid(d, tok, wid, i));
  if (x == UINT32_MAX) return 0;
  const dy_img_node *nd = &d->node[x];
  for (uint32_t k = 0; k < nd->npay; k++) {
    uint32_t f = d->pay[nd->pay0 + k];
    const dy_img_vform *v = &d->vform[f];
    if (v->npre > i) continue;
    if (!words_at(S(d, v->pre), tok, ntok, i - v->npre, v->npre)) continue;
    if (!words_at(S(d, v->post), tok, ntok, i + 1, v->npost)) continue;
    m->first = i - v->npre;
    m->last = i + 1 + v->npost;
    m->form = f;
    m->block = v->block;
    m->code = S(d, v->code);
    return 1;
  }
  return 0;
}

uint32_t dy_dict_nverb_blocks(const dy_dict *d) { return d->n[DY_SEC_VBLOCK]; }

int dy_dict_verb_block(const dy_dict *d, uint32_t i, dy_verb_block *out) {
  if (i >= d->n[DY_SEC_VBLOCK]) return -1;
  const dy_img_vblock *b = &d->vblock[i];
  out->name = S(d, b->name);
  out->code = S(d, b->code);
  out->verb = S(d, b->verb);
  out->first_pattern = b->pat0;
  out->npatterns = b->npat;
  out->first_form = b->form0;
  out->nforms = b->nform;
  out->p2 = (int)b->p2;
  out->file = S(d, b->file);
  out->line = b->line;
  return 0;
}

int dy_dict_verb_pattern(const dy_dict *d, uint32_t idx, dy_verb_pattern *out) {
  if (idx >= d->n[DY_SEC_VPAT]) return -1;
  const dy_img_vpat *p = &d->vpat[idx];
  out->block = p->block;
  out->code = S(d, p->code);
  out->raw = S(d, p->raw);
  out->comment = S(d, p->comment);
  out->nelem = p->nel;
  out->line = p->line;
  out->p2 = (int)p->p2;
  return 0;
}

int dy_dict_pattern_elem(const dy_dict *d, uint32_t pattern, uint32_t i, dy_pat_elem *out) {
  if (pattern >= d->n[DY_SEC_VPAT] || i >= d->vpat[pattern].nel) return -1;
  const dy_img_vpel *e = &d->vpel[d->vpat[pattern].el0 + i];
  out->kind = (uint8_t)e->kind;
  out->flags = (uint8_t)e->flags;
  out->word = S(d, e->word);
  out->synset = e->synset;
  return 0;
}

/* ------------------------------------------------------------ synsets */

static int name_eq(const char *stored, const char *name) {
  /* stored names are "&NAME" (upper case); compare case-insensitively and
   * ignore a leading '&' / trailing '_' on the query. */
  if (*stored == '&') stored++;
  if (*name == '&') name++;
  size_t n = strlen(name);
  if (n && name[n - 1] == '_') n--;
  for (size_t i = 0; i < n; i++) {
    char a = stored[i], b = name[i];
    if (a >= 'a' && a <= 'z') a = (char)(a - 32);
    if (b >= 'a' && b <= 'z') b = (char)(b - 32);
    if (a != b || !a) return 0;
  }
  return stored[n] == 0;
}

uint32_t dy_dict_synset_find(const dy_dict *d, const char *name) {
  for (uint32_t i = 0; i < d->n[DY_SEC_SYNSET]; i++)
    if (name_eq(S(d, d->synset[i].name), name)) return i;
  return UINT32_MAX;
}

const char *dy_dict_synset_name(const dy_dict *d, uint32_t s) {
  return s < d->n[DY_SEC_SYNSET] ? S(d, d->synset[s].name) : NULL;
}

uint32_t dy_dict_match_synset(const dy_dict *d, uint32_t s, const dy_token *tok, uint32_t ntok,
                              uint32_t start) {
  return dy_dict_match_synset_ids(d, s, tok, NULL, ntok, start);
}

uint32_t dy_dict_match_synset_ids(const dy_dict *d, uint32_t s, const dy_token *tok, const uint32_t *wid,
                                  uint32_t ntok, uint32_t start) {
  uint32_t x = d->h->root[DY_TRIE_SYNSET], best = 0;
  for (uint32_t i = start; i < ntok; i++) {
    x = step(d, DY_TRIE_SYNSET, x, tok_wid(d, tok, wid, i));
    if (x == UINT32_MAX) break;
    const dy_img_node *nd = &d->node[x];
    for (uint32_t k = 0; k < nd->npay; k++)
      if (d->pay[nd->pay0 + k] == s) { best = i - start + 1; break; }
  }
  return best;
}

uint32_t dy_dict_ntransforms(const dy_dict *d) { return d->n[DY_SEC_TRANS]; }

int dy_dict_transform(const dy_dict *d, uint32_t i, dy_verb_transform *out) {
  if (i >= d->n[DY_SEC_TRANS]) return -1;
  const dy_img_trans *t = &d->trans[i];
  out->raw = S(d, t->raw);
  out->src1 = S(d, t->src1);
  out->src2 = S(d, t->src2);
  out->tgt2 = S(d, t->tgt2);
  out->verb2 = S(d, t->verb2);
  out->verb1 = S(d, t->verb1);
  out->rsrc = S(d, t->rsrc);
  out->rtgt = S(d, t->rtgt);
  out->rcode = S(d, t->rcode);
  out->line = t->line;
  return 0;
}

/* ------------------------------------------------------------ discards */

static void discard_fill(const dy_dict *d, uint32_t e, uint32_t len, dy_discard_match *m) {
  m->len = len;
  m->story = (int)d->discard[e].story;
  m->phrase = S(d, d->discard[e].phrase);
  m->line = d->discard[e].line;
}

/* A discard entry is a stem unless it ends with '_': its last word may be
 * only the beginning of the token ("BASEBALL" matches "baseballs"). */
int dy_dict_match_discard(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                          dy_discard_match *m) {
  return dy_dict_match_discard_ids(d, tok, NULL, ntok, start, m);
}

int dy_dict_match_discard_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                              uint32_t start, dy_discard_match *m) {
  uint32_t x = d->h->root[DY_TRIE_DISCARD];
  int found = 0;
  for (uint32_t i = start; i < ntok && x != UINT32_MAX; i++) {
    dy_str w = tok[i].norm;
    /* stems: every proper prefix of this token ending a stem entry (only
     * when a stem word could start like this token; prefixes hashed in one
     * pass and looked up among the stem words only) */
    int may;
    uint64_t lens = d->stem_len;
    if (x == d->h->root[DY_TRIE_DISCARD]) {
      lens = d->rstem_len; /* most calls end here: a bit for the first bytes */
      if (w.n > d->rstem_min && w.p) {
        uint32_t bit = stem_key(w.p, d->rstem_k);
        may = d->rstemk[bit >> 3] >> (bit & 7) & 1;
      } else {
        may = 0;
      }
    } else {
      may = w.n > d->stem_min && w.p && (d->stem_first[(unsigned char)w.p[0] >> 3] >> ((unsigned char)w.p[0] & 7) & 1) &&
            d->node[x].nedge != 0;
    }
    uint64_t h = DY_HASH_SEED;
    for (uint32_t l = 1; may && l < w.n; l++) {
      h = eh_step(h, (unsigned char)w.p[l - 1]);
      if (!(lens >> (l < 63 ? l : 63) & 1)) continue; /* no stem word that long */
      uint32_t sw = vfind(d, d->sslot, d->smask, h, w.p, l);
      if (sw == UINT32_MAX) continue;
      uint32_t c = step(d, DY_TRIE_DISCARD, x, sw);
      if (c == UINT32_MAX) continue;
      const dy_img_node *nd = &d->node[c];
      for (uint32_t k = 0; k < nd->npay; k++) {
        uint32_t e = d->pay[nd->pay0 + k];
        if (!d->discard[e].exact) { discard_fill(d, e, i - start + 1, m); found = 1; break; }
      }
    }
    x = step(d, DY_TRIE_DISCARD, x, tok_wid(d, tok, wid, i));
    if (x == UINT32_MAX) break;
    if (d->node[x].npay) { discard_fill(d, d->pay[d->node[x].pay0], i - start + 1, m); found = 1; }
  }
  return found;
}

/* Most tokens start no discard phrase: their word has no child at the
 * discard trie's root and no stem word begins like them. That test here,
 * the whole lookup only where it fails (one call per sentence, not one per
 * token: the calls were most of the cost). */
uint32_t dy_dict_next_discard_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                                  uint32_t from, dy_discard_match *m) {
  for (uint32_t p = from; p < ntok; p++) {
    if (tok[p].flags & DY_TOK_PUNCT) continue;
    dy_str w = tok[p].norm;
    int may = 0;
    if (w.n > d->rstem_min && w.p) {
      uint32_t bit = stem_key(w.p, d->rstem_k);
      may = d->rstemk[bit >> 3] >> (bit & 7) & 1;
    }
    if (!may) {
      uint32_t id = tok_wid(d, tok, wid, p);
      if (id >= d->nw || d->wrec[id].root[DY_TRIE_DISCARD] == UINT32_MAX) continue;
    }
    if (dy_dict_match_discard_ids(d, tok, wid, ntok, p, m)) return p;
  }
  return ntok;
}

int dy_dict_discard_may_start(const dy_dict *d, dy_str w, uint32_t wid) {
  if (w.n > d->rstem_min && w.p) {
    uint32_t bit = stem_key(w.p, d->rstem_k);
    if (d->rstemk[bit >> 3] >> (bit & 7) & 1) return 1;
  }
  return wid < d->nw && d->wrec[wid].root[DY_TRIE_DISCARD] != UINT32_MAX;
}

/* ------------------------------------------------------------ issues */

int dy_dict_match_issue(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_issue_match *m) {
  return dy_dict_match_issue_ids(d, tok, NULL, ntok, start, m);
}

int dy_dict_match_issue_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_issue_match *m) {
  uint32_t len = 0, x = longest(d, DY_TRIE_ISSUE, tok, wid, ntok, start, &len);
  if (x == UINT32_MAX) return 0;
  const dy_img_node *nd = &d->node[x];
  uint32_t e = d->pay[nd->pay0];
  for (uint32_t k = 0; k < nd->npay; k++) /* an ignore phrase wins */
    if (d->issue[d->pay[nd->pay0 + k]].ignore) { e = d->pay[nd->pay0 + k]; break; }
  const dy_img_issue *is = &d->issue[e];
  m->len = len;
  m->code = S(d, is->code);
  m->category = S(d, is->category);
  m->ignore = (int)is->ignore;
  m->line = is->line;
  return 1;
}

uint32_t dy_dict_next_issue_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                                uint32_t from, dy_issue_match *m) {
  for (uint32_t p = from; p < ntok; p++) {
    if (tok[p].flags & DY_TOK_PUNCT) continue;
    uint32_t id = tok_wid(d, tok, wid, p);
    if (id >= d->nw || d->wrec[id].root[DY_TRIE_ISSUE] == UINT32_MAX) continue; /* starts no phrase */
    if (dy_dict_match_issue_ids(d, tok, wid, ntok, p, m)) return p;
  }
  return ntok;
}
