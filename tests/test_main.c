/* Runner for one unit-test program: forks per case (see test.h). */
#include "test.h"

#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 1024
#define EXIT_SKIP 77

static struct { const char *name; test_fn fn; } tests[MAX_TESTS];
static int ntests;

void test_register(const char *name, test_fn fn) {
  if (ntests == MAX_TESTS) { fprintf(stderr, "too many tests\n"); exit(2); }
  tests[ntests].name = name;
  tests[ntests].fn = fn;
  ntests++;
}

void test_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stdout, "    %s:%d: ", file, line);
  vfprintf(stdout, fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
  fflush(stdout);
  _exit(1);
}

void test_skip(const char *why) {
  fprintf(stdout, "    skipped: %s\n", why);
  fflush(stdout);
  _exit(EXIT_SKIP);
}

const char *test_data(const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "tests/data/%s", name);
  return buf;
}

const char *test_shared(const char *rel) {
  static char buf[4096];
  struct stat st;
  snprintf(buf, sizeof buf, "../shared/%s", rel);
  if (stat(buf, &st) != 0) return NULL;
  return buf;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0, skipped = 0;
  const char *only = argc > 1 ? argv[1] : NULL;
  for (int i = 0; i < ntests; i++) {
    if (only && !strstr(tests[i].name, only)) continue;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 2; }
    if (pid == 0) {
      tests[i].fn();
      fflush(stdout);
      _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
      printf("ok   %s\n", tests[i].name);
      passed++;
    } else if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_SKIP) {
      printf("skip %s\n", tests[i].name);
      skipped++;
    } else {
      if (WIFSIGNALED(st)) printf("    killed by signal %d\n", WTERMSIG(st));
      printf("FAIL %s\n", tests[i].name);
      failed++;
    }
  }
  printf("%s: %d passed, %d failed, %d skipped\n", argv[0], passed, failed, skipped);
  return failed ? 1 : 0;
}
