/* The backend layer: one small prepared-statement API over sqlite3 and
 * libpq, so that the store and the queries are written once. Every value
 * reaches the database as a bound parameter, never spliced into SQL. */
#include "store/store.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct dy_db {
  int kind;
  sqlite3 *lite;
  PGconn *pg;
  unsigned nstmt; /* names PostgreSQL prepared statements */
  int pipeline;   /* in PostgreSQL pipeline mode */
  int sent;       /* queries sent since the last sync */
  char err[1024];
};

struct dy_stmt {
  dy_db *db;
  sqlite3_stmt *lite;
  /* PostgreSQL: the statement name, text parameters, the current result */
  char name[24];
  int nparam;
  char **param;
  PGresult *res;
  int row, nrow;
  int streaming;   /* a query is running in single-row mode */
  int finished;    /* its last result was read: DONE until reset */
  long long changes;
};

static void set_err(dy_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(dy_db *db, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(db->err, sizeof db->err, fmt, ap);
  va_end(ap);
  size_t n = strlen(db->err); /* libpq messages end in newlines */
  while (n && (db->err[n - 1] == '\n' || db->err[n - 1] == ' ')) db->err[--n] = 0;
}

static void lite_err(dy_db *db, int rc) {
  const char *msg = sqlite3_errmsg(db->lite);
  int base = rc & 0xff;
  if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
    set_err(db, "sqlite: database is locked by another connection (%s); nothing of the "
                "current batch was written, try again", msg);
  else if (base == SQLITE_READONLY)
    set_err(db, "sqlite: database is read-only (%s)", msg);
  else if (base == SQLITE_FULL)
    set_err(db, "sqlite: database or disk is full (%s); stories committed before are kept", msg);
  else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
    set_err(db, "sqlite: database file is corrupt or not a database (%s)", msg);
  else
    set_err(db, "sqlite: %s", msg);
}

/* The primary message (and detail) only: no "LINE 1: ..." excerpts. */
static void pg_err(dy_db *db, const PGresult *res) {
  const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
  if (!msg || !*msg) msg = PQerrorMessage(db->pg);
  set_err(db, "postgresql: %s%s%s", msg, detail ? ": " : "", detail ? detail : "");
}

static void pg_quiet(void *arg, const char *msg) {
  (void)arg;
  (void)msg; /* NOTICEs ("relation already exists, skipping") are not errors */
}

int dy_db_kind(const dy_db *db) { return db->kind; }
const char *dy_db_error(const dy_db *db) { return db->err; }

/* "sqlite:PATH?busy_timeout=MS" or a bare PATH. */
static dy_db *open_sqlite(const char *url, int readonly, char *err, size_t errlen) {
  int has_prefix = !strncmp(url, "sqlite:", 7);
  const char *path = has_prefix ? url + 7 : url;
  char *p = dy_xstrdup(path);
  int timeout = 5000;
  char *q = has_prefix ? strchr(p, '?') : NULL;
  if (q) {
    *q++ = 0;
    if (!strncmp(q, "busy_timeout=", 13)) timeout = atoi(q + 13);
    else {
      snprintf(err, errlen, "sqlite: unknown URL parameter '%s' (known: busy_timeout=MS)", q);
      free(p);
      return NULL;
    }
  }
  if (!*p) {
    snprintf(err, errlen, "sqlite: empty database path");
    free(p);
    return NULL;
  }
  struct stat sb;
  if (readonly && stat(p, &sb) != 0) {
    snprintf(err, errlen, "sqlite: %s: %s", p, strerror(errno));
    free(p);
    return NULL;
  }
  /* No memory statistics: they take a global mutex on every allocation.
   * (Only possible before SQLite initialises; later calls just fail.) */
  static int configured;
  if (!configured) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    configured = 1;
  }
  dy_db *db = dy_xcalloc(1, sizeof *db);
  db->kind = DY_DB_SQLITE;
  /* NOMUTEX: a connection is used by one thread at a time (the store's
   * contract), so SQLite's per-call locking is pure cost. */
  /* Read-only handles open the file read-write when they may, with
   * query_only set: a writer killed mid-transaction leaves a hot journal,
   * which only a connection that can write is allowed to roll back. (On a
   * write-protected file SQLite opens read-only by itself.) */
  int flags = SQLITE_OPEN_READWRITE | (readonly ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(p, &db->lite, flags, NULL);
  if (rc != SQLITE_OK) {
    snprintf(err, errlen, "sqlite: %s: %s", p, db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
    free(p);
    dy_db_close(&db);
    return NULL;
  }
  free(p);
  sqlite3_busy_timeout(db->lite, timeout);
  /* Per-story savepoints write sub-journals: keep them (and temp indexes)
   * in memory, and give the page cache room for a batch. */
  dy_db_exec(db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536");
  /* Touch the file so that "not a database" shows up here, not later. */
  if ((readonly && dy_db_exec(db, "PRAGMA query_only = 1") != 0) ||
      dy_db_exec(db, "PRAGMA schema_version") != 0) {
    snprintf(err, errlen, "%s", db->err);
    dy_db_close(&db);
    return NULL;
  }
  return db;
}

static dy_db *open_pg(const char *url, int readonly, char *err, size_t errlen) {
  dy_db *db = dy_xcalloc(1, sizeof *db);
  db->kind = DY_DB_PG;
  db->pg = PQconnectdb(url);
  if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
    snprintf(err, errlen, "postgresql: cannot connect: %s",
             db->pg ? PQerrorMessage(db->pg) : "out of memory");
    size_t n = strlen(err);
    while (n && err[n - 1] == '\n') err[--n] = 0;
    dy_db_close(&db);
    return NULL;
  }
  PQsetNoticeProcessor(db->pg, pg_quiet, NULL);
  PQsetClientEncoding(db->pg, "UTF8");
  if (readonly && dy_db_exec(db, "SET default_transaction_read_only = on") != 0) {
    snprintf(err, errlen, "%s", db->err);
    dy_db_close(&db);
    return NULL;
  }
  return db;
}

dy_db *dy_db_open(const char *url, int readonly, char *err, size_t errlen) {
  if (!url || !*url) {
    snprintf(err, errlen, "empty database URL");
    return NULL;
  }
  if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
    return open_pg(url, readonly, err, errlen);
  if (strstr(url, "://")) {
    snprintf(err, errlen, "unsupported database URL '%s' (use sqlite:PATH, PATH or postgresql://...)", url);
    return NULL;
  }
  return open_sqlite(url, readonly, err, errlen);
}

void dy_db_close(dy_db **pdb) {
  dy_db *db = *pdb;
  if (!db) return;
  if (db->lite) sqlite3_close_v2(db->lite);
  if (db->pg) PQfinish(db->pg);
  free(db);
  *pdb = NULL;
}

int dy_db_exec(dy_db *db, const char *sql) {
  if (db->kind == DY_DB_SQLITE) {
    char *msg = NULL;
    int rc = sqlite3_exec(db->lite, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) {
      lite_err(db, rc);
      return -1;
    }
    return 0;
  }
  if (db->pipeline) {
    if (!PQsendQueryParams(db->pg, sql, 0, NULL, NULL, NULL, NULL, 0)) {
      pg_err(db, NULL);
      return -1;
    }
    db->sent++;
    return 0;
  }
  PGresult *res = PQexec(db->pg, sql);
  ExecStatusType s = PQresultStatus(res);
  int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  if (!ok) pg_err(db, res);
  PQclear(res);
  return ok ? 0 : -1;
}

/* ?N -> $N outside quotes; returns the highest N. */
static char *pg_sql(const char *sql, int *nparam) {
  size_t n = strlen(sql);
  char *out = dy_xmalloc(n + 1);
  int quote = 0, max = 0;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    char c = sql[i];
    if (c == '\'') quote = !quote;
    if (!quote && c == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out[j++] = '$';
      int v = atoi(sql + i + 1);
      if (v > max) max = v;
      continue;
    }
    out[j++] = c;
  }
  out[j] = 0;
  *nparam = max;
  return out;
}

dy_stmt *dy_db_prepare(dy_db *db, const char *sql) {
  dy_stmt *st = dy_xcalloc(1, sizeof *st);
  st->db = db;
  if (db->kind == DY_DB_SQLITE) {
    int rc = sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL);
    if (rc != SQLITE_OK) {
      lite_err(db, rc);
      free(st);
      return NULL;
    }
    return st;
  }
  char *q = pg_sql(sql, &st->nparam);
  snprintf(st->name, sizeof st->name, "dy%u", db->nstmt++);
  PGresult *res = PQprepare(db->pg, st->name, q, 0, NULL);
  free(q);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    pg_err(db, res);
    PQclear(res);
    free(st);
    return NULL;
  }
  PQclear(res);
  st->param = dy_xcalloc((size_t)st->nparam + 1, sizeof *st->param);
  return st;
}

static void pg_clear(dy_stmt *st) {
  if (st->res) PQclear(st->res);
  st->res = NULL;
  st->row = st->nrow = 0;
  if (st->streaming) { /* stopped early: read (and drop) the rest */
    PGresult *r;
    while ((r = PQgetResult(st->db->pg))) PQclear(r);
    st->streaming = 0;
  }
  st->finished = 0;
}

/* Rows arrive one at a time (single-row mode), so that a query over
 * millions of events does not first gather them all in memory. */
static int pg_next(dy_stmt *st) {
  if (st->finished) return DY_STEP_DONE;
  if (!st->streaming) {
    if (!PQsendQueryPrepared(st->db->pg, st->name, st->nparam, (const char *const *)st->param, NULL,
                             NULL, 0)) {
      pg_err(st->db, NULL);
      return DY_STEP_ERROR;
    }
    PQsetSingleRowMode(st->db->pg);
    st->streaming = 1;
  }
  if (st->res) PQclear(st->res);
  st->res = PQgetResult(st->db->pg);
  st->row = 0;
  st->nrow = 0;
  ExecStatusType s = st->res ? PQresultStatus(st->res) : PGRES_COMMAND_OK;
  if (s == PGRES_SINGLE_TUPLE) {
    st->nrow = 1;
    return DY_STEP_ROW;
  }
  int rc = DY_STEP_DONE;
  if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
    const char *t = st->res ? PQcmdTuples(st->res) : "";
    st->changes = *t ? atoll(t) : 0;
  } else {
    pg_err(st->db, st->res);
    rc = DY_STEP_ERROR;
  }
  pg_clear(st); /* reads the NULL that ends the query */
  st->finished = rc == DY_STEP_DONE;
  return rc;
}

void dy_stmt_free(dy_stmt **pst) {
  dy_stmt *st = *pst;
  if (!st) return;
  if (st->lite) sqlite3_finalize(st->lite);
  if (st->param) {
    for (int i = 0; i < st->nparam; i++) free(st->param[i]);
    free(st->param);
  }
  pg_clear(st);
  free(st);
  *pst = NULL;
}

static int pg_param(dy_stmt *st, int i, char *v) {
  if (i < 1 || i > st->nparam) {
    set_err(st->db, "internal: parameter %d out of range", i);
    free(v);
    return -1;
  }
  free(st->param[i - 1]);
  st->param[i - 1] = v;
  return 0;
}

int dy_stmt_bind_text(dy_stmt *st, int i, const char *p, size_t n) {
  if (!p) return dy_stmt_bind_null(st, i);
  if (st->lite) {
    int rc = sqlite3_bind_text64(st->lite, i, p, n, SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) lite_err(st->db, rc);
    return rc == SQLITE_OK ? 0 : -1;
  }
  if (memchr(p, 0, n)) {
    set_err(st->db, "postgresql: a text value contains a NUL byte, which PostgreSQL cannot store");
    return -1;
  }
  char *v = dy_xmalloc(n + 1);
  memcpy(v, p, n);
  v[n] = 0;
  return pg_param(st, i, v);
}

int dy_stmt_bind_text_ref(dy_stmt *st, int i, const char *p, size_t n) {
  if (!p || !st->lite) return dy_stmt_bind_text(st, i, p, n);
  int rc = sqlite3_bind_text64(st->lite, i, p, n, SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) lite_err(st->db, rc);
  return rc == SQLITE_OK ? 0 : -1;
}

int dy_stmt_bind_int(dy_stmt *st, int i, long long v) {
  if (st->lite) {
    int rc = sqlite3_bind_int64(st->lite, i, v);
    if (rc != SQLITE_OK) lite_err(st->db, rc);
    return rc == SQLITE_OK ? 0 : -1;
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", v);
  return pg_param(st, i, dy_xstrdup(buf));
}

int dy_stmt_bind_double(dy_stmt *st, int i, double v) {
  if (st->lite) {
    int rc = sqlite3_bind_double(st->lite, i, v);
    if (rc != SQLITE_OK) lite_err(st->db, rc);
    return rc == SQLITE_OK ? 0 : -1;
  }
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", v);
  return pg_param(st, i, dy_xstrdup(buf));
}

int dy_stmt_bind_null(dy_stmt *st, int i) {
  if (st->lite) {
    int rc = sqlite3_bind_null(st->lite, i);
    if (rc != SQLITE_OK) lite_err(st->db, rc);
    return rc == SQLITE_OK ? 0 : -1;
  }
  return pg_param(st, i, NULL);
}

int dy_stmt_step(dy_stmt *st) {
  if (st->lite) {
    int rc = sqlite3_step(st->lite);
    if (rc == SQLITE_ROW) return DY_STEP_ROW;
    if (rc == SQLITE_DONE) {
      st->changes = sqlite3_changes64(st->db->lite);
      return DY_STEP_DONE;
    }
    lite_err(st->db, rc);
    sqlite3_reset(st->lite);
    return DY_STEP_ERROR;
  }
  if (st->db->pipeline) {
    if (!PQsendQueryPrepared(st->db->pg, st->name, st->nparam, (const char *const *)st->param, NULL,
                             NULL, 0)) {
      pg_err(st->db, NULL);
      return DY_STEP_ERROR;
    }
    st->db->sent++;
    st->changes = 0;
    return DY_STEP_DONE;
  }
  return pg_next(st);
}

int dy_stmt_reset(dy_stmt *st) {
  if (st->lite) {
    sqlite3_reset(st->lite);
    sqlite3_clear_bindings(st->lite);
    return 0;
  }
  pg_clear(st);
  for (int i = 0; i < st->nparam; i++) {
    free(st->param[i]);
    st->param[i] = NULL;
  }
  return 0;
}

long long dy_stmt_changes(dy_stmt *st) { return st->changes; }

int dy_stmt_is_null(dy_stmt *st, int col) {
  if (st->lite) return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
  return !st->res || PQgetisnull(st->res, st->row, col);
}

const char *dy_stmt_text(dy_stmt *st, int col) {
  if (st->lite) {
    const unsigned char *t = sqlite3_column_text(st->lite, col);
    return t ? (const char *)t : "";
  }
  if (!st->res || st->row >= st->nrow) return "";
  return PQgetvalue(st->res, st->row, col);
}

long long dy_stmt_int(dy_stmt *st, int col) {
  if (st->lite) return sqlite3_column_int64(st->lite, col);
  return atoll(dy_stmt_text(st, col));
}

double dy_stmt_double(dy_stmt *st, int col) {
  if (st->lite) return sqlite3_column_double(st->lite, col);
  return strtod(dy_stmt_text(st, col), NULL);
}

int dy_db_in_txn(dy_db *db) {
  if (db->kind == DY_DB_SQLITE) return !sqlite3_get_autocommit(db->lite);
  PGTransactionStatusType t = PQtransactionStatus(db->pg);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

int dy_db_pipeline_begin(dy_db *db) {
  if (db->kind != DY_DB_PG || db->pipeline) return 0;
  if (!PQenterPipelineMode(db->pg)) {
    pg_err(db, NULL);
    return -1;
  }
  db->pipeline = 1;
  db->sent = 0;
  return 0;
}

int dy_db_pipeline_sync(dy_db *db) {
  if (!db->pipeline) return 0;
  if (!PQpipelineSync(db->pg)) {
    pg_err(db, NULL);
    return -1;
  }
  int rc = 0;
  /* One result per query (each followed by a NULL), then the sync marker. */
  for (;;) {
    PGresult *res = PQgetResult(db->pg);
    if (!res) {
      if (PQstatus(db->pg) != CONNECTION_OK) {
        if (rc == 0) pg_err(db, NULL);
        return -1;
      }
      continue;
    }
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_PIPELINE_SYNC) {
      PQclear(res);
      break;
    }
    if (s == PGRES_FATAL_ERROR && rc == 0) {
      pg_err(db, res);
      rc = -1;
    }
    PQclear(res);
  }
  db->sent = 0;
  return rc;
}

void dy_db_pipeline_end(dy_db *db) {
  if (!db->pipeline) return;
  PQexitPipelineMode(db->pg);
  db->pipeline = 0;
}

/* COPY ... FROM STDIN with the rows in data (COPY text format), in
 * pieces of at most 1 MB (libpq's send buffer grows to what it is given). */
int dy_db_copy(dy_db *db, const char *sql, const char *data, size_t n) {
  if (db->kind != DY_DB_PG || db->pipeline) {
    set_err(db, "internal: COPY needs a PostgreSQL connection outside pipeline mode");
    return -1;
  }
  PGresult *res = PQexec(db->pg, sql);
  if (PQresultStatus(res) != PGRES_COPY_IN) {
    pg_err(db, res);
    PQclear(res);
    return -1;
  }
  PQclear(res);
  int ok = 1;
  for (size_t off = 0; ok && off < n;) {
    size_t k = n - off < (1u << 20) ? n - off : (1u << 20);
    ok = PQputCopyData(db->pg, data + off, (int)k) == 1;
    off += k;
  }
  if (!ok) pg_err(db, NULL);
  if (PQputCopyEnd(db->pg, ok ? NULL : "dyad: sending the rows failed") != 1 && ok) {
    pg_err(db, NULL);
    ok = 0;
  }
  while ((res = PQgetResult(db->pg))) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && ok) {
      pg_err(db, res);
      ok = 0;
    }
    PQclear(res);
  }
  return ok ? 0 : -1;
}
