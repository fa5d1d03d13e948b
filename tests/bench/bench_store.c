/* Store benchmark: inserts a year of generated events into a database and
 * times aggregations over it.
 *   bench_store URL EVENTS [EVENTS_PER_STORY]     (EVENTS 0: queries only)
 * BENCH_BATCH in the environment sets the stories per transaction,
 * BENCH_DEDUP the --dedup mode (none by default). The
 * load is timed up to the store's close (on an empty SQLite database that
 * includes building the indexes and writing the rollups); then 1% more
 * events are appended to the now full database (the per-commit path) and
 * timed, and the queries run on a fresh read-only handle, each twice
 * (cold, then warm). Prints events/s and one line per query. */
#include "core/core.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const countries[] = {"RUS", "UKR", "USA", "CHN", "FRA", "DEU", "GBR", "SYR",
                                        "IRN", "ISR", "PSE", "TUR", "IND", "PAK", "AFG", "IRQ",
                                        "EGY", "NGA", "BRA", "MEX", "JPN", "KOR", "PRK", "SAU"};
static const char *const roles[] = {"", "GOV", "MIL", "REB", "OPP", "COP", "BUS", "MED"};
static const char *const codes[] = {"010", "020", "036", "042", "043", "051", "057", "061",
                                    "071", "081", "090", "111", "112", "120", "130", "138",
                                    "141", "150", "163", "172", "173", "180", "183", "190",
                                    "193", "195", "200", "0311", "0841", "1823"};

static uint64_t rng = 88172645463325252ULL;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}
#define PICK(a) a[next() % (sizeof a / sizeof a[0])]

static void actor(char *out, size_t n) {
  snprintf(out, n, "%s%s", PICK(countries), PICK(roles));
}

static dy_story *make_story(long i, dy_date d, int nev) {
  dy_story *s = dy_story_new();
  s->id = dy_arena_printf(s->arena, "bench-%08ld", i);
  s->date = d;
  s->origin = "bench";
  s->sent = dy_arena_alloc(s->arena, (size_t)nev * sizeof *s->sent);
  s->nsent = (uint32_t)nev;
  for (int k = 0; k < nev; k++) {
    char *t = dy_arena_printf(s->arena, "Sentence %d of story %ld, with some words in it.", k, i);
    s->sent[k].text = (dy_str){t, (uint32_t)strlen(t)};
    dy_event *e = dy_story_add_event(s);
    e->sentence = (uint32_t)k;
    actor(e->source, sizeof e->source);
    actor(e->target, sizeof e->target);
    snprintf(e->code, sizeof e->code, "%s", PICK(codes));
    e->source_text = DY_STR_LIT("the government");
  }
  return s;
}

static void query(dy_store *st, const char *name, dy_query q) {
  double dt[2], cpu = 0;
  long long n = 0;
  for (int k = 0; k < 2; k++) {
    double t = now();
    clock_t c0 = clock();
    n = dy_store_query(st, &q, NULL, NULL);
    dt[k] = now() - t;
    cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
  }
  if (n < 0) fprintf(stderr, "query %s: %s\n", name, dy_store_error(st));
  printf("query %-42s %8lld rows %7.3f s, warm %7.3f s (client CPU %.3f s)\n", name, n, dt[0], dt[1],
         cpu);
}

/* Stores stories [from, to) of `stories` spread over 2018; returns 0. */
static int load(dy_store *st, long from, long to, long stories, int per, const dy_store_opts *o) {
  int32_t d0 = dy_date_to_days(20180101);
  double t0 = now();
  for (long i = from; i < to; i++) {
    dy_date d = dy_date_from_days(d0 + (int32_t)(i % stories * 365 / stories)); /* a year, in order */
    dy_story *s = make_story(i, d, per);
    if (dy_store_put_story(st, s, o) != 0) {
      fprintf(stderr, "put: %s\n", dy_store_error(st));
      return 1;
    }
    dy_story_free(&s);
    if ((i + 1) % 250000 == 0 && to - from > 250000) { /* progress, for long runs */
      printf("  ... %ld events at %.0f s\n", (i + 1 - from) * per, now() - t0);
      fflush(stdout);
    }
  }
  return 0;
}

/* PostgreSQL on this machine: the CPU seconds (user + system) the
 * server process of st's connection has used so far, from /proc; -1 when
 * not known (SQLite, a remote server). */
static double backend_cpu(dy_store *st) {
  if (strcmp(dy_store_backend(st), "postgresql")) return -1;
  dy_stmt *q = dy_db_prepare(dy_store_db(st), "SELECT pg_backend_pid()");
  long pid = q && dy_stmt_step(q) == DY_STEP_ROW ? (long)dy_stmt_int(q, 0) : 0;
  dy_stmt_free(&q);
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE *f = pid ? fopen(path, "r") : NULL;
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  const char *p = strrchr(buf, ')'); /* fields after the command name */
  unsigned long long ut = 0, stime = 0;
  if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &stime) != 2)
    return -1;
  return (double)(ut + stime) / (double)sysconf(_SC_CLK_TCK);
}

static void report(const char *what, const char *backend, long events, long stories, double dt, double cpu) {
  printf("backend %s: %s %ld events (%ld stories) in %.2f s = %.0f events/s"
         " (this process's CPU: %.2f s = %.0f events/s of CPU)\n",
         backend, what, events, stories, dt, events / dt, cpu, events / cpu);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: bench_store URL EVENTS [EVENTS_PER_STORY]\n");
    return 2;
  }
  long events = atol(argv[2]);
  int per = argc > 3 ? atoi(argv[3]) : 4;
  char err[512];
  dy_store *st = dy_store_open(argv[1], err, sizeof err);
  if (!st) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  long stories = events / per;
  dy_store_opts o = {DY_DEDUP_NONE, getenv("BENCH_BATCH") ? (uint32_t)atoi(getenv("BENCH_BATCH")) : 0};
  if (getenv("BENCH_DEDUP") && dy_dedup_parse(getenv("BENCH_DEDUP"), &o.dedup) != 0) {
    fprintf(stderr, "BENCH_DEDUP: want none, story or day\n");
    return 2;
  }
  char backend[16];
  snprintf(backend, sizeof backend, "%s", dy_store_backend(st));
  if (events == 0) goto queries;
  double t = now();
  clock_t c0 = clock();
  if (load(st, 0, stories, stories, per, &o)) return 1;
  double tc = now();
  clock_t cc = clock();
  if (dy_store_flush(st) != 0) {
    fprintf(stderr, "flush: %s\n", dy_store_error(st));
    return 1;
  }
  double server = backend_cpu(st);
  if (server >= 0)
    printf("  server process of the connection: CPU %.2f s = %.0f events/s of server CPU\n", server,
           stories * per / server);
  if (dy_store_close(&st) != 0) return 1;
  report("insert", backend, stories * per, stories, now() - t, (double)(clock() - c0) / CLOCKS_PER_SEC);
  printf("  of which the close (last commit; bulk load: rollups, indexes): %.2f s, CPU %.2f s\n",
         now() - tc, (double)(clock() - cc) / CLOCKS_PER_SEC);
  /* 1% more into the full database: the per-commit path */
  if (!(st = dy_store_open(argv[1], err, sizeof err))) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  long more = stories / 100 > 0 ? stories / 100 : 1;
  t = now();
  c0 = clock();
  if (load(st, stories, stories + more, stories, per, &o) || dy_store_close(&st) != 0) return 1;
  report("append", backend, more * per, more, now() - t, (double)(clock() - c0) / CLOCKS_PER_SEC);
  if (!(st = dy_store_open(argv[1], err, sizeof err))) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  if (!strcmp(backend, "sqlite")) dy_db_exec(dy_store_db(st), "ANALYZE");
  else dy_db_exec(dy_store_db(st), "VACUUM ANALYZE");
  dy_store_close(&st);
queries:;
  dy_store_close(&st);
  if (!(st = dy_store_open_mode(argv[1], DY_STORE_READONLY, err, sizeof err))) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }

  static const struct { const char *name; dy_group g; } groups[] = {
      {"--count-by day", DY_GROUP_DAY},       {"--count-by week", DY_GROUP_WEEK},
      {"--count-by month", DY_GROUP_MONTH},   {"--count-by root", DY_GROUP_ROOT},
      {"--count-by quad", DY_GROUP_QUAD},     {"--count-by source", DY_GROUP_SOURCE},
      {"--count-by dyad", DY_GROUP_DYAD}};
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
    query(st, groups[i].name, (dy_query){.group = groups[i].g});
  query(st, "--source RUS --count-by month", (dy_query){.source = "RUS", .group = DY_GROUP_MONTH});
  query(st, "--dyad RUS,UKR --count-by week", (dy_query){.dyad_a = "RUS", .dyad_b = "UKR", .group = DY_GROUP_WEEK});
  query(st, "--from/--to one month --count-by day",
        (dy_query){.from = 20180601, .to = 20180630, .group = DY_GROUP_DAY});
  query(st, "--code 19 --count-by source", (dy_query){.code = "19", .group = DY_GROUP_SOURCE});
  query(st, "--dyad RUSGOV,UKRMIL --from/--to (events)",
        (dy_query){.dyad_a = "RUSGOV", .dyad_b = "UKRMIL", .from = 20180301, .to = 20180310});
  dy_store_close(&st);
  return 0;
}
