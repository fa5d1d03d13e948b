/*
 * output.c — event writers (see output.h for the formats).
 *
 * Everything goes through one buffer owned by the writer; values are
 * escaped straight from the story's spans into it, so writing an event
 * allocates nothing. Each format is a set of small "field" functions
 * (string, null, integer, raw number, pass-through JSON) switched on the
 * writer's format; records are begun and ended the same way.
 */
#include "output/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"

#define OUT_BUF (64 * 1024)

struct dy_writer {
  FILE *out;
  dy_format fmt;
  int failed;            /* a write failed (reported once) */
  int header_done;       /* tsv/csv header written */
  unsigned nfield;       /* fields written in the current record */
  unsigned long count;   /* events written */
  char **cols;           /* tsv/csv pass-through columns (owned) */
  size_t ncol, capcol;
  int *colmap;           /* per story: column -> field index or -1 */
  size_t capmap;
  char **warned;         /* pass-through names already warned about */
  size_t nwarned;
  char *scratch;         /* decoded JSON strings (tsv/csv), reused */
  size_t capscratch;
  size_t pos;
  char buf[OUT_BUF];
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

static void put(dy_writer *w, const char *p, size_t n) {
  if (n > OUT_BUF - w->pos) {
    drain(w);
    if (n > OUT_BUF) {
      if (!w->failed && fwrite(p, 1, n, w->out) != n) {
        w->failed = 1;
        dy_diag(DY_ERROR, "output", 0, "write failed: %s", strerror(errno));
      }
      return;
    }
  }
  memcpy(w->buf + w->pos, p, n);
  w->pos += n;
}

static void putch(dy_writer *w, char c) {
  if (w->pos == OUT_BUF) drain(w);
  w->buf[w->pos++] = c;
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

enum esc { ESC_JSON, ESC_TSV, ESC_CSV };

/* Writes the escape for byte c (which needs one) in the given style. */
static void put_escape(dy_writer *w, unsigned char c, enum esc e) {
  static const char hex[] = "0123456789abcdef";
  if (e == ESC_JSON) {
    switch (c) {
    case '"': put(w, "\\\"", 2); return;
    case '\\': put(w, "\\\\", 2); return;
    case '\n': put(w, "\\n", 2); return;
    case '\t': put(w, "\\t", 2); return;
    case '\r': put(w, "\\r", 2); return;
    case '\b': put(w, "\\b", 2); return;
    case '\f': put(w, "\\f", 2); return;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(w, u, 6);
      return;
    }
    }
  }
  if (e == ESC_TSV) {
    switch (c) {
    case '\t': put(w, "\\t", 2); return;
    case '\n': put(w, "\\n", 2); return;
    case '\r': put(w, "\\r", 2); return;
    case '\\': put(w, "\\\\", 2); return;
    default: put(w, "\\0", 2); return;  /* NUL */
    }
  }
  put(w, "\"\"", 2);  /* CSV, inside quotes: only '"' needs it */
}

/* Byte classes per style, so the copy loop is one table load per byte:
 * 0 plain, 1 needs an escape (put_escape), 2 starts a non-ASCII sequence
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

/* Copies runs of plain bytes in one memcpy; escapes the rest; replaces
 * invalid UTF-8 byte by byte. Plain text is skipped 8 bytes at a time. */
static void put_escaped(dy_writer *w, const char *s, size_t n, enum esc e) {
  const unsigned char *p = (const unsigned char *)s;
  const unsigned char *cls = e == ESC_JSON ? cls_json : e == ESC_TSV ? cls_tsv : cls_csv;
  size_t run = 0, i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      unsigned skip = plain8(p + i);
      i += skip;
      if (skip == 8) continue;
    }
    unsigned k = cls[p[i]];
    if (k == 0) { i++; continue; }
    if (k == 1) {
      put(w, s + run, i - run);
      put_escape(w, p[i], e);
      run = ++i;
      continue;
    }
    size_t len = utf8_seq(p + i, n - i);
    if (len) { i += len; continue; }
    put(w, s + run, i - run);
    if (e == ESC_JSON) put(w, "\\ufffd", 6);
    else put(w, REPLACEMENT, 3);
    run = ++i;
  }
  put(w, s + run, n - run);
}

static int csv_needs_quotes(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return 1;
  return 0;
}

/* --------------------------------------------------------------- fields */

static void field_sep(dy_writer *w, const char *name) {
  if (w->fmt == DY_FORMAT_JSONL) {
    putch(w, w->nfield ? ',' : '{');
    putch(w, '"');
    /* names are nearly always plain: one pass finds the end and checks */
    size_t n = 0;
    unsigned k = 0;
    for (; name[n]; n++) k |= cls_json[(unsigned char)name[n]];
    if (k) put_escaped(w, name, n, ESC_JSON);
    else put(w, name, n);
    put(w, "\":", 2);
  } else if (w->nfield) {
    putch(w, w->fmt == DY_FORMAT_TSV ? '\t' : ',');
  }
  w->nfield++;
}

static void f_str(dy_writer *w, const char *name, const char *s, size_t n) {
  field_sep(w, name);
  switch (w->fmt) {
  case DY_FORMAT_JSONL:
    putch(w, '"');
    put_escaped(w, s, n, ESC_JSON);
    putch(w, '"');
    break;
  case DY_FORMAT_TSV: put_escaped(w, s, n, ESC_TSV); break;
  case DY_FORMAT_CSV:
    if (csv_needs_quotes(s, n)) {
      putch(w, '"');
      put_escaped(w, s, n, ESC_CSV);
      putch(w, '"');
    } else {
      put_escaped(w, s, n, ESC_CSV);
    }
    break;
  }
}

static void f_cstr(dy_writer *w, const char *name, const char *s) {
  f_str(w, name, s, strlen(s));
}

static void f_span(dy_writer *w, const char *name, dy_str v) {
  f_str(w, name, v.p ? v.p : "", v.p ? v.n : 0);
}

static void f_null(dy_writer *w, const char *name) {
  field_sep(w, name);
  if (w->fmt == DY_FORMAT_JSONL) put(w, "null", 4);
}

/* A number already formatted as ASCII (no quoting in any format). */
static void f_raw(dy_writer *w, const char *name, const char *s, size_t n) {
  field_sep(w, name);
  put(w, s, n);
}

static size_t fmt_uint(char *out, unsigned long v) {
  char tmp[24];
  size_t n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

static void f_uint(dy_writer *w, const char *name, unsigned long v) {
  char b[24];
  f_raw(w, name, b, fmt_uint(b, v));
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

static void f_date(dy_writer *w, const char *name, dy_date d) {
  if (!d) { f_null(w, name); return; }
  char b[11];
  dy_date_format(d, b);
  f_str(w, name, b, 10);
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

/* A pass-through value: JSONL copies the JSON; TSV/CSV decode strings. */
static void f_json(dy_writer *w, const char *name, dy_str v) {
  size_t a = 0, b = v.p ? v.n : 0;
  while (a < b && (v.p[a] == ' ' || v.p[a] == '\t' || v.p[a] == '\n' || v.p[a] == '\r')) a++;
  while (b > a && (v.p[b - 1] == ' ' || v.p[b - 1] == '\t' || v.p[b - 1] == '\n' || v.p[b - 1] == '\r')) b--;
  if (a == b || (b - a == 4 && memcmp(v.p + a, "null", 4) == 0)) { f_null(w, name); return; }
  if (w->fmt == DY_FORMAT_JSONL) {
    f_raw(w, name, v.p + a, b - a);
    return;
  }
  if (v.p[a] == '"') {
    size_t n = json_decode(w, v.p + a, b - a);
    f_str(w, name, w->scratch, n);
  } else {
    f_str(w, name, v.p + a, b - a);
  }
}

/* ------------------------------------------------------------- records */

static void record_begin(dy_writer *w) { w->nfield = 0; }

static void record_end(dy_writer *w) {
  if (w->fmt == DY_FORMAT_JSONL) putch(w, '}');
  putch(w, '\n');
}

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
  record_begin(w);
  for (size_t i = 0; i < NCORE; i++) f_cstr(w, core_names[i], core_names[i]);
  for (size_t i = 0; i < w->ncol; i++) f_cstr(w, w->cols[i], w->cols[i]);
  record_end(w);
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

static void write_event(dy_writer *w, const dy_story *s, const dy_event *ev) {
  const dy_sentence *sent = ev->sentence < s->nsent ? &s->sent[ev->sentence] : NULL;
  const dy_cameo *cm = dy_cameo_get(ev->code);
  char id[17], num[24];

  record_begin(w);
  dy_event_id(s, ev, id);
  f_str(w, "event_id", id, 16);
  f_cstr(w, "story_id", s->id ? s->id : "");
  f_uint(w, "sentence", ev->sentence);
  if (sent && sent->id.n) f_span(w, "sentence_id", sent->id);
  else f_null(w, "sentence_id");
  dy_date d = ev->date ? ev->date : sent && sent->date ? sent->date : s->date;
  f_date(w, "date", d);
  f_date(w, "story_date", s->date);
  f_cstr(w, "source", ev->source);
  if (ev->target[0]) f_cstr(w, "target", ev->target);
  else f_null(w, "target");
  f_span(w, "source_text", ev->source_text);
  if (ev->target[0]) f_span(w, "target_text", ev->target_text);
  else f_null(w, "target_text");
  f_span(w, "verb_text", ev->verb_text);
  f_cstr(w, "code", ev->code);
  size_t clen = strnlen(ev->code, 2);
  if (clen == 2) f_str(w, "root", ev->code, 2);
  else f_null(w, "root");
  if (cm) {
    f_uint(w, "quad_class", (unsigned long)cm->quad_class);
    f_raw(w, "goldstein", num, fmt_goldstein(num, cm->goldstein));
  } else {
    f_null(w, "quad_class");
    f_null(w, "goldstein");
  }
  if (cm && cm->plover) f_cstr(w, "plover", cm->plover);
  else f_null(w, "plover");
  if (sent) f_span(w, "text", sent->text);
  else f_null(w, "text");
  int has_issues = ev->issues && ev->issues[0];
  if (has_issues) f_cstr(w, "issues", ev->issues);
  else if (w->fmt != DY_FORMAT_JSONL) f_null(w, "issues");

  if (w->fmt == DY_FORMAT_JSONL) {
    char name[NAME_CAP];
    for (uint32_t i = 0; i < s->nfields; i++)
      if (out_name(w, s, s->fields[i].name, name))
        f_json(w, name, s->fields[i].value_json);
  } else {
    for (size_t c = 0; c < w->ncol; c++) {
      if (w->colmap[c] >= 0) f_json(w, w->cols[c], s->fields[w->colmap[c]].value_json);
      else f_null(w, w->cols[c]);
    }
  }
  record_end(w);
  w->count++;
}

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
  for (uint32_t i = 0; i < s->nev; i++) write_event(w, s, &s->ev[i]);
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
  free(w);
  *pw = NULL;
  return rc;
}

void dy_event_id(const dy_story *s, const dy_event *ev, char out[17]) {
  static const char hex[] = "0123456789abcdef";
  const char sep = 0x1f;
  char num[24];
  const char *id = s->id ? s->id : "";
  uint64_t h = dy_hash64(id, strlen(id), DY_HASH_SEED);
  h = dy_hash64(&sep, 1, h);
  h = dy_hash64(num, fmt_uint(num, ev->sentence), h);
  h = dy_hash64(&sep, 1, h);
  h = dy_hash64(ev->source, strnlen(ev->source, sizeof ev->source), h);
  h = dy_hash64(&sep, 1, h);
  h = dy_hash64(ev->target, strnlen(ev->target, sizeof ev->target), h);
  h = dy_hash64(&sep, 1, h);
  h = dy_hash64(ev->code, strnlen(ev->code, sizeof ev->code), h);
  for (int i = 15; i >= 0; i--) {
    out[i] = hex[h & 15];
    h >>= 4;
  }
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
