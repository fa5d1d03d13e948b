/* The rollup tables (agg_code, agg_source, agg_target, agg_dyad; see
 * store.h): the deltas of a transaction's bulk inserts, gathered in memory
 * and written as one upsert per touched cell when the transaction commits.
 * A batch of thousands of events touches far fewer cells than it has
 * events (agg_code: one per day and code), so this costs a fraction of a
 * trigger's four upserts per event. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

enum { K_CODE, K_SOURCE, K_TARGET, K_DYAD, K__COUNT };

typedef struct {
  uint64_t h;     /* 0 = free slot */
  uint8_t kind;
  int8_t quad;
  char root[3];
  int32_t date;   /* YYYYMMDD for K_CODE, else YYYYMM; 0 = unknown */
  int32_t day;
  char a[32], b[32], code[8];
  long long n, mentions, gn, g10;
} cell;

struct dy_rollup {
  cell *v;
  size_t cap, n;
};

dy_rollup *dy_rollup_new(void) { return dy_xcalloc(1, sizeof(dy_rollup)); }

void dy_rollup_free(dy_rollup **pr) {
  if (!*pr) return;
  free((*pr)->v);
  free(*pr);
  *pr = NULL;
}

void dy_rollup_clear(dy_rollup *r) {
  if (r->n) memset(r->v, 0, r->cap * sizeof *r->v);
  r->n = 0;
}

size_t dy_rollup_cells(const dy_rollup *r) { return r->n; }

static uint64_t cell_hash(const cell *c) {
  char buf[96];
  size_t la = strlen(c->a), lb = strlen(c->b), lc = strlen(c->code);
  memcpy(buf, &c->kind, 1);
  memcpy(buf + 1, &c->date, 4);
  memcpy(buf + 5, c->a, la);
  buf[5 + la] = 0x1f;
  memcpy(buf + 6 + la, c->b, lb);
  buf[6 + la + lb] = 0x1f;
  memcpy(buf + 7 + la + lb, c->code, lc);
  uint64_t h = dy_hash64(buf, 7 + la + lb + lc, DY_HASH_SEED);
  return h ? h : 1;
}

static int cell_same(const cell *x, const cell *y) {
  return x->kind == y->kind && x->date == y->date && !strcmp(x->a, y->a) && !strcmp(x->b, y->b) &&
         !strcmp(x->code, y->code);
}

static void put(dy_rollup *r, const cell *c) {
  if (2 * (r->n + 1) > r->cap) {
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
  size_t j = c->h & (r->cap - 1);
  while (r->v[j].h && !(r->v[j].h == c->h && cell_same(&r->v[j], c))) j = (j + 1) & (r->cap - 1);
  cell *d = &r->v[j];
  if (!d->h) {
    *d = *c;
    r->n++;
    return;
  }
  d->n += c->n;
  d->mentions += c->mentions;
  d->gn += c->gn;
  d->g10 += c->g10;
}

static void copy_code(char *dst, size_t cap, const char *s) {
  size_t n = strlen(s);
  if (n >= cap) n = cap - 1;
  memcpy(dst, s, n);
  dst[n] = 0;
}

void dy_rollup_add(dy_rollup *r, const dy_rollup_event *e) {
  cell c;
  memset(&c, 0, sizeof c);
  c.quad = (int8_t)e->quad;
  copy_code(c.root, sizeof c.root, e->root);
  copy_code(c.code, sizeof c.code, e->code);
  c.n = e->n;
  c.mentions = e->mentions;
  c.gn = e->gn;
  c.g10 = e->g10;
  for (int k = 0; k < K__COUNT; k++) {
    c.kind = (uint8_t)k;
    c.date = k == K_CODE ? e->date : e->date / 100; /* days for codes, else months */
    c.day = e->day;
    c.a[0] = c.b[0] = 0;
    if (k == K_SOURCE || k == K_DYAD) copy_code(c.a, sizeof c.a, e->source);
    if (k == K_TARGET) copy_code(c.a, sizeof c.a, e->target);
    if (k == K_DYAD) copy_code(c.b, sizeof c.b, e->target);
    char code[8];
    memcpy(code, c.code, sizeof code);
    if (k == K_DYAD) c.code[0] = 0;
    c.h = cell_hash(&c);
    put(r, &c);
    memcpy(c.code, code, sizeof code);
  }
}

/* Cells in key order, so that concurrent writers (PostgreSQL) take the
 * rows' locks in the same order and never deadlock. */
static int cell_cmp(const void *pa, const void *pb) {
  const cell *x = pa, *y = pb;
  if (x->kind != y->kind) return x->kind - y->kind;
  if (x->date != y->date) return x->date < y->date ? -1 : 1;
  int c = strcmp(x->a, y->a);
  if (c) return c;
  c = strcmp(x->b, y->b);
  return c ? c : strcmp(x->code, y->code);
}

/* Binds the cell's values to its kind's upsert (see store.c put_sql). */
static int bind_cell(dy_stmt *s, const cell *c) {
  int i = 1, rc = dy_stmt_bind_int(s, i++, c->date);
  if (c->kind == K_CODE) rc |= dy_stmt_bind_int(s, i++, c->day);
  if (c->kind != K_CODE) rc |= dy_stmt_bind_text(s, i++, c->a, strlen(c->a));
  if (c->kind == K_DYAD) rc |= dy_stmt_bind_text(s, i++, c->b, strlen(c->b));
  if (c->kind != K_DYAD) {
    rc |= dy_stmt_bind_text(s, i++, c->code, strlen(c->code));
    rc |= dy_stmt_bind_text(s, i++, c->root, strlen(c->root));
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
  qsort(r->v, k, sizeof *r->v, cell_cmp);
  int rc = 0;
  for (size_t i = 0; i < k && rc == 0; i++) {
    dy_stmt *s = up[r->v[i].kind];
    rc = bind_cell(s, &r->v[i]);
    if (rc == 0 && dy_stmt_step(s) != DY_STEP_DONE) rc = -1;
    dy_stmt_reset(s);
  }
  dy_rollup_clear(r);
  return rc;
}
