/*
 * core.h — the structures every stage of dyad shares, and the small
 * utilities they all need (arena, diagnostics, dates, strings).
 *
 * Data flows one way:
 *
 *   ingest (stories) -> text (sentences, tokens) -> analysis (tags, phrase
 *   structure, or a given Penn tree) -> coder (events) -> storypass
 *   (pronouns, quotes, dates, dedup) -> output / store
 *
 * Ownership rule (stated once, here): everything that belongs to one story
 * — its text buffer, sentences, tokens, nodes, events, strings — is
 * allocated from the story's arena and freed in one call, dy_story_free().
 * Spans (dy_str) never own memory; they point into a buffer that lives at
 * least as long as the story (the story text, the given parse, or the arena).
 */
#ifndef DYAD_CORE_H
#define DYAD_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DYAD_VERSION "0.1.0"

/* ---------------------------------------------------------------- spans */

/* A non-owning slice of bytes. Not NUL-terminated in general. */
typedef struct dy_str {
  const char *p;
  uint32_t n;
} dy_str;

#define DY_STR_LIT(s) ((dy_str){(s), (uint32_t)(sizeof(s) - 1)})
dy_str dy_str_c(const char *s);                 /* from a C string */
int dy_str_eq(dy_str a, dy_str b);              /* byte-equal */
int dy_str_eq_c(dy_str a, const char *s);       /* byte-equal to C string */

/* ---------------------------------------------------------------- arena */

/* Bump allocator for per-story data. Allocations are 16-byte aligned and
 * zero-filled; they are freed all at once by reset or free. Allocation
 * failure aborts with a message (an out-of-memory story cannot be coded and
 * continuing would only corrupt output). */
typedef struct dy_arena dy_arena;

dy_arena *dy_arena_new(void);
void *dy_arena_alloc(dy_arena *a, size_t size);
/* As dy_arena_alloc but not zero-filled: for memory the caller writes
 * whole before reading it (token arrays, byte copies), where the fill is
 * pure cost (it was 1% of coding raw text). */
void *dy_arena_alloc_raw(dy_arena *a, size_t size);
/* Grows the most recent allocation `p` (of old_size bytes) to new_size,
 * in place when possible; otherwise copies. Returns the new pointer. */
void *dy_arena_grow(dy_arena *a, void *p, size_t old_size, size_t new_size);
char *dy_arena_strndup(dy_arena *a, const char *s, size_t n); /* NUL-terminated copy */
dy_str dy_arena_str(dy_arena *a, const char *s, size_t n);    /* copy as span (also NUL-terminated) */
char *dy_arena_printf(dy_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t dy_arena_used(const dy_arena *a);
void dy_arena_reset(dy_arena *a);   /* frees all but the first chunk */
void dy_arena_free(dy_arena **a);   /* frees everything, sets *a = NULL */

/* Like malloc/realloc/calloc, but abort with a message on failure. For
 * long-lived data (dictionaries, writers), not per-story data. */
void *dy_xmalloc(size_t n);
void *dy_xcalloc(size_t n, size_t size);
void *dy_xrealloc(void *p, size_t n);
char *dy_xstrdup(const char *s);

/* ---------------------------------------------------------- diagnostics */

/* All user-facing problems go through here so that they share one shape:
 *   dyad: FILE:LINE: error: what is wrong
 * (LINE omitted when 0; FILE may name a record, e.g. "x.jsonl:12"). The
 * counters let the CLI print its summary and choose the exit status. */
typedef enum { DY_NOTE, DY_WARNING, DY_ERROR } dy_severity;

void dy_diag(dy_severity sev, const char *where, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void dy_vdiag(dy_severity sev, const char *where, long line, const char *fmt, va_list ap);
long dy_diag_count(dy_severity sev);
void dy_diag_reset(void);
/* Redirects diagnostics (default stderr); tests use it to capture them. */
void dy_diag_set_stream(FILE *f);
/* Silences warnings and notes (errors still print). */
void dy_diag_set_quiet(int quiet);

/* ----------------------------------------------------------------- dates */

/* Dates are int32 YYYYMMDD; 0 means unknown. */
typedef int32_t dy_date;

/* Parses "YYYY-MM-DD" or "YYYYMMDD" (exactly n bytes); checks the calendar.
 * Returns 0 on success, -1 when malformed. */
int dy_date_parse(const char *s, size_t n, dy_date *out);
/* Writes "YYYY-MM-DD" + NUL into buf (>= 11 bytes). */
void dy_date_format(dy_date d, char buf[11]);
int dy_date_valid(dy_date d);
/* Days since 1970-01-01 and back; day of week 0 = Monday .. 6 = Sunday. */
int32_t dy_date_to_days(dy_date d);
dy_date dy_date_from_days(int32_t days);
dy_date dy_date_add_days(dy_date d, int32_t days);
int dy_date_weekday(dy_date d);

/* --------------------------------------------------------- Penn tags */

/* Penn Treebank part-of-speech tags. X-macro: (enum name, string). */
#define DY_TAG_LIST(M)                                                          \
  M(NONE, "")  M(CC, "CC") M(CD, "CD") M(DT, "DT") M(EX, "EX") M(FW, "FW")      \
  M(IN, "IN") M(JJ, "JJ") M(JJR, "JJR") M(JJS, "JJS") M(LS, "LS") M(MD, "MD")   \
  M(NN, "NN") M(NNS, "NNS") M(NNP, "NNP") M(NNPS, "NNPS") M(PDT, "PDT")         \
  M(POS, "POS") M(PRP, "PRP") M(PRPS, "PRP$") M(RB, "RB") M(RBR, "RBR")         \
  M(RBS, "RBS") M(RP, "RP") M(SYM, "SYM") M(TO, "TO") M(UH, "UH") M(VB, "VB")   \
  M(VBD, "VBD") M(VBG, "VBG") M(VBN, "VBN") M(VBP, "VBP") M(VBZ, "VBZ")         \
  M(WDT, "WDT") M(WP, "WP") M(WPS, "WP$") M(WRB, "WRB")                        \
  M(COMMA, ",") M(PERIOD, ".") M(COLON, ":") M(LQUOTE, "``")                    \
  M(RQUOTE, "''") M(LRB, "-LRB-") M(RRB, "-RRB-") M(HASH, "#") M(DOLLAR, "$")
typedef enum {
#define DY_TAG_ENUM(name, str) DY_TAG_##name,
  DY_TAG_LIST(DY_TAG_ENUM)
#undef DY_TAG_ENUM
  DY_TAG__COUNT
} dy_tag;
const char *dy_tag_name(dy_tag t);
dy_tag dy_tag_from(const char *s, size_t n); /* DY_TAG_NONE when unknown */

/* Phrase labels (Penn Treebank constituents). */
#define DY_LABEL_LIST(M)                                                        \
  M(NONE, "") M(ROOT, "ROOT") M(S, "S") M(SBAR, "SBAR") M(SBARQ, "SBARQ")       \
  M(SINV, "SINV") M(SQ, "SQ") M(NP, "NP") M(VP, "VP") M(PP, "PP")               \
  M(ADJP, "ADJP") M(ADVP, "ADVP") M(PRT, "PRT") M(QP, "QP") M(WHNP, "WHNP")     \
  M(WHADVP, "WHADVP") M(WHPP, "WHPP") M(WHADJP, "WHADJP") M(CONJP, "CONJP")     \
  M(FRAG, "FRAG") M(INTJ, "INTJ") M(LST, "LST") M(NAC, "NAC") M(NX, "NX")       \
  M(PRN, "PRN") M(RRC, "RRC") M(UCP, "UCP") M(X, "X") M(TOK, "TOK")
typedef enum {
#define DY_LABEL_ENUM(name, str) DY_LABEL_##name,
  DY_LABEL_LIST(DY_LABEL_ENUM)
#undef DY_LABEL_ENUM
  DY_LABEL__COUNT
} dy_label;
const char *dy_label_name(dy_label l);
dy_label dy_label_from(const char *s, size_t n); /* DY_LABEL_X when unknown */

/* ---------------------------------------------- the per-sentence structure */

enum dy_token_flags {
  DY_TOK_CAP = 1 << 0,     /* first letter upper case in the original */
  DY_TOK_PUNCT = 1 << 1,   /* punctuation only */
  DY_TOK_NUMBER = 1 << 2,  /* digits, possibly with , . */
  DY_TOK_PARA = 1 << 3,    /* first token of a paragraph */
  DY_TOK_QUOTED = 1 << 4,  /* inside a quotation */
};

typedef struct dy_token {
  dy_str raw;       /* the token as written (span into story text or parse) */
  dy_str norm;      /* form for matching: NFC, punctuation folded, case folded */
  uint32_t off;     /* byte offset of raw in the story text (UINT32_MAX if none) */
  uint8_t tag;      /* dy_tag */
  uint8_t flags;    /* dy_token_flags */
  uint16_t wclass;  /* analysis stage: the tagger leaves dy_word_class(norm) | DY_W_SET
                     * here where it knows it exactly (analysis.h); 0 = not known */
} dy_token;

enum dy_node_flags {
  DY_NODE_PASSIVE = 1 << 0, /* VP in passive voice */
  DY_NODE_NEGATED = 1 << 1, /* VP negated ("did not attack") */
  DY_NODE_COORD = 1 << 2,   /* coordination of siblings ("A and B") */
  DY_NODE_QUOTE = 1 << 3,   /* clause inside a quotation */
};

/* A constituent. Nodes form a tree stored in an array: node 0 is the root
 * when nnode > 0; children are linked first-child / next-sibling. A
 * preterminal (the node over one token) has label DY_LABEL_TOK. */
typedef struct dy_node {
  uint8_t label;      /* dy_label */
  uint8_t flags;      /* dy_node_flags */
  uint16_t depth;
  int32_t parent;     /* -1 for the root */
  int32_t child;      /* first child, -1 if none */
  int32_t next;       /* next sibling, -1 if none */
  uint32_t first;     /* token range [first, last) */
  uint32_t last;
  int32_t head;       /* head token index, -1 if unknown */
} dy_node;

typedef struct dy_sentence {
  dy_str text;        /* the sentence in the story text */
  dy_str id;          /* record id from the input (PETRARCH XML), or empty */
  dy_str parse;       /* a given Penn Treebank parse, or empty */
  dy_date date;       /* the record's own date, 0 = the story's */
  uint32_t paragraph; /* paragraph index within the story, from 0 */
  dy_token *tok;
  uint32_t ntok;
  dy_node *node;
  uint32_t nnode;
} dy_sentence;

/* A pass-through field from the input (e.g. source, url, title of a JSONL
 * story). value_json is the JSON encoding of the value, ready to copy. */
typedef struct dy_field {
  dy_str name;
  dy_str value_json;
} dy_field;

/* One event: who did what to whom, when. */
typedef struct dy_event {
  uint32_t sentence;      /* index in the story */
  dy_date date;           /* the event's own date, 0 = unknown */
  char source[32];        /* CAMEO actor code, "" never */
  char target[32];        /* "" means null target */
  char code[8];           /* CAMEO event code, e.g. "051" */
  dy_str source_text;     /* the words the source was recognised from */
  dy_str target_text;
  dy_str verb_text;       /* the verb (group) that triggered the event */
  const char *rule;       /* which rule produced it (for --explain); static or arena */
  const char *issues;     /* issue codes, ";"-separated, or NULL */
} dy_event;

typedef struct dy_story {
  const char *id;         /* story id (file name, JSON id, record prefix) */
  dy_date date;           /* story date, 0 = unknown */
  const char *origin;     /* file (or "-") the story came from */
  long line;              /* line/record number in origin, 0 if not meaningful */
  const char *text;       /* the story text, NUL-terminated; valid UTF-8 once the
                             text front end has run (it replaces bad bytes) */
  size_t len;
  dy_field *fields;
  uint32_t nfields;
  dy_str dateline;        /* "SOCHI, Russia (AP) --" when the front end finds one */
  dy_sentence *sent;      /* set by the reader (PETRARCH XML) or the text front end */
  uint32_t nsent;
  dy_event *ev;           /* set by the coder and the story pass */
  uint32_t nev;
  dy_arena *arena;        /* owns everything above */
} dy_story;

dy_story *dy_story_new(void);        /* with a fresh arena */
void dy_story_free(dy_story **s);    /* frees the arena and the story */
/* Appends an event (arena storage, amortised growth); returns it zeroed. */
dy_event *dy_story_add_event(dy_story *s);

/* ------------------------------------------------------------- folding */

/* The one normalisation used for matching, shared by the text front end
 * (token.norm) and the dictionaries (phrase words), so both sides agree:
 * Unicode NFC + case folding (utf8proc), then typographic punctuation
 * folded to ASCII: curly quotes -> ' or ", dashes -> -, non-breaking and
 * other Unicode spaces -> ' '. Input must be valid UTF-8. Returns the folded
 * bytes (NUL-terminated) in the arena, or the input span itself when folding
 * changes nothing (the common case, no copy). */
dy_str dy_fold(dy_arena *a, const char *s, size_t n);

/* -------------------------------------------------------------- hashing */

/* 64-bit FNV-1a; stable across platforms and builds (event ids rely on it). */
uint64_t dy_hash64(const void *p, size_t n, uint64_t seed);
#define DY_HASH_SEED 0xcbf29ce484222325ULL

#endif
