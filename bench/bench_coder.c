/* bench_coder — sentences/second for the coder on given Penn trees.
 *   build/bench_coder DICTDIR FILE.xml [REPEAT]
 * Reads the <Parse> trees of a PETRARCH XML file (e.g. the GigaWord
 * sample), loads the PETRARCH dictionaries of DICTDIR (PETR_config.ini's
 * set: CAMEO.2.0.txt, Phoenix.*.actors.txt, Phoenix.agents.txt,
 * Phoenix.discards.txt) and times, over REPEAT passes on one core:
 *   parse+code: dy_treebank_read + dy_coder_code_story per sentence;
 *   code only:  dy_coder_code_story on trees read once. */
#include "coder/coder.h"
#include "core/core.h"
#include "dict/dict.h"
#include "treebank/treebank.h"
#include "validate/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: other processes do not count */
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s DICTDIR FILE.xml [REPEAT]\n", argv[0]);
    return 2;
  }
  int repeat = argc > 3 ? atoi(argv[3]) : 200;
  int only_code = argc > 4 && !strcmp(argv[4], "code"); /* for profiling the coder alone */
  static const char *names[] = {"CAMEO.2.0.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                                "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt"};
  static const dy_dict_kind kinds[] = {DY_DICT_VERBS, DY_DICT_ACTORS, DY_DICT_ACTORS, DY_DICT_ACTORS, DY_DICT_AGENTS,
                                       DY_DICT_DISCARDS};
  dy_diag_set_quiet(1);
  double t0 = now();
  dy_dict_builder *b = dy_dict_builder_new();
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", argv[1], names[i]);
    dy_dict_builder_add_file(b, p, kinds[i]);
  }
  dy_dict *d = dy_dict_builder_finish(&b);
  double tload = now() - t0;
  dy_vfile *vf = dy_vfile_read(argv[2]);
  if (!vf) return 1;
  dy_coder *c = dy_coder_new(d, NULL);
  size_t n = vf->nrec;
  /* parse + code */
  long nsent = 0, nev = 0;
  t0 = now();
  for (int r = 0; r < (only_code ? 0 : repeat); r++) {
    for (size_t i = 0; i < n; i++) {
      dy_story *st = dy_story_new();
      st->date = vf->rec[i].date;
      st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
      st->nsent = 1;
      if (vf->rec[i].parse && dy_treebank_read(st, &st->sent[0], dy_str_c(vf->rec[i].parse)) == 0) {
        int k = dy_coder_code_story(c, st);
        if (k > 0) nev += k;
      }
      nsent++;
      dy_story_free(&st);
    }
  }
  double tpc = now() - t0;
  /* code only: trees read once */
  dy_story **sts = calloc(n, sizeof *sts);
  for (size_t i = 0; i < n; i++) {
    sts[i] = dy_story_new();
    sts[i]->date = vf->rec[i].date;
    sts[i]->sent = dy_arena_alloc(sts[i]->arena, sizeof *sts[i]->sent);
    sts[i]->nsent = 1;
    if (vf->rec[i].parse) dy_treebank_read(sts[i], &sts[i]->sent[0], dy_str_c(vf->rec[i].parse));
  }
  long nsent2 = 0;
  t0 = now();
  for (int r = 0; r < repeat; r++) {
    for (size_t i = 0; i < n; i++) {
      sts[i]->nev = 0;
      dy_coder_code_story(c, sts[i]);
      nsent2++;
    }
  }
  double tco = now() - t0;
  /* parse only */
  t0 = now();
  for (int r = 0; r < (only_code ? 0 : repeat); r++)
    for (size_t i = 0; i < n; i++) {
      dy_story *scratch = dy_story_new(); /* the story lives in its arena: a fresh one each time */
      dy_sentence tmp = {0};
      if (vf->rec[i].parse) dy_treebank_read(scratch, &tmp, dy_str_c(vf->rec[i].parse));
      dy_story_free(&scratch);
    }
  double tpo = now() - t0;
  printf("dictionaries loaded in %.3f s; %zu sentences x %d passes\n", tload, n, repeat);
  if (!only_code) printf("parse+code: %.0f sentences/s (%ld events per pass)\n", nsent / tpc, nev / (repeat ? repeat : 1));
  printf("code only:  %.0f sentences/s\n", nsent2 / tco);
  if (!only_code) printf("parse only: %.0f sentences/s\n", (double)n * repeat / tpo);
  for (size_t i = 0; i < n; i++) dy_story_free(&sts[i]);
  free(sts);
  dy_coder_free(&c);
  dy_dict_free(&d);
  dy_vfile_free(&vf);
  return 0;
}
