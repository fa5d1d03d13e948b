/* dyad — the command line. Only dispatch lives here; each command is a
 * thin layer in cmd_*.c over the library. */
#include "cli/cli.h"
#include "core/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: dyad COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "dyad codes news stories into political events (who did what to whom,\n"
    "when, where) with CAMEO actor and event codes.\n"
    "\n"
    "commands:\n"
    "  code       code stories (text, JSONL, PETRARCH XML) into events\n"
    "  validate   run a PETRARCH validation file and report PASS/FAIL per record\n"
    "  dict       check, compile and look up dictionaries\n"
    "  db         create or migrate an event database\n"
    "  query      query an event database (filters, counts)\n"
    "  export     export events from a database as TSV\n"
    "  version    print the version\n"
    "\n"
    "Run 'dyad COMMAND --help' for a command's options.\n"
    "Exit status: 0 success, 1 bad input or failed check, 2 wrong usage.\n";

static const struct {
  const char *name;
  int (*fn)(int, char **);
} commands[] = {
    {"code", cmd_code},   {"validate", cmd_validate}, {"dict", cmd_dict},
    {"db", cmd_db},       {"query", cmd_query},       {"export", cmd_export},
};

int cli_parse_whole(const char *s, long lo, long hi, long *out) {
  if (!isdigit((unsigned char)s[0]) && !(s[0] == '-' && isdigit((unsigned char)s[1]))) return -1;
  char *end;
  errno = 0;
  long n = strtol(s, &end, 10);
  if (errno || *end || n < lo || n > hi) return -1;
  *out = n;
  return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("dyad: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'dyad %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
  return DY_EXIT_USAGE;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return DY_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(usage, stdout);
    return DY_EXIT_OK;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("dyad %s\n", DYAD_VERSION);
    return DY_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
  return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
