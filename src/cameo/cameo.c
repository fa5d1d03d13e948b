/*
 * cameo.c — lookups over the generated tables (see cameo.h). The table and
 * a direct index (one slot per possible 2-, 3- or 4-digit code) are built by
 * src/cameo/cameo_tables.awk, so a lookup is a few digit checks and one load.
 */
#include "cameo/cameo.h"

#include <string.h>

extern const dy_cameo dy_cameo__table[];
extern const size_t dy_cameo__count;
extern const unsigned short dy_cameo__index[11100];

const dy_cameo *dy_cameo_get_n(const char *code, size_t n) {
  if (!code || n < 2 || n > 4) return NULL;
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (code[i] < '0' || code[i] > '9') return NULL;
    v = v * 10 + (unsigned)(code[i] - '0');
  }
  unsigned slot = n == 2 ? v : n == 3 ? 100 + v : 1100 + v;
  unsigned k = dy_cameo__index[slot];
  return k ? &dy_cameo__table[k - 1] : NULL;
}

const dy_cameo *dy_cameo_get(const char *code) {
  if (!code) return NULL;
  return dy_cameo_get_n(code, strnlen(code, 5));
}

size_t dy_cameo_count(void) { return dy_cameo__count; }

const dy_cameo *dy_cameo_at(size_t i) {
  return i < dy_cameo__count ? &dy_cameo__table[i] : NULL;
}

int dy_cameo_quad_class(const char *code) {
  if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return 0;
  int r = (code[0] - '0') * 10 + (code[1] - '0');
  if (r < 1 || r > 20) return 0;
  return r <= 5 ? 1 : r <= 8 ? 2 : r <= 13 ? 3 : 4;
}
