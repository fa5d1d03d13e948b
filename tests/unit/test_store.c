/* The event store library, on SQLite and — when DYAD_TEST_PG_URL names a
 * PostgreSQL database (tests/cli/test_store.sh starts a throw-away server
 * and sets it) — on PostgreSQL: every BOTH(name) case runs on each. */
#include "../../src/core/core.h"
#include "../../src/store/store.h"
#include "../../src/output/output.h"
#include "../test.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

enum { LITE, PG };

static char lite_path[256];

/* A fresh, empty database of the backend; the PG one is emptied. */
static const char *fresh_url(int backend) {
  if (backend == LITE) {
    snprintf(lite_path, sizeof lite_path, "/tmp/dyad-test-store-%d.db", (int)getpid());
    unlink(lite_path);
    static char url[300];
    snprintf(url, sizeof url, "sqlite:%s", lite_path);
    return url;
  }
  const char *url = getenv("DYAD_TEST_PG_URL");
  if (!url || !*url) test_skip("DYAD_TEST_PG_URL not set (tests/cli/test_store.sh sets it)");
  char err[512];
  dy_store *st = dy_store_open_mode(url, DY_STORE_RAW, err, sizeof err);
  if (!st) test_fail(__FILE__, __LINE__, "%s", err);
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st),
                              "DROP TABLE IF EXISTS events, mentions, sentences, stories, meta,"
                              " schema_version, agg_code, agg_source, agg_target, agg_dyad;"
                              "DROP FUNCTION IF EXISTS agg_insert, agg_update, agg_delete"));
  dy_store_close(&st);
  return url;
}

static void cleanup(int backend) {
  if (backend == LITE) unlink(lite_path);
}

static dy_store *open_ok(const char *url) {
  char err[512];
  dy_store *st = dy_store_open(url, err, sizeof err);
  if (!st) test_fail(__FILE__, __LINE__, "open: %s", err);
  return st;
}

#define BOTH(name)                                  \
  static void name(int backend);                    \
  TEST(name##_sqlite) { name(LITE); cleanup(LITE); } \
  TEST(name##_pg) { name(PG); }                     \
  static void name(int backend)

static void add_sentence(dy_story *s, const char *text) {
  dy_sentence *ns = dy_arena_alloc(s->arena, (s->nsent + 1) * sizeof *ns);
  if (s->nsent) memcpy(ns, s->sent, s->nsent * sizeof *ns);
  ns[s->nsent].text = dy_arena_str(s->arena, text, strlen(text));
  s->sent = ns;
  s->nsent++;
}

static void add_event(dy_story *s, uint32_t sent, const char *src, const char *tgt, const char *code) {
  dy_event *e = dy_story_add_event(s);
  e->sentence = sent;
  snprintf(e->source, sizeof e->source, "%s", src);
  snprintf(e->target, sizeof e->target, "%s", tgt);
  snprintf(e->code, sizeof e->code, "%s", code);
  e->source_text = dy_arena_str(s->arena, src, strlen(src));
}

static void add_field(dy_story *s, const char *name, const char *json) {
  dy_field *f = dy_arena_alloc(s->arena, (s->nfields + 1) * sizeof *f);
  if (s->nfields) memcpy(f, s->fields, s->nfields * sizeof *f);
  f[s->nfields].name = dy_arena_str(s->arena, name, strlen(name));
  f[s->nfields].value_json = dy_arena_str(s->arena, json, strlen(json));
  s->fields = f;
  s->nfields++;
}

/* Story `id` of date d: two sentences, events RUSGOV->UKRGOV 190 (s0),
 * USA->RUS 051 (s1). */
static dy_story *story(const char *id, dy_date d) {
  dy_story *s = dy_story_new();
  s->id = dy_arena_strndup(s->arena, id, strlen(id));
  s->date = d;
  s->origin = "test";
  add_sentence(s, "Russia attacked Ukraine.");
  add_sentence(s, "The US praised Russia.");
  add_event(s, 0, "RUSGOV", "UKRGOV", "190");
  add_event(s, 1, "USA", "RUS", "051");
  return s;
}

static void put_ok(dy_store *st, dy_story *s, dy_dedup mode) {
  dy_store_opts o = {mode, 0};
  if (dy_store_put_story(st, s, &o) != 0) test_fail(__FILE__, __LINE__, "put: %s", dy_store_error(st));
}

static long long count(dy_store *st, const char *t) {
  long long n = dy_store_count(st, t);
  if (n < 0) test_fail(__FILE__, __LINE__, "count %s: %s", t, dy_store_error(st));
  return n;
}

/* ------------------------------------------------------ pure functions */

static int first_id(const dy_query_row *r, void *ctx) {
  snprintf(ctx, 17, "%s", r->event_id);
  return 1;
}

BOTH(stored_event_id_is_the_outputs) {
  dy_store *st = open_ok(fresh_url(backend));
  dy_story *s = dy_story_new();
  s->id = "afp-1";
  add_event(s, 4, "RUSGOV", "SYROPP", "051");
  put_ok(st, s, 0);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  char got[17] = "", want[17], out[17];
  ASSERT_EQ_INT(1, dy_store_query(st, &(dy_query){0}, first_id, got));
  const char buf[] = "afp-1\x1f" "4\x1fRUSGOV\x1fSYROPP\x1f" "051";
  snprintf(want, sizeof want, "%016llx", (unsigned long long)dy_hash64(buf, sizeof buf - 1, DY_HASH_SEED));
  ASSERT_STR_EQ(want, got);
  dy_event_id(s, &s->ev[0], out);
  ASSERT_STR_EQ(want, out);
  dy_story_free(&s);
  dy_store_close(&st);
}

TEST(code_info_root_quad_goldstein_plover) {
  /* goldstein from ../shared/cameo/goldstein.tsv, PLOVER per cameo.h */
  static const struct { const char *code, *root; int quad, has; double g; const char *plover; } cases[] = {
      {"010", "01", 1, 1, 0.0, NULL},      {"051", "05", 1, 1, 3.4, "SUPPORT"},
      {"0512", "05", 1, 0, 0, NULL},       {"081", "08", 2, 1, 0, NULL},
      {"138", "13", 3, 1, -7.0, NULL},     {"182", "18", 4, 1, -9.5, "ASSAULT"},
      {"190", "19", 4, 1, -10.0, "FIGHT"}, {"210", "21", 0, 0, 0, NULL},
      {"X1", "", 0, 0, 0, NULL},           {"", "", 0, 0, 0, NULL}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dy_code_info ci;
    dy_store_code_info(cases[i].code, &ci);
    ASSERT_STR_EQ(cases[i].root, ci.root);
    ASSERT_EQ_INT(cases[i].quad, ci.quad);
    ASSERT_EQ_INT(cases[i].has, ci.has_goldstein);
    if (cases[i].has && strcmp(cases[i].code, "081") && strcmp(cases[i].code, "138")) {
      ASSERT(ci.goldstein == cases[i].g);
      if (cases[i].plover) ASSERT_STR_EQ(cases[i].plover, ci.plover);
      else ASSERT(ci.plover == NULL);
    }
  }
}

TEST(bad_urls_give_clear_errors) {
  char err[512];
  ASSERT(dy_store_open("mysql://x/y", err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "unsupported database URL");
  ASSERT(dy_store_open("", err, sizeof err) == NULL);
  ASSERT(dy_store_open_mode("/nonexistent/dir/x.db", DY_STORE_READONLY, err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "No such file");
  ASSERT(dy_store_open("sqlite:/tmp/x.db?bogus=1", err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "unknown URL parameter");
}

/* --------------------------------------------------------- both backends */

BOTH(open_creates_schema_and_stores_story) {
  dy_store *st = open_ok(fresh_url(backend));
  int v = 0;
  ASSERT_EQ_INT(0, dy_store_schema_version(st, &v));
  ASSERT_EQ_INT(dy_store_schema_latest(), v);
  dy_story *s = story("s1", 20180131);
  add_field(s, "source", "\"AP\"");
  add_field(s, "url", "\"http://x/1\"");
  put_ok(st, s, DY_DEDUP_DEFAULT);
  dy_story_free(&s);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  ASSERT_EQ_INT(1, count(st, "stories"));
  ASSERT_EQ_INT(2, count(st, "sentences"));
  ASSERT_EQ_INT(2, count(st, "events"));
  ASSERT_EQ_INT(0, count(st, "mentions")); /* --dedup none: each event is its own mention */
  dy_stmt *q = dy_db_prepare(dy_store_db(st), "SELECT source, date, origin FROM stories WHERE id = ?1");
  ASSERT(q);
  dy_stmt_bind_text(q, 1, "s1", 2);
  ASSERT_EQ_INT(DY_STEP_ROW, dy_stmt_step(q));
  ASSERT_STR_EQ("AP", dy_stmt_text(q, 0));
  ASSERT_STR_EQ("2018-01-31", dy_stmt_text(q, 1));
  ASSERT_STR_EQ("test", dy_stmt_text(q, 2));
  dy_stmt_free(&q);
  ASSERT_EQ_INT(0, dy_store_close(&st));
  ASSERT(st == NULL);
}

static long long n_rows(dy_store *st, const dy_query *q) {
  long long n = dy_store_query(st, q, NULL, NULL);
  if (n < 0) test_fail(__FILE__, __LINE__, "query: %s", dy_store_error(st));
  return n;
}

BOTH(recoding_same_story_adds_nothing) {
  const char *url = fresh_url(backend);
  for (int round = 0; round < 3; round++) { /* each round: a new process-like handle */
    dy_store *st = open_ok(url);
    for (int i = 0; i < 5; i++) {
      char id[16];
      snprintf(id, sizeof id, "st%d", i);
      dy_story *s = story(id, 20180101 + i);
      put_ok(st, s, DY_DEDUP_NONE);
      dy_story_free(&s);
    }
    ASSERT_EQ_INT(0, dy_store_close(&st));
  }
  dy_store *st = open_ok(url);
  ASSERT_EQ_INT(5, count(st, "stories"));
  ASSERT_EQ_INT(10, count(st, "sentences"));
  ASSERT_EQ_INT(10, count(st, "events"));
  dy_store_close(&st);
}

static int collect_codes(const dy_query_row *r, void *ctx) {
  char *buf = ctx;
  strcat(buf, r->code);
  strcat(buf, ";");
  return 0;
}

BOTH(new_dictionaries_replace_a_storys_events) {
  dy_store *st = open_ok(fresh_url(backend));
  dy_story *s = story("a", 20180105);
  put_ok(st, s, 0);
  dy_story_free(&s);
  dy_story *b = story("b", 20180105);
  put_ok(st, b, 0);
  dy_story_free(&b);
  /* recoded: one event only, a different code */
  s = dy_story_new();
  s->id = "a";
  s->date = 20180105;
  add_sentence(s, "Russia attacked Ukraine.");
  add_event(s, 0, "RUSGOV", "UKRGOV", "183");
  put_ok(st, s, 0);
  dy_story_free(&s);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  ASSERT_EQ_INT(2, count(st, "stories"));
  ASSERT_EQ_INT(3, count(st, "sentences"));
  ASSERT_EQ_INT(3, count(st, "events"));
  dy_query q = {0};
  q.source = "RUSGOV";
  char codes[256] = "";
  ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_codes, codes));
  ASSERT_STR_EQ("183;190;", codes); /* a (183), then b (190): story order */
  dy_store_close(&st);
}

BOTH(a_failing_story_is_stored_not_at_all) {
  const char *url = fresh_url(backend);
  dy_store *st = open_ok(url);
  dy_story *ok1 = story("ok1", 20180101);
  put_ok(st, ok1, 0);
  dy_story_free(&ok1);
  /* make the third event of the next story fail inside the database */
  const char *boom = backend == LITE
                         ? "CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.code = '999'"
                           " BEGIN SELECT RAISE(ABORT, 'boom'); END"
                         : "ALTER TABLE events ADD CONSTRAINT boom CHECK (code <> '999')";
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st), boom));
  dy_story *bad = story("bad", 20180102);
  add_event(bad, 1, "FRA", "DEU", "999");
  dy_store_opts o = {0, 0};
  int rc = dy_store_put_story(st, bad, &o);
  if (backend == LITE) {
    ASSERT_EQ_INT(-1, rc);
    ASSERT_CONTAINS(dy_store_error(st), "story bad not stored");
  } else {
    ASSERT_EQ_INT(0, rc); /* buffered: the server refuses it when its chunk is sent */
  }
  dy_story_free(&bad);
  dy_story *ok2 = story("ok2", 20180103);
  put_ok(st, ok2, 0);
  dy_story_free(&ok2);
  FILE *diag = tmpfile();
  dy_diag_set_stream(diag);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  dy_diag_set_stream(stderr);
  long long refused_events = -1;
  ASSERT_EQ_INT(backend == PG ? 1 : 0, dy_store_refused(st, &refused_events));
  ASSERT_EQ_INT(backend == PG ? 3 : 0, refused_events);
  char said[512] = "";
  rewind(diag);
  size_t got = fread(said, 1, sizeof said - 1, diag);
  said[got] = 0;
  fclose(diag);
  if (backend == PG) {
    ASSERT_CONTAINS(said, "story bad not stored");
    ASSERT_CONTAINS(said, "boom");
  }
  ASSERT_EQ_INT(0, dy_store_close(&st));
  st = open_ok(url);
  ASSERT_EQ_INT(2, count(st, "stories"));
  ASSERT_EQ_INT(4, count(st, "sentences"));
  ASSERT_EQ_INT(4, count(st, "events"));
  dy_store_close(&st);
}

BOTH(restoring_a_story_leaves_ids_it_prefixes_alone) {
  dy_store *st = open_ok(fresh_url(backend));
  static const char *const ids[] = {"a", "a/b", "a0", "a/", "b"};
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < 5; i++) {
      dy_story *s = story(ids[i], 20180101);
      if (round == 1 && i == 0) s->nev = 1; /* "a" recoded with one event */
      put_ok(st, s, 0);
      dy_story_free(&s);
    }
  ASSERT_EQ_INT(0, dy_store_flush(st));
  ASSERT_EQ_INT(9, count(st, "events"));
  ASSERT_EQ_INT(10, count(st, "sentences"));
  dy_store_close(&st);
}

static dy_story *story3(const char *id, dy_date d, const char *src) {
  dy_story *s = dy_story_new();
  s->id = dy_arena_strndup(s->arena, id, strlen(id));
  s->date = d;
  s->origin = "feed";
  if (src) add_field(s, "source", src);
  add_sentence(s, "one");
  add_sentence(s, "two");
  add_event(s, 0, "RUSGOV", "UKRGOV", "190");
  add_event(s, 1, "RUSGOV", "UKRGOV", "190"); /* same triple, other sentence */
  add_event(s, 1, "RUSGOV", "UKRGOV", "190"); /* the very same event twice */
  return s;
}

typedef struct { long long mentions, sources, n; char story[32]; } ev_sum;
static int sum_rows(const dy_query_row *r, void *ctx) {
  ev_sum *e = ctx;
  e->mentions += r->mentions;
  e->sources += r->sources;
  e->n++;
  snprintf(e->story, sizeof e->story, "%s", r->story);
  return 0;
}

BOTH(dedup_per_story_and_per_day) {
  const char *url = fresh_url(backend);
  dy_store *st = open_ok(url);
  dy_story *a = story3("a", 20180110, "\"AP\""), *b = story3("b", 20180110, "\"Reuters\""),
           *c = story3("c", 20180110, "\"AP\""), *d = story3("d", 20180111, NULL);
  put_ok(st, a, DY_DEDUP_DAY);
  put_ok(st, b, DY_DEDUP_DAY);
  put_ok(st, c, DY_DEDUP_DAY);
  put_ok(st, d, DY_DEDUP_DAY);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  /* one event per day; 2 mentions per story; sources AP, Reuters */
  ASSERT_EQ_INT(2, count(st, "events"));
  ASSERT_EQ_INT(8, count(st, "mentions"));
  dy_query q = {0};
  q.from = q.to = 20180110;
  ev_sum e = {0};
  ASSERT_EQ_INT(1, dy_store_query(st, &q, sum_rows, &e));
  ASSERT_EQ_INT(6, e.mentions);
  ASSERT_EQ_INT(2, e.sources);
  ASSERT_STR_EQ("a", e.story);
  /* asking for another mode than the database's is refused */
  dy_store_opts o = {DY_DEDUP_STORY, 0};
  ASSERT_EQ_INT(-1, dy_store_put_story(st, a, &o));
  ASSERT_CONTAINS(dy_store_error(st), "uses --dedup day");
  /* re-storing a (its first reporter) moves nothing but the representative */
  put_ok(st, a, DY_DEDUP_DEFAULT);
  memset(&e, 0, sizeof e);
  ASSERT_EQ_INT(1, dy_store_query(st, &q, sum_rows, &e));
  ASSERT_EQ_INT(6, e.mentions);
  ASSERT_EQ_INT(2, e.sources);
  /* b gone from the day (recoded without events): AP only, 4 mentions */
  b->nev = 0;
  put_ok(st, b, DY_DEDUP_DAY);
  memset(&e, 0, sizeof e);
  ASSERT_EQ_INT(1, dy_store_query(st, &q, sum_rows, &e));
  ASSERT_EQ_INT(4, e.mentions);
  ASSERT_EQ_INT(1, e.sources);
  dy_store_close(&st);
  dy_story_free(&a);
  dy_story_free(&b);
  dy_story_free(&c);
  dy_story_free(&d);

  /* per story: one event per story, 2 mentions each */
  st = open_ok(fresh_url(backend));
  a = story3("a", 20180110, NULL);
  b = story3("b", 20180110, NULL);
  put_ok(st, a, DY_DEDUP_STORY);
  put_ok(st, b, DY_DEDUP_STORY);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  ASSERT_EQ_INT(2, count(st, "events"));
  ASSERT_EQ_INT(4, count(st, "mentions"));
  dy_query all = {0};
  memset(&e, 0, sizeof e);
  ASSERT_EQ_INT(2, dy_store_query(st, &all, sum_rows, &e));
  ASSERT_EQ_INT(4, e.mentions);
  ASSERT_EQ_INT(2, e.sources); /* one source ("feed") per event */
  dy_store_close(&st);
  dy_story_free(&a);
  dy_story_free(&b);
}

typedef struct { char out[2048]; } keys;
static int collect_keys(const dy_query_row *r, void *ctx) {
  keys *k = ctx;
  size_t n = strlen(k->out);
  snprintf(k->out + n, sizeof k->out - n, "%s=%lld;", r->key ? r->key : "null", r->count);
  return 0;
}

static void fill_query_db(dy_store *st) {
  /* 2018-01-01 is a Monday. */
  static const struct { const char *id; dy_date d; } st_[] = {
      {"q1", 20180101}, {"q2", 20180107}, {"q3", 20180108}, {"q4", 20180215}};
  for (int i = 0; i < 4; i++) {
    dy_story *s = story(st_[i].id, st_[i].d);
    if (i == 3) add_event(s, 1, "RUSMIL", "UKR", "0512");
    put_ok(st, s, 0);
    dy_story_free(&s);
  }
  dy_story *s = story("q5", 0); /* unknown date */
  put_ok(st, s, 0);
  dy_story_free(&s);
  ASSERT_EQ_INT(0, dy_store_flush(st));
}

static const char *group(dy_store *st, dy_group g, const dy_query *filter) {
  static keys k;
  memset(&k, 0, sizeof k);
  dy_query q = filter ? *filter : (dy_query){0};
  q.group = g;
  if (dy_store_query(st, &q, collect_keys, &k) < 0) test_fail(__FILE__, __LINE__, "%s", dy_store_error(st));
  return k.out;
}

BOTH(query_filters_and_groups) {
  dy_store *st = open_ok(fresh_url(backend));
  fill_query_db(st);
  dy_query q = {0};
  ASSERT_EQ_INT(11, n_rows(st, &q));
  q.source = "RUS"; /* prefix: RUSGOV x5, RUSMIL */
  ASSERT_EQ_INT(6, n_rows(st, &q));
  q.source = "RUSG";
  ASSERT_EQ_INT(5, n_rows(st, &q));
  q = (dy_query){0};
  q.actor = "RUS"; /* everything: RUS is a source or a target of each */
  ASSERT_EQ_INT(11, n_rows(st, &q));
  q.actor = "UKR";
  ASSERT_EQ_INT(6, n_rows(st, &q));
  q = (dy_query){0};
  q.dyad_a = "USA";
  q.dyad_b = "RUS";
  ASSERT_EQ_INT(5, n_rows(st, &q));
  q.dyad_a = "RUS";
  q.dyad_b = "USA";
  ASSERT_EQ_INT(0, n_rows(st, &q));
  q = (dy_query){0};
  q.from = 20180107;
  q.to = 20180108;
  ASSERT_EQ_INT(4, n_rows(st, &q));
  q = (dy_query){0};
  q.code = "05";
  ASSERT_EQ_INT(6, n_rows(st, &q)); /* 051 x5, 0512 */
  q.code = "051";
  ASSERT_EQ_INT(6, n_rows(st, &q));
  q.code = "0512";
  ASSERT_EQ_INT(1, n_rows(st, &q));
  q = (dy_query){0};
  q.root = "19";
  ASSERT_EQ_INT(5, n_rows(st, &q));
  q = (dy_query){0};
  q.quad = 1;
  ASSERT_EQ_INT(6, n_rows(st, &q));
  q.quad = 4;
  ASSERT_EQ_INT(5, n_rows(st, &q));
  q.limit = 2;
  ASSERT_EQ_INT(2, n_rows(st, &q));

  ASSERT_STR_EQ("2018-01-01=2;2018-01-07=2;2018-01-08=2;2018-02-15=3;null=2;", group(st, DY_GROUP_DAY, NULL));
  ASSERT_STR_EQ("2018-01-01=4;2018-01-08=2;2018-02-12=3;null=2;", group(st, DY_GROUP_WEEK, NULL));
  ASSERT_STR_EQ("2018-01=6;2018-02=3;null=2;", group(st, DY_GROUP_MONTH, NULL));
  ASSERT_STR_EQ("05=6;19=5;", group(st, DY_GROUP_ROOT, NULL));
  ASSERT_STR_EQ("1=6;4=5;", group(st, DY_GROUP_QUAD, NULL));
  ASSERT_STR_EQ("RUSGOV=5;RUSMIL=1;USA=5;", group(st, DY_GROUP_SOURCE, NULL));
  ASSERT_STR_EQ("RUS=5;UKR=1;UKRGOV=5;", group(st, DY_GROUP_TARGET, NULL));
  ASSERT_STR_EQ("RUSGOV-UKRGOV=5;RUSMIL-UKR=1;USA-RUS=5;", group(st, DY_GROUP_DYAD, NULL));
  q = (dy_query){0};
  q.from = 20180101;
  q.to = 20180131;
  ASSERT_STR_EQ("2018-01-01=4;2018-01-08=2;", group(st, DY_GROUP_WEEK, &q));
  dy_store_close(&st);
}

typedef struct { char out[512]; } gold;
static int collect_gold(const dy_query_row *r, void *ctx) {
  gold *g = ctx;
  size_t n = strlen(g->out);
  if (r->has_goldstein)
    snprintf(g->out + n, sizeof g->out - n, "%s:%.2f/%.2f;", r->key, r->goldstein_mean, r->goldstein_sum);
  else
    snprintf(g->out + n, sizeof g->out - n, "%s:-;", r->key);
  return 0;
}

BOTH(goldstein_mean_and_sum_per_group) {
  dy_store *st = open_ok(fresh_url(backend));
  fill_query_db(st);
  /* 051: 3.4, 190: -10 (goldstein.tsv); 0512 is not in the codebook */
  gold g = {""};
  dy_query q = {0};
  q.group = DY_GROUP_ROOT;
  ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_gold, &g));
  ASSERT_STR_EQ("05:3.40/17.00;19:-10.00/-50.00;", g.out);
  memset(&g, 0, sizeof g);
  q.group = DY_GROUP_MONTH;
  q.from = 20180101;
  ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_gold, &g));
  /* January: 051 x3, 190 x3 -> -19.8 / 6; February: 051, 190 (+ 0512, none) */
  ASSERT_STR_EQ("2018-01:-3.30/-19.80;2018-02:-3.30/-6.60;", g.out);
  memset(&g, 0, sizeof g);
  q = (dy_query){0};
  q.group = DY_GROUP_DAY;
  q.code = "0512";
  ASSERT_EQ_INT(1, dy_store_query(st, &q, collect_gold, &g));
  ASSERT_STR_EQ("2018-02-15:-;", g.out);
  dy_store_close(&st);
}

/* ------------------------------------------------------------ rollups */

/* Everything a group row says: key=count/mentions/has goldstein:sum:mean. */
static int collect_all(const dy_query_row *r, void *ctx) {
  keys *k = ctx;
  size_t n = strlen(k->out);
  snprintf(k->out + n, sizeof k->out - n, "%s=%lld/%lld/%d:%.1f:%.6f;", r->key ? r->key : "null",
           r->count, r->mentions, r->has_goldstein, r->goldstein_sum, r->goldstein_mean);
  return 0;
}

/* The rows of q from the rollups and from the events must be the same. */
static void same_both_ways(dy_store *st, const dy_query *q0, const char *what) {
  static keys a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  dy_query q = *q0;
  q.raw = 0;
  if (dy_store_query(st, &q, collect_all, &a) < 0) test_fail(__FILE__, __LINE__, "%s", dy_store_error(st));
  q.raw = 1;
  if (dy_store_query(st, &q, collect_all, &b) < 0) test_fail(__FILE__, __LINE__, "%s", dy_store_error(st));
  if (strcmp(a.out, b.out))
    test_fail(__FILE__, __LINE__, "%s: rollups %s\n  events %s", what, a.out, b.out);
}

/* Every grouping under filters that pick each rollup and some that do
 * not (a day range that is not whole months: the events). */
static void all_groupings_same(dy_store *st) {
  static const dy_query f[] = {
      {0},
      {.source = "RUS"},
      {.target = "UKR"},
      {.actor = "RUS"},
      {.dyad_a = "USA", .dyad_b = "RUS"},
      {.code = "19"},
      {.root = "05"},
      {.quad = 4},
      {.from = 20180101, .to = 20180131},
      {.from = 20180201},
      {.to = 20180228},
      {.from = 20180102, .to = 20180228},
      {.source = "RUS", .code = "05", .from = 20180101, .to = 20180331},
      {.target = ""},
      {.limit = 2},
  };
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    for (int g = DY_GROUP_DAY; g <= DY_GROUP_DYAD; g++) {
      dy_query q = f[i];
      q.group = (dy_group)g;
      char what[64];
      snprintf(what, sizeof what, "filter %zu, --count-by %s", i, dy_group_name((dy_group)g));
      same_both_ways(st, &q, what);
    }
}

/* fill_query_db, then a second session (per-commit rollups) recodes q2
 * and adds q6 with no target. Hand-worked: 11 events
 *   q1 01-01: 190 RUSGOV>UKRGOV, 051 USA>RUS    q2 01-07: 193 RUSGOV>UKRGOV
 *   q3 01-08: 190, 051    q4 02-15: 190, 051, 0512 RUSMIL>UKR
 *   q5 (no date): 190, 051    q6 03-01: 010 FRA (no target)
 * Goldstein: 051 3.4, 190 and 193 -10, 010 0, 0512 none. */
BOTH(rollups_count_what_the_events_count) {
  const char *url = fresh_url(backend);
  dy_store *st = open_ok(url);
  fill_query_db(st);
  dy_store_close(&st); /* SQLite: the end of the bulk load */
  st = open_ok(url);
  dy_story *s = story("q2", 20180107);
  s->nev = 0;
  add_event(s, 0, "RUSGOV", "UKRGOV", "193");
  put_ok(st, s, 0);
  dy_story_free(&s);
  s = story("q6", 20180301);
  s->nev = 0;
  add_event(s, 0, "FRA", "", "010");
  put_ok(st, s, 0);
  dy_story_free(&s);
  dy_store_close(&st);

  st = open_ok(url);
  ASSERT_STR_EQ("2018-01-01=2;2018-01-07=1;2018-01-08=2;2018-02-15=3;2018-03-01=1;null=2;",
                group(st, DY_GROUP_DAY, NULL));
  ASSERT_STR_EQ("2018-01-01=3;2018-01-08=2;2018-02-12=3;2018-02-26=1;null=2;", group(st, DY_GROUP_WEEK, NULL));
  ASSERT_STR_EQ("2018-01=5;2018-02=3;2018-03=1;null=2;", group(st, DY_GROUP_MONTH, NULL));
  ASSERT_STR_EQ("01=1;05=5;19=5;", group(st, DY_GROUP_ROOT, NULL));
  ASSERT_STR_EQ("1=6;4=5;", group(st, DY_GROUP_QUAD, NULL));
  ASSERT_STR_EQ("FRA=1;RUSGOV=5;RUSMIL=1;USA=4;", group(st, DY_GROUP_SOURCE, NULL));
  ASSERT_STR_EQ("RUS=4;UKR=1;UKRGOV=5;null=1;", group(st, DY_GROUP_TARGET, NULL));
  ASSERT_STR_EQ("FRA-=1;RUSGOV-UKRGOV=5;RUSMIL-UKR=1;USA-RUS=4;", group(st, DY_GROUP_DYAD, NULL));
  dy_query q = {.source = "RUS"};
  ASSERT_STR_EQ("2018-01=3;2018-02=2;null=1;", group(st, DY_GROUP_MONTH, &q));
  q = (dy_query){.from = 20180101, .to = 20180131};
  ASSERT_STR_EQ("RUSGOV=3;USA=2;", group(st, DY_GROUP_SOURCE, &q));
  q = (dy_query){.from = 20180102, .to = 20180228};
  ASSERT_STR_EQ("RUSGOV=3;RUSMIL=1;USA=2;", group(st, DY_GROUP_SOURCE, &q));
  q = (dy_query){.dyad_a = "USA", .dyad_b = "RUS"};
  ASSERT_STR_EQ("2018-01=2;2018-02=1;null=1;", group(st, DY_GROUP_MONTH, &q));
  gold g = {""};
  q = (dy_query){.group = DY_GROUP_ROOT};
  ASSERT_EQ_INT(3, dy_store_query(st, &q, collect_gold, &g));
  ASSERT_STR_EQ("01:0.00/0.00;05:3.40/13.60;19:-10.00/-50.00;", g.out);
  all_groupings_same(st);

  /* and the rollups are what answered: a row only they hold shows */
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st), "INSERT INTO agg_code VALUES (20190101, 17897, '999', '99',"
                                               " 0, 1, 1, 0, 0);"
                                               "INSERT INTO agg_dyad VALUES (201901, 'ZZZ', 'YYY', 1, 1, 0, 0)"));
  ASSERT_STR_EQ("01=1;05=5;19=5;99=1;", group(st, DY_GROUP_ROOT, NULL));
  ASSERT_STR_EQ("FRA-=1;RUSGOV-UKRGOV=5;RUSMIL-UKR=1;USA-RUS=4;ZZZ-YYY=1;", group(st, DY_GROUP_DYAD, NULL));
  q = (dy_query){.raw = 1};
  ASSERT_STR_EQ("01=1;05=5;19=5;", group(st, DY_GROUP_ROOT, &q));
  dy_store_close(&st);
}

/* Deduplicated databases: mentions move between events rows as stories
 * come and go (the triggers), and each stays equal to the events'. */
BOTH(rollups_follow_deduplicated_mentions) {
  for (int mode = DY_DEDUP_STORY; mode <= DY_DEDUP_DAY; mode++) {
    const char *url = fresh_url(backend);
    dy_store *st = open_ok(url);
    dy_story *a = story3("a", 20180110, "\"AP\""), *b = story3("b", 20180110, "\"Reuters\""),
             *d = story3("d", 20180211, NULL);
    put_ok(st, a, (dy_dedup)mode);
    dy_store_close(&st);
    st = open_ok(url);
    put_ok(st, b, (dy_dedup)mode);
    put_ok(st, d, (dy_dedup)mode);
    put_ok(st, a, (dy_dedup)mode); /* again: nothing changes */
    ASSERT_EQ_INT(0, dy_store_flush(st));
    b->nev = 0;
    put_ok(st, b, (dy_dedup)mode); /* b recoded without events */
    dy_store_close(&st);
    st = open_ok(url);
    /* a: 1 event (2 mentions) on 01-10, d: 1 event (2 mentions) on 02-11 */
    keys k = {""};
    dy_query q = {.group = DY_GROUP_MONTH};
    ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_all, &k));
    ASSERT_STR_EQ("2018-01=1/2/1:-10.0:-10.000000;2018-02=1/2/1:-10.0:-10.000000;", k.out);
    all_groupings_same(st);
    /* b back: in day mode its event joins a's (mentions 4), per story its own */
    b->nev = 3;
    put_ok(st, b, (dy_dedup)mode);
    memset(&k, 0, sizeof k);
    q.raw = 0;
    dy_store_close(&st);
    st = open_ok(url);
    ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_all, &k));
    ASSERT_STR_EQ(mode == DY_DEDUP_DAY ? "2018-01=1/4/1:-10.0:-10.000000;2018-02=1/2/1:-10.0:-10.000000;"
                                       : "2018-01=2/4/1:-20.0:-10.000000;2018-02=1/2/1:-10.0:-10.000000;",
                  k.out);
    all_groupings_same(st);
    dy_store_close(&st);
    dy_story_free(&a);
    dy_story_free(&b);
    dy_story_free(&d);
    cleanup(backend);
  }
}

/* A database of schema 2 with events gets its rollups when migrated. */
BOTH(migration_fills_the_rollups) {
  const char *url = fresh_url(backend);
  char err[512];
  dy_store *st = dy_store_open_mode(url, DY_STORE_RAW, err, sizeof err);
  if (!st) test_fail(__FILE__, __LINE__, "%s", err);
  ASSERT_EQ_INT(0, dy_store_migrate(st, 2));
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st),
      "INSERT INTO events (key, event_id, story, sentence, date, day, source, target, code, root,"
      " quad_class, goldstein, mentions, sources) VALUES"
      " ('e1/a', 'a', '1', 0, 20180105, 17536, 'RUSGOV', 'UKR', '190', '19', 4, -10.0, 1, 1),"
      " ('e1/b', 'b', '1', 1, 20180105, 17536, 'USA', NULL, '051', '05', 1, 3.4, 2, 1),"
      " ('e2/c', 'c', '2', 0, NULL, NULL, 'RUSGOV', 'UKR', '0512', '05', 1, NULL, 1, 1)"));
  ASSERT_EQ_INT(0, dy_store_migrate(st, 0));
  dy_store_close(&st);
  st = open_ok(url);
  keys k = {""};
  dy_query q = {.group = DY_GROUP_ROOT};
  ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_all, &k));
  ASSERT_STR_EQ("05=2/3/1:3.4:3.400000;19=1/1/1:-10.0:-10.000000;", k.out);
  memset(&k, 0, sizeof k);
  q.group = DY_GROUP_DYAD;
  ASSERT_EQ_INT(2, dy_store_query(st, &q, collect_all, &k));
  ASSERT_STR_EQ("RUSGOV-UKR=2/2/1:-10.0:-10.000000;USA-=1/2/1:3.4:3.400000;", k.out);
  all_groupings_same(st);
  dy_store_close(&st);
}

BOTH(hostile_query_values_are_data_not_sql) {
  dy_store *st = open_ok(fresh_url(backend));
  fill_query_db(st);
  static const char *const evil[] = {
      "RUS'; DROP TABLE events; --", "' OR '1'='1", "\"; DELETE FROM stories; --", "%", "_",
      "\\", "RUS\x01", "\x7f", "?1", "$1", "RUS\xc3\xa9"};
  for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
    dy_query q = {0};
    q.source = evil[i];
    ASSERT_EQ_INT(0, n_rows(st, &q));
    q = (dy_query){0};
    q.actor = evil[i];
    q.group = DY_GROUP_DYAD;
    ASSERT_EQ_INT(0, n_rows(st, &q));
    q = (dy_query){0};
    q.root = evil[i];
    ASSERT_EQ_INT(0, n_rows(st, &q));
  }
  /* invalid UTF-8: no rows on SQLite, a clear error on PostgreSQL */
  dy_query q = {0};
  q.code = "\xff\xfe";
  long long n = dy_store_query(st, &q, NULL, NULL);
  if (backend == LITE) ASSERT_EQ_INT(0, n);
  else if (n < 0) ASSERT_CONTAINS(dy_store_error(st), "postgresql: ");
  /* 10 MB of value */
  size_t big = 10u << 20;
  char *s = malloc(big + 1);
  memset(s, 'R', big);
  s[big] = 0;
  q = (dy_query){0};
  q.source = s;
  ASSERT_EQ_INT(0, n_rows(st, &q));
  free(s);
  ASSERT_EQ_INT(11, count(st, "events"));
  ASSERT_EQ_INT(5, count(st, "stories"));
  dy_store_close(&st);
}

BOTH(hostile_story_values_are_stored_verbatim) {
  dy_store *st = open_ok(fresh_url(backend));
  const char *id = "x'); DROP TABLE stories; --";
  dy_story *s = dy_story_new();
  s->id = id;
  add_sentence(s, "He said \"'; DELETE FROM events;\" and left \\.");
  add_event(s, 0, "A'B", "C;D", "010");
  size_t big = 10u << 20;
  char *t = dy_arena_alloc(s->arena, big + 1);
  memset(t, 'x', big);
  s->ev[0].target_text = (dy_str){t, (uint32_t)big};
  put_ok(st, s, 0);
  dy_story_free(&s);
  ASSERT_EQ_INT(0, dy_store_flush(st));
  dy_query q = {0};
  q.source = "A'B";
  ev_sum e = {0};
  ASSERT_EQ_INT(1, dy_store_query(st, &q, sum_rows, &e));
  ASSERT_STR_EQ("x'); DROP TABLE stories; --", e.story);
  ASSERT_EQ_INT(1, count(st, "stories"));
  dy_store_close(&st);
}

BOTH(schema_older_than_dyad_asks_for_migrate) {
  const char *url = fresh_url(backend);
  char err[512];
  dy_store *st = dy_store_open_mode(url, DY_STORE_RAW, err, sizeof err);
  ASSERT(st);
  ASSERT_EQ_INT(0, dy_store_migrate(st, 1));
  dy_store_close(&st);
  ASSERT(dy_store_open(url, err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "run 'dyad db migrate");
  st = dy_store_open_mode(url, DY_STORE_RAW, err, sizeof err);
  ASSERT_EQ_INT(0, dy_store_migrate(st, 0));
  int v = 0;
  ASSERT_EQ_INT(0, dy_store_schema_version(st, &v));
  ASSERT_EQ_INT(dy_store_schema_latest(), v);
  ASSERT_EQ_INT(-1, dy_store_migrate(st, 99));
  dy_store_close(&st);
  st = open_ok(url);
  dy_store_close(&st);
}

BOTH(readonly_handle_refuses_writes_and_empty_db) {
  const char *url = fresh_url(backend);
  char err[512];
  if (backend == LITE) {
    FILE *f = fopen(lite_path, "w"); /* an empty file: SQLite's empty database */
    fclose(f);
  }
  ASSERT(dy_store_open_mode(url, DY_STORE_READONLY, err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "not a dyad database");
  dy_store *st = open_ok(url);
  dy_store_close(&st);
  st = dy_store_open_mode(url, DY_STORE_READONLY, err, sizeof err);
  ASSERT(st);
  dy_story *s = story("r", 20180101);
  ASSERT_EQ_INT(-1, dy_store_put_story(st, s, NULL));
  ASSERT_CONTAINS(dy_store_error(st), "read-only");
  dy_story_free(&s);
  dy_store_close(&st);
}

/* ------------------------------------------- PostgreSQL COPY text format */

/* Encodes v (n bytes; NULL = SQL NULL) as one COPY text value. */
static const char *copy_of(const char *v, size_t n, int *rc) {
  static char out[256];
  dy_copybuf b = {0};
  const char *why = NULL;
  *rc = dy_copy_value(&b, v, n, &why);
  snprintf(out, sizeof out, "%.*s", (int)b.n, b.p ? b.p : "");
  if (*rc) snprintf(out, sizeof out, "refused: %s (%zu bytes kept)", why, b.n);
  dy_copybuf_free(&b);
  return out;
}
#define COPY_AS(want, lit)                                 \
  do {                                                     \
    int rc_;                                               \
    ASSERT_STR_EQ(want, copy_of(lit, sizeof lit - 1, &rc_)); \
  } while (0)

TEST(copy_text_escapes_what_copy_reads_specially) {
  int rc;
  ASSERT_STR_EQ("\\N", copy_of(NULL, 0, &rc)); /* SQL NULL */
  ASSERT_EQ_INT(0, rc);
  COPY_AS("", "");                              /* the empty string, not NULL */
  COPY_AS("plain text", "plain text");
  COPY_AS("a\\tb", "a\tb");                     /* the column delimiter */
  COPY_AS("a\\nb", "a\nb");                     /* the row delimiter */
  COPY_AS("a\\r\\nb", "a\r\nb");
  COPY_AS("back\\\\slash", "back\\slash");
  COPY_AS("\\\\N", "\\N");                      /* the two characters, not NULL */
  COPY_AS("\\\\.", "\\.");                      /* not the end-of-data marker */
  COPY_AS("\\\\.\\n\\\\.", "\\.\n\\.");
  COPY_AS("end\\\\", "end\\");
  COPY_AS("'\";--", "'\";--");                  /* quotes mean nothing to COPY */
  COPY_AS("\x01\x1f\x7f", "\x01\x1f\x7f");      /* other controls as they are */
  COPY_AS("\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", "\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
}

TEST(copy_text_refuses_nul_and_bad_utf8) {
  COPY_AS("refused: contains a NUL byte, which PostgreSQL cannot store (0 bytes kept)", "a\0b");
  COPY_AS("refused: is not valid UTF-8 (0 bytes kept)", "ab\xff");
  COPY_AS("refused: is not valid UTF-8 (0 bytes kept)", "\xc0\xaf");         /* overlong '/' */
  COPY_AS("refused: is not valid UTF-8 (0 bytes kept)", "\xed\xa0\x80");     /* a surrogate */
  COPY_AS("refused: is not valid UTF-8 (0 bytes kept)", "\xf4\x90\x80\x80"); /* > U+10FFFF */
  COPY_AS("refused: is not valid UTF-8 (0 bytes kept)", "ok \xe4\xb8");      /* cut short */
  /* a refused value leaves what the buffer held */
  dy_copybuf b = {0};
  ASSERT_EQ_INT(0, dy_copy_value(&b, "x\t", 2, NULL));
  ASSERT_EQ_INT(-1, dy_copy_value(&b, "y\0", 2, NULL));
  ASSERT_EQ_INT(3, (int)b.n);
  ASSERT(!memcmp(b.p, "x\\t", 3));
  dy_copybuf_free(&b);
}

/* Every text column of a story with the values COPY paths get wrong, and
 * a 10 MB one; read back byte for byte. */
static const char *const hostile[] = {
    "tab\there", "new\nline", "cr\rlf\r\n", "back\\slash", "\\N", "\\.", "\\.\n\\.\n",
    "quote ' \" ` ;--", "\\\t\\n", "end\\", "\x01\x02\x1f\x7f", "\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80",
    "\t", "\n", "\\"};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static void expect_column(dy_store *st, const char *sql, const char *const *want, size_t n) {
  dy_stmt *q = dy_db_prepare(dy_store_db(st), sql);
  if (!q) test_fail(__FILE__, __LINE__, "%s: %s", sql, dy_db_error(dy_store_db(st)));
  for (size_t i = 0; i < n; i++) {
    if (dy_stmt_step(q) != DY_STEP_ROW) test_fail(__FILE__, __LINE__, "%s: row %zu missing", sql, i);
    if (!want[i]) {
      ASSERT(dy_stmt_is_null(q, 0));
      continue;
    }
    const char *got = dy_stmt_text(q, 0);
    if (strcmp(want[i], got))
      test_fail(__FILE__, __LINE__, "%s row %zu: want %zu bytes '%.40s', got %zu bytes '%.40s'", sql, i,
                strlen(want[i]), want[i], strlen(got), got);
  }
  ASSERT_EQ_INT(DY_STEP_DONE, dy_stmt_step(q));
  dy_stmt_free(&q);
}

BOTH(hostile_values_survive_the_bulk_path_byte_for_byte) {
  const char *url = fresh_url(backend);
  dy_store *st = open_ok(url);
  dy_story *before = story("plain-1", 20180101); /* neighbours in the same chunk */
  put_ok(st, before, 0);
  dy_story *s = dy_story_new();
  s->id = "id\t\\N\n\\.\r'\"";
  s->date = 20180102;
  s->origin = "\\N";
  add_field(s, "note", "\"tab\\there \\\\N \\u00e9\\nnext\"");
  for (size_t i = 0; i < NHOSTILE; i++) {
    add_sentence(s, hostile[i]);
    s->sent[i].id = dy_arena_str(s->arena, hostile[NHOSTILE - 1 - i], strlen(hostile[NHOSTILE - 1 - i]));
  }
  add_event(s, 0, "A\tB\\N", "C\nD\\", "010");
  add_event(s, 1, "E\r\\.", "", "190");
  size_t big = 10u << 20;
  char *t = dy_arena_alloc(s->arena, big + 1);
  static const char pattern[] = "\\\t\n\r'\"\\N\\.\xc3\xa9 x";
  for (size_t i = 0; i < big; i++) t[i] = pattern[i % (sizeof pattern - 1)];
  t[big] = 0;
  s->ev[0].source_text = (dy_str){t, (uint32_t)big};
  s->ev[0].target_text = DY_STR_LIT("\\.\n");
  s->ev[1].source_text = DY_STR_LIT("line\nbreak\tand \\ back");
  put_ok(st, s, 0);
  dy_story *after = story("plain-2", 20180103);
  put_ok(st, after, 0);
  ASSERT_EQ_INT(0, dy_store_close(&st));

  st = open_ok(url);
  ASSERT_EQ_INT(3, count(st, "stories"));
  ASSERT_EQ_INT(4 + NHOSTILE, count(st, "sentences"));
  ASSERT_EQ_INT(6, count(st, "events"));
  const char *ids[] = {s->id, "plain-1", "plain-2"}; /* byte order: 'i' < 'p' */
  expect_column(st, "SELECT id FROM stories ORDER BY id", ids, 3);
  const char *origin[] = {"\\N"};
  expect_column(st, "SELECT origin FROM stories WHERE id LIKE 'id%'", origin, 1);
  const char *note[] = {"tab\there \\N \xc3\xa9\nnext"};
  expect_column(st, backend == LITE ? "SELECT json_extract(fields, '$.note') FROM stories WHERE id LIKE 'id%'"
                                    : "SELECT fields->>'note' FROM stories WHERE id LIKE 'id%'",
                note, 1);
  const char *text[NHOSTILE], *sid[NHOSTILE];
  for (size_t i = 0; i < NHOSTILE; i++) {
    text[i] = hostile[i];
    sid[i] = hostile[NHOSTILE - 1 - i];
  }
  expect_column(st, "SELECT text FROM sentences WHERE story LIKE 'id%' ORDER BY idx", text, NHOSTILE);
  expect_column(st, "SELECT sentence_id FROM sentences WHERE story LIKE 'id%' ORDER BY idx", sid, NHOSTILE);
  const char *sources[] = {"A\tB\\N", "E\r\\."}, *targets[] = {"C\nD\\", NULL};
  expect_column(st, "SELECT source FROM events WHERE story LIKE 'id%' ORDER BY sentence", sources, 2);
  expect_column(st, "SELECT target FROM events WHERE story LIKE 'id%' ORDER BY sentence", targets, 2);
  const char *st_text[] = {t, "line\nbreak\tand \\ back"}, *tt_text[] = {"\\.\n", NULL};
  expect_column(st, "SELECT source_text FROM events WHERE story LIKE 'id%' ORDER BY sentence", st_text, 2);
  expect_column(st, "SELECT target_text FROM events WHERE story LIKE 'id%' ORDER BY sentence", tt_text, 2);
  /* the neighbours' rows are whole */
  const char *plain[] = {"Russia attacked Ukraine.", "The US praised Russia.", "Russia attacked Ukraine.",
                         "The US praised Russia."};
  expect_column(st, "SELECT text FROM sentences WHERE story LIKE 'plain%' ORDER BY story, idx", plain, 4);
  /* the rollups counted the hostile actors like any other */
  dy_query q = {.source = "A\tB"};
  ASSERT_EQ_INT(1, n_rows(st, &q));
  all_groupings_same(st);
  dy_store_close(&st);
  /* storing it again replaces it: nothing added */
  st = open_ok(url);
  put_ok(st, s, 0);
  ASSERT_EQ_INT(0, dy_store_close(&st));
  st = open_ok(url);
  ASSERT_EQ_INT(3, count(st, "stories"));
  ASSERT_EQ_INT(6, count(st, "events"));
  all_groupings_same(st);
  dy_store_close(&st);
  dy_story_free(&s);
  dy_story_free(&before);
  dy_story_free(&after);
}

/* PostgreSQL cannot store NUL or invalid UTF-8: the story is refused at
 * put, whole, and the stories around it in the same chunk are stored. */
TEST(pg_nul_and_bad_utf8_refuse_the_story_alone_pg) {
  const char *url = fresh_url(PG);
  dy_store *st = open_ok(url);
  dy_story *ok1 = story("ok1", 20180101);
  put_ok(st, ok1, 0);
  dy_story_free(&ok1);
  static const struct { const char *what, *v; size_t n; const char *why; } bad[] = {
      {"sentence", "a\0b", 3, "its sentence text contains a NUL byte"},
      {"source_text", "x\xff", 2, "its source text is not valid UTF-8"},
      {"target_text", "\xed\xa0\x80", 3, "its target text is not valid UTF-8"},
      {"id", "bad\xc0\xaf", 5, "its story id is not valid UTF-8"},
  };
  dy_store_opts o = {0, 0};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dy_story *s = story("bad", 20180102);
    if (!strcmp(bad[i].what, "sentence")) s->sent[1].text = (dy_str){bad[i].v, (uint32_t)bad[i].n};
    if (!strcmp(bad[i].what, "source_text")) s->ev[1].source_text = (dy_str){bad[i].v, (uint32_t)bad[i].n};
    if (!strcmp(bad[i].what, "target_text")) s->ev[0].target_text = (dy_str){bad[i].v, (uint32_t)bad[i].n};
    if (!strcmp(bad[i].what, "id")) s->id = bad[i].v;
    ASSERT_EQ_INT(-1, dy_store_put_story(st, s, &o));
    ASSERT_CONTAINS(dy_store_error(st), "not stored");
    ASSERT_CONTAINS(dy_store_error(st), bad[i].why);
    dy_story_free(&s);
  }
  dy_story *ok2 = story("ok2", 20180103);
  put_ok(st, ok2, 0);
  dy_story_free(&ok2);
  ASSERT_EQ_INT(0, dy_store_close(&st));
  st = open_ok(url);
  ASSERT_EQ_INT(2, count(st, "stories"));
  ASSERT_EQ_INT(4, count(st, "sentences"));
  ASSERT_EQ_INT(4, count(st, "events"));
  all_groupings_same(st);
  dy_store_close(&st);
}

/* A story the server refuses inside a chunk of many (deduplicated, so the
 * triggers and the recounts run): the chunk is replayed story by story;
 * that story alone is lost and the rollups stay what the events say. */
TEST(pg_refused_story_in_a_big_chunk_costs_only_itself_pg) {
  const char *url = fresh_url(PG);
  dy_store *st = open_ok(url);
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st), "ALTER TABLE sentences ADD CONSTRAINT boom"
                                               " CHECK (text <> 'refuse me')"));
  dy_store_opts o = {DY_DEDUP_DAY, 0};
  for (int i = 0; i < 500; i++) {
    char id[16];
    snprintf(id, sizeof id, "c%03d", i);
    dy_story *s = story3(id, 20180110 + i % 3, i % 2 ? "\"AP\"" : "\"Reuters\"");
    if (i == 250) add_sentence(s, "refuse me");
    if (dy_store_put_story(st, s, &o) != 0) test_fail(__FILE__, __LINE__, "put: %s", dy_store_error(st));
    dy_story_free(&s);
  }
  FILE *diag = tmpfile();
  dy_diag_set_stream(diag);
  ASSERT_EQ_INT(0, dy_store_close(&st));
  dy_diag_set_stream(stderr);
  char said[512] = "";
  rewind(diag);
  said[fread(said, 1, sizeof said - 1, diag)] = 0;
  fclose(diag);
  ASSERT_CONTAINS(said, "story c250 not stored");
  ASSERT_CONTAINS(said, "boom");
  st = open_ok(url);
  ASSERT_EQ_INT(499, count(st, "stories"));
  ASSERT_EQ_INT(3, count(st, "events"));          /* one per day */
  ASSERT_EQ_INT(499 * 2, count(st, "mentions"));
  dy_query q = {0};
  ev_sum e = {0};
  ASSERT_EQ_INT(3, dy_store_query(st, &q, sum_rows, &e));
  ASSERT_EQ_INT(499 * 2, e.mentions);
  ASSERT_EQ_INT(6, e.sources); /* AP and Reuters each day */
  all_groupings_same(st);
  dy_store_close(&st);
}

/* ------------------------------------------------------ SQLite failures */

TEST(sqlite_full_database_keeps_committed_stories) {
  const char *url = fresh_url(LITE);
  dy_store *st = open_ok(url);
  ASSERT_EQ_INT(0, dy_db_exec(dy_store_db(st), "PRAGMA max_page_count = 40"));
  dy_store_opts o = {0, 1}; /* commit every story */
  int stored = 0, rc = 0;
  char big[2000];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = 0;
  for (int i = 0; i < 1000 && rc == 0; i++) {
    char id[16];
    snprintf(id, sizeof id, "f%d", i);
    dy_story *s = story(id, 20180101);
    add_sentence(s, big);
    rc = dy_store_put_story(st, s, &o);
    if (rc == 0) stored++;
    dy_story_free(&s);
  }
  ASSERT_EQ_INT(-1, rc);
  ASSERT_CONTAINS(dy_store_error(st), "full");
  ASSERT(stored > 0);
  dy_store_close(&st);
  st = open_ok(url);
  ASSERT_EQ_INT(stored, count(st, "stories"));
  ASSERT_EQ_INT(stored * 3, count(st, "sentences"));
  ASSERT_EQ_INT(stored * 2, count(st, "events"));
  dy_store_close(&st);
  cleanup(LITE);
}

TEST(sqlite_corrupt_file_is_a_clear_error) {
  fresh_url(LITE);
  FILE *f = fopen(lite_path, "w");
  for (int i = 0; i < 1000; i++) fputs("this is not an sqlite database ", f);
  fclose(f);
  char err[512];
  ASSERT(dy_store_open(lite_path, err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "corrupt or not a database");
  ASSERT(dy_store_open_mode(lite_path, DY_STORE_READONLY, err, sizeof err) == NULL);
  ASSERT_CONTAINS(err, "corrupt or not a database");
  cleanup(LITE);
}

TEST(sqlite_batch_commits_on_close_and_flush) {
  const char *url = fresh_url(LITE);
  dy_store *st = open_ok(url);
  dy_store_opts o = {0, 3};
  char err[512];
  for (int i = 0; i < 7; i++) {
    char id[16];
    snprintf(id, sizeof id, "b%d", i);
    dy_story *s = story(id, 20180101);
    ASSERT_EQ_INT(0, dy_store_put_story(st, s, &o));
    dy_story_free(&s);
    /* another connection sees only whole batches */
    dy_store *r = dy_store_open_mode(url, DY_STORE_READONLY, err, sizeof err);
    ASSERT(r);
    ASSERT_EQ_INT((i + 1) / 3 * 3, count(r, "stories"));
    dy_store_close(&r);
  }
  ASSERT_EQ_INT(0, dy_store_close(&st));
  st = open_ok(url);
  ASSERT_EQ_INT(7, count(st, "stories"));
  dy_store_close(&st);
  cleanup(LITE);
}
