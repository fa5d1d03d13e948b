/*
 * dates.c — relative date expressions (rules in storypass.h, section 1).
 *
 * A sentence is scanned once, left to right; at each token the matchers
 * try the expression shapes in turn (fixed words, "N units ago", weekdays,
 * calendar dates). Each match becomes a candidate with its span, its date
 * and two facts about its context (attached to a reporting verb; a
 * reference point rather than the event's date); then one candidate is
 * chosen. Everything is on the stack: no allocation.
 */
#include "storypass/storypass.h"

#include <pthread.h>
#include <string.h>

#define MAX_CAND 16
#define SPEECH_PENALTY 8
#define NONE UINT32_MAX

typedef struct cand {
  uint32_t first, last;
  dy_date date;
  int speech;     /* attached to a reporting verb */
} cand;

/* ------------------------------------------------------------- words */

/* No strlen of table words (called per token over every list): stops at
 * the first differing byte, or at w's end. */
static inline int eq(dy_str s, const char *w) {
  size_t k = 0;
  for (; k < s.n; k++)
    if (w[k] != s.p[k] || !w[k]) return 0;
  return w[k] == 0;
}

/* Against a literal: the length is known, so most tokens are out on it
 * (the matchers compare each candidate token with dozens of words). */
static inline int eq_lit(dy_str s, const char *w, size_t wn) { return s.n == wn && memcmp(s.p, w, wn) == 0; }
#define EQ(s, lit) eq_lit((s), lit, sizeof(lit) - 1)

/* One bit of 256 from (first byte, last byte, length): the mask of a word
 * list (list_mask)
 * rejects most tokens before any compare (future_before asks three lists
 * about up to 24 tokens per weekday: bench/RESULTS.md, profile). */
typedef struct wmask {
  uint64_t b[4];
} wmask;

static inline unsigned sig(const char *p, size_t n) {
  return ((unsigned char)p[0] * 7u + (unsigned char)p[n - 1] * 3u + (unsigned)n * 13u) & 255;
}

static inline int has_sig(const wmask *m, const char *p, size_t n) {
  unsigned k = sig(p, n);
  return (int)(m->b[k >> 6] >> (k & 63) & 1);
}

static void list_mask(wmask *m, const char *const *list) {
  for (; *list; list++) {
    unsigned k = sig(*list, strlen(*list));
    m->b[k >> 6] |= 1ull << (k & 63);
  }
}

/* The first byte is compared before the strlen of a table word: this ran
 * per token over every list (bench/RESULTS.md, profile). `mask`: the
 * list's list_mask (masks_init). */
static int in_list(dy_str s, const char *const *list, const wmask *mask) {
  if (s.n == 0 || !has_sig(mask, s.p, s.n)) return 0;
  for (; *list; list++)
    if ((*list)[0] == s.p[0] && eq(s, *list)) return 1;
  return 0;
}

/* norm of token i, or an empty span outside the sentence */
static dy_str nrm(const dy_token *t, uint32_t n, uint32_t i) {
  return i < n ? t[i].norm : (dy_str){"", 0};
}

static const char *const speech_verbs[] = {
  "said", "says", "say", "told", "tells", "announced", "announces", "reported",
  "reports", "added", "stated", "declared", "confirmed", "claimed", "quoted",
  "insisted", "noted", "warned", "wrote", NULL};
static const char *const future_modals[] = {
  "will", "'ll", "shall", "wo", "won't", "would", NULL};
/* Count only when followed by to/for/on or by the date itself ("scheduled
 * for Tuesday", "plans to meet Tuesday"): "the planned talks" is not future. */
static const char *const future_participles[] = {
  "scheduled", "due", "expected", "plans", "planned", "going", "set", "upcoming", NULL};
static const char *const reference_preps[] = {
  "since", "until", "till", "before", "after", "by", "from", "through", NULL};
static const char *const day_parts[] = {
  "morning", "afternoon", "evening", "night", "overnight", NULL};

/* The lists' masks (list_mask), computed once by masks_init: dates are
 * resolved by several coding threads. */
static struct {
  wmask speech, modals, partic, refprep, dayparts, starters, core;
  wmask future; /* speech | modals | partic: future_before's one test per token */
} M;

static const char *const weekdays[7][3] = {
  {"monday", "mon.", NULL}, {"tuesday", "tues.", "tue."},
  {"wednesday", "wed.", NULL}, {"thursday", "thurs.", "thu."},
  {"friday", "fri.", NULL}, {"saturday", "sat.", NULL}, {"sunday", "sun.", NULL}};

/* Weekday 0 (Monday) .. 6, or -1. */
static int weekday_of(dy_str s) {
  if (s.n < 4 || s.n > 9) return -1; /* "mon." .. "wednesday"; most tokens stop here */
  for (int d = 0; d < 7; d++)
    for (int k = 0; k < 3 && weekdays[d][k]; k++)
      if (eq(s, weekdays[d][k])) return d;
  return -1;
}

/* Month 1..12 from a full name or an abbreviation with or without its
 * period ("jan", "jan.", "sept."); 0 otherwise. *dot says whether the
 * token was an abbreviation without its period (the next token may be "."). */
static int month_of(dy_str s, int *dot) {
  static const char *const full[12] = {"january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december"};
  static const char *const abbr[12] = {"jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec"};
  *dot = 0;
  for (int m = 0; m < 12; m++)
    if (eq(s, full[m])) return m + 1;
  dy_str b = s;
  int has_dot = b.n > 0 && b.p[b.n - 1] == '.';
  if (has_dot) b.n--;
  for (int m = 0; m < 12; m++)
    if (eq(b, abbr[m])) { *dot = !has_dot; return m + 1; }
  if (EQ(b, "sept")) { *dot = !has_dot; return 9; }
  return 0;
}

/* A day of month "1".."31", also "30th", "1st", "2nd", "3rd"; 0 otherwise. */
static int day_of(dy_str s) {
  uint32_t i = 0;
  int v = 0;
  while (i < s.n && i < 2 && s.p[i] >= '0' && s.p[i] <= '9') v = v * 10 + (s.p[i++] - '0');
  if (i == 0) return 0;
  if (i < s.n) {
    dy_str suf = {s.p + i, s.n - i};
    if (!EQ(suf, "st") && !EQ(suf, "nd") && !EQ(suf, "rd") && !EQ(suf, "th")) return 0;
  }
  return v >= 1 && v <= 31 ? v : 0;
}

/* A year 1900..2099 written as four digits; 0 otherwise. */
static int year_of(dy_str s) {
  if (s.n != 4) return 0;
  int v = 0;
  for (int i = 0; i < 4; i++) {
    if (s.p[i] < '0' || s.p[i] > '9') return 0;
    v = v * 10 + (s.p[i] - '0');
  }
  return v >= 1900 && v <= 2099 ? v : 0;
}

/* A small count: digits (1..999) or a number word; 0 otherwise. */
static int count_of(dy_str s) {
  static const char *const words[] = {"zero", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
  if (EQ(s, "a") || EQ(s, "an")) return 1;
  for (int i = 1; i <= 12; i++)
    if (eq(s, words[i])) return i;
  if (EQ(s, "fifteen")) return 15;
  if (EQ(s, "twenty")) return 20;
  if (EQ(s, "thirty")) return 30;
  if (s.n == 0 || s.n > 3) return 0;
  int v = 0;
  for (uint32_t i = 0; i < s.n; i++) {
    if (s.p[i] < '0' || s.p[i] > '9') return 0;
    v = v * 10 + (s.p[i] - '0');
  }
  return v;
}

/* --------------------------------------------------------- arithmetic */

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
  static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

static dy_date make(int y, int m, int d) { return (dy_date)(y * 10000 + m * 100 + d); }

/* d plus k months, the day clamped to the month's length. */
static dy_date add_months(dy_date d, int k) {
  int y = d / 10000, m = d / 100 % 100, day = d % 100;
  int t = y * 12 + (m - 1) + k;
  y = t / 12;
  m = t % 12 + 1;
  if (day > month_days(y, m)) day = month_days(y, m);
  return make(y, m, day);
}

static dy_date monday_of(dy_date d) { return dy_date_add_days(d, -dy_date_weekday(d)); }

/* Month/day without a year: the most recent not after base (future: the
 * first on or after base); Feb 29 moves on to a leap year that way. */
static dy_date infer_year(dy_date base, int m, int d, int future) {
  int y = base / 10000;
  int step = future ? 1 : -1;
  for (int k = 0; k < 9; k++, y += step) {
    if (d > month_days(y, m)) continue;
    dy_date c = make(y, m, d);
    if (future ? c >= base : c <= base) return c;
  }
  return 0;
}

/* ------------------------------------------------------------ context */

/* Future tense: a marker before `first` in the same clause. */
static int future_before(const dy_token *t, uint32_t first) {
  for (uint32_t k = first, seen = 0; k-- > 0 && seen < 24; seen++) {
    dy_str w = t[k].norm;
    /* in none of the three lists and no ; or : (most tokens): nothing to do */
    if (w.n != 1 && (w.n == 0 || !has_sig(&M.future, w.p, w.n))) continue;
    if (in_list(w, speech_verbs, &M.speech) || EQ(w, ";") || EQ(w, ":")) return 0;
    if (in_list(w, future_modals, &M.modals))
      return !(EQ(w, "would") && k + 1 < first && EQ(t[k + 1].norm, "have"));
    if (in_list(w, future_participles, &M.partic)) {
      dy_str nx = k + 1 < first ? t[k + 1].norm : (dy_str){"", 0};
      if (k + 1 == first || EQ(nx, "to") || EQ(nx, "for") || EQ(nx, "on")) return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ matchers */

/* Each matcher tries an expression starting at token i; on success sets
 * *last (exclusive end) and returns the date, else returns 0. */

/* Optional day part after a day word: "Tuesday night", "yesterday morning". */
static uint32_t skip_day_part(const dy_token *t, uint32_t n, uint32_t j) {
  return j < n && in_list(t[j].norm, day_parts, &M.dayparts) ? j + 1 : j;
}

static dy_date match_words(const dy_token *t, uint32_t n, uint32_t i, dy_date b,
                           uint32_t *last) {
  dy_str w = nrm(t, n, i), w1 = nrm(t, n, i + 1), w2 = nrm(t, n, i + 2), w3 = nrm(t, n, i + 3);
  if (EQ(w, "the") && EQ(w1, "day") && EQ(w3, "yesterday") && EQ(w2, "before")) {
    *last = i + 4;
    return dy_date_add_days(b, -2);
  }
  if (EQ(w, "the") && EQ(w1, "day") && EQ(w3, "tomorrow") && EQ(w2, "after")) {
    *last = i + 4;
    return dy_date_add_days(b, 2);
  }
  if (EQ(w, "yesterday")) { *last = skip_day_part(t, n, i + 1); return dy_date_add_days(b, -1); }
  if (EQ(w, "today") || EQ(w, "tonight")) { *last = skip_day_part(t, n, i + 1); return b; }
  if (EQ(w, "tomorrow")) { *last = skip_day_part(t, n, i + 1); return dy_date_add_days(b, 1); }
  if (EQ(w, "this") && in_list(w1, day_parts, &M.dayparts)) { *last = i + 2; return b; }
  /* "over the weekend", "at the weekend", "this weekend": the last Saturday
   * on or before b (future tense: the first on or after) */
  if (((EQ(w, "over") || EQ(w, "at")) && EQ(w1, "the") && EQ(w2, "weekend")) ||
      (EQ(w, "this") && EQ(w1, "weekend"))) {
    *last = EQ(w, "this") ? i + 2 : i + 3;
    int bw = dy_date_weekday(b);
    if (future_before(t, i)) return dy_date_add_days(b, (5 - bw + 7) % 7);
    return dy_date_add_days(b, -((bw - 5 + 7) % 7));
  }
  if (EQ(w, "earlier") && EQ(w1, "this")) {
    *last = i + 3;
    if (EQ(w2, "week")) return monday_of(b);
    if (EQ(w2, "month")) return make(b / 10000, b / 100 % 100, 1);
    return 0;
  }
  if (EQ(w, "last") || EQ(w, "next")) {
    int k = EQ(w, "last") ? -1 : 1;
    *last = i + 2;
    if (EQ(w1, "night") && k < 0) return dy_date_add_days(b, -1);
    if (EQ(w1, "week")) return dy_date_add_days(b, 7 * k);
    if (EQ(w1, "month")) return add_months(b, k);
    if (EQ(w1, "year")) return add_months(b, 12 * k);
    if (EQ(w1, "weekend")) return dy_date_add_days(monday_of(b), k < 0 ? -2 : 5);
    return 0;
  }
  return 0;
}

/* "N days|weeks|months|years ago" */
static dy_date match_ago(const dy_token *t, uint32_t n, uint32_t i, dy_date b, uint32_t *last) {
  int c = count_of(nrm(t, n, i));
  if (!c || !EQ(nrm(t, n, i + 2), "ago")) return 0;
  dy_str u = nrm(t, n, i + 1);
  *last = i + 3;
  if (EQ(u, "day") || EQ(u, "days")) return dy_date_add_days(b, -c);
  if (EQ(u, "week") || EQ(u, "weeks")) return dy_date_add_days(b, -7 * c);
  if (EQ(u, "month") || EQ(u, "months")) return add_months(b, -c);
  if (EQ(u, "year") || EQ(u, "years")) return add_months(b, -12 * c);
  return 0;
}

/* Weekdays, with last/next/this before and day parts or "last week" after. */
static dy_date match_weekday(const dy_token *t, uint32_t n, uint32_t i, dy_date b,
                             uint32_t *first, uint32_t *last) {
  int wd = weekday_of(nrm(t, n, i));
  if (wd < 0) return 0;
  int bw = dy_date_weekday(b);
  dy_str prev = i > 0 ? t[i - 1].norm : (dy_str){"", 0};
  uint32_t j = skip_day_part(t, n, i + 1);
  *first = i;
  *last = j;
  /* "Tuesday [of] last|next|this week" */
  uint32_t k = EQ(nrm(t, n, j), "of") ? j + 1 : j;
  if (EQ(nrm(t, n, k + 1), "week")) {
    dy_str q = nrm(t, n, k);
    int shift = EQ(q, "last") ? -7 : EQ(q, "next") ? 7 : EQ(q, "this") ? 0 : 1;
    if (shift != 1) {
      *last = k + 2;
      return dy_date_add_days(monday_of(b), shift + wd);
    }
  }
  if (EQ(prev, "last")) {
    int d = (bw - wd + 7) % 7;
    *first = i - 1;
    return dy_date_add_days(b, -(d ? d : 7));
  }
  if (EQ(prev, "next")) {
    int d = (wd - bw + 7) % 7;
    *first = i - 1;
    return dy_date_add_days(b, d ? d : 7);
  }
  if (EQ(prev, "this")) *first = i - 1;
  if (future_before(t, *first)) return dy_date_add_days(b, (wd - bw + 7) % 7);
  return dy_date_add_days(b, -((bw - wd + 7) % 7));
}

/* Optional ", 2018" or " 2018" at j: the year, *after = the next token. */
static int year_after(const dy_token *t, uint32_t n, uint32_t j, uint32_t *after) {
  uint32_t k = EQ(nrm(t, n, j), ",") ? j + 1 : j;
  int y = year_of(nrm(t, n, k));
  if (y) *after = k + 1;
  return y;
}

static dy_date calendar(const dy_token *t, uint32_t first, dy_date b, int y, int m, int d) {
  if (y) return d <= month_days(y, m) ? make(y, m, d) : 0;
  return infer_year(b, m, d, future_before(t, first));
}

/* "may" and "march" are also verbs: as months they need a capital
 * (DY_TOK_CAP) or "on" before ("20 may have died", "thousands march 20 km"). */
static int plain_month(const dy_token *t, uint32_t n, uint32_t j) {
  dy_str w = nrm(t, n, j);
  if (!EQ(w, "may") && !EQ(w, "march")) return 1;
  return (t[j].flags & DY_TOK_CAP) || (j > 0 && EQ(t[j - 1].norm, "on"));
}

/* "Jan. 30[, 2018]", "30[th] [of] January[ 2018]", "2018-01-30" */
static dy_date match_calendar(const dy_token *t, uint32_t n, uint32_t i, dy_date b,
                              uint32_t *last) {
  dy_str w = nrm(t, n, i);
  int dot, m = month_of(w, &dot);
  if (m) {
    if (!plain_month(t, n, i)) return 0;
    uint32_t j = i + 1;
    if (dot && EQ(nrm(t, n, j), ".")) j++;
    int d = day_of(nrm(t, n, j));
    if (!d) return 0;
    *last = j + 1;
    int y = year_after(t, n, j + 1, last);
    return calendar(t, i, b, y, m, d);
  }
  int d = day_of(w);
  if (d) {
    uint32_t j = EQ(nrm(t, n, i + 1), "of") ? i + 2 : i + 1;
    m = month_of(nrm(t, n, j), &dot);
    if (!m) return 0;
    if (!plain_month(t, n, j)) return 0;
    uint32_t k = j + 1;
    if (dot && EQ(nrm(t, n, k), ".")) k++;
    *last = k;
    int y = year_after(t, n, k, last);
    return calendar(t, i, b, y, m, d);
  }
  dy_date iso;
  if (w.n == 10 && w.p[4] == '-' && dy_date_parse(w.p, w.n, &iso) == 0) {
    *last = i + 1;
    return iso;
  }
  return 0;
}

/* ------------------------------------------------------------- starters */

/* Words that can begin an expression, by first letter. find_all calls the
 * matchers only at these (and at digits): most tokens are rejected after a
 * length check and a few compares. Keep in sync with the matchers. */
static const char *const starters[26][18] = {
  ['a' - 'a'] = {"a", "an", "at", "apr", "apr.", "april", "aug", "aug.", "august"},
  ['d' - 'a'] = {"dec", "dec.", "december"},
  ['e' - 'a'] = {"earlier", "eight", "eleven"},
  ['f' - 'a'] = {"feb", "feb.", "february", "fri.", "friday", "five", "four", "fifteen"},
  ['j' - 'a'] = {"jan", "jan.", "january", "jul", "jul.", "july", "jun", "jun.", "june"},
  ['l' - 'a'] = {"last"},
  ['m' - 'a'] = {"mar", "mar.", "march", "may", "mon.", "monday"},
  ['n' - 'a'] = {"next", "nine", "nov", "nov.", "november"},
  ['o' - 'a'] = {"oct", "oct.", "october", "one", "over"},
  ['s' - 'a'] = {"sat.", "saturday", "sep", "sep.", "sept", "sept.", "september", "seven",
                 "six", "sun.", "sunday"},
  ['t' - 'a'] = {"the", "this", "today", "tonight", "tomorrow", "tue.", "tues.", "tuesday",
                 "thu.", "thurs.", "thursday", "ten", "three", "twelve", "two", "twenty",
                 "thirty"},
  ['w' - 'a'] = {"wed.", "wednesday"},
  ['y' - 'a'] = {"yesterday"},
};

static int is_starter(dy_str w) {
  if (w.n == 0) return 0;
  unsigned char c = (unsigned char)w.p[0];
  if (c >= '0' && c <= '9') return 1;
  if (w.n > 9) return 0;
  if (c < 'a' || c > 'z') return 0;
  if (!has_sig(&M.starters, w.p, w.n)) return 0;
  for (const char *const *s = starters[c - 'a']; *s; s++)
    if ((*s)[0] && eq(w, *s)) return 1;
  return 0;
}

/* ---------------------------------------------------------- core words */

/* Every expression has a core token at most 3 tokens after its first
 * ("the day before yesterday"): a digit-led token (days, years, counts,
 * ISO dates), a weekday, or one of these words; the month names need a
 * day, which leads with a digit. Keep in sync with the matchers. find_all
 * calls them only where a core token is near: most sentences have none. */
static const char *const core_words[] = {
  "yesterday", "today", "tonight", "tomorrow", "ago", "week", "month", "year", "weekend",
  "morning", "afternoon", "evening", "night", "overnight",
  "monday", "mon.", "tuesday", "tues.", "tue.", "wednesday", "wed.", "thursday", "thurs.", "thu.",
  "friday", "fri.", "saturday", "sat.", "sunday", "sun.", NULL};

static int is_core(dy_str w) {
  if (w.n == 0) return 0;
  if ((unsigned)((unsigned char)w.p[0] - '0') <= 9u || w.n == 10) return 1; /* 10: "2018-01-30" */
  return w.n <= 9 && has_sig(&M.core, w.p, w.n); /* a false yes only costs time */
}

/* The first token at or after i that is a core token, or n. */
static uint32_t next_core(const dy_token *t, uint32_t n, uint32_t i) {
  while (i < n && !is_core(t[i].norm)) i++;
  return i;
}

static void masks_compute(void) {
  list_mask(&M.speech, speech_verbs);
  list_mask(&M.modals, future_modals);
  list_mask(&M.partic, future_participles);
  list_mask(&M.refprep, reference_preps);
  list_mask(&M.dayparts, day_parts);
  for (int c = 0; c < 26; c++) list_mask(&M.starters, starters[c]);
  list_mask(&M.core, core_words);
  for (int k = 0; k < 4; k++) M.future.b[k] = M.speech.b[k] | M.modals.b[k] | M.partic.b[k];
}

static pthread_once_t masks_once = PTHREAD_ONCE_INIT;
static void masks_init(void) { pthread_once(&masks_once, masks_compute); }

/* -------------------------------------------------------------- choice */

static int is_lead(dy_str w) { return EQ(w, "on") || EQ(w, "late") || EQ(w, "early"); }

/* A reference point ("since Jan. 30", "until late Tuesday") or a noun
 * modifier ("the August 13 accord"): not the date of the event. `first`
 * is the expression's first token after any on/late/early. */
static int is_reference(const dy_token *t, uint32_t first) {
  if (first == 0) return 0;
  dy_str p = t[first - 1].norm;
  if (in_list(p, reference_preps, &M.refprep)) return 1;
  if (!EQ(p, "the")) return 0;
  /* "on the 30th of January" is a date; "since the 30th" a reference;
   * any other "the X" a modifier */
  return !(first >= 2 && EQ(t[first - 2].norm, "on"));
}

static int is_speech(const dy_token *t, uint32_t n, uint32_t first, uint32_t last) {
  uint32_t k = first;
  while (k > 0 && (is_lead(t[k - 1].norm) || EQ(t[k - 1].norm, ","))) k--;
  if (k > 0 && in_list(t[k - 1].norm, speech_verbs, &M.speech)) return 1;
  return last < n && in_list(t[last].norm, speech_verbs, &M.speech);
}

/* Finds the candidates of the sentence; returns how many (<= MAX_CAND). */
static int find_all(const dy_token *t, uint32_t n, dy_date b, cand *out) {
  int nc = 0;
  uint32_t core = next_core(t, n, 0);
  for (uint32_t i = 0; i < n && nc < MAX_CAND; i++) {
    if (core < i) core = next_core(t, n, i);
    if (core >= n) break;
    if (core > i + 3) { i = core - 4; continue; } /* no expression starts before core - 3 */
    if (!is_starter(t[i].norm)) continue;
    uint32_t first = i, last = i;
    dy_date d = match_words(t, n, i, b, &last);
    if (!d) d = match_ago(t, n, i, b, &last);
    if (!d) d = match_weekday(t, n, i, b, &first, &last);
    if (!d) { first = i; d = match_calendar(t, n, i, b, &last); }
    if (!d || !dy_date_valid(d) || last <= i) continue;
    /* "on", "late", "early" before the expression belong to it */
    uint32_t lead = first;
    while (lead > 0 && is_lead(t[lead - 1].norm)) lead--;
    if (!is_reference(t, lead)) {
      out[nc].first = lead;
      out[nc].last = last;
      out[nc].date = d;
      out[nc].speech = is_speech(t, n, lead, last);
      nc++;
    }
    i = last - 1;
  }
  return nc;
}

static uint32_t gap(const cand *c, uint32_t anchor) {
  if (anchor < c->first) return c->first - anchor;
  if (anchor >= c->last) return anchor - c->last + 1;
  return 0;
}

static int choose(const cand *c, int nc, const dy_token *t, uint32_t n, uint32_t anchor) {
  if (anchor == NONE || anchor >= n) {
    for (int k = 0; k < nc; k++)
      if (!c[k].speech) return k;
    return 0;
  }
  int anchor_speaks = in_list(t[anchor].norm, speech_verbs, &M.speech);
  int best = 0;
  uint32_t best_score = UINT32_MAX;
  for (int k = 0; k < nc; k++) {
    uint32_t s = gap(&c[k], anchor) + (c[k].speech && !anchor_speaks ? SPEECH_PENALTY : 0);
    if (s < best_score) { best_score = s; best = k; }
  }
  return best;
}

/* ----------------------------------------------------------------- API */

dy_date dy_date_resolve_at(const dy_token *tok, uint32_t ntok, dy_date story_date,
                           uint32_t anchor, uint32_t *span_first, uint32_t *span_last) {
  if (span_first) *span_first = 0;
  if (span_last) *span_last = 0;
  if (!story_date || !dy_date_valid(story_date)) return 0;
  masks_init();
  cand c[MAX_CAND];
  int nc = tok ? find_all(tok, ntok, story_date, c) : 0;
  if (nc == 0) return story_date;
  int k = choose(c, nc, tok, ntok, anchor);
  if (span_first) *span_first = c[k].first;
  if (span_last) *span_last = c[k].last;
  return c[k].date;
}

dy_date dy_date_resolve(const dy_token *tok, uint32_t ntok, dy_date story_date,
                        uint32_t *span_first, uint32_t *span_last) {
  return dy_date_resolve_at(tok, ntok, story_date, NONE, span_first, span_last);
}

/* The token holding the first byte of the event's verb, or NONE. */
static uint32_t verb_token(const dy_sentence *st, dy_str verb) {
  if (!verb.p) return NONE;
  for (uint32_t i = 0; i < st->ntok; i++) {
    const dy_token *t = &st->tok[i];
    if (t->raw.p && verb.p >= t->raw.p && verb.p < t->raw.p + (t->raw.n ? t->raw.n : 1))
      return i;
  }
  return NONE;
}

/* As dy_date_resolve_at per event; the date expressions of a sentence
 * (find_all: most of the cost) are found once for all of its events. */
void dy_storypass_dates(dy_story *s) {
  masks_init();
  cand c[MAX_CAND];
  int nc = 0;
  uint32_t csent = NONE;
  dy_date cbase = 0;
  for (uint32_t i = 0; i < s->nev; i++) {
    dy_event *ev = &s->ev[i];
    if (ev->sentence >= s->nsent) {
      ev->date = s->date;
      continue;
    }
    const dy_sentence *st = &s->sent[ev->sentence];
    dy_date base = st->date ? st->date : s->date;
    if (!base || !dy_date_valid(base)) {
      ev->date = 0;
      continue;
    }
    if (ev->sentence != csent || base != cbase) {
      nc = st->tok ? find_all(st->tok, st->ntok, base, c) : 0;
      csent = ev->sentence;
      cbase = base;
    }
    ev->date = nc ? c[choose(c, nc, st->tok, st->ntok, verb_token(st, ev->verb_text))].date : base;
  }
}
