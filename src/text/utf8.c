/* UTF-8 validation and repair. Invalid input is split into "maximal
 * subparts" (Unicode 15, section 3.9, U+FFFD substitution of maximal
 * subparts; the WHATWG decoder does the same): a lead byte plus the
 * continuation bytes that were still acceptable form one bad sequence, and
 * decoding resumes at the first byte that broke it. */
#include "text/text.h"

#include <string.h>

/* Length of the next sequence at s[0..n): returns 1 and sets *len when it is
 * well formed, 0 and the length of the maximal ill-formed subpart otherwise. */
static int utf8_step(const unsigned char *s, size_t n, size_t *len) {
  unsigned char b = s[0];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF; /* range of the first continuation byte */
  if (b < 0x80) { *len = 1; return 1; }
  if (b >= 0xC2 && b <= 0xDF) need = 1;
  else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;      /* overlong */
    else if (b == 0xED) hi = 0x9F; /* surrogates */
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lo = 0x90;      /* overlong */
    else if (b == 0xF4) hi = 0x8F; /* above U+10FFFF */
  } else { *len = 1; return 0; }
  size_t i = 1;
  for (; i <= need; i++) {
    if (i >= n) { *len = i; return 0; }
    unsigned char c = s[i];
    if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) { *len = i; return 0; }
  }
  *len = need + 1;
  return 1;
}

/* Skips the ASCII prefix eight bytes at a time (the common case). */
static size_t ascii_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) i++;
  return i;
}

size_t dy_utf8_validate(const char *buf, size_t len, size_t *first_bad) {
  const unsigned char *s = (const unsigned char *)buf;
  size_t bad = 0, i = 0;
  if (first_bad) *first_bad = len;
  while (i < len) {
    i += ascii_prefix(s + i, len - i);
    if (i >= len) break;
    size_t k;
    if (!utf8_step(s + i, len - i, &k)) {
      if (bad++ == 0 && first_bad) *first_bad = i;
    }
    i += k;
  }
  return bad;
}

char *dy_utf8_repair(dy_arena *a, const char *buf, size_t len, size_t *out_len) {
  const unsigned char *s = (const unsigned char *)buf;
  size_t bad = dy_utf8_validate(buf, len, NULL);
  /* A bad subpart is at least one byte and becomes three. */
  char *d = dy_arena_alloc(a, len + 2 * bad + 1);
  size_t o = 0, i = 0;
  while (i < len) {
    size_t run = ascii_prefix(s + i, len - i);
    memcpy(d + o, s + i, run);
    o += run;
    i += run;
    if (i >= len) break;
    size_t k;
    if (utf8_step(s + i, len - i, &k)) memcpy(d + o, s + i, k), o += k;
    else memcpy(d + o, "\xEF\xBF\xBD", 3), o += 3;
    i += k;
  }
  d[o] = 0;
  if (out_len) *out_len = o;
  return d;
}

void dy_utf8_repaired_offsets(const char *buf, size_t len, size_t *off, size_t n) {
  const unsigned char *s = (const unsigned char *)buf;
  size_t i = 0, o = 0;
  for (size_t j = 0; j < n; j++) {
    size_t want = off[j] > len ? len : off[j];
    while (i < want) {
      size_t run = ascii_prefix(s + i, want - i);
      i += run;
      o += run;
      if (i >= want) break;
      size_t k;
      int ok = utf8_step(s + i, len - i, &k);
      i += k;
      o += ok ? k : 3;
    }
    off[j] = o;
  }
}

size_t dy_utf8_repaired_offset(const char *buf, size_t len, size_t off) {
  dy_utf8_repaired_offsets(buf, len, &off, 1);
  return off;
}
