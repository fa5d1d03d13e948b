/* The event store: schema and migrations, and storing stories (see
 * store.h for the model: mentions, deduplication, batching). */
#include "store/store.h"
#include "cameo/cameo.h"
#include "output/output.h"

#include <jansson.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------- schema */

/* Version 3: the rollups (see store.h) and leaner indexes. Triggers add
 * a row's values (R: NEW or OLD) with a sign when events rows are deleted
 * or their mentions change. New rows are added by the store itself (summed
 * in memory, written at commit: a trigger would cost four upserts per
 * event), except on PostgreSQL with --dedup story/day (keys not "e..."),
 * where an insert trigger does it (the store's statements run pipelined,
 * blind to whether an upsert inserted). Unknown dates are 0, a null target
 * or root '', no quad class 0 (primary keys cannot hold NULL); queries map
 * them back. */
#define AGG_COLS "n, mentions, gn, g10"
#define AGG_SET(t)                                                                              \
  " DO UPDATE SET n = " t ".n + excluded.n, mentions = " t ".mentions + excluded.mentions,"   \
  " gn = " t ".gn + excluded.gn, g10 = " t ".g10 + excluded.g10"
#define AGG_TABLES(INT, TXT, ROWID)                                                             \
  "CREATE TABLE agg_code (date " INT ", day " INT ", code " TXT ", root " TXT ", quad " INT ","   \
  " n " INT ", mentions " INT ", gn " INT ", g10 " INT ", PRIMARY KEY (date, code))" ROWID ";"  \
  "CREATE TABLE agg_source (month " INT ", source " TXT ", code " TXT ", root " TXT ", quad " INT \
  ", n " INT ", mentions " INT ", gn " INT ", g10 " INT ", PRIMARY KEY (month, source, code))"   \
  ROWID ";"                                                                                      \
  "CREATE TABLE agg_target (month " INT ", target " TXT ", code " TXT ", root " TXT ", quad " INT \
  ", n " INT ", mentions " INT ", gn " INT ", g10 " INT ", PRIMARY KEY (month, target, code))"   \
  ROWID ";"                                                                                      \
  "CREATE TABLE agg_dyad (month " INT ", source " TXT ", target " TXT ", n " INT ", mentions "    \
  INT ", gn " INT ", g10 " INT ", PRIMARY KEY (month, source, target))" ROWID ";"
/* The rollups of what is already stored (INSERT ... SELECT ... GROUP BY). */
#define AGG_G10 "COALESCE(sum(CAST(round(goldstein * 10) AS BIGINT)), 0)"
#define AGG_SUMS " count(*), sum(mentions), count(goldstein), " AGG_G10 " FROM events GROUP BY "
#define AGG_CODE_COLS "code, COALESCE(root, ''), COALESCE(quad_class, 0)"
#define AGG_FILL                                                                                \
  "INSERT INTO agg_code SELECT COALESCE(date, 0), COALESCE(day, 0), " AGG_CODE_COLS "," AGG_SUMS  \
  "COALESCE(date, 0), COALESCE(day, 0), " AGG_CODE_COLS ";"                                      \
  "INSERT INTO agg_source SELECT COALESCE(date / 100, 0), source, " AGG_CODE_COLS "," AGG_SUMS    \
  "COALESCE(date / 100, 0), source, " AGG_CODE_COLS ";"                                          \
  "INSERT INTO agg_target SELECT COALESCE(date / 100, 0), COALESCE(target, ''), " AGG_CODE_COLS  \
  "," AGG_SUMS "COALESCE(date / 100, 0), COALESCE(target, ''), " AGG_CODE_COLS ";"               \
  "INSERT INTO agg_dyad SELECT COALESCE(date / 100, 0), source, COALESCE(target, ''),"           \
  AGG_SUMS "COALESCE(date / 100, 0), source, COALESCE(target, '');"
/* One row's contribution to the four rollups: R.column references. */
#define AGG_RCODE(R) R ".code, COALESCE(" R ".root, ''), COALESCE(" R ".quad_class, 0)"
#define AGG_ROW(R, N, M, GN, G10)                                                               \
  "INSERT INTO agg_code (date, day, code, root, quad, " AGG_COLS ") VALUES (COALESCE(" R         \
  ".date, 0), COALESCE(" R ".day, 0), " AGG_RCODE(R) ", " N ", " M ", " GN ", " G10 ")"          \
  " ON CONFLICT (date, code)" AGG_SET("agg_code")                                               \
  ";INSERT INTO agg_source (month, source, code, root, quad, " AGG_COLS ") VALUES (COALESCE(" R  \
  ".date / 100, 0), " R ".source, " AGG_RCODE(R) ", " N ", " M ", " GN ", " G10 ")"              \
  " ON CONFLICT (month, source, code)" AGG_SET("agg_source")                                    \
  ";INSERT INTO agg_target (month, target, code, root, quad, " AGG_COLS ") VALUES (COALESCE(" R  \
  ".date / 100, 0), COALESCE(" R ".target, ''), " AGG_RCODE(R) ", " N ", " M ", " GN ", " G10   \
  ") ON CONFLICT (month, target, code)" AGG_SET("agg_target")                                   \
  ";INSERT INTO agg_dyad (month, source, target, " AGG_COLS ") VALUES (COALESCE(" R             \
  ".date / 100, 0), " R ".source, COALESCE(" R ".target, ''), " N ", " M ", " GN ", " G10 ")"    \
  " ON CONFLICT (month, source, target)" AGG_SET("agg_dyad") ";"
#define AGG_GOLD(R) "CAST(COALESCE(round(" R ".goldstein * 10), 0) AS BIGINT)"
#define AGG_HASG(R) "(CASE WHEN " R ".goldstein IS NULL THEN 0 ELSE 1 END)"

/* The event indexes: date ranges, and actor filters covering what the
 * counts read (the rollups cannot count by day or week per actor). */
#define EV_INDEXES                                                                              \
  "CREATE INDEX IF NOT EXISTS events_date ON events (date);"                                    \
  "CREATE INDEX IF NOT EXISTS events_source ON events (source, target, date, day, code,"         \
  " mentions, goldstein);"                                                                       \
  "CREATE INDEX IF NOT EXISTS events_target ON events (target, source, date, day, code,"         \
  " mentions, goldstein);"
#define LITE_V3                                                                                 \
  "DROP INDEX events_cover; DROP INDEX events_source; DROP INDEX events_target;" EV_INDEXES     \
  AGG_TABLES("INTEGER NOT NULL", "TEXT NOT NULL",   \
                                                          " WITHOUT ROWID") AGG_FILL           \
  "CREATE TRIGGER agg_update AFTER UPDATE OF mentions ON events BEGIN "                          \
  AGG_ROW("NEW", "0", "NEW.mentions - OLD.mentions", "0", "0") " END;"                           \
  "CREATE TRIGGER agg_delete AFTER DELETE ON events BEGIN "                                     \
  AGG_ROW("OLD", "-1", "-OLD.mentions", "-" AGG_HASG("OLD"), "-" AGG_GOLD("OLD")) " END;"

/* PostgreSQL: the same, the trigger bodies as PL/pgSQL functions. */
#define PG_TRIGGER(NAME, EVENT, COND, BODY)                                                     \
  "CREATE FUNCTION " NAME "() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN " BODY               \
  " RETURN NULL; END $f$;"                                                                       \
  "CREATE TRIGGER " NAME " AFTER " EVENT " FOR EACH ROW " COND " EXECUTE FUNCTION " NAME "();"
#define PG_V3                                                                                   \
  "DROP INDEX events_cover; DROP INDEX events_source; DROP INDEX events_target;" EV_INDEXES     \
  AGG_TABLES("BIGINT NOT NULL", "TEXT COLLATE \"C\" NOT NULL", "") AGG_FILL                     \
  PG_TRIGGER("agg_insert", "INSERT ON events", "WHEN (substr(NEW.key, 1, 1) <> 'e')",                                                 \
             AGG_ROW("NEW", "1", "NEW.mentions", AGG_HASG("NEW"), AGG_GOLD("NEW")))              \
  PG_TRIGGER("agg_update", "UPDATE OF mentions ON events", "",                                     \
             AGG_ROW("NEW", "0", "NEW.mentions - OLD.mentions", "0", "0"))                        \
  PG_TRIGGER("agg_delete", "DELETE ON events", "",                                                 \
             AGG_ROW("OLD", "-1", "-OLD.mentions", "-" AGG_HASG("OLD"), "-" AGG_GOLD("OLD")))

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
    LITE_V3,
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
    PG_V3,
};

#define NMIGRATIONS ((int)(sizeof lite_migrations / sizeof lite_migrations[0]))
_Static_assert(sizeof lite_migrations == sizeof pg_migrations, "same versions on both backends");

int dy_store_schema_latest(void) { return NMIGRATIONS; }

/* -------------------------------------------------------------- handle */

/* Rows per INSERT statement: one statement for a story's sentences or
 * events (up to this many) instead of one per row. */
#define MULTI 8

enum {
  Q_EXISTS, Q_EV_RECOUNT, Q_EV_REPOINT, Q_EV_DEL, Q_MEN_DEL, Q_SENT_DEL, Q_STORY,
  Q_MEN, Q_EVENT, Q_EV_DEL_OWN,
  Q_AGG_CODE, Q_AGG_SOURCE, Q_AGG_TARGET, Q_AGG_DYAD, /* rollup.c's order */
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
    [Q_MEN] = "INSERT INTO mentions (story, event_id, key, sentence, source)"
              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (story, event_id) DO NOTHING",
    /* --dedup none: an event is its own only mention; no mentions rows.
     * Its key is "e" story "/" id, so a story's events are one key range. */
    [Q_EV_DEL_OWN] = "DELETE FROM events WHERE key >= ?2 AND key < ?3 AND story = ?1",
    [Q_AGG_CODE] = "INSERT INTO agg_code (date, day, code, root, quad, " AGG_COLS ")"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (date, code)"
                   AGG_SET("agg_code"),
    [Q_AGG_SOURCE] = "INSERT INTO agg_source (month, source, code, root, quad, " AGG_COLS ")"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                     " ON CONFLICT (month, source, code)" AGG_SET("agg_source"),
    [Q_AGG_TARGET] = "INSERT INTO agg_target (month, target, code, root, quad, " AGG_COLS ")"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                     " ON CONFLICT (month, target, code)" AGG_SET("agg_target"),
    [Q_AGG_DYAD] = "INSERT INTO agg_dyad (month, source, target, " AGG_COLS ")"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (month, source, target)"
                   AGG_SET("agg_dyad"),
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
  dy_pgload *pgl;     /* PostgreSQL: the bulk writer (pgload.c), from the first put */
  dy_rollup *roll;    /* rollup deltas not yet written (see write_rollups) */
  int bulk_checked;   /* the first put looked at the database (bulk_begin) */
  int bulk;           /* loading an empty SQLite database: see bulk_begin */
  char token[64];     /* meta 'bulk' of this session */
  dy_rollup_event *stage; /* the current story's, added to roll when it is stored */
  size_t nstage, capstage;
  char *key;          /* the dedup key being stored, and unstore's bounds */
  size_t capkey;
  dy_stmt *multi[2][MULTI + 1]; /* n-row inserts: sentences, --dedup none events */
  char (*ids)[17];    /* a story's event ids (put_events_own) */
  char *keys;         /* and keys of the rows being inserted */
  size_t capids, capkeys;
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

/* PostgreSQL's bulk path (the end of this file). */
static int send_chunk(dy_store *st, int drop_current);
static int put_pg(dy_store *st, const dy_story *s, const dy_store_opts *o);

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

/* Writes the transaction's rollup deltas (one round trip on PostgreSQL). */
static int write_rollups(dy_store *st, int all) {
  if (!st->roll || !dy_rollup_cells(st->roll)) return 0;
  if (st->bulk && !all && dy_rollup_cells(st->roll) < DY_BULK_CELLS) return 0;
  if (st->pipelined && dy_db_pipeline_begin(st->db) != 0) return db_fail(st);
  int rc = dy_rollup_write(st->roll, &st->q[Q_AGG_CODE]);
  if (st->pipelined) {
    int prc = dy_db_pipeline_sync(st->db);
    dy_db_pipeline_end(st->db);
    if (prc) rc = -1;
  }
  return rc ? db_fail(st) : 0;
}

int dy_store_flush(dy_store *st) {
  if (send_chunk(st, 0) != 0) return -1; /* PostgreSQL's buffered stories */
  if (!st->in_txn) return 0;
  if (write_rollups(st, 0) != 0) { /* never commit events without their rollups */
    char why[sizeof st->err];
    snprintf(why, sizeof why, "%s", st->err);
    rollback(st);
    store_err(st, "%s; the %u stories stored since the last commit were rolled back", why, st->pending);
    st->in_txn = 0;
    st->pending = 0;
    return -1;
  }
  if (dy_db_exec(st->db, "COMMIT") != 0) {
    db_fail(st);
    if (!dy_db_in_txn(st->db)) { /* the backend gave up the transaction */
      store_err(st, "%s; the %u stories stored since the last commit were lost", dy_db_error(st->db),
                st->pending);
      if (st->roll) dy_rollup_clear(st->roll);
      st->in_txn = 0;
      st->pending = 0;
    }
    return -1;
  }
  st->in_txn = 0;
  st->pending = 0;
  return 0;
}

/* ---------------------------------------------------------- bulk load
 *
 * Loading into an empty SQLite database is the big case (a first import,
 * a benchmark), and there the per-event index writes and the rollup
 * upserts of each commit would cost more than the events themselves. So a
 * session whose first write finds no events ("bulk" session) drops the
 * secondary indexes, keeps the rollup deltas in memory across commits
 * (writing them only when they grow large), and at its close writes the
 * deltas, builds the indexes and removes its meta 'bulk' row, all in one
 * transaction. While that row exists the rollups are incomplete, and
 * queries do not use them (query.c); nothing else depends on it, so a
 * session that dies leaves a correct, only slower, database. The next
 * writer that finds the row of a dead session (its pid is gone) rebuilds
 * the rollups from the events and the indexes. Other writers meanwhile
 * add their own deltas per commit (rollups are sums, so both add up). */

static const char *const bulk_indexes[] = {EV_INDEXES};

static int exec_all(dy_store *st, const char *const *sql, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (dy_db_exec(st->db, sql[i]) != 0) return db_fail(st);
  return 0;
}

/* The rollups again from the events (after a bulk session died). */
static int rebuild_rollups(dy_store *st) {
  static const char *const sql[] = {"DELETE FROM agg_code", "DELETE FROM agg_source",
                                    "DELETE FROM agg_target", "DELETE FROM agg_dyad"};
  if (exec_all(st, sql, 4) || dy_db_exec(st->db, AGG_FILL) != 0) return db_fail(st);
  return exec_all(st, bulk_indexes, sizeof bulk_indexes / sizeof bulk_indexes[0]);
}

/* Runs one-value query SQL; *out = its text ("" when no row). */
static int query_text(dy_store *st, const char *sql, char *out, size_t cap) {
  dy_stmt *s = dy_db_prepare(st->db, sql);
  if (!s) return db_fail(st);
  int rc = dy_stmt_step(s);
  snprintf(out, cap, "%s", rc == DY_STEP_ROW ? dy_stmt_text(s, 0) : "");
  dy_stmt_free(&s);
  return rc == DY_STEP_ERROR ? db_fail(st) : 0;
}

static int set_meta_bulk(dy_store *st, const char *value) {
  dy_stmt *s = dy_db_prepare(st->db, value ? "INSERT INTO meta (name, value) VALUES ('bulk', ?1)"
                                           : "DELETE FROM meta WHERE name = 'bulk'");
  if (!s) return db_fail(st);
  int rc = value ? dy_stmt_bind_text(s, 1, value, strlen(value)) : 0;
  rc = rc == 0 ? dy_stmt_step(s) : DY_STEP_ERROR;
  dy_stmt_free(&s);
  return rc == DY_STEP_DONE ? 0 : db_fail(st);
}

/* In the first write transaction: repair after a dead bulk session, and
 * start one when the database has no events (SQLite only: PostgreSQL is
 * shared by teams, whose loads go through the per-commit path). */
static int bulk_begin(dy_store *st) {
  st->bulk_checked = 1;
  if (dy_db_kind(st->db) != DY_DB_SQLITE) return 0;
  char tok[64], any[8];
  if (query_text(st, "SELECT value FROM meta WHERE name = 'bulk'", tok, sizeof tok)) return -1;
  if (*tok) {
    long pid = atol(tok);
    if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) return 0; /* alive: leave it */
    if (rebuild_rollups(st) || set_meta_bulk(st, NULL)) return -1;
  }
  if (query_text(st, "SELECT 1 FROM events LIMIT 1", any, sizeof any)) return -1;
  if (*any) return 0;
  static const char *const drop[] = {"DROP INDEX IF EXISTS events_date",
                                     "DROP INDEX IF EXISTS events_source",
                                     "DROP INDEX IF EXISTS events_target"};
  snprintf(st->token, sizeof st->token, "%ld %lx", (long)getpid(), (unsigned long)time(NULL));
  if (exec_all(st, drop, 3) || set_meta_bulk(st, st->token)) return -1;
  st->bulk = 1;
  return 0;
}

/* At close: the deltas, the indexes and the end of the bulk session, in
 * one transaction. If another writer repaired the database meanwhile
 * (it took us for dead), the rollups are rebuilt instead. */
static int bulk_end(dy_store *st) {
  if (!st->in_txn) {
    if (begin(st)) return -1;
    st->in_txn = 1;
  }
  char tok[64];
  int rc = query_text(st, "SELECT value FROM meta WHERE name = 'bulk'", tok, sizeof tok);
  if (rc == 0 && strcmp(tok, st->token) == 0)
    rc = write_rollups(st, 1) || exec_all(st, bulk_indexes, sizeof bulk_indexes / sizeof bulk_indexes[0]) ||
         set_meta_bulk(st, NULL);
  else if (rc == 0)
    rc = rebuild_rollups(st);
  st->bulk = 0;
  if (st->roll) dy_rollup_clear(st->roll);
  if (rc == 0) return dy_store_flush(st);
  char why[sizeof st->err];
  snprintf(why, sizeof why, "%s", st->err);
  rollback(st);
  store_err(st, "finishing the load failed: %s; the %u stories stored since the last commit were"
                " rolled back", why, st->pending);
  st->in_txn = 0;
  st->pending = 0;
  return -1;
}

int dy_store_close(dy_store **pst) {
  dy_store *st = *pst;
  if (!st) return 0;
  int rc = 0;
  if (st->bulk && bulk_end(st) != 0) {
    dy_diag(DY_ERROR, NULL, 0, "%s", st->err);
    rc = -1;
  } else if (st->in_txn && dy_store_flush(st) != 0) {
    dy_diag(DY_ERROR, NULL, 0, "%s", st->err);
    rollback(st);
    rc = -1;
  }
  for (int i = 0; i < Q__COUNT; i++) dy_stmt_free(&st->q[i]);
  for (int i = 0; i < 2; i++)
    for (int n = 0; n <= MULTI; n++) dy_stmt_free(&st->multi[i][n]);
  dy_rollup_free(&st->roll);
  free(st->stage);
  free(st->key);
  free(st->ids);
  free(st->keys);
  dy_pgload_free(&st->pgl);
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
  if (send_chunk(st, 0) != 0) return -1; /* PostgreSQL's buffered stories */
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
static const char *dedup_key(dy_store *st, dy_dedup mode, const char *story_id, dy_date date,
                             const dy_event *e, const char *event_id) {
  size_t n = strlen(story_id) + 32;
  if (n > st->capkey) {
    st->key = dy_xrealloc(st->key, n);
    st->capkey = n;
  }
  char *k = st->key;
  if (mode == DY_DEDUP_NONE || mode == DY_DEDUP_DEFAULT) {
    snprintf(k, n, "e%s/%s", story_id, event_id);
    return k;
  }
  char buf[128];
  size_t b = 0;
  b = put_sep(buf, b, sizeof buf, e->source);
  b = put_sep(buf, b, sizeof buf, e->target);
  b = put_sep(buf, b, sizeof buf, e->code);
  char h[17];
  hex64(dy_hash64(buf, b, DY_HASH_SEED), h);
  if (mode == DY_DEDUP_DAY && date) snprintf(k, n, "d%08d/%s", (int)date, h);
  else snprintf(k, n, "s%s/%s", story_id, h); /* also day mode when the date is unknown */
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

/* The n-row INSERT of sentences (which 0) or of --dedup none events
 * (which 1), prepared on first use. */
static const char multi_head[2][256] = {
    "INSERT INTO sentences (story, idx, text, sentence_id) VALUES ",
    "INSERT INTO events (key, event_id, story, sentence, date, day, source, target, code, root,"
    " quad_class, goldstein, plover, source_text, target_text, mentions, sources) VALUES "};
static const int multi_cols[2] = {4, 15};

static dy_stmt *multi_stmt(dy_store *st, int which, int n) {
  if (st->multi[which][n]) return st->multi[which][n];
  char sql[4096];
  size_t len = (size_t)snprintf(sql, sizeof sql, "%s", multi_head[which]);
  int p = 1;
  for (int r = 0; r < n; r++) {
    len += (size_t)snprintf(sql + len, sizeof sql - len, "%s(", r ? ", " : "");
    for (int c = 0; c < multi_cols[which]; c++)
      len += (size_t)snprintf(sql + len, sizeof sql - len, "%s?%d", c ? ", " : "", p++);
    len += (size_t)snprintf(sql + len, sizeof sql - len, "%s)", which ? ", 1, 1" : "");
  }
  if (which) snprintf(sql + len, sizeof sql - len, " ON CONFLICT (key) DO NOTHING");
  st->multi[which][n] = dy_db_prepare(st->db, sql);
  if (!st->multi[which][n]) db_fail(st);
  return st->multi[which][n];
}

/* SQLite has no insert trigger (it would run for every bulk insert too):
 * the new row's mentions (1) tell the store to add it to the rollups. */
static const char lite_event_sql[] =
    "INSERT INTO events (key, event_id, story, sentence, date, day, source, target, code,"
    " root, quad_class, goldstein, plover, source_text, target_text, mentions, sources)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, 1)"
    " ON CONFLICT (key) DO UPDATE SET mentions = events.mentions + 1,"
    " sources = (SELECT count(DISTINCT m.source) FROM mentions m WHERE m.key = excluded.key)"
    " RETURNING mentions";

static int prepare_put(dy_store *st) {
  int lite = dy_db_kind(st->db) == DY_DB_SQLITE;
  for (int i = 0; i < (lite ? Q__COUNT : Q_SAVEPOINT); i++) {
    const char *sql = lite && i == Q_EVENT ? lite_event_sql : put_sql[i];
    if (!st->q[i] && !(st->q[i] = dy_db_prepare(st->db, sql))) return db_fail(st);
  }
  for (int w = 0; w < 2; w++) /* now: PostgreSQL cannot prepare in pipeline mode */
    for (int n = 1; n <= MULTI; n++)
      if (!multi_stmt(st, w, n)) return -1;
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

/* Text is bound by reference (no copy): every caller runs the statement
 * while the value is alive (story memory, or a buffer of its own frame). */
static int bind_cstr(dy_stmt *s, int i, const char *v) {
  return v ? dy_stmt_bind_text_ref(s, i, v, strlen(v)) : dy_stmt_bind_null(s, i);
}

static int bind_span(dy_stmt *s, int i, dy_str v) {
  return v.n ? dy_stmt_bind_text_ref(s, i, v.p, v.n) : dy_stmt_bind_null(s, i);
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
    size_t n = strlen(id) + 3;
    if (2 * n > st->capkey) {
      st->key = dy_xrealloc(st->key, 2 * n);
      st->capkey = 2 * n;
    }
    char *lo = st->key, *hi = st->key + n;
    snprintf(lo, n, "e%s/", id);
    snprintf(hi, n, "e%s0", id); /* '0' follows '/' */
    rc = bind_cstr(d, 1, id) | bind_cstr(d, 2, lo) | bind_cstr(d, 3, hi);
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
  rc = rc ? db_fail(st) : run(st, q);
  dy_stmt_reset(q);
  free(fields);
  return rc;
}

/* Runs a bound statement, resets it; 0 or -1. */
static int run_reset(dy_store *st, dy_stmt *q, int bind_rc) {
  int rc = bind_rc ? db_fail(st) : run(st, q);
  dy_stmt_reset(q);
  return rc;
}

static int put_sentences(dy_store *st, const dy_story *s) {
  for (uint32_t i = 0; i < s->nsent; i += MULTI) {
    int n = s->nsent - i < MULTI ? (int)(s->nsent - i) : MULTI;
    dy_stmt *q = multi_stmt(st, 0, n);
    if (!q) return -1;
    int rc = 0;
    for (int r = 0; r < n; r++) {
      const dy_sentence *se = &s->sent[i + (uint32_t)r];
      rc |= bind_cstr(q, 4 * r + 1, s->id) | dy_stmt_bind_int(q, 4 * r + 2, i + (uint32_t)r) |
            bind_span(q, 4 * r + 3, se->text) | bind_span(q, 4 * r + 4, se->id);
    }
    if (run_reset(st, q, rc)) return -1;
  }
  return 0;
}

/* The event's date: its own, else the story's; 0 when unknown. */
static dy_date event_date(const dy_story *s, const dy_event *e) {
  dy_date date = e->date && dy_date_valid(e->date) ? e->date : s->date;
  return date && dy_date_valid(date) ? date : 0;
}

/* Binds the 15 values of an events row from parameter base + 1 on. */
static int bind_event(dy_stmt *q, int base, const dy_story *s, const dy_event *e, dy_date date,
                      const char *id, const char *key, const dy_code_info *ci) {
  const char *target = e->target[0] ? e->target : NULL;
  return bind_cstr(q, base + 1, key) | bind_cstr(q, base + 2, id) | bind_cstr(q, base + 3, s->id) |
         dy_stmt_bind_int(q, base + 4, e->sentence) |
         (date ? dy_stmt_bind_int(q, base + 5, date) : dy_stmt_bind_null(q, base + 5)) |
         (date ? dy_stmt_bind_int(q, base + 6, dy_date_to_days(date)) : dy_stmt_bind_null(q, base + 6)) |
         bind_cstr(q, base + 7, e->source) | bind_cstr(q, base + 8, target) |
         bind_cstr(q, base + 9, e->code) | bind_cstr(q, base + 10, ci->root[0] ? ci->root : NULL) |
         (ci->quad ? dy_stmt_bind_int(q, base + 11, ci->quad) : dy_stmt_bind_null(q, base + 11)) |
         (ci->has_goldstein ? dy_stmt_bind_double(q, base + 12, ci->goldstein)
                            : dy_stmt_bind_null(q, base + 12)) |
         bind_cstr(q, base + 13, ci->plover) | bind_span(q, base + 14, e->source_text) |
         bind_span(q, base + 15, e->target_text);
}

/* A new events row's rollup delta, kept until its story is stored. */
static void stage(dy_store *st, dy_date date, const dy_event *e, const dy_code_info *ci) {
  if (st->nstage == st->capstage) {
    st->capstage = st->capstage ? 2 * st->capstage : 64;
    st->stage = dy_xrealloc(st->stage, st->capstage * sizeof *st->stage);
  }
  int known = date && dy_date_valid(date);
  st->stage[st->nstage++] = (dy_rollup_event){
      .date = known ? (int32_t)date : 0,
      .day = known ? dy_date_to_days(date) : 0,
      .source = e->source,
      .target = e->target,
      .code = e->code,
      .root = {ci->root[0], ci->root[1], 0},
      .quad = ci->quad,
      .n = 1,
      .mentions = 1,
      .gn = ci->has_goldstein,
      .g10 = ci->has_goldstein ? llround(ci->goldstein * 10) : 0,
  };
}

static void stage(dy_store *st, dy_date date, const dy_event *e, const dy_code_info *ci);

/* --dedup story/day: a mentions row, then the events row or one more
 * mention of it. */
static int put_event(dy_store *st, const dy_story *s, const dy_event *e, const char *source,
                     dy_dedup mode) {
  char id[17];
  dy_date date = event_date(s, e);
  dy_event_id(s, e, id);
  const char *key = dedup_key(st, mode, s->id, date, e, id);
  dy_stmt *m = st->q[Q_MEN];
  int mrc = bind_cstr(m, 1, s->id) | bind_cstr(m, 2, id) | bind_cstr(m, 3, key) |
            dy_stmt_bind_int(m, 4, e->sentence) | bind_cstr(m, 5, source);
  mrc = mrc ? db_fail(st) : run(st, m);
  long long added = st->pipelined ? 1 : dy_stmt_changes(m); /* put_body skipped duplicates */
  dy_stmt_reset(m);
  if (mrc || added == 0) return mrc; /* added == 0: the same event twice in one sentence */
  dy_code_info ci;
  dy_store_code_info(e->code, &ci);
  dy_stmt *q = st->q[Q_EVENT];
  int rc = bind_event(q, 0, s, e, date, id, key, &ci);
  int fresh = 0; /* a new row, which no trigger counts (see LITE_V3) */
  if (rc) {
    rc = db_fail(st);
  } else if (dy_db_kind(st->db) == DY_DB_SQLITE) { /* RETURNING mentions */
    int step;
    while ((step = dy_stmt_step(q)) == DY_STEP_ROW) fresh = dy_stmt_int(q, 0) == 1;
    if (step == DY_STEP_ERROR) rc = db_fail(st);
  } else {
    rc = run(st, q); /* PostgreSQL's insert trigger counts it */
  }
  if (rc == 0 && fresh) stage(st, date, e, &ci);
  dy_stmt_reset(q);
  return rc;
}

/* --dedup none: every distinct event id of the story is an events row
 * (key "e" story "/" id), inserted MULTI at a time. The story's old rows
 * are gone (unstore), so each insert adds its row and its rollup delta. */
static int put_events_own(dy_store *st, const dy_story *s) {
  if (!s->nev) return 0;
  size_t klen = strlen(s->id) + 20, slot = klen + 17; /* a row's key, then its id */
  if (s->nev > st->capids) {
    st->capids = s->nev;
    st->ids = dy_xrealloc(st->ids, st->capids * sizeof *st->ids);
  }
  if (MULTI * slot > st->capkeys) {
    st->capkeys = MULTI * slot;
    st->keys = dy_xrealloc(st->keys, st->capkeys);
  }
  const dy_event *row[MULTI];
  dy_date date[MULTI];
  dy_code_info ci[MULTI];
  int n = 0;
  for (uint32_t i = 0; i <= s->nev; i++) {
    if (i < s->nev) {
      const dy_event *e = &s->ev[i];
      dy_event_id(s, e, st->ids[i]);
      uint32_t j = 0;
      while (j < i && memcmp(st->ids[j], st->ids[i], 16)) j++;
      if (j < i) continue; /* the same event again: one row */
      row[n] = e;
      date[n] = event_date(s, e);
      dy_store_code_info(e->code, &ci[n]);
      snprintf(st->keys + (size_t)n * slot, klen, "e%s/%s", s->id, st->ids[i]);
      memcpy(st->keys + (size_t)n * slot + klen, st->ids[i], 17);
      n++;
    }
    if (n == MULTI || (i == s->nev && n)) {
      dy_stmt *q = multi_stmt(st, 1, n);
      if (!q) return -1;
      int rc = 0;
      for (int r = 0; r < n; r++) {
        const char *k = st->keys + (size_t)r * slot;
        rc |= bind_event(q, 15 * r, s, row[r], date[r], k + klen, k, &ci[r]);
      }
      if (run_reset(st, q, rc)) return -1;
      for (int r = 0; r < n; r++) stage(st, date[r], row[r], &ci[r]);
      n = 0;
    }
  }
  return 0;
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
  if (mode == DY_DEDUP_NONE) return put_events_own(st, s);
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
  if (check_story(st, s)) return -1;
  if (st->pipelined) return put_pg(st, s, o);
  if (prepare_put(st)) return -1;
  if (!st->in_txn) {
    if (begin(st)) return -1;
    st->in_txn = 1;
  }
  if (!st->bulk_checked && bulk_begin(st) != 0) goto lost;
  if (check_dedup(st, o->dedup) || (st->pipelined && dy_db_pipeline_begin(st->db)) ||
      savepoint(st, Q_SAVEPOINT))
    goto lost;
  st->nstage = 0;
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
  if (st->nstage && !st->roll) st->roll = dy_rollup_new();
  for (size_t i = 0; i < st->nstage; i++) dy_rollup_add(st->roll, &st->stage[i]);
  if (++st->pending >= (o->batch ? o->batch : DY_STORE_BATCH)) return dy_store_flush(st);
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
    if (st->roll) dy_rollup_clear(st->roll);
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

int dy_store_bulk_loading(dy_store *st) {
  char tok[64];
  if (st->bulk) return 1;
  if (query_text(st, "SELECT value FROM meta WHERE name = 'bulk'", tok, sizeof tok) != 0) {
    dy_store_set_error(st, st->err);
    return -1;
  }
  return *tok != 0;
}
void dy_store_set_error(dy_store *st, const char *msg) { store_err(st, "%s", msg); }

/* ------------------------------------------------- PostgreSQL bulk path */

/* The stories of the transaction are lost: the rollback and its message. */
static int lose_txn(dy_store *st, const char *why, int drop_current) {
  char msg[sizeof st->err];
  snprintf(msg, sizeof msg, "%s", why);
  rollback(st);
  store_err(st, "%s; the %u stories stored since the last commit were rolled back", msg,
            st->pending + (unsigned)drop_current);
  if (st->pgl) dy_pgload_discard(st->pgl);
  if (st->roll) dy_rollup_clear(st->roll);
  st->in_txn = 0;
  st->pending = 0;
  return -1;
}

/* PostgreSQL: sends the buffered stories (inside the transaction). */
static int send_chunk(dy_store *st, int drop_current) {
  if (!st->pgl || !st->in_txn || !dy_pgload_stories(st->pgl)) return 0;
  if (dy_pgload_send(st->pgl, st->dedup) == 0) return 0;
  return lose_txn(st, dy_pgload_error(st->pgl), drop_current);
}

int dy_store_sync(dy_store *st) { return send_chunk(st, 0); }

long long dy_store_refused(const dy_store *st, long long *events) {
  if (events) *events = 0;
  return st->pgl ? dy_pgload_refused(st->pgl, events) : 0;
}

/* PostgreSQL: the story's rows go to the bulk writer (pgload.c), which
 * sends them a chunk at a time; a chunk is also sent before a story that
 * is already in it (so that the later version replaces the earlier) and
 * when it holds DY_PG_CHUNK_BYTES. */
#define DY_PG_CHUNK_BYTES (64u << 20)

static int put_pg_rows(dy_store *st, const dy_story *s) {
  const char *source = story_source(s);
  char date[11] = "", *fields = fields_json(s);
  if (s->date && dy_date_valid(s->date)) dy_date_format(s->date, date);
  dy_pgload_story(st->pgl, s, *date ? date : NULL, source, fields);
  free(fields);
  for (uint32_t i = 0; i < s->nsent; i++) dy_pgload_sentence(st->pgl, i, s->sent[i].text, s->sent[i].id);
  if (s->nev > st->capids) {
    st->capids = s->nev;
    st->ids = dy_xrealloc(st->ids, st->capids * sizeof *st->ids);
  }
  for (uint32_t i = 0; i < s->nev; i++) {
    const dy_event *e = &s->ev[i];
    dy_event_id(s, e, st->ids[i]);
    uint32_t j = 0; /* the same event again (same id): one row, one mention */
    while (j < i && memcmp(st->ids[j], st->ids[i], 16)) j++;
    if (j < i) continue;
    dy_code_info ci;
    dy_store_code_info(e->code, &ci);
    dy_date d = event_date(s, e);
    const char *key = dedup_key(st, st->dedup, s->id, d, e, st->ids[i]);
    dy_pgload_row r = {e, key, st->ids[i], d, &ci, st->dedup == DY_DEDUP_NONE ? NULL : source};
    dy_pgload_event(st->pgl, &r);
  }
  return dy_pgload_end(st->pgl);
}

static int put_pg(dy_store *st, const dy_story *s, const dy_store_opts *o) {
  if (!st->pgl) st->pgl = dy_pgload_new(st->db);
  if (!st->in_txn) {
    if (begin(st)) return -1;
    st->in_txn = 1;
  }
  if (check_dedup(st, o->dedup)) {
    if (!dy_db_in_txn(st->db)) return lose_txn(st, st->err, 0);
    return -1;
  }
  if (dy_pgload_has(st->pgl, s->id) && send_chunk(st, 0) != 0) return -1;
  if (put_pg_rows(st, s) != 0) {
    store_err(st, "story %s not stored: %s", s->id, dy_pgload_error(st->pgl));
    return -1;
  }
  if (++st->pending >= (o->batch ? o->batch : DY_STORE_BATCH)) return dy_store_flush(st);
  if (dy_pgload_bytes(st->pgl) >= DY_PG_CHUNK_BYTES) return send_chunk(st, 0);
  return 0;
}
