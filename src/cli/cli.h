/* cli.h — the subcommands of the dyad command line. Each takes the
 * arguments after its own name (argv[0] is the command name) and returns
 * the process exit status: 0 success, 1 bad input or failed check, 2 usage. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H

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

#endif
