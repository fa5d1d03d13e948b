/* Datelines: "SOCHI, Russia (AP) --", "WASHINGTON (Reuters) -",
 * "BEIRUT, Jan 30 (Reuters) -", "MOSCOW —", "GAZA CITY, Palestinian
 * Territories (AFP) -", "LYON :". The shape, in order:
 *   place     words in capitals ("GAZA CITY", "ST. LOUIS", "SÃO PAULO")
 *   details   optional: ", " then capitalised words or numbers, separated
 *             by spaces or commas ("Russia", "Jan. 30, 2014")
 *   agency    optional: "(" up to 40 bytes on one line ")"
 *   separator "--", "-" (then a space), an en or em dash, or ":"
 *   (a place in ordinary capitalisation, or none, only before an agency:
 *   "Washington (AP) -", "(CNN) --")
 * A separator is required: capitals alone are usually a headline. */
#include "text/text.h"

#include <utf8proc.h>

#define DATELINE_MAX 160

/* 1 upper-case letter, 2 other letter or digit, 0 anything else; *len gets
 * the byte length of the character. */
static int letter_kind(const char *p, const char *e, int *len) {
  unsigned char c = (unsigned char)*p;
  *len = 1;
  if (c >= 'A' && c <= 'Z') return 1;
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return 2;
  if (c < 0x80) return 0;
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, e - p, &cp);
  if (n <= 0) return 0;
  *len = (int)n;
  utf8proc_category_t cat = utf8proc_category(cp);
  if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) return 1;
  if (cat >= UTF8PROC_CATEGORY_LL && cat <= UTF8PROC_CATEGORY_NO) return 2;
  return 0;
}

/* A word in capitals at p ("CITY", "ST.", "AL-QAIM"): returns its end, or
 * NULL when it is not one. *upper counts its capital letters. */
static const char *caps_word(const char *p, const char *e, int *upper) {
  const char *q = p;
  int n = 0;
  while (q < e) {
    int len, k = letter_kind(q, e, &len);
    if (k == 1) n++;
    else if (k == 2) return NULL; /* lower case or digits: not a place in capitals */
    else if (!(*q == '.' || *q == '\'' || *q == '-' || *q == '&') || q == p) break;
    q += len;
  }
  if (n == 0) return NULL;
  *upper += n;
  return q;
}

/* A capitalised word or a number ("Russia", "Jan.", "30", "2014"). */
static const char *detail_word(const char *p, const char *e) {
  int len, k = letter_kind(p, e, &len);
  if (k == 0 || (k == 2 && !(*p >= '0' && *p <= '9'))) return NULL;
  const char *q = p + len;
  while (q < e) {
    k = letter_kind(q, e, &len);
    if (k == 0 && !(*q == '.' || *q == '\'' || *q == '-')) break;
    q += len;
  }
  return q;
}

static const char *spaces(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  return p;
}

/* The separator at p: returns its end or NULL. */
static const char *separator(const char *p, const char *e) {
  if (p >= e) return NULL;
  if (*p == '-') {
    const char *q = p;
    while (q < e && *q == '-') q++;
    if (q - p == 1 && q < e && *q != ' ' && *q != '\n' && *q != '\t') return NULL;
    return q;
  }
  if (*p == ':') return p + 1;
  if (e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
    return p + 3;
  return NULL;
}

/* Capitalised place words ("Washington", "Gaza City"): returns the end or
 * NULL. Only accepted when an agency in brackets follows. */
static const char *capitalised_words(const char *q, const char *e) {
  const char *w, *end = NULL;
  int len;
  while (q < e && letter_kind(q, e, &len) == 1 && (w = detail_word(q, e)) != NULL) {
    end = q = w;
    const char *r = spaces(q, e);
    if (r == q) break;
    q = r;
  }
  return end;
}

size_t dy_text_dateline(const char *p, size_t n) {
  const char *e = p + (n > DATELINE_MAX ? DATELINE_MAX : n), *q = p, *w;
  int upper = 0, need_agency = 0;
  /* place: capitals; or capitalised words before an agency; or nothing
   * before an agency ("(CNN) --") */
  while ((w = caps_word(q, e, &upper)) != NULL) {
    q = w;
    const char *r = spaces(q, e);
    if (r == q || r >= e) break;
    int len;
    if (letter_kind(r, e, &len) != 1 || !caps_word(r, e, &(int){0})) break;
    q = r;
  }
  if (upper < 2) {
    q = p;
    need_agency = 1;
    if (*p != '(' && (q = capitalised_words(p, e)) == NULL) return 0;
  }
  /* details */
  if (q < e && *q == ',') {
    q = spaces(q + 1, e);
    while ((w = detail_word(q, e)) != NULL) {
      q = w;
      if (q < e && *q == ',') q++;
      const char *r = spaces(q, e);
      if (r == q || !detail_word(r, e)) break;
      q = r;
    }
  }
  /* agency */
  const char *r = spaces(q, e);
  if (r < e && *r == '(') {
    const char *close = r + 1;
    while (close < e && close - r <= 40 && *close != ')' && *close != '\n') close++;
    if (close >= e || *close != ')') return 0;
    q = close + 1;
    r = spaces(q, e);
  } else if (need_agency) {
    return 0;
  }
  const char *end = separator(r, e);
  return end ? (size_t)(end - p) : 0;
}
