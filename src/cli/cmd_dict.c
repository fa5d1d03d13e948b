/* dyad dict — not built yet (tracked in the issues). */
#include "cli/cli.h"

#include <stdio.h>

int cmd_dict(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("dyad: 'dict' is not available in this build yet\n", stderr);
  return DY_EXIT_USAGE;
}
