/* The `dyad code` pipeline (see pipeline.h). */
#include "pipeline/pipeline.h"

#include "analysis/analysis.h"
#include "coder/coder.h"
#include "core/core.h"
#include "dict/dict.h"
#include "ingest/ingest.h"
#include "output/output.h"
#include "store/store.h"
#include "storypass/storypass.h"
#include "text/text.h"
#include "treebank/treebank.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

void dy_pipeline_opts_init(dy_pipeline_opts *o) {
  memset(o, 0, sizeof *o);
  o->input = DY_INPUT_AUTO;
  o->format = DY_FORMAT_JSONL;
  o->threads = 1;
  o->print = 1;
}

int dy_pipeline_set_dedup(dy_pipeline_opts *o, const char *name) {
  dy_dedup d;
  if (dy_dedup_parse(name, &d) != 0) return -1;
  o->dedup = (int)d;
  return 0;
}

int dy_pipeline_set_format(dy_pipeline_opts *o, const char *name) {
  dy_format f;
  if (dy_format_parse(name, &f) != 0) return -1;
  o->format = (int)f;
  return 0;
}

int dy_pipeline_set_input(dy_pipeline_opts *o, const char *name) {
  dy_input_format f;
  if (dy_input_format_parse(name, &f) != 0) return -1;
  o->input = (int)f;
  return 0;
}

/* ------------------------------------------------------------ stats */

enum { ST_READ, ST_FRONT, ST_TAG, ST_CHUNK, ST_CODER, ST_PASS, ST_OUTPUT, ST__COUNT };
static const char *const stage_names[ST__COUNT] = {"read",  "front-end",  "tagging", "chunking",
                                                   "coder", "story-pass", "output"};

/* One per thread, summed at the end: no sharing, no atomics. */
typedef struct stats {
  uint64_t ns[ST__COUNT];
  uint64_t stories, sentences, bytes, events;
} stats;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Adds the time since *t to stage st and restarts *t; no-op without stats. */
static void lap(stats *sx, int st, uint64_t *t) {
  if (!sx) return;
  uint64_t n = now_ns();
  sx->ns[st] += n - *t;
  *t = n;
}

static void stats_add(stats *to, const stats *from) {
  for (int i = 0; i < ST__COUNT; i++) to->ns[i] += from->ns[i];
  to->stories += from->stories;
  to->sentences += from->sentences;
  to->bytes += from->bytes;
  to->events += from->events;
}

static void stats_print(const stats *sx, int threads, double dict_ms, double model_ms, uint64_t wall_ns) {
  uint64_t total = 0;
  for (int i = 0; i < ST__COUNT; i++) total += sx->ns[i];
  double sents = sx->sentences ? (double)sx->sentences : 1.0;
  double wall = (double)wall_ns * 1e-9;
  if (wall <= 0) wall = 1e-9;
  fprintf(stderr, "dyad: stats: setup dict-load %.3f ms model-load %.3f ms\n", dict_ms, model_ms);
  fprintf(stderr, "dyad: stats: %-10s %10s %7s %12s\n", "stage", "seconds", "share", "us/sentence");
  for (int i = 0; i < ST__COUNT; i++)
    fprintf(stderr, "dyad: stats: %-10s %10.4f %6.1f%% %12.3f\n", stage_names[i], (double)sx->ns[i] * 1e-9,
            total ? 100.0 * (double)sx->ns[i] / (double)total : 0.0, (double)sx->ns[i] * 1e-3 / sents);
  fprintf(stderr, "dyad: stats: total %.4f s (sum of the stages over all threads)\n", (double)total * 1e-9);
  fprintf(stderr, "dyad: stats: wall %.4f s threads %d stories %llu sentences %llu bytes %llu events %llu\n", wall,
          threads, (unsigned long long)sx->stories, (unsigned long long)sx->sentences,
          (unsigned long long)sx->bytes, (unsigned long long)sx->events);
  fprintf(stderr, "dyad: stats: rate %.0f sentences/s %.0f stories/s %.2f MB/s\n", (double)sx->sentences / wall,
          (double)sx->stories / wall, (double)sx->bytes / wall / 1e6);
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) == 0)
    fprintf(stderr, "dyad: stats: peak-rss %ld KB cpu-user %.3f s cpu-sys %.3f s\n", ru.ru_maxrss,
            (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6,
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6);
}

/* ------------------------------------------------------------ stages */

typedef struct run {
  const dy_pipeline_opts *o;
  const dy_dict *dict;
  dy_dict *owned_dict;
  dy_analyser *analyser;
  dy_writer *writer;
  dy_store *store;  /* --db, or NULL */
  long stories, failed, events;
} run;

/* Loads --dict: a compiled image when the file says so, else PETRARCH
 * dictionaries (directory or files). NULL path: the built-in set. */
static int load_dict(run *r) {
  if (!r->o->dict_path) {
    r->dict = dy_dict_default();
    if (!r->dict) {
      dy_diag(DY_ERROR, NULL, 0, "the built-in dictionaries are unavailable; use --dict PATH");
      return -1;
    }
    return 0;
  }
  const char *p = r->o->dict_path;
  /* Published dictionaries carry hundreds of harmless warnings (duplicate
   * phrases, overlapping dates) that would bury the coding diagnostics:
   * `dyad code` counts them in one note; `dyad dict check` lists them. */
  long w0 = dy_diag_count(DY_WARNING);
  dy_diag_set_quiet(1);
  r->owned_dict = dy_dict_load(&p, 1); /* an image is mapped, text is compiled */
  dy_diag_set_quiet(r->o->quiet);
  long nw = dy_diag_count(DY_WARNING) - w0;
  if (nw > 0) dy_diag(DY_NOTE, p, 0, "%ld dictionary warnings; `dyad dict check %s` lists them", nw, p);
  if (!r->owned_dict) return -1; /* the loader has said why */
  r->dict = r->owned_dict;
  return 0;
}

/* Gives every sentence tokens and phrase structure: the given tree when
 * asked for and present, else dyad's own analysis of the text. With stats,
 * tagging and chunking are timed per sentence (they interleave). */
static int analyse_story(const run *r, dy_story *s, stats *sx, uint64_t *t) {
  if (dy_text_prepare(s) != 0) return -1;
  lap(sx, ST_FRONT, t);
  for (uint32_t i = 0; i < s->nsent; i++) {
    dy_sentence *sent = &s->sent[i];
    if (r->o->parse_given && sent->parse.n > 0) {
      if (dy_treebank_read(s, sent, sent->parse) != 0) {
        dy_diag(DY_ERROR, s->origin, s->line, "record %.*s: malformed parse: %s", (int)sent->id.n,
                sent->id.p ? sent->id.p : "", dy_treebank_error());
        return -1;
      }
      lap(sx, ST_CHUNK, t);
    } else if (sent->ntok > 0) {
      if (!sx) {
        dy_analyse_sentence(r->analyser, s, sent);
        continue;
      }
      dy_tag_sentence(r->analyser, sent->tok, sent->ntok);
      lap(sx, ST_TAG, t);
      dy_chunk_sentence(s, sent);
      lap(sx, ST_CHUNK, t);
    }
  }
  return 0;
}

/* Everything between reading and writing. Returns 0, or -1 when the story
 * could not be analysed (reported; nothing to write). */
static int process_story(const run *r, dy_coder *coder, dy_story *s, stats *sx) {
  uint64_t t = sx ? now_ns() : 0;
  if (analyse_story(r, s, sx, &t) != 0) return -1;
  dy_coder_code_story(coder, s);
  lap(sx, ST_CODER, &t);
  dy_storypass_dates(s);
  lap(sx, ST_PASS, &t);
  if (sx) {
    sx->sentences += s->nsent;
    sx->events += s->nev;
  }
  return 0;
}

static void explain_story(const dy_story *s) {
  char prefix[300];
  for (uint32_t i = 0; i < s->nev; i++) {
    snprintf(prefix, sizeof prefix, "explain %s #%u: ", s->id ? s->id : "", (unsigned)s->ev[i].sentence);
    dy_event_explain(stderr, prefix, &s->ev[i]);
  }
}

/* Stores a coded story whole; a story the database refuses is reported
 * and counted as failed (earlier stories stay committed). */
static void store_story(run *r, const dy_story *s) {
  dy_store_opts so = {.dedup = (dy_dedup)r->o->dedup};
  if (dy_store_put_story(r->store, s, &so) != 0) {
    dy_diag(DY_ERROR, s->origin, s->line, "story %s not stored: %s", s->id ? s->id : "",
            dy_store_error(r->store));
    r->failed++;
  }
}

/* The ordered end of the pipeline: explain, write, store, count, free. */
static void finish_story(run *r, dy_story **s, int failed, stats *sx) {
  uint64_t t = sx ? now_ns() : 0;
  r->stories++;
  if (failed) {
    r->failed++;
  } else {
    if (r->o->explain) explain_story(*s);
    if (r->o->print) dy_writer_story(r->writer, *s);
    r->events += (*s)->nev;
    if (r->store) store_story(r, *s);
  }
  dy_story_free(s);
  lap(sx, ST_OUTPUT, &t);
}

/* Reads the next story, timed. 1 or 0 (end), as dy_reader_next. */
static int read_story(dy_reader *rd, dy_story **s, stats *sx) {
  uint64_t t = sx ? now_ns() : 0;
  int got = dy_reader_next(rd, s);
  lap(sx, ST_READ, &t);
  if (got == 1 && sx) {
    sx->stories++;
    sx->bytes += (*s)->len;
  }
  return got;
}

/* A coder and its cross-sentence context: one per thread, since both keep
 * per-story state. Raw text gets cross-sentence pronouns and quotations; a
 * given PETRARCH parse is coded sentence by sentence, as PETRARCH does. */
typedef struct coding {
  dy_coder *coder;
  dy_refs *refs; /* NULL with --parse given */
} coding;

static coding coding_new(const run *r) {
  dy_coder_opts co;
  dy_coder_opts_news(&co);
  co.one_event_per_story = r->o->one_a_story;
  co.require_dyad = r->o->require_dyad;
  co.compound_null_target = !r->o->require_dyad;
  co.explain = r->o->explain;
  coding c = {dy_coder_new(r->dict, &co), NULL};
  if (!r->o->parse_given) {
    c.refs = dy_refs_new(r->dict);
    dy_refs_attach(c.refs, c.coder);
  }
  return c;
}

static void coding_free(coding *c) {
  dy_coder_free(&c->coder);
  dy_refs_free(&c->refs);
}

static void run_serial(run *r, dy_reader *rd, stats *sx) {
  coding c = coding_new(r);
  dy_story *s = NULL;
  while (read_story(rd, &s, sx) == 1) {
    int failed = process_story(r, c.coder, s, sx) != 0;
    finish_story(r, &s, failed, sx);
  }
  coding_free(&c);
}

/* ------------------------------------------------------------ threads */

enum { SLOT_EMPTY, SLOT_READ, SLOT_DONE };

typedef struct slot {
  dy_story *s;
  int state;
  int failed;
} slot;

/* The ring of stories in flight. seq counts stories in input order; story
 * seq lives in ring[seq % cap] from being read until it is written. One
 * mutex guards the counters and slot states; stories are handed over under
 * it, so each story is touched by one thread at a time. */
typedef struct par {
  run *r;
  pthread_mutex_t mu;
  pthread_cond_t work, done, space;
  slot *ring;
  uint64_t cap;
  uint64_t nread, nclaimed, nwritten;
  int eof;
  int stats_on;
  stats wstats; /* the writer thread's */
} par;

typedef struct worker {
  par *p;
  pthread_t tid;
  coding c;
  stats sx;
} worker;

static void *worker_main(void *arg) {
  worker *w = arg;
  par *p = w->p;
  stats *sx = p->stats_on ? &w->sx : NULL;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->nclaimed == p->nread && !p->eof) pthread_cond_wait(&p->work, &p->mu);
    if (p->nclaimed == p->nread) break; /* eof and nothing left */
    slot *sl = &p->ring[p->nclaimed++ % p->cap];
    pthread_mutex_unlock(&p->mu);
    int failed = process_story(p->r, w->c.coder, sl->s, sx) != 0;
    pthread_mutex_lock(&p->mu);
    sl->failed = failed;
    sl->state = SLOT_DONE;
    pthread_cond_signal(&p->done);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static void *writer_main(void *arg) {
  par *p = arg;
  stats *sx = p->stats_on ? &p->wstats : NULL;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    slot *sl = &p->ring[p->nwritten % p->cap];
    while (sl->state != SLOT_DONE && !(p->eof && p->nwritten == p->nread)) pthread_cond_wait(&p->done, &p->mu);
    if (sl->state != SLOT_DONE) break; /* eof and everything written */
    pthread_mutex_unlock(&p->mu);
    finish_story(p->r, &sl->s, sl->failed, sx);
    pthread_mutex_lock(&p->mu);
    sl->state = SLOT_EMPTY;
    p->nwritten++;
    pthread_cond_signal(&p->space);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Returns 0, or -1 when threads could not be started (reported). */
static int run_parallel(run *r, dy_reader *rd, int nthreads, stats *sx) {
  par p = {.r = r, .cap = (uint64_t)nthreads * 64, .stats_on = sx != NULL};
  p.ring = dy_xcalloc(p.cap, sizeof *p.ring);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.work, NULL);
  pthread_cond_init(&p.done, NULL);
  pthread_cond_init(&p.space, NULL);
  worker *w = dy_xcalloc((size_t)nthreads, sizeof *w);
  pthread_t wtid;
  int started = 0, writer_ok = pthread_create(&wtid, NULL, writer_main, &p) == 0, ok = writer_ok;
  for (; ok && started < nthreads; started++) {
    w[started].p = &p;
    w[started].c = coding_new(r);
    if (pthread_create(&w[started].tid, NULL, worker_main, &w[started]) != 0) {
      coding_free(&w[started].c);
      ok = 0;
      break;
    }
  }
  dy_story *s = NULL;
  while (ok && read_story(rd, &s, sx) == 1) {
    pthread_mutex_lock(&p.mu);
    while (p.nread - p.nwritten >= p.cap) pthread_cond_wait(&p.space, &p.mu);
    slot *sl = &p.ring[p.nread % p.cap];
    sl->s = s;
    sl->state = SLOT_READ;
    p.nread++;
    pthread_cond_signal(&p.work);
    pthread_mutex_unlock(&p.mu);
  }
  pthread_mutex_lock(&p.mu);
  p.eof = 1;
  pthread_cond_broadcast(&p.work);
  pthread_cond_broadcast(&p.done);
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < started; i++) {
    pthread_join(w[i].tid, NULL);
    coding_free(&w[i].c);
    if (sx) stats_add(sx, &w[i].sx);
  }
  if (writer_ok) pthread_join(wtid, NULL);
  if (sx) stats_add(sx, &p.wstats);
  free(w);
  free(p.ring);
  pthread_cond_destroy(&p.space);
  pthread_cond_destroy(&p.done);
  pthread_cond_destroy(&p.work);
  pthread_mutex_destroy(&p.mu);
  if (!ok) dy_diag(DY_ERROR, NULL, 0, "could not start %d threads", nthreads);
  return ok ? 0 : -1;
}

/* ------------------------------------------------------------ the run */

int dy_pipeline_run(const dy_pipeline_opts *o, const char *const *paths, int npaths, FILE *out) {
  run r = {.o = o};
  dy_diag_set_quiet(o->quiet);
  int nthreads = o->threads < 1 ? 1 : o->threads > DY_PIPELINE_MAX_THREADS ? DY_PIPELINE_MAX_THREADS : o->threads;
  stats total;
  memset(&total, 0, sizeof total);
  stats *sx = o->stats ? &total : NULL;
  uint64_t t0 = now_ns();
  if (load_dict(&r) != 0) return 2;
  uint64_t t1 = now_ns();
  r.analyser = dy_analyser_new();
  uint64_t t2 = now_ns();
  if (o->db_url) {
    char err[512];
    r.store = dy_store_open(o->db_url, err, sizeof err);
    if (!r.store) {
      dy_diag(DY_ERROR, o->db_url, 0, "cannot open the database: %s", err);
      dy_analyser_free(&r.analyser);
      dy_dict_free(&r.owned_dict);
      return 1;
    }
  }
  if (o->print) r.writer = dy_writer_new(out, (dy_format)o->format);
  dy_reader_opts ro = {0};
  dy_reader *rd = dy_reader_open(paths, npaths, (dy_input_format)o->input, &ro);
  int setup_failed = 0;
  if (nthreads == 1) run_serial(&r, rd, sx);
  else setup_failed = run_parallel(&r, rd, nthreads, sx) != 0;
  long read_failures = dy_reader_get_stats(rd).failed;
  dy_reader_close(&rd);
  int werr = r.writer ? dy_writer_free(&r.writer) : 0;
  if (werr) dy_diag(DY_ERROR, "stdout", 0, "write failed");
  if (r.store && dy_store_close(&r.store) != 0) werr = 1; /* reported by the store */
  uint64_t t3 = now_ns();
  dy_analyser_free(&r.analyser);
  dy_dict_free(&r.owned_dict);
  long failed = r.failed + read_failures;
  if (!o->quiet)
    fprintf(stderr, "dyad: %ld stories, %ld events, %ld errors\n", r.stories + read_failures, r.events,
            dy_diag_count(DY_ERROR));
  if (sx) stats_print(sx, nthreads, (double)(t1 - t0) * 1e-6, (double)(t2 - t1) * 1e-6, t3 - t2);
  if (setup_failed) return 2;
  return (failed > 0 || werr || dy_diag_count(DY_ERROR) > 0) ? 1 : 0;
}
