/* dyad query — not built yet (tracked in the issues). */
#include "cli/cli.h"

#include <stdio.h>

int cmd_query(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("dyad: 'query' is not available in this build yet\n", stderr);
  return DY_EXIT_USAGE;
}
