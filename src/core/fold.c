/* dy_fold: the shared matching normalisation (see core.h). */
#include "core.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ASCII bytes that folding leaves alone: everything but A-Z. */
static int ascii_needs_fold(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return 1;
  }
  return 0;
}

/* Typographic punctuation to ASCII (after case folding). */
static utf8proc_int32_t fold_punct(utf8proc_int32_t c) {
  switch (c) {
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x00B4: case 0x02BC:
    return '\'';
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    return '-';
  case 0x00A0: case 0x2007: case 0x202F: case 0x2009: case 0x200A: case 0x2002: case 0x2003:
  case 0x3000:
    return ' ';
  default:
    return c;
  }
}

dy_str dy_fold(dy_arena *a, const char *s, size_t n) {
  if (!ascii_needs_fold(s, n)) return (dy_str){s, (uint32_t)n};
  int only_ascii = 1;
  for (size_t i = 0; i < n && only_ascii; i++) only_ascii = (unsigned char)s[i] < 0x80;
  if (only_ascii) { /* fast path: no Unicode rules apply */
    char *d = dy_arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    return (dy_str){d, (uint32_t)n};
  }
  utf8proc_uint8_t *m = NULL;
  utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  if (len < 0) { /* invalid UTF-8: the caller broke the contract; keep bytes */
    return dy_arena_str(a, s, n);
  }
  /* Re-encode with punctuation folded; ASCII replacements never grow. */
  char *d = dy_arena_alloc(a, (size_t)len + 1);
  size_t o = 0;
  for (utf8proc_ssize_t i = 0; i < len;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(m + i, len - i, &c);
    if (k <= 0) break;
    utf8proc_int32_t f = fold_punct(c);
    if (f != c) d[o++] = (char)f;
    else { memcpy(d + o, m + i, (size_t)k); o += (size_t)k; }
    i += k;
  }
  free(m);
  d[o] = 0;
  return (dy_str){d, (uint32_t)o};
}
