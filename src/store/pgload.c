/* The PostgreSQL bulk writer (see store.h, "Bulk load (PostgreSQL)").
 *
 * Stories are not sent one by one: their rows are encoded in COPY text
 * format into three client buffers (stories, sentences, events), and a
 * chunk of thousands of stories goes to the server at once — three COPYs
 * into session temp tables (dy_s_*), then one set-based script that does
 * what the per-story statements did (delete what the chunk's stories held,
 * upsert, insert, rollups), inside a savepoint of the caller's
 * transaction. A story the server refuses (a constraint, an index row too
 * long) makes the script fail; then the chunk is replayed story by story,
 * each in its own savepoint, so that only that story is lost, as with the
 * per-story path. Values are checked before they are buffered (PostgreSQL
 * text holds no NUL and only valid UTF-8): a bad story is refused at
 * put, and never fails a COPY. */
#include "store/store.h"
#include "text/text.h"

#include <libpq-fe.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ COPY encoding */

static void buf_need(dy_copybuf *b, size_t more) {
  if (b->n + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->n + more) cap *= 2;
  b->p = dy_xrealloc(b->p, cap);
  b->cap = cap;
}

void dy_copybuf_free(dy_copybuf *b) {
  free(b->p);
  *b = (dy_copybuf){0};
}

/* A value PostgreSQL text can hold: no NUL, valid UTF-8 (the text front
 * end's validator: the same overlong, surrogate and U+10FFFF rules as the
 * server's encoding check). The earlier fault names the value. */
static const char *copy_fault(const char *p, size_t n) {
  size_t bad;
  const char *nul = memchr(p, 0, n);
  size_t at_nul = nul ? (size_t)(nul - p) : n;
  if (dy_utf8_validate(p, at_nul, &bad) == 0) bad = n;
  if (at_nul < n && at_nul <= bad) return "contains a NUL byte, which PostgreSQL cannot store";
  return bad < n ? "is not valid UTF-8" : NULL;
}

int dy_copy_value(dy_copybuf *b, const char *p, size_t n, const char **why) {
  if (!p) {
    buf_need(b, 2);
    memcpy(b->p + b->n, "\\N", 2);
    b->n += 2;
    return 0;
  }
  const char *fault = copy_fault(p, n);
  if (fault) {
    if (why) *why = fault;
    return -1;
  }
  /* Worst case every byte doubles (all backslashes). */
  buf_need(b, 2 * n);
  char *o = b->p + b->n;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    switch (c) {
    case '\\': *o++ = '\\'; *o++ = '\\'; break;
    case '\t': *o++ = '\\'; *o++ = 't'; break;
    case '\n': *o++ = '\\'; *o++ = 'n'; break;
    case '\r': *o++ = '\\'; *o++ = 'r'; break;
    default: *o++ = c;
    }
  }
  b->n = (size_t)(o - b->p);
  return 0;
}

void dy_copy_int(dy_copybuf *b, long long v) {
  buf_need(b, 24);
  b->n += (size_t)snprintf(b->p + b->n, 24, "%lld", v);
}

void dy_copy_double(dy_copybuf *b, double v) {
  buf_need(b, 32);
  b->n += (size_t)snprintf(b->p + b->n, 32, "%.17g", v);
}

void dy_copy_char(dy_copybuf *b, char c) {
  buf_need(b, 1);
  b->p[b->n++] = c;
}

/* ------------------------------------------------------------ staging */

/* The session's staging tables (temp: private to the connection, gone
 * with it), and their copies for a story-by-story replay. */
static const char staging_sql[] =
    /* Compiling plans costs more than these statements' work, whose
     * estimates (ranges per story) are too pessimistic. */
    "SET jit = off;"
    "CREATE TEMP TABLE IF NOT EXISTS dy_s_story (seq INTEGER, id TEXT COLLATE \"C\", date TEXT,"
    " origin TEXT, source TEXT, fields TEXT);"
    "CREATE TEMP TABLE IF NOT EXISTS dy_s_sent (seq INTEGER, story TEXT COLLATE \"C\", idx INTEGER,"
    " text TEXT, sentence_id TEXT);"
    "CREATE TEMP TABLE IF NOT EXISTS dy_s_event (seq INTEGER, ord INTEGER, key TEXT COLLATE \"C\","
    " event_id TEXT, story TEXT COLLATE \"C\", sentence INTEGER, date INTEGER, day INTEGER,"
    " source TEXT COLLATE \"C\", target TEXT COLLATE \"C\", code TEXT COLLATE \"C\","
    " root TEXT COLLATE \"C\", quad_class INTEGER, goldstein DOUBLE PRECISION, plover TEXT,"
    " source_text TEXT, target_text TEXT, msource TEXT)";

#define EV_COLS                                                                                 \
  "key, event_id, story, sentence, date, day, source, target, code, root, quad_class,"          \
  " goldstein, plover, source_text, target_text"
#define AGG_UPD(t)                                                                              \
  " DO UPDATE SET n = " t ".n + excluded.n, mentions = " t ".mentions + excluded.mentions,"   \
  " gn = " t ".gn + excluded.gn, g10 = " t ".g10 + excluded.g10"
#define SUMS " count(*), sum(mentions), count(goldstein)," \
             " COALESCE(sum(CAST(round(goldstein * 10) AS BIGINT)), 0) FROM ins GROUP BY "
#define CODE3 "code, COALESCE(root, ''), COALESCE(quad_class, 0)"

/* Removing what the chunk's stories held: a few index probes per story
 * into tables of millions of rows. The planner, which knows nothing of
 * the staging tables' contents, may choose to hash or merge-join a scan
 * of the whole table instead (seen: every events row per chunk): so
 * these statements run with only nested loops allowed. */
#define PROBE_ON "SET enable_hashjoin = off; SET enable_mergejoin = off;"
#define PROBE_OFF "RESET enable_hashjoin; RESET enable_mergejoin;"

/* The chunk's stories: their sentences go, their header is upserted. */
#define STORIES_SQL                                                                             \
  "DELETE FROM sentences x USING dy_s_story s WHERE x.story = s.id;" PROBE_OFF                  \
  "INSERT INTO stories (id, date, origin, source, fields)"                                      \
  " SELECT id, date, origin, source, CAST(fields AS JSONB) FROM dy_s_story"                      \
  " ON CONFLICT (id) DO UPDATE SET date = excluded.date, origin = excluded.origin,"             \
  " source = excluded.source, fields = excluded.fields;"                                        \
  "INSERT INTO sentences (story, idx, text, sentence_id)"                                       \
  " SELECT story, idx, text, sentence_id FROM dy_s_sent;"

/* --dedup none: events keyed "e" story "/" id (16 hex digits), so a
 * story's rows are the keys of its range that are as long as its own
 * (longer ones belong to ids it prefixes, "a/b" for "a"); no equality on
 * story, which would let the planner hash-join a scan of all events.
 * The new rows' rollup sums in the same statement (no trigger counts "e"
 * keys: see store.c). */
static const char none_sql[] =
    PROBE_ON
    "DELETE FROM events e USING dy_s_story s WHERE e.key >= 'e' || s.id || '/'"
    " AND e.key < 'e' || s.id || '0' AND length(e.key) - length(s.id) = 18;"
    STORIES_SQL
    "WITH ins AS (INSERT INTO events (" EV_COLS ", mentions, sources)"
    " SELECT " EV_COLS ", 1, 1 FROM dy_s_event ON CONFLICT (key) DO NOTHING"
    " RETURNING date, day, source, target, code, root, quad_class, goldstein, mentions),"
    " a AS (INSERT INTO agg_code (date, day, code, root, quad, n, mentions, gn, g10)"
    " SELECT COALESCE(date, 0), COALESCE(day, 0), " CODE3 "," SUMS
    "COALESCE(date, 0), COALESCE(day, 0), " CODE3 " ON CONFLICT (date, code)" AGG_UPD("agg_code") "),"
    " b AS (INSERT INTO agg_source (month, source, code, root, quad, n, mentions, gn, g10)"
    " SELECT COALESCE(date / 100, 0), source, " CODE3 "," SUMS
    "COALESCE(date / 100, 0), source, " CODE3 " ON CONFLICT (month, source, code)" AGG_UPD("agg_source") "),"
    " c AS (INSERT INTO agg_target (month, target, code, root, quad, n, mentions, gn, g10)"
    " SELECT COALESCE(date / 100, 0), COALESCE(target, ''), " CODE3 "," SUMS
    "COALESCE(date / 100, 0), COALESCE(target, ''), " CODE3 " ON CONFLICT (month, target, code)"
    AGG_UPD("agg_target") ")"
    " INSERT INTO agg_dyad (month, source, target, n, mentions, gn, g10)"
    " SELECT COALESCE(date / 100, 0), source, COALESCE(target, '')," SUMS
    "COALESCE(date / 100, 0), source, COALESCE(target, '') ON CONFLICT (month, source, target)"
    AGG_UPD("agg_dyad") ";";

/* --dedup story/day: what store.c's per-story statements do, for the
 * whole chunk. The other stories' mentions of the keys the chunk's
 * stories reported are recounted, represented by their first (story,
 * sentence), and keys left without mentions go; then the chunk's mentions
 * and events (one row per key: its first mention in put order, mentions
 * counted) go in. The rollups follow by the PostgreSQL triggers. */
#define IN_CHUNK(col) col " IN (SELECT id FROM dy_s_story)" /* a hashed subplan */
#define CHUNK_KEYS "(SELECT m2.key FROM mentions m2 JOIN dy_s_story s ON m2.story = s.id)"
static const char dedup_sql[] =
    PROBE_ON
    "UPDATE events e SET mentions = c.n, sources = c.ns FROM"
    " (SELECT o.key, count(m.key) AS n, count(DISTINCT m.source) AS ns"
    "  FROM (SELECT DISTINCT key FROM " CHUNK_KEYS " k) o"
    "  LEFT JOIN mentions m ON m.key = o.key AND NOT " IN_CHUNK("m.story") " GROUP BY o.key) c"
    " WHERE e.key = c.key;"
    "UPDATE events e SET event_id = f.event_id, sentence = f.sentence, story = f.story FROM"
    " (SELECT DISTINCT ON (m.key) m.key, m.event_id, m.sentence, m.story FROM mentions m"
    "  WHERE m.key IN " CHUNK_KEYS " AND NOT " IN_CHUNK("m.story")
    "  ORDER BY m.key, m.story, m.sentence) f"
    " WHERE e.key = f.key AND e.mentions > 0 AND " IN_CHUNK("e.story") ";"
    "DELETE FROM events WHERE mentions = 0 AND key IN " CHUNK_KEYS ";"
    "DELETE FROM mentions m USING dy_s_story s WHERE m.story = s.id;"
    STORIES_SQL
    "INSERT INTO mentions (story, event_id, key, sentence, source)"
    " SELECT story, event_id, key, sentence, msource FROM dy_s_event"
    " ON CONFLICT (story, event_id) DO NOTHING;"
    "INSERT INTO events (" EV_COLS ", mentions, sources)"
    " SELECT v.key, v.event_id, v.story, v.sentence, v.date, v.day, v.source, v.target, v.code,"
    " v.root, v.quad_class, v.goldstein, v.plover, v.source_text, v.target_text, g.n,"
    " CASE WHEN g.n = 1 THEN 1 ELSE g.ns END"
    " FROM (SELECT key, min(ord) AS first, count(*) AS n, count(DISTINCT msource) AS ns"
    "  FROM dy_s_event GROUP BY key) g JOIN dy_s_event v ON v.ord = g.first"
    " ON CONFLICT (key) DO UPDATE SET mentions = events.mentions + excluded.mentions,"
    " sources = (SELECT count(DISTINCT m.source) FROM mentions m WHERE m.key = excluded.key);";

static const char truncate_sql[] = "TRUNCATE dy_s_story, dy_s_sent, dy_s_event";
/* For one story's rows: cheaper than TRUNCATE's new files per table. */
static const char delete_sql[] = "DELETE FROM dy_s_story; DELETE FROM dy_s_sent; DELETE FROM dy_s_event";

/* ------------------------------------------------------------- writer */

typedef struct {
  char *id, *origin; /* copies, for the replay and its messages */
  long line;
  uint32_t nev;
} chunk_story;

struct dy_pgload {
  dy_db *db;
  dy_copybuf buf[3];     /* stories, sentences, events: rows in COPY text format */
  size_t mark[3];        /* where the current story's rows begin */
  chunk_story *story;    /* the chunk's stories, in put order */
  uint32_t n, cap;
  uint32_t *slot;        /* open addressing over story ids: index + 1, 0 = free */
  uint32_t nslot;
  uint32_t ord;          /* events buffered in the chunk */
  const char *bad;       /* why the current story's value was refused */
  const char *bad_what;
  long long refused, refused_events;
  char err[1100];
};

static const char *const copy_sql[3] = {"COPY dy_s_story FROM STDIN", "COPY dy_s_sent FROM STDIN",
                                        "COPY dy_s_event FROM STDIN"};

dy_pgload *dy_pgload_new(dy_db *db) {
  dy_pgload *pl = dy_xcalloc(1, sizeof *pl);
  pl->db = db;
  return pl;
}

static void clear_chunk(dy_pgload *pl) {
  for (uint32_t i = 0; i < pl->n; i++) {
    free(pl->story[i].id);
    free(pl->story[i].origin);
  }
  pl->n = 0;
  pl->ord = 0;
  if (pl->slot) memset(pl->slot, 0, pl->nslot * sizeof *pl->slot);
  for (int t = 0; t < 3; t++) pl->buf[t].n = 0;
}

void dy_pgload_free(dy_pgload **ppl) {
  dy_pgload *pl = *ppl;
  if (!pl) return;
  clear_chunk(pl);
  for (int t = 0; t < 3; t++) dy_copybuf_free(&pl->buf[t]);
  free(pl->story);
  free(pl->slot);
  free(pl);
  *ppl = NULL;
}

const char *dy_pgload_error(const dy_pgload *pl) { return pl->err; }
uint32_t dy_pgload_stories(const dy_pgload *pl) { return pl->n; }
size_t dy_pgload_bytes(const dy_pgload *pl) { return pl->buf[0].n + pl->buf[1].n + pl->buf[2].n; }
long long dy_pgload_refused(const dy_pgload *pl, long long *events) {
  if (events) *events = pl->refused_events;
  return pl->refused;
}
void dy_pgload_discard(dy_pgload *pl) { clear_chunk(pl); }

static uint32_t *find_slot(const dy_pgload *pl, const char *id) {
  uint32_t mask = pl->nslot - 1;
  for (uint32_t h = (uint32_t)dy_hash64(id, strlen(id), DY_HASH_SEED) & mask;; h = (h + 1) & mask) {
    uint32_t v = pl->slot[h];
    if (!v || !strcmp(pl->story[v - 1].id, id)) return &pl->slot[h];
  }
}

int dy_pgload_has(const dy_pgload *pl, const char *id) { return pl->nslot && *find_slot(pl, id) != 0; }

static void add_slot(dy_pgload *pl, uint32_t index) {
  if (2 * (pl->n + 1) > pl->nslot) {
    free(pl->slot);
    pl->nslot = pl->nslot ? 2 * pl->nslot : 1024;
    pl->slot = dy_xcalloc(pl->nslot, sizeof *pl->slot);
    for (uint32_t i = 0; i < pl->n; i++)
      if (i != index) *find_slot(pl, pl->story[i].id) = i + 1;
  }
  *find_slot(pl, pl->story[index].id) = index + 1;
}

/* One value of the current story: a field separator before it unless it
 * starts the row. A refused value marks the story bad (end drops it). */
static void put_val(dy_pgload *pl, int t, const char *what, const char *p, size_t n, int first) {
  if (!first) dy_copy_char(&pl->buf[t], '\t');
  const char *why = NULL;
  if (dy_copy_value(&pl->buf[t], p, n, &why) != 0 && !pl->bad) {
    pl->bad = why;
    pl->bad_what = what;
  }
}

static void put_int(dy_pgload *pl, int t, long long v, int present) {
  dy_copy_char(&pl->buf[t], '\t');
  if (present) dy_copy_int(&pl->buf[t], v);
  else dy_copy_value(&pl->buf[t], NULL, 0, NULL);
}

static void put_cstr(dy_pgload *pl, int t, const char *what, const char *v) {
  put_val(pl, t, what, v, v ? strlen(v) : 0, 0);
}

void dy_pgload_story(dy_pgload *pl, const dy_story *s, const char *date, const char *source,
                     const char *fields) {
  for (int t = 0; t < 3; t++) pl->mark[t] = pl->buf[t].n;
  pl->bad = NULL;
  if (pl->n == pl->cap) {
    pl->cap = pl->cap ? 2 * pl->cap : 1024;
    pl->story = dy_xrealloc(pl->story, pl->cap * sizeof *pl->story);
  }
  pl->story[pl->n] = (chunk_story){dy_xstrdup(s->id), s->origin ? dy_xstrdup(s->origin) : NULL,
                                   s->line, 0};
  dy_copy_int(&pl->buf[0], pl->n);
  put_cstr(pl, 0, "story id", s->id);
  put_cstr(pl, 0, "date", date);
  put_cstr(pl, 0, "origin", s->origin);
  put_cstr(pl, 0, "source", source);
  put_cstr(pl, 0, "fields", fields);
  dy_copy_char(&pl->buf[0], '\n');
}

void dy_pgload_sentence(dy_pgload *pl, uint32_t idx, dy_str text, dy_str id) {
  dy_copybuf *b = &pl->buf[1];
  const chunk_story *cs = &pl->story[pl->n];
  dy_copy_int(b, pl->n);
  put_cstr(pl, 1, "story id", cs->id);
  put_int(pl, 1, idx, 1);
  put_val(pl, 1, "sentence text", text.n ? text.p : NULL, text.n, 0);
  put_val(pl, 1, "sentence id", id.n ? id.p : NULL, id.n, 0);
  dy_copy_char(b, '\n');
}

void dy_pgload_event(dy_pgload *pl, const dy_pgload_row *r) {
  dy_copybuf *b = &pl->buf[2];
  const dy_event *e = r->ev;
  const dy_code_info *ci = r->ci;
  int known = r->date != 0;
  dy_copy_int(b, pl->n);
  put_int(pl, 2, pl->ord++, 1);
  put_cstr(pl, 2, "event key", r->key);
  put_cstr(pl, 2, "event id", r->event_id);
  put_cstr(pl, 2, "story id", pl->story[pl->n].id);
  put_int(pl, 2, e->sentence, 1);
  put_int(pl, 2, r->date, known);
  put_int(pl, 2, known ? dy_date_to_days(r->date) : 0, known);
  put_cstr(pl, 2, "source", e->source);
  put_cstr(pl, 2, "target", e->target[0] ? e->target : NULL);
  put_cstr(pl, 2, "code", e->code);
  put_cstr(pl, 2, "root", ci->root[0] ? ci->root : NULL);
  put_int(pl, 2, ci->quad, ci->quad != 0);
  dy_copy_char(b, '\t');
  if (ci->has_goldstein) dy_copy_double(b, ci->goldstein);
  else dy_copy_value(b, NULL, 0, NULL);
  put_cstr(pl, 2, "plover", ci->plover);
  put_val(pl, 2, "source text", e->source_text.n ? e->source_text.p : NULL, e->source_text.n, 0);
  put_val(pl, 2, "target text", e->target_text.n ? e->target_text.p : NULL, e->target_text.n, 0);
  put_cstr(pl, 2, "news source", r->msource);
  dy_copy_char(b, '\n');
  pl->story[pl->n].nev++;
}

int dy_pgload_end(dy_pgload *pl) {
  chunk_story *cs = &pl->story[pl->n];
  if (pl->bad) {
    snprintf(pl->err, sizeof pl->err, "postgresql: its %s %s", pl->bad_what, pl->bad);
    for (int t = 0; t < 3; t++) pl->buf[t].n = pl->mark[t];
    pl->ord -= cs->nev;
    free(cs->id);
    free(cs->origin);
    pl->bad = NULL;
    return -1;
  }
  add_slot(pl, pl->n);
  pl->n++;
  return 0;
}

/* ------------------------------------------------------------ sending */

static int fail(dy_pgload *pl) {
  snprintf(pl->err, sizeof pl->err, "%s", dy_db_error(pl->db));
  return -1;
}

static int exec(dy_pgload *pl, const char *sql) { return dy_db_exec(pl->db, sql) == 0 ? 0 : fail(pl); }

/* The set-based script of the mode between SAVEPOINT name and RELEASE. */
static int run_script(dy_pgload *pl, dy_dedup mode, const char *name, const char *empty) {
  const char *body = mode == DY_DEDUP_NONE ? none_sql : dedup_sql;
  size_t n = strlen(body) + 300;
  char *sql = dy_xmalloc(n);
  snprintf(sql, n, "SAVEPOINT %s;%s%s;RELEASE SAVEPOINT %s", name, body, empty, name);
  int rc = dy_db_exec(pl->db, sql);
  free(sql);
  if (rc == 0) return 0;
  fail(pl);
  snprintf(sql = dy_xmalloc(200), 200, "ROLLBACK TO SAVEPOINT %s; RELEASE SAVEPOINT %s", name, name);
  rc = dy_db_exec(pl->db, sql);
  free(sql);
  return rc == 0 ? 1 : -1; /* 1: the script failed, the transaction is fine */
}

/* Stores stories [lo, hi) of the chunk from the copies of the staging
 * tables; when the server refuses them, halves the range and tries each
 * half (in order: earlier stories stay first), down to single stories,
 * which are reported and counted. A chunk with one bad story of n takes
 * about 2 log2 n runs of the script, not n. failed: this range's script
 * is known to fail already (the whole chunk's did). */
static int bisect(dy_pgload *pl, dy_dedup mode, uint32_t lo, uint32_t hi, int failed) {
  if (!failed) {
    char sql[400];
    snprintf(sql, sizeof sql, /* numbers of ours, not input */
             "INSERT INTO dy_s_story SELECT * FROM dy_f_story WHERE seq >= %u AND seq < %u;"
             "INSERT INTO dy_s_sent SELECT * FROM dy_f_sent WHERE seq >= %u AND seq < %u;"
             "INSERT INTO dy_s_event SELECT * FROM dy_f_event WHERE seq >= %u AND seq < %u",
             lo, hi, lo, hi, lo, hi);
    if (exec(pl, sql)) return -1;
    int rc = run_script(pl, mode, "dy_part", delete_sql);
    if (rc <= 0) return rc;
    if (exec(pl, delete_sql)) return -1;
  }
  if (hi - lo == 1) {
    const chunk_story *cs = &pl->story[lo];
    dy_diag(DY_ERROR, cs->origin, cs->line, "story %s not stored: %s", cs->id, pl->err);
    pl->refused++;
    pl->refused_events += cs->nev;
    return 0;
  }
  uint32_t mid = lo + (hi - lo) / 2;
  return bisect(pl, mode, lo, mid, 0) || bisect(pl, mode, mid, hi, 0) ? -1 : 0;
}

/* After the chunk's script failed: the chunk again, in parts. */
static int replay(dy_pgload *pl, dy_dedup mode) {
  if (exec(pl, "CREATE TEMP TABLE dy_f_story AS SELECT * FROM dy_s_story;"
               "CREATE TEMP TABLE dy_f_sent AS SELECT * FROM dy_s_sent;"
               "CREATE TEMP TABLE dy_f_event AS SELECT * FROM dy_s_event;"
               "CREATE INDEX ON dy_f_story (seq); CREATE INDEX ON dy_f_sent (seq);"
               "CREATE INDEX ON dy_f_event (seq);") ||
      exec(pl, delete_sql) || bisect(pl, mode, 0, pl->n, 1))
    return -1;
  return exec(pl, "DROP TABLE dy_f_story, dy_f_sent, dy_f_event");
}

static int copy_in(dy_pgload *pl) {
  for (int t = 0; t < 3; t++)
    if (dy_db_copy(pl->db, copy_sql[t], pl->buf[t].p, pl->buf[t].n) != 0) return fail(pl);
  return 0;
}

int dy_pgload_send(dy_pgload *pl, dy_dedup mode) {
  if (!pl->n) return 0;
  int rc = exec(pl, staging_sql);
  if (rc == 0) rc = copy_in(pl);
  if (rc == 0) {
    rc = run_script(pl, mode, "dy_chunk", truncate_sql);
    if (rc > 0) rc = replay(pl, mode);
  }
  clear_chunk(pl);
  return rc;
}
