/*
 * output.c — event writers (see output.h for the formats).
 *
 * Everything goes through one buffer owned by the writer. A record is
 * written in one go: its worst-case size (every byte of every string
 * escaped) is reserved first, then values are escaped straight from the
 * story's spans into the buffer through a plain pointer, with no bounds
 * check or call per field; field names are literals with their
 * separators. What is the same for every event of a story (its escaped
 * id, the pass-through fields, the event id hash of the story id) is
 * formatted once per story. Writing an event allocates nothing.
 */
#include "output/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"

#define OUT_BUF (64 * 1024)

/* Text formatted once per story, copied into each of its events. */
typedef struct piece {
  char *p;
  size_t n, cap;
} piece;

struct dy_writer {
  FILE *out;
  dy_format fmt;
  int failed;            /* a write failed (reported once) */
  int header_done;       /* tsv/csv header written */
  unsigned long count;   /* events written */
  char **cols;           /* tsv/csv pass-through columns (owned) */
  size_t ncol, capcol;
  int *colmap;           /* per story: column -> field index or -1 */
  size_t capmap;
  char **warned;         /* pass-through names already warned about */
  size_t nwarned;
  char *scratch;         /* decoded JSON strings (tsv/csv), reused */
  size_t capscratch;
  piece sid;             /* the story's story_id value, escaped */
  piece tail;            /* the story's pass-through fields, with separators */
  uint64_t idhash;       /* dy_event_id's hash of the story id and separator */
  char *buf;             /* OUT_BUF bytes, more while a huge record needs it */
  size_t pos, cap;
};

/* The fixed fields, in output order; pass-through names may not reuse them. */
#define CORE_NAMES                                                                                 \
  X("event_id") X("story_id") X("sentence") X("sentence_id") X("date") X("story_date") X("source")  \
  X("target") X("source_text") X("target_text") X("verb_text") X("code") X("root") X("quad_class") \
  X("goldstein") X("plover") X("text") X("issues")
#define X(s) s,
static const char *const core_names[] = {CORE_NAMES};
#undef X
/* their lengths: is_core_name runs per pass-through field of every event */
#define X(s) sizeof s - 1,
static const uint8_t core_len[] = {CORE_NAMES};
#undef X
#define NCORE (sizeof core_names / sizeof core_names[0])


/* ------------------------------------------------------------ buffering */

static void drain(dy_writer *w) {
  if (w->pos && !w->failed && fwrite(w->buf, 1, w->pos, w->out) != w->pos) {
    w->failed = 1;
    dy_diag(DY_ERROR, "output", 0, "write failed: %s", strerror(errno));
  }
  w->pos = 0;
}

/* Room for n more bytes at the returned pointer (w->buf + w->pos): drains
 * the buffer when it has less, and grows it for a record larger than the
 * whole buffer (shrunk again by shrink()). The caller sets w->pos. */
static char *reserve(dy_writer *w, size_t n) {
  if (n > w->cap - w->pos) {
    drain(w);
    if (n > w->cap) {
      w->cap = n;
      w->buf = dy_xrealloc(w->buf, n);
    }
  }
  return w->buf + w->pos;
}

/* After a huge record: back to the usual buffer size. */
static void shrink(dy_writer *w) {
  if (w->cap <= 4 * OUT_BUF) return;
  drain(w);
  w->cap = OUT_BUF;
  w->buf = dy_xrealloc(w->buf, OUT_BUF);
}

static void piece_reserve(piece *pc, size_t n) {
  if (n <= pc->cap) return;
  pc->cap = n < 256 ? 256 : n * 2;
  pc->p = dy_xrealloc(pc->p, pc->cap);
}

/* ---------------------------------------------------------------- UTF-8 */

/* Length of the valid UTF-8 sequence starting at p (1..4), or 0 when the
 * bytes there are not one (overlong forms, surrogates, > U+10FFFF, cut). */
static size_t utf8_seq(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   /* overlong */
    if (c == 0xED && p[1] >= 0xA0) return 0;  /* surrogate */
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   /* overlong */
    if (c == 0xF4 && p[1] >= 0x90) return 0;  /* > U+10FFFF */
    return 4;
  }
  return 0;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* ------------------------------------------------------------- escaping */
/* ------------------------------------------------------------- escaping */

enum esc { ESC_JSON, ESC_TSV, ESC_CSV };

/* Every string is escaped into at most ESC_MAX bytes per input byte
 * (JSON: \u00XX or \ufffd; TSV/CSV: two bytes or U+FFFD's three). */
#define ESC_MAX 6

/* Writes the escape for byte c (which needs one) in the given style. */
static char *escape_into(char *o, unsigned char c, enum esc e) {
  static const char hex[] = "0123456789abcdef";
  char x;
  if (e == ESC_JSON) {
    switch (c) {
    case '"': x = '"'; break;
    case '\\': x = '\\'; break;
    case '\n': x = 'n'; break;
    case '\t': x = 't'; break;
    case '\r': x = 'r'; break;
    case '\b': x = 'b'; break;
    case '\f': x = 'f'; break;
    default:
      memcpy(o, "\\u00", 4);
      o[4] = hex[c >> 4];
      o[5] = hex[c & 15];
      return o + 6;
    }
    o[0] = '\\'; o[1] = x;
    return o + 2;
  }
  if (e == ESC_TSV) {
    switch (c) {
    case '\t': x = 't'; break;
    case '\n': x = 'n'; break;
    case '\r': x = 'r'; break;
    case '\\': x = '\\'; break;
    default: x = '0'; break;  /* NUL */
    }
    o[0] = '\\'; o[1] = x;
    return o + 2;
  }
  o[0] = '"'; o[1] = '"';  /* CSV, inside quotes: only '"' needs it */
  return o + 2;
}

/* Byte classes per style, so the copy loop is one table load per byte:
 * 0 plain, 1 needs an escape (escape_into), 2 starts a non-ASCII sequence
 * (validated). Spelled out (no lazy init: writers may run in threads). */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char cls_json[256] = {
  R16(1), R16(1),                                  /* 0x00-0x1f */
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 0x20-0x2f: '"' */
  R16(0), R16(0),                                  /* 0x30-0x4f */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* 0x50-0x5f: '\\' */
  R16(0),                                          /* 0x60-0x6f */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  /* 0x70-0x7f: DEL */
  R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2)};
static const unsigned char cls_tsv[256] = {
  1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,  /* NUL \t \n \r */
  R16(0), R16(0), R16(0), R16(0),
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* '\\' */
  R16(0), R16(0),
  R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2)};
static const unsigned char cls_csv[256] = {
  R16(0), R16(0),
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* '"' */
  R16(0), R16(0), R16(0), R16(0), R16(0),
  R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2)};
#undef R16

/* Offset (0..8) of the first byte of the 8 at p that may need attention
 * in any style: below 0x20, '"', '\\', DEL or non-ASCII (a superset of
 * every class table's non-zero bytes). The lowest flag of each test is
 * exact (borrows only run upwards), so the first flagged byte is one. */
static inline unsigned plain8(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t x;
  memcpy(&x, p, 8);
#define HASZERO(v) (((v) - ones) & ~(v) & high)
  uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), d = x ^ (ones * 0x7f);
  uint64_t m = (x & high) | ((x - ones * 0x20) & ~x & high) | HASZERO(q) | HASZERO(b) | HASZERO(d);
#undef HASZERO
  return m ? (unsigned)__builtin_ctzll(m) >> 3 : 8;
#else
  (void)p;
  return 0;
#endif
}

/* One byte that may need attention (a flagged byte of plain8/flag16):
 * escaped, replaced (invalid UTF-8) or copied with its sequence. Returns
 * the number of input bytes consumed; *po advances. */
static inline size_t escape_one(char **po, const unsigned char *p, size_t left, const unsigned char *cls,
                                enum esc e) {
  char *o = *po;
  unsigned k = cls[p[0]];
  size_t len = 1;
  if (k == 0) {
    *o++ = (char)p[0];
  } else if (k == 1) {
    o = escape_into(o, p[0], e);
  } else if ((len = utf8_seq(p, left)) != 0) {
    memcpy(o, p, 4 <= left ? 4 : len); /* fixed size when it can be: no call */
    o += len;
  } else {
    len = 1;
    if (e == ESC_JSON) { memcpy(o, "\\ufffd", 6); o += 6; }
    else { memcpy(o, REPLACEMENT, 3); o += 3; }
  }
  *po = o;
  return len;
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* Bit i set when byte i of the 16 at p may need attention (as plain8). */
static inline unsigned flag16(const unsigned char *p) {
  __m128i x = _mm_loadu_si128((const __m128i *)p);
  __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), /* signed: non-ASCII too */
                           _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')),
                                                     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)))));
  return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* Escapes s[0..n) into o (room for ESC_MAX * n bytes); returns the end.
 * Plain text goes 16 bytes at a time, stored before it is known to be
 * plain (the room allows it: the output never lags the input by less
 * than 16 bytes of room); each flagged byte is then handled alone. */
static char *escape_str(char *o, const char *s, size_t n, enum esc e) {
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *cls = e == ESC_JSON ? cls_json : e == ESC_TSV ? cls_tsv : cls_csv;
  size_t i = 0;
#if defined(__SSE2__)
  while (i + 16 <= n) {
    unsigned m = flag16(p + i);
    _mm_storeu_si128((__m128i *)o, _mm_loadu_si128((const __m128i *)(p + i)));
    if (!m) { i += 16; o += 16; continue; }
    unsigned k = (unsigned)__builtin_ctz(m);
    i += k;
    o += k;
    i += escape_one(&o, p + i, n - i, cls, e);
  }
#endif
  while (i < n) {
    if (i + 8 <= n) {
      unsigned skip = plain8(p + i);
      memcpy(o, p + i, 8);
      i += skip;
      o += skip;
      if (skip == 8) continue;
    }
    i += escape_one(&o, p + i, n - i, cls, e);
  }
  return o;
}

static int csv_needs_quotes(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return 1;
  return 0;
}

/* --------------------------------------------------------------- values */

/* A string value (room: ESC_MAX * n + 2). */
static char *v_str(dy_format fmt, char *o, const char *s, size_t n) {
  switch (fmt) {
  case DY_FORMAT_JSONL:
    *o++ = '"';
    o = escape_str(o, s, n, ESC_JSON);
    *o++ = '"';
    return o;
  case DY_FORMAT_TSV: return escape_str(o, s, n, ESC_TSV);
  case DY_FORMAT_CSV: break;
  }
  if (!csv_needs_quotes(s, n)) return escape_str(o, s, n, ESC_CSV);
  *o++ = '"';
  o = escape_str(o, s, n, ESC_CSV);
  *o++ = '"';
  return o;
}

static char *v_span(dy_format fmt, char *o, dy_str v) {
  return v_str(fmt, o, v.p ? v.p : "", v.p ? v.n : 0);
}

static char *v_null(dy_format fmt, char *o) {
  if (fmt == DY_FORMAT_JSONL) { memcpy(o, "null", 4); o += 4; }
  return o;
}

static size_t fmt_uint(char *out, unsigned long v) {
  char tmp[24];
  size_t n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

/* Goldstein weight: shortest form, at most one decimal, '.' always. */
static size_t fmt_goldstein(char *out, double g) {
  long t = (long)(g * 10.0 + (g < 0 ? -0.5 : 0.5));
  size_t n = 0;
  if (t < 0) { out[n++] = '-'; t = -t; }
  n += fmt_uint(out + n, (unsigned long)(t / 10));
  if (t % 10) { out[n++] = '.'; out[n++] = (char)('0' + t % 10); }
  return n;
}

/* "YYYY-MM-DD" (digits and dashes: nothing to escape in any format). */
static char *v_date(dy_format fmt, char *o, dy_date d) {
  if (!d) return v_null(fmt, o);
  char b[11];
  dy_date_format(d, b);
  if (fmt == DY_FORMAT_JSONL) *o++ = '"';
  memcpy(o, b, 10);
  o += 10;
  if (fmt == DY_FORMAT_JSONL) *o++ = '"';
  return o;
}

/* ------------------------------------------------- pass-through fields */

static int is_core_name(const char *s, size_t n) {
  for (size_t i = 0; i < NCORE; i++)
    if (core_len[i] == n && core_names[i][0] == s[0] && memcmp(core_names[i], s, n) == 0) return 1;
  return 0;
}

/* The output name of a pass-through field into out (>= n + 7 bytes), or
 * returns 0 when the field is dropped (see output.h). */
static int passthrough_name(dy_str name, char *out, size_t cap) {
  if (!name.p || name.n == 0 || name.n + 7 > cap) return 0;
  if (!is_core_name(name.p, name.n)) {
    memcpy(out, name.p, name.n);
    out[name.n] = 0;
    return 1;
  }
  memcpy(out, "story_", 6);
  memcpy(out + 6, name.p, name.n);
  out[name.n + 6] = 0;
  return !is_core_name(out, name.n + 6);
}

static int warned_about(dy_writer *w, const char *name);

/* passthrough_name, warning once about a name too long to be a column
 * (> 256 bytes: not a real field name, but never dropped silently). */
#define NAME_CAP 264
static int out_name(dy_writer *w, const dy_story *s, dy_str name, char out[NAME_CAP]) {
  if (passthrough_name(name, out, NAME_CAP)) return 1;
  if (name.n + 7 > NAME_CAP) {
    snprintf(out, NAME_CAP, "%.40s...", name.p);
    if (!warned_about(w, out))
      dy_diag(DY_WARNING, s->origin ? s->origin : "output", s->line,
              "field name \"%s\" (%u bytes) is too long for output; dropped", out, name.n);
  }
  return 0;
}

static void scratch_reserve(dy_writer *w, size_t n) {
  if (n <= w->capscratch) return;
  w->capscratch = n < 256 ? 256 : n * 2;
  w->scratch = dy_xrealloc(w->scratch, w->capscratch);
}

static unsigned hex4(const char *p) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0xFFFFFFFFu;
  }
  return v;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | (cp >> 6 & 63));
    o[2] = (char)(0x80 | (cp & 63));
    return 3;
  }
  o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | (cp >> 12 & 63));
  o[2] = (char)(0x80 | (cp >> 6 & 63)); o[3] = (char)(0x80 | (cp & 63));
  return 4;
}

/* Decodes the JSON string literal s[0..n) (quotes included) into the
 * scratch buffer; returns the decoded length. Lenient: a bad escape is
 * kept as written, a lone surrogate becomes U+FFFD. */
static size_t json_decode(dy_writer *w, const char *s, size_t n) {
  scratch_reserve(w, n);  /* decoding never grows the text */
  char *o = w->scratch;
  size_t len = 0, end = n > 1 && s[n - 1] == '"' ? n - 1 : n;
  for (size_t i = 1; i < end; i++) {
    if (s[i] != '\\' || i + 1 >= end) { o[len++] = s[i]; continue; }
    char c = s[++i];
    switch (c) {
    case 'n': o[len++] = '\n'; break;
    case 't': o[len++] = '\t'; break;
    case 'r': o[len++] = '\r'; break;
    case 'b': o[len++] = '\b'; break;
    case 'f': o[len++] = '\f'; break;
    case 'u': {
      unsigned cp = i + 4 < end ? hex4(s + i + 1) : 0xFFFFFFFFu;
      if (cp == 0xFFFFFFFFu) { o[len++] = '\\'; o[len++] = 'u'; break; }
      i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < end && s[i + 1] == '\\' && s[i + 2] == 'u') {
        unsigned lo = hex4(s + i + 3);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
      len += put_utf8(o + len, cp);  /* <= 6 escaped bytes -> <= 4 */
      break;
    }
    default: o[len++] = c; break;  /* \" \\ \/ */
    }
  }
  return len;
}

/* Room a pass-through value needs (decoded strings never grow). */
static size_t json_value_bound(dy_str v) { return ESC_MAX * (size_t)(v.p ? v.n : 0) + 8; }

/* A pass-through value: JSONL copies the JSON; TSV/CSV decode strings. */
static char *v_json(dy_writer *w, char *o, dy_str v) {
  size_t a = 0, b = v.p ? v.n : 0;
  while (a < b && (v.p[a] == ' ' || v.p[a] == '\t' || v.p[a] == '\n' || v.p[a] == '\r')) a++;
  while (b > a && (v.p[b - 1] == ' ' || v.p[b - 1] == '\t' || v.p[b - 1] == '\n' || v.p[b - 1] == '\r')) b--;
  if (a == b || (b - a == 4 && memcmp(v.p + a, "null", 4) == 0)) return v_null(w->fmt, o);
  if (w->fmt == DY_FORMAT_JSONL) {
    memcpy(o, v.p + a, b - a);
    return o + (b - a);
  }
  if (v.p[a] == '"') {
    size_t n = json_decode(w, v.p + a, b - a);
    return v_str(w->fmt, o, w->scratch, n);
  }
  return v_str(w->fmt, o, v.p + a, b - a);
}

/* ------------------------------------------------------------- records */

static int warned_about(dy_writer *w, const char *name) {
  for (size_t i = 0; i < w->nwarned; i++)
    if (strcmp(w->warned[i], name) == 0) return 1;
  w->warned = dy_xrealloc(w->warned, (w->nwarned + 1) * sizeof *w->warned);
  w->warned[w->nwarned++] = dy_xstrdup(name);
  return 0;
}

static int has_column(const dy_writer *w, const char *name) {
  for (size_t i = 0; i < w->ncol; i++)
    if (strcmp(w->cols[i], name) == 0) return 1;
  return 0;
}

static void add_column(dy_writer *w, const char *name) {
  if (has_column(w, name)) return;
  if (w->ncol == w->capcol) {
    w->capcol = w->capcol ? w->capcol * 2 : 8;
    w->cols = dy_xrealloc(w->cols, w->capcol * sizeof *w->cols);
  }
  w->cols[w->ncol++] = dy_xstrdup(name);
}

static void write_header(dy_writer *w) {
  w->header_done = 1;
  if (w->fmt == DY_FORMAT_JSONL) return;
  char sep = w->fmt == DY_FORMAT_TSV ? '\t' : ',';
  size_t bound = 1;
  for (size_t i = 0; i < NCORE; i++) bound += ESC_MAX * (size_t)core_len[i] + 3;
  for (size_t i = 0; i < w->ncol; i++) bound += ESC_MAX * strlen(w->cols[i]) + 3;
  char *o = reserve(w, bound), *o0 = o;
  for (size_t i = 0; i < NCORE; i++) {
    if (i) *o++ = sep;
    o = v_str(w->fmt, o, core_names[i], core_len[i]);
  }
  for (size_t i = 0; i < w->ncol; i++) {
    *o++ = sep;
    o = v_str(w->fmt, o, w->cols[i], strlen(w->cols[i]));
  }
  *o++ = '\n';
  w->pos += (size_t)(o - o0);
}

/* tsv/csv: maps header columns to this story's fields (w->colmap). */
static void map_columns(dy_writer *w, const dy_story *s) {
  char name[NAME_CAP];
  if (!w->header_done)
    for (uint32_t i = 0; i < s->nfields; i++)
      if (out_name(w, s, s->fields[i].name, name)) add_column(w, name);
  if (w->capmap < w->ncol) {
    w->capmap = w->ncol;
    w->colmap = dy_xrealloc(w->colmap, w->capmap * sizeof *w->colmap);
  }
  for (size_t c = 0; c < w->ncol; c++) w->colmap[c] = -1;
  for (uint32_t i = 0; i < s->nfields; i++) {
    if (!out_name(w, s, s->fields[i].name, name)) continue;
    size_t c = 0;
    while (c < w->ncol && strcmp(w->cols[c], name) != 0) c++;
    if (c < w->ncol) {
      if (w->colmap[c] < 0) w->colmap[c] = (int)i;
    } else if (!warned_about(w, name)) {
      dy_diag(DY_WARNING, s->origin ? s->origin : "output", s->line,
              "field \"%s\" is not a column of the %s header (set by the first story); dropped",
              name, dy_format_name(w->fmt));
    }
  }
}


/* dy_event_id's hash up to the sentence number: the story's part. */
static uint64_t story_id_hash(const dy_story *s) {
  const char sep = 0x1f;
  const char *id = s->id ? s->id : "";
  uint64_t h = dy_hash64(id, strlen(id), DY_HASH_SEED);
  return dy_hash64(&sep, 1, h);
}

/* dy_hash64 (FNV-1a) continued over a NUL-terminated field of at most
 * cap bytes, then the separator 0x1f: inline, no call or strnlen per
 * part (FNV is a stream: the same value as the calls part by part). */
static inline uint64_t fnv_field(uint64_t h, const char *s, size_t cap, int sep) {
  for (size_t i = 0; i < cap && s[i]; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  if (sep) {
    h ^= 0x1f;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static void event_id_hex(uint64_t h, const dy_event *ev, char *out) {
  static const char hex[] = "0123456789abcdef";
  char num[24];
  num[fmt_uint(num, ev->sentence)] = 0;
  h = fnv_field(h, num, sizeof num, 1);
  h = fnv_field(h, ev->source, sizeof ev->source, 1);
  h = fnv_field(h, ev->target, sizeof ev->target, 1);
  h = fnv_field(h, ev->code, sizeof ev->code, 0);
  for (int i = 15; i >= 0; i--) {
    out[i] = hex[h & 15];
    h >>= 4;
  }
}

/* What every event of s shares, formatted once: the story id value, and
 * the pass-through fields with their separators (and, in JSONL, names). */
static void story_begin(dy_writer *w, const dy_story *s) {
  w->idhash = story_id_hash(s);
  const char *id = s->id ? s->id : "";
  size_t n = strlen(id);
  piece_reserve(&w->sid, ESC_MAX * n + 2);
  w->sid.n = (size_t)(v_str(w->fmt, w->sid.p, id, n) - w->sid.p);

  size_t bound = 1;
  char *o;
  if (w->fmt == DY_FORMAT_JSONL) {
    for (uint32_t i = 0; i < s->nfields; i++)
      bound += ESC_MAX * (size_t)s->fields[i].name.n + 12 + json_value_bound(s->fields[i].value_json);
    piece_reserve(&w->tail, bound);
    o = w->tail.p;
    char name[NAME_CAP];
    for (uint32_t i = 0; i < s->nfields; i++) {
      if (!out_name(w, s, s->fields[i].name, name)) continue;
      size_t nn = strlen(name);
      *o++ = ',';
      o = v_str(DY_FORMAT_JSONL, o, name, nn);
      *o++ = ':';
      o = v_json(w, o, s->fields[i].value_json);
    }
  } else {
    for (size_t c = 0; c < w->ncol; c++)
      bound += 1 + (w->colmap[c] >= 0 ? json_value_bound(s->fields[w->colmap[c]].value_json) : 0);
    piece_reserve(&w->tail, bound);
    o = w->tail.p;
    char sep = w->fmt == DY_FORMAT_TSV ? '\t' : ',';
    for (size_t c = 0; c < w->ncol; c++) {
      *o++ = sep;
      if (w->colmap[c] >= 0) o = v_json(w, o, s->fields[w->colmap[c]].value_json);
    }
  }
  w->tail.n = (size_t)(o - w->tail.p);
}

static size_t span_n(dy_str v) { return v.p ? v.n : 0; }

/* The separator and, in JSONL, the field's name: ,"name": */
#define NAME(lit)                                                    \
  do {                                                               \
    if (json) {                                                      \
      memcpy(o, ",\"" lit "\":", sizeof(",\"" lit "\":") - 1);       \
      o += sizeof(",\"" lit "\":") - 1;                              \
    } else {                                                         \
      *o++ = sep;                                                    \
    }                                                                \
  } while (0)

static void write_event(dy_writer *w, const dy_story *s, const dy_event *ev) {
  const dy_sentence *sent = ev->sentence < s->nsent ? &s->sent[ev->sentence] : NULL;
  const dy_cameo *cm = dy_cameo_get(ev->code);
  const dy_format fmt = w->fmt;
  const int json = fmt == DY_FORMAT_JSONL;
  const char sep = fmt == DY_FORMAT_TSV ? '\t' : ',';
  size_t nsrc = strlen(ev->source), ntgt = strlen(ev->target), ncode = strlen(ev->code);
  size_t nplover = cm && cm->plover ? strlen(cm->plover) : 0;
  int has_issues = ev->issues && ev->issues[0];
  size_t nissues = has_issues ? strlen(ev->issues) : 0;
  size_t strings = nsrc + ntgt + ncode + 2 + nplover + nissues + span_n(ev->source_text) +
                   span_n(ev->target_text) + span_n(ev->verb_text) +
                   (sent ? span_n(sent->id) + span_n(sent->text) : 0);
  /* names, numbers, dates, quotes: well under 512 bytes */
  char *o = reserve(w, 512 + w->sid.n + w->tail.n + ESC_MAX * strings), *o0 = o;

  if (json) { memcpy(o, "{\"event_id\":\"", 13); o += 13; }
  event_id_hex(w->idhash, ev, o);
  o += 16;
  if (json) *o++ = '"';
  NAME("story_id");
  memcpy(o, w->sid.p, w->sid.n);
  o += w->sid.n;
  NAME("sentence");
  o += fmt_uint(o, ev->sentence);
  NAME("sentence_id");
  if (sent && sent->id.n) o = v_span(fmt, o, sent->id);
  else o = v_null(fmt, o);
  dy_date d = ev->date ? ev->date : sent && sent->date ? sent->date : s->date;
  NAME("date");
  o = v_date(fmt, o, d);
  NAME("story_date");
  o = v_date(fmt, o, s->date);
  NAME("source");
  o = v_str(fmt, o, ev->source, nsrc);
  NAME("target");
  o = ntgt ? v_str(fmt, o, ev->target, ntgt) : v_null(fmt, o);
  NAME("source_text");
  o = v_span(fmt, o, ev->source_text);
  NAME("target_text");
  o = ntgt ? v_span(fmt, o, ev->target_text) : v_null(fmt, o);
  NAME("verb_text");
  o = v_span(fmt, o, ev->verb_text);
  NAME("code");
  o = v_str(fmt, o, ev->code, ncode);
  NAME("root");
  o = strnlen(ev->code, 2) == 2 ? v_str(fmt, o, ev->code, 2) : v_null(fmt, o);
  NAME("quad_class");
  if (cm) o += fmt_uint(o, (unsigned long)cm->quad_class);
  else o = v_null(fmt, o);
  NAME("goldstein");
  if (cm) o += fmt_goldstein(o, cm->goldstein);
  else o = v_null(fmt, o);
  NAME("plover");
  o = cm && cm->plover ? v_str(fmt, o, cm->plover, nplover) : v_null(fmt, o);
  NAME("text");
  o = sent ? v_span(fmt, o, sent->text) : v_null(fmt, o);
  if (has_issues) {
    NAME("issues");
    o = v_str(fmt, o, ev->issues, nissues);
  } else if (!json) {
    *o++ = sep;
  }
  memcpy(o, w->tail.p, w->tail.n);
  o += w->tail.n;
  if (json) *o++ = '}';
  *o++ = '\n';
  w->pos += (size_t)(o - o0);
  w->count++;
}
#undef NAME

/* ---------------------------------------------------------------- API */

int dy_format_parse(const char *s, dy_format *out) {
  if (!s) return -1;
  if (strcmp(s, "jsonl") == 0 || strcmp(s, "json") == 0) *out = DY_FORMAT_JSONL;
  else if (strcmp(s, "tsv") == 0) *out = DY_FORMAT_TSV;
  else if (strcmp(s, "csv") == 0) *out = DY_FORMAT_CSV;
  else return -1;
  return 0;
}

const char *dy_format_name(dy_format f) {
  return f == DY_FORMAT_TSV ? "tsv" : f == DY_FORMAT_CSV ? "csv" : "jsonl";
}

dy_writer *dy_writer_new(FILE *out, dy_format fmt) {
  dy_writer *w = dy_xcalloc(1, sizeof *w);
  w->out = out;
  w->fmt = fmt;
  w->cap = OUT_BUF;
  w->buf = dy_xmalloc(OUT_BUF);
  return w;
}

int dy_writer_add_column(dy_writer *w, const char *name) {
  if (w->header_done) return -1;
  char n[NAME_CAP];
  if (passthrough_name(dy_str_c(name), n, sizeof n)) add_column(w, n);
  return 0;
}

int dy_writer_story(dy_writer *w, const dy_story *s) {
  if (w->fmt != DY_FORMAT_JSONL) map_columns(w, s);
  if (!w->header_done) write_header(w);
  if (s->nev) story_begin(w, s);
  for (uint32_t i = 0; i < s->nev; i++) write_event(w, s, &s->ev[i]);
  shrink(w);
  return w->failed ? -1 : 0;
}

int dy_writer_flush(dy_writer *w) {
  drain(w);
  if (!w->failed && fflush(w->out) != 0) {
    w->failed = 1;
    dy_diag(DY_ERROR, "output", 0, "write failed: %s", strerror(errno));
  }
  return w->failed ? -1 : 0;
}

unsigned long dy_writer_count(const dy_writer *w) { return w->count; }

int dy_writer_free(dy_writer **pw) {
  if (!pw || !*pw) return 0;
  dy_writer *w = *pw;
  if (!w->header_done) write_header(w);
  int rc = dy_writer_flush(w);
  for (size_t i = 0; i < w->ncol; i++) free(w->cols[i]);
  for (size_t i = 0; i < w->nwarned; i++) free(w->warned[i]);
  free(w->cols);
  free(w->warned);
  free(w->colmap);
  free(w->scratch);
  free(w->sid.p);
  free(w->tail.p);
  free(w->buf);
  free(w);
  *pw = NULL;
  return rc;
}

void dy_event_id(const dy_story *s, const dy_event *ev, char out[17]) {
  event_id_hex(story_id_hash(s), ev, out);
  out[16] = 0;
}

static int span_len(dy_str s) { return s.p ? (int)s.n : 0; }
static const char *span_ptr(dy_str s) { return s.p ? s.p : ""; }

void dy_event_explain(FILE *f, const char *prefix, const dy_event *e) {
  fprintf(f, "%s%s -> %s %s [%s] source \"%.*s\" target \"%.*s\" verb \"%.*s\"\n", prefix, e->source,
          e->target[0] ? e->target : "-", e->code, e->rule ? e->rule : "", span_len(e->source_text),
          span_ptr(e->source_text), span_len(e->target_text), span_ptr(e->target_text), span_len(e->verb_text),
          span_ptr(e->verb_text));
}
