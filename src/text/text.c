/* Tokeniser and sentence splitter, fused into one pass.
 *
 * The scanner walks the text once. ASCII bytes are classified by a 256-entry
 * table; only bytes >= 0x80 are decoded and looked up in utf8proc (the slow
 * path). Each token is pushed into one story-wide array that grows
 * geometrically in the arena; the splitter looks at each token as it
 * arrives and decides whether the previous one ended a sentence. Sentences
 * record only their token count while scanning (the array may still move);
 * their token pointers are set once at the end.
 *
 * Splitting: a token that may end a sentence (". ? ! ..." or an abbreviation
 * that keeps its period) leaves a boundary pending; closing quotes and
 * brackets that follow join the sentence; the next real token then confirms
 * or cancels the boundary:
 *   . ? !            end unless the next token starts in lower case
 *   ... (ellipsis)   end when the next token is capitalised or opens a quote
 *   U.S. Inc. W.     end only before a common sentence starter ("The", "He")
 *                    or an opening quote/bracket
 *   Mr. Gen. Jan.    never end
 * A paragraph break (blank line) always ends a sentence.
 */
#include "text/text.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

/* Byte classes (the table below) and Unicode classes (ucls). */
enum { C_SP = 1, C_NL = 2, C_LOW = 4, C_UP = 8, C_DIG = 16, C_HIGH = 32, C_PUN = 64, C_USC = 128 };
#define C_ALPHA (C_LOW | C_UP)
#define C_ALNUM (C_LOW | C_UP | C_DIG)
#define C_WORD (C_ALNUM | C_USC)
enum { U_OTHER = 0, U_WORD = 1, U_UPPER = 2, U_LETTER = 4, U_APOS = 8, U_HYPH = 16,
       U_SPACE = 32, U_PARA = 64 };

/* State of one scan: the token array, the open sentence, the splitter. */
typedef struct tk_ctx {
  dy_arena *a;
  const char *base;        /* offsets are relative to it (NULL: none) */
  const char *lsrc;        /* the region being scanned ... */
  size_t lsrc_n;
  char *low;               /* ... and its lower-cased copy, made on demand */
  dy_token *tok;
  uint32_t ntok, tcap;
  int split;               /* split sentences (else one token run) */
  dy_sentence *sent;
  uint32_t nsent, scap;
  uint32_t sfirst;         /* first token of the open sentence */
  uint32_t spara;          /* its paragraph */
  uint32_t para;           /* current paragraph */
  uint8_t pend;            /* kind of a pending boundary after the last token, 0 = none */
  uint8_t quoted;          /* inside a double quotation */
  uint8_t para_next;       /* a blank line precedes the next token */
  uint8_t break_next;      /* a sentence must end before the next token */
  uint8_t started;         /* a token was seen */
  const char *skip_at;     /* the dateline: jump from skip_at to skip_to */
  const char *skip_to;
} tk_ctx;
/* ------------------------------------------------------ character classes */

static const uint8_t cls[256] = {
    1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  2,  1,  1,  1,  1,  1,
    1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
    1,  64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 64, 64, 64, 64, 64, 64,
    64, 8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,
    8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  64, 64, 64, 64, 128,
    64, 4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,
    4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  64, 64, 64, 64, 1,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
};
#define CLS(ch) cls[(uint8_t)(ch)]

/* Extra bits for the token accumulator (beyond the byte classes). */
enum { A_NUMPUNCT = 1 << 8, /* . , : / inside the token */
       A_OTHER = 1 << 9 };  /* - ' & @ inside the token */

/* Splitter kinds of a token (low nibble) and the double-quote bit. */
enum { K_WORD, K_TERM, K_ELL, K_ABBR_T, K_ABBR_A, K_OPEN, K_CLOSE, K_OTHER, K_MASK = 15,
       K_DQ = 16 };

/* --------------------------------------------------------- Unicode helpers */

/* Decodes one code point of valid UTF-8 (the caller validated the text);
 * returns its length. Truncated input at e yields U+FFFD of length 1. */
static int decode(const char *p, const char *e, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, e - p, &c);
  if (n <= 0) { *cp = 0xFFFD; return 1; }
  *cp = c;
  return (int)n;
}

static int ucls(int32_t cp) {
  switch (cp) {
  case 0x2019: case 0x02BC: return U_APOS;
  case 0x2010: case 0x2011: return U_HYPH;
  case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: case 0x0085:
  case 0x2028: case 0x200B: case 0xFEFF: case 0x2060: case 0x180E:
    return U_SPACE;
  case 0x2029: return U_PARA;
  default: break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return U_SPACE;
  if (cp == 0xFFFD) return U_WORD; /* a replaced byte was most likely a letter */
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return U_WORD | U_UPPER;
  case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    return U_WORD | U_LETTER;
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return U_WORD;
  case UTF8PROC_CATEGORY_ZS: return U_SPACE;
  case UTF8PROC_CATEGORY_CC: return U_SPACE;
  default: return U_OTHER;
  }
}

/* Is there a letter (ASCII or not) at p? */
static int letter_at(const char *p, const char *e) {
  if (p >= e) return 0;
  if (CLS(*p) & C_ALPHA) return 1;
  if (!(CLS(*p) & C_HIGH)) return 0;
  int32_t cp;
  decode(p, e, &cp);
  return (ucls(cp) & (U_UPPER | U_LETTER)) != 0;
}

static int wordch_at(const char *p, const char *e) {
  if (p >= e) return 0;
  if (CLS(*p) & C_ALNUM) return 1;
  if (!(CLS(*p) & C_HIGH)) return 0;
  int32_t cp;
  decode(p, e, &cp);
  return (ucls(cp) & U_WORD) != 0;
}

/* ------------------------------------------------------------ the context */

static void grow_tokens(tk_ctx *c) {
  uint32_t ncap = c->tcap ? c->tcap * 2 : 64;
  c->tok = dy_arena_grow(c->a, c->tok, (size_t)c->tcap * sizeof(dy_token),
                         (size_t)ncap * sizeof(dy_token));
  c->tcap = ncap;
}

/* Lower-cases the 16 bytes at p into d when they all lie before e (the
 * bytes after the token are lower-cased too: every byte of c->low holds
 * the lower case of the source byte at its offset, whoever wrote it).
 * Returns 0 (nothing done) without SSE2 or near the end. */
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
static inline int lower16(char *d, const char *p, const char *e) {
#if defined(__SSE2__)
  if (e - p < 16) return 0;
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
  _mm_storeu_si128((__m128i *)(void *)d, _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(32))));
  return 1;
#else
  (void)d; (void)p; (void)e;
  return 0;
#endif
}

static void sent_close(tk_ctx *c) {
  if (c->ntok <= c->sfirst) return;
  if (c->nsent == c->scap) {
    uint32_t ncap = c->scap ? c->scap * 2 : 16;
    c->sent = dy_arena_grow(c->a, c->sent, (size_t)c->scap * sizeof(dy_sentence),
                            (size_t)ncap * sizeof(dy_sentence));
    c->scap = ncap;
  }
  dy_sentence *s = &c->sent[c->nsent++];
  const dy_token *f = &c->tok[c->sfirst], *l = &c->tok[c->ntok - 1];
  s->text = (dy_str){f->raw.p, (uint32_t)(l->raw.p + l->raw.n - f->raw.p)};
  s->paragraph = c->spara;
  s->ntok = c->ntok - c->sfirst;
  c->sfirst = c->ntok;
}

/* Words that start sentences often and names rarely: after an ambiguous
 * abbreviation ("U.S.", "Inc.", an initial) they confirm the boundary. */
static int is_starter(const char *p, size_t n) {
  static const char *const w[] = {
      "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In",
      "On", "At", "This", "That", "These", "Those", "There", "Their", "His", "Her", "Its",
      "Our", "My", "Mr.", "Mrs.", "Ms.", "If", "When", "While", "After", "Before", "However",
      "Meanwhile", "As", "For", "So", "Yet", "Still", "Also", "Some", "Many", "Most", "What",
      "Why", "How", "Who", "Where", "One", "Both", "Last", "Earlier", "Later", "Since",
      "Although", "Though", "Despite", "During", "Among", "With", "From", "By", "Officials",
      "Police", "Authorities", "Now", "Then", "Such", "Under", "According", "Other",
      "Another", "Each", "Every", "No", "Neither", "Here", "Today", "Yesterday", "Instead",
      "Nevertheless", "Moreover", "Furthermore", "Thus", "Because", "Until", "Unless",
      "Once", "Even", "Only", "All", "Several", "Analysts", "Critics", "Residents", NULL};
  for (int i = 0; w[i]; i++)
    if (w[i][0] == p[0] && strlen(w[i]) == n && memcmp(w[i], p, n) == 0) return 1;
  return 0;
}

/* Does a pending boundary of kind pk hold, given the next token? */
static int boundary_holds(uint8_t pk, uint8_t kind, const char *p, size_t n) {
  uint8_t k = kind & K_MASK;
  uint8_t c0 = CLS(*p);
  switch (pk) {
  case K_TERM:
    if (c0 & C_LOW) return 0;
    if (n == 1 && (*p == ',' || *p == ';' || *p == ':' || *p == '%')) return 0;
    return 1;
  case K_ELL:
    if (k == K_OPEN) return 1;
    if (c0 & C_UP) return 1;
    if (c0 & C_HIGH) {
      int32_t cp;
      decode(p, p + n, &cp);
      return (ucls(cp) & U_UPPER) != 0;
    }
    return 0;
  case K_ABBR_A:
    return k == K_OPEN || is_starter(p, n);
  default:
    return 0;
  }
}

/* Splitter step for a new token, before it is pushed. */
static void split_step(tk_ctx *c, uint8_t kind, const char *p, size_t n) {
  if (c->para_next | c->break_next) {
    sent_close(c);
    c->pend = 0;
    c->break_next = 0;
    return;
  }
  if (!c->pend) return;
  if ((kind & K_MASK) == K_CLOSE) return; /* '." He said': the quote joins the sentence */
  if (boundary_holds(c->pend, kind, p, n)) sent_close(c);
  c->pend = 0;
}

/* dy_fold for a token with bytes >= 0x80, with two fast paths that give
 * the same result without utf8proc_map's allocation: typographic quotes and
 * dashes (U+2018-U+201F, U+2010-U+2015 alone fold to one ASCII character),
 * and words of ASCII plus precomposed Latin letters U+00C0-U+024F (already
 * NFC, no combining marks, and their case folding is simple lower-casing
 * except for the few letters sent to dy_fold). The test
 * fold_fast_path_agrees_with_dy_fold checks every such letter. */
static dy_str fold_high(tk_ctx *c, const char *p, size_t n) {
  const uint8_t *u = (const uint8_t *)p;
  if (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x9F) {
    if (u[2] <= 0x95) return DY_STR_LIT("-");
    if (u[2] >= 0x98) return u[2] <= 0x9B ? DY_STR_LIT("'") : DY_STR_LIT("\"");
  }
  char *d = NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    uint8_t b = u[i];
    if (b < 0x80) {
      if ((CLS(b) & C_UP) && !d) { d = dy_arena_alloc(c->a, n + 1); memcpy(d, p, i); o = i; }
      if (d) d[o++] = (char)(b | ((CLS(b) & C_UP) << 2));
      i++;
      continue;
    }
    if (b < 0xC3 || b > 0xC9 || i + 1 >= n || (u[i + 1] & 0xC0) != 0x80) return dy_fold(c->a, p, n);
    int32_t cp = ((b & 0x1F) << 6) | (u[i + 1] & 0x3F);
    if (cp > 0x24F || cp == 0xDF || cp == 0x130 || cp == 0x149 || cp == 0x17F || cp == 0x1F0)
      return dy_fold(c->a, p, n);
    int32_t lc = utf8proc_tolower(cp);
    if (lc < 0x80 || lc > 0x7FF) return dy_fold(c->a, p, n);
    if (lc != cp && !d) { d = dy_arena_alloc(c->a, n + 1); memcpy(d, p, i); o = i; }
    if (d) { d[o++] = (char)(0xC0 | (lc >> 6)); d[o++] = (char)(0x80 | (lc & 0x3F)); }
    i += 2;
  }
  return d ? (dy_str){d, (uint32_t)o} : (dy_str){p, (uint32_t)n};
}

/* Pushes one token. acc: the classes of its bytes, OR-ed, which decide how
 * norm is made (no copy for plain lower-case ASCII); kind: for the splitter. */
static inline __attribute__((always_inline)) void add(tk_ctx *c, const char *p, size_t n,
                                                      unsigned acc, uint8_t flags, uint8_t kind) {
  if (c->split && (c->pend | c->para_next | c->break_next)) split_step(c, kind, p, n);
  if (c->para_next) {
    if (c->started) c->para++;
    c->quoted = 0;
    c->para_next = 0;
    if (c->split) flags |= DY_TOK_PARA;
  } else if (!c->started && c->split) {
    flags |= DY_TOK_PARA;
  }
  c->started = 1;
  if (c->ntok == c->sfirst) c->spara = c->para;
  if (kind & K_DQ) c->quoted = (kind & K_MASK) == K_OPEN;
  else if (c->quoted) flags |= DY_TOK_QUOTED;
  if (c->ntok == c->tcap) grow_tokens(c);
  /* Built in registers and stored once: reading back a field just written
   * (norm = raw) stalls store forwarding, which once cost a third of the time. */
  dy_str raw = {p, (uint32_t)n}, norm = raw;
  if (acc & C_HIGH) {
    norm = fold_high(c, p, n);
  } else if (acc & C_UP) {
    /* + 16: lower16 may store up to 16 bytes from any token start */
    if (!c->low) c->low = dy_arena_alloc_raw(c->a, c->lsrc_n + 16); /* written where read */
    char *d = c->low + (p - c->lsrc);
    if (n > 16 || !lower16(d, p, c->lsrc + c->lsrc_n))
      for (size_t i = 0; i < n; i++) d[i] = (char)(p[i] | ((CLS(p[i]) & C_UP) << 2)); /* C_UP is 8: +32 */
    norm = (dy_str){d, (uint32_t)n};
  }
  c->tok[c->ntok++] = (dy_token){raw, norm, c->base ? (uint32_t)(p - c->base) : UINT32_MAX, 0, flags, 0};
  uint8_t k = kind & K_MASK;
  if (c->split && (k == K_TERM || k == K_ELL || k == K_ABBR_A)) c->pend = k;
}

/* ------------------------------------------------------------------ words */

/* Abbreviations that keep their period. T: never ends a sentence; A: may. */
typedef struct { const char *w; uint8_t n, kind; } abbr;
#define AB(w, k) {w, sizeof(w) - 1, k}
static const abbr ABBR[] = {
    AB("Mr", K_ABBR_T), AB("Mrs", K_ABBR_T), AB("Ms", K_ABBR_T), AB("Messrs", K_ABBR_T),
    AB("Dr", K_ABBR_T), AB("Gen", K_ABBR_T), AB("Gens", K_ABBR_T), AB("Lt", K_ABBR_T),
    AB("Col", K_ABBR_T), AB("Sen", K_ABBR_T), AB("Sens", K_ABBR_T), AB("Rep", K_ABBR_T),
    AB("Reps", K_ABBR_T), AB("Gov", K_ABBR_T), AB("Govs", K_ABBR_T), AB("Pres", K_ABBR_T),
    AB("Sgt", K_ABBR_T), AB("Capt", K_ABBR_T), AB("Maj", K_ABBR_T), AB("Adm", K_ABBR_T),
    AB("Prof", K_ABBR_T), AB("Rev", K_ABBR_T), AB("Hon", K_ABBR_T), AB("Cmdr", K_ABBR_T),
    AB("Brig", K_ABBR_T), AB("Cpl", K_ABBR_T), AB("Pvt", K_ABBR_T), AB("Amb", K_ABBR_T),
    AB("Atty", K_ABBR_T), AB("Supt", K_ABBR_T), AB("Insp", K_ABBR_T), AB("Det", K_ABBR_T),
    AB("Mt", K_ABBR_T), AB("Ft", K_ABBR_T), AB("St", K_ABBR_T), AB("Fr", K_ABBR_T),
    AB("Rt", K_ABBR_T), AB("Sec", K_ABBR_T), AB("Jan", K_ABBR_T), AB("Feb", K_ABBR_T),
    AB("Apr", K_ABBR_T), AB("Aug", K_ABBR_T), AB("Sep", K_ABBR_T), AB("Sept", K_ABBR_T),
    AB("Oct", K_ABBR_T), AB("Nov", K_ABBR_T), AB("Dec", K_ABBR_T), AB("vs", K_ABBR_T),
    AB("approx", K_ABBR_T), AB("No", K_ABBR_T), AB("Nos", K_ABBR_T), AB("e.g", K_ABBR_T),
    AB("i.e", K_ABBR_T), AB("cf", K_ABBR_T),
    AB("Inc", K_ABBR_A), AB("Corp", K_ABBR_A), AB("Co", K_ABBR_A), AB("Cos", K_ABBR_A),
    AB("Ltd", K_ABBR_A), AB("Bros", K_ABBR_A), AB("Jr", K_ABBR_A), AB("Sr", K_ABBR_A),
    AB("etc", K_ABBR_A), AB("Dept", K_ABBR_A), AB("Univ", K_ABBR_A), AB("Assn", K_ABBR_A),
    AB("Ave", K_ABBR_A), AB("Blvd", K_ABBR_A), AB("Ala", K_ABBR_A), AB("Ariz", K_ABBR_A),
    AB("Ark", K_ABBR_A), AB("Calif", K_ABBR_A), AB("Colo", K_ABBR_A), AB("Conn", K_ABBR_A),
    AB("Del", K_ABBR_A), AB("Fla", K_ABBR_A), AB("Ga", K_ABBR_A), AB("Ill", K_ABBR_A),
    AB("Ind", K_ABBR_A), AB("Kan", K_ABBR_A), AB("Kans", K_ABBR_A), AB("Ky", K_ABBR_A),
    AB("La", K_ABBR_A), AB("Md", K_ABBR_A), AB("Mass", K_ABBR_A), AB("Mich", K_ABBR_A),
    AB("Minn", K_ABBR_A), AB("Miss", K_ABBR_A), AB("Mo", K_ABBR_A), AB("Mont", K_ABBR_A),
    AB("Neb", K_ABBR_A), AB("Nev", K_ABBR_A), AB("Okla", K_ABBR_A), AB("Ore", K_ABBR_A),
    AB("Pa", K_ABBR_A), AB("Tenn", K_ABBR_A), AB("Tex", K_ABBR_A), AB("Va", K_ABBR_A),
    AB("Vt", K_ABBR_A), AB("Wash", K_ABBR_A), AB("Wis", K_ABBR_A), AB("Wyo", K_ABBR_A),
    {NULL, 0, 0}};

/* Entries by lower-cased first letter, built once: the lookup runs at every
 * word followed by a period, i.e. at nearly every sentence end. */
static uint8_t abbr_by_letter[26][24]; /* at most 13 share a letter now */
static uint8_t abbr_count[26];
static pthread_once_t abbr_once = PTHREAD_ONCE_INIT;

static void abbr_index(void) {
  for (size_t i = 0; ABBR[i].w; i++) {
    unsigned l = (unsigned)((ABBR[i].w[0] | 0x20) - 'a');
    if (l < 26 && abbr_count[l] < 24) abbr_by_letter[l][abbr_count[l]++] = (uint8_t)i;
  }
}

static int ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return 0;
  return 1;
}

/* Kind of the abbreviation p[0..n) followed by a period, or 0. An entry
 * written capitalised only matches capitalised text ("He was ill." is no
 * abbreviation); "No." only before a number. */
static uint8_t abbr_kind(const char *p, size_t n, const char *after, const char *e) {
  unsigned l = (unsigned)((p[0] | 0x20) - 'a');
  if (l >= 26) return 0;
  pthread_once(&abbr_once, abbr_index);
  for (unsigned i = 0; i < abbr_count[l]; i++) {
    const abbr *a = &ABBR[abbr_by_letter[l][i]];
    if (a->n != n || !ieq(a->w, p, n)) continue;
    if ((CLS(a->w[0]) & C_UP) && !(CLS(p[0]) & C_UP)) return 0;
    if (a->w[0] == 'N' && a->w[1] == 'o') {
      while (after < e && *after == ' ') after++;
      if (after >= e || !(CLS(*after) & C_DIG)) return 0;
    }
    return a->kind;
  }
  return 0;
}

static int is_upper_at(const char *p, const char *e) {
  if (CLS(*p) & C_UP) return 1;
  if (!(CLS(*p) & C_HIGH)) return 0;
  int32_t cp;
  decode(p, e, &cp);
  return (ucls(cp) & U_UPPER) != 0;
}

/* Emits the word p[0..n) (accumulated classes acc, splitter kind), split
 * into Penn Treebank pieces: clitics ("'s" "n't" "'re"...), "cannot".
 * Inlined into the scanner: measured 5% faster. */
static inline __attribute__((always_inline)) void emit_word(tk_ctx *c, const char *p, size_t n,
                                                            const char *apos, unsigned acc,
                                                            uint8_t kind, const char *e) {
  uint8_t flags = 0;
  if ((CLS(*p) & C_UP) || ((CLS(*p) & C_HIGH) && is_upper_at(p, e))) flags |= DY_TOK_CAP;
  if ((acc & C_DIG) && !(acc & (C_ALPHA | C_HIGH | C_USC | A_OTHER))) flags |= DY_TOK_NUMBER;
  size_t cut = 0; /* length of the first piece, 0 = no split */
  if (apos && kind == K_WORD) {
    const char *we = p + n;
    size_t alen = (*apos == '\'') ? 1 : (size_t)decode(apos, e, &(int32_t){0});
    const char *suf = apos + alen;
    size_t sl = (size_t)(we - suf);
    if (sl == 1 && ((suf[0] | 0x20) == 's' || (suf[0] | 0x20) == 'd' || (suf[0] | 0x20) == 'm'))
      cut = (size_t)(apos - p);
    else if (sl == 2 && (ieq(suf, "re", 2) || ieq(suf, "ve", 2) || ieq(suf, "ll", 2)))
      cut = (size_t)(apos - p);
    else if (sl == 1 && (suf[0] | 0x20) == 't' && apos - p >= 2 && (apos[-1] | 0x20) == 'n')
      cut = (size_t)(apos - 1 - p);
  } else if (((n - 5u) <= 1u) & (((p[0] | 0x20) == 'c') | ((p[0] | 0x20) == 'g') | ((p[0] | 0x20) == 'w'))) {
    /* bitwise tests: word lengths vary too much for branches to predict */
    if (n == 6 && ieq(p, "cannot", 6)) cut = 3;
    else if (n == 5 && (ieq(p, "gonna", 5) || ieq(p, "gotta", 5) || ieq(p, "wanna", 5))) cut = 3;
  }
  if (cut == 0 || cut >= n) { add(c, p, n, acc, flags, kind); return; }
  add(c, p, cut, acc, flags, K_WORD);
  add(c, p + cut, n - cut, acc, is_upper_at(p + cut, e) ? DY_TOK_CAP : 0, kind);
}

/* A URL (http://, https://, www.) runs to white space; trailing sentence
 * punctuation is not part of it. Returns its end or NULL. */
static const char *url_end(const char *p, const char *e) {
  size_t left = (size_t)(e - p);
  int ok = (left > 7 && ieq(p, "http://", 7)) || (left > 8 && ieq(p, "https://", 8)) ||
           (left > 4 && ieq(p, "www.", 4));
  if (!ok) return NULL;
  const char *q = p;
  while (q < e && !(CLS(*q) & (C_SP | C_NL | C_HIGH)) && *q != '"' && *q != '<' && *q != '>') q++;
  while (q > p && strchr(".,;:!?')]", *(q - 1)) && *(q - 1)) q--;
  return q - p > 4 ? q : NULL;
}

/* Skips word characters [A-Za-z0-9_] from q, adding their classes to *acc.
 * With SSE2, sixteen bytes at a time: the loop over single bytes is a chain
 * of dependent loads and was the largest cost of the scanner. */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline __m128i in_range(__m128i v, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}
#endif

static inline const char *skip_word_chars(const char *q, const char *e, unsigned *acc) {
#if defined(__SSE2__)
  while (e - q >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i lo = in_range(v, 'a', 'z'), us = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    __m128i up = in_range(v, 'A', 'Z'), dg = in_range(v, '0', '9');
    unsigned mlo = (unsigned)_mm_movemask_epi8(lo), mup = (unsigned)_mm_movemask_epi8(up),
             mdg = (unsigned)_mm_movemask_epi8(dg), mus = (unsigned)_mm_movemask_epi8(us);
    unsigned run = (unsigned)__builtin_ctz(~(mlo | mup | mdg | mus));
    unsigned pre = (1u << run) - 1;
    /* C_USC as the byte loop below sets it: an underscore splits the word */
    *acc |= (mlo & pre ? C_LOW : 0) | (mup & pre ? C_UP : 0) | (mdg & pre ? C_DIG : 0) | (mus & pre ? C_USC : 0);
    q += run;
    if (run < 16) return q;
  }
#endif
  while (q < e && (CLS(*q) & C_WORD)) *acc |= CLS(*q++);
  return q;
}

/* "Dol_Amroth", "New_York": PETRARCH's texts join the words of a name with
 * underscores, and their parses (and the dictionaries' phrases) have the
 * words apart; so an underscore between words splits the token, and the
 * underscores themselves are dropped like white space. Not in e-mail
 * addresses or paths ('@', '/'), nor in abbreviations. Each piece gets
 * the classes of its own bytes; a clitic stays on the last piece. */
static void emit_underscored(tk_ctx *c, const char *s, size_t n, const char *apos, const char *e) {
  const char *we = s + n, *p = s;
  while (p < we) {
    while (p < we && *p == '_') p++;
    const char *q = p;
    unsigned acc = 0;
    while (q < we && *q != '_') {
      uint8_t k = CLS(*q);
      acc |= (k & C_PUN) ? ((*q == '.' || *q == ',' || *q == ':') ? A_NUMPUNCT : A_OTHER) : k;
      q++;
    }
    if (q > p) emit_word(c, p, (size_t)(q - p), apos > p && apos < q ? apos : NULL, acc, K_WORD, e);
    p = q;
  }
}

/* Scans a word from p (a letter or digit, or an apostrophe before digits
 * as in "'90s"; scan is where the loop starts). Joins: decimals and
 * thousands ("3.5" "1,393"), dotted abbreviations ("U.S."), hyphens
 * ("al-Assad"), apostrophes before letters ("O'Brien", "didn't"), "AT&T",
 * "and/or", "10:30", e-mail addresses. */
static const char *scan_word(tk_ctx *c, const char *p, const char *scan, const char *e) {
  const char *s = p, *q = scan, *apos = NULL, *hy = NULL; /* hy: after the last hyphen */
  unsigned acc = (scan > p) ? A_OTHER : 0;
  /* "ht..." or "ww...": most words starting with h or w ("has", "was") are out on the second letter */
  const char *url = e - p > 4 && (((*p | 0x20) == 'h' && (p[1] | 0x20) == 't') || ((*p | 0x20) == 'w' && (p[1] | 0x20) == 'w'))
                        ? url_end(p, e) : NULL;
  if (url) {
    for (q = p; q < url; q++) acc |= CLS(*q);
    emit_word(c, p, (size_t)(url - p), NULL, acc | A_OTHER, K_WORD, e);
    return url;
  }
  int dots = 0;
  size_t maxseg = 0;
  const char *seg = s;
  uint8_t kind = K_WORD;
again:
  for (;;) {
    q = skip_word_chars(q, e, &acc);
    if (q >= e) break;
    uint8_t ch = (uint8_t)*q;
    if (ch >= 0x80) {
      int32_t cp;
      int n = decode(q, e, &cp);
      int u = ucls(cp);
      if (u & U_WORD) { acc |= C_HIGH; q += n; continue; }
      if (u == U_APOS && q > s && letter_at(q + n, e)) { apos = q; acc |= C_HIGH | A_OTHER; q += n; continue; }
      if (u == U_HYPH && wordch_at(q + n, e)) { acc |= C_HIGH | A_OTHER; q += n; continue; }
      break;
    }
    if (!(CLS(ch) & C_PUN)) break; /* white space: the usual end */
    uint8_t nx = q + 1 < e ? CLS(q[1]) : 0, pv = CLS(q[-1]);
    unsigned add_acc = 0;
    switch (ch) {
    case '.':
      if (!(nx & C_ALNUM)) goto done;
      /* joins "3.5", "google.com", "e.g" and "U.S" (a short part, then one
       * letter), not "end.The" (a missing space) */
      if (!(((pv & C_DIG) && (nx & C_DIG)) || (nx & C_LOW) ||
            (q - seg <= 3 && (nx & C_UP) && !(q + 2 < e && (CLS(q[2]) & C_ALNUM)))))
        goto done;
      if ((size_t)(q - seg) > maxseg) maxseg = (size_t)(q - seg);
      seg = q + 1;
      dots = 1;
      add_acc = A_NUMPUNCT;
      break;
    case ',':
      if (!((pv & C_DIG) && (nx & C_DIG))) goto done;
      add_acc = A_NUMPUNCT;
      break;
    case ':':
      if (!((pv & C_DIG) && (nx & C_DIG))) goto done;
      add_acc = A_NUMPUNCT;
      break;
    case '/':
      if (!(nx & C_ALNUM)) goto done;
      add_acc = A_NUMPUNCT;
      break;
    case '-':
      /* "anti- Gondor", "pre- and post-war": PTB keeps the hyphen */
      if (q + 2 < e && (nx & C_SP) && (acc & C_ALPHA) && !(acc & (C_DIG | A_OTHER)) &&
          (CLS(q[2]) & C_ALPHA)) {
        q++;
        goto done;
      }
      if (!wordch_at(q + 1, e)) goto done;
      hy = q + 1;
      add_acc = A_OTHER;
      break;
    case '\'':
      if (!letter_at(q + 1, e)) goto done;
      apos = q;
      add_acc = A_OTHER;
      break;
    case '&':
      if (!((pv & C_UP) && (nx & C_UP))) goto done;
      add_acc = A_OTHER;
      break;
    case '@':
      if (!(nx & C_ALNUM)) goto done;
      add_acc = A_OTHER;
      break;
    default:
      goto done;
    }
    acc |= add_acc;
    q++;
  }
done:
  /* A period right after the word: keep it for abbreviations and initials. */
  if (q < e && *q == '.' && kind == K_WORD && !(q + 1 < e && q[1] == '.')) {
    size_t wl = (size_t)(q - s);
    if ((size_t)(q - seg) > maxseg) maxseg = (size_t)(q - seg);
    uint8_t k = 0;
    if (dots && (acc & C_ALPHA) && !(acc & (C_DIG | C_HIGH | A_OTHER)) && maxseg <= 3)
      k = abbr_kind(s, wl, q + 1, e) ? K_ABBR_T : K_ABBR_A;
    else if (wl == 1 && (acc & C_UP))
      k = K_ABBR_A; /* an initial: "George W. Bush" */
    else if (!(acc & (C_DIG | C_HIGH | A_OTHER | A_NUMPUNCT)) && wl <= 6 && !apos)
      k = abbr_kind(s, wl, q + 1, e);
    else if (hy && !apos && !(acc & (C_DIG | C_HIGH | A_NUMPUNCT)) && q - hy <= 6)
      k = abbr_kind(hy, (size_t)(q - hy), q + 1, e); /* "R-Ariz." */
    if (k) {
      q++;
      kind = k;
      /* "U.S.-led" stays one word. */
      if (q + 1 < e && *q == '-' && (CLS(q[1]) & C_ALNUM)) {
        kind = K_WORD;
        acc |= A_OTHER;
        q++;
        goto again;
      }
    }
  }
  if ((acc & C_USC) && kind == K_WORD && !memchr(s, '@', (size_t)(q - s)) && !memchr(s, '/', (size_t)(q - s))) {
    emit_underscored(c, s, (size_t)(q - s), apos, e);
    return q;
  }
  emit_word(c, s, (size_t)(q - s), apos, acc, kind, e);
  return q;
}

/* ------------------------------------------------------------ punctuation */

static int is_space_before(const tk_ctx *c, const char *p) {
  return p == c->lsrc || (CLS(p[-1]) & (C_SP | C_NL));
}

/* Opening or closing straight double quote: after white space or an
 * opening bracket it opens; before white space or punctuation it closes;
 * between two words the current quotation state decides. */
static uint8_t dquote_kind(const tk_ctx *c, const char *p, const char *e) {
  if (is_space_before(c, p) || p[-1] == '(' || p[-1] == '[') return K_OPEN | K_DQ;
  if (p + 1 >= e || !wordch_at(p + 1, e)) return K_CLOSE | K_DQ;
  return c->quoted ? (K_CLOSE | K_DQ) : (K_OPEN | K_DQ);
}

static const char *run_of(const char *p, const char *e, char ch) {
  while (p < e && *p == ch) p++;
  return p;
}

/* Length of a clitic "'s" "'re" "'ve" "'ll" "'d" "'m" at p (on an
 * apostrophe) that ends there, or 0: "Corp.'s" -> "Corp." "'s". */
static size_t clitic_len(const char *p, const char *e) {
  static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m"};
  for (size_t i = 0; i < 6; i++) {
    size_t k = strlen(cl[i]);
    if ((size_t)(e - p) > k && ieq(p + 1, cl[i], k) && (p + 1 + k == e || !letter_at(p + 1 + k, e)))
      return k + 1;
  }
  return 0;
}

static const char *scan_punct(tk_ctx *c, const char *p, const char *e) {
  const char *q = p + 1;
  size_t k;
  uint8_t kind = K_OTHER;
  unsigned acc = 0;
  switch (*p) {
  case '.':
    q = run_of(p, e, '.');
    kind = q - p == 1 ? K_TERM : K_ELL;
    break;
  case '?': case '!':
    while (q < e && (*q == '?' || *q == '!')) q++;
    kind = K_TERM;
    break;
  case '"':
    kind = dquote_kind(c, p, e);
    break;
  case '`':
    q = run_of(p, e, '`');
    kind = q - p >= 2 ? K_OPEN | K_DQ : K_OPEN;
    break;
  case '\'':
    if (q < e && *q == '\'') { q++; kind = K_CLOSE | K_DQ; break; }
    if (is_space_before(c, p) && q < e && (CLS(*q) & C_DIG)) return scan_word(c, p, q, e);
    if (!is_space_before(c, p) && (q - p == 1) && (k = clitic_len(p, e)) > 0) {
      add(c, p, k, CLS(p[1]) | CLS(p[k - 1]), 0, K_WORD);
      return p + k;
    }
    kind = is_space_before(c, p) ? K_OPEN : K_CLOSE;
    break;
  case '(': case '[': case '{': kind = K_OPEN; break;
  case ')': case ']': case '}': kind = K_CLOSE; break;
  case '-':
    q = run_of(p, e, '-');
    break;
  case '@': case '#':
    if (q < e && (CLS(*q) & C_WORD)) { /* @handle, #hashtag */
      while (q < e && (CLS(*q) & C_WORD)) acc |= CLS(*q++);
      emit_word(c, p, (size_t)(q - p), NULL, acc | A_OTHER, K_WORD, e);
      return q;
    }
    break;
  default:
    break;
  }
  add(c, p, (size_t)(q - p), 0, DY_TOK_PUNCT, kind);
  return q;
}

/* A byte >= 0x80 at a token start. */
static const char *scan_high(tk_ctx *c, const char *p, const char *e) {
  int32_t cp;
  int n = decode(p, e, &cp);
  int u = ucls(cp);
  if (u & U_WORD) return scan_word(c, p, p, e);
  if (u == U_SPACE) return p + n;
  if (u == U_PARA) { c->para_next = 1; return p + n; }
  const char *q = p + n;
  uint8_t kind = K_OTHER;
  switch (cp) {
  case 0x201C: case 0x201E: case 0x00AB: kind = K_OPEN | K_DQ; break;
  case 0x201D: case 0x00BB: kind = K_CLOSE | K_DQ; break;
  case 0x2018: case 0x201A: kind = K_OPEN; break;
  case 0x2019: kind = is_space_before(c, p) ? K_OPEN : K_CLOSE; break;
  case 0x2026: kind = K_ELL; break;
  case 0x2013: case 0x2014: case 0x2015: /* a run of dashes is one token */
    while (q + 3 <= e && (uint8_t)q[0] == 0xE2 && (uint8_t)q[1] == 0x80 &&
           (uint8_t)q[2] >= 0x93 && (uint8_t)q[2] <= 0x95)
      q += 3;
    break;
  default: break;
  }
  add(c, p, (size_t)(q - p), C_HIGH, DY_TOK_PUNCT, kind);
  return q;
}

/* ---------------------------------------------------------------- driver */

static void scan(tk_ctx *c, const char *p, const char *e) {
  c->lsrc = p;
  c->lsrc_n = (size_t)(e - p);
  c->low = NULL;
  while (p < e) {
    if (p == c->skip_at) {
      p = c->skip_to;
      c->break_next = 1;
      continue;
    }
    uint8_t k = CLS(*p);
    if (k & C_WORD) {
      p = scan_word(c, p, p, e);
    } else if (k & (C_SP | C_NL)) {
      int nl = 0;
      do {
        nl += (k & C_NL) != 0;
        if (++p >= e) break;
        k = CLS(*p);
      } while (k & (C_SP | C_NL));
      if (nl >= 2) c->para_next = 1;
    } else if (k & C_HIGH) {
      p = scan_high(c, p, e);
    } else {
      p = scan_punct(c, p, e);
    }
  }
}

static void ctx_init(tk_ctx *c, dy_arena *a, const char *base, size_t size_hint, int split) {
  memset(c, 0, sizeof *c);
  c->a = a;
  c->base = base;
  c->split = split;
  /* News averages five to six bytes a token; start near that so that
   * the array rarely has to move. */
  uint32_t cap = (uint32_t)(size_hint / 5 + 16);
  if (size_hint > 64u << 20) cap = 1u << 22;
  c->tok = dy_arena_alloc_raw(a, (size_t)cap * sizeof(dy_token)); /* tokens are written whole */
  c->tcap = cap;
}

/* Sets each sentence's token pointer (tokens are contiguous, in order). */
static void ctx_finish(tk_ctx *c) {
  if (c->split) sent_close(c);
  uint32_t at = 0;
  for (uint32_t i = 0; i < c->nsent; i++) {
    c->sent[i].tok = c->sent[i].ntok ? c->tok + at : NULL;
    at += c->sent[i].ntok;
  }
}

dy_token *dy_text_tokenize(dy_arena *a, const char *p, size_t n, const char *base,
                           uint32_t *ntok) {
  tk_ctx c;
  ctx_init(&c, a, base, n, 0);
  scan(&c, p, p + n);
  *ntok = c.ntok;
  return c.ntok ? c.tok : NULL;
}

dy_sentence *dy_text_split(dy_arena *a, const char *p, size_t n, const char *base,
                           uint32_t first_paragraph, uint32_t *nsent) {
  tk_ctx c;
  ctx_init(&c, a, base, n, 1);
  c.para = first_paragraph;
  scan(&c, p, p + n);
  ctx_finish(&c);
  *nsent = c.nsent;
  return c.nsent ? c.sent : NULL;
}

/* ------------------------------------------------------ dy_text_prepare */

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

/* Finds the dateline: at the story start, or at the start of the second
 * paragraph when the first is a short headline (no final . ? !). Sets
 * *start and returns the end offset, 0 when there is none. */
static size_t find_dateline(const char *t, size_t n, size_t *start) {
  size_t i = 0;
  while (i < n && is_blank(t[i])) i++;
  size_t d = dy_text_dateline(t + i, n - i);
  if (d) { *start = i; return i + d; }
  /* the headline: up to the first blank line, within 200 bytes */
  size_t h = i, last = i;
  for (; h < n && h < i + 200; h++) {
    if (t[h] == '\n') {
      size_t k = h + 1;
      while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r')) k++;
      if (k < n && t[k] == '\n') break;
    } else if (!is_blank(t[h])) {
      last = h;
    }
  }
  if (h >= n || h >= i + 200 || h == i) return 0;
  if (t[last] == '.' || t[last] == '?' || t[last] == '!') return 0;
  while (h < n && is_blank(t[h])) h++;
  d = dy_text_dateline(t + h, n - h);
  if (!d) return 0;
  *start = h;
  return h + d;
}

/* Tokenises the sentences a reader set, in one token array. Spans into the
 * original story text are moved to the repaired text when bytes were
 * replaced; spans elsewhere are validated (and repaired) on their own. */
/* Moves the preset sentence spans that lie in the original text to the
 * repaired text, mapping all their ends in one pass over the text. */
typedef struct { size_t off; uint32_t sent; uint8_t end; } span_end;

static int span_end_cmp(const void *a, const void *b) {
  const span_end *x = a, *y = b;
  return x->off < y->off ? -1 : x->off > y->off;
}

static void remap_preset(dy_story *s, const char *old, size_t oldlen) {
  span_end *v = dy_xmalloc(2 * (size_t)s->nsent * sizeof *v + 1);
  size_t *off = dy_xmalloc(2 * (size_t)s->nsent * sizeof *off + 1);
  size_t n = 0;
  for (uint32_t i = 0; i < s->nsent; i++) {
    dy_str t = s->sent[i].text;
    if (!t.p || t.p < old || t.p + t.n > old + oldlen) continue;
    v[n++] = (span_end){(size_t)(t.p - old), i, 0};
    v[n++] = (span_end){(size_t)(t.p - old) + t.n, i, 1};
  }
  qsort(v, n, sizeof *v, span_end_cmp);
  for (size_t j = 0; j < n; j++) off[j] = v[j].off;
  dy_utf8_repaired_offsets(old, oldlen, off, n);
  for (size_t j = 0; j < n; j++) v[j].off = off[j];
  /* starts first, then ends: a span's end needs its new start */
  for (size_t j = 0; j < n; j++)
    if (!v[j].end) s->sent[v[j].sent].text.p = s->text + v[j].off;
  for (size_t j = 0; j < n; j++)
    if (v[j].end) {
      dy_str *t = &s->sent[v[j].sent].text;
      t->n = (uint32_t)(s->text + v[j].off - t->p);
    }
  free(v);
  free(off);
}

static void prepare_preset(dy_story *s, const char *old, size_t oldlen, size_t nbad) {
  if (nbad && old) remap_preset(s, old, oldlen);
  size_t total = 0;
  for (uint32_t i = 0; i < s->nsent; i++) total += s->sent[i].text.n;
  tk_ctx c;
  ctx_init(&c, s->arena, s->text, total, 0);
  size_t sbad = 0, sbad_at = 0; /* invalid UTF-8 in sentences outside the story text */
  uint32_t sbad_sent = 0;
  for (uint32_t i = 0; i < s->nsent; i++) {
    dy_sentence *st = &s->sent[i];
    dy_str t = st->text;
    uint32_t first = c.ntok;
    st->ntok = 0;
    if (t.p == NULL || t.n == 0) continue;
    if (t.p >= s->text && t.p + t.n <= s->text + s->len) {
      c.base = s->text; /* (moved to the repaired text already) */
    } else {
      size_t bad_at, nb = dy_utf8_validate(t.p, t.n, &bad_at);
      if (nb) {
        if (sbad == 0) sbad_sent = i, sbad_at = bad_at;
        sbad += nb;
        size_t nl;
        const char *r = dy_utf8_repair(s->arena, t.p, t.n, &nl);
        t = (dy_str){r, (uint32_t)nl};
      }
      c.base = NULL;
    }
    st->text = t;
    c.quoted = 0;
    scan(&c, t.p, t.p + t.n);
    st->ntok = c.ntok - first;
    if (st->ntok && (i == 0 || st->paragraph != s->sent[i - 1].paragraph))
      c.tok[first].flags |= DY_TOK_PARA;
  }
  if (sbad == 1)
    dy_diag(DY_ERROR, s->origin, s->line, "invalid UTF-8 at byte offset %zu of sentence %u (replaced)",
            sbad_at, sbad_sent + 1);
  else if (sbad > 1)
    dy_diag(DY_ERROR, s->origin, s->line,
            "invalid UTF-8 at byte offset %zu of sentence %u (replaced), and %zu more invalid sequences",
            sbad_at, sbad_sent + 1, sbad - 1);
  c.sent = s->sent;
  c.nsent = s->nsent;
  ctx_finish(&c);
}

int dy_text_prepare(dy_story *s) {
  if (s == NULL || s->arena == NULL) return -1;
  if (s->text == NULL && s->len > 0) {
    dy_diag(DY_ERROR, s->origin, s->line, "story %s has no text buffer", s->id ? s->id : "");
    return -1;
  }
  if (s->len >= UINT32_MAX) {
    dy_diag(DY_ERROR, s->origin, s->line, "story of %zu bytes is too long (limit 4 GiB)", s->len);
    return -1;
  }
  const char *old = s->text;
  size_t oldlen = s->len;
  if (s->text == NULL) s->text = "";
  size_t first_bad, nbad = dy_utf8_validate(s->text, s->len, &first_bad);
  if (nbad) {
    if (nbad == 1)
      dy_diag(DY_ERROR, s->origin, s->line, "invalid UTF-8 at byte offset %zu (replaced)",
              first_bad);
    else
      dy_diag(DY_ERROR, s->origin, s->line,
              "invalid UTF-8 at byte offset %zu (replaced), and %zu more invalid sequences",
              first_bad, nbad - 1);
    size_t nl;
    s->text = dy_utf8_repair(s->arena, old, oldlen, &nl);
    s->len = nl;
  }
  if (s->nsent > 0) {
    prepare_preset(s, old, oldlen, nbad);
    return 0;
  }
  tk_ctx c;
  ctx_init(&c, s->arena, s->text, s->len, 1);
  size_t dl_start = 0, dl_end = find_dateline(s->text, s->len, &dl_start);
  if (dl_end) {
    s->dateline = (dy_str){s->text + dl_start, (uint32_t)(dl_end - dl_start)};
    c.skip_at = s->text + dl_start;
    c.skip_to = s->text + dl_end;
  }
  scan(&c, s->text, s->text + s->len);
  ctx_finish(&c);
  s->sent = c.sent;
  s->nsent = c.nsent;
  return 0;
}
