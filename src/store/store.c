/* The event store: schema and migrations, and storing stories (see
 * store.h for the model: mentions, deduplication, batching). */
#include "store/store.h"
#include "cameo/cameo.h"
#include "output/output.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- schema */

/* Migrations: version i+1 is migrations[i]. The same logical schema on
 * both backends; PostgreSQL gets byte-order ("C") collation on the code
 * columns so that prefix ranges work, and jsonb for the fields. Append new
 * versions at the end; never edit one that has shipped. */
static const char *const lite_migrations[] = {
    "CREATE TABLE stories (id TEXT PRIMARY KEY, date TEXT, origin TEXT, source TEXT, fields TEXT)"
    " WITHOUT ROWID;"
    "CREATE TABLE sentences (story TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT,"
    " sentence_id TEXT, PRIMARY KEY (story, idx)) WITHOUT ROWID;"
    "CREATE TABLE events (key TEXT PRIMARY KEY, event_id TEXT NOT NULL, story TEXT NOT NULL,"
    " sentence INTEGER NOT NULL, date INTEGER, day INTEGER, source TEXT NOT NULL, target TEXT,"
    " code TEXT NOT NULL, root TEXT, quad_class INTEGER, goldstein REAL, plover TEXT,"
    " source_text TEXT, target_text TEXT, mentions INTEGER NOT NULL, sources INTEGER NOT NULL);"
    "CREATE TABLE mentions (story TEXT NOT NULL, event_id TEXT NOT NULL, key TEXT NOT NULL,"
    " sentence INTEGER NOT NULL, source TEXT, PRIMARY KEY (story, event_id)) WITHOUT ROWID;"
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);",
    "CREATE INDEX events_cover ON events (date, day, root, quad_class, source, target, code,"
    " goldstein, mentions);"
    "CREATE INDEX events_source ON events (source, date);"
    "CREATE INDEX events_target ON events (target, date);"
    "CREATE INDEX mentions_key ON mentions (key, source);",
};

static const char *const pg_migrations[] = {
    "CREATE TABLE stories (id TEXT COLLATE \"C\" PRIMARY KEY, date TEXT, origin TEXT, source TEXT,"
    " fields JSONB);"
    "CREATE TABLE sentences (story TEXT COLLATE \"C\" NOT NULL, idx INTEGER NOT NULL, text TEXT,"
    " sentence_id TEXT, PRIMARY KEY (story, idx));"
    "CREATE TABLE events (key TEXT COLLATE \"C\" PRIMARY KEY, event_id TEXT NOT NULL,"
    " story TEXT COLLATE \"C\" NOT NULL, sentence INTEGER NOT NULL, date INTEGER,"
    " day INTEGER, source TEXT COLLATE \"C\" NOT NULL, target TEXT COLLATE \"C\","
    " code TEXT COLLATE \"C\" NOT NULL, root TEXT COLLATE \"C\", quad_class INTEGER,"
    " goldstein DOUBLE PRECISION, plover TEXT, source_text TEXT, target_text TEXT,"
    " mentions INTEGER NOT NULL, sources INTEGER NOT NULL);"
    "CREATE TABLE mentions (story TEXT COLLATE \"C\" NOT NULL, event_id TEXT COLLATE \"C\" NOT NULL,"
    " key TEXT COLLATE \"C\" NOT NULL, sentence INTEGER NOT NULL, source TEXT,"
    " PRIMARY KEY (story, event_id));"
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);",
    "CREATE INDEX events_cover ON events (date, day, root, quad_class, source, target, code,"
    " goldstein, mentions);"
    "CREATE INDEX events_source ON events (source, date);"
    "CREATE INDEX events_target ON events (target, date);"
    "CREATE INDEX mentions_key ON mentions (key, source);",
};

#define NMIGRATIONS ((int)(sizeof lite_migrations / sizeof lite_migrations[0]))
_Static_assert(sizeof lite_migrations == sizeof pg_migrations, "same versions on both backends");

int dy_store_schema_latest(void) { return NMIGRATIONS; }

/* -------------------------------------------------------------- handle */

enum {
  Q_EXISTS, Q_EV_RECOUNT, Q_EV_REPOINT, Q_EV_DEL, Q_MEN_DEL, Q_SENT_DEL, Q_STORY,
  Q_SENT, Q_MEN, Q_EVENT, Q_EV_DEL_OWN, Q_EVENT_OWN,
  Q_SAVEPOINT, Q_RELEASE, Q_ROLLBACK_TO, Q__COUNT
};

static const char *const put_sql[Q__COUNT] = {
    [Q_EXISTS] = "SELECT 1 FROM stories WHERE id = ?1",
    /* Re-storing a story: recount what other stories still report... */
    [Q_EV_RECOUNT] =
        "UPDATE events SET"
        " mentions = (SELECT count(*) FROM mentions m WHERE m.key = events.key AND m.story <> ?1),"
        " sources = (SELECT count(DISTINCT m.source) FROM mentions m"
        "  WHERE m.key = events.key AND m.story <> ?1)"
        " WHERE key IN (SELECT key FROM mentions WHERE story = ?1)",
    /* ...let their first remaining mention represent them... */
    [Q_EV_REPOINT] =
        "UPDATE events SET"
        " event_id = (SELECT m.event_id FROM mentions m WHERE m.key = events.key AND m.story <> ?1"
        "  ORDER BY m.story, m.sentence LIMIT 1),"
        " sentence = (SELECT m.sentence FROM mentions m WHERE m.key = events.key AND m.story <> ?1"
        "  ORDER BY m.story, m.sentence LIMIT 1),"
        " story = (SELECT m.story FROM mentions m WHERE m.key = events.key AND m.story <> ?1"
        "  ORDER BY m.story, m.sentence LIMIT 1)"
        " WHERE key IN (SELECT key FROM mentions WHERE story = ?1) AND story = ?1 AND mentions > 0",
    /* ...and drop the events only this story reported. */
    [Q_EV_DEL] = "DELETE FROM events WHERE mentions = 0"
                 " AND key IN (SELECT key FROM mentions WHERE story = ?1)",
    [Q_MEN_DEL] = "DELETE FROM mentions WHERE story = ?1",
    [Q_SENT_DEL] = "DELETE FROM sentences WHERE story = ?1",
    [Q_STORY] = "INSERT INTO stories (id, date, origin, source, fields) VALUES (?1, ?2, ?3, ?4, ?5)"
                " ON CONFLICT (id) DO UPDATE SET date = excluded.date, origin = excluded.origin,"
                " source = excluded.source, fields = excluded.fields",
    [Q_SENT] = "INSERT INTO sentences (story, idx, text, sentence_id) VALUES (?1, ?2, ?3, ?4)",
    [Q_MEN] = "INSERT INTO mentions (story, event_id, key, sentence, source)"
              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (story, event_id) DO NOTHING",
    /* --dedup none: an event is its own only mention; no mentions rows.
     * Its key is "e" story "/" id, so a story's events are one key range. */
    [Q_EV_DEL_OWN] = "DELETE FROM events WHERE key >= ?2 AND key < ?3 AND story = ?1",
    [Q_EVENT_OWN] =
        "INSERT INTO events (key, event_id, story, sentence, date, day, source, target, code,"
        " root, quad_class, goldstein, plover, source_text, target_text, mentions, sources)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, 1)"
        " ON CONFLICT (key) DO NOTHING",
    /* Prepared on SQLite (parsing them per story costs more than the story's
     * sentences); PostgreSQL cannot prepare them and runs them as text. */
    [Q_SAVEPOINT] = "SAVEPOINT dy_story",
    [Q_RELEASE] = "RELEASE SAVEPOINT dy_story",
    [Q_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT dy_story",
    [Q_EVENT] =
        "INSERT INTO events (key, event_id, story, sentence, date, day, source, target, code,"
        " root, quad_class, goldstein, plover, source_text, target_text, mentions, sources)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, 1)"
        " ON CONFLICT (key) DO UPDATE SET mentions = events.mentions + 1,"
        " sources = (SELECT count(DISTINCT m.source) FROM mentions m WHERE m.key = excluded.key)",
};

struct dy_store {
  dy_db *db;
  int mode;
  dy_stmt *q[Q__COUNT];
  int in_txn;
  uint32_t pending;   /* stories since the last commit */
  int dedup_checked;  /* meta.dedup compared with the options */
  dy_dedup dedup;
  int pipelined;      /* PostgreSQL: a story's statements go in one round trip */
  char err[1200];
};

static void store_err(dy_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void store_err(dy_store *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->err, sizeof st->err, fmt, ap);
  va_end(ap);
}

/* Takes the backend's message as the store's. */
static int db_fail(dy_store *st) {
  store_err(st, "%s", dy_db_error(st->db));
  return -1;
}

const char *dy_store_error(const dy_store *st) { return st->err; }
const char *dy_store_backend(const dy_store *st) {
  return dy_db_kind(st->db) == DY_DB_SQLITE ? "sqlite" : "postgresql";
}

static int has_version_table(dy_store *st, int *has) {
  const char *sql = dy_db_kind(st->db) == DY_DB_SQLITE
                        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                        : "SELECT count(*) FROM information_schema.tables"
                          " WHERE table_name = 'schema_version' AND table_schema = current_schema()";
  dy_stmt *s = dy_db_prepare(st->db, sql);
  if (!s) return db_fail(st);
  int rc = dy_stmt_step(s);
  if (rc == DY_STEP_ROW) *has = dy_stmt_int(s, 0) > 0;
  dy_stmt_free(&s);
  return rc == DY_STEP_ROW ? 0 : db_fail(st);
}

int dy_store_schema_version(dy_store *st, int *version) {
  int has = 0;
  *version = 0;
  if (has_version_table(st, &has) != 0) return -1;
  if (!has) return 0;
  dy_stmt *s = dy_db_prepare(st->db, "SELECT max(version) FROM schema_version");
  if (!s) return db_fail(st);
  int rc = dy_stmt_step(s);
  if (rc == DY_STEP_ROW) *version = (int)dy_stmt_int(s, 0);
  dy_stmt_free(&s);
  return rc == DY_STEP_ROW ? 0 : db_fail(st);
}

static int begin(dy_store *st) {
  const char *sql = dy_db_kind(st->db) == DY_DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
  return dy_db_exec(st->db, sql) == 0 ? 0 : db_fail(st);
}

static void rollback(dy_store *st) {
  if (dy_db_in_txn(st->db)) dy_db_exec(st->db, "ROLLBACK");
}

int dy_store_migrate(dy_store *st, int to) {
  if (to <= 0) to = NMIGRATIONS;
  if (to > NMIGRATIONS) {
    store_err(st, "schema version %d does not exist (latest is %d)", to, NMIGRATIONS);
    return -1;
  }
  if (dy_store_flush(st) != 0 || begin(st) != 0) return -1;
  int cur = 0;
  if (dy_db_exec(st->db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)") != 0 ||
      dy_store_schema_version(st, &cur) != 0)
    goto fail;
  if (cur > NMIGRATIONS) {
    store_err(st, "database schema version %d is newer than this dyad's (%d): upgrade dyad", cur,
              NMIGRATIONS);
    rollback(st);
    return -1;
  }
  const char *const *m = dy_db_kind(st->db) == DY_DB_SQLITE ? lite_migrations : pg_migrations;
  for (int v = cur + 1; v <= to; v++) {
    if (dy_db_exec(st->db, m[v - 1]) != 0) {
      store_err(st, "migration to schema version %d failed: %s", v, dy_db_error(st->db));
      rollback(st);
      return -1;
    }
  }
  if (to > cur) {
    dy_stmt *s = dy_db_prepare(st->db, "INSERT INTO schema_version (version) VALUES (?1)");
    if (!s) goto fail;
    int rc = dy_db_exec(st->db, "DELETE FROM schema_version") == 0 && dy_stmt_bind_int(s, 1, to) == 0
                 ? dy_stmt_step(s)
                 : DY_STEP_ERROR;
    dy_stmt_free(&s);
    if (rc != DY_STEP_DONE) goto fail;
  }
  if (dy_db_exec(st->db, "COMMIT") != 0) goto fail;
  return 0;
fail:
  db_fail(st);
  rollback(st);
  return -1;
}

dy_store *dy_store_open_mode(const char *url, int mode, char *err, size_t errlen) {
  dy_db *db = dy_db_open(url, mode == DY_STORE_READONLY, err, errlen);
  if (!db) return NULL;
  dy_store *st = dy_xcalloc(1, sizeof *st);
  st->db = db;
  st->mode = mode;
  st->pipelined = dy_db_kind(db) == DY_DB_PG;
  if (mode == DY_STORE_RAW) return st;
  int v = 0;
  if (dy_store_schema_version(st, &v) != 0) {
    snprintf(err, errlen, "%s", st->err);
    goto fail;
  }
  if (v == 0 && mode == DY_STORE_WRITE) {
    if (dy_store_migrate(st, 0) != 0) {
      snprintf(err, errlen, "cannot create the schema: %s", st->err);
      goto fail;
    }
    v = NMIGRATIONS;
  }
  if (v == 0) {
    snprintf(err, errlen, "%s: not a dyad database (no schema); run 'dyad db init %s'", url, url);
    goto fail;
  }
  if (v < NMIGRATIONS) {
    snprintf(err, errlen, "%s: schema version %d is older than this dyad's (%d); run 'dyad db migrate %s'",
             url, v, NMIGRATIONS, url);
    goto fail;
  }
  if (v > NMIGRATIONS) {
    snprintf(err, errlen, "%s: schema version %d is newer than this dyad's (%d); upgrade dyad", url, v,
             NMIGRATIONS);
    goto fail;
  }
  return st;
fail:
  dy_db_close(&st->db);
  free(st);
  return NULL;
}

dy_store *dy_store_open(const char *url, char *err, size_t errlen) {
  return dy_store_open_mode(url, DY_STORE_WRITE, err, errlen);
}

int dy_store_flush(dy_store *st) {
  if (!st->in_txn) return 0;
  if (dy_db_exec(st->db, "COMMIT") != 0) {
    db_fail(st);
    if (!dy_db_in_txn(st->db)) { /* the backend gave up the transaction */
      store_err(st, "%s; the %u stories stored since the last commit were lost", dy_db_error(st->db),
                st->pending);
      st->in_txn = 0;
      st->pending = 0;
    }
    return -1;
  }
  st->in_txn = 0;
  st->pending = 0;
  return 0;
}

int dy_store_close(dy_store **pst) {
  dy_store *st = *pst;
  if (!st) return 0;
  int rc = 0;
  if (st->in_txn && dy_store_flush(st) != 0) {
    dy_diag(DY_ERROR, NULL, 0, "%s", st->err);
    rollback(st);
    rc = -1;
  }
  for (int i = 0; i < Q__COUNT; i++) dy_stmt_free(&st->q[i]);
  dy_db_close(&st->db);
  free(st);
  *pst = NULL;
  return rc;
}

dy_dedup dy_store_dedup_mode(dy_store *st) {
  dy_dedup d = DY_DEDUP_DEFAULT;
  dy_stmt *s = dy_db_prepare(st->db, "SELECT value FROM meta WHERE name = 'dedup'");
  if (s && dy_stmt_step(s) == DY_STEP_ROW && dy_dedup_parse(dy_stmt_text(s, 0), &d) != 0)
    d = DY_DEDUP_DEFAULT;
  dy_stmt_free(&s);
  return d;
}

long long dy_store_count(dy_store *st, const char *table) {
  static const char *const ok[] = {"stories", "sentences", "events", "mentions"};
  char sql[64];
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    if (strcmp(table, ok[i])) continue;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", ok[i]); /* a fixed name, not input */
    dy_stmt *s = dy_db_prepare(st->db, sql);
    if (!s) return db_fail(st);
    long long n = dy_stmt_step(s) == DY_STEP_ROW ? dy_stmt_int(s, 0) : (db_fail(st), -1);
    dy_stmt_free(&s);
    return n;
  }
  store_err(st, "unknown table '%s'", table);
  return -1;
}

/* ------------------------------------------------------- ids and codes */

static size_t put_sep(char *b, size_t n, size_t cap, const char *s) {
  size_t l = strlen(s);
  if (n + l + 1 > cap) l = cap > n + 1 ? cap - n - 1 : 0;
  memcpy(b + n, s, l);
  n += l;
  if (n < cap) b[n++] = '\x1f';
  return n;
}

static void hex64(uint64_t h, char out[17]) {
  static const char dig[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--, h >>= 4) out[i] = dig[h & 15];
  out[16] = 0;
}


void dy_store_code_info(const char *code, dy_code_info *out) {
  memset(out, 0, sizeof *out);
  if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return;
  out->root[0] = code[0];
  out->root[1] = code[1];
  out->quad = dy_cameo_quad_class(code); /* also for codes outside the codebook */
  const dy_cameo *c = dy_cameo_get(code);
  if (c) {
    out->has_goldstein = 1;
    out->goldstein = c->goldstein;
    out->plover = c->plover;
  }
}

/* The dedup key of an event: what makes two coded events "the same" for
 * the mode. Keys lead with the story id or the date (not a hash) so that a
 * batch of stories or a day's load touches neighbouring index pages; the
 * fixed-length hash suffix keeps them unambiguous. Malloc'd. */
static char *dedup_key(dy_dedup mode, const char *story_id, dy_date date, const dy_event *e,
                       const char *event_id) {
  size_t n = strlen(story_id);
  char *k = dy_xmalloc(n + 32);
  if (mode == DY_DEDUP_NONE || mode == DY_DEDUP_DEFAULT) {
    snprintf(k, n + 32, "e%s/%s", story_id, event_id);
    return k;
  }
  char buf[128];
  size_t b = 0;
  b = put_sep(buf, b, sizeof buf, e->source);
  b = put_sep(buf, b, sizeof buf, e->target);
  b = put_sep(buf, b, sizeof buf, e->code);
  char h[17];
  hex64(dy_hash64(buf, b, DY_HASH_SEED), h);
  if (mode == DY_DEDUP_DAY && date) snprintf(k, n + 32, "d%08d/%s", (int)date, h);
  else snprintf(k, n + 32, "s%s/%s", story_id, h); /* also day mode when the date is unknown */
  return k;
}

/* ------------------------------------------------------------ storing */

static const char *json_string_value_of(dy_arena *a, dy_str v) {
  json_t *j = json_loadb(v.p, v.n, JSON_DECODE_ANY, NULL);
  const char *r = NULL;
  if (j && json_is_string(j)) r = dy_arena_strndup(a, json_string_value(j), json_string_length(j));
  json_decref(j);
  return r;
}

/* The story's news source: its "source" field, else its origin. */
static const char *story_source(const dy_story *s) {
  for (uint32_t i = 0; i < s->nfields; i++)
    if (dy_str_eq_c(s->fields[i].name, "source")) {
      const char *v = json_string_value_of(s->arena, s->fields[i].value_json);
      if (v) return v;
    }
  return s->origin;
}

static void json_escape(FILE *f, const char *p, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

/* The pass-through fields as one JSON object (NULL when none). Malloc'd. */
static char *fields_json(const dy_story *s) {
  if (!s->nfields) return NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return NULL;
  fputc('{', f);
  for (uint32_t i = 0; i < s->nfields; i++) {
    if (i) fputc(',', f);
    json_escape(f, s->fields[i].name.p, s->fields[i].name.n);
    fputc(':', f);
    if (s->fields[i].value_json.n) fwrite(s->fields[i].value_json.p, 1, s->fields[i].value_json.n, f);
    else fputs("null", f);
  }
  fputc('}', f);
  fclose(f);
  return buf;
}

static int prepare_put(dy_store *st) {
  int n = dy_db_kind(st->db) == DY_DB_SQLITE ? Q__COUNT : Q_SAVEPOINT;
  for (int i = 0; i < n; i++)
    if (!st->q[i] && !(st->q[i] = dy_db_prepare(st->db, put_sql[i]))) return db_fail(st);
  return 0;
}

/* SAVEPOINT, RELEASE or ROLLBACK TO (q = Q_SAVEPOINT...). */
static int savepoint(dy_store *st, int q) {
  if (!st->q[q]) return dy_db_exec(st->db, put_sql[q]) == 0 ? 0 : db_fail(st);
  int rc = dy_stmt_step(st->q[q]);
  dy_stmt_reset(st->q[q]);
  return rc == DY_STEP_DONE ? 0 : db_fail(st);
}

/* Runs a prepared statement to completion (rows, if any, ignored). */
static int run(dy_store *st, dy_stmt *s) {
  int rc;
  while ((rc = dy_stmt_step(s)) == DY_STEP_ROW) {
  }
  if (rc == DY_STEP_ERROR) {
    db_fail(st);
    dy_stmt_reset(s);
    return -1;
  }
  return 0;
}

static int bind_cstr(dy_stmt *s, int i, const char *v) {
  return v ? dy_stmt_bind_text(s, i, v, strlen(v)) : dy_stmt_bind_null(s, i);
}

static int bind_span(dy_stmt *s, int i, dy_str v) {
  return v.n ? dy_stmt_bind_text(s, i, v.p, v.n) : dy_stmt_bind_null(s, i);
}

static int bind_date_int(dy_stmt *s, int i, dy_date d) {
  return d && dy_date_valid(d) ? dy_stmt_bind_int(s, i, d) : dy_stmt_bind_null(s, i);
}

static int bind_date(dy_stmt *s, int i, dy_date d) {
  if (!d || !dy_date_valid(d)) return dy_stmt_bind_null(s, i);
  char buf[11];
  dy_date_format(d, buf);
  return dy_stmt_bind_text(s, i, buf, 10);
}

/* Resolves the dedup mode: the database's (meta.dedup, read once per
 * handle); an empty database takes the caller's (none by default). A
 * caller asking for another mode than the database's gets an error. */
static int check_dedup(dy_store *st, dy_dedup want) {
  if (!st->dedup_checked) {
    dy_stmt *s = dy_db_prepare(st->db, "SELECT value FROM meta WHERE name = 'dedup'");
    if (!s) return db_fail(st);
    int rc = dy_stmt_step(s);
    int found = rc == DY_STEP_ROW;
    if (found && dy_dedup_parse(dy_stmt_text(s, 0), &st->dedup) != 0) st->dedup = DY_DEDUP_NONE;
    dy_stmt_free(&s);
    if (rc == DY_STEP_ERROR) return db_fail(st);
    if (!found) {
      st->dedup = want == DY_DEDUP_DEFAULT ? DY_DEDUP_NONE : want;
      s = dy_db_prepare(st->db, "INSERT INTO meta (name, value) VALUES ('dedup', ?1)");
      if (!s) return db_fail(st);
      rc = bind_cstr(s, 1, dy_dedup_name(st->dedup)) == 0 ? dy_stmt_step(s) : DY_STEP_ERROR;
      dy_stmt_free(&s);
      if (rc != DY_STEP_DONE) return db_fail(st);
    }
    st->dedup_checked = 1;
  }
  if (want == DY_DEDUP_DEFAULT || want == st->dedup) return 0;
  store_err(st, "this database uses --dedup %s, not %s", dy_dedup_name(st->dedup), dy_dedup_name(want));
  return -1;
}

static int bind1_run(dy_store *st, int q, const char *id) {
  dy_stmt *s = st->q[q];
  if (bind_cstr(s, 1, id) != 0) return db_fail(st);
  int rc = run(st, s);
  dy_stmt_reset(s);
  return rc;
}

/* Removes what the database holds for story `id` (see store.h). */
static int unstore(dy_store *st, const char *id) {
  int rc;
  if (!st->pipelined) { /* pipelined, the deletes run blind: no round trip */
    dy_stmt *s = st->q[Q_EXISTS];
    if (bind_cstr(s, 1, id) != 0) return db_fail(st);
    rc = dy_stmt_step(s);
    dy_stmt_reset(s);
    if (rc == DY_STEP_ERROR) return db_fail(st);
    if (rc == DY_STEP_DONE) return 0; /* a new story: nothing to remove */
  }
  if (st->dedup == DY_DEDUP_NONE) {
    dy_stmt *d = st->q[Q_EV_DEL_OWN];
    size_t n = strlen(id);
    char *lo = dy_xmalloc(n + 3), *hi = dy_xmalloc(n + 3);
    snprintf(lo, n + 3, "e%s/", id);
    snprintf(hi, n + 3, "e%s0", id); /* '0' follows '/' */
    rc = bind_cstr(d, 1, id) | bind_cstr(d, 2, lo) | bind_cstr(d, 3, hi);
    free(lo);
    free(hi);
    rc = rc ? db_fail(st) : run(st, d);
    dy_stmt_reset(d);
    return rc ? -1 : bind1_run(st, Q_SENT_DEL, id);
  }
  static const int order[] = {Q_EV_RECOUNT, Q_EV_REPOINT, Q_EV_DEL, Q_MEN_DEL, Q_SENT_DEL};
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (bind1_run(st, order[i], id) != 0) return -1;
  return 0;
}

static int put_header(dy_store *st, const dy_story *s, const char *source) {
  dy_stmt *q = st->q[Q_STORY];
  char *fields = fields_json(s);
  int rc = bind_cstr(q, 1, s->id) | bind_date(q, 2, s->date) | bind_cstr(q, 3, s->origin) |
           bind_cstr(q, 4, source) | bind_cstr(q, 5, fields);
  free(fields);
  if (rc != 0) return db_fail(st);
  rc = run(st, q);
  dy_stmt_reset(q);
  return rc;
}

static int put_sentences(dy_store *st, const dy_story *s) {
  dy_stmt *q = st->q[Q_SENT];
  for (uint32_t i = 0; i < s->nsent; i++) {
    const dy_sentence *se = &s->sent[i];
    if ((bind_cstr(q, 1, s->id) | dy_stmt_bind_int(q, 2, i) | bind_span(q, 3, se->text) |
         bind_span(q, 4, se->id)) != 0)
      return db_fail(st);
    int rc = run(st, q);
    dy_stmt_reset(q);
    if (rc) return -1;
  }
  return 0;
}

static int put_event(dy_store *st, const dy_story *s, const dy_event *e, const char *source,
                     dy_dedup mode) {
  char id[17];
  const char *target = e->target[0] ? e->target : NULL;
  dy_date date = e->date && dy_date_valid(e->date) ? e->date : s->date;
  dy_event_id(s, e, id);
  char *key = dedup_key(mode, s->id, dy_date_valid(date) ? date : 0, e, id);
  int own = mode == DY_DEDUP_NONE;
  if (own) goto event;

  dy_stmt *m = st->q[Q_MEN];
  int mrc = bind_cstr(m, 1, s->id) | bind_cstr(m, 2, id) | bind_cstr(m, 3, key) |
            dy_stmt_bind_int(m, 4, e->sentence) | bind_cstr(m, 5, source);
  mrc = mrc ? db_fail(st) : run(st, m);
  long long added = st->pipelined ? 1 : dy_stmt_changes(m); /* put_body skipped duplicates */
  dy_stmt_reset(m);
  if (mrc || added == 0) { /* added == 0: the same event twice in one sentence */
    free(key);
    return mrc;
  }

event:;
  dy_code_info ci;
  dy_store_code_info(e->code, &ci);
  dy_stmt *q = st->q[own ? Q_EVENT_OWN : Q_EVENT];
  int rc = bind_cstr(q, 1, key) | bind_cstr(q, 2, id) | bind_cstr(q, 3, s->id) |
       dy_stmt_bind_int(q, 4, e->sentence) | bind_date_int(q, 5, date) |
       (dy_date_valid(date) ? dy_stmt_bind_int(q, 6, dy_date_to_days(date)) : dy_stmt_bind_null(q, 6)) |
       bind_cstr(q, 7, e->source) | bind_cstr(q, 8, target) | bind_cstr(q, 9, e->code) |
       bind_cstr(q, 10, ci.root[0] ? ci.root : NULL) |
       (ci.quad ? dy_stmt_bind_int(q, 11, ci.quad) : dy_stmt_bind_null(q, 11)) |
       (ci.has_goldstein ? dy_stmt_bind_double(q, 12, ci.goldstein) : dy_stmt_bind_null(q, 12)) |
       bind_cstr(q, 13, ci.plover) | bind_span(q, 14, e->source_text) | bind_span(q, 15, e->target_text);
  free(key);
  if (rc != 0) {
    dy_stmt_reset(q);
    return db_fail(st);
  }
  rc = run(st, q);
  dy_stmt_reset(q);
  return rc;
}

static int check_story(dy_store *st, const dy_story *s) {
  if (!s->id || !*s->id) {
    store_err(st, "story has no id");
    return -1;
  }
  for (uint32_t i = 0; i < s->nev; i++)
    if (!s->ev[i].source[0] || !s->ev[i].code[0]) {
      store_err(st, "story %s: event %u has no source or no code", s->id, i);
      return -1;
    }
  return 0;
}

/* The same event (sentence, source, target, code) earlier in the story:
 * it has the same id and is stored once. */
static int repeated(const dy_story *s, uint32_t i) {
  const dy_event *e = &s->ev[i];
  for (uint32_t j = 0; j < i; j++) {
    const dy_event *f = &s->ev[j];
    if (f->sentence == e->sentence && !strcmp(f->code, e->code) && !strcmp(f->source, e->source) &&
        !strcmp(f->target, e->target))
      return 1;
  }
  return 0;
}

static int put_body(dy_store *st, const dy_story *s, dy_dedup mode) {
  const char *source = story_source(s);
  if (unstore(st, s->id) || put_header(st, s, source) || put_sentences(st, s)) return -1;
  for (uint32_t i = 0; i < s->nev; i++)
    if (!repeated(s, i) && put_event(st, s, &s->ev[i], source, mode)) return -1;
  return 0;
}

int dy_store_put_story(dy_store *st, const dy_story *s, const dy_store_opts *o) {
  dy_store_opts def = {DY_DEDUP_DEFAULT, 0};
  if (!o) o = &def;
  if (st->mode == DY_STORE_READONLY) {
    store_err(st, "the database was opened read-only");
    return -1;
  }
  if (check_story(st, s) || prepare_put(st)) return -1;
  if (!st->in_txn) {
    if (begin(st)) return -1;
    st->in_txn = 1;
  }
  if (check_dedup(st, o->dedup) || (st->pipelined && dy_db_pipeline_begin(st->db)) ||
      savepoint(st, Q_SAVEPOINT))
    goto lost;
  int rc = put_body(st, s, st->dedup);
  if (rc == 0) rc = savepoint(st, Q_RELEASE);
  if (st->pipelined) { /* now the statements run */
    int prc = dy_db_pipeline_sync(st->db);
    if (rc == 0 && prc != 0) rc = db_fail(st);
    dy_db_pipeline_end(st->db);
  }
  if (rc != 0) {
    char why[sizeof st->err];
    snprintf(why, sizeof why, "%s", st->err);
    savepoint(st, Q_ROLLBACK_TO);
    savepoint(st, Q_RELEASE);
    store_err(st, "story %s not stored: %s", s->id, why);
    goto lost;
  }
  if (++st->pending >= (o->batch ? o->batch : 1000)) return dy_store_flush(st);
  return 0;
lost:
  if (st->pipelined) { /* a send failed before the sync above */
    dy_db_pipeline_sync(st->db);
    dy_db_pipeline_end(st->db);
  }
  /* Some errors (disk full, I/O) make the backend drop the transaction. */
  if (!dy_db_in_txn(st->db)) {
    size_t n = strlen(st->err);
    snprintf(st->err + n, sizeof st->err - n,
             "; the %u stories stored since the last commit were rolled back too", st->pending);
    st->in_txn = 0;
    st->pending = 0;
  }
  return -1;
}

/* ------------------------------------------------------------ names */

static const char *const dedup_names[] = {"default", "none", "story", "day"};

const char *dy_dedup_name(dy_dedup d) { return (unsigned)d < 4 ? dedup_names[d] : "?"; }

int dy_dedup_parse(const char *s, dy_dedup *out) {
  for (int i = 1; i < 4; i++)
    if (!strcmp(s, dedup_names[i])) {
      *out = (dy_dedup)i;
      return 0;
    }
  return -1;
}

dy_db *dy_store_db(dy_store *st) { return st->db; }
void dy_store_set_error(dy_store *st, const char *msg) { store_err(st, "%s", msg); }
