/* The rollup tables (agg_code, agg_source, agg_target, agg_dyad; see
 * store.h): the deltas of a transaction's bulk inserts, gathered in memory
 * and written as one upsert per touched cell when the transaction commits.
 * A batch of thousands of events touches far fewer cells than it has
 * events (agg_code: one per day and code), so this costs a fraction of a
 * trigger's four upserts per event.
 *
 * Adding an event is on the insert path of every stored event, so cells
 * are small and keyed by integers: the actor and event codes are interned
 * once (a few hundred distinct strings), and a cell is its kind, date,
 * two actor ids and a code id, packed into two words. */
#define _GNU_SOURCE /* qsort_r */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

enum { K_CODE, K_SOURCE, K_TARGET, K_DYAD, K__COUNT };

#define NOSTR 0xffffffffu /* no actor / no code in this kind of cell */

typedef struct {
  uint64_t h;      /* 0 = free slot */
  uint64_t k1, k2; /* kind << 56 | date << 24 | code id; a id << 32 | b id */
  int32_t day;
  int8_t quad;
  char root[3];
  long long n, mentions, gn, g10;
} cell;

typedef struct {
  char s[32];
} istr;

struct dy_rollup {
  cell *v;
  size_t cap, n;
  istr *str;       /* interned strings, by id */
  uint32_t nstr, capstr;
  uint32_t *sidx;  /* open addressing on the string's hash: id + 1, 0 = free */
  uint32_t scap;
};

dy_rollup *dy_rollup_new(void) { return dy_xcalloc(1, sizeof(dy_rollup)); }

void dy_rollup_free(dy_rollup **pr) {
  if (!*pr) return;
  free((*pr)->v);
  free((*pr)->str);
  free((*pr)->sidx);
  free(*pr);
  *pr = NULL;
}

void dy_rollup_clear(dy_rollup *r) {
  if (r->n) memset(r->v, 0, r->cap * sizeof *r->v);
  r->n = 0;
}

size_t dy_rollup_cells(const dy_rollup *r) { return r->n; }

static uint32_t str_hash(const char *s, size_t n) { return (uint32_t)(dy_hash64(s, n, DY_HASH_SEED) >> 7); }

/* The id of s (at most 31 bytes kept, as the event's fields hold). */
static uint32_t intern(dy_rollup *r, const char *s) {
  size_t n = strnlen(s, 31);
  if (2 * (r->nstr + 1) > r->scap) {
    uint32_t cap = r->scap ? 2 * r->scap : 1024;
    uint32_t *idx = dy_xcalloc(cap, sizeof *idx);
    for (uint32_t i = 0; i < r->nstr; i++) {
      uint32_t j = str_hash(r->str[i].s, strlen(r->str[i].s)) & (cap - 1);
      while (idx[j]) j = (j + 1) & (cap - 1);
      idx[j] = i + 1;
    }
    free(r->sidx);
    r->sidx = idx;
    r->scap = cap;
  }
  uint32_t j = str_hash(s, n) & (r->scap - 1);
  for (; r->sidx[j]; j = (j + 1) & (r->scap - 1)) {
    const char *t = r->str[r->sidx[j] - 1].s;
    if (!strncmp(t, s, n) && !t[n]) return r->sidx[j] - 1;
  }
  if (r->nstr == r->capstr) {
    r->capstr = r->capstr ? 2 * r->capstr : 256;
    r->str = dy_xrealloc(r->str, r->capstr * sizeof *r->str);
  }
  memcpy(r->str[r->nstr].s, s, n);
  r->str[r->nstr].s[n] = 0;
  r->sidx[j] = r->nstr + 1;
  return r->nstr++;
}

static uint64_t cell_hash(uint64_t k1, uint64_t k2) {
  uint64_t h = k1 * 0x9E3779B97F4A7C15ULL ^ (k2 + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 31;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 29;
  return h ? h : 1;
}

static void grow(dy_rollup *r) {
  size_t cap = r->cap ? r->cap * 2 : 1024;
  cell *v = dy_xcalloc(cap, sizeof *v);
  for (size_t i = 0; i < r->cap; i++)
    if (r->v[i].h) {
      size_t j = r->v[i].h & (cap - 1);
      while (v[j].h) j = (j + 1) & (cap - 1);
      v[j] = r->v[i];
    }
  free(r->v);
  r->v = v;
  r->cap = cap;
}

static void put(dy_rollup *r, uint64_t k1, uint64_t k2, const dy_rollup_event *e) {
  if (4 * (r->n + 1) > 3 * r->cap) grow(r);
  uint64_t h = cell_hash(k1, k2);
  size_t j = h & (r->cap - 1);
  while (r->v[j].h && !(r->v[j].h == h && r->v[j].k1 == k1 && r->v[j].k2 == k2)) j = (j + 1) & (r->cap - 1);
  cell *d = &r->v[j];
  if (!d->h) {
    d->h = h;
    d->k1 = k1;
    d->k2 = k2;
    d->day = e->day;
    d->quad = (int8_t)e->quad;
    memcpy(d->root, e->root, 2);
    d->root[2] = 0;
    r->n++;
  }
  d->n += e->n;
  d->mentions += e->mentions;
  d->gn += e->gn;
  d->g10 += e->g10;
}

static uint64_t key1(int kind, int32_t date, uint32_t code) {
  return (uint64_t)kind << 56 | (uint64_t)(uint32_t)date << 24 | (code & 0xffffffu);
}

void dy_rollup_add(dy_rollup *r, const dy_rollup_event *e) {
  uint32_t src = intern(r, e->source), tgt = intern(r, e->target), code = intern(r, e->code);
  int32_t month = e->date / 100; /* days for codes, else months */
  put(r, key1(K_CODE, e->date, code), (uint64_t)NOSTR << 32 | NOSTR, e);
  put(r, key1(K_SOURCE, month, code), (uint64_t)src << 32 | NOSTR, e);
  put(r, key1(K_TARGET, month, code), (uint64_t)tgt << 32 | NOSTR, e);
  put(r, key1(K_DYAD, month, 0xffffffu), (uint64_t)src << 32 | tgt, e);
}

/* The parts of a cell's key. */
static int c_kind(const cell *c) { return (int)(c->k1 >> 56); }
static int32_t c_date(const cell *c) { return (int32_t)(uint32_t)(c->k1 >> 24); }
static const char *c_str(const dy_rollup *r, uint32_t id) { return id >= r->nstr ? "" : r->str[id].s; }
static const char *c_a(const dy_rollup *r, const cell *c) { return c_str(r, (uint32_t)(c->k2 >> 32)); }
static const char *c_b(const dy_rollup *r, const cell *c) { return c_str(r, (uint32_t)c->k2); }
static const char *c_code(const dy_rollup *r, const cell *c) {
  uint32_t id = (uint32_t)(c->k1 & 0xffffffu);
  return id == 0xffffffu ? "" : c_str(r, id);
}

/* Cells in key order, so that concurrent writers (PostgreSQL) take the
 * rows' locks in the same order and never deadlock. */
static int cell_cmp(const void *pa, const void *pb, void *ctx) {
  const cell *x = pa, *y = pb;
  const dy_rollup *sorting = ctx;
  if (c_kind(x) != c_kind(y)) return c_kind(x) - c_kind(y);
  if (c_date(x) != c_date(y)) return c_date(x) < c_date(y) ? -1 : 1;
  int c = strcmp(c_a(sorting, x), c_a(sorting, y));
  if (c) return c;
  c = strcmp(c_b(sorting, x), c_b(sorting, y));
  return c ? c : strcmp(c_code(sorting, x), c_code(sorting, y));
}

static int bind_str(dy_stmt *s, int i, const char *v) { return dy_stmt_bind_text_ref(s, i, v, strlen(v)); }

/* Binds the cell's values to its kind's upsert (see store.c put_sql). */
static int bind_cell(const dy_rollup *r, dy_stmt *s, const cell *c) {
  int kind = c_kind(c);
  int i = 1, rc = dy_stmt_bind_int(s, i++, c_date(c));
  if (kind == K_CODE) rc |= dy_stmt_bind_int(s, i++, c->day);
  if (kind != K_CODE) rc |= bind_str(s, i++, c_a(r, c));
  if (kind == K_DYAD) rc |= bind_str(s, i++, c_b(r, c));
  if (kind != K_DYAD) {
    rc |= bind_str(s, i++, c_code(r, c));
    rc |= bind_str(s, i++, c->root);
    rc |= dy_stmt_bind_int(s, i++, c->quad);
  }
  rc |= dy_stmt_bind_int(s, i++, c->n);
  rc |= dy_stmt_bind_int(s, i++, c->mentions);
  rc |= dy_stmt_bind_int(s, i++, c->gn);
  rc |= dy_stmt_bind_int(s, i++, c->g10);
  return rc;
}

int dy_rollup_write(dy_rollup *r, dy_stmt *const up[4]) {
  if (!r->n) return 0;
  size_t k = 0;
  for (size_t i = 0; i < r->cap; i++)
    if (r->v[i].h) r->v[k++] = r->v[i];
  memset(r->v + k, 0, (r->cap - k) * sizeof *r->v);
  qsort_r(r->v, k, sizeof *r->v, cell_cmp, r);
  int rc = 0;
  for (size_t i = 0; i < k && rc == 0; i++) {
    dy_stmt *s = up[c_kind(&r->v[i])];
    rc = bind_cell(r, s, &r->v[i]);
    if (rc == 0 && dy_stmt_step(s) != DY_STEP_DONE) rc = -1;
    dy_stmt_reset(s);
  }
  memset(r->v, 0, k * sizeof *r->v);
  r->n = 0;
  return rc;
}
