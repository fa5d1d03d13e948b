/* cli.h — the subcommands of the dyad command line. Each takes the
 * arguments after its own name (argv[0] is the command name) and returns
 * the process exit status: 0 success, 1 bad input or failed check, 2 usage. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H

#include <stddef.h>

#define DY_EXIT_OK 0
#define DY_EXIT_INPUT 1
#define DY_EXIT_USAGE 2

int cmd_code(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Prints "dyad: MESSAGE\nTry 'dyad CMD --help'." and returns DY_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A whole decimal number in lo..hi with nothing after it ("10abc", "",
 * " 5" and overflow are refused). Returns 0 and sets *out, or -1. */
int cli_parse_whole(const char *s, long lo, long hi, long *out);

/* dyad query and dyad export: parses --db URL (required), --help (prints
 * usage), the filters of dy_query_set (and --count-by when group_ok), and
 * the command's own options: a cli_opt with `value` takes the next
 * argument into *value, one without sets *flag = 1. Returns -1 to go on,
 * else the exit status to return (q is then cleared). */
typedef struct cli_opt {
  const char *name; /* "--format" */
  int *flag;
  const char **value;
} cli_opt;
struct dy_query;
int cli_query_args(const char *cmd, const char *usage, int argc, char **argv, int group_ok,
                   const cli_opt *own, size_t nown, struct dy_query *q, const char **url);

#endif
