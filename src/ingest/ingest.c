/* Story readers: paths -> files -> format readers (text, JSONL, PETRARCH
 * XML) -> dy_story. See ingest.h for the contract.
 *
 * Layout of this file: byte source (buffered read(2) or memory), path walk,
 * format detection, then one section per format. Every reader pulls bytes
 * from the same `src`, so memory stays bounded by the largest story (plus
 * one read chunk) whatever the file size. */
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_CHUNK ((size_t)1 << 20)

/* ------------------------------------------------------------ buffers */

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static void buf_reserve(buf *b, size_t extra) {
  if (b->cap - b->n >= extra) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->n < extra) cap *= 2;
  b->p = dy_xrealloc(b->p, cap);
  b->cap = cap;
}

static void buf_add(buf *b, const char *s, size_t n) {
  buf_reserve(b, n + 1);
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void buf_free(buf *b) {
  free(b->p);
  *b = (buf){0};
}

static int is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Trims blanks on both sides of [*p, *p + *n). */
static void trim(const char **p, size_t *n) {
  while (*n && is_blank((unsigned char)**p)) (*p)++, (*n)--;
  while (*n && is_blank((unsigned char)(*p)[*n - 1])) (*n)--;
}

/* ---------------------------------------------------------- byte source */

/* Unread input is buf[beg, end); `off` is the input offset of buf[beg]. */
typedef struct src {
  int fd;          /* -1 when reading memory */
  int close_fd;
  const char *mem;
  size_t mem_len, mem_pos;
  char *buf;
  size_t cap, beg, end;
  size_t chunk;
  int eof;
  int err;         /* errno of a failed read, 0 if none */
  size_t off;
} src;

static ssize_t src_read_raw(src *s, char *dst, size_t n) {
  if (s->fd < 0) {
    size_t k = s->mem_len - s->mem_pos < n ? s->mem_len - s->mem_pos : n;
    if (k) memcpy(dst, s->mem + s->mem_pos, k);
    s->mem_pos += k;
    return (ssize_t)k;
  }
  for (;;) {
    ssize_t k = read(s->fd, dst, n);
    if (k < 0 && errno == EINTR) continue;
    return k;
  }
}

/* Appends up to one chunk of input to the buffer. Returns the number of
 * bytes added; 0 at end of input or on a read error (s->err set). */
static size_t src_fill(src *s) {
  if (s->eof) return 0;
  if (s->beg > 0 && (s->beg == s->end || s->cap - s->end < s->chunk)) {
    memmove(s->buf, s->buf + s->beg, s->end - s->beg);
    s->end -= s->beg;
    s->beg = 0;
  }
  if (s->cap - s->end < s->chunk) {
    size_t cap = s->cap ? s->cap * 2 : s->chunk;
    while (cap - s->end < s->chunk) cap *= 2;
    s->buf = dy_xrealloc(s->buf, cap);
    s->cap = cap;
  }
  ssize_t k = src_read_raw(s, s->buf + s->end, s->chunk);
  if (k <= 0) {
    if (k < 0) s->err = errno;
    s->eof = 1;
    return 0;
  }
  s->end += (size_t)k;
  return (size_t)k;
}

static void src_consume(src *s, size_t n) {
  s->beg += n;
  s->off += n;
}

static size_t src_avail(const src *s) { return s->end - s->beg; }

static void src_close(src *s) {
  if (s->close_fd && s->fd >= 0) close(s->fd);
  s->fd = -1;
  s->close_fd = 0;
  s->mem = NULL;
  s->mem_len = s->mem_pos = 0;
  s->beg = s->end = s->off = 0;
  s->eof = 0;
  s->err = 0;
}

/* ------------------------------------------------------------ the reader */

typedef struct pend {
  char *path;
  char *id;     /* story id for a text file found here */
  int is_arg;   /* given on the command line (else found in a directory) */
} pend;

typedef struct devino {
  dev_t dev;
  ino_t ino;
} devino;

typedef struct xml_state xml_state;

struct dy_reader {
  dy_input_format fmt;
  size_t max_story;
  dy_reader_opts opts;
  dy_reader_stats st;

  pend *stack;                /* paths still to read; the top is next */
  size_t nstack, capstack;
  devino *seen;               /* directories already walked (symlink loops) */
  size_t nseen, capseen;

  const char *mem;            /* dy_reader_open_mem */
  size_t mem_len;

  /* the file being read */
  int open;
  char *path;
  char *id;
  dy_input_format cur;        /* its format, once detected */
  src src;
  long line;                  /* line number of buf[beg] (text, JSONL) */
  long line_base;             /* lines skipped before the first byte fed to expat */
  int done;                   /* text: the story was produced */
  xml_state *xml;
  buf scratch;                /* JSONL: the line with bad UTF-8 replaced */
};

static void reader_fail(dy_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reader_fail(dy_reader *r, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dy_vdiag(DY_ERROR, r->path && *r->path ? r->path : "\"\"", line, fmt, ap);
  va_end(ap);
  r->st.failed++;
}

static void push_path(dy_reader *r, const char *path, const char *id, int is_arg) {
  if (r->nstack == r->capstack) {
    r->capstack = r->capstack ? r->capstack * 2 : 16;
    r->stack = dy_xrealloc(r->stack, r->capstack * sizeof *r->stack);
  }
  r->stack[r->nstack++] = (pend){dy_xstrdup(path), dy_xstrdup(id), is_arg};
}

static const char *base_name(const char *path) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  const char *b = path;
  for (size_t i = 0; i + 1 < n; i++)
    if (path[i] == '/') b = path + i + 1;
  return b;
}

static void reader_init(dy_reader *r, dy_input_format fmt, const dy_reader_opts *opts) {
  r->fmt = fmt;
  if (opts) r->opts = *opts;
  r->max_story = r->opts.max_story ? r->opts.max_story : DY_READER_MAX_STORY;
  r->src.fd = -1;
  r->src.chunk = r->opts.read_chunk ? r->opts.read_chunk : DEFAULT_CHUNK;
}

dy_reader *dy_reader_open(const char *const *paths, int npaths, dy_input_format fmt,
                          const dy_reader_opts *opts) {
  dy_reader *r = dy_xcalloc(1, sizeof *r);
  reader_init(r, fmt, opts);
  if (npaths <= 0) push_path(r, "-", "-", 1);
  for (int i = npaths - 1; i >= 0; i--) {
    const char *p = paths[i];
    push_path(r, p, strcmp(p, "-") == 0 ? "-" : base_name(p), 1);
  }
  return r;
}

dy_reader *dy_reader_open_mem(const char *name, const void *data, size_t len, dy_input_format fmt,
                              const dy_reader_opts *opts) {
  dy_reader *r = dy_xcalloc(1, sizeof *r);
  reader_init(r, fmt, opts);
  r->mem = data ? data : "";
  r->mem_len = data ? len : 0;
  push_path(r, name, name, 1);
  return r;
}

dy_reader_stats dy_reader_get_stats(const dy_reader *r) { return r->st; }

int dy_input_format_parse(const char *s, dy_input_format *out) {
  static const struct { const char *name; dy_input_format f; } names[] = {
      {"auto", DY_INPUT_AUTO}, {"text", DY_INPUT_TEXT}, {"jsonl", DY_INPUT_JSONL},
      {"petrarch-xml", DY_INPUT_PETRARCH_XML}, {"xml", DY_INPUT_PETRARCH_XML}};
  for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
    if (strcmp(s, names[i].name) == 0) {
      *out = names[i].f;
      return 0;
    }
  return -1;
}

const char *dy_input_format_name(dy_input_format f) {
  switch (f) {
  case DY_INPUT_TEXT: return "text";
  case DY_INPUT_JSONL: return "jsonl";
  case DY_INPUT_PETRARCH_XML: return "petrarch-xml";
  default: return "auto";
  }
}

/* ------------------------------------------------------------ path walk */

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int seen_dir(dy_reader *r, const struct stat *st) {
  for (size_t i = 0; i < r->nseen; i++)
    if (r->seen[i].dev == st->st_dev && r->seen[i].ino == st->st_ino) return 1;
  if (r->nseen == r->capseen) {
    r->capseen = r->capseen ? r->capseen * 2 : 16;
    r->seen = dy_xrealloc(r->seen, r->capseen * sizeof *r->seen);
  }
  r->seen[r->nseen++] = (devino){st->st_dev, st->st_ino};
  return 0;
}

/* Pushes the directory's entries (sorted, hidden ones skipped) so that the
 * first in order is read next. Reports a directory with nothing to read. */
static void expand_dir(dy_reader *r, const pend *d) {
  DIR *dir = opendir(d->path);
  if (!dir) {
    reader_fail(r, 0, "cannot read directory: %s", strerror(errno));
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      names = dy_xrealloc(names, cap * sizeof *names);
    }
    names[n++] = dy_xstrdup(e->d_name);
  }
  closedir(dir);
  if (n == 0) {
    reader_fail(r, 0, "directory has no readable files");
    return;
  }
  qsort(names, n, sizeof *names, cmp_names);
  size_t plen = strlen(d->path);
  int slash = plen > 0 && d->path[plen - 1] == '/';
  for (size_t i = n; i-- > 0;) {
    char *path = dy_xmalloc(plen + strlen(names[i]) + 2);
    sprintf(path, "%s%s%s", d->path, slash ? "" : "/", names[i]);
    char *id = dy_xmalloc(strlen(d->id) + strlen(names[i]) + 2);
    /* Ids of files found in a directory argument are relative to it, so
     * that a/1.txt and b/1.txt stay distinct. */
    if (d->is_arg) strcpy(id, names[i]);
    else sprintf(id, "%s/%s", d->id, names[i]);
    push_path(r, path, id, 0);
    free(path);
    free(id);
    free(names[i]);
  }
  free(names);
}

static size_t skip_leading_blanks(dy_reader *r);
static void xml_free(xml_state **xp);

static void close_file(dy_reader *r) {
  src_close(&r->src);
  xml_free(&r->xml);
  free(r->path);
  free(r->id);
  r->path = r->id = NULL;
  r->open = 0;
}

/* Pops paths until a file is open (returns 1) or none are left (0). */
static int open_next_file(dy_reader *r) {
  while (r->nstack > 0) {
    pend p = r->stack[--r->nstack];
    free(r->path);
    free(r->id);
    r->path = p.path;
    r->id = p.id;
    src *s = &r->src;
    s->fd = -1;
    if (r->mem) {
      s->mem = r->mem;
      s->mem_len = r->mem_len;
    } else if (p.is_arg && strcmp(p.path, "-") == 0) {
      s->fd = 0;
    } else {
      struct stat st;
      if (stat(p.path, &st) != 0) {
        reader_fail(r, 0, "cannot open: %s", strerror(errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (seen_dir(r, &st)) dy_diag(DY_WARNING, p.path, 0, "directory already read, skipped");
        else expand_dir(r, &p);
        continue;
      }
      if (!S_ISREG(st.st_mode) && !p.is_arg) {
        dy_diag(DY_WARNING, p.path, 0, "not a regular file, skipped");
        continue;
      }
      s->fd = open(p.path, O_RDONLY | O_CLOEXEC);
      if (s->fd < 0) {
        reader_fail(r, 0, "cannot open: %s", strerror(errno));
        continue;
      }
      s->close_fd = 1;
    }
    r->open = 1;
    r->st.files++;
    r->done = 0;
    r->line = 1;
    r->line_base = 0;
    skip_leading_blanks(r);
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------ detection */

/* Skips a UTF-8 byte-order mark and leading blanks (counting their lines),
 * so that detection sees the first meaningful byte and memory does not
 * grow with a file of blanks. Returns the number of bytes available. */
static size_t skip_leading_blanks(dy_reader *r) {
  src *s = &r->src;
  int bom_checked = 0;
  for (;;) {
    if (!bom_checked && src_avail(s) >= 3) {
      if (memcmp(s->buf + s->beg, "\xEF\xBB\xBF", 3) == 0) src_consume(s, 3);
      bom_checked = 1;
    }
    while (src_avail(s) && is_blank((unsigned char)s->buf[s->beg])) {
      if (s->buf[s->beg] == '\n') r->line++;
      bom_checked = 1;
      src_consume(s, 1);
    }
    if (src_avail(s) && (bom_checked || src_avail(s) >= 3 || s->eof)) break;
    if (!src_fill(s)) {
      if (!bom_checked && src_avail(s)) {
        bom_checked = 1;
        continue;
      }
      break;
    }
  }
  r->line_base = r->line - 1;
  return src_avail(s);
}

static dy_input_format detect(const dy_reader *r) {
  if (r->fmt != DY_INPUT_AUTO) return r->fmt;
  const src *s = &r->src;
  if (!src_avail(s)) return DY_INPUT_TEXT;
  char c = s->buf[s->beg];
  return c == '{' ? DY_INPUT_JSONL : c == '<' ? DY_INPUT_PETRARCH_XML : DY_INPUT_TEXT;
}

/* ------------------------------------------------------------ text */

static const char *find_nul(const char *p, size_t n) { return memchr(p, 0, n); }

static long count_lines(const char *p, size_t n) {
  long k = 0;
  for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) k++;
  return k;
}

/* Reads the rest of the input, discarding it; returns its size. */
static size_t src_drain(src *s) {
  size_t total = src_avail(s);
  src_consume(s, total);
  size_t k;
  while ((k = src_fill(s)) > 0) {
    total += k;
    src_consume(s, k);
  }
  return total;
}

/* A word that is meant as a date: four digits, then digits and - or /
 * ("2018-13-45" is one, malformed; "5" in "date 5 people" is not). */
static int date_like(const char *p, size_t n) {
  if (n < 6) return 0;
  for (size_t i = 0; i < n; i++) {
    int digit = p[i] >= '0' && p[i] <= '9';
    if (i < 4 ? !digit : !digit && p[i] != '-' && p[i] != '/') return 0;
  }
  return 1;
}

/* If the text starts with `date YYYY-MM-DD`, parses it and sets *skip to
 * the bytes to drop (the date and the blanks after it, plus the line break
 * when the line ends there). Returns -1 when the date is malformed. */
static int text_date_line(dy_reader *r, const char *p, size_t n, dy_date *date, size_t *skip) {
  *skip = 0;
  if (n < 6 || memcmp(p, "date", 4) != 0 || (p[4] != ' ' && p[4] != '\t')) return 0;
  size_t i = 4;
  while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
  size_t b = i;
  while (i < n && !is_blank((unsigned char)p[i])) i++;
  if (!date_like(p + b, i - b)) return 0;
  if (dy_date_parse(p + b, i - b, date) != 0) {
    reader_fail(r, r->line, "malformed date \"%.*s\"", (int)(i - b > 64 ? 64 : i - b), p + b);
    return -1;
  }
  while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
  if (i < n && p[i] == '\r') i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
  else if (i < n && p[i] == '\n') i++;
  *skip = i;
  return 0;
}

static int text_next(dy_reader *r, dy_story **out) {
  if (r->done) return 0;
  r->done = 1;
  src *s = &r->src;
  while (src_avail(s) <= r->max_story && src_fill(s) > 0) {}
  if (s->err) {
    reader_fail(r, 0, "read error: %s", strerror(s->err));
    return 0;
  }
  if (src_avail(s) > r->max_story) {
    size_t total = s->off + src_drain(s);
    reader_fail(r, 1, "story too large (%zu bytes > limit %zu)", total, r->max_story);
    return 0;
  }
  const char *p = s->buf + s->beg;
  size_t n = src_avail(s);
  const char *nul = find_nul(p, n);
  if (nul) {
    reader_fail(r, r->line + count_lines(p, (size_t)(nul - p)), "NUL byte at offset %zu",
                s->off + (size_t)(nul - p));
    return 0;
  }
  dy_date date = 0;
  size_t skip;
  if (text_date_line(r, p, n, &date, &skip) != 0) return 0;
  p += skip;
  n -= skip;
  if (n == 0) {
    reader_fail(r, r->line, "no text after the date line");
    return 0;
  }
  dy_story *st = dy_story_new();
  st->id = dy_arena_strndup(st->arena, r->id, strlen(r->id));
  st->origin = dy_arena_strndup(st->arena, r->path, strlen(r->path));
  st->line = 1;
  st->date = date;
  st->text = dy_arena_strndup(st->arena, p, n);
  st->len = n;
  src_consume(s, src_avail(s));
  r->st.stories++;
  *out = st;
  return 1;
}

/* ------------------------------------------------------------ JSONL */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is not one
 * (overlong forms, surrogates and code points above U+10FFFF included, as
 * jansson rejects them). */
static int utf8_seq(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c < 0xC2 || c > 0xF4) return 0;
  int len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n < (size_t)len) return 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  if (p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i < len; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return len;
}

/* Word-at-a-time tests (no false negatives; a hit is rechecked bytewise). */
#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGHS 0x8080808080808080ULL
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static uint64_t load8(const void *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}
static uint64_t swar_has_byte(uint64_t w, unsigned char b) {
  uint64_t y = w ^ (SWAR_ONES * b);
  return (y - SWAR_ONES) & ~y & SWAR_HIGHS;
}
static uint64_t swar_has_less(uint64_t w, unsigned char b) { return (w - SWAR_ONES * b) & ~w & SWAR_HIGHS; }

/* Offset of the first invalid UTF-8 byte, or n when all is valid. */
static size_t utf8_invalid_at(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    while (i + 16 <= n && !_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)))) i += 16;
#endif
    while (i + 8 <= n && !(load8(p + i) & SWAR_HIGHS)) i += 8;
    if (i == n) break;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    int k = utf8_seq(p + i, n - i);
    if (!k) return i;
    i += (size_t)k;
  }
  return n;
}

/* Copies s into b with every invalid byte replaced by U+FFFD. */
static void utf8_sanitize(buf *b, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  b->n = 0;
  buf_reserve(b, n * 3 + 1);
  size_t i = 0;
  while (i < n) {
    int k = utf8_seq(p + i, n - i);
    if (k) {
      memcpy(b->p + b->n, p + i, (size_t)k);
      b->n += (size_t)k;
      i += (size_t)k;
    } else {
      memcpy(b->p + b->n, "\xEF\xBF\xBD", 3);
      b->n += 3;
      i++;
    }
  }
  b->p[b->n] = 0;
}

/* A JSON string literal for s[0, n) (valid UTF-8), escaped exactly as
 * jansson's json_dumps escapes it, so that a field reads the same whichever
 * path produced it. */
static dy_str json_quote_n(dy_arena *a, const char *s, size_t n) {
  char *d = dy_arena_alloc(a, n * 6 + 3), *o = d;
  *o++ = '"';
  for (const unsigned char *p = (const unsigned char *)s, *e = p + n; p < e; p++) {
    char esc = 0;
    switch (*p) {
    case '"': esc = '"'; break;
    case '\\': esc = '\\'; break;
    case '\b': esc = 'b'; break;
    case '\f': esc = 'f'; break;
    case '\n': esc = 'n'; break;
    case '\r': esc = 'r'; break;
    case '\t': esc = 't'; break;
    default: break;
    }
    if (esc) {
      *o++ = '\\';
      *o++ = esc;
    } else if (*p < 0x20) {
      o += sprintf(o, "\\u%04X", *p);
    } else {
      *o++ = (char)*p;
    }
  }
  *o++ = '"';
  *o = 0;
  return (dy_str){d, (uint32_t)(o - d)};
}

static dy_str json_quote(dy_arena *a, const char *s) { return json_quote_n(a, s, strlen(s)); }

static char *json_text(dy_arena *a, const json_t *v) {
  char *enc = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  if (!enc) return dy_arena_strndup(a, "null", 4);
  char *d = dy_arena_strndup(a, enc, strlen(enc));
  free(enc);
  return d;
}

/* Reads the date member: absent, null or "" mean unknown. Accepts
 * "YYYY-MM-DD", "YYYYMMDD" and an ISO timestamp "YYYY-MM-DDThh:mm..." (the
 * time is dropped). Returns -1 (reported) when malformed. */
static int jsonl_date(dy_reader *r, long line, const json_t *v, dy_date *out) {
  *out = 0;
  if (!v || json_is_null(v)) return 0;
  if (!json_is_string(v)) {
    char *enc = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    reader_fail(r, line, "malformed date %.64s", enc ? enc : "?");
    free(enc);
    return -1;
  }
  const char *d = json_string_value(v);
  size_t n = json_string_length(v);
  if (n == 0) return 0;
  size_t dn = n > 10 && (d[10] == 'T' || d[10] == ' ') ? 10 : n;
  if (dy_date_parse(d, dn, out) != 0) {
    reader_fail(r, line, "malformed date \"%.*s\"", (int)(n > 64 ? 64 : n), d);
    return -1;
  }
  return 0;
}

static dy_story *jsonl_story(dy_reader *r, long line, json_t *obj) {
  json_t *text = json_object_get(obj, "text");
  if (!text) {
    reader_fail(r, line, "JSON without \"text\"");
    return NULL;
  }
  if (!json_is_string(text)) {
    reader_fail(r, line, "\"text\" is not a string");
    return NULL;
  }
  json_t *id = json_object_get(obj, "id");
  if (id && !json_is_null(id) && !json_is_string(id) && !json_is_number(id)) {
    reader_fail(r, line, "\"id\" is not a string or number");
    return NULL;
  }
  dy_date date;
  if (jsonl_date(r, line, json_object_get(obj, "date"), &date) != 0) return NULL;

  dy_story *st = dy_story_new();
  dy_arena *a = st->arena;
  if (id && json_is_string(id) && json_string_length(id) > 0)
    st->id = dy_arena_strndup(a, json_string_value(id), json_string_length(id));
  else if (id && json_is_number(id)) st->id = json_text(a, id);
  else st->id = dy_arena_printf(a, "%s:%ld", r->path, line);
  st->date = date;
  st->origin = dy_arena_strndup(a, r->path, strlen(r->path));
  st->line = line;
  st->len = json_string_length(text);
  st->text = dy_arena_strndup(a, json_string_value(text), st->len);
  size_t nf = json_object_size(obj);
  st->fields = dy_arena_alloc(a, nf * sizeof *st->fields);
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    if (strcmp(key, "id") == 0 || strcmp(key, "date") == 0 || strcmp(key, "text") == 0) continue;
    dy_field *f = &st->fields[st->nfields++];
    f->name = dy_arena_str(a, key, strlen(key));
    f->value_json = dy_str_c(json_text(a, v));
  }
  return st;
}

/* JSONL fast path. Most story lines are flat objects of strings (plus a few
 * integers, booleans, nulls); scanning those in place is several times
 * faster than building a jansson tree. The fast path only accepts lines it
 * fully understands and that are valid JSON with a usable story; anything
 * else (nested values, reals, long integers, escaped or duplicate keys, any
 * error at all) goes to jansson, which also writes every error message.
 * fuzz/fuzz_jsonl.c checks that both paths give the same stories. */

enum { JV_STRING, JV_INT, JV_LIT };

typedef struct jmember {
  const char *k;     /* key (no escapes) */
  size_t kn;
  int type;          /* JV_* */
  const char *v;     /* string body without quotes, or literal text */
  size_t vn;
  int esc;           /* the string has escapes */
  long long iv;
} jmember;

#define JF_MAX_MEMBERS 32

static const char *jf_ws(const char *p, const char *e) {
  while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

static int jf_hex4(const char *p, const char *e, unsigned *out) {
  if (e - p < 4) return 0;
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return 0;
    v = v * 16 + (unsigned)d;
  }
  *out = v;
  return 1;
}

/* Scans a string body (p just after the opening quote). Returns the byte
 * after the closing quote, or NULL when jansson must decide. */
static const char *jf_string(const char *p, const char *e, int *esc) {
  *esc = 0;
  while (p < e) {
#if defined(__SSE2__)
    /* 16 bytes at a time to the first quote, backslash or control byte */
    while (e - p >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                               _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F)));
      unsigned bits = (unsigned)_mm_movemask_epi8(m);
      if (bits) {
        p += __builtin_ctz(bits);
        break;
      }
      p += 16;
    }
#endif
    while (e - p >= 8) {
      uint64_t w = load8(p);
      if (swar_has_byte(w, '"') | swar_has_byte(w, '\\') | swar_has_less(w, 0x20)) break;
      p += 8;
    }
    if (p == e) break;
    unsigned char c = (unsigned char)*p;
    if (c == '"') return p + 1;
    if (c < 0x20) return NULL;
    if (c != '\\') {
      p++;
      continue;
    }
    *esc = 1;
    if (++p == e) return NULL;
    if (*p != 'u') {
      if (!strchr("\"\\/bfnrt", *p) || *p == 0) return NULL;
      p++;
      continue;
    }
    unsigned u, l;
    if (!jf_hex4(p + 1, e, &u) || u == 0 || (u >= 0xDC00 && u <= 0xDFFF)) return NULL;
    p += 5;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (e - p < 6 || p[0] != '\\' || p[1] != 'u' || !jf_hex4(p + 2, e, &l) || l < 0xDC00 || l > 0xDFFF)
        return NULL;
      p += 6;
    }
  }
  return NULL;
}

static size_t utf8_put(char *o, unsigned u) {
  if (u < 0x80) { o[0] = (char)u; return 1; }
  if (u < 0x800) { o[0] = (char)(0xC0 | u >> 6); o[1] = (char)(0x80 | (u & 0x3F)); return 2; }
  if (u < 0x10000) {
    o[0] = (char)(0xE0 | u >> 12); o[1] = (char)(0x80 | (u >> 6 & 0x3F)); o[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | u >> 18); o[1] = (char)(0x80 | (u >> 12 & 0x3F));
  o[2] = (char)(0x80 | (u >> 6 & 0x3F)); o[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

/* Decodes a body accepted by jf_string into out (never longer than the
 * body); returns its length. */
static size_t jf_decode(const char *p, size_t n, char *out) {
  const char *e = p + n;
  char *o = out;
  while (p < e) {
    /* plain runs in one copy (a story text has an escape per paragraph) */
    const char *b = memchr(p, '\\', (size_t)(e - p));
    size_t k = b ? (size_t)(b - p) : (size_t)(e - p);
    memcpy(o, p, k);
    o += k;
    if (!b) break;
    p = b;
    char c = p[1];
    p += 2;
    switch (c) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u': {
      unsigned u, l;
      jf_hex4(p, e, &u);
      p += 4;
      if (u >= 0xD800 && u <= 0xDBFF) {
        jf_hex4(p + 2, e, &l);
        p += 6;
        u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
      }
      o += utf8_put(o, u);
      break;
    }
    default: *o++ = c; break; /* " \ / */
    }
  }
  return (size_t)(o - out);
}

/* An integer jansson would read as the same json_int_t (at most 18 digits,
 * so no overflow); NULL for anything else (reals, leading zeros). */
static const char *jf_int(const char *p, const char *e, long long *out) {
  int neg = p < e && *p == '-';
  p += neg;
  const char *b = p;
  long long v = 0;
  while (p < e && *p >= '0' && *p <= '9') {
    if (p - b == 18) return NULL; /* keeps v from overflowing */
    v = v * 10 + (*p++ - '0');
  }
  if (p == b || (*b == '0' && p - b > 1)) return NULL;
  if (p < e && (*p == '.' || *p == 'e' || *p == 'E')) return NULL;
  *out = neg ? -v : v;
  return p;
}

/* Splits a flat object into members. Returns the count, or -1. */
static int jf_object(const char *p, const char *e, jmember *m) {
  int nm = 0;
  p = jf_ws(p, e);
  if (p == e || *p != '{') return -1;
  p = jf_ws(p + 1, e);
  for (;;) {
    if (nm == JF_MAX_MEMBERS || p == e || *p != '"') return -1;
    jmember *mb = &m[nm++];
    int esc;
    const char *q = jf_string(p + 1, e, &esc);
    if (!q || esc) return -1;
    mb->k = p + 1;
    mb->kn = (size_t)(q - 1 - mb->k);
    for (int i = 0; i < nm - 1; i++)
      if (m[i].kn == mb->kn && memcmp(m[i].k, mb->k, mb->kn) == 0) return -1;
    p = jf_ws(q, e);
    if (p == e || *p != ':') return -1;
    p = jf_ws(p + 1, e);
    if (p == e) return -1;
    mb->esc = 0;
    if (*p == '"') {
      q = jf_string(p + 1, e, &mb->esc);
      mb->type = JV_STRING;
      mb->v = p + 1;
      if (q) mb->vn = (size_t)(q - 1 - mb->v);
    } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
      q = jf_int(p, e, &mb->iv);
      mb->type = JV_INT;
    } else {
      size_t ln = e - p >= 4 && (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0) ? 4
                : e - p >= 5 && memcmp(p, "false", 5) == 0 ? 5 : 0;
      q = ln ? p + ln : NULL;
      mb->type = JV_LIT;
      mb->v = p;
      mb->vn = ln;
    }
    if (!q) return -1;
    p = jf_ws(q, e);
    if (p < e && *p == ',') {
      p = jf_ws(p + 1, e);
      continue;
    }
    if (p < e && *p == '}') break;
    return -1;
  }
  return jf_ws(p + 1, e) == e ? nm : -1;
}

static const jmember *jf_get(const jmember *m, int nm, const char *key) {
  size_t kn = strlen(key);
  for (int i = 0; i < nm; i++)
    if (m[i].kn == kn && memcmp(m[i].k, key, kn) == 0) return &m[i];
  return NULL;
}

static int jf_is_null(const jmember *v) { return v->type == JV_LIT && v->v[0] == 'n'; }

static char *jf_arena_string(dy_arena *a, const jmember *v, size_t *len) {
  char *d = dy_arena_alloc_raw(a, v->vn + 1); /* written whole below */
  *len = v->esc ? jf_decode(v->v, v->vn, d) : v->vn;
  if (!v->esc) memcpy(d, v->v, v->vn);
  d[*len] = 0;
  return d;
}

/* Returns the story, or NULL when jansson must read the line. */
static dy_story *jsonl_fast(dy_reader *r, long line, const char *p, size_t n) {
  jmember m[JF_MAX_MEMBERS];
  int nm = jf_object(p, p + n, m);
  if (nm < 0) return NULL;
  const jmember *text = jf_get(m, nm, "text"), *id = jf_get(m, nm, "id"), *date = jf_get(m, nm, "date");
  if (!text || text->type != JV_STRING) return NULL;
  if (id && id->type == JV_LIT && !jf_is_null(id)) return NULL;
  dy_date d = 0;
  if (date && !jf_is_null(date)) {
    if (date->type != JV_STRING || date->esc) return NULL;
    size_t dn = date->vn > 10 && (date->v[10] == 'T' || date->v[10] == ' ') ? 10 : date->vn;
    if (date->vn && dy_date_parse(date->v, dn, &d) != 0) return NULL;
  }
  dy_story *st = dy_story_new();
  dy_arena *a = st->arena;
  size_t len;
  if (id && id->type == JV_STRING && id->vn > 0) st->id = jf_arena_string(a, id, &len);
  else if (id && id->type == JV_INT) st->id = dy_arena_printf(a, "%lld", id->iv);
  else st->id = dy_arena_printf(a, "%s:%ld", r->path, line);
  st->date = d;
  st->origin = dy_arena_strndup(a, r->path, strlen(r->path));
  st->line = line;
  st->text = jf_arena_string(a, text, &st->len);
  st->fields = dy_arena_alloc(a, (size_t)nm * sizeof *st->fields);
  for (int i = 0; i < nm; i++) {
    const jmember *v = &m[i];
    if (v == text || v == id || v == date) continue;
    dy_field *f = &st->fields[st->nfields++];
    f->name = dy_arena_str(a, v->k, v->kn);
    if (v->type == JV_STRING && !v->esc) {
      f->value_json = dy_arena_str(a, v->v - 1, v->vn + 2); /* as written is as jansson writes it */
    } else if (v->type == JV_STRING) {
      char *s = jf_arena_string(a, v, &len);
      f->value_json = json_quote_n(a, s, len);
    } else if (v->type == JV_INT) {
      f->value_json = dy_str_c(dy_arena_printf(a, "%lld", v->iv));
    } else {
      f->value_json = dy_arena_str(a, v->v, v->vn);
    }
  }
  return st;
}

static dy_story *jsonl_line(dy_reader *r, long line, const char *p, size_t n) {
  const char *t = p;
  size_t tn = n;
  trim(&t, &tn);
  if (tn == 0) return NULL;
  const char *nul = find_nul(p, n);
  if (nul) {
    reader_fail(r, line, "NUL byte at offset %zu", (size_t)(nul - p));
    return NULL;
  }
  size_t bad = utf8_invalid_at(p, n);
  if (bad < n) {
    dy_diag(DY_ERROR, r->path, line, "invalid UTF-8 at byte offset %zu (replaced)", bad);
    r->st.repaired++;
    utf8_sanitize(&r->scratch, p, n);
    p = r->scratch.p;
    n = r->scratch.n;
  }
  if (!r->opts.jsonl_jansson_only) {
    dy_story *st = jsonl_fast(r, line, p, n);
    if (st) return st;
  }
  json_error_t err;
  json_t *obj = json_loadb(p, n, 0, &err);
  if (!obj) {
    if (json_error_code(&err) == json_error_premature_end_of_input)
      reader_fail(r, line, "truncated JSON: %s at column %d", err.text, err.column);
    else
      reader_fail(r, line, "invalid JSON: %s at column %d", err.text, err.column);
    return NULL;
  }
  dy_story *st = NULL;
  if (!json_is_object(obj)) reader_fail(r, line, "JSON line is not an object");
  else st = jsonl_story(r, line, obj);
  json_decref(obj);
  return st;
}

/* Skips an over-long line: reads to its newline without keeping it. */
static void jsonl_skip_long(dy_reader *r) {
  src *s = &r->src;
  size_t total = 0;
  for (;;) {
    const char *nl = memchr(s->buf + s->beg, '\n', src_avail(s));
    if (nl) {
      size_t k = (size_t)(nl - (s->buf + s->beg));
      total += k;
      src_consume(s, k + 1);
      break;
    }
    total += src_avail(s);
    src_consume(s, src_avail(s));
    if (!src_fill(s)) break;
  }
  reader_fail(r, r->line, "story too large (%zu bytes > limit %zu)", total, r->max_story);
  r->line++;
}

static int jsonl_next(dy_reader *r, dy_story **out) {
  src *s = &r->src;
  size_t scanned = 0; /* bytes of the current line known to hold no newline */
  for (;;) {
    const char *p = s->buf + s->beg;
    const char *nl = src_avail(s) > scanned ? memchr(p + scanned, '\n', src_avail(s) - scanned) : NULL;
    size_t len;
    if (nl) {
      len = (size_t)(nl - p);
    } else {
      scanned = src_avail(s);
      if (scanned > r->max_story) {
        jsonl_skip_long(r);
        scanned = 0;
        continue;
      }
      if (src_fill(s) > 0) continue;
      if (s->err) {
        reader_fail(r, r->line, "read error: %s", strerror(s->err));
        src_consume(s, src_avail(s));
        return 0;
      }
      if (!src_avail(s)) return 0;
      p = s->buf + s->beg; /* src_fill may have moved the buffer */
      len = src_avail(s);  /* last line, no newline */
    }
    if (len > r->max_story) {
      src_consume(s, len + (nl != NULL));
      reader_fail(r, r->line, "story too large (%zu bytes > limit %zu)", len, r->max_story);
      r->line++;
      scanned = 0;
      continue;
    }
    long line = r->line;
    dy_story *st = jsonl_line(r, line, p, len);
    src_consume(s, len + (nl != NULL));
    r->line++;
    scanned = 0;
    if (st) {
      r->st.stories++;
      *out = st;
      return 1;
    }
  }
}

/* ------------------------------------------------------------ PETRARCH XML */

typedef struct xml_elem {   /* an open element reported to on_xml_element */
  long depth, line;
  char *name;
  char **attr;
  buf text;
} xml_elem;

typedef struct xml_sent {   /* a record accepted into the pending story */
  size_t off, len;          /* its text in xml_state.stext */
  const char *id, *parse;   /* arena strings of the pending story */
  size_t parse_len;
  dy_date date;
} xml_sent;

struct xml_state {
  dy_reader *r;
  XML_Parser p;
  int suspended, final, finished;
  long depth;
  long nrecords;

  xml_elem *elems;          /* only with a callback */
  size_t nelems, capelems;

  /* the record being read */
  int in_rec, rec_bad;
  long rec_depth, rec_line;
  buf rec_id;
  int has_id;
  dy_date rec_date;
  char **rec_attr;          /* attributes kept as story fields */
  long text_depth, parse_depth; /* 0 when not inside */
  int seen_text;
  buf text, parse;
  size_t text_bytes, parse_bytes; /* as read, even past the limit */

  /* the story being assembled from consecutive records */
  dy_story *story;
  buf key;                  /* its grouping key */
  int has_key;
  buf stext;
  xml_sent *sent;
  size_t nsent, capsent;

  dy_story *ready[4];       /* finished stories, oldest first */
  int nready;
};

static char **copy_attrs(const XML_Char **attr, int skip_known) {
  size_t n = 0;
  while (attr[n]) n += 2;
  char **v = dy_xcalloc(n + 1, sizeof *v);
  size_t k = 0;
  for (size_t i = 0; i < n; i += 2) {
    if (skip_known && (strcmp(attr[i], "id") == 0 || strcmp(attr[i], "date") == 0 ||
                       strcmp(attr[i], "sentence") == 0))
      continue;
    v[k++] = dy_xstrdup(attr[i]);
    v[k++] = dy_xstrdup(attr[i + 1]);
  }
  return v;
}

static void free_attrs(char ***vp) {
  char **v = *vp;
  if (!v) return;
  for (size_t i = 0; v[i]; i++) free(v[i]);
  free(v);
  *vp = NULL;
}

static const char *find_attr(const XML_Char **attr, const char *name) {
  for (size_t i = 0; attr[i]; i += 2)
    if (strcmp(attr[i], name) == 0) return attr[i + 1];
  return NULL;
}

static long xml_line(xml_state *x) { return (long)XML_GetCurrentLineNumber(x->p) + x->r->line_base; }

static void xml_queue(xml_state *x, dy_story *st) {
  if (x->nready == (int)(sizeof x->ready / sizeof x->ready[0])) abort(); /* cannot happen: parsing suspends */
  x->ready[x->nready++] = st;
}

/* Moves the pending story (if any) to the ready queue. */
static void xml_finish_story(xml_state *x) {
  dy_story *st = x->story;
  if (!st) return;
  dy_arena *a = st->arena;
  char *text = dy_arena_strndup(a, x->stext.p ? x->stext.p : "", x->stext.n);
  st->text = text;
  st->len = x->stext.n;
  st->sent = dy_arena_alloc(a, x->nsent * sizeof *st->sent);
  st->nsent = (uint32_t)x->nsent;
  for (size_t i = 0; i < x->nsent; i++) {
    dy_sentence *s = &st->sent[i];
    s->text = (dy_str){text + x->sent[i].off, (uint32_t)x->sent[i].len};
    s->id = dy_str_c(x->sent[i].id);
    s->parse = (dy_str){x->sent[i].parse, (uint32_t)x->sent[i].parse_len};
    s->date = x->sent[i].date;
    s->paragraph = (uint32_t)i;
  }
  xml_queue(x, st);
  x->story = NULL;
  x->nsent = 0;
  x->stext.n = 0;
  x->has_key = 0;
}

/* The grouping key of a record id: the part before the last '_', or the
 * whole id when that part would be empty. */
static size_t key_len(const char *id, size_t n) {
  for (size_t i = n; i-- > 0;)
    if (id[i] == '_') return i > 0 ? i : n;
  return n;
}

static void record_start(xml_state *x, const XML_Char **attr) {
  dy_reader *r = x->r;
  const char *id = find_attr(attr, "id");
  const char *date = find_attr(attr, "date");
  x->in_rec = 1;
  x->rec_bad = 0;
  x->rec_depth = x->depth;
  x->rec_line = xml_line(x);
  x->nrecords++;
  x->rec_id.n = 0;
  buf_add(&x->rec_id, id ? id : "", id ? strlen(id) : 0);
  x->has_id = id != NULL && *id != 0; /* id="" is no id: no grouping */
  x->text.n = x->parse.n = 0;
  x->text_bytes = x->parse_bytes = 0;
  x->seen_text = 0;
  free_attrs(&x->rec_attr);
  x->rec_attr = copy_attrs(attr, 1);

  /* A record of another story ends the pending one: hand it out now. */
  size_t kn = key_len(x->rec_id.p, x->rec_id.n);
  if (x->story && (!x->has_id || !x->has_key || kn != x->key.n ||
                   memcmp(x->key.p, x->rec_id.p, kn) != 0)) {
    xml_finish_story(x);
    XML_StopParser(x->p, XML_TRUE);
  }

  x->rec_date = 0;
  if (date) {
    const char *d = date;
    size_t dn = strlen(d);
    trim(&d, &dn);
    if (dn && dy_date_parse(d, dn, &x->rec_date) != 0) {
      reader_fail(r, x->rec_line, "record \"%s\": malformed date \"%.*s\"", x->rec_id.p,
                  (int)(dn > 64 ? 64 : dn), d);
      x->rec_bad = 1;
    }
  }
}

/* Penn Treebank escapes of the parse leaves, back to the text they stand for. */
static const char *unescape_leaf(const char *w, size_t n) {
  static const struct { const char *esc, *text; } map[] = {
      {"-LRB-", "("}, {"-RRB-", ")"}, {"-LSB-", "["}, {"-RSB-", "]"},
      {"-LCB-", "{"}, {"-RCB-", "}"}, {"``", "\""}, {"''", "\""}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strlen(map[i].esc) == n && memcmp(map[i].esc, w, n) == 0) return map[i].text;
  return NULL;
}

/* Writes the words (leaves) of a bracketed parse into b, space-separated. */
static void parse_words(buf *b, const char *p, size_t n) {
  buf out = {0};
  size_t i = 0;
  while (i < n) {
    if (p[i] != '(') {
      i++;
      continue;
    }
    i++;
    while (i < n && !is_blank((unsigned char)p[i]) && p[i] != '(' && p[i] != ')') i++; /* label */
    while (i < n && is_blank((unsigned char)p[i])) i++;
    size_t w = i;
    while (i < n && !is_blank((unsigned char)p[i]) && p[i] != '(' && p[i] != ')') i++;
    if (i == w || (i < n && p[i] == '(')) continue;
    const char *u = unescape_leaf(p + w, i - w);
    if (out.n) buf_add(&out, " ", 1);
    if (u) buf_add(&out, u, strlen(u));
    else buf_add(&out, p + w, i - w);
  }
  buf_free(b);
  *b = out;
}

static void record_too_large(xml_state *x, size_t n) {
  reader_fail(x->r, x->rec_line, "record \"%s\": story too large (%zu bytes > limit %zu)", x->rec_id.p, n,
              x->r->max_story);
}

static void record_end(xml_state *x) {
  dy_reader *r = x->r;
  x->in_rec = 0;
  x->text_depth = x->parse_depth = 0;
  if (x->rec_bad) return;
  size_t sep = x->story ? 2 : 0;
  if (x->text_bytes > r->max_story || x->parse_bytes > r->max_story) {
    /* Not all of it was kept (on_chars stops at the limit): report the
     * size as read. */
    size_t n = x->stext.n + sep + x->text_bytes;
    record_too_large(x, n > x->parse_bytes ? n : x->parse_bytes);
    return;
  }
  const char *t = x->text.p ? x->text.p : "", *pa = x->parse.p ? x->parse.p : "";
  size_t tn = x->text.n, pn = x->parse.n;
  trim(&t, &tn);
  trim(&pa, &pn);
  if (tn == 0 && pn > 0) {
    /* Real PETRARCH files have records with an empty <Text> and a full
     * <Parse>: the sentence is then the parse's words. */
    parse_words(&x->text, pa, pn);
    t = x->text.p;
    tn = x->text.n;
  }
  if (tn == 0) {
    reader_fail(r, x->rec_line, "record \"%s\": no text", x->rec_id.p);
    return;
  }
  if (x->stext.n + sep + tn > r->max_story) {
    record_too_large(x, x->stext.n + sep + tn);
    return;
  }
  if (!x->story) {
    dy_story *st = x->story = dy_story_new();
    dy_arena *a = st->arena;
    size_t kn = key_len(x->rec_id.p, x->rec_id.n);
    if (x->has_id) st->id = dy_arena_strndup(a, x->rec_id.p, kn);
    else st->id = dy_arena_printf(a, "%s:%ld", r->path, x->rec_line);
    x->key.n = 0;
    buf_add(&x->key, x->rec_id.p, kn);
    x->has_key = x->has_id;
    st->origin = dy_arena_strndup(a, r->path, strlen(r->path));
    st->line = x->rec_line;
    size_t na = 0;
    while (x->rec_attr[na]) na += 2;
    st->fields = dy_arena_alloc(a, (na / 2) * sizeof *st->fields);
    for (size_t i = 0; i < na; i += 2) {
      dy_field *f = &st->fields[st->nfields++];
      f->name = dy_arena_str(a, x->rec_attr[i], strlen(x->rec_attr[i]));
      f->value_json = json_quote(a, x->rec_attr[i + 1]);
    }
  } else {
    buf_add(&x->stext, "\n\n", 2);
  }
  dy_story *st = x->story;
  if (!st->date) st->date = x->rec_date;
  if (x->nsent == x->capsent) {
    x->capsent = x->capsent ? x->capsent * 2 : 8;
    x->sent = dy_xrealloc(x->sent, x->capsent * sizeof *x->sent);
  }
  xml_sent *s = &x->sent[x->nsent++];
  s->off = x->stext.n;
  s->len = tn;
  buf_add(&x->stext, t, tn);
  s->id = dy_arena_strndup(st->arena, x->rec_id.p, x->rec_id.n);
  s->parse = dy_arena_strndup(st->arena, pa, pn);
  s->parse_len = pn;
  s->date = x->rec_date;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attr) {
  xml_state *x = ud;
  x->depth++;
  if (!x->in_rec && strcmp(name, "Sentence") == 0) {
    record_start(x, attr);
  } else if (x->in_rec && !x->text_depth && !x->parse_depth && strcmp(name, "Text") == 0) {
    x->text_depth = x->depth;
    if (x->seen_text) buf_add(&x->text, "\n", 1);
    x->seen_text = 1;
    return;
  } else if (x->in_rec && !x->text_depth && !x->parse_depth && strcmp(name, "Parse") == 0) {
    x->parse_depth = x->depth;
    return;
  }
  if (!x->r->opts.on_xml_element || x->text_depth || x->parse_depth) return;
  if (x->nelems == x->capelems) {
    x->capelems = x->capelems ? x->capelems * 2 : 8;
    x->elems = dy_xrealloc(x->elems, x->capelems * sizeof *x->elems);
  }
  x->elems[x->nelems++] = (xml_elem){x->depth, xml_line(x), dy_xstrdup(name), copy_attrs(attr, 0), {0}};
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  xml_state *x = ud;
  (void)name;
  if (x->text_depth == x->depth) x->text_depth = 0;
  else if (x->parse_depth == x->depth) x->parse_depth = 0;
  if (x->nelems && x->elems[x->nelems - 1].depth == x->depth) {
    xml_elem *e = &x->elems[--x->nelems];
    const char *t = e->text.p ? e->text.p : "";
    size_t tn = e->text.n;
    trim(&t, &tn);
    char *text = dy_xmalloc(tn + 1);
    memcpy(text, t, tn);
    text[tn] = 0;
    dy_xml_element el = {x->r->path, e->line, x->in_rec ? x->rec_id.p : NULL, e->name,
                         (const char *const *)e->attr, text};
    x->r->opts.on_xml_element(x->r->opts.ctx, &el);
    free(text);
    free(e->name);
    free_attrs(&e->attr);
    buf_free(&e->text);
  }
  if (x->in_rec && x->rec_depth == x->depth) record_end(x);
  x->depth--;
}

static void XMLCALL on_chars(void *ud, const XML_Char *s, int len) {
  xml_state *x = ud;
  dy_reader *r = x->r;
  if (x->text_depth) {
    /* Stop collecting past the limit; record_end reports the record. */
    x->text_bytes += (size_t)len;
    if (x->text_bytes <= r->max_story) buf_add(&x->text, s, (size_t)len);
  } else if (x->parse_depth) {
    x->parse_bytes += (size_t)len;
    if (x->parse_bytes <= r->max_story) buf_add(&x->parse, s, (size_t)len);
  } else if (x->nelems && x->elems[x->nelems - 1].depth == x->depth) {
    buf *b = &x->elems[x->nelems - 1].text;
    if (b->n <= r->max_story) buf_add(b, s, (size_t)len);
  }
}

static xml_state *xml_new(dy_reader *r) {
  xml_state *x = dy_xcalloc(1, sizeof *x);
  x->r = r;
  x->p = XML_ParserCreate("UTF-8");
  if (!x->p) {
    fputs("dyad: out of memory (XML parser)\n", stderr);
    abort();
  }
  XML_SetUserData(x->p, x);
  XML_SetElementHandler(x->p, on_start, on_end);
  XML_SetCharacterDataHandler(x->p, on_chars);
  return x;
}

static void xml_free(xml_state **xp) {
  xml_state *x = *xp;
  if (!x) return;
  if (x->p) XML_ParserFree(x->p);
  for (size_t i = 0; i < x->nelems; i++) {
    free(x->elems[i].name);
    free_attrs(&x->elems[i].attr);
    buf_free(&x->elems[i].text);
  }
  free(x->elems);
  free_attrs(&x->rec_attr);
  buf_free(&x->rec_id);
  buf_free(&x->text);
  buf_free(&x->parse);
  buf_free(&x->key);
  buf_free(&x->stext);
  free(x->sent);
  dy_story_free(&x->story);
  for (int i = 0; i < x->nready; i++) dy_story_free(&x->ready[i]);
  free(x);
  *xp = NULL;
}

/* Handles the status of a parse/resume call. */
static void xml_status(xml_state *x, enum XML_Status st) {
  dy_reader *r = x->r;
  if (st == XML_STATUS_SUSPENDED) {
    x->suspended = 1;
    return;
  }
  x->suspended = 0;
  if (st == XML_STATUS_ERROR) {
    enum XML_Error e = XML_GetErrorCode(x->p);
    reader_fail(r, xml_line(x), "invalid XML: %s at column %lu", XML_ErrorString(e),
                (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1);
    xml_finish_story(x); /* the records before the error stand */
    x->finished = 1;
    return;
  }
  if (x->final) {
    xml_finish_story(x);
    if (x->nrecords == 0) reader_fail(r, 0, "no <Sentence> records");
    x->finished = 1;
  }
}

static int xml_next(dy_reader *r, dy_story **out) {
  if (!r->xml) r->xml = xml_new(r);
  xml_state *x = r->xml;
  src *s = &r->src;
  for (;;) {
    if (x->nready) {
      *out = x->ready[0];
      memmove(x->ready, x->ready + 1, (size_t)(--x->nready) * sizeof x->ready[0]);
      r->st.stories++;
      return 1;
    }
    if (x->finished) return 0;
    if (x->suspended) {
      xml_status(x, XML_ResumeParser(x->p));
      continue;
    }
    if (!src_avail(s) && !src_fill(s)) {
      if (s->err) {
        reader_fail(r, 0, "read error: %s", strerror(s->err));
        xml_finish_story(x);
        x->finished = 1;
        continue;
      }
      x->final = 1;
    }
    size_t n = src_avail(s);
    if (n > (size_t)INT32_MAX) n = (size_t)INT32_MAX;
    const char *p = s->buf + s->beg;
    src_consume(s, n); /* expat has it now (it copies; we refill only after it is done) */
    xml_status(x, XML_Parse(x->p, p, (int)n, x->final));
  }
}

/* ------------------------------------------------------------ dispatch */

int dy_reader_next(dy_reader *r, dy_story **out) {
  *out = NULL;
  for (;;) {
    if (!r->open) {
      if (!open_next_file(r)) return 0;
      r->cur = detect(r);
      if (!src_avail(&r->src) && !r->src.err) {
        reader_fail(r, 0, "empty file");
        close_file(r);
        continue;
      }
    }
    int got;
    switch (r->cur) {
    case DY_INPUT_JSONL: got = jsonl_next(r, out); break;
    case DY_INPUT_PETRARCH_XML: got = xml_next(r, out); break;
    default: got = text_next(r, out); break;
    }
    if (got) return 1;
    close_file(r);
  }
}

void dy_reader_close(dy_reader **rp) {
  dy_reader *r = *rp;
  if (!r) return;
  close_file(r);
  for (size_t i = 0; i < r->nstack; i++) {
    free(r->stack[i].path);
    free(r->stack[i].id);
  }
  free(r->stack);
  free(r->seen);
  free(r->src.buf);
  buf_free(&r->scratch);
  free(r);
  *rp = NULL;
}
