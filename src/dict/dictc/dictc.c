/* dictc — stage-one dictionary compiler used by the build (mk/dict.mk).
 * It links only core + dict, so the image that gets embedded into ./dyad
 * can be made before ./dyad itself exists:
 *   dictc DIR OUT   compile every dictionary under DIR into OUT; when DIR
 *                   holds none, OUT is written empty (no built-in set).
 * Exit 1 (and no OUT) when the dictionaries have errors. */
#include "core/core.h"
#include "dict/dict.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int has_dicts(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int any = 0;
  struct dirent *e;
  while (!any && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) any = has_dicts(p);
    else any = dy_dict_kind_of(p) != DY_DICT_UNKNOWN && strstr(p, ".txt") != NULL;
  }
  closedir(d);
  return any;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fputs("usage: dictc DIR OUT\n", stderr);
    return 2;
  }
  if (!has_dicts(argv[1])) {
    FILE *f = fopen(argv[2], "wb");
    if (!f || fclose(f) != 0) { perror(argv[2]); return 1; }
    fprintf(stderr, "dictc: no dictionaries under %s: dyad is built without a default set\n", argv[1]);
    return 0;
  }
  dy_diag_set_quiet(1); /* warnings are for `dyad dict check`; errors still print */
  const char *p = argv[1];
  dy_dict *d = dy_dict_load(&p, 1);
  if (!d || dy_diag_count(DY_ERROR)) {
    fprintf(stderr, "dictc: %ld errors in %s (run 'dyad dict check %s')\n", dy_diag_count(DY_ERROR), argv[1], argv[1]);
    dy_dict_free(&d);
    return 1;
  }
  int rc = dy_dict_write_image(d, argv[2]) == 0 ? 0 : 1;
  dy_dict_free(&d);
  return rc;
}
