/* Lookup throughput: every token position of a text is tried as the start
 * of an actor, an agent and a verb (what the coder does per sentence).
 * Usage: bench_dict_lookup DICT TEXTFILE [passes] */
#include "core/core.h"
#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 3) { fputs("usage: bench_dict_lookup DICT TEXTFILE [passes]\n", stderr); return 2; }
  dy_diag_set_quiet(1);
  const char *p = argv[1];
  dy_dict *d = dy_dict_load(&p, 1);
  if (!d) return 1;
  FILE *f = fopen(argv[2], "rb");
  if (!f) { perror(argv[2]); return 1; }
  static char text[1 << 22];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  for (size_t i = 0; i < n; i++) if (text[i] == '<' || text[i] == '>' || text[i] == '(' || text[i] == ')') text[i] = ' ';
  dy_arena *a = dy_arena_new();
  dy_token *t;
  uint32_t nt = dy_dict_tokenize(a, text, &t);
  int passes = argc > 3 ? atoi(argv[3]) : 20;
  long hits = 0;
  double t0 = now();
  for (int r = 0; r < passes; r++)
    for (uint32_t i = 0; i < nt; i++) {
      dy_actor_match am;
      dy_agent_match gm;
      dy_verb_match vm;
      hits += dy_dict_match_actor(d, t, nt, i, 20180131, &am);
      hits += dy_dict_match_agent(d, t, nt, i, &gm);
      hits += dy_dict_match_verb(d, t, nt, i, &vm);
    }
  double dt = now() - t0;
  printf("lookups: %u tokens x %d passes, actor+agent+verb at each: %.1f ns/token (%.1f M tokens/s), %ld hits\n", nt,
         passes, dt * 1e9 / ((double)nt * passes), (double)nt * passes / dt / 1e6, hits / passes);
  dy_arena_free(&a);
  dy_dict_free(&d);
  return 0;
}
