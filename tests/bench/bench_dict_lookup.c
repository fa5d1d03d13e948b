/* Lookup throughput: every token position of a text is tried as the start
 * of an actor, an agent and a verb (what the coder does per sentence).
 *   bench_dict_lookup DICT TEXTFILE [passes]
 * Start-up: runs a command N times (fork/exec/wait, timed here, so no
 * shell or `date` process is counted) and prints min and median wall time:
 *   bench_dict_lookup --startup N COMMAND ARGS...
 *   bench_dict_lookup --first IMAGE      (open, one lookup, exit) */
#include "core/core.h"
#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int startup(int n, char **cmd) {
  double *t = calloc((size_t)n, sizeof *t);
  for (int i = 0; i < n; i++) {
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
      execv(cmd[0], cmd);
      _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    t[i] = (now() - t0) * 1e3;
    if (!WIFEXITED(st) || WEXITSTATUS(st) == 127) { fprintf(stderr, "cannot run %s\n", cmd[0]); return 1; }
  }
  qsort(t, (size_t)n, sizeof *t, cmp_d);
  printf("min %.1f ms, median %.1f ms (%d runs)\n", t[0], t[n / 2], n);
  free(t);
  return 0;
}

/* --first IMAGE: open the image, one lookup, exit (what a small program
 * linked with libdyad pays from process start to its first lookup). */
static int first(const char *img) {
  dy_dict *d = dy_dict_open_image(img);
  if (!d) return 1;
  dy_arena *a = dy_arena_new();
  dy_token *t;
  uint32_t n = dy_dict_tokenize(a, "Sergey Lavrov", &t);
  dy_actor_match m;
  int hit = dy_dict_match_actor(d, t, n, 0, 20180131, &m);
  dy_arena_free(&a);
  dy_dict_free(&d);
  return hit ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc > 3 && !strcmp(argv[1], "--startup")) return startup(atoi(argv[2]), argv + 3);
  if (argc == 3 && !strcmp(argv[1], "--first")) return first(argv[2]);
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
  long dh = 0;
  t0 = now();
  for (int r = 0; r < passes; r++)
    for (uint32_t i = 0; i < nt; i++) {
      dy_discard_match dm;
      dy_issue_match im;
      dh += dy_dict_match_discard(d, t, nt, i, &dm);
      dh += dy_dict_match_issue(d, t, nt, i, &im);
    }
  dt = now() - t0;
  printf("lookups: discard+issue at each token: %.1f ns/token, %ld hits\n", dt * 1e9 / ((double)nt * passes), dh / passes);
  dy_arena_free(&a);
  dy_dict_free(&d);
  return 0;
}
