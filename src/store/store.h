/*
 * store.h — the event database: SQLite (default, one file) or PostgreSQL
 * (shared by a team), the same logical schema on both.
 *
 * Tables (created and migrated by dyad, see dy_store_migrate):
 *   stories(id, date, origin, source, fields)       one row per stored story
 *   sentences(story, idx, text, sentence_id)        every sentence of it
 *   events(key, event_id, story, sentence, date, day, source, target, code,
 *          root, quad_class, goldstein, plover, source_text, target_text,
 *          mentions, sources)                       the events analysts count
 *   mentions(story, event_id, key, sentence, source) every coded event that
 *                                                   reported an events row
 *   meta(name, value), schema_version(version)
 *   agg_code(date, day, code, root, quad, n, mentions, gn, g10)   rollups:
 *   agg_source(month, source, code, root, quad, ...)    event counts, their
 *   agg_target(month, target, code, root, quad, ...)    mentions, Goldstein
 *   agg_dyad(month, source, target, ...)                count and sum x 10
 *
 * Rollups (schema 3): `dyad query --count-by` reads the smallest rollup
 * that holds every dimension it groups and filters on (query.c choose():
 * agg_code per day for dates and codes, the others per month for actors,
 * so actor counts with a date range that is not whole months, or by day
 * or week, come from the events), with the same results as counting the
 * events (tested; dy_query.raw / --no-rollup forces the events). They are
 * kept in the same transaction as the events: deletes and mention updates
 * by triggers, inserts by the store (summed in memory and written at
 * commit) or, on PostgreSQL, by a trigger for --dedup story/day.
 *
 * Bulk load (SQLite): a write session whose first story finds no events
 * drops the secondary event indexes and writes its rollup sums only when
 * they grow large and at close, where it also builds the indexes; until
 * then meta 'bulk' tells queries not to trust the rollups (see store.c).
 *
 * Bulk load (PostgreSQL): dy_store_put_story checks the story's values
 * (PostgreSQL text holds no NUL and only valid UTF-8: a story with such a
 * value is refused, -1) and buffers its rows in COPY text format; the
 * rows go to the server a chunk at a time (at commit, before a story
 * already in the chunk, at 64 MB of rows, and before this handle's own
 * queries): COPY into session temp tables, then set-based statements
 * (pgload.c) that delete what the chunk's stories held and insert them
 * again, with the same results as storing them one by one. When the
 * server refuses a story (a constraint, an index row too long), the chunk
 * is replayed story by story, each in a savepoint: that story alone is
 * lost, reported by dy_diag and counted by dy_store_refused, although its
 * put returned 0. The transaction and batch rules below are unchanged.
 *
 * Deduplication (dy_dedup, fixed per database by its first write): with
 * "none" every coded event is an events row (mentions = sources = 1, and
 * the mentions table stays empty: each event is its only mention); with
 * "story" one row per (story, source, target, code); with "day" one row per
 * (date, source, target, code) across stories — the Phoenix one-a-day
 * rule. With story/day every coded event is kept as a mentions row (story,
 * sentence, its own event_id); events.mentions counts them and
 * events.sources counts the distinct news sources (the story's pass-through
 * field "source" when present, else its origin). events.story/sentence and
 * event_id are those of the first mention.
 *
 * Dates: events.date is an integer YYYYMMDD (as in GDELT/Phoenix) and
 * events.day the days since 1970-01-01 (for weeks); stories.date is text
 * YYYY-MM-DD. Unknown dates are NULL.
 *
 * Idempotence: storing a story deletes what the database held for that
 * story id and inserts it again, so re-coding the same input adds nothing
 * and coding it with new dictionaries replaces its events. A story is
 * stored whole or not at all (a savepoint per story; on PostgreSQL per
 * chunk, then per part of it: see Bulk load); stories are committed
 * in batches (opts.batch stories per transaction, and on flush/close), so a
 * crash loses at most the current batch and never leaves half a story.
 * SQLite runs in its default rollback-journal mode with synchronous=FULL:
 * with thousands of stories per commit the fsyncs cost nothing measurable,
 * and a commit survives a power cut, not only a crash. Connections are
 * opened NOMUTEX: a handle must be used by one thread at a time.
 *
 * Errors: functions returning int give 0 on success and -1 on failure; the
 * message ("sqlite: database is locked", ...) is in dy_store_error(). All
 * SQL goes through prepared statements with bound parameters.
 */
#ifndef DYAD_STORE_H
#define DYAD_STORE_H

#include "core/core.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dy_store dy_store;

/* DEFAULT (0, so zeroed options get it): the database's mode, none for a new one. */
typedef enum { DY_DEDUP_DEFAULT, DY_DEDUP_NONE, DY_DEDUP_STORY, DY_DEDUP_DAY } dy_dedup;

#define DY_STORE_BATCH 10000
#define DY_BULK_CELLS 200000 /* rollup cells a bulk load keeps in memory (~25 MB) */
typedef struct dy_store_opts {
  dy_dedup dedup;
  uint32_t batch; /* stories per transaction; 0 = default (DY_STORE_BATCH) */
} dy_store_opts;

enum dy_store_mode {
  DY_STORE_WRITE = 0,    /* read-write; creates the schema in an empty database */
  DY_STORE_READONLY = 1, /* queries only; never creates or changes anything */
  DY_STORE_RAW = 2,      /* read-write, no schema check (dyad db migrate) */
};

/* Opens URL: "sqlite:PATH", a bare PATH (SQLite; "sqlite:PATH?busy_timeout=MS"
 * sets how long to wait for a lock, default 5000), or "postgresql://..." /
 * "postgres://..." (a libpq URI). DY_STORE_WRITE initialises an empty
 * database and refuses one whose schema is older or newer than this dyad's
 * (run `dyad db migrate`). Returns NULL with a message in err on failure. */
dy_store *dy_store_open(const char *url, char *err, size_t errlen);
dy_store *dy_store_open_mode(const char *url, int mode, char *err, size_t errlen);

/* Commits what is pending and frees the handle; sets *st = NULL. Returns
 * -1 when the final commit fails (the message went to dy_diag). */
int dy_store_close(dy_store **st);

/* The message of the last failure. Valid until the next call. */
const char *dy_store_error(const dy_store *st);
const char *dy_store_backend(const dy_store *st); /* "sqlite" or "postgresql" */

/* Stores the story (id, date, origin, fields, sentences, events). Returns 0,
 * or -1 when nothing of it was stored (earlier stories are unaffected). */
int dy_store_put_story(dy_store *st, const dy_story *s, const dy_store_opts *o);
/* Commits the stories stored so far. */
int dy_store_flush(dy_store *st);
/* PostgreSQL: sends the stories buffered so far (without committing), so
 * that this handle's queries see them; dy_store_query and dy_store_count
 * do it themselves. 0 on SQLite. */
int dy_store_sync(dy_store *st);
/* Stories that dy_store_put_story accepted (returned 0) and the database
 * then refused when their chunk was sent (PostgreSQL, see "Bulk load
 * (PostgreSQL)"), and their events in *events (may be NULL). Each was
 * reported by dy_diag ("story ID not stored: ..."). 0 on SQLite. */
long long dy_store_refused(const dy_store *st, long long *events);

/* Schema. The latest version this dyad knows, the database's version
 * (0 = no schema), and migration up to `to` (0 = latest). */
int dy_store_schema_latest(void);
int dy_store_schema_version(dy_store *st, int *version);
int dy_store_migrate(dy_store *st, int to);

/* The database's dedup mode; DY_DEDUP_DEFAULT while nothing was stored. */
dy_dedup dy_store_dedup_mode(dy_store *st);

/* Row counts (for `dyad db info` and tests); -1 on error. */
long long dy_store_count(dy_store *st, const char *table);

/* Event ids are those of the output writer, dy_event_id() (src/output):
 * FNV-1a 64 over story_id \x1f sentence \x1f source \x1f target \x1f code. */

/* What the CAMEO tables (src/cameo) give for an event code: root = first
 * two digits, quad class from the root (01-05 -> 1, 06-08 -> 2, 09-13 -> 3,
 * 14-20 -> 4, else 0); the Goldstein weight and PLOVER type when the code
 * is in the codebook (else has_goldstein = 0, plover = NULL; PLOVER has no
 * type for roots 01 and 02). */
typedef struct dy_code_info {
  char root[3];
  int quad;
  int has_goldstein;
  double goldstein;
  const char *plover;
} dy_code_info;
void dy_store_code_info(const char *code, dy_code_info *out);

/* ------------------------------------------------------------- queries */

/* Actor and event codes match by PREFIX: source "RUS" matches RUS, RUSGOV,
 * RUSMIL...; code "05" matches 05, 051, 0512. root is exact (two digits). */
typedef enum {
  DY_GROUP_NONE, DY_GROUP_DAY, DY_GROUP_WEEK, DY_GROUP_MONTH, DY_GROUP_ROOT,
  DY_GROUP_QUAD, DY_GROUP_SOURCE, DY_GROUP_TARGET, DY_GROUP_DYAD
} dy_group;

typedef struct dy_query {
  dy_date from, to;           /* inclusive; 0 = open */
  const char *source, *target; /* prefixes, NULL = any */
  const char *actor;          /* prefix matching source or target */
  const char *dyad_a, *dyad_b; /* directed: source prefix A and target prefix B */
  const char *code;           /* prefix */
  const char *root;           /* exact */
  int quad;                   /* 1-4, 0 = any */
  dy_group group;
  long long limit;            /* 0 = no limit */
  int raw;                    /* count from the events, never the rollups (to check them) */
  char *own;                  /* storage for values dy_query_set split */
} dy_query;

/* Sets the filter or grouping of command-line option NAME (without "--":
 * from, to, source, target, actor, dyad (A,B), code, root, quad, count-by,
 * limit) from its value. Returns 0, -1 with a message in err for a bad
 * value, 1 for an unknown name. dy_query_clear frees what it kept. */
int dy_query_set(dy_query *q, const char *name, const char *val, char *err, size_t errlen);
void dy_query_clear(dy_query *q);

/* One result row. For DY_GROUP_NONE the event fields are set; otherwise
 * key (the group: "2018-01-31", "2018-01" (month), the Monday of the week,
 * "05", "1", "RUSGOV", "RUSGOV-SYROPP"), count, mentions and the goldstein
 * mean and sum (has_goldstein = 0 when no event of the group has one).
 * Strings are valid during the callback only; NULL target = no target. */
typedef struct dy_query_row {
  const char *key;
  long long count, mentions;
  int has_goldstein;
  double goldstein_mean, goldstein_sum;
  /* events */
  const char *event_id, *story, *date, *source, *target, *code, *root, *plover;
  const char *source_text, *target_text, *sentence_id;
  const char *text;            /* the sentence */
  long long sentence, sources;
  int quad;
} dy_query_row;

typedef int (*dy_query_fn)(const dy_query_row *row, void *ctx); /* nonzero stops */

/* Runs q, calling fn per row in order (date, story, sentence for events;
 * the key for groups). Returns the number of rows, or -1 on error. */
long long dy_store_query(dy_store *st, const dy_query *q, dy_query_fn fn, void *ctx);

const char *dy_group_name(dy_group g);
int dy_group_parse(const char *s, dy_group *out);         /* -1 when unknown */
int dy_dedup_parse(const char *s, dy_dedup *out);         /* -1 when unknown */
const char *dy_dedup_name(dy_dedup d);

/* ------------------------------------------ internal: the backend layer */

/* A thin layer over sqlite3 and libpq used by store.c and query.c. SQL is
 * written once with ?N placeholders (SQLite syntax); the PostgreSQL side
 * rewrites them to $N. Text parameters are copied at bind time. */
typedef struct dy_db dy_db;
typedef struct dy_stmt dy_stmt;
enum { DY_DB_SQLITE, DY_DB_PG };
enum { DY_STEP_ERROR = -1, DY_STEP_DONE = 0, DY_STEP_ROW = 1 };

/* The store's connection, and setting its error message (query.c). */
dy_db *dy_store_db(dy_store *st);
/* 1 while a bulk load has not finished (the rollups are incomplete), 0
 * when they can be used, -1 on error. */
int dy_store_bulk_loading(dy_store *st);
void dy_store_set_error(dy_store *st, const char *msg);

dy_db *dy_db_open(const char *url, int readonly, char *err, size_t errlen);
void dy_db_close(dy_db **db);
int dy_db_kind(const dy_db *db);
const char *dy_db_error(const dy_db *db);
int dy_db_exec(dy_db *db, const char *sql);   /* no parameters, no rows */
dy_stmt *dy_db_prepare(dy_db *db, const char *sql);
void dy_stmt_free(dy_stmt **st);
int dy_stmt_bind_text(dy_stmt *st, int i, const char *p, size_t n); /* i from 1; p NULL = SQL NULL */
int dy_stmt_bind_int(dy_stmt *st, int i, long long v);
int dy_stmt_bind_double(dy_stmt *st, int i, double v);
int dy_stmt_bind_null(dy_stmt *st, int i);
/* PostgreSQL pipeline mode (no-ops on SQLite): between begin and sync,
 * dy_stmt_step and dy_db_exec only send (they return DONE / 0 and no rows
 * or changes); sync sends the batch, waits, and returns -1 with the first
 * error, after which the rest of the batch was not run. end leaves the
 * mode (after a sync). Saves one network round trip per statement. */
int dy_db_pipeline_begin(dy_db *db);
int dy_db_pipeline_sync(dy_db *db);
void dy_db_pipeline_end(dy_db *db);
int dy_db_in_txn(dy_db *db);                   /* a transaction is still open */
int dy_stmt_step(dy_stmt *st);                /* DY_STEP_* */
int dy_stmt_reset(dy_stmt *st);               /* ready to bind and run again */
long long dy_stmt_changes(dy_stmt *st);       /* rows changed by the last run */
int dy_stmt_is_null(dy_stmt *st, int col);    /* columns from 0 */
const char *dy_stmt_text(dy_stmt *st, int col); /* "" for NULL */
long long dy_stmt_int(dy_stmt *st, int col);
double dy_stmt_double(dy_stmt *st, int col);
/* Like dy_stmt_bind_text, but SQLite keeps a reference instead of a copy:
 * p must stay valid until the statement is stepped and reset. */
int dy_stmt_bind_text_ref(dy_stmt *st, int i, const char *p, size_t n);

/* COPY sql FROM STDIN with n bytes of rows in COPY text format (PostgreSQL
 * only, outside pipeline mode). 0, or -1 with the error. */
int dy_db_copy(dy_db *db, const char *sql, const char *data, size_t n);

/* PostgreSQL COPY text format (pgload.c). dy_copy_value appends one value
 * escaped (backslash, tab, newline, carriage return; p NULL = \\N), or
 * returns -1 with why set and b unchanged when PostgreSQL could not store
 * it: a NUL byte, or bytes that are not valid UTF-8. */
typedef struct dy_copybuf {
  char *p;
  size_t n, cap;
} dy_copybuf;
int dy_copy_value(dy_copybuf *b, const char *p, size_t n, const char **why);
void dy_copy_int(dy_copybuf *b, long long v);
void dy_copy_double(dy_copybuf *b, double v);
void dy_copy_char(dy_copybuf *b, char c);
void dy_copybuf_free(dy_copybuf *b);

/* The PostgreSQL bulk writer (pgload.c; see "Bulk load (PostgreSQL)"):
 * a story is dy_pgload_story, its rows, then dy_pgload_end (-1: a value
 * was refused, the story's rows are dropped, message in dy_pgload_error).
 * dy_pgload_send sends the chunk inside the caller's transaction: 0 (the
 * stories the server refused were reported by dy_diag and counted in
 * dy_pgload_refused), or -1 when the chunk failed as a whole (the
 * transaction is then aborted). Either way the chunk is emptied. */
typedef struct dy_pgload dy_pgload;
typedef struct dy_pgload_row {
  const dy_event *ev;
  const char *key, *event_id;
  dy_date date;              /* 0 = unknown */
  const dy_code_info *ci;
  const char *msource;       /* the mention's news source (--dedup story/day) */
} dy_pgload_row;
dy_pgload *dy_pgload_new(dy_db *db);
void dy_pgload_free(dy_pgload **pl);
int dy_pgload_has(const dy_pgload *pl, const char *story_id); /* in the unsent chunk */
void dy_pgload_story(dy_pgload *pl, const dy_story *s, const char *date, const char *source,
                     const char *fields);
void dy_pgload_sentence(dy_pgload *pl, uint32_t idx, dy_str text, dy_str id);
void dy_pgload_event(dy_pgload *pl, const dy_pgload_row *r);
int dy_pgload_end(dy_pgload *pl);
int dy_pgload_send(dy_pgload *pl, dy_dedup mode);
void dy_pgload_discard(dy_pgload *pl);
uint32_t dy_pgload_stories(const dy_pgload *pl);
size_t dy_pgload_bytes(const dy_pgload *pl);
long long dy_pgload_refused(const dy_pgload *pl, long long *events);
const char *dy_pgload_error(const dy_pgload *pl);

/* The rollups' pending deltas (rollup.c): bulk-inserted events are added
 * here and written at commit, one upsert per touched cell of agg_code,
 * agg_source, agg_target and agg_dyad (in that order in up[]). */
typedef struct dy_rollup dy_rollup;
typedef struct dy_rollup_event {
  int32_t date, day;          /* YYYYMMDD and days since 1970; 0, 0 = unknown */
  const char *source, *target, *code; /* "" for a null target; the story's memory */
  char root[3];               /* "" for none */
  int quad;                   /* 0 = none */
  long long n, mentions, gn, g10; /* the deltas; g10 = Goldstein x 10 */
} dy_rollup_event;
dy_rollup *dy_rollup_new(void);
void dy_rollup_free(dy_rollup **r);
void dy_rollup_add(dy_rollup *r, const dy_rollup_event *e);
void dy_rollup_clear(dy_rollup *r);
size_t dy_rollup_cells(const dy_rollup *r);
/* Runs the upserts (returns -1 with the backend's error) and empties r. */
int dy_rollup_write(dy_rollup *r, dy_stmt *const up[4]);

#endif
