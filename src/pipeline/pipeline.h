/*
 * pipeline.h — `dyad code` as a library call: readers -> text front end ->
 * analysis (own, or the given Penn tree) -> coder -> story pass -> writer.
 *
 * One story at a time flows through every stage and is freed (one arena)
 * before the next is read, so memory stays flat however large the input.
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
} dy_pipeline_opts;

void dy_pipeline_opts_init(dy_pipeline_opts *o);
/* Set format / input from their command-line names; -1 when unknown. */
int dy_pipeline_set_format(dy_pipeline_opts *o, const char *name);
int dy_pipeline_set_input(dy_pipeline_opts *o, const char *name);

/* Codes every story of paths[0..npaths) ("-" or npaths == 0: stdin) and
 * writes the events to out. Prints "N stories, M events, K errors" on stderr
 * unless quiet. Returns the exit status: 0 all stories coded, 1 some input
 * failed (reported), 2 setup failed (e.g. dictionaries unreadable). */
int dy_pipeline_run(const dy_pipeline_opts *o, const char *const *paths, int npaths, FILE *out);

#endif
