/*
 * pipeline.h — `dyad code` as a library call: readers -> text front end ->
 * analysis (own, or the given Penn tree) -> coder -> story pass -> writer.
 *
 * threads <= 1: one story at a time flows through every stage and is freed
 * (one arena) before the next is read, so memory stays flat however large
 * the input.
 *
 * threads = N > 1: the calling thread reads stories into a bounded ring
 * (64 stories per worker); N workers each take the next unclaimed story and
 * run front end -> analysis -> coder -> story pass on it (each worker has
 * its own coder, which keeps per-sentence scratch; the analyser, the
 * dictionaries and the text front end's tables are read-only and shared);
 * one writer thread writes finished stories strictly in input order and
 * frees them. The output is byte-identical to threads = 1 (tests compare
 * them with cmp); diagnostics go to stderr as whole lines, in whatever
 * order the workers meet them. --explain lines are written by the writer,
 * so they stay in input order too.
 *
 * stats: every stage is timed with clock_gettime(CLOCK_MONOTONIC) per story
 * (per sentence for tagging and chunking), summed over threads, and a table
 * is printed on stderr at the end ("dyad: stats: ..." lines, see
 * dy_pipeline_run). Without it no clock is read on the hot path.
 *
 * Every problem is reported through dy_diag (core.h) and counted; the run
 * goes on with the next story.
 */
#ifndef DYAD_PIPELINE_H
#define DYAD_PIPELINE_H

#include <stdio.h>

typedef struct dy_pipeline_opts {
  int input;              /* dy_input_format (ingest.h) */
  int format;             /* dy_format (output.h) */
  const char *dict_path;  /* NULL = the built-in dictionaries */
  int parse_given;        /* 1: code the given Penn tree of PETRARCH XML */
  int one_a_story;        /* one event per (source, target, code) per story */
  int explain;            /* print how each event was coded, on stderr */
  int quiet;              /* no warnings, no summary */
  int threads;            /* worker threads (>= 1; 0 is taken as 1) */
  int stats;              /* time every stage; print a table on stderr at the end */
} dy_pipeline_opts;

#define DY_PIPELINE_MAX_THREADS 256

void dy_pipeline_opts_init(dy_pipeline_opts *o);
/* Set format / input from their command-line names; -1 when unknown. */
int dy_pipeline_set_format(dy_pipeline_opts *o, const char *name);
int dy_pipeline_set_input(dy_pipeline_opts *o, const char *name);

/* Codes every story of paths[0..npaths) ("-" or npaths == 0: stdin) and
 * writes the events to out. Prints "N stories, M events, K errors" on stderr
 * unless quiet. Returns the exit status: 0 all stories coded, 1 some input
 * failed (reported), 2 setup failed (e.g. dictionaries unreadable, threads
 * could not be started).
 *
 * With o->stats, also prints on stderr (even when quiet), one per line:
 *   dyad: stats: setup dict-load MS / model-load MS
 *   dyad: stats: STAGE SECONDS SHARE% US_PER_SENTENCE   for the stages
 *       read, front-end, tagging, chunking (parsing of a given tree is
 *       counted here too), coder (actor + verb matching), story-pass, output
 *   dyad: stats: total CPU_SECONDS (sum of the stages)
 *   dyad: stats: wall SECONDS threads N stories S sentences T bytes B
 *   dyad: stats: rate SENTENCES_PER_S STORIES_PER_S MB_PER_S
 *   dyad: stats: peak-rss KB cpu-user SECONDS cpu-sys SECONDS (whole process)
 * Stage seconds are summed over threads (CPU time spent in the stage);
 * wall is elapsed time from the first read to the last write. */
int dy_pipeline_run(const dy_pipeline_opts *o, const char *const *paths, int npaths, FILE *out);

#endif
