/* The event coder. See coder.h for the rules; the comments here say why
 * each mechanism is shaped the way it is. All per-sentence scratch memory
 * lives in the coder and is reused, so coding does not allocate per token. */
#include "coder/coder.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- options */

void dy_coder_opts_default(dy_coder_opts *o) {
  memset(o, 0, sizeof *o);
  o->require_dyad = 1;
  o->date_discards = 1;
  o->comma_min = 2;
  o->comma_max = 8;
  o->comma_emin = 2;
  o->comma_emax = 8;
}

void dy_coder_opts_news(dy_coder_opts *o) {
  dy_coder_opts_default(o);
  o->require_dyad = 0;
  o->compound_null_target = 1;
  o->combine_verbs = 1;
  o->plural_actors = 1;
  o->intransitive_events = 1;
  o->date_discards = 0;
  o->ethnic_groups = 1;
  o->hyphen_actors = 1;
  o->acronym_actors = 1;
  o->actor_targets = 1;
  o->domestic_agents = 1;
  o->passive_targets = 1;
  o->nearest_patterns = 1;
  o->local_patterns = 1;
  o->report_sources = 1;
  o->apposed_subjects = 1;
  o->partitive_agents = 1;
  o->adjective_compounds = 1;
  o->state_speakers = 1;
  o->surname_actors = 1;
  o->joint_exercises = 1;
}

static int parse_bool(const char *v, int *out) {
  if (!strcmp(v, "True") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes")) return *out = 1, 0;
  if (!strcmp(v, "False") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no")) return *out = 0, 0;
  return -1;
}

static int parse_int(const char *v, int *out) {
  char *e;
  long x = strtol(v, &e, 10);
  if (!*v || *e || x < 0 || x > 1000) return -1;
  *out = (int)x;
  return 0;
}

int dy_coder_opts_set(dy_coder_opts *o, const char *name, const char *value) {
  static const struct { const char *name; size_t off; int is_bool; } tab[] = {
      {"require_dyad", offsetof(dy_coder_opts, require_dyad), 1},
      {"combine_verbs", offsetof(dy_coder_opts, combine_verbs), 1},
      {"plural_actors", offsetof(dy_coder_opts, plural_actors), 1},
      {"intransitive_events", offsetof(dy_coder_opts, intransitive_events), 1},
      {"date_discards", offsetof(dy_coder_opts, date_discards), 1},
      {"ethnic_groups", offsetof(dy_coder_opts, ethnic_groups), 1},
      {"hyphen_actors", offsetof(dy_coder_opts, hyphen_actors), 1},
      {"acronym_actors", offsetof(dy_coder_opts, acronym_actors), 1},
      {"actor_targets", offsetof(dy_coder_opts, actor_targets), 1},
      {"domestic_agents", offsetof(dy_coder_opts, domestic_agents), 1},
      {"passive_targets", offsetof(dy_coder_opts, passive_targets), 1},
      {"nearest_patterns", offsetof(dy_coder_opts, nearest_patterns), 1},
      {"local_patterns", offsetof(dy_coder_opts, local_patterns), 1},
      {"report_sources", offsetof(dy_coder_opts, report_sources), 1},
      {"apposed_subjects", offsetof(dy_coder_opts, apposed_subjects), 1},
      {"partitive_agents", offsetof(dy_coder_opts, partitive_agents), 1},
      {"adjective_compounds", offsetof(dy_coder_opts, adjective_compounds), 1},
      {"state_speakers", offsetof(dy_coder_opts, state_speakers), 1},
      {"surname_actors", offsetof(dy_coder_opts, surname_actors), 1},
      {"joint_exercises", offsetof(dy_coder_opts, joint_exercises), 1},
      {"one_event_per_story", offsetof(dy_coder_opts, one_event_per_story), 1},
      {"check_discards", offsetof(dy_coder_opts, check_discards), 1},
      {"comma_min", offsetof(dy_coder_opts, comma_min), 0},
      {"comma_max", offsetof(dy_coder_opts, comma_max), 0},
      {"comma_bmin", offsetof(dy_coder_opts, comma_bmin), 0},
      {"comma_bmax", offsetof(dy_coder_opts, comma_bmax), 0},
      {"comma_emin", offsetof(dy_coder_opts, comma_emin), 0},
      {"comma_emax", offsetof(dy_coder_opts, comma_emax), 0},
  };
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
    if (strcmp(tab[i].name, name)) continue;
    int v;
    if ((tab[i].is_bool ? parse_bool(value, &v) : parse_int(value, &v)) != 0) return -1;
    *(int *)((char *)o + tab[i].off) = v;
    return 0;
  }
  return -1;
}

/* ------------------------------------------------- compiled verb patterns */

/* One pattern element in matching order: upper elements are stored from
 * the verb outwards (the sentence is read backwards from the verb), lower
 * ones from the verb onwards. `adj` = must be adjacent to what was matched
 * before it (TABARI's "_" connector); otherwise words may intervene. */
typedef struct pel {
  uint8_t kind; /* dy_pat_kind */
  uint8_t adj;
  uint32_t synset;
  uint64_t hash; /* of word: compared with the token hashes before the bytes */
  dy_str word;
} pel;

typedef struct cpat {
  uint32_t first_up, nup; /* into coder->pel */
  uint32_t first_lo, nlo;
  const char *code;
  uint32_t index;         /* dictionary pattern index */
  uint32_t weight;        /* element count: longer patterns are tried first */
  uint64_t wmask[4];      /* Bloom bits of its words: a sentence lacking one cannot match */
  uint64_t synmask;       /* the synsets (bit s & 63) it meets, in matching order,
                            before any $, + or %: when one of them has no member
                            starting in the sentence it fails without having
                            looked at a noun phrase (see try_block) */
  uint8_t special;        /* TABARI special code ("+++", "###"): never an event */
} cpat;

/* The first test of a pattern against a sentence, kept apart from the
 * pattern (16 bytes each, in the same order) so that try_block's scan over
 * a block's patterns reads little memory: w64 folds the pattern's word
 * Bloom bits to 64 (a necessary condition of the 256-bit test: the
 * sentence's 64-bit mask folds the same way), syn is its early synsets
 * (cpat.synmask), all ones for a TABARI special code. */
typedef struct pfilt {
  uint64_t w64, syn;
} pfilt;

typedef struct vblock {
  uint32_t first, n; /* into coder->pat, sorted by weight desc */
} vblock;

/* ------------------------------------------------------ sentence scratch */

enum { M_ACTOR = 1, M_AGENT = 2 };

typedef struct amatch {
  uint32_t start, len;
  uint8_t kind;
  uint8_t prefix;  /* agent goes before the actor code */
  const char *code; /* actor code (may hold "A/B" alternatives) or agent code; NULL: null actor */
  int32_t owner;   /* lowest phrase node covering the whole match */
} amatch;

#define MAX_AG 6
typedef struct entry {
  dy_str actor;          /* empty: no actor */
  uint8_t nag;
  uint8_t agpre[MAX_AG];
  const char *ag[MAX_AG];
  uint32_t first, last;  /* token span it was recognised from */
} entry;

typedef struct elist {
  uint32_t first, n; /* into coder->ent */
  uint8_t state;     /* 0 not computed, 1 computing, 2 done */
  uint8_t matched;   /* (on a top noun phrase) its actor/agent matches are known */
} elist;

struct dy_coder {
  const dy_dict *d;
  dy_coder_opts o;
  /* surname_actors: person entries (with a dated code) by the dictionary
   * word id of the last word of their primary phrase: those of word w are
   * sur_ent[sur_off[w] .. sur_off[w + 1]) (sur_off: NULL when none) */
  uint32_t *sur_off, *sur_ent;
  pel *pel;
  uint32_t npel;
  cpat *pat;
  uint32_t npat;
  pfilt *pf;  /* per pattern, as pat */
  vblock *blk;
  uint32_t nblk;
  /* scratch, grown on demand */
  uint32_t cap_tok, cap_node, cap_m, cap_ent;
  uint64_t *th;      /* hash of each token's norm */
  uint32_t *wid;     /* dictionary word id of each token (dy_dict_word_ids) */
  uint8_t *troot;    /* per token: the tries its word starts a phrase of (dy_dict_word_roots) */
  uint64_t *tsyn;    /* per token: the synsets a member of which may start there (dy_dict_synset_first_mask) */
  uint64_t ssyn;     /* the OR of tsyn over the sentence */
  uint32_t nw;       /* dy_dict_nwords: ids from there up are no dictionary word */
  int8_t *disc;      /* per sentence of the story being coded: discard_check result, 1 = not known */
  uint32_t cap_disc;
  uint64_t smask;    /* Bloom bits (64) of the sentence's visible words */
  uint64_t smask4[4]; /* the same with 256 bits, for the patterns */
  uint32_t nsyn;     /* synset match cache: [synset][token], valid when stamp == gen */
  uint32_t *syn_stamp;
  uint8_t *syn_len;
  uint32_t syn_cap, gen;
  uint8_t *vis, *consumed;
  uint8_t *ncl;      /* local_patterns: per token, inside some clause modifying a noun (valid when ncl_gen == gen) */
  uint32_t ncl_gen;
  int32_t *tokpre;
  int32_t *mstart;
  amatch *m;
  uint32_t nm;
  elist *memo;
  entry *ent;
  uint32_t nent;
  uint32_t *up, *lo; /* token lists for matching */
  dy_date date;
  uint32_t ndiscarded;
  uint32_t np_depth; /* recursion depth of np_codes */
  int32_t *topnp;    /* per node: its top noun phrase (top_np), -1 unknown */
  int has_issues; /* the dictionary has an issues list */
  int trace; /* DYAD_CODER_TRACE set: print the visible words of each sentence */
  struct refstate *rs; /* story context hooks (dy_coder_set_refs), NULL: none */
  /* multi-word actor phrases for disconnected matching (see find_gapped) */
  struct dy_gapped *gp;
  struct wcache *wc; /* per word, across sentences: see prepare_words */
  dy_token *mtok;    /* prepare_words' scratch: the tokens the cache misses, */
  uint64_t *mth;     /* their hashes, */
  uint32_t *mwid;    /* word ids, */
  uint32_t *midx;    /* token indexes */
  uint8_t *mroot;    /* and roots */
  uint8_t *tdisc;    /* per token: a discard phrase may start there (dy_dict_discard_may_start) */
};

/* The word cache: a token's hash, word id, roots and synset mask depend on
 * its norm bytes only (the dictionary is fixed for the coder's life), and
 * news repeats its words, so they are kept per word, direct-mapped by a
 * cheap key, instead of hashing and looking up every token of every
 * sentence. The key holds all the word's bytes (see word_key): a hit is
 * the same word, never a collision. */
#define WC_BITS 13
#define WC_MAXLEN 24
typedef struct wcache {
  uint64_t k0, k1, k2;
  uint64_t th, tsyn;
  uint32_t wid;
  uint32_t n; /* 0: empty */
  uint8_t troot, tdisc;
} wcache;

static void *grow(void *p, uint32_t *cap, uint32_t need, size_t elt) {
  if (need <= *cap) return p;
  uint32_t c = *cap ? *cap : 64;
  while (c < need) c *= 2;
  *cap = c;
  return dy_xrealloc(p, (size_t)c * elt);
}

/* ---------------------------------------------------------- construction */

static int cmp_weight(const void *a, const void *b) {
  const cpat *x = a, *y = b;
  if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void compile_patterns(dy_coder *c) {
  const dy_dict *d = c->d;
  c->nblk = dy_dict_nverb_blocks(d);
  c->blk = dy_xcalloc(c->nblk ? c->nblk : 1, sizeof *c->blk);
  uint32_t cap_pat = 0, cap_pel = 0;
  dy_pat_elem tmp[64];
  for (uint32_t b = 0; b < c->nblk; b++) {
    dy_verb_block vb;
    if (dy_dict_verb_block(d, b, &vb) != 0) continue;
    c->blk[b].first = c->npat;
    for (uint32_t k = 0; k < vb.npatterns; k++) {
      uint32_t pi = vb.first_pattern + k;
      dy_verb_pattern vp;
      if (dy_dict_verb_pattern(d, pi, &vp) != 0) continue;
      uint32_t ne = vp.nelem < 64 ? vp.nelem : 64, star = UINT32_MAX, n = 0;
      for (uint32_t i = 0; i < ne; i++) {
        if (dy_dict_pattern_elem(d, pi, i, &tmp[n]) != 0) continue;
        /* PETRARCH2 phrase brackets only group words; matching treats the
         * words inside as ordinary open words. */
        uint8_t k2 = tmp[n].kind;
        if (k2 == DY_PE_NP_OPEN || k2 == DY_PE_NP_CLOSE || k2 == DY_PE_PP_OPEN || k2 == DY_PE_PP_CLOSE) continue;
        if (k2 == DY_PE_SYNSET && tmp[n].synset == UINT32_MAX) { n = 0; star = UINT32_MAX; ne = 0; break; }
        if (k2 == DY_PE_VERB) star = n;
        n++;
      }
      if (star == UINT32_MAX) continue; /* no verb slot (or undefined synset): unusable */
      c->pat = grow(c->pat, &cap_pat, c->npat + 1, sizeof *c->pat);
      c->pel = grow(c->pel, &cap_pel, c->npel + n, sizeof *c->pel);
      cpat *cp = &c->pat[c->npat++];
      cp->code = vp.code;
      cp->index = pi;
      cp->weight = n - 1;
      cp->first_up = c->npel;
      cp->nup = star;
      memset(cp->wmask, 0, sizeof cp->wmask);
      cp->special = vp.code && (strchr(vp.code, '+') || strchr(vp.code, '#'));
      for (uint32_t i = 0; i < n; i++)
        if (tmp[i].kind == DY_PE_WORD && tmp[i].word)
        {
          uint64_t h = dy_hash64(tmp[i].word, strlen(tmp[i].word), DY_HASH_SEED);
          cp->wmask[(h >> 6) & 3] |= 1ull << (h & 63);
        }
      for (uint32_t i = star; i-- > 0;) { /* from the verb outwards */
        pel *e = &c->pel[c->npel++];
        e->kind = tmp[i].kind;
        e->adj = (tmp[i + 1].flags & DY_PE_JOINED) != 0;
        e->synset = tmp[i].synset;
        e->word = dy_str_c(tmp[i].word ? tmp[i].word : "");
        e->hash = dy_hash64(e->word.p, e->word.n, DY_HASH_SEED);
      }
      cp->first_lo = c->npel;
      cp->nlo = n - star - 1;
      for (uint32_t i = star + 1; i < n; i++) {
        pel *e = &c->pel[c->npel++];
        e->kind = tmp[i].kind;
        e->adj = (tmp[i].flags & DY_PE_JOINED) != 0;
        e->synset = tmp[i].synset;
        e->word = dy_str_c(tmp[i].word ? tmp[i].word : "");
        e->hash = dy_hash64(e->word.p, e->word.n, DY_HASH_SEED);
      }
      cp->synmask = 0;
      for (uint32_t i = cp->first_up; i < c->npel; i++) { /* up elements then lo ones: matching order */
        uint8_t k3 = c->pel[i].kind;
        if (k3 == DY_PE_SOURCE || k3 == DY_PE_TARGET || k3 == DY_PE_ATTRIB) break;
        if (k3 == DY_PE_SYNSET) cp->synmask |= 1ull << (c->pel[i].synset & 63);
      }
    }
    c->blk[b].n = c->npat - c->blk[b].first;
    qsort(c->pat + c->blk[b].first, c->blk[b].n, sizeof *c->pat, cmp_weight);
  }
}

/* The code of actor entry e at date: the first date restriction holding
 * it, else the default; NULL when none applies. */
static const char *entry_code_at(const dy_coder *c, uint32_t e, dy_date date) {
  dy_actor_info ai;
  if (dy_dict_actor_info(c->d, e, &ai) != 0) return NULL;
  const char *def = NULL;
  for (uint32_t i = 0; i < ai.ncodes; i++) {
    dy_actor_code ac;
    if (dy_dict_actor_code(c->d, e, i, &ac) != 0) continue;
    if (!ac.from && !ac.to) {
      if (!def) def = ac.code;
      continue;
    }
    if (date && (!ac.from || date >= ac.from) && (!ac.to || date <= ac.to)) return ac.code;
  }
  return def;
}

/* The last word of a primary phrase ("GEORGE_W._BUSH_" -> "bush") in
 * lower case into buf; 0 when the phrase is one word or the last word is
 * no plain name (letters, 3 to 31 of them). */
static size_t phrase_surname(const char *ph, char *buf) {
  size_t n = strlen(ph);
  while (n && (ph[n - 1] == '_' || ph[n - 1] == ' ')) n--;
  size_t b = n;
  while (b && ph[b - 1] != '_' && ph[b - 1] != ' ') b--;
  if (b == 0 || n - b < 3 || n - b > 31) return 0;
  for (size_t i = b; i < n; i++) {
    char ch = ph[i];
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) return 0;
    buf[i - b] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  }
  return n - b;
}

/* surname_actors: the table of person entries by surname. A person is an
 * entry with a dated code (a tenure). Once per coder: the entries come in
 * order and are placed by a counting sort on the word id (start-up time). */
static void build_surnames(dy_coder *c, uint32_t nactors) {
  uint32_t cap = 0, n = 0, *pair = NULL; /* (wid, entry) pairs */
  for (uint32_t e = 0; e < nactors; e++) {
    dy_actor_info ai;
    if (dy_dict_actor_info(c->d, e, &ai) != 0 || !ai.phrase) continue;
    int dated = 0;
    for (uint32_t k = 0; k < ai.ncodes && !dated; k++) {
      dy_actor_code ac;
      dated = dy_dict_actor_code(c->d, e, k, &ac) == 0 && (ac.from || ac.to);
    }
    char w[32];
    size_t len = dated ? phrase_surname(ai.phrase, w) : 0;
    uint32_t wid = len ? dy_dict_word_id(c->d, w, len) : DY_WID_NONE;
    if (wid >= c->nw) continue;
    pair = grow(pair, &cap, 2 * (n + 1), sizeof *pair);
    pair[2 * n] = wid, pair[2 * n + 1] = e;
    n++;
  }
  if (n) {
    c->sur_off = dy_xcalloc((size_t)c->nw + 1, sizeof *c->sur_off);
    c->sur_ent = dy_xmalloc(n * sizeof *c->sur_ent);
    for (uint32_t i = 0; i < n; i++) c->sur_off[pair[2 * i] + 1]++;
    for (uint32_t w = 0; w < c->nw; w++) c->sur_off[w + 1] += c->sur_off[w];
    /* fill: sur_off[w] runs to the end of w's run, which is w + 1's start */
    for (uint32_t i = 0; i < n; i++) c->sur_ent[c->sur_off[pair[2 * i]]++] = pair[2 * i + 1];
    for (uint32_t w = c->nw; w > 0; w--) c->sur_off[w] = c->sur_off[w - 1];
    c->sur_off[0] = 0;
  }
  free(pair);
}

dy_coder *dy_coder_new(const dy_dict *d, const dy_coder_opts *o) {
  dy_coder *c = dy_xcalloc(1, sizeof *c);
  c->d = d;
  if (o) c->o = *o;
  else dy_coder_opts_default(&c->o);
  c->trace = getenv("DYAD_CODER_TRACE") != NULL;
  if (d) {
    compile_patterns(c);
    c->nw = dy_dict_nwords(d);
    c->pf = dy_xmalloc((c->npat ? c->npat : 1) * sizeof *c->pf);
    for (uint32_t i = 0; i < c->npat; i++) {
      const cpat *p = &c->pat[i];
      c->pf[i].w64 = p->wmask[0] | p->wmask[1] | p->wmask[2] | p->wmask[3];
      c->pf[i].syn = p->special ? ~0ull : p->synmask;
    }
    c->gp = dy__gapped_new(d);
    c->wc = dy_xcalloc((size_t)1 << WC_BITS, sizeof *c->wc);
    dy_dict_counts cnt;
    dy_dict_counts_get(d, &cnt);
    c->nsyn = cnt.synsets;
    c->has_issues = cnt.issues > 0;
    if (c->o.surname_actors) build_surnames(c, cnt.actors);
  }
  return c;
}

void dy_coder_free(dy_coder **cp) {
  dy_coder *c = *cp;
  if (!c) return;
  free(c->sur_off);
  free(c->sur_ent);
  free(c->pel);
  free(c->pat);
  free(c->pf);
  free(c->blk);
  free(c->vis);
  free(c->ncl);
  free(c->consumed);
  free(c->tokpre);
  free(c->mstart);
  free(c->m);
  free(c->memo);
  free(c->topnp);
  free(c->ent);
  free(c->up);
  free(c->lo);
  free(c->th);
  free(c->wid);
  free(c->tsyn);
  free(c->troot);
  free(c->disc);
  free(c->syn_stamp);
  free(c->syn_len);
  dy__gapped_free(&c->gp);
  free(c->wc);
  free(c->mtok);
  free(c->mth);
  free(c->mwid);
  free(c->midx);
  free(c->mroot);
  free(c->tdisc);
  free(c->rs);
  free(c);
  *cp = NULL;
}

/* ------------------------------------------------------------ helpers */

static int is_verb_tag(uint8_t t) {
  return t == DY_TAG_VB || t == DY_TAG_VBD || t == DY_TAG_VBG || t == DY_TAG_VBN || t == DY_TAG_VBP || t == DY_TAG_VBZ;
}

static int is_np(const dy_node *n) { return n->label == DY_LABEL_NP || n->label == DY_LABEL_NX || n->label == DY_LABEL_NAC; }

static int is_clause(uint8_t l) {
  return l == DY_LABEL_S || l == DY_LABEL_SINV || l == DY_LABEL_SQ || l == DY_LABEL_SBAR || l == DY_LABEL_SBARQ ||
         l == DY_LABEL_VP || l == DY_LABEL_RRC || l == DY_LABEL_FRAG;
}

/* As dy_str_eq_c(t->norm, w), inline: w is nearly always a literal, whose
 * strlen the compiler folds (the call was 1.5% of coding: profile). */
static inline int word_is(const dy_token *t, const char *w) {
  size_t n = strlen(w);
  return t->norm.n == n && (n == 0 || memcmp(t->norm.p, w, n) == 0);
}

static int is_conj_token(const dy_token *t) {
  return t->tag == DY_TAG_CC || t->tag == DY_TAG_COMMA || t->tag == DY_TAG_COLON;
}

/* ----------------------------------------------------- comma clauses */

/* TABARI/PETRARCH remove comma-delimited clauses of a few words ("Arnor,
 * five years after..., restored ties") because they rarely hold the main
 * event and often hold a second actor that would be mistaken for the
 * target. Only words count (tokens that begin with a letter). */
static uint32_t count_words(const dy_sentence *s, uint32_t a, uint32_t b) {
  uint32_t n = 0;
  for (uint32_t i = a; i < b; i++) {
    unsigned char ch = (unsigned char)s->tok[i].raw.p[0];
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80) n++;
  }
  return n;
}

/* Commas inside a noun phrase separate conjuncts ("Mordor, Rohan,
 * Fornost and Bree"), appositions or adjectives, not clauses: they never
 * delimit a clause. */
static int clause_comma(const dy_coder *c, const dy_sentence *s, uint32_t i) {
  if (s->tok[i].tag != DY_TAG_COMMA) return 0;
  int32_t pre = c->tokpre[i];
  int32_t p = pre >= 0 ? s->node[pre].parent : -1;
  return p < 0 || !is_np(&s->node[p]);
}

/* A comma between the modifiers of one noun ("complete, full diplomatic
 * ties"): an NP with no conjunction and no phrase children. */
static int adjective_comma(const dy_coder *c, const dy_sentence *s, uint32_t i) {
  if (s->tok[i].tag != DY_TAG_COMMA) return 0;
  int32_t pre = c->tokpre[i];
  int32_t p = pre >= 0 ? s->node[pre].parent : -1;
  if (p < 0 || !is_np(&s->node[p])) return 0;
  for (int32_t ch = s->node[p].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *cn = &s->node[ch];
    if (cn->label != DY_LABEL_TOK) return 0;
    if (s->tok[cn->first].tag == DY_TAG_CC) return 0;
  }
  return 1;
}

static uint32_t count_visible_words(const dy_coder *c, const dy_sentence *s, uint32_t a, uint32_t b) {
  uint32_t n = 0;
  for (uint32_t i = a; i < b; i++)
    if (c->vis[i]) n += count_words(s, i, i + 1);
  return n;
}

/* Order as in TABARI/PETRARCH: short internal clauses between two clause
 * commas first (", five years after X, "), then the terminal clause after
 * the last comma ("..., a senior official said"), then the initial clause
 * when enabled. A comma between adjectives earlier in the sentence keeps
 * the terminal clause: that is what PETRARCH does (its flat comma scan
 * stops there; the unit tests COMMA-08/09 rely on it). */
static void delete_commas(dy_coder *c, const dy_sentence *s) {
  uint32_t end = s->ntok;
  while (end > 0 && (s->tok[end - 1].tag == DY_TAG_PERIOD || s->tok[end - 1].tag == DY_TAG_RQUOTE)) end--;
  if (c->o.comma_max > 0) {
    uint32_t prev = UINT32_MAX;
    for (uint32_t i = 0; i < end; i++) {
      if (!c->vis[i] || s->tok[i].tag != DY_TAG_COMMA || !clause_comma(c, s, i)) continue;
      if (prev != UINT32_MAX) {
        uint32_t w = count_visible_words(c, s, prev + 1, i);
        if (w >= (uint32_t)c->o.comma_min && w <= (uint32_t)c->o.comma_max) {
          for (uint32_t k = prev + 1; k <= i; k++) c->vis[k] = 0;
          continue; /* the opening comma stays and may open the next clause */
        }
      }
      prev = i;
    }
  }
  uint32_t firstc = UINT32_MAX, lastc = UINT32_MAX;
  int adj = 0;
  for (uint32_t i = 0; i < end; i++) {
    if (!c->vis[i] || s->tok[i].tag != DY_TAG_COMMA || !clause_comma(c, s, i)) continue;
    if (firstc == UINT32_MAX) firstc = i;
    lastc = i;
  }
  if (lastc == UINT32_MAX) return;
  for (uint32_t i = 0; i < lastc && !adj; i++) adj = c->vis[i] && s->tok[i].tag == DY_TAG_COMMA && adjective_comma(c, s, i);
  if (c->o.comma_emax > 0 && lastc > 0 && !adj) {
    uint32_t w = count_visible_words(c, s, lastc + 1, end);
    if (w >= (uint32_t)c->o.comma_emin && w <= (uint32_t)c->o.comma_emax)
      for (uint32_t k = lastc; k < end; k++) c->vis[k] = 0;
  }
  if (c->o.comma_bmax > 0) {
    uint32_t w = count_visible_words(c, s, 0, firstc);
    if (w >= (uint32_t)c->o.comma_bmin && w <= (uint32_t)c->o.comma_bmax)
      for (uint32_t k = 0; k <= firstc; k++) c->vis[k] = 0;
  }
}

/* ------------------------------------------------ actor / agent matches */

static int32_t lowest_cover(const dy_sentence *s, const dy_coder *c, uint32_t a, uint32_t b) {
  int32_t n = c->tokpre[a];
  if (n < 0) return -1;
  if (b - a == 1) n = s->node[n].parent;
  while (n >= 0 && (s->node[n].first > a || s->node[n].last < b)) n = s->node[n].parent;
  while (n >= 0 && s->node[n].label == DY_LABEL_TOK) n = s->node[n].parent;
  return n;
}

/* A multi-word actor phrase starting at token i with words missing in
 * between, inside the noun phrase of token i, longer (in words) than the
 * consecutive match of clen words. Sets the token span and code. */
static int find_gapped(dy_coder *c, const dy_sentence *s, uint32_t i, uint32_t clen, uint32_t *span, const char **code) {
  if (!dy__gapped_first(c->gp, c->wid[i])) return 0;
  int32_t np = c->tokpre[i] >= 0 ? s->node[c->tokpre[i]].parent : -1;
  while (np >= 0 && !is_np(&s->node[np])) {
    if (is_clause(s->node[np].label)) return 0;
    np = s->node[np].parent;
  }
  if (np < 0) return 0;
  uint32_t beste;
  if (!dy__gapped_find(c->gp, c->wid, c->vis, i, s->node[np].last, clen, span, &beste)) return 0;
  *code = entry_code_at(c, beste, c->date);
  return 1;
}

/* The noun phrase that holds n together with the noun phrases it
 * contains through prepositions ("the Prince of Dol Amroth"): actor and
 * agent phrases are matched over its words. */
static int32_t top_np(dy_coder *c, const dy_sentence *s, int32_t n) {
  /* memoised with path compression: linear over the sentence even for
   * deeply nested phrases */
  int32_t top = n, p = n;
  while (c->topnp[p] < 0) {
    int32_t q = s->node[p].parent;
    if (q < 0 || !(is_np(&s->node[q]) || s->node[q].label == DY_LABEL_PP)) break;
    if (is_np(&s->node[q])) top = q;
    p = q;
  }
  if (c->topnp[p] >= 0) top = c->topnp[p];
  for (int32_t k = n; k != p; k = s->node[k].parent) c->topnp[k] = top;
  c->topnp[p] = top;
  return top;
}

/* plural_actors: a capitalised plural noun ("Liberians", "Bosnian Serbs")
 * is also looked up in its singular form, so that the nationality and
 * group nouns of the actor dictionaries ("LIBERIAN", "BOSNIAN SERB") need
 * no plural entries. The phrase must end at the first such plural of the
 * noun phrase, and be longer than the match found without it (minlen). */
static int match_plural_actor(dy_coder *c, const dy_sentence *s, uint32_t i, uint32_t end, uint32_t minlen,
                              dy_actor_match *am) {
  dy_token w[8];
  uint32_t n = end - i < 8 ? end - i : 8;
  for (uint32_t k = 0; k < n; k++) {
    const dy_token *t = &s->tok[i + k];
    if (!c->vis[i + k]) return 0;
    if ((t->tag != DY_TAG_NNS && t->tag != DY_TAG_NNPS) || !(t->flags & DY_TOK_CAP)) continue;
    if (k + 1 <= minlen || t->norm.n < 4 || t->norm.p[t->norm.n - 1] != 's' || t->norm.p[t->norm.n - 2] == 's') return 0;
    memcpy(w, s->tok + i, (k + 1) * sizeof *w);
    w[k].norm.n--;
    dy_actor_match m;
    if (!dy_dict_match_actor(c->d, w, k + 1, 0, c->date, &m) || m.len != k + 1) return 0;
    *am = m;
    return 1;
  }
  return 0;
}

/* surname_actors: tok[i], a capitalised proper noun standing alone (no
 * proper noun next to it), as the one person with that surname who holds
 * a dated code at the story date (see build_surnames). */
static int match_surname_actor(dy_coder *c, const dy_sentence *s, uint32_t i, uint32_t end, dy_actor_match *am) {
  const dy_token *t = &s->tok[i];
  uint32_t wid = c->wid[i];
  if (!c->sur_off || !c->date || t->tag != DY_TAG_NNP || !(t->flags & DY_TOK_CAP) || wid >= c->nw) return 0;
  if ((i > 0 && (s->tok[i - 1].tag == DY_TAG_NNP || s->tok[i - 1].tag == DY_TAG_NNPS)) ||
      (i + 1 < end && (s->tok[i + 1].tag == DY_TAG_NNP || s->tok[i + 1].tag == DY_TAG_NNPS)))
    return 0;
  int found = 0;
  for (uint32_t k = c->sur_off[wid]; k < c->sur_off[wid + 1]; k++) {
    uint32_t e = c->sur_ent[k];
    dy_actor_info ai;
    if (dy_dict_actor_info(c->d, e, &ai) != 0) continue;
    for (uint32_t j = 0; j < ai.ncodes; j++) {
      dy_actor_code ac;
      if (dy_dict_actor_code(c->d, e, j, &ac) != 0 || !(ac.from || ac.to)) continue;
      if ((ac.from && c->date < ac.from) || (ac.to && c->date > ac.to)) continue;
      if (found++) return 0; /* two holders: the name alone does not say which */
      am->len = 1;
      am->code = ac.code;
      am->from = ac.from;
      am->to = ac.to;
      am->entry = e;
      break;
    }
  }
  return found == 1;
}

/* hyphen_actors: "the US-led war", "a UN-brokered deal", "Beirut-based
 * groups": the part before a hyphen that a participle of leading,
 * backing or holding follows names who leads, backs or holds, like a
 * possessive ("the US's war"); it is looked up as an actor. "anti-Syria"
 * and "pro-Western" do not qualify: their second part is no such
 * participle. hyphen_holder: the length of that first part, or 0. */
static uint32_t hyphen_holder(const dy_token *t) {
  static const char *const part[] = {"led",     "backed",   "sponsored", "brokered", "controlled", "run",
                                     "held",    "dominated", "owned",    "allied",   "supported",  "funded",
                                     "trained", "installed", "based",    "financed", "armed",      NULL};
  const char *p = t->norm.p;
  uint32_t n = t->norm.n, h = 0;
  while (h < n && p[h] != '-') h++;
  if (h == 0 || h + 1 >= n) return 0;
  int ok = 0;
  for (int k = 0; part[k] && !ok; k++) ok = strlen(part[k]) == n - h - 1 && !memcmp(p + h + 1, part[k], n - h - 1);
  return ok ? h : 0;
}

static int match_hyphen_actor(dy_coder *c, const dy_sentence *s, uint32_t i, dy_actor_match *am) {
  const dy_token *t = &s->tok[i];
  uint32_t h = hyphen_holder(t);
  if (!h) return 0;
  dy_token w = *t;
  w.norm.n = h;
  dy_actor_match m;
  if (!dy_dict_match_actor(c->d, &w, 1, 0, c->date, &m) || m.len != 1 || !m.code) return 0;
  *am = m;
  return 1;
}

/* hyphen_actors, for agents: "a government-held part of Aleppo", "the
 * rebel-held town": the holder is an agent word, the phrase its agent. */
static int match_hyphen_agent(dy_coder *c, const dy_sentence *s, uint32_t i, dy_agent_match *gm) {
  const dy_token *t = &s->tok[i];
  uint32_t h = hyphen_holder(t);
  if (!h) return 0;
  dy_token w = *t;
  w.norm.n = h;
  dy_agent_match m;
  if (!dy_dict_match_agent(c->d, &w, 1, 0, &m) || m.len != 1 || !m.code) return 0;
  *gm = m;
  return 1;
}

/* Actor and agent phrases (longest match, left to right) in the top noun
 * phrase of n. Matching runs lazily, only for the noun phrases a coded verb
 * needs, because dictionary lookups are most of the cost of coding. */
static void ensure_matches(dy_coder *c, const dy_sentence *s, int32_t n) {
  int32_t top = top_np(c, s, n);
  if (c->memo[top].matched) return;
  c->memo[top].matched = 1;
  uint32_t end = s->node[top].last;
  for (uint32_t i = s->node[top].first; i < end;) {
    if (!c->vis[i] || (s->tok[i].flags & DY_TOK_PUNCT) || c->mstart[i] >= 0) { i++; continue; }
    dy_actor_match am;
    dy_agent_match gm;
    /* (a lookup in a trie whose root the token's word is no child of finds nothing) */
    int ha = (c->troot[i] >> DY_TRIE_ACTOR & 1) && dy_dict_match_actor_ids(c->d, s->tok, c->wid, end, i, c->date, &am);
    int hg = (c->troot[i] >> DY_TRIE_AGENT & 1) && dy_dict_match_agent_ids(c->d, s->tok, c->wid, end, i, &gm);
    if (c->o.plural_actors) {
      uint32_t ml = ha ? am.len : 0;
      if (hg && gm.len > ml) ml = gm.len;
      dy_actor_match pl;
      if (match_plural_actor(c, s, i, end, ml, &pl)) ha = 1, am = pl;
    }
    if (c->o.hyphen_actors && !ha && !hg) ha = match_hyphen_actor(c, s, i, &am);
    if (c->o.hyphen_actors && !ha && !hg) hg = match_hyphen_agent(c, s, i, &gm);
    if (c->o.surname_actors && !ha && !hg) ha = match_surname_actor(c, s, i, end, &am);
    if (c->o.ethnic_groups && ha && i > s->node[top].first && c->vis[i - 1] && word_is(&s->tok[i - 1], "ethnic") &&
        (!hg || gm.len <= am.len)) {
      /* "ethnic Albanians": an ethnic group, coded as civilians (Phoenix
       * ETHNIC_GROUP [~CVL]) of the country they live in (a location in
       * the phrase: "in south Serbia"), not as the state its name is from */
      hg = 1, ha = 0;
      gm.len = am.len;
      gm.code = "CVL";
      gm.prefix = 0;
    }
    uint32_t glen = 0;
    const char *gcode = NULL;
    uint32_t clen = ha ? am.len : 0;
    if (hg && gm.len > clen) clen = gm.len;
    if (find_gapped(c, s, i, clen, &glen, &gcode)) {
      c->m = grow(c->m, &c->cap_m, c->nm + 1, sizeof *c->m);
      amatch *m = &c->m[c->nm];
      m->kind = M_ACTOR;
      m->len = glen;
      m->code = (gcode && strcmp(gcode, "---") != 0) ? gcode : NULL;
      m->prefix = 0;
      m->start = i;
      m->owner = lowest_cover(s, c, i, i + glen);
      c->mstart[i] = (int32_t)c->nm;
      c->nm++;
      i += glen;
      continue;
    }
    if (!ha && !hg) { i++; continue; }
    c->m = grow(c->m, &c->cap_m, c->nm + 1, sizeof *c->m);
    amatch *m = &c->m[c->nm];
    if (ha && (!hg || am.len >= gm.len)) {
      m->kind = M_ACTOR;
      m->len = am.len;
      m->code = (am.code && strcmp(am.code, "---") != 0) ? am.code : NULL;
      m->prefix = 0;
    } else {
      m->kind = M_AGENT;
      m->len = gm.len;
      m->code = gm.code;
      m->prefix = (uint8_t)gm.prefix;
    }
    if (m->len == 0) m->len = 1;
    m->start = i;
    m->owner = lowest_cover(s, c, i, i + m->len);
    c->mstart[i] = (int32_t)c->nm;
    c->nm++;
    i += m->len;
  }
}

/* ------------------------------------------------ noun phrase codes */

static entry *new_entry(dy_coder *c) {
  c->ent = grow(c->ent, &c->cap_ent, c->nent + 1, sizeof *c->ent);
  entry *e = &c->ent[c->nent++];
  memset(e, 0, sizeof *e);
  return e;
}

static void add_agent(entry *e, const char *code, int prefix) {
  for (uint8_t i = 0; i < e->nag; i++)
    if (!strcmp(e->ag[i], code)) return;
  if (e->nag < MAX_AG) {
    e->agpre[e->nag] = (uint8_t)prefix;
    e->ag[e->nag++] = code;
  }
}

/* Entries for an actor code that may list alternatives ("FRO/BIL/SAM"). */
static void push_actor(dy_coder *c, const char *code, uint32_t a, uint32_t b) {
  const char *p = code;
  for (;;) {
    const char *q = strchr(p, '/');
    size_t n = q ? (size_t)(q - p) : strlen(p);
    entry *e = new_entry(c);
    e->actor = (dy_str){p, (uint32_t)n};
    e->first = a;
    e->last = b;
    if (!q) break;
    p = q + 1;
  }
}

static elist np_codes(dy_coder *c, const dy_sentence *s, int32_t n);

/* A one-token name in capitals ("DPRK", "UNITA", "U.N."). */
static int acronym(const dy_token *t, uint32_t len) {
  if (len != 1 || t->raw.n < 2) return 0;
  uint32_t up = 0;
  for (uint32_t i = 0; i < t->raw.n; i++) {
    unsigned char ch = (unsigned char)t->raw.p[i];
    if (ch >= 'a' && ch <= 'z') return 0;
    up += ch >= 'A' && ch <= 'Z';
  }
  return up >= 2;
}

/* partitive_agents: the last visible word of [a, b), before an "of"
 * phrase, counts or groups people ("leaders", "members", "a group",
 * "hundreds", "one third", "two"): the phrase is made of the people of
 * the "of" phrase. Other heads ("the release of prisoners", "the
 * withdrawal of troops") are things done to or by them. */
static int word_in_list(const dy_token *t, const char *const *w);
static int has_coord(const dy_sentence *s, int32_t n);

static int partitive_head(const dy_coder *c, const dy_sentence *s, uint32_t a, uint32_t b) {
  static const char *const w[] = {
      "leader",   "leaders",  "head",     "heads",      "member",      "members",   "representatives",
      "group",    "groups",   "band",     "team",       "unit",        "units",     "contingent",
      "delegation", "crowd",  "crowds",   "convoy",     "hundreds",    "thousands", "tens",
      "dozens",   "scores",   "millions", "dozen",      "handful",     "number",    "majority",
      "some",     "many",     "most",     "all",        "several",     "few",       "part",
      "rest",     "remainder", "half",    "third",      "quarter",     "each",      "none",
      NULL};
  uint32_t t = b;
  while (t > a && (!c->vis[t - 1] || (s->tok[t - 1].flags & DY_TOK_PUNCT))) t--;
  if (t == a) return 0;
  const dy_token *h = &s->tok[t - 1];
  return h->tag == DY_TAG_CD || word_in_list(h, w);
}

/* acronym_actors: one of the n entries from `first` has actor code `code`
 * (or one of its "A/B" alternatives). */
static int names_entry(const dy_coder *c, uint32_t first, uint32_t n, const char *code) {
  if (first == UINT32_MAX) return 0;
  size_t l = strcspn(code, "/");
  for (uint32_t i = 0; i < n; i++) {
    const entry *e = &c->ent[first + i];
    if (e->actor.n == l && !memcmp(e->actor.p, code, l)) return 1;
  }
  return 0;
}

/* A range of children of node `parent` taken as one noun phrase: the
 * first actor (in word order) names it, agents compose with it, a
 * possessive or head NP child contributes its codes, and when no actor is
 * found before the prepositional phrases the first PP with an actor
 * supplies it ("officials in Fornost" -> FORGOV). */
static elist flat_codes(dy_coder *c, const dy_sentence *s, int32_t from, int32_t to_excl, uint32_t a, uint32_t b) {
  /* Collect pieces in word order. */
  uint32_t act_first = UINT32_MAX, act_n = 0;     /* entries that carry the actor(s) */
  const char *ag[MAX_AG];
  uint8_t agp[MAX_AG];
  uint32_t nag = 0;
  uint32_t alt_first = UINT32_MAX, alt_n = 0;      /* agent-only alternatives (coordinated agents) */
  int32_t act_adjp = -1; /* adjective_compounds: the coordinated ADJP the actors come from */
  /* own matches: owner inside [from..to) children but not inside an NP/PP/clause child */
  for (int32_t ch = from; ch >= 0 && ch != to_excl; ch = s->node[ch].next) {
    const dy_node *cn = &s->node[ch];
    if (is_np(cn)) {
      elist sub = np_codes(c, s, ch);
      if (!sub.n) continue;
      int has_actor = 0;
      for (uint32_t k = 0; k < sub.n; k++) has_actor |= c->ent[sub.first + k].actor.n > 0;
      if (has_actor) {
        if (act_first == UINT32_MAX) { act_first = sub.first; act_n = sub.n; }
      } else if (sub.n == 1) {
        const entry *e = &c->ent[sub.first];
        for (uint8_t k = 0; k < e->nag && nag < MAX_AG; k++) { ag[nag] = e->ag[k]; agp[nag++] = e->agpre[k]; }
      } else if (alt_first == UINT32_MAX) {
        alt_first = sub.first;
        alt_n = sub.n;
      }
      continue;
    }
    if (cn->label == DY_LABEL_PP || is_clause(cn->label)) continue;
    /* tokens and non-phrasal children (ADJP, QP, PRN...): the matches that start here */
    for (uint32_t t = cn->first; t < cn->last; t++) {
      if (c->mstart[t] < 0) continue;
      const amatch *m = &c->m[c->mstart[t]];
      if (m->kind == M_ACTOR) {
        if (act_first == UINT32_MAX && m->code) {
          act_first = c->nent;
          push_actor(c, m->code, m->start, m->start + m->len);
          act_n = c->nent - act_first;
          if (c->o.adjective_compounds && cn->label == DY_LABEL_ADJP && has_coord(s, ch)) act_adjp = ch;
        } else if (m->code && act_adjp == ch && c->nent == act_first + act_n &&
                   !names_entry(c, act_first, act_n, m->code)) {
          /* "French and Egyptian warships": one party per adjective, each
           * composed with the phrase's agents below */
          push_actor(c, m->code, m->start, m->start + m->len);
          act_n = c->nent - act_first;
        } else if (m->code && c->o.acronym_actors && cn->label == DY_LABEL_PRN && acronym(&s->tok[t], m->len) &&
                   !names_entry(c, act_first, act_n, m->code)) {
          /* "the Democratic People's Republic of Korea (DPRK)": the acronym
           * names the whole entity; an actor found in its long form
           * ("Korea") is only a part of it. An acronym that repeats an
           * actor already found only confirms it: "the Philippines and the
           * European Union (EU)" stays both. */
          act_first = c->nent;
          push_actor(c, m->code, m->start, m->start + m->len);
          act_n = c->nent - act_first;
        }
      } else if (nag < MAX_AG) {
        ag[nag] = m->code;
        agp[nag++] = m->prefix;
      }
    }
  }
  /* Matches that straddle children (e.g. "Ministry of Silly Walks" over an
   * NP and a PP) belong to this phrase as a whole. */
  for (uint32_t i = 0; i < c->nm; i++) {
    const amatch *m = &c->m[i];
    if (m->start < a || m->start + m->len > b) continue;
    int32_t ow = m->owner;
    if (ow < 0 || s->node[ow].first < a || s->node[ow].last > b) continue;
    /* owned by the phrase itself, i.e. no single child covers it */
    int single = 0;
    for (int32_t ch = from; ch >= 0 && ch != to_excl; ch = s->node[ch].next)
      if (s->node[ch].first <= m->start && s->node[ch].last >= m->start + m->len) { single = 1; break; }
    if (single) continue;
    if (m->kind == M_ACTOR) {
      if (act_first == UINT32_MAX && m->code) {
        act_first = c->nent;
        push_actor(c, m->code, m->start, m->start + m->len);
        act_n = c->nent - act_first;
      }
    } else if (nag < MAX_AG) {
      ag[nag] = m->code;
      agp[nag++] = m->prefix;
    }
  }
  if (act_first == UINT32_MAX) {
    int first_pp = 1;
    for (int32_t ch = from; ch >= 0 && ch != to_excl; ch = s->node[ch].next) {
      if (s->node[ch].label != DY_LABEL_PP) continue;
      for (int32_t g = s->node[ch].child; g >= 0; g = s->node[g].next) {
        if (!is_np(&s->node[g])) continue;
        elist sub = np_codes(c, s, g);
        int has_actor = 0;
        for (uint32_t k = 0; k < sub.n; k++) has_actor |= c->ent[sub.first + k].actor.n > 0;
        if (has_actor) { act_first = sub.first; act_n = sub.n; }
        else if (first_pp && sub.n && !nag && alt_first == UINT32_MAX && c->o.partitive_agents &&
                 word_is(&s->tok[s->node[ch].first], "of") && partitive_head(c, s, a, s->node[ch].first)) {
          /* "leaders of the opposition coalition", "a group of refugees":
           * the people counted or grouped are those of the "of" phrase */
          alt_first = sub.first;
          alt_n = sub.n;
        }
        break;
      }
      first_pp = 0;
      if (act_first != UINT32_MAX) break;
    }
  }
  elist out = {c->nent, 0, 2, 0};
  uint32_t nalt = alt_first == UINT32_MAX ? 1 : alt_n;
  if (act_first == UINT32_MAX) {
    if (!nag && alt_first == UINT32_MAX) return out;
    for (uint32_t k = 0; k < nalt; k++) {
      entry *e = new_entry(c);
      e->first = a;
      e->last = b;
      if (alt_first != UINT32_MAX) {
        const entry *al = &c->ent[alt_first + k];
        for (uint8_t j = 0; j < al->nag; j++) add_agent(e, al->ag[j], al->agpre[j]);
      }
      for (uint32_t j = 0; j < nag; j++) add_agent(e, ag[j], agp[j]);
    }
    out.n = c->nent - out.first;
    return out;
  }
  for (uint32_t i = 0; i < act_n; i++) {
    for (uint32_t k = 0; k < nalt; k++) {
      entry src = c->ent[act_first + i];
      entry *e = new_entry(c);
      *e = src;
      e->first = a;
      e->last = b;
      e->nag = 0;
      for (uint8_t j = 0; j < src.nag; j++) add_agent(e, src.ag[j], src.agpre[j]);
      if (alt_first != UINT32_MAX) {
        const entry *al = &c->ent[alt_first + k];
        for (uint8_t j = 0; j < al->nag; j++) add_agent(e, al->ag[j], al->agpre[j]);
      }
      for (uint32_t j = 0; j < nag; j++) add_agent(e, ag[j], agp[j]);
    }
  }
  out.n = c->nent - out.first;
  return out;
}

static int has_coord(const dy_sentence *s, int32_t n) {
  for (int32_t ch = s->node[n].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *cn = &s->node[ch];
    if (cn->label == DY_LABEL_CONJP) return 1;
    if (cn->label == DY_LABEL_TOK && s->tok[cn->first].tag == DY_TAG_CC) return 1;
  }
  return 0;
}

/* Codes of an NP: a list of entries (one per conjunct of a coordination).
 * Conjuncts without an actor ("media and government") borrow the actor
 * of the first conjunct that has one, with its modifiers but not its
 * head agent: "Danish media and government" -> DNKMED, DNKGOV. */
static elist np_codes_rec(dy_coder *c, const dy_sentence *s, int32_t n);

/* Noun phrases nest through each other by recursion; a pathological tree
 * (thousands of nested NPs) must not exhaust the stack: beyond this depth
 * a phrase counts as uncoded. */
#define MAX_NP_DEPTH 200

static elist np_codes(dy_coder *c, const dy_sentence *s, int32_t n) {
  if (c->np_depth >= MAX_NP_DEPTH) return (elist){0, 0, 2, 0};
  c->np_depth++;
  elist e = np_codes_rec(c, s, n);
  c->np_depth--;
  return e;
}

static elist np_codes_rec(dy_coder *c, const dy_sentence *s, int32_t n) {
  ensure_matches(c, s, n);
  elist *memo = &c->memo[n];
  if (memo->state == 2) return *memo;
  if (memo->state == 1) return (elist){0, 0, 2, 0}; /* cannot happen in a tree; be safe */
  memo->state = 1;
  const dy_node *nd = &s->node[n];
  elist out = {c->nent, 0, 2, 0};
  /* A lone pronoun is resolved by the caller (it needs the context). */
  if (!has_coord(s, n)) {
    out = flat_codes(c, s, nd->child, -1, nd->first, nd->last);
    memo = &c->memo[n];
    out.matched = memo->matched;
    *memo = out;
    memo->state = 2;
    return out;
  }
  /* Split the children into conjuncts at CC / comma / CONJP. */
  uint32_t gfirst[16], gn[16];
  int ng = 0;
  int32_t start = -1;
  int32_t ch = nd->child;
  for (;;) {
    int sep = 0;
    if (ch >= 0) {
      const dy_node *cn = &s->node[ch];
      sep = cn->label == DY_LABEL_CONJP || (cn->label == DY_LABEL_TOK && is_conj_token(&s->tok[cn->first])) ||
            (cn->label == DY_LABEL_TOK && (word_is(&s->tok[cn->first], "neither") || word_is(&s->tok[cn->first], "either") ||
                                           word_is(&s->tok[cn->first], "both")));
    }
    if (ch < 0 || sep) {
      if (start >= 0 && ng < 16) {
        int32_t stop = ch;
        elist sub;
        if (s->node[start].next == stop && is_np(&s->node[start])) sub = np_codes(c, s, start);
        else {
          uint32_t a = s->node[start].first, b = s->node[start].last;
          for (int32_t k = start; k >= 0 && k != stop; k = s->node[k].next) b = s->node[k].last;
          sub = flat_codes(c, s, start, stop, a, b);
        }
        if (sub.n) { gfirst[ng] = sub.first; gn[ng] = sub.n; ng++; }
      }
      start = -1;
      if (ch < 0) break;
    } else if (start < 0) {
      start = ch;
    }
    ch = s->node[ch].next;
  }
  /* first conjunct with an actor */
  int withact = -1;
  for (int g = 0; g < ng && withact < 0; g++)
    for (uint32_t k = 0; k < gn[g]; k++)
      if (c->ent[gfirst[g] + k].actor.n) { withact = g; break; }
  out.first = c->nent;
  for (int g = 0; g < ng; g++) {
    for (uint32_t k = 0; k < gn[g]; k++) {
      entry src = c->ent[gfirst[g] + k];
      if (!src.actor.n && withact >= 0) {
        for (uint32_t j = 0; j < gn[withact]; j++) {
          const entry wa_copy = c->ent[gfirst[withact] + j];
          const entry *wa = &wa_copy;
          entry *e = new_entry(c);
          e->actor = wa->actor;
          e->first = src.first;
          e->last = src.last;
          for (uint8_t q = 0; q + 1 < wa->nag; q++) add_agent(e, wa->ag[q], wa->agpre[q]);
          for (uint8_t q = 0; q < src.nag; q++) add_agent(e, src.ag[q], src.agpre[q]);
        }
      } else {
        entry *e = new_entry(c);
        *e = src;
      }
    }
  }
  out.n = c->nent - out.first;
  out.state = 2;
  memo = &c->memo[n];
  out.matched = memo->matched;
  *memo = out;
  return out;
}

/* Writes the CAMEO code of an entry: prefix agents, actor ("---" if
 * none), suffix agents not already in the code (TABARI drops redundant
 * agents: WASHINGTON [USAGOV] + officials [~GOV] stays USAGOV). */
static void entry_code(const entry *e, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = 0;
#define APPEND(p, len)                                   \
  do {                                                   \
    size_t l_ = (len);                                   \
    if (k + l_ >= n) l_ = n - 1 - k;                     \
    memcpy(buf + k, (p), l_);                            \
    k += l_;                                             \
    buf[k] = 0;                                          \
  } while (0)
  for (uint8_t i = 0; i < e->nag; i++)
    if (e->agpre[i]) APPEND(e->ag[i], strlen(e->ag[i]));
  if (e->actor.n) APPEND(e->actor.p, e->actor.n);
  else APPEND("---", 3);
  for (uint8_t i = 0; i < e->nag; i++) {
    if (e->agpre[i]) continue;
    const char *a = e->ag[i];
    size_t al = strlen(a);
    int dup = 0;
    /* compare in 3-letter blocks after the actor's country part */
    for (size_t p = 0; p + al <= k && !dup; p += 3) dup = memcmp(buf + p, a, al) == 0;
    if (!dup) APPEND(a, al);
  }
#undef APPEND
}

static int entry_null(const entry *e) { return !e->actor.n && !e->nag; }

/* ----------------------------------------------- units for source/target */

static int is_pronoun(const dy_token *t) {
  static const char *const p[] = {"he", "she", "it", "they", "him", "her", "them", "we", "us", NULL};
  if (t->tag != DY_TAG_PRP) return 0;
  for (int i = 0; p[i]; i++)
    if (word_is(t, p[i])) return 1;
  return 0;
}

/* Codes of an NP as a participant: pronouns take the nearest coded NP
 * before them (within the sentence); reflexives are left to the caller. */
static elist unit_codes(dy_coder *c, const dy_sentence *s, int32_t n, int depth);

static int32_t subject_before(dy_coder *c, const dy_sentence *s, uint32_t tok, int depth) {
  /* nearest clause subject before tok that has codes: a pronoun refers
   * back to an actor in subject position ("Frodo said he ..."), not to an
   * actor buried in an adjunct ("On ... Gondor's health centres, he said") */
  int32_t best = -1;
  for (uint32_t i = 0; i < s->nnode; i++) {
    const dy_node *nd = &s->node[i];
    if (!is_np(nd) || nd->last > tok || nd->parent < 0) continue;
    uint8_t pl = s->node[nd->parent].label;
    if (pl != DY_LABEL_S && pl != DY_LABEL_SINV && pl != DY_LABEL_SQ && pl != DY_LABEL_ROOT) continue;
    if (!c->vis[nd->first]) continue;
    elist e = unit_codes(c, s, (int32_t)i, depth + 1);
    if (!e.n) continue;
    if (best < 0 || nd->last > s->node[best].last) best = (int32_t)i;
  }
  return best;
}

static int refs_first(const dy_coder *c, const dy_sentence *s, int32_t n);
static int refs_lookup(dy_coder *c, const dy_sentence *s, int32_t n, elist e, elist *out);

static int32_t refs_pronoun_head(const dy_sentence *s, int32_t n);
static int refs_bound(const dy_sentence *s, int32_t ante, int32_t n);

static elist unit_codes(dy_coder *c, const dy_sentence *s, int32_t n, int depth) {
  if (c->rs) n = refs_pronoun_head(s, n);
  const dy_node *nd = &s->node[n];
  elist r;
  if (c->rs && refs_first(c, s, n) && refs_lookup(c, s, n, (elist){0, 0, 2, 0}, &r)) return r;
  if (nd->last - nd->first == 1 && is_pronoun(&s->tok[nd->first]) && depth < 3) {
    int32_t ante = subject_before(c, s, nd->first, depth);
    if (c->rs && ante >= 0 && refs_bound(s, ante, n)) ante = -1;
    if (ante >= 0) return unit_codes(c, s, ante, depth + 1);
    if (c->rs && refs_lookup(c, s, n, (elist){0, 0, 2, 0}, &r)) return r;
    return (elist){0, 0, 2, 0};
  }
  elist e = np_codes(c, s, n);
  /* drop null entries */
  uint32_t k = 0;
  for (uint32_t i = 0; i < e.n; i++) k += !entry_null(&c->ent[e.first + i]);
  if (!k) return (elist){0, 0, 2, 0};
  if (c->rs && e.n == 1 && !c->ent[e.first].actor.n && refs_lookup(c, s, n, e, &r)) return r;
  return e;
}

/* The subject of the clause of verb-phrase node vp: climb through
 * coordinated/auxiliary VPs and subjectless clauses ("Arnor is about to
 * restore": restore's clause has no subject, Arnor's has), and from a
 * relative clause to the noun phrase it modifies. */
/* A noun phrase of day words only ("Tuesday", "yesterday"): a time
 * adjunct (Penn NP-TMP), never the subject when a noun phrase precedes it:
 * "Ukrainian lawmakers Tuesday endorsed ..." */
static int day_np(const dy_sentence *s, int32_t np) {
  static const char *const day[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                    "today", "yesterday", "tonight", "tomorrow", NULL};
  for (uint32_t t = s->node[np].first; t < s->node[np].last; t++) {
    int hit = 0;
    for (int i = 0; day[i] && !hit; i++) hit = word_is(&s->tok[t], day[i]);
    if (!hit) return 0;
  }
  return 1;
}

static int32_t subject_of(const dy_sentence *s, int32_t vp) {
  int32_t n = vp;
  while (n >= 0) {
    int32_t p = s->node[n].parent;
    if (p < 0) return -1;
    const dy_node *pn = &s->node[p];
    if (pn->label == DY_LABEL_S || pn->label == DY_LABEL_SINV || pn->label == DY_LABEL_SQ || pn->label == DY_LABEL_ROOT ||
        pn->label == DY_LABEL_FRAG) {
      int32_t best = -1;
      for (int32_t ch = pn->child; ch >= 0; ch = s->node[ch].next) {
        if (s->node[ch].first >= s->node[n].first) break;
        if (is_np(&s->node[ch]) && !(best >= 0 && day_np(s, ch))) best = ch;
      }
      if (best >= 0) return best;
      /* "Gondor launched X and [shelling Y]": a subjectless clause
       * coordinated with a clause that has a subject borrows it */
      if (pn->label == DY_LABEL_S && s->node[n].label == DY_LABEL_VP && pn->parent >= 0 &&
          s->node[pn->parent].label == DY_LABEL_S && has_coord(s, pn->parent)) {
        for (int32_t sib = s->node[pn->parent].child; sib >= 0 && sib != p; sib = s->node[sib].next) {
          if (s->node[sib].label != DY_LABEL_S) continue;
          for (int32_t ch = s->node[sib].child; ch >= 0; ch = s->node[ch].next)
            if (is_np(&s->node[ch])) return ch;
        }
      }
    } else if (is_np(pn)) {
      /* relative or reduced relative clause: the modified NP */
      for (int32_t ch = pn->child; ch >= 0; ch = s->node[ch].next) {
        if (s->node[ch].first >= s->node[n].first) break;
        if (is_np(&s->node[ch])) return ch;
      }
      return -1;
    }
    n = p;
  }
  return -1;
}

/* ------------------------------------------------------ pattern matching */

typedef struct pm {
  int32_t src, tgt, cmp; /* NP nodes bound by $, +, % (or -1) */
  int cmp_lower;         /* % was matched after the verb: a compound target */
  uint32_t far;          /* nearest_patterns: how far from the verb (in
                            visible tokens) the farthest element matched */
} pm;

/* smallest NP starting at token t that is visible; climbs to a
 * coordination whose first conjunct it is (so "% " sees "A and B") */
static int32_t np_starting(dy_coder *c, const dy_sentence *s, uint32_t t) {
  int32_t n = c->tokpre[t];
  int32_t best = -1;
  for (int32_t p = n >= 0 ? s->node[n].parent : -1; p >= 0 && s->node[p].first == t; p = s->node[p].parent) {
    if (is_np(&s->node[p])) {
      if (best < 0) best = p;
      else if (has_coord(s, p)) best = p;
    }
  }
  return best;
}

/* smallest NP containing token t: "^" right after a word matched inside
 * a noun phrase skips the rest of that phrase ("warned THEIR ^ ABOUT" on
 * "warned their populations about") */
static int32_t np_containing(dy_coder *c, const dy_sentence *s, uint32_t t) {
  int32_t n = c->tokpre[t];
  for (int32_t p = n >= 0 ? s->node[n].parent : -1; p >= 0; p = s->node[p].parent) {
    if (is_clause(s->node[p].label) || s->node[p].label == DY_LABEL_PP) return -1;
    if (is_np(&s->node[p])) return p;
  }
  return -1;
}

/* highest NP ending at token t (inclusive) */
static int32_t np_ending(dy_coder *c, const dy_sentence *s, uint32_t t) {
  int32_t n = c->tokpre[t];
  int32_t best = -1;
  for (int32_t p = n >= 0 ? s->node[n].parent : -1; p >= 0 && s->node[p].last == t + 1; p = s->node[p].parent) {
    if (is_clause(s->node[p].label) || s->node[p].label == DY_LABEL_PP) break;
    if (is_np(&s->node[p])) best = p;
  }
  return best;
}

/* Synset members at token t, cached per sentence (patterns of one verb
 * ask for the same synset at the same place many times). */
static uint32_t synset_match_at(dy_coder *c, const dy_sentence *s, uint32_t syn, uint32_t t) {
  if (!(c->tsyn[t] >> (syn & 63) & 1)) return 0; /* no member of syn starts with this word */
  if (syn >= c->nsyn || t >= c->cap_tok) return dy_dict_match_synset_ids(c->d, syn, s->tok, c->wid, s->ntok, t);
  size_t k = (size_t)syn * c->cap_tok + t;
  if (c->syn_stamp[k] == c->gen) return c->syn_len[k];
  uint32_t m = dy_dict_match_synset_ids(c->d, syn, s->tok, c->wid, s->ntok, t);
  c->syn_stamp[k] = c->gen;
  c->syn_len[k] = (uint8_t)(m > 255 ? 255 : m);
  return m;
}

/* A pattern element matched at distance k from the verb: keeps the
 * farthest (nearest_patterns); returns 1 (the match holds). */
static int far_at(pm *out, uint32_t k) {
  if (k > out->far) out->far = k;
  return 1;
}

/* Lower match: elements e[0..ne) against token list L[j..nl). */
static int match_lo(dy_coder *c, const dy_sentence *s, const pel *e, uint32_t ne, const uint32_t *L, uint32_t nl,
                    uint32_t j, pm *out, int budget) {
  if (ne == 0) return 1;
  if (budget <= 0) return 0;
  uint32_t kmax = e->adj ? (j < nl ? j + 1 : j) : nl;
  for (uint32_t k = j; k < kmax; k++) {
    uint32_t t = L[k];
    switch (e->kind) {
      case DY_PE_WORD:
        if (c->th[t] == e->hash && dy_str_eq(s->tok[t].norm, e->word) && match_lo(c, s, e + 1, ne - 1, L, nl, k + 1, out, budget - 1)) return far_at(out, k);
        break;
      case DY_PE_SYNSET: {
        uint32_t m = synset_match_at(c, s, e->synset, t);
        if (m) {
          uint32_t k2 = k;
          while (k2 < nl && L[k2] < t + m) k2++;
          if (match_lo(c, s, e + 1, ne - 1, L, nl, k2, out, budget - 1)) return far_at(out, k);
        }
        break;
      }
      case DY_PE_SOURCE:
      case DY_PE_TARGET:
      case DY_PE_ATTRIB:
      case DY_PE_SKIP: {
        int32_t np = np_starting(c, s, t);
        if (np < 0 && e->kind == DY_PE_SKIP && k == j) np = np_containing(c, s, t);
        if (np < 0) break;
        if (e->kind != DY_PE_SKIP && !unit_codes(c, s, np, 0).n) break;
        uint32_t k2 = k;
        while (k2 < nl && L[k2] < s->node[np].last) k2++;
        pm save = *out;
        if (e->kind == DY_PE_SOURCE) out->src = np;
        else if (e->kind == DY_PE_TARGET) out->tgt = np;
        else if (e->kind == DY_PE_ATTRIB) out->cmp = np, out->cmp_lower = 1;
        if (match_lo(c, s, e + 1, ne - 1, L, nl, k2, out, budget - 1)) return far_at(out, k);
        *out = save;
        if (e->kind == DY_PE_SKIP) return 0; /* ^ skips the next phrase, not any later one */
        break;
      }
      default:
        break;
    }
  }
  return 0;
}

/* Upper match: elements from the verb outwards against U[j..nu) (U[0] is
 * the token just before the verb). */
static int match_up(dy_coder *c, const dy_sentence *s, const pel *e, uint32_t ne, const uint32_t *U, uint32_t nu,
                    uint32_t j, pm *out, int budget) {
  if (ne == 0) return 1;
  if (budget <= 0) return 0;
  uint32_t kmax = e->adj ? (j < nu ? j + 1 : j) : nu;
  for (uint32_t k = j; k < kmax; k++) {
    uint32_t t = U[k];
    switch (e->kind) {
      case DY_PE_WORD:
        if (c->th[t] == e->hash && dy_str_eq(s->tok[t].norm, e->word) && match_up(c, s, e + 1, ne - 1, U, nu, k + 1, out, budget - 1)) return far_at(out, k);
        break;
      case DY_PE_SYNSET:
        for (uint32_t back = 0; back < 8 && back <= t; back++) {
          uint32_t m = synset_match_at(c, s, e->synset, t - back);
          if (m == back + 1) {
            uint32_t k2 = k;
            while (k2 < nu && U[k2] >= t - back) k2++;
            if (match_up(c, s, e + 1, ne - 1, U, nu, k2, out, budget - 1)) return far_at(out, k);
          }
        }
        break;
      case DY_PE_SOURCE:
      case DY_PE_TARGET:
      case DY_PE_ATTRIB:
      case DY_PE_SKIP: {
        int32_t np = np_ending(c, s, t);
        if (np < 0) break;
        if (e->kind != DY_PE_SKIP && !unit_codes(c, s, np, 0).n) break;
        uint32_t k2 = k;
        while (k2 < nu && U[k2] >= s->node[np].first) k2++;
        pm save = *out;
        if (e->kind == DY_PE_SOURCE) out->src = np;
        else if (e->kind == DY_PE_TARGET) out->tgt = np;
        else if (e->kind == DY_PE_ATTRIB) out->cmp = np;
        if (match_up(c, s, e + 1, ne - 1, U, nu, k2, out, budget - 1)) return far_at(out, k);
        *out = save;
        if (e->kind == DY_PE_SKIP) return 0;
        break;
      }
      default:
        break;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- events */

typedef struct evctx {
  dy_coder *c;
  dy_story *st;
  uint32_t si;
  uint32_t added;
  dy_str verb_text;
  const char *rule;
} evctx;

/* The words of tokens [a, b): a span of the story text when the tokens
 * carry offsets into it; otherwise (tokens from a given parse) the words
 * joined by single spaces, copied into the story arena. */
static dy_str span_of(dy_story *st, const dy_sentence *s, uint32_t a, uint32_t b) {
  if (a >= b || b > s->ntok) return (dy_str){NULL, 0};
  const dy_token *x = &s->tok[a], *y = &s->tok[b - 1];
  if (x->off != UINT32_MAX && y->off != UINT32_MAX && y->off >= x->off && st->text &&
      (size_t)y->off + y->raw.n <= st->len)
    return (dy_str){st->text + x->off, (uint32_t)(y->off + y->raw.n - x->off)};
  if (b - a == 1) return x->raw;
  size_t n = 0;
  for (uint32_t i = a; i < b; i++) n += s->tok[i].raw.n + 1;
  char *buf = dy_arena_alloc(st->arena, n);
  size_t k = 0;
  for (uint32_t i = a; i < b; i++) {
    if (k) buf[k++] = ' ';
    memcpy(buf + k, s->tok[i].raw.p, s->tok[i].raw.n);
    k += s->tok[i].raw.n;
  }
  buf[k] = 0;
  return (dy_str){buf, (uint32_t)k};
}

/* domestic_agents: the country block of a code when it names a state.
 * CAMEO's first block is a country, or a non-state block: international
 * organisations and groups (IGO, NGO, NGM, MNC, IMG, INT, UIS), regions
 * (AFR, MEA, WST ...) and the religious/ethnic blocks some Phoenix
 * records start with (MOS, HIN, BUD, ELI, MED, KKL). */
static int state_block(const char *code) {
  static const char *const nonstate[] = {"IGO", "NGO", "NGM", "MNC", "IMG", "INT", "UIS", "AFR", "ASA", "BLK", "CAU",
                                         "CFR", "CAS", "CEU", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA", "MDT",
                                         "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF", "WEU", "WST",
                                         "MOS", "HIN", "BUD", "ELI", "MED", "KKL", "CHR", "JEW", "MUS", "REL", NULL};
  for (int i = 0; i < 3; i++)
    if (code[i] < 'A' || code[i] > 'Z') return 0;
  for (const char *const *p = nonstate; *p; p++)
    if (!memcmp(code, *p, 3)) return 0;
  return 1;
}

/* domestic_agents: a party of agents only ("police", "rebels", "the
 * opposition": "---COP") facing a party that names a state takes that
 * state: news names a foreign party's nationality ("British soldiers"),
 * so a bare role word in an event with one national party is that
 * country's own ("Gondor arrested opposition leaders" -> GONOPP).
 * Not for armed violence (roots 18-20, see emit). Both codes are
 * rewritten in place (32 bytes, codes of 3+ letters). */
static void domestic_agents(char *sc, char *tc) {
  int su = !strncmp(sc, "---", 3) && sc[3], tu = !strncmp(tc, "---", 3) && tc[3];
  if (su && !tu && state_block(tc)) memcpy(sc, tc, 3);
  else if (tu && !su && state_block(sc)) memcpy(tc, sc, 3);
}

static void emit(evctx *x, const dy_sentence *s, const entry *src, const entry *tgt, const char *code, size_t codelen) {
  if (!src || entry_null(src)) return; /* no source actor: no event */
  if (tgt && entry_null(tgt)) tgt = NULL;
  if (!tgt && x->c->o.require_dyad) return;
  char sc[32], tc[32];
  entry_code(src, sc, sizeof sc);
  if (tgt) entry_code(tgt, tc, sizeof tc);
  else tc[0] = 0;
  char cc[8];
  if (codelen >= sizeof cc) codelen = sizeof cc - 1;
  memcpy(cc, code, codelen);
  cc[codelen] = 0;
  /* not in armed violence (roots 18-20): there the unnamed party is as
   * often the foreign side ("Israeli tanks killed four children") */
  if (tgt && x->c->o.domestic_agents && !(cc[0] == '1' && cc[1] >= '8') && cc[0] != '2') domestic_agents(sc, tc);
  if (tgt && !strcmp(sc, tc)) return; /* self-events carry no information */
  if (!strcmp(cc, "---") || !cc[0]) return;
  dy_story *st = x->st;
  for (uint32_t i = 0; i < st->nev; i++) {
    const dy_event *e = &st->ev[i];
    if ((e->sentence == x->si || x->c->o.one_event_per_story) && !strcmp(e->source, sc) && !strcmp(e->target, tc) &&
        !strcmp(e->code, cc))
      return;
  }
  dy_event *e = dy_story_add_event(st);
  e->sentence = x->si;
  e->date = s->date ? s->date : st->date;
  /* sc, tc (32 bytes) and cc (8) are NUL-terminated within the sizes of
   * the event's fields: plain copies (snprintf was 5% of coding) */
  memcpy(e->source, sc, strlen(sc) + 1);
  memcpy(e->target, tc, strlen(tc) + 1);
  memcpy(e->code, cc, strlen(cc) + 1);
  e->source_text = span_of(st, s, src->first, src->last);
  if (tgt) e->target_text = span_of(st, s, tgt->first, tgt->last);
  e->verb_text = x->verb_text;
  e->rule = x->rule;
  x->added++;
}

/* joint_exercises: a targetless show of military power (150) by a
 * compound source naming two or more states ("French and Egyptian
 * warships launched war games") is their joint exercise, CAMEO 062
 * (cooperate militarily), each state towards each other one, as the
 * dictionary's {JOINT EXERCISES} [062:062]. Returns 1 when it emitted
 * (some pair of sources of different states), else 0 (150 by each). */
static int joint_exercise(evctx *x, const dy_sentence *s, elist S) {
  dy_coder *c = x->c;
  int pairs = 0;
  for (uint32_t i = 0; i < S.n; i++)
    for (uint32_t j = 0; j < S.n; j++) {
      const entry *a = &c->ent[S.first + i], *b = &c->ent[S.first + j];
      if (i == j || entry_null(a) || entry_null(b)) continue;
      char ac[32], bc[32];
      entry_code(a, ac, sizeof ac);
      entry_code(b, bc, sizeof bc);
      if (ac[0] == '-' || bc[0] == '-' || !memcmp(ac, bc, 3) || !state_block(ac) || !state_block(bc)) continue;
      emit(x, s, a, b, "062", 3);
      pairs++;
    }
  return pairs > 0;
}

/* All events of one verb: code "A" or paired "A:B" (B is the reverse
 * event, e.g. "visit" / "receive a visit"), for every source x target. */
static void emit_all(evctx *x, const dy_sentence *s, elist S, elist T, const char *code) {
  dy_coder *c = x->c;
  const char *colon = strchr(code, ':');
  size_t l1 = colon ? (size_t)(colon - code) : strlen(code);
  /* source and target are the same phrase (a combined clause whose target
   * is the speaker again): a self-event, member by member of a compound
   * ("French and Egyptian warships ... expected to be joined by ...") */
  if (S.n > 1 && S.first == T.first && S.n == T.n) return;
  if (!T.n && c->o.joint_exercises && l1 == 3 && !memcmp(code, "150", 3) && joint_exercise(x, s, S)) return;
  for (uint32_t i = 0; i < S.n; i++) {
    const entry *se = &c->ent[S.first + i];
    if (entry_null(se)) continue;
    if (!T.n) {
      /* PETRARCH codes a null target only for a single source: a compound
       * source without any target gives nothing (unless compound_null_target) */
      if (S.n == 1 || c->o.compound_null_target) emit(x, s, se, NULL, code, l1);
      continue;
    }
    for (uint32_t j = 0; j < T.n; j++) {
      const entry *te = &c->ent[T.first + j];
      emit(x, s, se, te, code, l1);
      if (colon) emit(x, s, te, se, colon + 1, strlen(colon + 1));
    }
  }
}

static int same_codes(dy_coder *c, elist a, elist b) {
  char x[32], y[32];
  for (uint32_t i = 0; i < a.n; i++) {
    entry_code(&c->ent[a.first + i], x, sizeof x);
    int found = 0;
    for (uint32_t j = 0; j < b.n && !found; j++) {
      entry_code(&c->ent[b.first + j], y, sizeof y);
      found = !strcmp(x, y);
    }
    if (!found) return 0;
  }
  return a.n > 0;
}

/* Temporal noun phrases ("today", NP-TMP in the Treebank) are not
 * participants. */
static int temporal_np(const dy_sentence *s, const dy_node *nd) {
  if (nd->last - nd->first != 1) return 0;
  static const char *const w[] = {"today", "yesterday", "tomorrow", "tonight", "now", "recently", NULL};
  for (int i = 0; w[i]; i++)
    if (word_is(&s->tok[nd->first], w[i])) return 1;
  return 0;
}

/* The node after n in document order inside the subtree of root (n's own
 * subtree skipped when skip); -1 at the end. Walks the links, so it does
 * not depend on how the producer numbered the nodes. */
static int32_t next_in(const dy_sentence *s, int32_t n, int32_t root, int skip) {
  if (!skip && s->node[n].child >= 0) return s->node[n].child;
  while (n >= 0 && n != root) {
    if (s->node[n].next >= 0) return s->node[n].next;
    n = s->node[n].parent;
  }
  return -1;
}

/* actor_targets: the head noun of NP n (its last noun, inside the first
 * NP child when n holds phrases) is itself an agent word ("reporters",
 * "peacekeepers", "an embassy"), not a thing an agent word only modifies
 * ("military aid", "a new military offensive"). */
static int agent_head(const dy_coder *c, const dy_sentence *s, int32_t n) {
  while (s->node[n].child >= 0 && is_np(&s->node[s->node[n].child])) n = s->node[n].child;
  uint32_t head = UINT32_MAX;
  for (uint32_t t = s->node[n].first; t < s->node[n].last; t++) {
    uint8_t g = s->tok[t].tag;
    if (g == DY_TAG_NN || g == DY_TAG_NNS || g == DY_TAG_NNP || g == DY_TAG_NNPS) head = t;
  }
  if (head == UINT32_MAX) return 1;
  for (uint32_t i = 0; i < c->nm; i++)
    if (c->m[i].start <= head && head < c->m[i].start + c->m[i].len) return 1;
  return 0;
}

/* actor_targets: NP n is the object of a preposition of place ("in",
 * "near"...), not of one that names whom an action is directed to
 * ("to", "with", "against", "at", "from"...); a direct object is not. */
static int locative_np(const dy_sentence *s, int32_t vp, int32_t n) {
  /* "on" and "over" are left out: "on the Syrian border" is a place */
  static const char *const goal[] = {"to", "with", "against", "at", "into", "toward", "towards", "onto", "from", "for", NULL};
  for (int32_t p = s->node[n].parent; p >= 0 && p != vp; p = s->node[p].parent) {
    if (s->node[p].label != DY_LABEL_PP) continue;
    const dy_token *t = &s->tok[s->node[p].first];
    for (int i = 0; goal[i]; i++)
      if (word_is(t, goal[i])) return 0;
    return 1;
  }
  return 0;
}

/* actor_targets: some entry of e names an actor (not agents only). */
static int has_actor_entry(const dy_coder *c, elist e) {
  for (uint32_t i = 0; i < e.n; i++)
    if (c->ent[e.first + i].actor.n) return 1;
  return 0;
}

/* actor_targets: a phrase of agents only ("sent troops", "launched a
 * military offensive") gives way as the target to a later noun phrase
 * naming an actor ("to Gondor", "with Iraq"): a theme or instrument with
 * an agent word is not the actor acted upon, the recipient or place is;
 * a phrase of people ("reporters") gives way only to an actor the action
 * is directed to ("to", "with", "against"...), not to a place. Only inside the verb's own clause (not in a clause below it: "arrested
 * protesters who had attacked the embassy"). */
static int32_t n_or_first(const dy_coder *c, const dy_sentence *s, int32_t vp, int32_t n, int32_t first_agents) {
  for (int32_t p = s->node[n].parent; p >= 0 && p != vp; p = s->node[p].parent) {
    uint8_t l = s->node[p].label;
    if (l == DY_LABEL_S || l == DY_LABEL_SBAR || l == DY_LABEL_SINV || l == DY_LABEL_SQ || l == DY_LABEL_RRC ||
        l == DY_LABEL_VP)
      return first_agents;
  }
  /* "told reporters in Kabul", "deployed peacekeepers in Iraq": people
   * (an agent head) stay the target unless the actor is where the action
   * is directed ("sent troops to Gondor") */
  if (agent_head(c, s, first_agents) && locative_np(s, vp, n)) return first_agents;
  return n;
}

/* First coded NP of the verb phrase vp inside [a, b) (visible), in word
 * order, that does not just repeat the source (a
 * pronoun for the subject: "Frodo said he ..."). *any_np tells whether
 * there was a noun phrase at all (a null-coded target still makes a
 * PETRARCH event when require_dyad is off). */
static int32_t first_coded_np(dy_coder *c, const dy_sentence *s, int32_t vp, uint32_t a, uint32_t b, int32_t exclude,
                              elist S, int *any_np) {
  *any_np = 0;
  int32_t first_agents = -1; /* actor_targets: the first phrase of agents only */
  for (int32_t n = s->node[vp].child; n >= 0;) {
    const dy_node *nd = &s->node[n];
    int skip = nd->last <= a || nd->first >= b || n == exclude;
    /* candidates: NPs that are not part of a bigger NP in the range (whose
     * codes already cover them); NPs deeper down, under a PP or a clause
     * inside an NP ("the parade supporting Gondor"), are candidates too */
    if (!skip && is_np(nd) && nd->first >= a && nd->last <= b &&
        !(nd->parent >= 0 && is_np(&s->node[nd->parent]) && s->node[nd->parent].first >= a &&
          s->node[nd->parent].last <= b)) {
      if (c->vis[nd->first] && !temporal_np(s, nd)) {
        *any_np = 1;
        elist e = unit_codes(c, s, n, 0);
        if (e.n && !same_codes(c, e, S)) {
          if (!c->o.actor_targets) return n;
          if (has_actor_entry(c, e)) return first_agents >= 0 ? n_or_first(c, s, vp, n, first_agents) : n;
          if (first_agents < 0) first_agents = n;
        }
      }
    }
    n = next_in(s, n, vp, skip);
  }
  return first_agents;
}

/* The coded NP of the first "by" phrase in vp after token a (the agent of
 * a passive verb). */
static int32_t by_agent_depth(dy_coder *c, const dy_sentence *s, int32_t vp, uint32_t a, int depth);

/* passive_targets: the doer behind an uncoded instrument of a by-phrase,
 * "blown up by a missile fired by rebels": the by-phrase of a participle
 * phrase inside noun phrase np. */
static int32_t instrument_agent(dy_coder *c, const dy_sentence *s, int32_t np, int depth) {
  if (!c->o.passive_targets || depth > 3) return -1;
  for (int32_t ch = s->node[np].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *nd = &s->node[ch];
    if (nd->label == DY_LABEL_VP && s->tok[nd->first].tag == DY_TAG_VBN) {
      int32_t r = -1;
      /* the participle phrase and the verb phrases below it ("believed to
       * be fired by") */
      for (int32_t n = ch; n >= 0 && r < 0; n = next_in(s, n, ch, 0))
        if (s->node[n].label == DY_LABEL_VP) r = by_agent_depth(c, s, n, s->node[n].first, depth + 1);
      if (r >= 0) return r;
    }
  }
  return -1;
}

static int32_t by_agent_depth(dy_coder *c, const dy_sentence *s, int32_t vp, uint32_t a, int depth) {
  for (int32_t n = s->node[vp].child; n >= 0;) {
    const dy_node *nd = &s->node[n];
    int skip = nd->last <= a || is_np(nd);
    if (!skip && nd->label == DY_LABEL_PP && nd->first >= a) {
      skip = 1;
      if (word_is(&s->tok[nd->first], "by") && c->vis[nd->first])
        for (int32_t ch = nd->child; ch >= 0; ch = s->node[ch].next) {
          if (!is_np(&s->node[ch])) continue;
          if (unit_codes(c, s, ch, 0).n) return ch;
          int32_t r = instrument_agent(c, s, ch, depth);
          if (r >= 0) return r;
        }
    }
    n = next_in(s, n, vp, skip);
  }
  return -1;
}

static int32_t by_agent(dy_coder *c, const dy_sentence *s, int32_t vp, uint32_t a) {
  return by_agent_depth(c, s, vp, a, 0);
}

/* For --explain: the rule plus the dictionary line that gave the code,
 * e.g. "...: pattern '- * DIPLOMATIC [064]' (PETR.Validate.verbs.txt:1010)". */
static void explain_rule(dy_coder *c, evctx *x, uint32_t block, uint32_t pattern, const char *code) {
  dy_verb_block vb;
  if (dy_dict_verb_block(c->d, block, &vb) != 0) return;
  const char *file = vb.file ? vb.file : "";
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  const char *verb = vb.name && vb.name[0] ? vb.name : vb.verb ? vb.verb : "?";
  dy_verb_pattern vp;
  if (pattern != UINT32_MAX && dy_dict_verb_pattern(c->d, pattern, &vp) == 0) {
    /* the pattern line with its runs of blanks squeezed */
    const char *r = vp.raw ? vp.raw : "";
    char *sq = dy_arena_alloc(x->st->arena, strlen(r) + 1);
    size_t k = 0;
    for (const char *q = r; *q; q++)
      if (!(*q == ' ' || *q == '\t') || (k && sq[k - 1] != ' ')) sq[k++] = (*q == '\t') ? ' ' : *q;
    while (k && sq[k - 1] == ' ') k--;
    sq[k] = 0;
    x->rule = dy_arena_printf(x->st->arena, "%s; pattern '%s' of %s (%s:%u)", x->rule, sq, verb, base, vp.line);
  } else {
    x->rule = dy_arena_printf(x->st->arena, "%s; verb %s [%s] (%s:%u)", x->rule, verb, code, base, vb.line);
  }
}

/* The verb phrase vp, or an auxiliary verb phrase above it ("did not
 * [attack]", "will not [help]"), carries a negation. */
static int negated(const dy_sentence *s, int32_t vp) {
  for (int32_t n = vp; n >= 0 && s->node[n].label == DY_LABEL_VP; n = s->node[n].parent)
    if (s->node[n].flags & DY_NODE_NEGATED) return 1;
  return 0;
}

/* Tries the patterns of block b; on a match (longer patterns first) sets
 * *code and *got and returns the pattern weight + 1, else 0. */
static uint32_t try_block(dy_coder *c, const dy_sentence *s, uint32_t b, uint32_t nu, uint32_t nl, const char **code,
                          pm *got, uint32_t *pindex) {
  if (b >= c->nblk) return 0;
  const vblock *vb = &c->blk[b];
  uint32_t w = 0;
  const pfilt *f = c->pf + vb->first;
  const uint64_t sm = c->smask, ss = c->ssyn;
  for (uint32_t i = 0; i < vb->n; i++) {
    /* most patterns fail here (pfilt); those skipped would fail the
     * tests below too, before looking at anything */
    if ((f[i].w64 & ~sm) | (f[i].syn & ~ss)) continue;
    const cpat *p = &c->pat[vb->first + i];
    if (w && p->weight + 1 < w) break; /* only patterns as long as the match */
    pm m = {-1, -1, -1, 0, 0};
    if ((p->wmask[0] & ~c->smask4[0]) | (p->wmask[1] & ~c->smask4[1]) | (p->wmask[2] & ~c->smask4[2]) |
        (p->wmask[3] & ~c->smask4[3]))
      continue; /* a word of the pattern is not in the sentence */
    /* a synset it needs before any noun phrase has no member starting in
     * the sentence: it cannot match. Only those: a pattern that reaches a
     * $ or + first must still look at that phrase, because the actor
     * matches of nested noun phrases depend on the order in which the
     * phrases are first looked at (ensure_matches), and skipping it would
     * change that order */
    if (p->synmask & ~c->ssyn) continue;
    if (p->special) continue; /* TABARI special codes: not events */
    if (!match_up(c, s, c->pel + p->first_up, p->nup, c->up, nu, 0, &m, 64)) continue;
    if (!match_lo(c, s, c->pel + p->first_lo, p->nlo, c->lo, nl, 0, &m, 64)) continue;
    if (w && m.far >= got->far) continue;
    *got = m;
    *code = p->code;
    *pindex = p->index;
    w = p->weight + 1;
    /* PETRARCH: the first written of the longest matching patterns.
     * nearest_patterns: among the patterns of that length, the one whose
     * words lie nearest the verb ("prevented the demonstration ... to
     * protest the decision": DEMONSTRATION, not DECISION of a later
     * clause) */
    if (!c->o.nearest_patterns || !got->far) return w;
  }
  return w;
}

/* ----------------------------------------- verb combinations (CAMEO)
 *
 * CAMEO codes what an actor says it will do, demands, or refuses to do
 * with the same content categories in four families (codebook roots 02,
 * 03, 10, 12): material cooperation, diplomatic cooperation, aid,
 * political reform, yielding, meeting, settling, mediation, each with the
 * same subcodes (economic, military...). PETRARCH2 "combines" a framing
 * verb with the verb of its complement the same way ("intend [030] + help
 * [070] = 033"). The content category of a lower code: */
enum { K_NONE, K_COOP, K_MAT, K_DIP, K_AID, K_REFORM, K_YIELD, K_MEET, K_SETTLE, K_MEDIATE };

typedef struct vcat {
  int k;   /* K_* */
  int sub; /* MAT, AID, REFORM: 1..4; YIELD: 1..6; 0 = unspecified */
} vcat;

static int code_digit(const char *code, int i) {
  return code && (int)strlen(code) > i && code[i] >= '0' && code[i] <= '9' ? code[i] - '0' : -1;
}

static vcat coop_category(const char *code) {
  vcat r = {K_NONE, 0};
  int a = code_digit(code, 0), b = code_digit(code, 1), t = code_digit(code, 2), f = code_digit(code, 3);
  if (a != 0 || b < 0 || t < 0) return r;
  int sub4 = f > 0 ? f : 0;
  switch (b) {
    case 3: /* intents name their content themselves */
      if (t == 0) r.k = K_COOP;
      else if (t == 1) r.k = K_MAT, r.sub = sub4;
      else if (t == 2) r.k = K_DIP;
      else if (t == 3) r.k = K_AID, r.sub = sub4;
      else if (t == 4) r.k = K_REFORM, r.sub = sub4;
      else if (t == 5) r.k = K_YIELD, r.sub = sub4;
      else if (t == 6) r.k = K_MEET;
      else if (t == 7) r.k = K_SETTLE;
      else r.k = K_MEDIATE;
      break;
    case 4: r.k = t == 5 ? K_MEDIATE : K_MEET; break;  /* consult; 045 mediate */
    case 5: r.k = t == 7 ? K_SETTLE : K_DIP; break;    /* 057 sign formal agreement */
    case 6: r.k = K_MAT, r.sub = t >= 1 && t <= 4 ? t : 0; break;
    case 7: r.k = K_AID, r.sub = t >= 1 && t <= 4 ? t : 0; break;
    case 8: /* yield: 081 administrative sanctions, 082 dissent, 083 reform,
               084 release, 085 economic sanctions, 086 international
               involvement, 087 de-escalation */
      if (t == 3) r.k = K_REFORM, r.sub = sub4;
      else if (t == 0) r.k = K_YIELD;
      else r.k = K_YIELD, r.sub = t == 1 ? 1 : t == 2 ? 2 : t == 4 ? 3 : t == 5 ? 4 : t == 6 ? 5 : 6;
      break;
    default: break;
  }
  return r;
}

typedef struct vfamily {
  const char *gen, *mat[5], *dip, *aid[5], *reform[5], *yield[7], *meet, *settle, *mediate;
} vfamily;

/* codebook: 03 express intent to cooperate, 02 appeal, 10 demand, 12 reject */
static const vfamily F_INTENT = {"030", {"031", "0311", "0312", "0313", "0314"}, "032",
                                 {"033", "0331", "0332", "0333", "0334"}, {"034", "0341", "0342", "0343", "0344"},
                                 {"035", "0351", "0352", "0353", "0354", "0355", "0356"}, "036", "037", "039"};
static const vfamily F_APPEAL = {"020", {"021", "0211", "0212", "0213", "0214"}, "022",
                                 {"023", "0231", "0232", "0233", "0234"}, {"024", "0241", "0242", "0243", "0244"},
                                 {"025", "0251", "0252", "0253", "0254", "0255", "0256"}, "026", "027", "028"};
static const vfamily F_DEMAND = {"100", {"101", "1011", "1012", "1013", "1014"}, "102",
                                 {"103", "1031", "1032", "1033", "1034"}, {"104", "1041", "1042", "1043", "1044"},
                                 {"105", "1051", "1052", "1053", "1054", "1055", "1056"}, "106", "107", "108"};
/* 12 has no "reject diplomatic cooperation": the root code */
static const vfamily F_REJECT = {"120", {"121", "1211", "1212", "1213", "1214"}, "120",
                                 {"122", "1221", "1222", "1223", "1224"}, {"123", "1231", "1232", "1233", "1234"},
                                 {"124", "1241", "1242", "1243", "1244", "1245", "1246"}, "125", "127", "126"};

/* The family code for the content of lower code `code`, or NULL when the
 * lower code is not cooperative. */
static const char *family_code(const vfamily *f, const char *code) {
  vcat k = coop_category(code);
  switch (k.k) {
    case K_COOP: return f->gen;
    case K_MAT: return f->mat[k.sub <= 4 ? k.sub : 0];
    case K_DIP: return f->dip;
    case K_AID: return f->aid[k.sub <= 4 ? k.sub : 0];
    case K_REFORM: return f->reform[k.sub <= 4 ? k.sub : 0];
    case K_YIELD: return f->yield[k.sub <= 6 ? k.sub : 0];
    case K_MEET: return f->meet;
    case K_SETTLE: return f->settle;
    case K_MEDIATE: return f->mediate;
    default: return NULL;
  }
}

/* Codebook 13: an expressed intent to do something conflictual is a
 * threat; the subcode follows the threatened action. NULL: the code is
 * not a conflictual action. */
static const char *threat_code(const char *code) {
  int a = code_digit(code, 0), b = code_digit(code, 1), t = code_digit(code, 2), f = code_digit(code, 3);
  if (a < 0 || b < 0 || t < 0) return NULL;
  int root = a * 10 + b;
  switch (root) {
    case 14: return "133"; /* protest */
    case 15: return "130"; /* posture */
    case 16:
      switch (t) {
        case 1: return "1313"; case 2: return "1311"; case 3: return "1312";
        case 4: return "134"; case 5: return "135"; case 6: return "136"; default: return "131";
      }
    case 17:
      if (t == 2) {
        static const char *const adm[] = {"132", "1321", "1322", "1323", "1324"};
        return adm[f >= 1 && f <= 4 ? f : 0];
      }
      return t == 5 ? "137" : "130";
    case 18: return "1383";
    case 19: return t == 1 ? "1381" : t == 2 ? "1382" : "1384";
    case 20: return t == 4 ? "1385" : "1383";
    default: return NULL;
  }
}

/* An intention: cooperative content -> 03x, conflictual -> 13x. */
static const char *intent_code(const char *code) {
  const char *r = family_code(&F_INTENT, code);
  return r ? r : threat_code(code);
}

static int code_root(const char *code) {
  int a = code_digit(code, 0), b = code_digit(code, 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/* Modality of the clause of verb phrase vp: auxiliaries above it ("will
 * [attack]"), and predicates a controlled infinitive passes through ("is
 * prepared [to lift]", "has [to leave]"). */
enum { MOD_NONE = 0, MOD_FUTURE = 1, MOD_OBLIG = 2 };

static int word_in_list(const dy_token *t, const char *const *w) {
  for (int i = 0; w[i]; i++)
    if (word_is(t, w[i])) return 1;
  return 0;
}

static int modal_word(const dy_token *t) {
  static const char *const fut[] = {"will", "would", "shall", "'ll", "wo", NULL};
  static const char *const obl[] = {"must", "should", "ought", NULL};
  if (t->tag != DY_TAG_MD) return MOD_NONE;
  if (word_in_list(t, fut)) return MOD_FUTURE;
  if (word_in_list(t, obl)) return MOD_OBLIG;
  return MOD_NONE;
}

/* "prepared to", "has to": the predicate of a controlled infinitive that
 * only adds modality */
static int passthrough_word(const dy_token *t) {
  static const char *const fut[] = {"prepared", "ready", "willing", "going", "determined", NULL};
  static const char *const obl[] = {"have", "has", "need", "needs", NULL};
  if (word_in_list(t, fut)) return MOD_FUTURE;
  if (word_in_list(t, obl)) return MOD_OBLIG;
  return MOD_NONE;
}

/* Modality that VP n adds to a controlled infinitive child inf: its verb
 * ("has [to ...]") or an adjective before inf ("is prepared [to ...]"). */
static int passthrough_vp(const dy_sentence *s, int32_t n, int32_t inf);

/* The verb token heading VP n (its first verb-tagged token child), or
 * UINT32_MAX. */
static uint32_t vp_verb(const dy_sentence *s, int32_t n) {
  for (int32_t ch = s->node[n].child; ch >= 0; ch = s->node[ch].next)
    if (s->node[ch].label == DY_LABEL_TOK && (is_verb_tag(s->tok[s->node[ch].first].tag) ||
                                              s->tok[s->node[ch].first].tag == DY_TAG_MD))
      return s->node[ch].first;
  return UINT32_MAX;
}

static int clause_has_subject(const dy_sentence *s, int32_t cl) {
  for (int32_t ch = s->node[cl].child; ch >= 0; ch = s->node[ch].next) {
    if (is_np(&s->node[ch])) return 1;
    if (s->node[ch].label == DY_LABEL_VP) return 0;
  }
  return 0;
}

static int passthrough_vp(const dy_sentence *s, int32_t n, int32_t inf) {
  for (int32_t ch = s->node[n].child; ch >= 0 && ch != inf; ch = s->node[ch].next) {
    const dy_node *cn = &s->node[ch];
    if (cn->label == DY_LABEL_TOK || cn->label == DY_LABEL_ADJP)
      for (uint32_t t = cn->first; t < cn->last; t++) {
        int m = passthrough_word(&s->tok[t]);
        if (m) return m;
      }
  }
  return MOD_NONE;
}

/* The controlled infinitive inside adjective phrase a ("[ADJP determined
 * [S to V]]", the Penn shape of "is determined to V"), or -1. */
static int32_t adjp_infinitive(const dy_sentence *s, int32_t a) {
  for (int32_t ch = s->node[a].child; ch >= 0; ch = s->node[ch].next)
    if (s->node[ch].label == DY_LABEL_S) return clause_has_subject(s, ch) ? -1 : ch;
  return -1;
}

static int clause_modality(const dy_sentence *s, int32_t vp) {
  int mod = MOD_NONE;
  int32_t n = vp;
  for (;;) {
    int32_t p = s->node[n].parent;
    if (p < 0) break;
    if (s->node[p].label == DY_LABEL_VP) {
      for (int32_t ch = s->node[p].child; ch >= 0 && ch != n; ch = s->node[ch].next)
        if (s->node[ch].label == DY_LABEL_TOK && !mod) mod = modal_word(&s->tok[s->node[ch].first]);
      n = p;
      continue;
    }
    /* [S [VP to V]] under "prepared" / "has": a controlled infinitive,
     * a child of the VP or of its adjective ([ADJP determined [S to V]]) */
    int32_t h = s->node[p].label == DY_LABEL_S && !clause_has_subject(s, p) ? s->node[p].parent : -1;
    int32_t up = h >= 0 && s->node[h].label == DY_LABEL_ADJP ? s->node[h].parent : h;
    if (up >= 0 && s->node[up].label == DY_LABEL_VP) {
      int m = passthrough_vp(s, h, p);
      if (!m) break;
      if (!mod) mod = m;
      n = up;
      continue;
    }
    break;
  }
  return mod;
}

/* The main verb of clause cl: down the auxiliary chain ("will [have
 * [signed]]") and through the predicates of clause_modality. */
static uint32_t clause_verb(const dy_sentence *s, int32_t cl) {
  int32_t n = -1;
  for (int32_t ch = s->node[cl].child; ch >= 0 && n < 0; ch = s->node[ch].next)
    if (s->node[ch].label == DY_LABEL_VP) n = ch;
  for (int guard = 0; n >= 0 && guard < 64; guard++) {
    int32_t sub = -1, inf = -1, holder = n;
    for (int32_t ch = s->node[n].child; ch >= 0; ch = s->node[ch].next) {
      if (s->node[ch].label == DY_LABEL_VP && sub < 0) sub = ch;
      if (s->node[ch].label == DY_LABEL_S && inf < 0 && !clause_has_subject(s, ch)) inf = ch;
      if (s->node[ch].label == DY_LABEL_ADJP && inf < 0) {
        int32_t a = adjp_infinitive(s, ch);
        if (a >= 0) inf = a, holder = ch;
      }
    }
    if (sub >= 0) { n = sub; continue; }
    uint32_t v = vp_verb(s, n);
    if (inf >= 0 && passthrough_vp(s, holder, inf)) {
      n = -1;
      for (int32_t ch = s->node[inf].child; ch >= 0 && n < 0; ch = s->node[ch].next)
        if (s->node[ch].label == DY_LABEL_VP) n = ch;
      continue;
    }
    return v != UINT32_MAX && is_verb_tag(s->tok[v].tag) ? v : UINT32_MAX;
  }
  return UINT32_MAX;
}

/* The complement clause of the verb heading vp, after token a: a
 * "that"-clause or a bare clause ("said [it would ...]"), or an
 * infinitive ("refused [to ...]", "urged Gondor [to ...]"). Adverbial
 * clauses ("as", "after", "if"...) are not complements. *object: a noun
 * phrase between the verb and the clause (the addressee of "urge"). */
static int32_t complement_clause(const dy_sentence *s, int32_t vp, uint32_t a, int32_t *object) {
  *object = -1;
  for (int32_t ch = s->node[vp].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *nd = &s->node[ch];
    if (nd->last <= a) continue;
    if (is_np(nd) && *object < 0) { *object = ch; continue; }
    if (nd->label == DY_LABEL_S) return ch;
    if (nd->label == DY_LABEL_SBAR) {
      int32_t f = nd->child;
      if (f >= 0 && s->node[f].label == DY_LABEL_TOK) {
        if (!word_is(&s->tok[s->node[f].first], "that")) return -1;
        f = s->node[f].next;
      }
      return f >= 0 && s->node[f].label == DY_LABEL_S ? f : -1;
    }
  }
  return -1;
}

/* The noun phrase of an "on"/"upon" phrase of vp between token a and the
 * complement clause cl ("called [on Arabs] [to unite]"), or -1. */
static int32_t on_object(const dy_sentence *s, int32_t vp, uint32_t a, int32_t cl) {
  for (int32_t ch = s->node[vp].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *nd = &s->node[ch];
    if (nd->first >= s->node[cl].first) break;
    if (nd->last <= a || nd->label != DY_LABEL_PP) continue;
    if (!word_is(&s->tok[nd->first], "on") && !word_is(&s->tok[nd->first], "upon")) continue;
    for (int32_t n = nd->child; n >= 0; n = s->node[n].next)
      if (is_np(&s->node[n])) return n;
  }
  return -1;
}

/* Everything code_verb needs to know about one verb before emitting. */
typedef struct vev {
  const char *code;    /* pattern or verb code; NULL or "---": none */
  const char *own;     /* the verb's own (dictionary entry) code */
  elist S, T;
  int any_np;          /* a noun phrase follows the verb */
  int negated;         /* negated and no pattern covers it */
  int compound;        /* "% ... *" before the verb: got.cmp holds the compound */
  int32_t cmp;
  int32_t vp, subj;
  uint32_t vfirst, vlast, block, pidx, best;
  const char *rule;
} vev;

static int passive_like(const dy_sentence *s, uint32_t vt, int32_t vp);

/* passive_targets: participles that after "be" describe a state of the
 * subject, who is the doer ("forces were engaged in fighting", "is
 * committed to talks", "is opposed to the plan"), not a passive. */
static int stative_participle(const dy_token *t) {
  static const char *const w[] = {"engaged", "involved", "committed", "determined", "prepared", "opposed",
                                  "allied", "united", "poised", "resolved", "dedicated", "bound", NULL};
  return word_in_list(t, w);
}

/* passive_targets: the verb at vt is passive in meaning: a participle
 * under "be" ("a journalist has been killed") or heading a reduced
 * relative clause, a participle phrase right inside a noun phrase ("the
 * Hamas movement jailed a year ago", "weapons seized last year"). */
static int passive_meaning(const dy_coder *c, const dy_sentence *s, uint32_t vt, int32_t vp) {
  if (!c->o.passive_targets || s->tok[vt].tag != DY_TAG_VBN || stative_participle(&s->tok[vt])) return 0;
  if (passive_like(s, vt, vp)) return 1;
  int32_t top = vp;
  while (s->node[top].parent >= 0 && s->node[s->node[top].parent].label == DY_LABEL_VP) top = s->node[top].parent;
  return s->node[top].parent >= 0 && is_np(&s->node[s->node[top].parent]) && s->node[top].first == vt;
}

/* passive_targets: participles whose subject's own side did the act:
 * armed forces are withdrawn, shipped out, pulled out or demobilized by
 * their command ("UN peacekeepers were withdrawn from Bosnia" is the UN
 * withdrawing them, 1661; "guerrillas have been demobilized", 0873), so
 * the subject is the source, not the target. */
static int self_passive(const dy_sentence *s, uint32_t vt) {
  static const char *const w[] = {"withdrawn", "demobilized", "demobilised", NULL};
  static const char *const moved[] = {"shipped", "pulled", NULL};
  if (word_in_list(&s->tok[vt], w)) return 1;
  return vt + 1 < s->ntok && word_in_list(&s->tok[vt], moved) && (word_is(&s->tok[vt + 1], "out") || word_is(&s->tok[vt + 1], "back"));
}

/* passive_targets: the doer of a passive named by its means, "killed in
 * an Israeli air strike", "wounded in Gondorian shelling": a PP "in"
 * whose noun phrase names an attack and, first, an actor. Returns that
 * actor's noun phrase, or -1. */
static int32_t means_agent(dy_coder *c, const dy_sentence *s, int32_t vp, uint32_t a) {
  static const char *const attack[] = {"attack",  "attacks", "strike",  "strikes", "airstrike", "airstrikes",
                                       "raid",    "raids",   "shelling", "bombing", "bombardment", "ambush",
                                       "assault", "offensive", "fire", "gunfire", "rocket", "missile", NULL};
  for (int32_t n = s->node[vp].child; n >= 0; n = s->node[n].next) {
    const dy_node *nd = &s->node[n];
    if (nd->label != DY_LABEL_PP || nd->first < a || !word_is(&s->tok[nd->first], "in") || !c->vis[nd->first]) continue;
    int32_t np = -1;
    for (int32_t ch = nd->child; ch >= 0 && np < 0; ch = s->node[ch].next)
      if (is_np(&s->node[ch])) np = ch;
    if (np < 0) continue;
    /* the attack word within the phrase's first words, before any
     * nested preposition ("in Israeli tank shelling in the east") */
    int hit = 0;
    for (uint32_t t = s->node[np].first; t < s->node[np].last && t < s->node[np].first + 5 && !hit; t++) {
      if (s->tok[t].tag == DY_TAG_IN || s->tok[t].tag == DY_TAG_TO) break;
      hit = word_in_list(&s->tok[t], attack);
    }
    if (!hit) continue;
    while (s->node[np].child >= 0 && is_np(&s->node[s->node[np].child])) np = s->node[np].child;
    elist e = unit_codes(c, s, np, 0);
    if (e.n && has_actor_entry(c, e)) return np;
  }
  return -1;
}

/* local_patterns: the outermost clause holding token t but not the verb
 * at vt that modifies a noun: a relative clause ("the PLO, which he said
 * would help peace talks"), an active participle ("aircraft using guided
 * missiles", "a declaration demanding that ..."), an infinitival one
 * ("the right to vote"): an action of the noun's own, not the verb's, so
 * no pattern word of the verb is taken from it. A passive participle
 * describes the noun's state and stays ("militiamen armed with machetes
 * attacked": the machetes are the attack's means). -1: none. */
static int noun_clause_node(const dy_sentence *s, int32_t p) {
  const dy_node *nd = &s->node[p];
  if (nd->parent < 0 || !is_np(&s->node[nd->parent])) return 0;
  if (nd->label == DY_LABEL_SBAR || nd->label == DY_LABEL_S || nd->label == DY_LABEL_RRC) return 1;
  if (nd->label != DY_LABEL_VP) return 0;
  uint32_t v = vp_verb(s, p); /* an active participle is an action of the noun's own */
  return v != UINT32_MAX && s->tok[v].tag == DY_TAG_VBG;
}

/* Once per sentence: c->ncl[t] = token t lies in some clause modifying a
 * noun (most tokens do not, and need no climb). */
static void noun_clause_marks(dy_coder *c, const dy_sentence *s) {
  if (c->ncl_gen == c->gen) return;
  memset(c->ncl, 0, s->ntok);
  for (uint32_t i = 0; i < s->nnode; i++)
    if (s->node[i].label != DY_LABEL_TOK && noun_clause_node(s, (int32_t)i))
      memset(c->ncl + s->node[i].first, 1, s->node[i].last - s->node[i].first);
  c->ncl_gen = c->gen;
}

static int32_t noun_clause_at(const dy_coder *c, const dy_sentence *s, uint32_t t, uint32_t vt) {
  int32_t best = -1;
  int32_t n = c->tokpre[t];
  for (int32_t p = n >= 0 ? s->node[n].parent : -1; p >= 0; p = s->node[p].parent) {
    const dy_node *nd = &s->node[p];
    if (vt >= nd->first && vt < nd->last) break;
    if (noun_clause_node(s, p)) best = p;
  }
  return best;
}

/* apposed_subjects: the subject NP subj when it is visible and codes
 * something; else, when it comes right after "NP ," in its clause, that NP
 * (visible and coded): "Qatar's emir, Sheikh Hamad, launched ...", where
 * the name codes nothing or was removed as a comma clause, is the emir.
 * Otherwise subj unchanged. */
static int32_t apposed_subject(dy_coder *c, const dy_sentence *s, int32_t subj) {
  if (c->vis[s->node[subj].first] && unit_codes(c, s, subj, 0).n) return subj;
  int32_t p = s->node[subj].parent, np = -1, comma = -1;
  if (p < 0) return subj;
  /* the two siblings before subj */
  for (int32_t ch = s->node[p].child; ch >= 0 && ch != subj; ch = s->node[ch].next) np = comma, comma = ch;
  if (np < 0 || comma < 0 || !is_np(&s->node[np])) return subj;
  const dy_node *cm = &s->node[comma];
  if (cm->label != DY_LABEL_TOK || s->tok[cm->first].tag != DY_TAG_COMMA || !c->vis[cm->first]) return subj;
  if (!c->vis[s->node[np].first] || !unit_codes(c, s, np, 0).n) return subj;
  return np;
}

/* Looks the verb at token vt up and finds its code and participants.
 * Returns 0 when it is no dictionary verb heading a verb phrase. */
static int analyse_verb(dy_coder *c, const dy_sentence *s, uint32_t vt, vev *v) {
  memset(v, 0, sizeof *v);
  v->cmp = -1;
  dy_verb_match vm;
  if (!dy_dict_match_verb_ids(c->d, s->tok, c->wid, s->ntok, vt, &vm)) return 0;
  int32_t pre = c->tokpre[vt];
  int32_t vp = pre >= 0 ? s->node[pre].parent : -1;
  if (vp < 0 || s->node[vp].label != DY_LABEL_VP) return 0;
  v->vp = vp;
  v->block = vm.block;
  v->own = vm.code;
  uint32_t vfirst = vm.first < vt ? vm.first : vt, vlast = vm.last > vt + 1 ? vm.last : vt + 1;
  v->vfirst = vfirst;
  v->vlast = vlast;
  /* upper: visible tokens before the verb, nearest first */
  uint32_t nu = 0, nl = 0;
  int lp = c->o.local_patterns;
  if (lp) noun_clause_marks(c, s);
  for (uint32_t t = vfirst; t-- > 0;) {
    int32_t nc = lp && c->ncl[t] ? noun_clause_at(c, s, t, vt) : -1;
    if (nc >= 0) t = s->node[nc].first; /* skip the whole clause */
    else if (c->vis[t]) c->up[nu++] = t;
  }
  uint32_t vpend = s->node[vp].last;
  for (uint32_t t = vlast; t < vpend; t++) {
    int32_t nc = lp && c->ncl[t] ? noun_clause_at(c, s, t, vt) : -1;
    if (nc >= 0) t = s->node[nc].last - 1;
    else if (c->vis[t]) c->lo[nl++] = t;
  }
  const char *code = vm.code ? vm.code : "---";
  pm got = {-1, -1, -1, 0, 0};
  /* The patterns of the matched verb's block; a verb word listed in
   * several blocks (SHOT twice) has all their patterns, as PETRARCH keys
   * patterns by the verb word. The longest matching pattern wins. */
  const char *pcode = NULL;
  uint32_t pidx = UINT32_MAX, pidx2 = UINT32_MAX;
  uint32_t best = try_block(c, s, vm.block, nu, nl, &pcode, &got, &pidx);
  uint32_t forms[16];
  uint32_t nf = dy_dict_verb_lookup_id(c->d, c->wid[vt], forms, 16);
  if (nf > 16) nf = 16;
  for (uint32_t f = 0; f < nf; f++) {
    dy_verb_form vf;
    if (dy_dict_verb_form(c->d, forms[f], &vf) != 0 || vf.block == vm.block || vf.npre || vf.npost) continue;
    const char *pc2 = NULL;
    pm g2;
    uint32_t w = try_block(c, s, vf.block, nu, nl, &pc2, &g2, &pidx2);
    if (w > best) best = w, pcode = pc2, got = g2, pidx = pidx2;
  }
  if (best) code = pcode;
  v->code = code;
  v->best = best;
  v->pidx = pidx;
  if (!code || !strcmp(code, "---")) return 1;
  /* Negation: patterns may code it ("DID_NOT *", "&NEGATVAUXVRB *"); a
   * negated verb that no pattern covers is not the event ("did not
   * attack" is no attack). */
  v->negated = !best && negated(s, vp);
  /* participants */
  elist S = {0, 0, 2, 0}, T = {0, 0, 2, 0};
  int32_t subj = subject_of(s, vp);
  if (subj >= 0 && c->o.apposed_subjects) subj = apposed_subject(c, s, subj);
  if (subj >= 0 && !c->vis[s->node[subj].first]) subj = -1;
  v->subj = subj;
  int passive = (s->node[vp].flags & DY_NODE_PASSIVE) != 0;
  int pmean = passive_meaning(c, s, vt, vp);
  if (pmean && self_passive(s, vt) && by_agent(c, s, vp, vlast) < 0) pmean = 0, passive = 0;
  if (pmean) passive = 1;
  if (got.cmp >= 0 && !got.cmp_lower && got.src < 0 && got.tgt < 0) {
    v->compound = 1;
    v->cmp = got.cmp;
    return 1;
  }
  if (got.cmp >= 0 && got.cmp_lower && got.tgt < 0) got.tgt = got.cmp;
  if (got.src >= 0) S = unit_codes(c, s, got.src, 0);
  if (got.tgt >= 0) T = unit_codes(c, s, got.tgt, 0);
  int32_t agent = -1;
  int any_np = got.tgt >= 0;
  if (passive && got.src < 0 && got.tgt < 0) agent = by_agent(c, s, vp, vlast);
  if (pmean && agent < 0 && got.src < 0 && got.tgt < 0) agent = means_agent(c, s, vp, vlast);
  if (agent >= 0) {
    S = unit_codes(c, s, agent, 0);
    if (subj >= 0) T = unit_codes(c, s, subj, 0);
    any_np = 1;
    v->rule = best ? "passive voice, verb pattern: source from the by-phrase" : "passive voice: source from the by-phrase";
  } else if (pmean && got.src < 0) {
    /* passive_targets: the subject (or the noun a reduced relative
     * modifies) suffered the action; with no by-phrase the doer is
     * unknown, and no source means no event ("a journalist has been
     * killed" is not the journalist killing) */
    if (got.tgt < 0 && subj >= 0) T = unit_codes(c, s, subj, 0);
    any_np = 1;
    v->rule = "passive voice without a by-phrase: the subject is the target, no source";
  } else {
    if (got.src < 0 && subj >= 0) S = unit_codes(c, s, subj, 0);
    if (got.tgt < 0) {
      int32_t tn = first_coded_np(c, s, vp, vlast, vpend, got.src, S, &any_np);
      if (tn >= 0) T = unit_codes(c, s, tn, 0);
    }
    v->rule = best ? "verb pattern: source = clause subject or $, target = first coded noun phrase after the verb or +"
                   : "verb code: source = clause subject, target = first coded noun phrase after the verb";
  }
  v->S = S;
  v->T = T;
  v->any_np = any_np;
  return 1;
}

static int has_code(const char *code) { return code && code[0] && strcmp(code, "---") != 0; }

/* Rewrites v->code by the modality of its clause (combine_verbs): "will
 * help" is an intent to help (03x), "will attack" a threat (13x), "will
 * not help" a refusal (12x). A paired code loses its reverse: the other
 * side has done nothing yet. Returns the rule text, or NULL (unchanged). */
static const char *apply_modality(const dy_sentence *s, vev *v) {
  if (!has_code(v->code) || clause_modality(s, v->vp) != MOD_FUTURE) return NULL;
  char one[8];
  const char *colon = strchr(v->code, ':');
  size_t l = colon ? (size_t)(colon - v->code) : strlen(v->code);
  if (l >= sizeof one) return NULL;
  memcpy(one, v->code, l);
  one[l] = 0;
  const char *r = v->negated ? family_code(&F_REJECT, one) : intent_code(one);
  if (!r) return NULL;
  v->code = r;
  v->negated = 0;
  return "future or intended action: intent (03), threat (13) or refusal (12) by its content";
}

static int same_actors(dy_coder *c, elist a, elist b) { return a.n && b.n && same_codes(c, a, b) && same_codes(c, b, a); }

/* state_speakers: the clause subject `said` is the bare state (one entry,
 * a country code alone: "Vietnam") whose government the speakers `spk`
 * are: every entry that state + GOV ("Vietnam's minister", VNMGOV) or GOV
 * agents without a state ("the minister": the state's own, as
 * domestic_agents has it). */
static int state_of_speakers(dy_coder *c, elist said, elist spk) {
  if (said.n != 1 || !spk.n) return 0;
  char a[32], b[32];
  entry_code(&c->ent[said.first], a, sizeof a);
  if (strlen(a) != 3 || !state_block(a)) return 0;
  for (uint32_t i = 0; i < spk.n; i++) {
    entry_code(&c->ent[spk.first + i], b, sizeof b);
    if ((memcmp(a, b, 3) && memcmp(b, "---", 3)) || memcmp(b + 3, "GOV", 3)) return 0;
  }
  return 1;
}

/* combine, verbs of saying: the clause's subject is the speaker himself,
 * or (state_speakers) the state a government speaker speaks for: "the
 * minister said Vietnam is committed to ..." states the government's own
 * commitment, as "... said it is committed to ..." does. *S: the speakers,
 * those without a state given the state's actor (VNMGOV). */
static int speaker_actors(dy_coder *c, elist said, elist spk, elist *S) {
  *S = spk;
  if (same_actors(c, said, spk)) return 1;
  if (!c->o.state_speakers || !state_of_speakers(c, said, spk)) return 0;
  const entry *st = &c->ent[said.first];
  S->first = c->nent;
  for (uint32_t i = 0; i < spk.n; i++) {
    entry sp = c->ent[spk.first + i];
    if (!sp.actor.n) sp.actor = st->actor;
    *new_entry(c) = sp;
  }
  S->n = c->nent - S->first;
  return 1;
}

/* "decided", "decides" ...: a decision taken (combine_verbs) */
static int decision_verb(const dy_token *t) {
  static const char *const w[] = {"decide", "decides", "decided", "deciding", NULL};
  return word_in_list(t, w);
}

/* 1 when no entry of `t` names an actor: agents alone ("publication",
 * "its activities"), the thing a restriction falls on, not another party */
static int agents_only(const dy_coder *c, elist t) {
  for (uint32_t k = 0; k < t.n; k++)
    if (c->ent[t.first + k].actor.n) return 0;
  return 1;
}

/* "ordered", "orders" ...: an authority's command (combine_verbs) */
static int order_verb(const dy_token *t) {
  static const char *const w[] = {"order", "orders", "ordered", "ordering", NULL};
  return word_in_list(t, w);
}

/* Frames (combine_verbs): a verb of saying, intending, refusing,
 * demanding or appealing with a complement clause whose verb has a code.
 * Returns 1 and sets *out (code, participants) when the pair gives one
 * event, else 0 (the upper verb is coded alone). */
static int combine(dy_coder *c, const dy_sentence *s, const vev *up, vev *out, const char **rule) {
  const char *own = up->own;
  if (!has_code(own) || up->negated || up->compound) return 0;
  int root = code_root(own);
  /* "called on Y to V": the CALL patterns *_ON, *_UPON [020] make the
   * verb an appeal, whose addressee is the "on" phrase */
  int call_on = root != 2 && up->code && !strcmp(up->code, "020");
  if (call_on) root = 2;
  int say = !strcmp(own, "010");
  if (!say && root != 3 && root != 12 && root != 10 && root != 2 && root != 13) return 0;
  int32_t obj = -1;
  int32_t cl = complement_clause(s, up->vp, up->vlast, &obj);
  if (cl < 0) return 0;
  uint32_t lt = clause_verb(s, cl);
  int controlled = !clause_has_subject(s, cl);
  vev lo;
  int have_lo = lt != UINT32_MAX && analyse_verb(c, s, lt, &lo) && has_code(lo.code) && !lo.compound;
  int mod = MOD_NONE, lneg = 0;
  if (have_lo) mod = clause_modality(s, lo.vp), lneg = lo.negated || negated(s, lo.vp);
  else {
    /* the modality of an uncoded clause still tells a demand */
    for (int32_t ch = s->node[cl].child; ch >= 0; ch = s->node[ch].next)
      if (s->node[ch].label == DY_LABEL_VP) {
        uint32_t mv = vp_verb(s, ch);
        if (mv != UINT32_MAX) mod = modal_word(&s->tok[mv]);
        break;
      }
  }
  char lcode[8] = "";
  if (have_lo) {
    const char *colon = strchr(lo.code, ':');
    size_t l = colon ? (size_t)(colon - lo.code) : strlen(lo.code);
    if (l < sizeof lcode) memcpy(lcode, lo.code, l), lcode[l] = 0;
  }
  *out = *up;
  if (say) {
    if (controlled) return 0;
    int32_t lsubj = -1;
    for (int32_t ch = s->node[cl].child; ch >= 0; ch = s->node[ch].next) {
      if (s->node[ch].label == DY_LABEL_VP) break;
      if (is_np(&s->node[ch])) lsubj = ch;
    }
    elist LS = lsubj >= 0 ? unit_codes(c, s, lsubj, 0) : (elist){0, 0, 2, 0};
    if (mod == MOD_OBLIG) {
      /* "X said Y must ..." : X demands of Y (codebook 10) */
      elist sp;
      if (!LS.n || speaker_actors(c, LS, up->S, &sp)) return 0;
      const char *d = lcode[0] && !lneg ? family_code(&F_DEMAND, lcode) : NULL; /* "must not": 100 */
      out->code = d ? d : "100";
      out->T = LS;
      out->any_np = 1;
      *rule = "statement that another actor must act: demand (10) by its content";
      return 1;
    }
    if (!have_lo) return 0;
    const char *code = lo.code;
    elist sp;
    if (mod == MOD_FUTURE) {
      if (!speaker_actors(c, lo.S, up->S, &sp)) return 0; /* a forecast about others */
      const char *r = lneg ? family_code(&F_REJECT, lcode) : intent_code(lcode);
      if (r) code = r;
      else if (lneg) return 0;
      *rule = lneg ? "statement of what the speaker will not do: refusal (12) by its content"
                   : "statement of what the speaker will do: intent (03) or threat (13) by its content";
    } else if (lneg) {
      return 0; /* "X said it did not ..." is not the action */
    } else if (speaker_actors(c, lo.S, up->S, &sp)) {
      *rule = "statement of the speaker's own action: that action (PETRARCH2 '~ a (a b Q) SAY = a b Q')";
    } else if (lo.S.n && (code_root(lcode) == 18 || code_root(lcode) == 19 || code_root(lcode) == 20)) {
      /* "X said Y attacked ...": X accuses Y (the dictionary's transformation) */
      out->code = "112";
      out->T = lo.S;
      out->any_np = 1;
      *rule = "statement that another actor attacked: accusation of aggression (PETRARCH2 '~ a (b . ATTACK) SAY = a b 112')";
      return 1;
    } else {
      return 0;
    }
    out->code = code;
    out->S = sp;
    out->T = lo.T;
    out->any_np = lo.any_np;
    return 1;
  }
  if (!have_lo) return 0;
  /* "refused [to V]": the infinitive right after the verb; with an object
   * between ("rejected an offer [to host ...]") it belongs to the object */
  if (root != 10 && root != 2 && obj >= 0) return 0;
  const char *r = NULL;
  if (root == 12) {
    if (lneg || !controlled) return 0;
    r = family_code(&F_REJECT, lcode);
    *rule = "refusal to act: reject (12) by the content of the refused action";
  } else if (root == 3) {
    if (lneg || !controlled) return 0;
    int lr = code_root(lcode);
    if (!up->best && decision_verb(&s->tok[up->vfirst]) && ((lr >= 4 && lr <= 8) || lr == 16) &&
        !strchr(lo.code, ':')) {
      /* "the court decided to allow ...": a decision taken on what the
       * decider grants, yields or withholds is the act (the dictionary's
       * own DECIDE patterns code acts: "* BAR" 160, "* EXEMPT" 071), not a
       * mere intent; its patterns still win. A decision to use force is
       * not yet the attack: that stays a threat (13). */
      r = lo.code; /* dictionary storage, not the local copy */
      *rule = "decision to act: the decided action";
    } else {
      r = intent_code(lcode);
      *rule = "intent to act: intent (03) or threat (13) by the content of the action";
    }
  } else if (root == 13) {
    if (lneg || !controlled) return 0;
    r = threat_code(lcode);
    *rule = "threat to act: threat (13) by the content of the action";
  } else {
    /* demand / appeal: the addressee is the object ("urged X to ...") or
     * the subject of the "that"-clause */
    elist A = {0, 0, 2, 0};
    if (call_on && controlled && obj < 0) obj = on_object(s, up->vp, up->vfirst, cl);
    if (controlled && obj >= 0) A = unit_codes(c, s, obj, 0);
    else if (!controlled) A = lo.S;
    int lr = code_root(lcode), l3 = code_digit(lcode, 2);
    /* "X called on Y to condemn [protest, mobilize against] Z" rallies
     * opposition against Z (113) whether or not Y is a coded actor
     * ("called on Arabs to mobilize against Israel": not an appeal to
     * Israel); a protest is opposition too (CAMEO 113 rally opposition
     * against: urge others to oppose) */
    int rally = lo.T.n && (obj >= 0 || !controlled) && ((lr == 5 && l3 >= 0 && l3 <= 2) || lr == 11 || lr == 14);
    if (lneg || (A.n && same_actors(c, A, up->S)) || (!A.n && !rally)) return 0;
    if (root == 10 && lr == 17 && l3 == 2 && order_verb(&s->tok[up->vfirst]) &&
        (!lo.T.n || agents_only(c, lo.T) || same_actors(c, lo.T, A))) {
      /* "the government ordered the newspaper to suspend publication":
       * ordering an actor to halt its own activity imposes the
       * restriction on it (CAMEO 172 administrative sanctions, 1721
       * political freedoms ...), as the ORDER block's own patterns code
       * "ordered the suspension of activities" (172) or "... a broadcast"
       * (1721). Only 172x: an order to arrest, expel or repress ("ordered
       * police to arrest X", 173) stays a demand of the addressee, and so
       * does one whose restriction falls on another actor. */
      out->code = lo.code; /* dictionary storage, not the local copy */
      out->T = A;
      out->any_np = 1;
      *rule = "order to an actor to halt its own activity: the restriction (172x) on it";
      return 1;
    }
    if (rally && !same_actors(c, lo.T, up->S) && !(A.n && same_actors(c, lo.T, A))) {
      /* "X urged Y to support [praise, defend] Z": X rallies support on
       * behalf of Z (053); "... to condemn [protest against] Z": X rallies
       * opposition against Z (113) */
      out->code = lr == 5 ? "053" : "113";
      out->T = lo.T;
      out->any_np = 1;
      *rule = lr == 5 ? "appeal to others to support an actor: rally support on behalf of it (053)"
                      : "appeal to others to oppose an actor: rally opposition against it (113)";
      return 1;
    }
    r = family_code(root == 10 ? &F_DEMAND : &F_APPEAL, lcode);
    if (!r) r = root == 10 ? "100" : "020";
    out->code = r;
    out->T = A;
    out->any_np = 1;
    *rule = root == 10 ? "demand that an actor act: demand (10) by the content of the action"
                       : "appeal to an actor to act: appeal (02) by the content of the action";
    return 1;
  }
  if (!r) return 0;
  out->code = r;
  if (lo.T.n) out->T = lo.T;
  out->any_np = out->any_np || lo.any_np;
  return 1;
}

/* combine_verbs: "issued a statement condemning X", "released a
 * declaration demanding that Y ...": a statement (010) whose object is
 * the document, and an active participle on it that says what the
 * statement does. The participle's event is the issuer's (CAMEO codes what
 * is said, by whom: 111 condemn, 10 demand ...), not a bare 010. Returns 1
 * and sets *out when the participle has a code. */
static int statement_relay(dy_coder *c, const dy_sentence *s, const vev *up, vev *out, const char **rule) {
  if (!has_code(up->code) || strcmp(up->code, "010") != 0 || up->negated || up->compound || !up->S.n) return 0;
  for (int32_t ch = s->node[up->vp].child; ch >= 0; ch = s->node[ch].next) {
    const dy_node *nd = &s->node[ch];
    if (nd->last <= up->vlast || !is_np(nd)) continue;
    /* [NP [NP a declaration] [VP demanding ...]] */
    int32_t head = nd->child, rel = head >= 0 ? s->node[head].next : -1;
    if (head < 0 || !is_np(&s->node[head]) || rel < 0 || s->node[rel].label != DY_LABEL_VP) return 0;
    uint32_t lt = vp_verb(s, rel);
    if (lt == UINT32_MAX || s->tok[lt].tag != DY_TAG_VBG) return 0;
    vev lo, comb;
    if (!analyse_verb(c, s, lt, &lo) || !has_code(lo.code) || lo.compound || lo.negated) return 0;
    const char *r2 = NULL;
    if (combine(c, s, &lo, &comb, &r2)) lo = comb;
    if (!has_code(lo.code) || !strcmp(lo.code, "010")) return 0;
    *out = lo;
    out->S = up->S;
    out->subj = up->subj;
    *rule = "statement whose participle says what it does (\"a declaration demanding ...\"): that act, by the issuer";
    return 1;
  }
  return 0;
}

/* A past participle under a form of "be" ("is [disarmed]", "was [killed]
 * and [wounded]"), whether or not the parse marked the phrase passive:
 * its subject suffered the action. */
static int passive_like(const dy_sentence *s, uint32_t vt, int32_t vp) {
  static const char *const be[] = {"is", "are", "was", "were", "be", "been", "being", "'s", "'re", NULL};
  if (s->tok[vt].tag != DY_TAG_VBN) return 0;
  for (int32_t n = s->node[vp].parent; n >= 0 && s->node[n].label == DY_LABEL_VP; n = s->node[n].parent)
    for (int32_t ch = s->node[n].child; ch >= 0; ch = s->node[ch].next)
      if (s->node[ch].label == DY_LABEL_TOK && word_in_list(&s->tok[s->node[ch].first], be)) return 1;
  return 0;
}

/* report_sources: the verb of saying (still a bare 010: nothing combined
 * with it, no target, no complement) of a clause that follows the
 * sentence's report after a comma: "Israel is opposed to ..., a close aide
 * to the prime minister said Wednesday." It names where the report comes
 * from, not a statement of its own: PETRARCH deletes such terminal clauses
 * up to comma_emax words; this drops them at any length. A quotation
 * before the comma is the speaker's own statement and stays. */
static int report_source(const dy_sentence *s, const vev *v) {
  if (!v->own || strcmp(v->own, "010") != 0 || !v->code || strcmp(v->code, "010") != 0 || v->T.n) return 0;
  int32_t obj;
  if (complement_clause(s, v->vp, v->vlast, &obj) >= 0) return 0;
  int32_t top = v->vp;
  while (s->node[top].parent >= 0 && s->node[s->node[top].parent].label == DY_LABEL_VP) top = s->node[top].parent;
  int32_t cl = s->node[top].parent;
  if (cl < 0 || s->node[cl].label != DY_LABEL_S) return 0;
  int report = 0;
  for (int32_t ch = s->node[cl].child; ch >= 0 && ch != top; ch = s->node[ch].next) {
    uint8_t l = s->node[ch].label;
    if (l == DY_LABEL_VP || l == DY_LABEL_S || l == DY_LABEL_SBAR) report = 1;
    else if (l == DY_LABEL_TOK && s->tok[s->node[ch].first].tag == DY_TAG_COMMA && report) {
      /* '"...," the spokesman said': a quotation is the speaker's own
       * statement, which stays (010) */
      uint32_t k = s->node[ch].first;
      for (uint32_t t = k > 0 ? k - 1 : k; t <= k + 1 && t < s->ntok; t++)
        if (s->tok[t].tag == DY_TAG_RQUOTE) return 0;
      return 1;
    }
  }
  return 0;
}

static int code_verb(dy_coder *c, dy_story *st, uint32_t si, uint32_t vt, evctx *x) {
  const dy_sentence *s = &st->sent[si];
  vev v;
  if (!analyse_verb(c, s, vt, &v)) return 0;
  if (!has_code(v.code)) return 0;
  x->verb_text = span_of(x->st, s, v.vfirst, v.vlast);
  x->rule = v.rule;
  if (v.compound) {
    /* "% HAVE *": the compound acts on itself, one event per ordered pair */
    elist C = unit_codes(c, s, v.cmp, 0);
    x->rule = "pattern with a compound actor (%) before the verb: events between its members";
    const char *colon = strchr(v.code, ':');
    size_t l1 = colon ? (size_t)(colon - v.code) : strlen(v.code);
    for (uint32_t i = 0; i < C.n; i++)
      for (uint32_t j = 0; j < C.n; j++)
        if (i != j) emit(x, s, &c->ent[C.first + i], &c->ent[C.first + j], v.code, l1);
    return 1;
  }
  const char *crule = NULL;
  if (c->o.combine_verbs) {
    vev comb;
    if (combine(c, s, &v, &comb, &crule)) v = comb;
    else if (statement_relay(c, s, &v, &comb, &crule)) v = comb;
    else crule = apply_modality(s, &v);
  }
  if (v.negated) return 1;
  if (c->o.report_sources && report_source(s, &v)) return 1;
  if (c->o.explain) {
    explain_rule(c, x, v.block, v.best ? v.pidx : UINT32_MAX, v.own ? v.own : v.code);
    if (crule) x->rule = dy_arena_printf(x->st->arena, "%s; %s [%s]", x->rule, crule, v.code);
  }
  if (!v.S.n) return 1;
  /* A verb without any noun phrase after it ("officials said today") has
   * no target slot at all: PETRARCH codes nothing for it. With
   * intransitive_events ("Gondorians demonstrated", "the minister
   * resigned") the source-only event is kept (as a null target is when
   * an uncoded noun phrase follows). Not for a participle under "be"
   * ("the regime is disarmed"): its subject is the one acted upon. */
  if (!v.T.n && !v.any_np &&
      (!c->o.intransitive_events || (passive_like(s, vt, v.vp) && !(c->o.passive_targets && self_passive(s, vt)))))
    return 1;
  emit_all(x, s, v.S, v.T, v.code);
  return 1;
}

/* ------------------------------------------- story context (refs hooks) */

/* What the coder keeps for the story context: the hooks and, per
 * sentence, the phrases already resolved through them (pattern matching
 * asks for the same noun phrase many times; the answer and its entry are
 * kept so the hook runs once per phrase). Fixed size: no allocation. */
#define REF_MEMO 16
struct refstate {
  dy_coder_refs h;
  dy_story *st;
  uint32_t si;
  uint32_t n;
  int32_t node[REF_MEMO];
  elist list[REF_MEMO];
  char code[REF_MEMO][32];
  uint64_t rv[16]; /* hashes of the reporting verbs (th[] of a token) */
  uint32_t nrv;
  /* the sentence's candidates, found once for its two reports */
  int found;
  int wants;       /* the wants hook's answer for the sentence, -1: not asked yet */
  int32_t spk[8], cand[32];
  int nspk, nc;
};

static const char *const reporting_verbs[] = {"said", "says", "say", "told", "tells", "added", "stated", "declared",
                                              "announced", "insisted", "noted", "wrote", "explained", NULL};

void dy_coder_set_refs(dy_coder *c, const dy_coder_refs *r) {
  if (!r) {
    free(c->rs);
    c->rs = NULL;
    return;
  }
  if (!c->rs) c->rs = dy_xcalloc(1, sizeof *c->rs);
  c->rs->h = *r;
  c->rs->nrv = 0;
  for (int i = 0; reporting_verbs[i] && c->rs->nrv < 16; i++)
    c->rs->rv[c->rs->nrv++] = dy_hash64(reporting_verbs[i], strlen(reporting_verbs[i]), DY_HASH_SEED);
}

static int word_in(const dy_token *t, const char *const *w) {
  for (int i = 0; w[i]; i++)
    if (word_is(t, w[i])) return 1;
  return 0;
}

/* A first-person pronoun inside a quotation speaks for the speaker: the
 * story context is asked before any antecedent in the sentence. */
static int refs_first(const dy_coder *c, const dy_sentence *s, int32_t n) {
  static const char *const fp[] = {"we", "us", "i", "me", NULL};
  const dy_node *nd = &s->node[n];
  (void)c;
  if (nd->last - nd->first != 1) return 0;
  const dy_token *t = &s->tok[nd->first];
  return t->tag == DY_TAG_PRP && (t->flags & DY_TOK_QUOTED) && word_in(t, fp);
}

/* Asks the hook about NP n (e = its agent-only codes, or empty for a
 * pronoun); on an answer *out is one entry with that actor code. */
static int refs_lookup(dy_coder *c, const dy_sentence *s, int32_t n, elist e, elist *out) {
  struct refstate *r = c->rs;
  if (!r->h.resolve || !r->st) return 0;
  for (uint32_t i = 0; i < r->n; i++)
    if (r->node[i] == n) {
      *out = r->list[i];
      return out->n > 0;
    }
  if (r->n >= REF_MEMO) return 0;
  uint32_t k = r->n;
  char given[32];
  if (e.n) entry_code(&c->ent[e.first], given, sizeof given);
  if (!r->h.resolve(r->h.ctx, r->st, r->si, s->node[n].first, s->node[n].last, e.n ? given : NULL, r->code[k])) {
    /* a pronoun is asked again (its speaker may be reported later in the
     * sentence); a phrase of agents is not */
    if (e.n) r->node[r->n++] = n, r->list[k] = (elist){0, 0, 2, 0};
    return 0;
  }
  r->n++;
  r->node[k] = n;
  r->code[k][31] = 0;
  uint32_t first = c->nent;
  push_actor(c, r->code[k], s->node[n].first, s->node[n].last); /* "IRN/TUR": one entry each */
  r->list[k] = (elist){first, c->nent - first, 2, 0};
  *out = r->list[k];
  return 1;
}

/* "accused [[it] [of supporting terrorism]]": a pronoun with only
 * prepositional phrases after it is the participant. */
static int32_t refs_pronoun_head(const dy_sentence *s, int32_t n) {
  int32_t h = s->node[n].child;
  if (h < 0 || !is_np(&s->node[h]) || s->node[h].last - s->node[h].first != 1) return n;
  if (s->tok[s->node[h].first].tag != DY_TAG_PRP || s->node[h].next < 0) return n;
  for (int32_t ch = s->node[h].next; ch >= 0; ch = s->node[ch].next)
    if (s->node[ch].label != DY_LABEL_PP) return n;
  return h;
}

static int32_t clause_of(const dy_sentence *s, int32_t n) {
  int32_t p = s->node[n].parent;
  while (p >= 0 && s->node[p].label != DY_LABEL_S && s->node[p].label != DY_LABEL_SINV &&
         s->node[p].label != DY_LABEL_SQ && s->node[p].label != DY_LABEL_ROOT)
    p = s->node[p].parent;
  return p;
}

/* An object pronoun (him, her, it, them) never means the subject of its
 * own clause ("The minister accused it": it is not the minister; that
 * would be "itself"), so with a story context that subject is not its
 * antecedent. */
static int refs_bound(const dy_sentence *s, int32_t ante, int32_t n) {
  static const char *const obj[] = {"him", "her", "it", "them", NULL};
  /* '"We condemn Russia," it said': a pronoun outside a quotation does
   * not refer to a speaker's words inside it (nor the reverse) */
  if ((s->tok[s->node[ante].first].flags ^ s->tok[s->node[n].first].flags) & DY_TOK_QUOTED) return 1;
  if (!word_in(&s->tok[s->node[n].first], obj) || s->node[n].first == 0) return 0;
  /* "It said ...": a subject "it" is not bound */
  int32_t p = s->node[n].parent;
  while (p >= 0 && is_np(&s->node[p])) p = s->node[p].parent;
  if (p < 0 || (s->node[p].label != DY_LABEL_VP && s->node[p].label != DY_LABEL_PP)) return 0;
  return clause_of(s, ante) == clause_of(s, n);
}

static int reporting_verb(const dy_coder *c, const dy_sentence *s, uint32_t t) {
  for (uint32_t i = 0; i < c->rs->nrv; i++)
    if (c->rs->rv[i] == c->th[t]) return word_in(&s->tok[t], reporting_verbs);
  return 0;
}

/* The speakers of sentence s: subjects of reporting verbs, or the noun
 * phrase after the verb in an inverted clause ("..., said spokesman X"),
 * outside quotations. */
static int refs_speakers(dy_coder *c, const dy_sentence *s, int32_t *spk, int max) {
  int n = 0;
  for (uint32_t t = 0; t < s->ntok && n < max; t++) {
    /* visible or not: "..., X said" is a terminal comma clause, removed
     * for coding events, but X is still the speaker */
    if (!is_verb_tag(s->tok[t].tag) || (s->tok[t].flags & DY_TOK_QUOTED) || !reporting_verb(c, s, t))
      continue;
    int32_t pre = c->tokpre[t];
    int32_t vp = pre >= 0 ? s->node[pre].parent : -1;
    if (vp < 0 || s->node[vp].label != DY_LABEL_VP) continue;
    int32_t subj = subject_of(s, vp);
    int32_t p = s->node[vp].parent;
    if (subj < 0 && p >= 0 && s->node[p].label == DY_LABEL_SINV)
      for (int32_t ch = s->node[vp].next; ch >= 0 && subj < 0; ch = s->node[ch].next)
        if (is_np(&s->node[ch])) subj = ch;
    if (subj >= 0 && !(s->tok[s->node[subj].first].flags & DY_TOK_QUOTED)) spk[n++] = subj;
  }
  /* "..., according to X" */
  for (uint32_t t = 0; t + 2 < s->ntok && n < max; t++) {
    if (!word_is(&s->tok[t], "according") || !word_is(&s->tok[t + 1], "to") || (s->tok[t].flags & DY_TOK_QUOTED))
      continue;
    int32_t np = np_starting(c, s, t + 2);
    if (np >= 0) spk[n++] = np;
  }
  return n;
}

static void refs_sentence(dy_coder *c, dy_story *st, uint32_t si) {
  c->rs->st = st;
  c->rs->si = si;
  c->rs->n = 0;
  c->rs->found = 0;
  c->rs->wants = -1;
}

/* The speakers and the candidate noun phrases (subjects and objects)
 * of the prepared sentence s, in word order, into c->rs. */
static void refs_candidates(dy_coder *c, const dy_sentence *s) {
  struct refstate *r = c->rs;
  int32_t *spk = r->spk, *cand = r->cand;
  int nspk = r->nspk = refs_speakers(c, s, spk, 8);
  int nc = 0;
  for (uint32_t i = 0; i < s->nnode && nc < 32; i++) {
    const dy_node *nd = &s->node[i];
    if (!is_np(nd) || nd->parent < 0 || nd->first >= s->ntok) continue;
    int isspk = 0;
    for (int q = 0; q < nspk; q++) isspk |= spk[q] == (int32_t)i;
    if (!c->vis[nd->first] && !isspk) continue;
    uint8_t pl = s->node[nd->parent].label;
    if (pl != DY_LABEL_S && pl != DY_LABEL_SINV && pl != DY_LABEL_SQ && pl != DY_LABEL_ROOT && pl != DY_LABEL_VP &&
        pl != DY_LABEL_FRAG && !isspk)
      continue;
    int k = nc++;
    while (k > 0 && s->node[cand[k - 1]].first > nd->first) cand[k] = cand[k - 1], k--;
    cand[k] = (int32_t)i;
  }
  r->nc = nc;
}

/* Reports the coded subjects and objects of sentence si to the story
 * context, in word order (the sentence is prepared): its speakers
 * (`speakers` 1) before its verbs are coded, as its quotations need them;
 * the others (0) after, so that coding the sentence sees exactly the
 * state it would see without a story context. */
static void refs_report(dy_coder *c, dy_story *st, uint32_t si, int lookahead, int speakers) {
  struct refstate *r = c->rs;
  const dy_sentence *s = &st->sent[si];
  if (!r->h.mention) return;
  if (r->h.wants) { /* asked once for the sentence's two reports */
    if (r->wants < 0) r->wants = r->h.wants(r->h.ctx, st, si) != 0;
    if (!r->wants) return;
  }
  int32_t *spk = r->spk, *cand = r->cand;
  if (!r->found) {
    refs_candidates(c, s);
    r->found = 1;
  }
  int nspk = r->nspk, nc = r->nc;
  for (int k = 0; k < nc; k++) {
    int32_t n = cand[k];
    int isspk = 0;
    for (int q = 0; q < nspk; q++) isspk |= spk[q] == n;
    if (isspk != speakers) continue;
    const dy_node *nd = &s->node[n];
    /* a speaker in a removed comma clause is coded as if visible */
    uint8_t saved[64];
    uint32_t len = nd->last - nd->first;
    int unhide = isspk && len <= 64 && !c->vis[nd->first];
    if (unhide) {
      memcpy(saved, c->vis + nd->first, len);
      memset(c->vis + nd->first, 1, len);
    }
    elist e = unit_codes(c, s, n, 0);
    if (unhide) memcpy(c->vis + nd->first, saved, len);
    /* the codes of its actors, "IRN/TUR" for "Iran and Turkey" */
    char code[32], one[32];
    size_t cl = 0;
    code[0] = 0;
    for (uint32_t j = 0; j < e.n; j++) {
      if (!c->ent[e.first + j].actor.n) continue;
      entry_code(&c->ent[e.first + j], one, sizeof one);
      size_t ol = strlen(one);
      if (cl + (cl > 0) + ol >= sizeof code) break;
      if (cl) code[cl++] = '/';
      memcpy(code + cl, one, ol + 1);
      cl += ol;
    }
    if (!cl) continue;
    dy_coder_mention m = {si, nd->first, nd->last, code, DY_MENTION_SUBJECT, 0, lookahead, c->wid, c->d};
    if (s->node[nd->parent].label == DY_LABEL_VP) m.role = DY_MENTION_OBJECT;
    if (isspk) m.role = DY_MENTION_SPEAKER;
    const dy_token *last = &s->tok[nd->last - 1];
    m.plural = e.n > 1 || last->tag == DY_TAG_NNS || last->tag == DY_TAG_NNPS || word_is(last, "they") ||
               word_is(last, "them");
    r->h.mention(r->h.ctx, st, &m);
  }
}

/* A pronoun inside a quotation: its speaker may be needed. */
static int has_quoted_pronoun(const dy_sentence *s) {
  for (uint32_t i = 0; i < s->ntok; i++)
    if ((s->tok[i].flags & DY_TOK_QUOTED) && (s->tok[i].tag == DY_TAG_PRP || s->tok[i].tag == DY_TAG_PRPS)) return 1;
  return 0;
}

static void prepare(dy_coder *c, const dy_sentence *s);

/* Readies the coder for sentence s of story st: token lists, the date,
 * comma clauses removed, and the Bloom masks of its visible words that
 * try_block tests patterns against. */
static void begin_sentence(dy_coder *c, const dy_story *st, const dy_sentence *s) {
  prepare(c, s);
  c->date = s->date ? s->date : st->date;
  delete_commas(c, s);
  c->smask = 0;
  memset(c->smask4, 0, sizeof c->smask4);
  for (uint32_t i = 0; i < s->ntok; i++)
    if (c->vis[i]) {
      c->smask |= 1ull << (c->th[i] & 63);
      c->smask4[(c->th[i] >> 6) & 3] |= 1ull << (c->th[i] & 63);
    }
}

/* The speaker of a quotation may be named in the next sentence ('"We
 * will ... ." The rebels said so in a statement.'): before a sentence
 * with a quotation, the next one's noun phrases are reported early. */
static void refs_lookahead(dy_coder *c, dy_story *st, uint32_t si) {
  if (si + 1 >= st->nsent || !has_quoted_pronoun(&st->sent[si])) return;
  const dy_sentence *s = &st->sent[si + 1];
  if (!s->ntok || !s->nnode) return;
  begin_sentence(c, st, s);
  refs_sentence(c, st, si + 1);
  refs_report(c, st, si + 1, 1, 1);
  refs_report(c, st, si + 1, 1, 0);
}

/* ------------------------------------------------------------- driver */

/* Issue codes of a sentence ("ID_ATROCITY;NAMED_TERROR_GROUP", each once,
 * in order of appearance), or NULL: none, or an ignore phrase matched
 * (PETRARCH: an ignore phrase cancels the issues of the sentence). */
static const char *sentence_issues(dy_coder *c, dy_story *st, const dy_sentence *s) {
  const char *codes[16];
  int n = 0;
  dy_issue_match im;
  for (uint32_t i = 0; i < s->ntok;) {
    /* as dy_dict_next_issue_ids, with the roots of the prepared sentence */
    if (!(c->troot[i] >> DY_TRIE_ISSUE & 1) || (s->tok[i].flags & DY_TOK_PUNCT) ||
        !dy_dict_match_issue_ids(c->d, s->tok, c->wid, s->ntok, i, &im)) {
      i++;
      continue;
    }
    if (im.ignore) return NULL;
    int seen = 0;
    for (int k = 0; k < n && !seen; k++) seen = !strcmp(codes[k], im.code);
    if (!seen && n < 16 && im.code && im.code[0]) codes[n++] = im.code;
    i += im.len ? im.len : 1;
  }
  if (!n) return NULL;
  size_t len = 0;
  for (int k = 0; k < n; k++) len += strlen(codes[k]) + 1;
  char *out = dy_arena_alloc(st->arena, len);
  size_t pos = 0;
  for (int k = 0; k < n; k++) {
    size_t l = strlen(codes[k]);
    if (k) out[pos++] = ';';
    memcpy(out + pos, codes[k], l);
    pos += l;
  }
  out[pos] = 0;
  return out;
}

/* A discard phrase that is only a time reference: a year ("1961") or
 * "... AGO" / "... LATER" ("WEEKS AGO"). The Phoenix list drops such
 * sentences because its real-time feed must not code past events as
 * current; with date_discards off the story pass dates each event instead
 * (storypass.h), so these phrases no longer discard. */
static int temporal_discard(const char *phrase) {
  if (!phrase) return 0;
  size_t n = strlen(phrase);
  while (n && (phrase[n - 1] == ' ' || phrase[n - 1] == '_')) n--;
  size_t digits = 0;
  while (digits < n && phrase[digits] >= '0' && phrase[digits] <= '9') digits++;
  if (digits == 4 && n == 4) return 1;
  size_t k = n;
  while (k && phrase[k - 1] != ' ' && phrase[k - 1] != '_') k--;
  const char *w = phrase + k;
  size_t wl = n - k;
  return (wl == 3 && !strncasecmp(w, "ago", 3)) || (wl == 5 && !strncasecmp(w, "later", 5));
}

/* wid: the sentence's word ids (after prepare), or NULL */
static int discard_check(dy_coder *c, const dy_sentence *s, const uint32_t *wid) {
  dy_discard_match dm;
  if (wid && wid == c->wid) { /* prepared: the tokens' filter is at hand (as dy_dict_next_discard_ids) */
    for (uint32_t i = 0; i < s->ntok; i++) {
      if (!c->tdisc[i] || (s->tok[i].flags & DY_TOK_PUNCT)) continue;
      if (!dy_dict_match_discard_ids(c->d, s->tok, wid, s->ntok, i, &dm)) continue;
      if (!c->o.date_discards && temporal_discard(dm.phrase)) continue;
      return dm.story ? -1 : -2;
    }
    return 0;
  }
  for (uint32_t i = 0; (i = dy_dict_next_discard_ids(c->d, s->tok, wid, s->ntok, i, &dm)) < s->ntok; i++) {
    if (!c->o.date_discards && temporal_discard(dm.phrase)) continue;
    return dm.story ? -1 : -2;
  }
  return 0;
}

/* The cache key of a word of 1..WC_MAXLEN bytes: loads that together
 * cover every byte (overlapping for lengths between the load sizes), so
 * that two words of the same length have the same key words exactly when
 * they have the same bytes. */
static inline uint32_t word_key(const char *p, uint32_t n, uint64_t k[3]) {
  uint64_t a = 0, b = 0, d = 0;
  if (n >= 8) {
    memcpy(&a, p, 8);
    memcpy(&b, p + n - 8, 8);
    if (n > 16) memcpy(&d, p + 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    memcpy(&x, p, 4);
    memcpy(&y, p + n - 4, 4);
    a = (uint64_t)x | (uint64_t)y << 32;
  } else {
    a = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 | (uint64_t)(unsigned char)p[n - 1] << 16;
  }
  k[0] = a, k[1] = b, k[2] = d;
  uint64_t h = (a ^ (b * 0xC2B2AE3D27D4EB4FULL) ^ (d << 7) ^ n) * 0x9E3779B97F4A7C15ULL;
  return (uint32_t)(h >> (64 - WC_BITS));
}

/* Per token of s: its hash (th), word id (wid, with the gapped phrases'
 * extra words), the tries its word starts a phrase of (troot), the
 * synsets a member of which starts there (tsyn, and their OR ssyn). From
 * the word cache where it has the word; the others are looked up together
 * (dy_dict_word_ids overlaps their cache misses) and then cached. */
static void prepare_words(dy_coder *c, const dy_sentence *s) {
  uint32_t ntok = s->ntok;
  if (!c->d) {
    for (uint32_t i = 0; i < ntok; i++) c->th[i] = dy_hash64(s->tok[i].norm.p, s->tok[i].norm.n, DY_HASH_SEED);
    memset(c->troot, 0xff, ntok);
    for (uint32_t i = 0; i < ntok; i++) c->tsyn[i] = ~0ull;
    c->ssyn = ntok ? ~0ull : 0;
    return;
  }
  uint32_t nmiss = 0;
  uint64_t ssyn = 0;
  for (uint32_t i = 0; i < ntok; i++) {
    dy_str w = s->tok[i].norm;
    if (w.p && w.n - 1u < WC_MAXLEN) {
      uint64_t k[3];
      const wcache *e = &c->wc[word_key(w.p, w.n, k)];
      if (e->n == w.n && e->k0 == k[0] && e->k1 == k[1] && e->k2 == k[2]) {
        c->th[i] = e->th;
        c->wid[i] = e->wid;
        c->troot[i] = e->troot;
        c->tsyn[i] = e->tsyn;
        c->tdisc[i] = e->tdisc;
        ssyn |= e->tsyn;
        continue;
      }
    }
    uint64_t h = dy_hash64(w.p, w.n, DY_HASH_SEED);
    c->th[i] = h;
    c->mtok[nmiss] = s->tok[i];
    c->mth[nmiss] = h;
    c->midx[nmiss++] = i;
  }
  if (nmiss) {
    dy_dict_word_ids(c->d, c->mtok, nmiss, c->mth, c->mwid);
    if (c->gp && dy__gapped_nextra(c->gp)) /* words of gapped phrases that are no dictionary word */
      for (uint32_t j = 0; j < nmiss; j++)
        if (c->mwid[j] == DY_WID_NONE) c->mwid[j] = dy__gapped_extra(c->gp, c->mtok[j].norm, c->mth[j]);
    /* which synsets can match where: most tokens start no member, and a
     * pattern with a synset none of whose members starts in the sentence
     * cannot match (try_block, synset_match_at) */
    dy_dict_word_roots(c->d, c->mwid, nmiss, c->mroot);
  }
  for (uint32_t j = 0; j < nmiss; j++) {
    uint32_t i = c->midx[j], wid = c->mwid[j];
    uint8_t root = c->mroot[j];
    uint64_t syn = (root >> DY_TRIE_SYNSET & 1) ? dy_dict_synset_first_mask(c->d, wid) : 0;
    c->wid[i] = wid;
    c->troot[i] = root;
    c->tsyn[i] = syn;
    ssyn |= syn;
    dy_str w = c->mtok[j].norm;
    uint8_t disc = (uint8_t)dy_dict_discard_may_start(c->d, w, wid);
    c->tdisc[i] = disc;
    if (w.p && w.n - 1u < WC_MAXLEN) {
      uint64_t k[3];
      wcache *e = &c->wc[word_key(w.p, w.n, k)];
      e->k0 = k[0], e->k1 = k[1], e->k2 = k[2];
      e->n = w.n;
      e->th = c->mth[j];
      e->wid = wid;
      e->troot = root;
      e->tsyn = syn;
      e->tdisc = disc;
    }
  }
  c->ssyn = ssyn;
}

static void prepare(dy_coder *c, const dy_sentence *s) {
  if (s->ntok + 1 > c->cap_tok) {
    uint32_t cap = c->cap_tok ? c->cap_tok : 64;
    while (cap < s->ntok + 1) cap *= 2;
    c->cap_tok = cap;
    c->vis = dy_xrealloc(c->vis, cap);
    c->ncl = dy_xrealloc(c->ncl, cap);
    c->consumed = dy_xrealloc(c->consumed, cap);
    c->tokpre = dy_xrealloc(c->tokpre, cap * sizeof *c->tokpre);
    c->mstart = dy_xrealloc(c->mstart, cap * sizeof *c->mstart);
    c->up = dy_xrealloc(c->up, cap * sizeof *c->up);
    c->lo = dy_xrealloc(c->lo, cap * sizeof *c->lo);
    c->th = dy_xrealloc(c->th, cap * sizeof *c->th);
    c->wid = dy_xrealloc(c->wid, cap * sizeof *c->wid);
    c->tsyn = dy_xrealloc(c->tsyn, cap * sizeof *c->tsyn);
    c->troot = dy_xrealloc(c->troot, cap * sizeof *c->troot);
    c->mtok = dy_xrealloc(c->mtok, cap * sizeof *c->mtok);
    c->mth = dy_xrealloc(c->mth, cap * sizeof *c->mth);
    c->mwid = dy_xrealloc(c->mwid, cap * sizeof *c->mwid);
    c->midx = dy_xrealloc(c->midx, cap * sizeof *c->midx);
    c->mroot = dy_xrealloc(c->mroot, cap * sizeof *c->mroot);
    c->tdisc = dy_xrealloc(c->tdisc, cap * sizeof *c->tdisc);
    if (c->nsyn) {
      size_t n = (size_t)c->nsyn * cap;
      free(c->syn_stamp);
      free(c->syn_len);
      c->syn_stamp = dy_xcalloc(n, sizeof *c->syn_stamp);
      c->syn_len = dy_xmalloc(n);
      c->gen = 0;
    }
  }
  c->gen++;
  if (c->gen == 0) { /* wrapped: forget every stamp */
    c->ncl_gen = 0;
    if (c->syn_stamp) memset(c->syn_stamp, 0, (size_t)c->nsyn * c->cap_tok * sizeof *c->syn_stamp);
    c->gen = 1;
  }
  prepare_words(c, s);
  uint32_t capn = c->cap_node;
  c->memo = grow(c->memo, &c->cap_node, s->nnode + 1, sizeof *c->memo);
  if (c->cap_node != capn || !c->topnp) c->topnp = dy_xrealloc(c->topnp, (size_t)c->cap_node * sizeof *c->topnp);
  memset(c->topnp, 0xff, s->nnode * sizeof *c->topnp); /* all -1 */
  memset(c->vis, 1, s->ntok);
  memset(c->consumed, 0, s->ntok);
  memset(c->memo, 0, s->nnode * sizeof *c->memo);
  memset(c->tokpre, 0xff, s->ntok * sizeof *c->tokpre); /* all -1 */
  for (uint32_t i = 0; i < s->nnode; i++)
    if (s->node[i].label == DY_LABEL_TOK && s->node[i].first < s->ntok) c->tokpre[s->node[i].first] = (int32_t)i;
  c->nent = 0;
  c->nm = 0;
  memset(c->mstart, 0xff, s->ntok * sizeof *c->mstart); /* all -1 */
}

/* DYAD_CODER_TRACE: the sentence's tree as the coder sees it, with the
 * node flags (P passive, N negated), to tell analysis errors from coding
 * errors. */
static void trace_tree(const dy_sentence *s, int32_t n, int depth) {
  const dy_node *nd = &s->node[n];
  if (depth > 200) { /* a pathological tree must not exhaust the stack */
    fprintf(stderr, " ...");
    return;
  }
  if (nd->label == DY_LABEL_TOK) {
    const dy_token *t = &s->tok[nd->first];
    fprintf(stderr, " (%s %.*s)", dy_tag_name(t->tag), (int)t->raw.n, t->raw.p);
    return;
  }
  fprintf(stderr, " (%s%s%s", dy_label_name(nd->label), (nd->flags & DY_NODE_PASSIVE) ? "-P" : "",
          (nd->flags & DY_NODE_NEGATED) ? "-N" : "");
  for (int32_t ch = nd->child; ch >= 0; ch = s->node[ch].next) trace_tree(s, ch, depth + 1);
  fprintf(stderr, ")");
}

int dy_coder_code_sentence(dy_coder *c, dy_story *st, uint32_t si) {
  dy_sentence *s = &st->sent[si];
  if (!c->d || !s->ntok || !s->nnode) return 0;
  if (c->o.check_discards) {
    int disc = discard_check(c, s, NULL);
    if (disc) return disc;
  }
  begin_sentence(c, st, s);
  if (c->trace) {
    for (uint32_t i = 0; i < s->nnode; i++)
      if (s->node[i].parent < 0) trace_tree(s, (int32_t)i, 0);
    fprintf(stderr, "\n");
    fprintf(stderr, "visible:");
    for (uint32_t i = 0; i < s->ntok; i++)
      if (c->vis[i]) fprintf(stderr, " %.*s", (int)s->tok[i].raw.n, s->tok[i].raw.p);
    fprintf(stderr, "\n");
  }
  if (c->rs) {
    refs_sentence(c, st, si);
    refs_report(c, st, si, 0, 1);
  }
  evctx x = {c, st, si, 0, {NULL, 0}, NULL};
  for (uint32_t t = 0; t < s->ntok; t++) {
    if (!c->vis[t] || c->consumed[t] || !is_verb_tag(s->tok[t].tag)) continue;
    /* "according to X" is a preposition (the Treebank puts it in a PP), not
     * a verb heading an event, whatever the tagger made of it */
    if (t + 1 < s->ntok && word_is(&s->tok[t], "according") && word_is(&s->tok[t + 1], "to")) continue;
    int32_t pre = c->tokpre[t];
    if (pre < 0) continue;
    int32_t vp = s->node[pre].parent;
    if (vp < 0 || s->node[vp].label != DY_LABEL_VP) continue;
    if (code_verb(c, st, si, t, &x)) {
      /* TABARI codes one event per clause: once a verb with a code has
       * been coded (even when it found no actors), the verbs inside its
       * phrase belong to it and are not coded on their own. */
      for (uint32_t k = s->node[vp].first; k < s->node[vp].last; k++) c->consumed[k] = 1;
    }
  }
  if (c->rs) refs_report(c, st, si, 0, 0);
  if (x.added && c->has_issues) {
    const char *iss = sentence_issues(c, st, s);
    for (uint32_t k = st->nev - x.added; k < st->nev; k++) st->ev[k].issues = iss;
  }
  if (!c->o.check_discards && x.added) {
    /* discards only matter when there is something to discard */
    int disc = discard_check(c, s, c->wid);
    if (disc) {
      st->nev -= x.added;
      return disc;
    }
  } else if (!c->o.check_discards && c->disc && si < c->cap_disc && c->disc[si] == 1) {
    /* a story discard here would still cancel the story's other events
     * (dy_coder_code_story); with the word ids at hand the check is a
     * few instructions per token, looking them up again later is not */
    c->disc[si] = (int8_t)discard_check(c, s, c->wid);
  }
  return (int)x.added;
}

uint32_t dy_coder_discarded(const dy_coder *c) { return c->ndiscarded; }

int dy_coder_code_story(dy_coder *c, dy_story *s) {
  uint32_t nev0 = s->nev;
  c->ndiscarded = 0;
  int total = 0;
  if (s->nsent > c->cap_disc) {
    c->cap_disc = s->nsent;
    c->disc = dy_xrealloc(c->disc, c->cap_disc);
  }
  if (c->disc) memset(c->disc, 1, s->nsent);
  if (c->rs && c->rs->h.begin) c->rs->h.begin(c->rs->h.ctx, s);
  for (uint32_t i = 0; i < s->nsent; i++) {
    if (c->rs) refs_lookahead(c, s, i);
    int r = dy_coder_code_sentence(c, s, i);
    if (r == -1) {
      s->nev = nev0; /* a story discard cancels the whole story */
      return -1;
    }
    if (r == -2) c->ndiscarded++;
    if (r > 0) total += r;
  }
  if (total > 0 && !c->o.check_discards) {
    /* a story discard in a sentence that gave no events still cancels
     * the events of the others */
    for (uint32_t i = 0; i < s->nsent; i++) {
      uint32_t k = 0;
      while (k < s->nev && s->ev[k].sentence != i) k++;
      if (k < s->nev || !s->sent[i].ntok) continue;
      int disc = i < c->cap_disc && c->disc[i] != 1 ? c->disc[i] : discard_check(c, &s->sent[i], NULL);
      if (disc == -1) {
        s->nev = nev0;
        return -1;
      }
    }
  }
  return total;
}
