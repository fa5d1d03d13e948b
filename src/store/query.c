/* Queries: filters and aggregations over the events table, written once
 * for both backends. Values are always bound; only fixed fragments (column
 * names, group expressions) are put together into SQL text. */
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const group_names[] = {"none", "day", "week", "month", "root",
                                          "quad", "source", "target", "dyad"};

const char *dy_group_name(dy_group g) { return (unsigned)g <= DY_GROUP_DYAD ? group_names[g] : "?"; }

int dy_group_parse(const char *s, dy_group *out) {
  for (int i = 0; i <= DY_GROUP_DYAD; i++)
    if (!strcmp(s, group_names[i])) {
      *out = (dy_group)i;
      return 0;
    }
  return -1;
}

/* The SQL being built and the values to bind to its ?N, in order. */
typedef struct {
  char sql[4096];
  size_t n;
  int nval;
  struct { int is_int; long long i; const char *s; char own[64]; } val[32];
} qbuild;

static void add(qbuild *b, const char *s) {
  size_t l = strlen(s);
  if (b->n + l < sizeof b->sql) {
    memcpy(b->sql + b->n, s, l + 1);
    b->n += l;
  }
}

/* Appends "?N" for a new value and returns nothing; values are bound later. */
static void add_text(qbuild *b, const char *s) {
  char ph[16];
  b->val[b->nval].is_int = 0;
  b->val[b->nval].s = s;
  snprintf(ph, sizeof ph, "?%d", ++b->nval);
  add(b, ph);
}

static void add_int(qbuild *b, long long v) {
  char ph[16];
  b->val[b->nval].is_int = 1;
  b->val[b->nval].i = v;
  snprintf(ph, sizeof ph, "?%d", ++b->nval);
  add(b, ph);
}

/* An exclusive upper bound for the strings starting with `p`, or 0 when
 * there is none cheaply (non-ASCII prefixes). */
static int upper_bound(const char *p, char *out, size_t cap) {
  size_t n = strlen(p);
  if (n == 0 || n >= cap) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)p[i] >= 0x7f) return 0;
  memcpy(out, p, n + 1);
  out[n - 1]++;
  return 1;
}

static void where(qbuild *b, int *first) {
  add(b, *first ? " WHERE " : " AND ");
  *first = 0;
}

/* col matches prefix p: a range that uses the index, or a substring test. */
static void prefix(qbuild *b, const char *col, const char *p) {
  int i = b->nval;
  add(b, "(");
  add(b, col);
  add(b, " >= ");
  add_text(b, p);
  if (upper_bound(p, b->val[i].own, sizeof b->val[i].own)) {
    add(b, " AND ");
    add(b, col);
    add(b, " < ");
    add_text(b, b->val[i].own);
  } else {
    char ph[16];
    snprintf(ph, sizeof ph, "?%d", i + 1);
    add(b, " AND substr(");
    add(b, col);
    add(b, ", 1, length(CAST(");
    add(b, ph);
    add(b, " AS TEXT))) = CAST(");
    add(b, ph);
    add(b, " AS TEXT)");
  }
  add(b, ")");
}

/* Where a query reads from: the events, or one of the rollups (see
 * store.h), and the SQL for each of its dimensions there. */
typedef struct {
  const char *table;
  const char *date;   /* YYYYMMDD column, or NULL (month rollups) */
  const char *month;  /* YYYYMM column, or NULL (events, agg_code) */
  const char *source, *target, *code, *root, *quad; /* NULL: not in the table */
  int rollup;
  const char *group[DY_GROUP_DYAD + 1]; /* the group expressions */
} source_t;

static const source_t src_events = {
    "events e", "e.date", NULL, "e.source", "e.target", "e.code", "e.root", "e.quad_class", 0,
    {NULL, "e.date", "(e.day - ((e.day + 3) % 7 + 7) % 7)" /* the Monday; day 0 is a Thursday */,
     "(e.date / 100)" /* YYYYMM */, "e.root", "e.quad_class", "e.source", "e.target",
     "(e.source || '-' || COALESCE(e.target, ''))"}};

/* The rollups keep unknown values as 0 / '' (primary keys): NULLIF maps them back. */
#define R_CODE_GROUPS "NULLIF(r.root, '')", "NULLIF(r.quad, 0)"
static const source_t src_code = {
    "agg_code r", "r.date", NULL, NULL, NULL, "r.code", "r.root", "r.quad", 1,
    {NULL, "NULLIF(r.date, 0)", "CASE WHEN r.date = 0 THEN NULL ELSE (r.day - ((r.day + 3) % 7 + 7) % 7) END",
     "NULLIF(r.date / 100, 0)", R_CODE_GROUPS, NULL, NULL, NULL}};
static const source_t src_source = {
    "agg_source r", NULL, "r.month", "r.source", NULL, "r.code", "r.root", "r.quad", 1,
    {NULL, NULL, NULL, "NULLIF(r.month, 0)", R_CODE_GROUPS, "r.source", NULL, NULL}};
static const source_t src_target = {
    "agg_target r", NULL, "r.month", NULL, "r.target", "r.code", "r.root", "r.quad", 1,
    {NULL, NULL, NULL, "NULLIF(r.month, 0)", R_CODE_GROUPS, NULL, "NULLIF(r.target, '')", NULL}};
static const source_t src_dyad = {
    "agg_dyad r", NULL, "r.month", "r.source", "r.target", NULL, NULL, NULL, 1,
    {NULL, NULL, NULL, "NULLIF(r.month, 0)", NULL, NULL, "r.source", "NULLIF(r.target, '')",
     "(r.source || '-' || r.target)"}};

static int month_start(dy_date d) { return d == 0 || d % 100 == 1; }
static int month_end(dy_date d) {
  return d == 0 || !dy_date_valid(d + 1); /* the 1st of the next month, or an invalid day */
}

static int empty(const char *p) { return p && !*p; }

/* The smallest rollup that holds every dimension q filters or groups on,
 * or the events. An empty prefix (matches any non-null value) goes to the
 * events: the rollups store a null target as ''. */
static const source_t *choose(const dy_query *q, int bulk) {
  if (q->raw || bulk || empty(q->source) || empty(q->target) || empty(q->actor) ||
      empty(q->dyad_a) || empty(q->dyad_b) || empty(q->code) || empty(q->root))
    return &src_events;
  dy_group g = q->group;
  int src = q->source || q->dyad_a || q->actor || g == DY_GROUP_SOURCE || g == DY_GROUP_DYAD;
  int tgt = q->target || q->dyad_b || q->actor || g == DY_GROUP_TARGET || g == DY_GROUP_DYAD;
  int code = q->code || q->root || q->quad || g == DY_GROUP_ROOT || g == DY_GROUP_QUAD;
  int day = g == DY_GROUP_DAY || g == DY_GROUP_WEEK || !month_start(q->from) || !month_end(q->to);
  if (!src && !tgt) return &src_code;
  if (day) return &src_events;
  if (src && !tgt) return &src_source;
  if (tgt && !src) return &src_target;
  return code ? &src_events : &src_dyad;
}

static void filters(qbuild *b, const dy_query *q, const source_t *t) {
  int first = 1;
  if ((q->from || q->to) && t->rollup) { /* unknown dates are 0 there, NULL in events */
    where(b, &first);
    add(b, t->date ? t->date : t->month);
    add(b, " > 0");
  }
  if (q->from) {
    where(b, &first);
    add(b, t->date ? t->date : t->month);
    add(b, " >= ");
    add_int(b, t->date ? q->from : q->from / 100);
  }
  if (q->to) {
    where(b, &first);
    add(b, t->date ? t->date : t->month);
    add(b, " <= ");
    add_int(b, t->date ? q->to : q->to / 100);
  }
  if (q->source) where(b, &first), prefix(b, t->source, q->source);
  if (q->target) where(b, &first), prefix(b, t->target, q->target);
  if (q->actor) {
    where(b, &first);
    add(b, "(");
    prefix(b, t->source, q->actor);
    add(b, " OR ");
    prefix(b, t->target, q->actor);
    add(b, ")");
  }
  if (q->dyad_a) where(b, &first), prefix(b, t->source, q->dyad_a);
  if (q->dyad_b) where(b, &first), prefix(b, t->target, q->dyad_b);
  if (q->code) where(b, &first), prefix(b, t->code, q->code);
  if (q->root) {
    where(b, &first);
    add(b, t->root);
    add(b, " = ");
    add_text(b, q->root);
  }
  if (q->quad) {
    where(b, &first);
    add(b, t->quad);
    add(b, " = ");
    add_int(b, q->quad);
  }
}

/* Group rows: key, count, mentions, Goldstein count and sum x 10 (whole
 * numbers: Goldstein weights have one decimal, so the sums are exact and
 * the same in every order and from the rollups). SQLite has no hash
 * aggregation: its GROUP BY sorts every row, seconds for millions of
 * events. So on SQLite the rows are streamed unsorted and grouped here
 * (see aggregate()); from the events one row per event: key, mentions,
 * goldstein. */
static void build(qbuild *b, const dy_query *q, const source_t *t, int group_in_c) {
  const char *g = t->group[q->group];
  if (g && group_in_c) {
    add(b, "SELECT ");
    add(b, g);
    add(b, t->rollup ? ", r.n, r.mentions, r.gn, r.g10 FROM " : ", e.mentions, e.goldstein FROM ");
    add(b, t->table);
    filters(b, q, t);
    return;
  }
  if (g) {
    add(b, "SELECT ");
    add(b, g);
    /* Cell values are small: summed as INTEGER, PostgreSQL adds in int8
     * instead of numeric (3x faster over agg_dyad). */
    add(b, t->rollup ? " AS k, sum(CAST(r.n AS INTEGER)), sum(CAST(r.mentions AS INTEGER)),"
                       " sum(CAST(r.gn AS INTEGER)), sum(CAST(r.g10 AS INTEGER)) FROM "
                     : " AS k, count(*), sum(e.mentions), count(e.goldstein),"
                       " sum(round(e.goldstein * 10)) FROM ");
    add(b, t->table);
    filters(b, q, t);
    add(b, " GROUP BY k");
    if (t->rollup) add(b, " HAVING sum(CAST(r.n AS INTEGER)) > 0");
    add(b, " ORDER BY (");
    add(b, g);
    add(b, ") IS NULL, ");
    add(b, g);
  } else {
    add(b, "SELECT e.event_id, e.story, e.sentence, e.date, e.source, e.target, e.code, e.root,"
           " e.quad_class, e.goldstein, e.plover, e.source_text, e.target_text, e.mentions,"
           " e.sources, s.sentence_id, s.text FROM events e"
           " LEFT JOIN sentences s ON s.story = e.story AND s.idx = e.sentence");
    filters(b, q, t);
    add(b, " ORDER BY (e.date IS NULL), e.date, e.story, e.sentence, e.event_id");
  }
  if (q->limit > 0) {
    add(b, " LIMIT ");
    add_int(b, q->limit);
  }
}

/* The text of a group key; dates are stored as integers (YYYYMMDD, days
 * since 1970, YYYYMM). NULL for the NULL group. */
static const char *group_key(dy_group g, const char *text, long long v, char buf[16]) {
  if (!text) return NULL;
  if (g == DY_GROUP_WEEK) dy_date_format(dy_date_from_days((int32_t)v), buf);
  else if (g == DY_GROUP_DAY) dy_date_format((dy_date)v, buf);
  else if (g == DY_GROUP_MONTH) snprintf(buf, 16, "%04lld-%02lld", v / 100 % 10000, v % 100);
  else return text;
  return buf;
}

static void set_sums(dy_query_row *r, long long gn, long long g10) {
  r->has_goldstein = gn > 0;
  r->goldstein_sum = gn ? (double)g10 / 10 : 0;
  r->goldstein_mean = gn ? (double)g10 / 10 / (double)gn : 0;
}

static void read_row(dy_stmt *s, const dy_query *q, dy_query_row *r, char date[16]) {
  memset(r, 0, sizeof *r);
  if (q->group != DY_GROUP_NONE) {
    r->key = group_key(q->group, dy_stmt_is_null(s, 0) ? NULL : dy_stmt_text(s, 0), dy_stmt_int(s, 0), date);
    r->count = dy_stmt_int(s, 1);
    r->mentions = dy_stmt_int(s, 2);
    set_sums(r, dy_stmt_int(s, 3), llround(dy_stmt_double(s, 4)));
    return;
  }
#define TXT(i) (dy_stmt_is_null(s, i) ? NULL : dy_stmt_text(s, i))
  r->event_id = TXT(0);
  r->story = TXT(1);
  r->sentence = dy_stmt_int(s, 2);
  if (!dy_stmt_is_null(s, 3)) {
    dy_date_format((dy_date)dy_stmt_int(s, 3), date);
    r->date = date;
  }
  r->source = TXT(4);
  r->target = TXT(5);
  r->code = TXT(6);
  r->root = TXT(7);
  r->quad = (int)dy_stmt_int(s, 8);
  r->has_goldstein = !dy_stmt_is_null(s, 9);
  r->goldstein_mean = r->goldstein_sum = r->has_goldstein ? dy_stmt_double(s, 9) : 0;
  r->plover = TXT(10);
  r->source_text = TXT(11);
  r->target_text = TXT(12);
  r->mentions = r->count = dy_stmt_int(s, 13);
  r->sources = dy_stmt_int(s, 14);
  r->sentence_id = TXT(15);
  r->text = TXT(16);
#undef TXT
}

/* ------------------------------------------------ grouping on the client */

typedef struct {
  char *key; /* NULL: the NULL group */
  long long num, count, mentions, gn, g10;
} agg;

typedef struct {
  agg *v;     /* open addressing on the key's hash */
  size_t cap, n;
  agg null;   /* the NULL group */
  int numeric;
} aggmap;

static agg *agg_slot(aggmap *m, const char *key) {
  if (2 * (m->n + 1) > m->cap) { /* grow, rehash */
    aggmap g = {dy_xcalloc(m->cap ? m->cap * 2 : 256, sizeof(agg)), m->cap ? m->cap * 2 : 256, 0, m->null, m->numeric};
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].key) {
        size_t h = dy_hash64(m->v[i].key, strlen(m->v[i].key), DY_HASH_SEED) & (g.cap - 1);
        while (g.v[h].key) h = (h + 1) & (g.cap - 1);
        g.v[h] = m->v[i];
        g.n++;
      }
    free(m->v);
    *m = g;
  }
  size_t h = dy_hash64(key, strlen(key), DY_HASH_SEED) & (m->cap - 1);
  while (m->v[h].key && strcmp(m->v[h].key, key)) h = (h + 1) & (m->cap - 1);
  if (!m->v[h].key) {
    m->v[h].key = dy_xstrdup(key);
    m->n++;
  }
  return &m->v[h];
}

static int agg_cmp_num(const void *a, const void *b) {
  long long x = ((const agg *)a)->num, y = ((const agg *)b)->num;
  return x < y ? -1 : x > y;
}

static int agg_cmp_text(const void *a, const void *b) {
  return strcmp(((const agg *)a)->key, ((const agg *)b)->key);
}

/* Groups the rows of s (see build()) and calls fn per group in key order,
 * the NULL group last, as the SQL path does. Groups whose rollup rows sum
 * to no events (all deleted) are left out. */
static long long aggregate(dy_stmt *s, const dy_query *q, int rollup, dy_query_fn fn, void *ctx, int *err) {
  aggmap m = {0};
  m.numeric = q->group == DY_GROUP_DAY || q->group == DY_GROUP_WEEK || q->group == DY_GROUP_MONTH ||
              q->group == DY_GROUP_QUAD;
  int rc;
  while ((rc = dy_stmt_step(s)) == DY_STEP_ROW) {
    agg *a = dy_stmt_is_null(s, 0) ? &m.null : agg_slot(&m, dy_stmt_text(s, 0));
    a->num = dy_stmt_int(s, 0);
    if (rollup) {
      a->count += dy_stmt_int(s, 1);
      a->mentions += dy_stmt_int(s, 2);
      a->gn += dy_stmt_int(s, 3);
      a->g10 += dy_stmt_int(s, 4);
      continue;
    }
    a->count++;
    a->mentions += dy_stmt_int(s, 1);
    if (!dy_stmt_is_null(s, 2)) {
      a->gn++;
      a->g10 += llround(dy_stmt_double(s, 2) * 10);
    }
  }
  *err = rc == DY_STEP_ERROR;
  size_t k = 0;
  for (size_t i = 0; i < m.cap; i++)
    if (m.v[i].key) m.v[k++] = m.v[i];
  if (k) qsort(m.v, k, sizeof *m.v, m.numeric ? agg_cmp_num : agg_cmp_text);
  long long n = 0;
  int stop = *err;
  for (size_t i = 0; i <= k; i++) {
    agg *a = i < k ? &m.v[i] : &m.null;
    if (!stop && a->count > 0 && (q->limit <= 0 || n < q->limit)) {
      char buf[16];
      dy_query_row r = {0};
      r.key = group_key(q->group, a->key, a->num, buf);
      r.count = a->count;
      r.mentions = a->mentions;
      set_sums(&r, a->gn, a->g10);
      n++;
      if (fn && fn(&r, ctx)) stop = 1;
    }
    if (i < k) free(a->key);
  }
  free(m.v);
  return n;
}

long long dy_store_query(dy_store *st, const dy_query *q, dy_query_fn fn, void *ctx) {
  if (dy_store_sync(st) != 0) return -1; /* what this handle stored, too */
  static qbuild zero;
  qbuild *b = malloc(sizeof *b);
  if (!b) return -1;
  *b = zero;
  dy_db *db = dy_store_db(st);
  int in_c = q->group != DY_GROUP_NONE && dy_db_kind(db) == DY_DB_SQLITE;
  const source_t *t = &src_events;
  if (q->group != DY_GROUP_NONE) {
    int bulk = dy_store_bulk_loading(st);
    if (bulk < 0) goto fail;
    t = choose(q, bulk);
  }
  build(b, q, t, in_c);
  dy_stmt *s = dy_db_prepare(db, b->sql);
  long long n = 0;
  if (!s) goto fail;
  for (int i = 0; i < b->nval; i++) {
    int rc = b->val[i].is_int ? dy_stmt_bind_int(s, i + 1, b->val[i].i)
                              : dy_stmt_bind_text(s, i + 1, b->val[i].s, strlen(b->val[i].s));
    if (rc) goto fail;
  }
  int rc;
  if (in_c) {
    int err = 0;
    n = aggregate(s, q, t->rollup, fn, ctx, &err);
    if (err) goto fail;
    dy_stmt_free(&s);
    free(b);
    return n;
  }
  char date[16];
  while ((rc = dy_stmt_step(s)) == DY_STEP_ROW) {
    dy_query_row r;
    read_row(s, q, &r, date);
    n++;
    if (fn && fn(&r, ctx)) break;
  }
  if (rc == DY_STEP_ERROR) goto fail;
  dy_stmt_free(&s);
  free(b);
  return n;
fail:
  dy_store_set_error(st, dy_db_error(db));
  dy_stmt_free(&s);
  free(b);
  return -1;
}

/* ------------------------------------------------- command-line options */

static int parse_date_opt(const char *name, const char *val, dy_date *out, char *err, size_t errlen) {
  if (dy_date_parse(val, strlen(val), out) != 0) {
    snprintf(err, errlen, "--%s: '%.40s' is not a date (YYYY-MM-DD)", name, val);
    return -1;
  }
  return 0;
}

int dy_query_set(dy_query *q, const char *name, const char *val, char *err, size_t errlen) {
  if (!strcmp(name, "from")) return parse_date_opt(name, val, &q->from, err, errlen);
  if (!strcmp(name, "to")) return parse_date_opt(name, val, &q->to, err, errlen);
  if (!strcmp(name, "source")) return q->source = val, 0;
  if (!strcmp(name, "target")) return q->target = val, 0;
  if (!strcmp(name, "actor")) return q->actor = val, 0;
  if (!strcmp(name, "code")) return q->code = val, 0;
  if (!strcmp(name, "root")) return q->root = val, 0;
  if (!strcmp(name, "dyad")) {
    const char *comma = strchr(val, ',');
    if (!comma || comma == val || !comma[1]) {
      snprintf(err, errlen, "--dyad: want SOURCE,TARGET (e.g. RUS,UKR), got '%.40s'", val);
      return -1;
    }
    free(q->own);
    q->own = dy_xstrdup(val);
    q->own[comma - val] = 0;
    q->dyad_a = q->own;
    q->dyad_b = q->own + (comma - val) + 1;
    return 0;
  }
  if (!strcmp(name, "quad")) {
    if (strlen(val) != 1 || val[0] < '1' || val[0] > '4') {
      snprintf(err, errlen, "--quad: want 1, 2, 3 or 4, got '%.40s'", val);
      return -1;
    }
    q->quad = val[0] - '0';
    return 0;
  }
  if (!strcmp(name, "count-by")) {
    if (dy_group_parse(val, &q->group) != 0 || q->group == DY_GROUP_NONE) {
      snprintf(err, errlen, "--count-by: want day, week, month, root, quad, source, target or dyad, got '%.40s'",
               val);
      return -1;
    }
    return 0;
  }
  if (!strcmp(name, "limit")) {
    char *end;
    q->limit = strtoll(val, &end, 10);
    if (*end || q->limit < 0 || end == val) {
      snprintf(err, errlen, "--limit: want a number, got '%.40s'", val);
      return -1;
    }
    return 0;
  }
  return 1;
}

void dy_query_clear(dy_query *q) {
  free(q->own);
  memset(q, 0, sizeof *q);
}
