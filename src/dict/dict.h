/*
 * dict.h — PETRARCH/TABARI dictionaries: readers, one compiled image, and
 * the phrase lookups the coder runs over token spans.
 *
 * One representation. Text dictionaries are parsed into a builder, and the
 * builder always produces the compiled image (the same bytes `dyad dict
 * compile` writes). Every lookup runs over that image, whether it was built
 * from text a moment ago, mmap'ed from a file or embedded in the binary, so
 * there is one code path to test and loading a compiled image needs no
 * parsing. The image holds position-independent offsets only; it is
 * bounds-checked once at load (every offset, range and string), never
 * afterwards.
 *
 * Words. Every dictionary word is folded with dy_fold (core.h), the same
 * function that makes dy_token.norm, and lookups compare token.norm with the
 * folded words byte for byte. "_" and " " both separate words (PETRARCH2
 * treats them alike for actors and agents: consecutive words).
 *
 * Ownership. A dy_dict owns its image (malloc'ed or mmap'ed); every string
 * or span it hands out points into the image and lives as long as the dict.
 * Strings from the image are NUL-terminated, so .p of a dy_str is also a C
 * string. A dy_dict is immutable: lookups are thread-safe.
 *
 * Errors. Readers report each problem through dy_diag as
 * "FILE:LINE: what is wrong" and go on; counts come from dy_diag_count.
 *   error:   the line cannot be read at all (unclosed '[' or '{', empty
 *            code, code/synonym/pattern with nothing to attach to, agent
 *            code without '~', undefined !SET!, bad transformation, unknown
 *            tag, unclosed <!-- ... ); the line is skipped.
 *   warning: what PETRARCH itself skips or half-reads, found in the real
 *            Phoenix/CAMEO files (pattern without '*' or code, unbalanced
 *            brackets in a pattern, issue line without code, unparsable or
 *            reversed dates: that restriction is ignored, text after a
 *            code: ignored), plus duplicates, conflicting or overlapping
 *            codes, entries without a code, undefined synsets, and files
 *            that are not UTF-8 (read as Latin-1).
 */
#ifndef DYAD_DICT_H
#define DYAD_DICT_H

#include "core/core.h"

#include <stddef.h>
#include <stdint.h>

typedef struct dy_dict dy_dict;
typedef struct dy_dict_builder dy_dict_builder;

/* ------------------------------------------------------------ kinds */

typedef enum {
  DY_DICT_UNKNOWN = 0,
  DY_DICT_VERBS,    /* *verbs* or CAMEO*: PETRARCH1 or PETRARCH2 verb patterns */
  DY_DICT_ACTORS,   /* *actors* */
  DY_DICT_AGENTS,   /* *agents* */
  DY_DICT_DISCARDS, /* *discards* */
  DY_DICT_ISSUES,   /* *Issue* / *issue* */
  DY_DICT__KINDS
} dy_dict_kind;

/* Kind of a file from its base name (the CONTRACT's --dict rules). */
dy_dict_kind dy_dict_kind_of(const char *path);
const char *dy_dict_kind_name(dy_dict_kind k); /* "verbs", "actors", ... */

/* ------------------------------------------------------------ loading */

/* Builder: add files (or whole directories, kinds by file name), then
 * finish. Order matters: for the same actor/agent phrase, what is added
 * later wins (see dy_dict_match_actor). A directory is read subdirectories
 * first, then its own *.txt files, each in name order, so files next to a
 * base set kept in a subdirectory extend and override it. Adding never
 * stops at a bad line; it returns the number of errors reported for that
 * input (-1 when the file cannot be read at all: also reported). Synsets
 * are scoped to the verb file that defines them. */
dy_dict_builder *dy_dict_builder_new(void);
int dy_dict_builder_add_path(dy_dict_builder *b, const char *path);
int dy_dict_builder_add_file(dy_dict_builder *b, const char *path, dy_dict_kind kind);
/* Text already in memory; `name` is used in diagnostics. Bytes that are not
 * UTF-8 are read as Latin-1 (with a warning). */
int dy_dict_builder_add_text(dy_dict_builder *b, const char *name, dy_dict_kind kind,
                             const char *text, size_t len);
/* Builds the image, runs the cross-entry checks (duplicates, date
 * conflicts: warnings) and frees the builder. Never NULL. */
dy_dict *dy_dict_builder_finish(dy_dict_builder **b);

/* Convenience: each PATH is a text dictionary file, a directory of them, or
 * a compiled image (recognised by its magic bytes; then it must be the only
 * path). Returns NULL only when nothing could be loaded (reported). */
dy_dict *dy_dict_load(const char *const *paths, size_t npaths);

/* A compiled image. _open maps the file (read-only, shared); _from_memory
 * copies nothing and requires `p` to outlive the dict (embedded images).
 * Both verify magic, version, size, checksum and every offset; on failure
 * they report "PATH: corrupt dictionary image: why" and return NULL. */
dy_dict *dy_dict_open_image(const char *path);
dy_dict *dy_dict_from_memory(const void *p, size_t n, const char *name);
/* The image built into the executable (mk/dict.mk): its header and
 * section bounds are checked, not its records, tries and checksum: the
 * build checked all of them when it made these bytes (the builder's image
 * goes through dy_dict_from_memory's checks, dy_dict_builder_finish stops
 * otherwise), and they are the program's own read-only data (checksumming
 * 10 MB, then checking every record, was most of loading it). */
dy_dict *dy_dict_from_builtin(const void *p, size_t n, const char *name);

/* The set that ships inside the binary (compiled from data/dict/ at build
 * time), or NULL when this build has none. Loaded once; do not free. */
const dy_dict *dy_dict_default(void);

/* Writes the image to `path` (atomically: temp file + rename). 0 or -1
 * (reported). */
int dy_dict_write_image(const dy_dict *d, const char *path);
const void *dy_dict_image_bytes(const dy_dict *d, size_t *n);

void dy_dict_free(dy_dict **d);

typedef struct dy_dict_counts {
  uint32_t actors;        /* actor entries (a primary phrase + its synonyms) */
  uint32_t actor_phrases; /* phrases in the actor trie */
  uint32_t actor_codes;   /* codes incl. date-restricted ones */
  uint32_t agents;        /* agent phrases (plurals and !SETS! expanded) */
  uint32_t verb_blocks;
  uint32_t verb_forms;    /* verb words incl. generated forms */
  uint32_t patterns;
  uint32_t synsets;
  uint32_t transforms;
  uint32_t discards;
  uint32_t issues;        /* issue phrases incl. generated forms */
  uint32_t files;
} dy_dict_counts;
void dy_dict_counts_get(const dy_dict *d, dy_dict_counts *c);

/* ------------------------------------------------------------ word ids
 *
 * Every distinct word of the tries has an id (assigned at load; valid for
 * this dict only). A caller that probes many positions of one sentence
 * looks each token up once with dy_dict_word_ids and passes the ids to the
 * *_ids lookups below, which then compare integers instead of hashing and
 * comparing bytes at every trie step. Each *_ids function returns exactly
 * what the function without the suffix returns for the same tokens; wid
 * may be NULL (then the ids are looked up as needed). A token whose norm is
 * no dictionary word gets DY_WID_NONE. Ids are below dy_dict_nwords(d); the
 * lookups take any id from there up (DY_WID_NONE included) as "no word", so
 * a caller may number words of its own after the dictionary's. */
#define DY_WID_NONE UINT32_MAX
uint32_t dy_dict_nwords(const dy_dict *d);
uint32_t dy_dict_word_id(const dy_dict *d, const char *w, size_t n);
/* wid[i] for tok[i], i < ntok. hash: NULL, or hash[i] ==
 * dy_hash64(tok[i].norm.p, tok[i].norm.n, DY_HASH_SEED) (saves hashing
 * again when the caller has it). */
void dy_dict_word_ids(const dy_dict *d, const dy_token *tok, uint32_t ntok, const uint64_t *hash, uint32_t *wid);
/* out[i]: bit t (1 << DY_TRIE_*) set when some phrase of trie t begins
 * with word wid[i] (0 for ids from dy_dict_nwords(d) up). A lookup in trie
 * t at a token whose bit is clear finds nothing (stem discards aside:
 * dy_dict_match_discard also tries a token's prefixes), so a caller
 * probing many positions can skip those. Cheap right after
 * dy_dict_word_ids: the word records are in cache. */
void dy_dict_word_roots(const dy_dict *d, const uint32_t *wid, uint32_t n, uint8_t *out);

/* ------------------------------------------------------------ actors */

typedef struct dy_actor_match {
  uint32_t len;      /* tokens matched, from `start` */
  const char *code;  /* code valid at the date; "---" is kept as written
                        (PETRARCH's null actor); NULL: no code applies */
  dy_date from, to;  /* validity of that code (0 = open end) */
  uint32_t entry;    /* actor entry (dy_dict_actor_*) */
} dy_actor_match;

/* Longest actor phrase starting at tok[start] (matching tok[i].norm).
 * The code is the first date restriction, in file order, that contains
 * `date` (limits inclusive; "<D" = up to D, ">D" = from D); otherwise the
 * default code (primary line "[CODE]" or a restriction without dates).
 * With date 0 (unknown) the default, else the restriction ending last.
 * When the same phrase is in several entries (a later file extending an
 * earlier one), entries are tried last-loaded first: a dated code of a
 * later entry wins, then any dated code of an earlier one, then the
 * defaults in the same order.
 * When a phrase matches but no code applies, returns 1 with code NULL.
 * Returns 1 when a phrase matched, 0 otherwise (m untouched). No
 * allocation; safe to call from several threads. */
int dy_dict_match_actor(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_date date, dy_actor_match *m);
int dy_dict_match_actor_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_date date, dy_actor_match *m);

typedef struct dy_actor_code {
  const char *code;
  dy_date from, to;  /* 0 = open; both 0: the default code */
} dy_actor_code;
typedef struct dy_actor_info {
  const char *phrase; /* primary phrase as written */
  const char *file;
  uint32_t line;
  uint32_t ncodes;
} dy_actor_info;
int dy_dict_actor_info(const dy_dict *d, uint32_t entry, dy_actor_info *out); /* 0 / -1 */
int dy_dict_actor_code(const dy_dict *d, uint32_t entry, uint32_t i, dy_actor_code *out);

/* ------------------------------------------------------------ agents */

typedef struct dy_agent_match {
  uint32_t len;
  const char *code;  /* without the "~", e.g. "GOV" */
  int prefix;        /* 1: "NGO~" goes before the actor code; 0: "~GOV" after */
  uint32_t entry;
  const char *phrase; /* the dictionary phrase (after expansion), as written */
  const char *file;
  uint32_t line;
} dy_agent_match;
int dy_dict_match_agent(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_agent_match *m);
int dy_dict_match_agent_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_agent_match *m);

/* ------------------------------------------------------------ verbs */

/* A verb word (base or inflected) and the block it belongs to. Multi-word
 * verbs ("+CORDON_OFF", "WIRE_+TAP") are keyed on the verb word; `pre` and
 * `post` are the words that must stand immediately before/after it. */
typedef struct dy_verb_form {
  uint32_t block;
  const char *form;   /* the verb word (folded), e.g. "cordoned" */
  const char *lemma;  /* first word of the line it came from, as written ("+CORDON_OFF") */
  const char *code;   /* its own code or the block's, e.g. "020", "---", "013:012" */
  const char *pre;    /* folded words joined by ' ', "" if none */
  const char *post;
  uint32_t npre, npost;
  uint32_t flags;     /* DY_VF_* */
  uint32_t line;
} dy_verb_form;
enum { DY_VF_GENERATED = 1, /* regular form made by the reader */
       DY_VF_OWN_CODE = 2   /* the line had its own [code] */ };

/* The forms whose verb word equals `norm` (folded): multi-word ones first,
 * longest first (PETRARCH checks those before the single word). Writes up
 * to `max` form indices (for dy_dict_verb_form) and returns how many exist. */
uint32_t dy_dict_verb_lookup(const dy_dict *d, dy_str norm, uint32_t *forms, uint32_t max);
uint32_t dy_dict_verb_lookup_id(const dy_dict *d, uint32_t wid, uint32_t *forms, uint32_t max);
int dy_dict_verb_form(const dy_dict *d, uint32_t idx, dy_verb_form *out); /* 0 / -1 */

typedef struct dy_verb_match {
  uint32_t first, last; /* token span of the whole verb [first, last) */
  uint32_t form;        /* index for dy_dict_verb_form */
  uint32_t block;
  const char *code;
} dy_verb_match;
/* The verb at tok[i]: the first form (multi-word first) whose pre/post words
 * stand around it. Returns 1 / 0. */
int dy_dict_match_verb(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t i,
                       dy_verb_match *m);
int dy_dict_match_verb_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok, uint32_t i,
                           dy_verb_match *m);

typedef struct dy_verb_block {
  const char *name;   /* from "--- NAME [CODE] ---" */
  const char *code;   /* block code, "---" when none */
  const char *verb;   /* first verb of the block (PETRARCH's pattern key) */
  uint32_t first_pattern, npatterns;
  uint32_t first_form, nforms;
  int p2;             /* 1: PETRARCH2 pattern syntax, 0: PETRARCH1/TABARI */
  const char *file;
  uint32_t line;
} dy_verb_block;
uint32_t dy_dict_nverb_blocks(const dy_dict *d);
int dy_dict_verb_block(const dy_dict *d, uint32_t i, dy_verb_block *out);

/* Pattern elements, in the order written (the verb is DY_PE_VERB).
 * PETRARCH2: "- PRE (PREP NOUN) * POST {MOD HEAD} (PREP {MOD HEAD}) [code]";
 * PETRARCH1/TABARI: "- WORD_WORD $ * + WORD [code]". */
typedef enum {
  DY_PE_WORD = 1, /* word: folded */
  DY_PE_SYNSET,   /* &NAME: `synset` is its index (UINT32_MAX if undefined) */
  DY_PE_SOURCE,   /* $ */
  DY_PE_TARGET,   /* + */
  DY_PE_ATTRIB,   /* % (TABARI: compound/attribution actor) */
  DY_PE_SKIP,     /* ^ (TABARI: skip to end of noun phrase) */
  DY_PE_VERB,     /* * */
  DY_PE_NP_OPEN,  /* { : noun phrase, last word is the head */
  DY_PE_NP_CLOSE, /* } */
  DY_PE_PP_OPEN,  /* ( : prepositional phrase, first word the preposition */
  DY_PE_PP_CLOSE, /* ) */
} dy_pat_kind;
enum { DY_PE_JOINED = 1 /* joined to the previous element by "_": adjacent */ };

typedef struct dy_pat_elem {
  uint8_t kind;   /* dy_pat_kind */
  uint8_t flags;  /* DY_PE_* */
  const char *word;  /* WORD: folded word; SYNSET: "&NAME" upper case, no trailing '_' */
  uint32_t synset;
} dy_pat_elem;

typedef struct dy_verb_pattern {
  uint32_t block;
  const char *code;  /* "[...]" content, e.g. "1722", "042:043", "---" */
  const char *raw;   /* the pattern line as written, comment removed */
  const char *comment; /* text after '#', "" if none */
  uint32_t nelem;
  uint32_t line;
  int p2;
} dy_verb_pattern;
int dy_dict_verb_pattern(const dy_dict *d, uint32_t idx, dy_verb_pattern *out);
int dy_dict_pattern_elem(const dy_dict *d, uint32_t pattern, uint32_t i, dy_pat_elem *out);

/* Synsets ("&NAME", name without '&' or trailing '_', case-insensitive).
 * Members are phrases (nested &SETS flattened, plurals generated as
 * PETRARCH does unless the label or the member ends in '_'). */
uint32_t dy_dict_synset_find(const dy_dict *d, const char *name); /* UINT32_MAX: none */
const char *dy_dict_synset_name(const dy_dict *d, uint32_t s);
/* Length in tokens of the longest member of synset s at tok[start] (0: none). */
uint32_t dy_dict_match_synset(const dy_dict *d, uint32_t s, const dy_token *tok, uint32_t ntok,
                              uint32_t start);
uint32_t dy_dict_match_synset_ids(const dy_dict *d, uint32_t s, const dy_token *tok, const uint32_t *wid,
                                  uint32_t ntok, uint32_t start);
/* The synsets (bit s & 63) that have a member whose first word has id
 * wid: when bit s & 63 is clear, dy_dict_match_synset_ids(d, s, ...) is 0
 * at a token with that id. 0 for a word that starts no member (and for
 * DY_WID_NONE or a caller's own ids). A few instructions: the word's
 * record and a binary search among the synsets' first words. */
uint64_t dy_dict_synset_first_mask(const dy_dict *d, uint32_t wid);

/* Transformations: "~ a (a b ATTACK) SAY = a b 015". */
typedef struct dy_verb_transform {
  const char *raw;
  const char *src1;                /* upper source variable */
  const char *src2, *tgt2, *verb2; /* lower event: source, target, verb (or Q) */
  const char *verb1;               /* upper verb */
  const char *rsrc, *rtgt, *rcode; /* result */
  uint32_t line;
} dy_verb_transform;
uint32_t dy_dict_ntransforms(const dy_dict *d);
int dy_dict_transform(const dy_dict *d, uint32_t i, dy_verb_transform *out);

/* ------------------------------------------------------------ discards */

typedef struct dy_discard_match {
  uint32_t len;
  int story;          /* 1: '+' entry, discard the whole story */
  const char *phrase; /* as written */
  uint32_t line;
} dy_discard_match;
/* Discard phrase at tok[start]. PETRARCH semantics: the last word is a
 * stem (matches a token it prefixes) unless the entry ends with '_'. */
int dy_dict_match_discard(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                          dy_discard_match *m);
int dy_dict_match_discard_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                              uint32_t start, dy_discard_match *m);
/* The first position p >= from whose token is no punctuation (DY_TOK_PUNCT)
 * where dy_dict_match_discard_ids(d, tok, wid, ntok, p, m) matches: returns
 * p with m filled, or ntok when there is none. For scanning a sentence:
 * most tokens are rejected without the lookup. */
uint32_t dy_dict_next_discard_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                                  uint32_t from, dy_discard_match *m);
/* The test dy_dict_next_discard_ids rejects tokens by, for a caller that
 * keeps it per word: 0 when no discard phrase can start at a token with
 * norm w and word id wid (its word starts no phrase of the discard trie,
 * dy_dict_word_roots bit DY_TRIE_DISCARD clear, and no one-word stem entry
 * begins like it), so dy_dict_match_discard_ids there finds nothing. */
int dy_dict_discard_may_start(const dy_dict *d, dy_str w, uint32_t wid);

/* ------------------------------------------------------------ issues */

typedef struct dy_issue_match {
  uint32_t len;
  const char *code;     /* "" for ignore phrases */
  const char *category; /* from <ISSUE CATEGORY="..."> or "" */
  int ignore;           /* 0 code; 1 "~" sentence ignore; 2 "~~" story ignore */
  uint32_t line;
} dy_issue_match;
int dy_dict_match_issue(const dy_dict *d, const dy_token *tok, uint32_t ntok, uint32_t start,
                        dy_issue_match *m);
int dy_dict_match_issue_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                            uint32_t start, dy_issue_match *m);
/* The first position p >= from whose token is no punctuation where
 * dy_dict_match_issue_ids matches: p with m filled, or ntok. */
uint32_t dy_dict_next_issue_ids(const dy_dict *d, const dy_token *tok, const uint32_t *wid, uint32_t ntok,
                                uint32_t from, dy_issue_match *m);

/* ------------------------------------------------ multi-word actor phrases
 *
 * For the coder's actor phrases with words in between (coder.h, gapped
 * matching): the primary phrase of every actor entry that has 2..
 * DY_GAPPED_MAXW words (split at blanks and '_'; a phrase with more words
 * is not listed), in entry order, each word as its word id: ASCII words
 * lower-cased, others dy_fold'ed, then looked up among the dictionary's
 * words; a word that is none of them gets id dy_dict_nwords(d) + k, k
 * indexing the extra words (dy_dict_gapped_extra, in order of first use).
 * Made by the builder and shipped in the image: looking 70,000 phrase words
 * up was most of a coder's start-up. */
#define DY_GAPPED_MAXW 8
typedef struct dy_gapped_phrase {
  uint32_t entry, nw;          /* actor entry, number of words (2..DY_GAPPED_MAXW) */
  uint32_t w[DY_GAPPED_MAXW];  /* word ids, w[0..nw) */
} dy_gapped_phrase;
/* The phrases (pointer into the image; *n their count). */
const dy_gapped_phrase *dy_dict_gapped_phrases(const dy_dict *d, uint32_t *n);
uint32_t dy_dict_gapped_nextra(const dy_dict *d);
/* Extra word k (folded bytes), k < dy_dict_gapped_nextra(d). */
dy_str dy_dict_gapped_extra(const dy_dict *d, uint32_t k);

/* ------------------------------------------------------------ helpers */

/* Splits `s` at blanks into tokens with raw/norm set (norm = dy_fold),
 * for the lookup tool and tests. Returns the count; *out in the arena. */
uint32_t dy_dict_tokenize(dy_arena *a, const char *s, dy_token **out);

/* Regular forms as PETRARCH generates them, in upper case ASCII:
 * plural: Y -> IES, SS -> SSES, else +S. Verb: 3rd person (S/X/Z -> ES,
 * Y -> IES, else S), past (E -> D, else ED), -ing (consonant+E drops E).
 * Write into buf (>= len + 4); return length. */
size_t dy_dict_plural(const char *w, size_t n, char *buf);
void dy_dict_verb_forms(const char *w, size_t n, char s3[], char past[], char ing[]);

/* ------------------------------------------------- the image format
 *
 * Little-endian, all fields uint32 (dates int32), records 4-byte aligned.
 * Layout: header, then sections at header.sec[i].off holding sec[i].count
 * records (the string section: count bytes; string offsets index it; offset 0
 * is ""). A trie is nodes + edges: node.edge0..+nedge are its children,
 * sorted by word bytes, edge.word/wlen a folded word;
 * node.pay0..+npay index the payload section, whose values index the
 * records of the trie's kind. Words have ids (format 3, see "word ids"
 * above), so that lookups compare integers: DY_SEC_WORD holds one record
 * per distinct edge word (its index is the id): the word's bytes and, per
 * trie, the root's child along it (UINT32_MAX: none), because the roots
 * have tens of thousands of children; DY_SEC_VSLOT finds a word's id from
 * its bytes: a power-of-two open-addressing table of {fingerprint, id}
 * (id UINT32_MAX: empty), m = dy_dict_word_mix(dy_hash64(word,
 * DY_HASH_SEED)), slot m & mask and on linearly, fingerprint m >> 32;
 * DY_SEC_WEDGE holds, per edge, its word id and child, and the edges of
 * every node below the roots sorted by id. All three are made by the
 * builder (dy__dict_words), not at load: building them is random access
 * over megabytes, 30-50 ms, where checking them is one sequential pass.
 * Format 4 adds DY_SEC_GPHRASE and DY_SEC_GXWORD, the multi-word actor
 * phrases as word ids (see "multi-word actor phrases" above), also made by
 * the builder: looking their words up was most of a coder's start-up.
 * checksum: dy_dict_checksum over bytes [header_size, size). Readers of
 * images must go through dy_dict_from_memory / dy_dict_open_image, which
 * check everything. */
#define DY_DICT_MAGIC "DYADDICT"
#define DY_DICT_FORMAT 4

enum {
  DY_SEC_STR, DY_SEC_NODE, DY_SEC_EDGE, DY_SEC_PAY, DY_SEC_ACTOR, DY_SEC_ACODE,
  DY_SEC_AGENT, DY_SEC_VBLOCK, DY_SEC_VFORM, DY_SEC_VPAT, DY_SEC_VPEL, DY_SEC_SYNSET,
  DY_SEC_TRANS, DY_SEC_DISCARD, DY_SEC_ISSUE, DY_SEC_WORD, DY_SEC_VSLOT, DY_SEC_WEDGE,
  DY_SEC_GPHRASE, DY_SEC_GXWORD,
  DY_SEC__COUNT
};
enum { DY_TRIE_ACTOR, DY_TRIE_AGENT, DY_TRIE_VERB, DY_TRIE_DISCARD, DY_TRIE_ISSUE,
       DY_TRIE_SYNSET, DY_TRIE__COUNT };

typedef struct dy_dict_header {
  char magic[8];
  uint32_t format, header_size;
  uint64_t size, checksum;
  uint32_t root[DY_TRIE__COUNT];
  uint32_t nfiles;
  uint32_t actor_phrases; /* payload entries of the actor trie (dy_dict_counts; format 4) */
  struct { uint32_t off, count; } sec[DY_SEC__COUNT];
} dy_dict_header;

typedef struct { uint32_t edge0, nedge, pay0, npay; } dy_img_node;
typedef struct { uint32_t off, len, root[DY_TRIE__COUNT]; } dy_img_word; /* 32 bytes: one token's root steps in one cache line */
typedef struct { uint32_t fp, wid; } dy_img_vslot;
typedef struct { uint32_t wid, child; } dy_img_wedge;
typedef dy_gapped_phrase dy_img_gphrase; /* DY_SEC_GPHRASE (format 4) */
typedef struct { uint32_t off, len; } dy_img_gxword; /* DY_SEC_GXWORD: an extra word's bytes in the strings */
typedef struct { uint32_t word, wlen, child, parent; } dy_img_edge;
typedef struct { uint32_t phrase, file, line, code0, ncode; } dy_img_actor;
typedef struct { uint32_t code; int32_t from, to; } dy_img_acode;
typedef struct { uint32_t phrase, code, prefix, file, line; } dy_img_agent;
typedef struct { uint32_t name, code, verb, pat0, npat, form0, nform, p2, file, line; } dy_img_vblock;
typedef struct { uint32_t block, form, lemma, code, pre, post, npre, npost, flags, line; } dy_img_vform;
typedef struct { uint32_t block, code, raw, comment, el0, nel, line, p2; } dy_img_vpat;
typedef struct { uint32_t kind, flags, word, synset; } dy_img_vpel;
typedef struct { uint32_t name, file, line; } dy_img_synset;
typedef struct { uint32_t raw, src1, src2, tgt2, verb2, verb1, rsrc, rtgt, rcode, line; } dy_img_trans;
typedef struct { uint32_t phrase, story, exact, line; } dy_img_discard;
typedef struct { uint32_t phrase, code, category, ignore, line; } dy_img_issue;

uint64_t dy_dict_checksum(const void *p, size_t n);
uint64_t dy_dict_word_mix(uint64_t hash);

#endif
