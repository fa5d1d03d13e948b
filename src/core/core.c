/* Core utilities: diagnostics, dates, tag tables, stories, hashing. */
#include "core.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ strings */

dy_str dy_str_c(const char *s) { return (dy_str){s, s ? (uint32_t)strlen(s) : 0}; }

int dy_str_eq(dy_str a, dy_str b) { return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0); }

int dy_str_eq_c(dy_str a, const char *s) { return dy_str_eq(a, dy_str_c(s)); }

/* -------------------------------------------------------- diagnostics */

/* Threads (dyad code --threads) report concurrently: the counters are
 * atomic, and each message is written under the stream's lock so that lines
 * never interleave. Stream and quiet are set before threads start. */
static FILE *diag_stream;
static int diag_quiet;
static atomic_long diag_counts[3];

void dy_diag_set_stream(FILE *f) { diag_stream = f; }
void dy_diag_set_quiet(int quiet) { diag_quiet = quiet; }
long dy_diag_count(dy_severity sev) { return atomic_load_explicit(&diag_counts[sev], memory_order_relaxed); }
void dy_diag_reset(void) {
  for (int i = 0; i < 3; i++) atomic_store(&diag_counts[i], 0);
}

void dy_vdiag(dy_severity sev, const char *where, long line, const char *fmt, va_list ap) {
  static const char *const names[] = {"note", "warning", "error"};
  atomic_fetch_add_explicit(&diag_counts[sev], 1, memory_order_relaxed);
  if (diag_quiet && sev != DY_ERROR) return;
  FILE *f = diag_stream ? diag_stream : stderr;
  /* The line is built first and written with one call (one write(2) on
   * unbuffered stderr); a longer one is written in pieces under the lock. */
  char buf[1024];
  int n;
  if (where && *where) {
    if (line > 0) n = snprintf(buf, sizeof buf, "dyad: %s:%ld: %s: ", where, line, names[sev]);
    else n = snprintf(buf, sizeof buf, "dyad: %s: %s: ", where, names[sev]);
  } else {
    n = snprintf(buf, sizeof buf, "dyad: %s: ", names[sev]);
  }
  va_list ap2;
  va_copy(ap2, ap);
  if (n >= 0 && (size_t)n < sizeof buf) {
    int m = vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap2);
    if (m >= 0 && (size_t)n + (size_t)m + 1 < sizeof buf) {
      buf[n + m] = '\n';
      fwrite(buf, 1, (size_t)n + (size_t)m + 1, f);
      va_end(ap2);
      return;
    }
  }
  va_end(ap2);
  flockfile(f);
  fputs("dyad: ", f);
  if (where && *where) {
    if (line > 0) fprintf(f, "%s:%ld: ", where, line);
    else fprintf(f, "%s: ", where);
  }
  fprintf(f, "%s: ", names[sev]);
  vfprintf(f, fmt, ap);
  fputc('\n', f);
  funlockfile(f);
}

void dy_diag(dy_severity sev, const char *where, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  dy_vdiag(sev, where, line, fmt, ap);
  va_end(ap);
}

/* -------------------------------------------------------------- dates */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int dy_date_valid(dy_date d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 && day <= days_in_month(y, m);
}

static int digits(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int dy_date_parse(const char *s, size_t n, dy_date *out) {
  int y, m, d;
  if (n == 10 && s[4] == '-' && s[7] == '-') {
    if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d)) return -1;
  } else if (n == 8) {
    if (digits(s, 4, &y) || digits(s + 4, 2, &m) || digits(s + 6, 2, &d)) return -1;
  } else {
    return -1;
  }
  dy_date v = y * 10000 + m * 100 + d;
  if (!dy_date_valid(v)) return -1;
  *out = v;
  return 0;
}

void dy_date_format(dy_date d, char buf[11]) {
  unsigned y = (unsigned)(d / 10000) % 10000, m = (unsigned)(d / 100) % 100, day = (unsigned)d % 100;
  buf[0] = (char)('0' + y / 1000); buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10); buf[3] = (char)('0' + y % 10); buf[4] = '-';
  buf[5] = (char)('0' + m / 10); buf[6] = (char)('0' + m % 10); buf[7] = '-';
  buf[8] = (char)('0' + day / 10); buf[9] = (char)('0' + day % 10); buf[10] = 0;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int32_t dy_date_to_days(dy_date d) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)day - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

dy_date dy_date_from_days(int32_t z) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = (int)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return y * 10000 + (int)m * 100 + (int)d;
}

dy_date dy_date_add_days(dy_date d, int32_t days) { return dy_date_from_days(dy_date_to_days(d) + days); }

int dy_date_weekday(dy_date d) {
  int32_t z = dy_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
  int w = (int)((z % 7 + 7 + 3) % 7);
  return w;
}

/* ------------------------------------------------------ tags, labels */

static const char *const tag_names[] = {
#define DY_TAG_STR(name, str) str,
    DY_TAG_LIST(DY_TAG_STR)
#undef DY_TAG_STR
};

static const char *const label_names[] = {
#define DY_LABEL_STR(name, str) str,
    DY_LABEL_LIST(DY_LABEL_STR)
#undef DY_LABEL_STR
};

const char *dy_tag_name(dy_tag t) { return (unsigned)t < DY_TAG__COUNT ? tag_names[t] : ""; }

dy_tag dy_tag_from(const char *s, size_t n) {
  for (int i = 1; i < DY_TAG__COUNT; i++)
    if (strlen(tag_names[i]) == n && memcmp(tag_names[i], s, n) == 0) return (dy_tag)i;
  return DY_TAG_NONE;
}

const char *dy_label_name(dy_label l) { return (unsigned)l < DY_LABEL__COUNT ? label_names[l] : ""; }

dy_label dy_label_from(const char *s, size_t n) {
  /* Function tags (NP-SBJ, PP-LOC) and indices (NP-1) are dropped. */
  for (size_t i = 1; i < n; i++)
    if (s[i] == '-' || s[i] == '=') { n = i; break; }
  for (int i = 1; i < DY_LABEL__COUNT; i++)
    if (strlen(label_names[i]) == n && memcmp(label_names[i], s, n) == 0) return (dy_label)i;
  return DY_LABEL_X;
}

/* ------------------------------------------------------------ stories */

dy_story *dy_story_new(void) {
  dy_arena *a = dy_arena_new();
  dy_story *s = dy_arena_alloc(a, sizeof *s);
  s->arena = a;
  return s;
}

void dy_story_free(dy_story **sp) {
  if (!sp || !*sp) return;
  dy_arena *a = (*sp)->arena;
  dy_arena_free(&a); /* the story itself lives in its arena */
  *sp = NULL;
}

dy_event *dy_story_add_event(dy_story *s) {
  /* Capacity is the next power of two >= nev; grow when nev hits it. */
  uint32_t n = s->nev;
  if ((n & (n - 1)) == 0) {
    size_t cap = n ? (size_t)n * 2 : 4;
    if (n == 0 || n >= 4) {
      dy_event *ev = dy_arena_alloc(s->arena, cap * sizeof *ev);
      if (n) memcpy(ev, s->ev, n * sizeof *ev);
      s->ev = ev;
    }
  }
  dy_event *e = &s->ev[s->nev++];
  memset(e, 0, sizeof *e);
  return e;
}

/* ------------------------------------------------------------ hashing */

uint64_t dy_hash64(const void *p, size_t n, uint64_t h) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    h ^= b[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
