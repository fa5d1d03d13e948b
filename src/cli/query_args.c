/* The options that dyad query and dyad export share: --db, the filters
 * (dy_query_set), --help, plus each command's own (cli_opt). */
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const cli_opt *find_opt(const cli_opt *own, size_t nown, const char *a) {
  for (size_t k = 0; k < nown; k++)
    if (!strcmp(a, own[k].name)) return &own[k];
  return NULL;
}

static int fail(const char *cmd, dy_query *q, const char *fmt, const char *arg) {
  dy_query_clear(q);
  return cli_usage_error(cmd, fmt, arg);
}

int cli_query_args(const char *cmd, const char *usage, int argc, char **argv, int group_ok,
                   const cli_opt *own, size_t nown, dy_query *q, const char **url) {
  char err[256];
  *url = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      dy_query_clear(q);
      return DY_EXIT_OK;
    }
    const cli_opt *o = find_opt(own, nown, a);
    if (o && !o->value) {
      *o->flag = 1;
      continue;
    }
    if (strncmp(a, "--", 2) || i + 1 >= argc) return fail(cmd, q, "unexpected argument '%s'", a);
    const char *v = argv[++i];
    if (o) *o->value = v;
    else if (!strcmp(a, "--db")) *url = v;
    else {
      int r = group_ok || strcmp(a, "--count-by") ? dy_query_set(q, a + 2, v, err, sizeof err) : 1;
      if (r < 0) return fail(cmd, q, "%s", err);
      if (r > 0) return fail(cmd, q, "unknown option '%s'", a);
    }
  }
  if (!*url) return fail(cmd, q, "missing --db URL%s", "");
  return -1;
}
