/*
 * chunker.c — a shallow parser: from Penn tags to a constituent tree shaped
 * like the Stanford parses the coder was written against.
 *
 * It is a deterministic recursive descent over the tags with bounded
 * look-ahead (a few LOOK tokens): every step consumes at least one token, each
 * token is looked at a bounded number of times, and clause nesting is cut
 * at MAXDEPTH (deeper material is attached flat), so time is linear in the
 * sentence and the C stack is bounded. Tokens nothing claims are attached
 * to the enclosing phrase, so no token is ever lost.
 *
 * The tree is built with append / wrap operations (wrapping lets a phrase
 * grow leftwards: NP -> NP(NP PP), S -> S(S , NP VP)), then renumbered in
 * pre-order so that, as in trees read from a treebank, children have larger
 * indices than their parents. Heads and flags follow the treebank reader's
 * conventions (src/treebank/): VP head = its first verb (the auxiliary, as
 * in Collins' rules), PASSIVE on a VBN-headed VP under a be/get VP,
 * NEGATED on a VP with a not/n't/never child, COORD on a phrase with a CC
 * child.
 */
#include "analysis/analysis.h"

#include <stdlib.h>
#include <string.h>

#define LOOK 48       /* look-ahead unit: no decision scans more than 4 * LOOK tokens */
#define MAXDEPTH 24   /* clause nesting beyond this is attached flat */

typedef struct cx {
  dy_sentence *s;
  const dy_token *tok;
  const uint16_t *wc; /* dy_word_class of each token */
  const uint8_t *tags; /* the tokens' tags, packed (the parser reads them a lot) */
  uint32_t n;         /* tokens */
  uint32_t i;         /* cursor */
  dy_node *nd;        /* nodes under construction */
  int32_t *lastc;     /* last child of each node */
  int32_t *prevs;     /* previous sibling of each node */
  int32_t *scratch;   /* for the final walk */
  uint8_t *npend;     /* base_np_end(i) - i + 1 once known, else 0 (the same NP is asked for often) */
  uint32_t nn, cap;
  int depth;
  int full;           /* ran out of nodes: give up structure */
} cx;

/* ------------------------------------------------------------ words */

static dy_tag tg(const cx *c, uint32_t i) { return i < c->n ? (dy_tag)c->tags[i] : DY_TAG_NONE; }

static int wcl(const cx *c, uint32_t i, unsigned bits) { return i < c->n && (c->wc[i] & bits); }

static int is_verb(dy_tag t) {
  return t == DY_TAG_VB || t == DY_TAG_VBD || t == DY_TAG_VBG || t == DY_TAG_VBN || t == DY_TAG_VBP ||
         t == DY_TAG_VBZ || t == DY_TAG_MD;
}
static int is_finite(dy_tag t) { return t == DY_TAG_VBD || t == DY_TAG_VBZ || t == DY_TAG_VBP || t == DY_TAG_MD; }
static int is_noun(dy_tag t) { return t == DY_TAG_NN || t == DY_TAG_NNS || t == DY_TAG_NNP || t == DY_TAG_NNPS; }
static int is_adv(dy_tag t) { return t == DY_TAG_RB || t == DY_TAG_RBR || t == DY_TAG_RBS; }
static int is_adj(dy_tag t) { return t == DY_TAG_JJ || t == DY_TAG_JJR || t == DY_TAG_JJS; }

/* Is token i the word w (lower case; ASCII case-insensitive)? */
static int word_is(const cx *c, uint32_t i, const char *w) {
  if (i >= c->n) return 0;
  dy_str r = c->tok[i].norm.n ? c->tok[i].norm : c->tok[i].raw;
  size_t n = strlen(w);
  if (r.n != n) return 0;
  for (size_t k = 0; k < n; k++)
    if ((r.p[k] | 32) != w[k]) return 0;
  return 1;
}

/* "up to 100", "more than 30", "at least eight", "as many as 40,000": the
 * number of words of a quantifier before the number at i + result (0 when
 * none). Such a phrase begins a noun phrase (Stanford: a QP inside it). */
static uint32_t qp_prefix(const cx *c, uint32_t i) {
  dy_tag t = tg(c, i);
  if (t != DY_TAG_IN && t != DY_TAG_RB && t != DY_TAG_RP && t != DY_TAG_JJR && t != DY_TAG_RBR && t != DY_TAG_JJ)
    return 0;
  if (tg(c, i + 2) == DY_TAG_CD) {
    if (word_is(c, i, "up") && tg(c, i + 1) == DY_TAG_TO) return 2;
    if ((word_is(c, i, "more") || word_is(c, i, "less") || word_is(c, i, "fewer")) && word_is(c, i + 1, "than")) return 2;
    if (word_is(c, i, "at") && (word_is(c, i + 1, "least") || word_is(c, i + 1, "most"))) return 2;
  }
  if (tg(c, i + 3) == DY_TAG_CD && word_is(c, i, "as") && (word_is(c, i + 1, "many") || word_is(c, i + 1, "much")) &&
      word_is(c, i + 2, "as"))
    return 3;
  return 0;
}

/* "`` Free Tibet '' banners": the closing quote of a short quoted name
 * (nouns, adjectives, numbers) opened at i and followed by a noun; 0 when
 * the quote at i opens anything else. */
static uint32_t quoted_modifier(const cx *c, uint32_t i) {
  uint32_t q = i + 1;
  while (q < c->n && q < i + 6 && (is_noun(tg(c, q)) || is_adj(tg(c, q)) || tg(c, q) == DY_TAG_CD)) q++;
  return q > i + 1 && tg(c, q) == DY_TAG_RQUOTE && is_noun(tg(c, q + 1)) ? q : 0;
}

/* "`` unacceptable accusations ''": the closing quote of a quoted base
 * noun phrase opened at i (0 when the quote opens anything else). */
static uint32_t quoted_np(const cx *c, uint32_t i, uint32_t end);

/* Can token i begin a noun phrase? */
static int np_start(const cx *c, uint32_t i) {
  dy_tag t = tg(c, i);
  if (is_noun(t) || is_adj(t)) return 1;
  switch (t) {
    case DY_TAG_DT: case DY_TAG_PDT: case DY_TAG_PRPS: case DY_TAG_PRP: case DY_TAG_CD:
    case DY_TAG_EX: case DY_TAG_DOLLAR: case DY_TAG_HASH: case DY_TAG_WPS: case DY_TAG_FW:
      return 1;
    case DY_TAG_RB: /* "almost five years" */
      return tg(c, i + 1) == DY_TAG_CD || qp_prefix(c, i) > 0;
    case DY_TAG_RBS: /* "to most West Africans" (a quantifier; "the most" is no NP start) */
      return (is_adj(tg(c, i + 1)) || is_noun(tg(c, i + 1))) && (i == 0 || tg(c, i - 1) != DY_TAG_DT) && word_is(c, i, "most");
    case DY_TAG_LQUOTE:
      return quoted_modifier(c, i) > 0;
    case DY_TAG_IN: case DY_TAG_RP: case DY_TAG_JJR: case DY_TAG_RBR: /* "up to 100 people" */
      return qp_prefix(c, i) > 0;
    case DY_TAG_VBN: /* "armed men" */
      return is_noun(tg(c, i + 1));
    case DY_TAG_VBG: /* "ruling party", but "by promoting biofuels" is a clause */
      return is_noun(tg(c, i + 1)) && (i == 0 || (tg(c, i - 1) != DY_TAG_IN && tg(c, i - 1) != DY_TAG_TO)) &&
             !word_is(c, i, "including"); /* a preposition, as Stanford has it: (PP (VBG including) NP) */
    default:
      return 0;
  }
}

/* Can token i begin a verb group? (adverbs before the verb included) */
static int vg_start(const cx *c, uint32_t i) {
  uint32_t k = i;
  while (k < c->n && k < i + 3 && is_adv(tg(c, k))) k++;
  return is_verb(tg(c, k));
}
static int finite_start(const cx *c, uint32_t i) {
  uint32_t k = i;
  while (k < c->n && k < i + 3 && is_adv(tg(c, k))) k++;
  return is_finite(tg(c, k));
}

/* End of the base NP starting at i (exclusive); i itself when none. The
 * base NP is maximal: determiners, numbers, adjectives, nouns, possessive
 * chains ("Israel 's army") and pre-nominal participles. */
static uint32_t base_np_scan(const cx *c, uint32_t i) {
  uint32_t k = i, end = i;
  int nominal = 0;
  if (!np_start(c, i)) return i;
  dy_tag t0 = tg(c, i);
  if (t0 == DY_TAG_PRP || t0 == DY_TAG_EX) return i + 1;
  uint32_t qp = qp_prefix(c, i);
  if (qp) k = i + qp; /* the quantifier's words, then the number */
  for (; k < c->n && k < i + LOOK; k++) {
    dy_tag t = tg(c, k);
    if (k > i && ((wcl(c, k, DY_W_TIME) && (is_noun(tg(c, k - 1)) || tg(c, k - 1) == DY_TAG_CD)) || /* "lawmakers Tuesday endorsed": a time NP of its own (but "late Tuesday") */
                  (t == DY_TAG_CD && is_noun(tg(c, k - 1)) && (tg(c, k + 1) == DY_TAG_NNS || wcl(c, k + 1, DY_W_OF))))) /* "Guyana three years ago", "Britain two of its nationals" */
      break;
    if (is_noun(t) || t == DY_TAG_CD) { end = k + 1; nominal = 1; continue; }
    if (t == DY_TAG_PRP) break;
    if (t == DY_TAG_LQUOTE) { /* "giant `` Free Tibet '' banners": a quoted name as a modifier */
      uint32_t q = quoted_modifier(c, k);
      if (q) { k = q; continue; }
      break;
    }
    if (t == DY_TAG_WPS && k > i) break; /* "Saudi Arabia whose ties": a relative clause begins */
    if (t == DY_TAG_DT || t == DY_TAG_PDT || t == DY_TAG_PRPS || t == DY_TAG_WPS || t == DY_TAG_DOLLAR ||
        t == DY_TAG_HASH || t == DY_TAG_FW) {
      if (k > i && t == DY_TAG_DT && !(tg(c, k - 1) == DY_TAG_PDT)) break; /* "the army the ..." */
      end = k + 1; continue;
    }
    if (is_adj(t)) { end = k + 1; continue; }
    if (t == DY_TAG_POS && k > i) { end = k + 1; continue; }
    if ((t == DY_TAG_VBG || t == DY_TAG_VBN) && k + 1 < c->n && (is_noun(tg(c, k + 1)) || is_adj(tg(c, k + 1))) &&
        (k == i || !is_noun(tg(c, k - 1)))) /* "the exiled leaders", not "police arrested students" */
      continue;
    if (is_adv(t) && (k == i || tg(c, k - 1) == DY_TAG_DT) && /* not "Libya almost five years" */
        (tg(c, k + 1) == DY_TAG_CD || is_adj(tg(c, k + 1))) && k + 2 < c->n &&
        (is_noun(tg(c, k + 2)) || tg(c, k + 2) == DY_TAG_CD || is_adj(tg(c, k + 2)))) continue;
    if (t == DY_TAG_RBS && k == i && is_noun(tg(c, k + 1)) && word_is(c, k, "most")) continue; /* "most Africans" */
    if ((t == DY_TAG_CC || t == DY_TAG_COMMA) && k > i && k + 1 < c->n && is_adj(tg(c, k - 1)) && is_adj(tg(c, k + 1)))
      continue; /* "awful and evil minister", "complete, full diplomatic ties" */
    break;
  }
  /* "remained mum": adjectives alone make no NP (but "the rich" does) */
  if (!nominal && is_adj(t0)) return i;
  return end;
}

static uint32_t base_np_end(const cx *c, uint32_t i) {
  if (i >= c->n) return base_np_scan(c, i);
  if (!c->npend[i]) c->npend[i] = (uint8_t)(base_np_scan(c, i) - i + 1); /* at most LOOK */
  return i + c->npend[i] - 1;
}

static uint32_t quoted_np(const cx *c, uint32_t i, uint32_t end) {
  uint32_t e = base_np_end(c, i + 1);
  return e > i + 1 && e < end && e < i + 10 && tg(c, e) == DY_TAG_RQUOTE ? e : 0;
}

/* Does ", NP" at comma k continue a list that a CC closes ("A, B and C")? */
static int list_ahead(const cx *c, uint32_t k) {
  uint32_t lim = k + LOOK;
  while (k < c->n && k < lim) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_CC) return np_start(c, k + 1);
    if (t != DY_TAG_COMMA) return 0;
    if (tg(c, k + 1) == DY_TAG_CC) { k++; continue; }
    uint32_t e = base_np_end(c, k + 1);
    if (e <= k + 1) return 0;
    k = e;
  }
  return 0;
}

/* A dash ("--", "-", en or em dash; tagged ':'). */
static int is_dash(const cx *c, uint32_t i) {
  if (tg(c, i) != DY_TAG_COLON) return 0;
  dy_str r = c->tok[i].raw.n ? c->tok[i].raw : c->tok[i].norm;
  return r.n > 0 && (r.p[0] == '-' || (unsigned char)r.p[0] == 0xE2);
}

/* "Beijing -- which have resisted ... -- but": the dash closing the
 * parenthetical opened by the dash at i (0 when none: a lone dash, or a
 * colon, semicolon or quote on the way). */
static uint32_t closing_dash(const cx *c, uint32_t i, uint32_t end) {
  for (uint32_t k = i + 2, lim = i + LOOK; k < end && k < lim; k++) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_COLON) return is_dash(c, k) ? k : 0;
    if (t == DY_TAG_LQUOTE || t == DY_TAG_RQUOTE) return 0;
  }
  return 0;
}

/* Is the base NP ending at token k (a noun) a preposition's object
 * ("against Moscow", "in the Afghan capital")? Back over nouns, adjectives,
 * numbers and possessives, then at most one determiner. of = 0: not after
 * "of" ("two of their vehicles were hit": the PP is inside a subject). */
static int pp_object(const cx *c, uint32_t k, int of) {
  uint32_t lim = k > 8 ? k - 8 : 0;
  while (k > lim && (is_noun(tg(c, k)) || is_adj(tg(c, k)) || tg(c, k) == DY_TAG_CD || tg(c, k) == DY_TAG_POS)) k--;
  dy_tag t = tg(c, k);
  if ((t == DY_TAG_DT || t == DY_TAG_PRPS) && k > 0) t = tg(c, --k);
  if (!of && wcl(c, k, DY_W_OF)) return 0;
  return (t == DY_TAG_IN && !wcl(c, k, DY_W_SUBORD | DY_W_THAT)) || t == DY_TAG_TO;
}

/* Where the clause's finite verb group is, after a participle at k - 1
 * that may open a reduced relative (0 when there is none before the
 * clause ends at a comma, colon or clause conjunction). Tells "the man
 * arrested yesterday was freed" (a reduced relative) from "Ethiopia broken
 * down a treaty" (the clause's verb). A relative or subordinate clause on
 * the way has a verb of its own: after one, only a verb without a subject
 * counts ("a woman believed linked to Al-Qaeda who shot at officers while
 * in detention in Afghanistan was extradited": "was" follows a
 * preposition's object). */
static uint32_t main_verb_ahead(const cx *c, uint32_t k, uint32_t end) {
  int clause = 0;
  for (uint32_t lim = k + LOOK, s = k; k < end && k < lim; k++) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_COMMA || t == DY_TAG_COLON || (t == DY_TAG_CC && !(is_noun(tg(c, k - 1)) && np_start(c, k + 1))))
      return 0;
    if (t == DY_TAG_WDT || t == DY_TAG_WP || (t == DY_TAG_IN && (wcl(c, k, DY_W_SUBORD) || wcl(c, k, DY_W_THAT)))) {
      clause = 1;
      continue;
    }
    if (!is_finite(t) || is_verb(tg(c, k - 1))) continue;
    uint32_t b = k;
    while (b > s && is_adv(tg(c, b - 1))) b--;
    if (!clause) return b;
    dy_tag l = b > s ? tg(c, b - 1) : DY_TAG_NONE;
    if (l == DY_TAG_WDT || l == DY_TAG_WP) continue; /* the relative clause's own verb */
    if (is_noun(l) && pp_object(c, b - 1, 0)) return b;
  }
  return 0;
}

/* "The Observatory, a group that tracks the war, said": the comma before
 * the verb that ends an insertion after a subject (0 when there is none,
 * or a finite verb outside a relative clause comes first). */
static uint32_t comma_before_verb(const cx *c, uint32_t i, uint32_t end) {
  int rel = 0;
  for (uint32_t k = i + 1, lim = i + 4 * LOOK; k < end && k < lim; k++) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_COMMA && vg_start(c, k + 1)) return k;
    if (t == DY_TAG_WDT || t == DY_TAG_WP) rel = 1;
    if (is_finite(t) && !rel) return 0;
    if (t == DY_TAG_COMMA) rel = 0;
  }
  return 0;
}

/* Where a clause inserted after a comma ends: at the next comma that is
 * followed by a verb or a new clause ("Iraq, who have been dying ...,
 * officials said"), else end. */
static uint32_t insertion_end(const cx *c, uint32_t i, uint32_t end);

/* In "The rebels who attacked the town were arrested", where the relative
 * clause ends: before the last finite verb group of the region (up to a
 * comma, clause word or the end), when the region has two or more. */
static uint32_t main_verb_bound(const cx *c, uint32_t k, uint32_t end) {
  uint32_t last = end, nfin = 0;
  for (uint32_t lim = k + 4 * LOOK; k < end && k < lim; k++) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_COMMA || t == DY_TAG_COLON || (t == DY_TAG_IN && wcl(c, k, DY_W_SUBORD))) break;
    if (is_finite(t) && !is_verb(tg(c, k - 1))) {
      uint32_t b = k;
      while (b > 0 && is_adv(tg(c, b - 1))) b--;
      last = b;
      nfin++;
    }
  }
  return nfin >= 2 ? last : end;
}

/* Where a full subject NP starting at i would end: base NPs joined by POS,
 * "of"/"in" PPs, coordination and appositions; for clause detection. */
static uint32_t np_span_end(const cx *c, uint32_t i) {
  uint32_t k = base_np_end(c, i), lim = i + LOOK;
  if (k == i) return i;
  while (k < c->n && k < lim) {
    if (tg(c, k) == DY_TAG_IN && !wcl(c, k, DY_W_SUBORD) && !wcl(c, k, DY_W_THAT) && np_start(c, k + 1)) {
      uint32_t e = base_np_end(c, k + 1);
      if (e > k + 1) { k = e; continue; }
    }
    if (tg(c, k) == DY_TAG_CC && np_start(c, k + 1)) { /* "Iran and Turkey" */
      uint32_t e = base_np_end(c, k + 1);
      if (e > k + 1) { k = e; continue; }
    }
    if (tg(c, k) == DY_TAG_COMMA && list_ahead(c, k)) { /* "A, B and C" */
      uint32_t e = base_np_end(c, k + 1);
      if (e > k + 1) { k = e; continue; }
    }
    break;
  }
  return k;
}

/* Does a clause (subject NP + finite verb, before `end`) start at i? */
static int clause_start(const cx *c, uint32_t i, uint32_t end) {
  if (!np_start(c, i)) return 0;
  uint32_t e = np_span_end(c, i);
  if (e <= i || e >= end) return 0;
  if (finite_start(c, e)) return 1;
  /* "said the man arrested yesterday was freed": a reduced relative first */
  return tg(c, e) == DY_TAG_VBN && main_verb_ahead(c, e + 1, end) > 0;
}

/* "demanded that control of the ministry be taken away": after "that",
 * a subject NP and a bare verb (the subjunctive) make a clause. */
static int subjunctive(const cx *c, uint32_t i, uint32_t end) {
  uint32_t e = np_span_end(c, i);
  while (e > i && e < end && is_adv(tg(c, e))) e++;
  return e > i && e < end && tg(c, e) == DY_TAG_VB;
}

static uint32_t insertion_end(const cx *c, uint32_t i, uint32_t end) {
  for (uint32_t k = i + 1, lim = i + 4 * LOOK; k < end && k < lim; k++)
    if (tg(c, k) == DY_TAG_COMMA && (vg_start(c, k + 1) || clause_start(c, k + 1, end))) return k;
  return end;
}

/* Where a sentence-final reporting clause begins (", officials said on
 * Friday"): the last comma (a closing quote may follow it) when a clause
 * with one verb group follows and a finite verb precedes; 0 when none. */
static uint32_t reporting_tail(const cx *c, uint32_t end) {
  uint32_t k = end;
  while (k > 0 && tg(c, k - 1) != DY_TAG_COMMA) {
    if (end - k > 2 * LOOK) return 0; /* too far from the end for a tail */
    k--;
  }
  if (k == 0) return 0;
  k--; /* the comma */
  uint32_t j = k + 1;
  while (j < end && tg(c, j) == DY_TAG_RQUOTE) j++;
  if (!clause_start(c, j, end)) return 0;
  int nfin = 0, before = 0;
  for (uint32_t x = j; x < end; x++) {
    dy_tag t = tg(c, x);
    if (is_finite(t)) nfin++;
    if (t == DY_TAG_WDT || t == DY_TAG_WP || wcl(c, x, DY_W_SUBORD | DY_W_THAT)) return 0;
  }
  for (uint32_t x = 0; x < k && !before; x++) before = is_finite(tg(c, x));
  return nfin == 1 && before ? k : 0;
}

/* ------------------------------------------------------------ building */

/* Links the new node id as the last child of parent. */
static inline void append(cx *c, int32_t parent, int32_t id) {
  c->lastc[id] = -1;
  c->prevs[id] = -1;
  if (parent >= 0) {
    int32_t l = c->lastc[parent];
    c->prevs[id] = l;
    if (l < 0) c->nd[parent].child = id; else c->nd[l].next = id;
    c->lastc[parent] = id;
  }
}

static int32_t new_node(cx *c, int32_t parent, dy_label l) {
  if (c->nn >= c->cap) { c->full = 1; return parent; }
  int32_t id = (int32_t)c->nn++;
  c->nd[id] = (dy_node){.label = (uint8_t)l, .parent = parent, .child = -1, .next = -1, .head = -1};
  append(c, parent, id);
  return id;
}

/* Appends the preterminal of token c->i to parent and advances. */
static void take(cx *c, int32_t parent) {
  if (c->nn < c->cap) {
    int32_t id = (int32_t)c->nn++;
    c->nd[id] = (dy_node){.label = DY_LABEL_TOK, .parent = parent, .child = -1, .next = -1,
                          .first = c->i, .last = c->i + 1, .head = (int32_t)c->i};
    append(c, parent, id);
  } else
    c->full = 1;
  c->i++;
}

/* Replaces `child` (the last child of parent) by a new `l` node holding
 * it: NP -> NP(NP ...). Returns the new node. */
static int32_t wrap(cx *c, int32_t parent, int32_t child, dy_label l) {
  if (c->nn >= c->cap || parent < 0 || c->lastc[parent] != child) { c->full |= c->nn >= c->cap; return child; }
  int32_t w = (int32_t)c->nn++;
  c->nd[w] = (dy_node){.label = (uint8_t)l, .parent = parent, .child = child, .next = -1, .head = -1};
  c->lastc[w] = child;
  c->prevs[w] = c->prevs[child];
  if (c->prevs[child] < 0) c->nd[parent].child = w; else c->nd[c->prevs[child]].next = w;
  c->prevs[child] = -1;
  c->lastc[parent] = w;
  c->nd[child].parent = w;
  c->nd[child].next = -1;
  return w;
}

/* Moves all children of `node` into a new `l` child of it:
 * S(NP VP) -> S(S(NP VP)). Returns the new node. */
static int32_t push_down(cx *c, int32_t node, dy_label l) {
  if (c->nn >= c->cap) { c->full = 1; return node; }
  /* leading opening quotes stay outside, as in Stanford's trees:
   * S(`` S(NP VP) , '' NP VP) */
  int32_t first = c->nd[node].child, before = -1;
  while (first >= 0 && c->nd[first].label == DY_LABEL_TOK && tg(c, c->nd[first].first) == DY_TAG_LQUOTE && c->nd[first].next >= 0) {
    before = first;
    first = c->nd[first].next;
  }
  if (first < 0) return node;
  int32_t w = (int32_t)c->nn++;
  c->nd[w] = (dy_node){.label = (uint8_t)l, .parent = node, .child = first, .next = -1, .head = -1};
  if (before >= 0) c->nd[w].flags |= DY_NODE_QUOTE;
  c->lastc[w] = c->lastc[node];
  c->prevs[w] = before;
  c->prevs[first] = -1;
  for (int32_t k = first; k >= 0; k = c->nd[k].next) c->nd[k].parent = w;
  if (before >= 0) c->nd[before].next = w; else c->nd[node].child = w;
  c->lastc[node] = w;
  return w;
}

static int at_end(const cx *c, uint32_t end) { return c->i >= end || c->full; }

/* ------------------------------------------------------------ phrases */

static void parse_clause(cx *c, int32_t s, uint32_t end);
static int32_t parse_vp(cx *c, int32_t parent, uint32_t end);
static void parse_np(cx *c, int32_t parent, uint32_t end, int subject);

/* A base NP (with possessive chains) as a child of parent. */
static int32_t parse_base_np(cx *c, int32_t parent, uint32_t end) {
  uint32_t e = base_np_end(c, c->i);
  if (e > end) e = end;
  if (e <= c->i) e = c->i + 1;
  int32_t np = new_node(c, parent, DY_LABEL_NP);
  while (c->i < e && !c->full) {
    dy_tag t = tg(c, c->i);
    if (is_adj(t) && c->i + 2 < e && tg(c, c->i + 1) == DY_TAG_CC && is_adj(tg(c, c->i + 2))) {
      /* (ADJP (JJ awful) (CC and) (JJ evil)): the NP itself is no coordination */
      int32_t a = new_node(c, np, DY_LABEL_ADJP);
      take(c, a);
      while (c->i + 1 < e && (tg(c, c->i) == DY_TAG_CC || tg(c, c->i) == DY_TAG_COMMA) && is_adj(tg(c, c->i + 1))) {
        take(c, a);
        take(c, a);
      }
      continue;
    }
    take(c, np);
    if (t == DY_TAG_POS && c->i < e) np = wrap(c, parent, np, DY_LABEL_NP); /* (NP (NP Israel 's) army) */
  }
  return np;
}

static void parse_pp(cx *c, int32_t parent, uint32_t end, int subject) {
  int32_t pp = new_node(c, parent, DY_LABEL_PP);
  take(c, pp); /* the preposition */
  if (at_end(c, end)) return;
  dy_tag t = tg(c, c->i);
  if (c->depth >= MAXDEPTH) { /* "the army of the army of ...": flat from here */
    if (np_start(c, c->i)) parse_base_np(c, pp, end);
    return;
  }
  c->depth++;
  if (t == DY_TAG_IN || (t == DY_TAG_TO && !vg_start(c, c->i + 1))) parse_pp(c, pp, end, subject); /* "out of" */
  else if (t == DY_TAG_TO) parse_vp(c, new_node(c, pp, DY_LABEL_S), end); /* "for Gondor to be allowed" */
  else if (np_start(c, c->i)) parse_np(c, pp, end, subject);
  else if (t == DY_TAG_VBG) parse_vp(c, new_node(c, pp, DY_LABEL_S), end); /* "by promoting biofuels" */
  else if (is_adv(t) && np_start(c, c->i + 1)) { take(c, pp); parse_np(c, pp, end, subject); }
  c->depth--;
}

static void parse_sbar(cx *c, int32_t parent, uint32_t end) {
  int32_t sb = new_node(c, parent, DY_LABEL_SBAR);
  dy_tag t = tg(c, c->i);
  if (t == DY_TAG_WPS) { /* (WHNP (WP$ whose) (NNS ties)), as Stanford has it */
    int32_t wh = new_node(c, sb, DY_LABEL_WHNP);
    uint32_t e = base_np_end(c, c->i);
    if (e > end) e = end;
    do take(c, wh); while (c->i < e && !c->full);
  } else if (t == DY_TAG_WDT || t == DY_TAG_WP) take(c, new_node(c, sb, DY_LABEL_WHNP));
  else if (t == DY_TAG_WRB) take(c, new_node(c, sb, DY_LABEL_WHADVP));
  else take(c, sb);
  if (at_end(c, end)) return;
  int32_t s = new_node(c, sb, DY_LABEL_S);
  if (c->depth >= MAXDEPTH) { take(c, s); return; }
  c->depth++;
  parse_clause(c, s, end);
  c->depth--;
}

/* (PRN (: --) X (: --)) for the dash at c->i and the closing one at r;
 * X is parsed as it starts: a relative or subordinate clause, a clause, a
 * noun phrase... The caller checks the depth. */
static void parse_dash_prn(cx *c, int32_t parent, uint32_t r) {
  int32_t prn = new_node(c, parent, DY_LABEL_PRN);
  take(c, prn);
  c->depth++;
  while (c->i < r && !c->full) {
    uint32_t i = c->i;
    dy_tag t = tg(c, i);
    if (t == DY_TAG_WDT || t == DY_TAG_WP || t == DY_TAG_WRB || (t == DY_TAG_IN && wcl(c, i, DY_W_SUBORD)))
      parse_sbar(c, prn, r);
    else if (clause_start(c, i, r) || (vg_start(c, i) && t != DY_TAG_VBN))
      parse_clause(c, new_node(c, prn, DY_LABEL_S), r);
    else if (np_start(c, i))
      parse_np(c, prn, r, 0);
    else if (t == DY_TAG_IN || t == DY_TAG_TO)
      parse_pp(c, prn, r, 0);
    else if (is_verb(t))
      parse_vp(c, prn, r);
    else
      take(c, prn);
    if (c->i == i) take(c, prn); /* always progress */
  }
  c->depth--;
  if (c->i == r) take(c, prn);
}

/* "scaling a pole and unfurling banners": is the nearest verb before the
 * conjunction at i a gerund heading a verb phrase? Then a gerund after it
 * starts the second verb phrase, not a noun phrase conjunct. */
static int gerund_before(const cx *c, uint32_t i) {
  uint32_t lim = i > 14 ? i - 14 : 0;
  for (uint32_t k = i; k-- > lim;) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_VBG) {
      dy_tag b = k ? tg(c, k - 1) : DY_TAG_NONE, a = tg(c, k + 1);
      if (b == DY_TAG_DT || is_adj(b) || b == DY_TAG_PRPS || b == DY_TAG_POS) return 0;
      /* as the tagger's parallel_gerund: a modifier after a verb, a verb after a comma */
      return !(is_noun(a) || is_adj(a)) || b == DY_TAG_COMMA || b == DY_TAG_IN || b == DY_TAG_TO || is_adv(b) ||
             b == DY_TAG_COLON || b == DY_TAG_NONE;
    }
    if (is_verb(t) || t == DY_TAG_COMMA || t == DY_TAG_COLON || t == DY_TAG_WDT || t == DY_TAG_WP) return 0;
  }
  return 0;
}

/* ", a member of the Hamas movement jailed a year ago ,": after a noun
 * phrase and a comma, an indefinite noun phrase, then a regular
 * past form (VBD and VBN alike) with no object and no finite verb after
 * it before the segment ends. Returns the past form's index, or 0. */
static uint32_t appositive_participle(const cx *c, uint32_t j, uint32_t end) {
  if (tg(c, j) != DY_TAG_DT || !(word_is(c, j, "a") || word_is(c, j, "an"))) return 0;
  uint32_t e = np_span_end(c, j);
  if (e <= j || e + 1 >= end || tg(c, e) != DY_TAG_VBD) return 0;
  dy_str w = c->tok[e].raw.n ? c->tok[e].raw : c->tok[e].norm;
  if (w.n < 4 || w.p[w.n - 2] != 'e' || w.p[w.n - 1] != 'd') return 0;
  dy_tag nx = tg(c, e + 1);
  if (!((nx == DY_TAG_IN && !wcl(c, e + 1, DY_W_SUBORD | DY_W_THAT)) || is_adv(nx) || nx == DY_TAG_TO ||
        word_is(c, e + 1, "last") || wcl(c, e + 1, DY_W_TIME))) /* no object: "jailed in 2007", "jailed last year" */
    return 0;
  for (uint32_t k = e + 1; k <= end && k < e + LOOK; k++) { /* end itself may be the closing comma (a reporting tail's) */
    if (tg(c, k) == DY_TAG_COMMA) return e; /* the closing comma: ", a rights group charged on Saturday." is a clause */
    if (k == end || is_finite(tg(c, k)) || tg(c, k) == DY_TAG_CC) return 0;
  }
  return 0;
}

/* "workers affiliated with the union stopped work", "Africans ordered out
 * of Nigeria": is the past form at i (tagged VBD: the tagger cannot see the
 * clause) a participle-looking one, a regular "-ed" form with no object
 * after it (a preposition, particle or "to" follows)? */
static int bare_past(const cx *c, uint32_t i) {
  if (tg(c, i) != DY_TAG_VBD) return 0;
  dy_str w = c->tok[i].raw.n ? c->tok[i].raw : c->tok[i].norm;
  if (w.n < 5 || w.p[w.n - 2] != 'e' || w.p[w.n - 1] != 'd') return 0;
  dy_tag nx = tg(c, i + 1);
  return (nx == DY_TAG_IN && !wcl(c, i + 1, DY_W_SUBORD | DY_W_THAT)) || nx == DY_TAG_RP || nx == DY_TAG_TO;
}

/* Is there a finite verb among the few tokens before i (the clause has
 * its verb, so a bare past form after an object is a participle)? */
static int finite_before(const cx *c, uint32_t i) {
  for (uint32_t k = i, lim = i > LOOK ? i - LOOK : 0; k-- > lim;) {
    dy_tag t = tg(c, k);
    if (is_finite(t)) return 1;
    if (t == DY_TAG_COMMA || t == DY_TAG_COLON || t == DY_TAG_CC || t == DY_TAG_WDT || t == DY_TAG_WP) return 0;
  }
  return 0;
}

/* Does the finite verb group found at b follow a preposition's object or
 * a closing bracket ("affiliated with the Union (SSS) stopped"), so that
 * it cannot have a subject of its own there? */
static int verb_after_pp(const cx *c, uint32_t b) {
  dy_tag l = b > 0 ? tg(c, b - 1) : DY_TAG_NONE;
  return l == DY_TAG_RRB || (is_noun(l) && pp_object(c, b - 1, 1));
}

/* Retags token i as a participle (VBN); the base NPs known so far whose
 * scan may have seen it are forgotten (a scan from j looks at j - 1 up to
 * j + LOOK + 6: a bounded window, so time stays linear). */
static void retag_vbn(cx *c, uint32_t i) {
  c->s->tok[i].tag = DY_TAG_VBN;
  ((uint8_t *)c->tags)[i] = DY_TAG_VBN;
  uint32_t lo = i > LOOK + 8 ? i - LOOK - 8 : 0, hi = i + 2 < c->n ? i + 2 : c->n;
  memset(c->npend + lo, 0, hi - lo);
}

/* A full NP: base NP, then PPs, relative clauses, coordination and
 * apposition. `subject`: before the verb, where every PP belongs to the
 * NP; after it only "of" PPs do (the rest attach to the VP, as Stanford
 * mostly does). */
/* One conjunct of a coordination: a base NP with its "of" PPs ("Ithilen
 * and the government of Gondor": the PP stays with its own conjunct). */
static void parse_conjunct(cx *c, int32_t parent, uint32_t end, int subject) {
  int32_t np = parse_base_np(c, parent, end);
  while (!at_end(c, end) && tg(c, c->i) == DY_TAG_IN && wcl(c, c->i, DY_W_OF) && np_start(c, c->i + 1) &&
         c->depth < MAXDEPTH) {
    np = wrap(c, parent, np, DY_LABEL_NP);
    parse_pp(c, np, end, subject);
  }
}

static void parse_np(cx *c, int32_t parent, uint32_t end, int subject) {
  uint32_t start = c->i;
  int32_t np = parse_base_np(c, parent, end);
  int coord = 0;
  if (!at_end(c, end) && is_adv(tg(c, c->i)) && word_is(c, c->i, "ago")) {
    take(c, wrap(c, parent, np, DY_LABEL_ADVP)); /* "a year ago": (ADVP (NP a year) (RB ago)), as Stanford */
    return;
  }
  while (!at_end(c, end)) {
    uint32_t i = c->i;
    dy_tag t = tg(c, i);
    if (t == DY_TAG_IN && np_start(c, i + 1) && !wcl(c, i, DY_W_SUBORD) && !wcl(c, i, DY_W_THAT) &&
        (subject || wcl(c, i, DY_W_OF))) {
      np = wrap(c, parent, np, DY_LABEL_NP);
      parse_pp(c, np, end, subject);
      continue;
    }
    if (t == DY_TAG_LRB && c->depth < MAXDEPTH) { /* "the European Union (EU)": (NP (NP ...) (PRN ( NP ))) */
      uint32_t r = i + 1;
      while (r < end && r < i + LOOK && tg(c, r) != DY_TAG_RRB && tg(c, r) != DY_TAG_LRB) r++;
      if (r < end && tg(c, r) == DY_TAG_RRB) {
        np = wrap(c, parent, np, DY_LABEL_NP);
        int32_t prn = new_node(c, np, DY_LABEL_PRN);
        take(c, prn);
        c->depth++;
        while (c->i < r && !c->full) {
          if (np_start(c, c->i)) parse_np(c, prn, r, 0);
          else take(c, prn);
        }
        c->depth--;
        take(c, prn);
        /* "the Asia-Pacific Economic Cooperation (APEC) forum": the head noun follows */
        while (!at_end(c, end) && is_noun(tg(c, c->i)) && !wcl(c, c->i, DY_W_TIME)) take(c, np);
        continue;
      }
    }
    uint32_t r;
    if (is_dash(c, i) && c->depth < MAXDEPTH && (r = closing_dash(c, i, end)) > 0) {
      /* "Beijing -- which have resisted ... --": the parenthetical is the
       * NP's sibling, as in Stanford's trees (its words are not the NP's) */
      if (subject) parse_dash_prn(c, parent, r);
      break;
    }
    if (wcl(c, i, DY_W_TIME) && is_noun(t)) { /* (NP (NP lawmakers) (NP Tuesday)), as Stanford does */
      np = wrap(c, parent, np, DY_LABEL_NP);
      parse_base_np(c, np, end);
      continue;
    }
    if (t == DY_TAG_CC && np_start(c, i + 1) && (subject || !clause_start(c, i + 1, end)) &&
        !(tg(c, i + 1) == DY_TAG_VBG && gerund_before(c, i))) {
      if (!coord) { np = wrap(c, parent, np, DY_LABEL_NP); coord = 1; }
      take(c, np);
      parse_conjunct(c, np, end, subject);
      continue;
    }
    if (t == DY_TAG_COMMA && coord && tg(c, i + 1) == DY_TAG_CC && np_start(c, i + 2)) { /* "A, B, and C" */
      take(c, np);
      take(c, np);
      parse_conjunct(c, np, end, subject);
      continue;
    }
    uint32_t inc = t == DY_TAG_COMMA ? i + 1 : i; /* "countries, including France," / "nations including France" */
    if (tg(c, inc) == DY_TAG_VBG && word_is(c, inc, "including") && np_start(c, inc + 1) && c->depth < MAXDEPTH) {
      np = wrap(c, parent, np, DY_LABEL_NP);
      if (inc > i) take(c, np);
      int32_t pp = new_node(c, np, DY_LABEL_PP);
      take(c, pp);
      c->depth++;
      parse_np(c, pp, end, 0);
      c->depth--;
      if (inc > i && !at_end(c, end) && tg(c, c->i) == DY_TAG_COMMA && subject) take(c, np);
      continue;
    }
    uint32_t ap = t == DY_TAG_COMMA && !coord && c->depth < MAXDEPTH ? appositive_participle(c, i + 1, end) : 0;
    if (ap) {
      /* "the mayor of Nablus, a member of Hamas jailed a year ago, officials
       * said": no second clause but an apposition whose past form is a
       * participle (retagged: the tagger cannot see this far) */
      retag_vbn(c, ap);
      uint32_t close = ap; /* the apposition ends at the next comma */
      while (close < end && tg(c, close) != DY_TAG_COMMA) close++;
      np = wrap(c, parent, np, DY_LABEL_NP);
      take(c, np);
      c->depth++;
      parse_np(c, np, close, 0);
      c->depth--;
      if (!at_end(c, end) && tg(c, c->i) == DY_TAG_COMMA && subject) take(c, np);
      continue;
    }
    if (t == DY_TAG_COMMA && (tg(c, i + 1) == DY_TAG_WP || tg(c, i + 1) == DY_TAG_WDT || tg(c, i + 1) == DY_TAG_WPS) && c->depth < MAXDEPTH && i + 2 < end) {
      np = wrap(c, parent, np, DY_LABEL_NP); /* "Yaish, who had been arrested," */
      take(c, np);
      parse_sbar(c, np, insertion_end(c, i + 1, end)); /* "X, who lost his son, said" */
      if (!at_end(c, end) && tg(c, c->i) == DY_TAG_COMMA && subject) take(c, np);
      continue;
    }
    if (t == DY_TAG_COMMA && np_start(c, i + 1) && (list_ahead(c, i) || !clause_start(c, i + 1, end))) {
      uint32_t e = base_np_end(c, i + 1);
      dy_tag after = tg(c, e);
      int list = list_ahead(c, i);
      int appos = !list && (after == DY_TAG_PERIOD || after == DY_TAG_RQUOTE || e >= end ||
                            (after == DY_TAG_COMMA && (vg_start(c, e + 1) || clause_start(c, e + 1, end) || e + 1 >= end)));
      if (list) {
        if (!coord) { np = wrap(c, parent, np, DY_LABEL_NP); coord = 1; }
        take(c, np);
        parse_base_np(c, np, end);
        continue;
      }
      uint32_t k = subject && !list && !coord ? comma_before_verb(c, i, end) : 0;
      if ((appos || k) && !coord && c->depth < MAXDEPTH) {
        np = wrap(c, parent, np, DY_LABEL_NP);
        take(c, np);
        c->depth++;
        parse_np(c, np, k ? k : end, 0);
        c->depth--;
        if (tg(c, c->i) == DY_TAG_COMMA && subject) take(c, np);
        continue;
      }
      break;
    }
    if (t == DY_TAG_COMMA && subject && (tg(c, i + 1) == DY_TAG_VBN || tg(c, i + 1) == DY_TAG_VBG) && c->depth < MAXDEPTH) {
      uint32_t k = comma_before_verb(c, i, end); /* "The civilians, imprisoned for ..., were" */
      if (k) {
        np = wrap(c, parent, np, DY_LABEL_NP);
        take(c, np);
        c->depth++;
        parse_vp(c, np, k);
        c->depth--;
        if (c->i == k) take(c, np);
        continue;
      }
    }
    if ((t == DY_TAG_WDT || t == DY_TAG_WP || t == DY_TAG_WPS || (t == DY_TAG_IN && wcl(c, i, DY_W_THAT) && subject)) &&
        c->depth < MAXDEPTH && i + 1 < end) {
      np = wrap(c, parent, np, DY_LABEL_NP);
      parse_sbar(c, np, subject ? main_verb_bound(c, i + 1, end) : end);
      continue;
    }
    uint32_t mv = 0;
    if (t == DY_TAG_VBD && bare_past(c, i) && c->depth < MAXDEPTH &&
        (subject ? (mv = main_verb_ahead(c, i + 1, end)) > 0 && verb_after_pp(c, mv) : finite_before(c, start))) {
      /* a reduced relative whose participle the tagger read as a past
       * tense: retagged VBN, as for appositions */
      retag_vbn(c, i);
      np = wrap(c, parent, np, DY_LABEL_NP);
      c->depth++;
      parse_vp(c, np, mv ? mv : end);
      c->depth--;
      continue;
    }
    if ((t == DY_TAG_VBN || t == DY_TAG_VBG) && c->depth < MAXDEPTH &&
        ((mv = main_verb_ahead(c, i + 1, end)) > 0 || !subject)) { /* reduced relative */
      np = wrap(c, parent, np, DY_LABEL_NP);
      c->depth++;
      parse_vp(c, np, mv ? mv : end);
      c->depth--;
      continue;
    }
    break;
  }
}

/* Is VP node v headed by a participle (a reduced relative or participial
 * clause)? Then "and" + a finite verb coordinates a higher VP: "attacked
 * the army stationed in Homs and killed five". */
static int participle_vp(const cx *c, int32_t v) {
  for (int32_t k = c->nd[v].child; k >= 0; k = c->nd[k].next)
    if (c->nd[k].label == DY_LABEL_TOK) {
      dy_tag t = tg(c, c->nd[k].first);
      if (is_verb(t)) return t == DY_TAG_VBN || t == DY_TAG_VBG;
    }
  return 0;
}

/* Complements of a verb, appended to vp until a clause boundary. */
static void parse_complements(cx *c, int32_t vp, int32_t top, int32_t parent, uint32_t end) {
  while (!at_end(c, end)) {
    uint32_t i = c->i;
    dy_tag t = tg(c, i);
    if (t == DY_TAG_RP) { take(c, new_node(c, vp, DY_LABEL_PRT)); continue; }
    if (is_adj(t) && base_np_end(c, i) == i && !(tg(c, i + 1) == DY_TAG_CC && np_start(c, i + 2)) &&
        !(c->tok[i].raw.n && c->tok[i].raw.p[0] >= 'A' && c->tok[i].raw.p[0] <= 'Z')) { /* "visit Bucharest" mistagged JJ: keep the NP */
      /* "remained mum", "unaware of": an ADJP, no NP (but "full & normal ties" is an NP conjunct) */
      int32_t a = new_node(c, vp, DY_LABEL_ADJP);
      while (!at_end(c, end) && (is_adj(tg(c, c->i)) || is_adv(tg(c, c->i)))) take(c, a);
      if (!at_end(c, end) && tg(c, c->i) == DY_TAG_IN && !wcl(c, c->i, DY_W_SUBORD | DY_W_THAT) && np_start(c, c->i + 1))
        parse_pp(c, a, end, 0);
      continue;
    }
    uint32_t r;
    if (is_dash(c, i) && c->depth < MAXDEPTH && (r = closing_dash(c, i, end)) > 0) {
      parse_dash_prn(c, vp, r);
      continue;
    }
    uint32_t q;
    if (t == DY_TAG_LQUOTE && c->depth < MAXDEPTH && !quoted_modifier(c, i) && (q = quoted_np(c, i, end)) > 0) {
      int32_t np = new_node(c, vp, DY_LABEL_NP); /* "making `` unacceptable accusations ''" */
      take(c, np);
      c->depth++;
      parse_np(c, np, q, 0);
      c->depth--;
      while (c->i < q) take(c, np);
      take(c, np);
      continue;
    }
    if (t == DY_TAG_DT && wcl(c, i, DY_W_THAT) && c->depth < MAXDEPTH && i + 1 < end &&
        (subjunctive(c, i + 1, end) || clause_start(c, i + 1, end))) {
      parse_sbar(c, vp, end); /* "demanded that control ... be taken": "that" tagged as a determiner */
      continue;
    }
    if (np_start(c, i)) {
      if (clause_start(c, i, end) && c->depth < MAXDEPTH) { /* "said Iran attacked ..." */
        int32_t sb = new_node(c, vp, DY_LABEL_SBAR);
        int32_t s = new_node(c, sb, DY_LABEL_S);
        c->depth++;
        parse_clause(c, s, end);
        c->depth--;
        continue;
      }
      parse_np(c, vp, end, 0);
      continue;
    }
    if ((t == DY_TAG_IN && (wcl(c, i, DY_W_THAT) || wcl(c, i, DY_W_SUBORD)) &&
         (clause_start(c, i + 1, end) || !np_start(c, i + 1) || (wcl(c, i, DY_W_THAT) && subjunctive(c, i + 1, end)))) ||
        t == DY_TAG_WRB || ((t == DY_TAG_WDT || t == DY_TAG_WP) && c->depth < MAXDEPTH)) {
      if (i + 1 >= end || c->depth >= MAXDEPTH) { take(c, vp); continue; }
      parse_sbar(c, vp, end);
      continue;
    }
    if (t == DY_TAG_IN && wcl(c, i, DY_W_ABOUT) && tg(c, i + 1) == DY_TAG_TO && vg_start(c, i + 2) &&
        c->depth < MAXDEPTH) {
      /* "is about to restore": (VP (IN about) (S (VP (TO to) (VP ...)))), as in PETRARCH's trees */
      int32_t v = new_node(c, vp, DY_LABEL_VP);
      take(c, v);
      c->depth++;
      parse_vp(c, new_node(c, v, DY_LABEL_S), end);
      c->depth--;
      continue;
    }
    if (t == DY_TAG_IN || (t == DY_TAG_TO && !vg_start(c, i + 1))) { parse_pp(c, vp, end, 0); continue; }
    if (t == DY_TAG_TO && c->depth < MAXDEPTH) { /* "agreed to attack": S(VP(TO VP)) */
      int32_t s = new_node(c, vp, DY_LABEL_S);
      c->depth++;
      parse_vp(c, s, end);
      c->depth--;
      continue;
    }
    if (is_adv(t)) {
      if (wcl(c, i, DY_W_NEG)) { take(c, vp); continue; }
      int32_t a = new_node(c, vp, DY_LABEL_ADVP);
      while (!at_end(c, end) && is_adv(tg(c, c->i))) take(c, a);
      continue;
    }
    if (is_adj(t)) {
      int32_t a = new_node(c, vp, DY_LABEL_ADJP);
      while (!at_end(c, end) && (is_adj(tg(c, c->i)) || is_adv(tg(c, c->i)))) take(c, a);
      if (!at_end(c, end) && tg(c, c->i) == DY_TAG_IN && !wcl(c, c->i, DY_W_SUBORD | DY_W_THAT) && np_start(c, c->i + 1))
        parse_pp(c, a, end, 0);
      continue;
    }
    if ((t == DY_TAG_VBG || t == DY_TAG_VBN || t == DY_TAG_VB) && c->depth < MAXDEPTH) { /* "began attacking" */
      int32_t s = new_node(c, vp, DY_LABEL_S);
      c->depth++;
      parse_vp(c, s, end);
      c->depth--;
      continue;
    }
    if (t == DY_TAG_COMMA && tg(c, i + 1) == DY_TAG_PRP && is_finite(tg(c, i + 2)) && tg(c, i + 3) == DY_TAG_COMMA &&
        i + 4 < end) { /* ", it seems ,": a parenthetical, then the complements go on */
      int32_t prn = new_node(c, vp, DY_LABEL_PRN);
      take(c, prn);
      int32_t ps = new_node(c, prn, DY_LABEL_S);
      take(c, new_node(c, ps, DY_LABEL_NP));
      take(c, new_node(c, ps, DY_LABEL_VP));
      take(c, prn);
      continue;
    }
    if (t == DY_TAG_COMMA && np_start(c, i + 1) && c->depth < MAXDEPTH) {
      uint32_t e = base_np_end(c, i + 1); /* ", several years after crowds burned ..." */
      if (e > i + 1 && e < end && tg(c, e) == DY_TAG_IN && wcl(c, e, DY_W_SUBORD) && clause_start(c, e + 1, end)) {
        take(c, vp);
        parse_base_np(c, vp, end);
        parse_sbar(c, vp, end);
        continue;
      }
    }
    if (t == DY_TAG_COMMA) {
      dy_tag n1 = tg(c, i + 1);
      if (n1 == DY_TAG_VBG && c->depth < MAXDEPTH) { /* ", killing five people" */
        take(c, vp);
        int32_t s = new_node(c, vp, DY_LABEL_S);
        c->depth++;
        parse_vp(c, s, end);
        c->depth--;
        continue;
      }
      if (n1 == DY_TAG_IN && wcl(c, i + 1, DY_W_SUBORD) && clause_start(c, i + 2, end) && c->depth < MAXDEPTH) {
        take(c, vp); /* ", as Kigali said" */
        parse_sbar(c, vp, end);
        continue;
      }
      if ((n1 == DY_TAG_IN && !wcl(c, i + 1, DY_W_SUBORD) && !wcl(c, i + 1, DY_W_THAT) && np_start(c, i + 2)) ||
          (is_adv(n1) && !vg_start(c, i + 1))) {
        take(c, vp);
        continue;
      }
      return;
    }
    if (t == DY_TAG_CC && vg_start(c, i + 1) && top >= 0 && !(participle_vp(c, top) && finite_start(c, i + 1))) {
      /* "attacked the town and killed five": VP(VP CC VP) */
      int32_t w = wrap(c, parent, top, DY_LABEL_VP);
      if (w == top) return;
      take(c, w);
      parse_vp(c, w, end);
      return;
    }
    return;
  }
}

/* A verb group, one VP per auxiliary (Penn style), then complements. */
static int32_t parse_vp(cx *c, int32_t parent, uint32_t end) {
  int32_t top = new_node(c, parent, DY_LABEL_VP), vp = top;
  while (!at_end(c, end)) {
    dy_tag t = tg(c, c->i);
    if (is_adv(t)) {
      if (!vg_start(c, c->i)) break;
      if (wcl(c, c->i, DY_W_NEG)) take(c, vp);
      else take(c, new_node(c, vp, DY_LABEL_ADVP));
      continue;
    }
    if (t == DY_TAG_TO || is_verb(t)) {
      take(c, vp);
      uint32_t k = c->i;
      while (k < end && is_adv(tg(c, k))) k++;
      dy_tag nt = tg(c, k);
      int aux = is_verb(nt) && nt != DY_TAG_MD &&
                (t == DY_TAG_TO || t == DY_TAG_MD || wcl(c, c->i - 1, DY_W_BE | DY_W_GET | DY_W_HAVE | DY_W_DO));
      if (!aux || k >= end) break;
      while (c->i < k) {
        if (wcl(c, c->i, DY_W_NEG)) take(c, vp);
        else take(c, new_node(c, vp, DY_LABEL_ADVP));
      }
      vp = new_node(c, vp, DY_LABEL_VP);
      continue;
    }
    break;
  }
  parse_complements(c, vp, top, parent, end);
  return top;
}

/* Where a fronted modifier starting at i ends: at the first comma that a
 * clause follows ("Before leaving for Beijing, Bush was ...", "With the
 * signing of a memorandum on the cessation of hostilities, the government
 * and the rebels agreed": not an apposition of the PP's last noun), else
 * end. A PP holds no finite verb (pp = 1): the search stops at one ("In
 * Baghdad police arrested ...": the PP has ended before it). */
static uint32_t fronted_end(const cx *c, uint32_t i, uint32_t end, int pp) {
  for (uint32_t k = i + 1, lim = i + 4 * LOOK; k < end && k < lim; k++) {
    dy_tag t = tg(c, k);
    if (t == DY_TAG_COMMA && clause_start(c, k + 1, end)) return k;
    if (pp && is_finite(t)) break;
  }
  return end;
}

/* A clause into node s: fronted modifiers, subject, VP, then reporting
 * tails (", an official said") and coordinated clauses. */
static void parse_clause(cx *c, int32_t s, uint32_t end) {
  int have_vp = 0;
  while (!at_end(c, end)) {
    uint32_t i = c->i;
    dy_tag t = tg(c, i);
    uint32_t r;
    if (is_dash(c, i) && c->depth < MAXDEPTH && (r = closing_dash(c, i, end)) > 0) {
      parse_dash_prn(c, s, r);
      continue;
    }
    if (!have_vp) {
      if (vg_start(c, i) && t != DY_TAG_VBN) { parse_vp(c, s, end); have_vp = 1; continue; }
      if (np_start(c, i)) {
        parse_np(c, s, end, 1);
        if (!at_end(c, end) && tg(c, c->i) == DY_TAG_COMMA && vg_start(c, c->i + 1)) take(c, s);
        if (!at_end(c, end) && vg_start(c, c->i)) { parse_vp(c, s, end); have_vp = 1; }
        continue;
      }
      if (t == DY_TAG_IN && wcl(c, i, DY_W_SUBORD) && (clause_start(c, i + 1, end) || tg(c, i + 1) == DY_TAG_VBG) && c->depth < MAXDEPTH) {
        parse_sbar(c, s, fronted_end(c, i, end, 0));
        continue;
      }
      if (t == DY_TAG_IN || t == DY_TAG_TO) { parse_pp(c, s, fronted_end(c, i, end, 1), 0); continue; }
      if (is_adv(t)) { take(c, new_node(c, s, DY_LABEL_ADVP)); continue; }
      if (t == DY_TAG_VBN && c->depth < MAXDEPTH) { parse_vp(c, s, end); have_vp = 1; continue; }
      take(c, s); /* punctuation, CC, quotes, anything else */
      continue;
    }
    /* after a complete subject + VP */
    uint32_t k = i;
    while (k < end && (tg(c, k) == DY_TAG_COMMA || tg(c, k) == DY_TAG_RQUOTE || tg(c, k) == DY_TAG_COLON)) k++;
    int cc = k < end && tg(c, k) == DY_TAG_CC;
    /* ", but China remained mum": after punctuation, a conjunction and a
     * clause coordinate the top clause, not this nested one */
    if (cc && c->depth > 0 && k > 0 && (tg(c, k - 1) == DY_TAG_COMMA || tg(c, k - 1) == DY_TAG_COLON) &&
        (clause_start(c, k + 1, end) || (word_is(c, k, "but") && finite_start(c, k + 1))))
      return; /* also ", but said it was ...": the top clause's second verb phrase */
    uint32_t j = cc ? k + 1 : k;
    if (cc && k > i && j < end && vg_start(c, j) && !clause_start(c, j, end) && c->lastc[s] >= 0 &&
        c->nd[c->lastc[s]].label == DY_LABEL_VP) {
      /* "France accused Rwanda of ..., but said it was determined": one
       * subject, VP-COORD(VP , CC VP) as Stanford has it */
      int32_t w = wrap(c, s, c->lastc[s], DY_LABEL_VP);
      while (c->i < j) take(c, w);
      parse_vp(c, w, end);
      continue;
    }
    if (j > i && j < end && (clause_start(c, j, end) || (cc && vg_start(c, j) && k > i))) {
      /* S -> S(...) [,] [CC] NP VP */
      int32_t inner = push_down(c, s, DY_LABEL_S);
      (void)inner;
      while (c->i < j) take(c, s);
      have_vp = 0;
      continue;
    }
    if (cc && j == k && j < end && clause_start(c, j, end)) { take(c, s); continue; }
    if (k > i && k < end && is_finite(tg(c, k)) && np_start(c, k + 1) && !cc) {
      /* ", said the minister": verb before its subject */
      while (c->i < k) take(c, s);
      parse_vp(c, s, end);
      continue;
    }
    if (vg_start(c, i)) { parse_vp(c, s, end); continue; }
    if (c->depth < MAXDEPTH && ((t == DY_TAG_IN && wcl(c, i, DY_W_SUBORD) && i + 1 < end) || t == DY_TAG_WDT || t == DY_TAG_WP || t == DY_TAG_WRB)) {
      parse_sbar(c, s, end);
      continue;
    }
    if (t == DY_TAG_IN) { parse_pp(c, s, end, 0); continue; }
    if (np_start(c, i)) { parse_np(c, s, end, 0); continue; }
    take(c, s);
  }
}

/* ------------------------------------------------------------ finishing */

/* Head, token range and flags of phrase n, whose children are done. */
/* Tag sets of finish_phrase, as bit masks over the tags (fewer than 64):
 * one test per child instead of chains of comparisons. */
#define TB(t) (1ull << DY_TAG_##t)
_Static_assert(DY_TAG__COUNT <= 64, "tag masks need fewer than 64 tags");
static const uint64_t TAGS_NOM = TB(NN) | TB(NNS) | TB(NNP) | TB(NNPS) | TB(PRP) | TB(CD) | TB(EX) | TB(POS);
static const uint64_t TAGS_VERB = TB(VB) | TB(VBD) | TB(VBG) | TB(VBN) | TB(VBP) | TB(VBZ) | TB(MD) | TB(TO);
static const uint64_t TAGS_PREP = TB(IN) | TB(TO);
static const uint64_t TAGS_ANY = TAGS_NOM | TAGS_VERB | TAGS_PREP | TB(CC) | TB(RB);
/* the tags whose word class the chunker asks (see dy_chunk_sentence) */
static const uint64_t TAGS_WCLASS = TB(IN) | TB(RB) | TB(DT) | TB(WDT) | TB(VB) | TB(VBD) | TB(VBG) | TB(VBN) |
                                    TB(VBP) | TB(VBZ) | TB(MD) | TB(NNP) | TB(NN);
#undef TB

/* dy_word_class(norm) of token i, a verb, "to" or an adverb: the class
 * worked out at the start for verbs and adverbs (a retag turns a verb
 * into a verb; it is from raw when norm is empty). */
static unsigned norm_class(const cx *c, uint32_t i) {
  if (c->tags[i] == DY_TAG_TO) return dy_word_class(c->tok[i].norm);
  return c->tok[i].norm.n ? c->wc[i] : 0;
}

static void finish_phrase(const cx *c, dy_node *nd, dy_node *n) {
  const dy_sentence *sent = c->s;
  int32_t h = -1, firstnp = -1, lastnom = -1, firstverb = -1, firstvp = -1, in = -1, firsts = -1;
  /* the children tile the phrase's tokens in order (tokens are taken in
   * order and appended; fuzz/fuzz_analysis.c checks it) */
  uint32_t first = n->child >= 0 ? nd[n->child].first : UINT32_MAX, last = 0;
  for (int32_t k = n->child; k >= 0; k = nd[k].next) {
    const dy_node *y = &nd[k];
    last = y->last;
    if (y->label == DY_LABEL_TOK) {
      const dy_token *t = &sent->tok[y->first];
      dy_tag g = (dy_tag)t->tag;
      uint64_t b = g < 64 ? 1ull << g : 0;
      if (!(b & TAGS_ANY)) continue; /* determiners, adjectives, punctuation... */
      if (b & TAGS_NOM) lastnom = y->head;
      if ((b & TAGS_VERB) && firstverb < 0) firstverb = y->head;
      if ((b & TAGS_PREP) && in < 0) in = y->head;
      if (g == DY_TAG_CC) n->flags |= DY_NODE_COORD;
      if (n->label == DY_LABEL_VP && g == DY_TAG_RB && (norm_class(c, y->first) & DY_W_NEG)) n->flags |= DY_NODE_NEGATED;
    } else {
      if (y->label == DY_LABEL_NP && firstnp < 0) firstnp = y->head;
      if (y->label == DY_LABEL_VP && firstvp < 0) firstvp = y->head;
      if ((y->label == DY_LABEL_S || y->label == DY_LABEL_SBAR) && firsts < 0) firsts = y->head;
    }
  }
  n->first = first;
  n->last = last;
  switch (n->label) {
    case DY_LABEL_NP: h = lastnom >= 0 ? lastnom : firstnp >= 0 ? firstnp : (int32_t)last - 1; break;
    case DY_LABEL_VP: h = firstverb >= 0 ? firstverb : firstvp; break;
    case DY_LABEL_PP: h = in >= 0 ? in : (int32_t)first; break;
    case DY_LABEL_S: case DY_LABEL_ROOT: h = firstvp >= 0 ? firstvp : firsts >= 0 ? firsts : firstnp; break;
    case DY_LABEL_SBAR: h = firsts; break;
    default: h = (int32_t)last - 1; break;
  }
  n->head = h;
  /* passive: a VBN-headed VP directly under a VP headed by be/get */
  if (n->label == DY_LABEL_VP && h >= 0 && (norm_class(c, (uint32_t)h) & (DY_W_BE | DY_W_GET))) /* h: a verb or "to" */
    for (int32_t k = n->child; k >= 0; k = nd[k].next)
      if (nd[k].label == DY_LABEL_VP && nd[k].head >= 0 && sent->tok[nd[k].head].tag == DY_TAG_VBN)
        nd[k].flags |= DY_NODE_PASSIVE;
}

/* Copies the tree into pre-order (children after parents, siblings in
 * order) in one walk by the links (no stack), finishing each phrase
 * (token range, head, flags) when the walk climbs out of it, its children
 * being done. A phrase without a token below it is dropped as the walk
 * leaves it: it is then the last node copied, so the copy is undone. */
static void finish(cx *c, dy_story *st) {
  dy_sentence *sent = c->s;
  const dy_node *nd = c->nd;
  int32_t *before = c->scratch; /* new index -> its previous sibling's */
  dy_node *out = dy_arena_alloc(st->arena, (c->nn ? c->nn : 1) * sizeof *out);
  uint32_t m = 0;
  int32_t x = 0, p = -1, prev = -1; /* old node; new parent; new previous sibling */
  uint16_t d = 0;
  for (;;) {
    int32_t id = (int32_t)m++;
    dy_node *o = &out[id];
    *o = nd[x];
    o->parent = p;
    o->child = o->next = -1;
    o->depth = d;
    before[id] = prev;
    if (prev >= 0) out[prev].next = id;
    else if (p >= 0) out[p].child = id;
    if (nd[x].child >= 0) { x = nd[x].child; p = id; prev = -1; d++; continue; }
    prev = id;
    if (o->label != DY_LABEL_TOK) { /* an empty phrase */
      if (x == 0) { finish_phrase(c, out, o); goto copied; }
      m--;
      prev = before[id];
      if (prev >= 0) out[prev].next = -1; else out[p].child = -1;
    }
    for (;;) { /* climb to the next sibling, finishing the phrases left */
      if (x == 0) goto copied;
      if (nd[x].next >= 0) { x = nd[x].next; break; }
      x = nd[x].parent;
      int32_t up = p;
      p = out[up].parent;
      d--;
      if (out[up].child >= 0 || up == 0) {
        finish_phrase(c, out, &out[up]);
        prev = up;
      } else { /* nothing kept below it */
        m--;
        prev = before[up];
        if (prev >= 0) out[prev].next = -1; else out[p].child = -1;
      }
    }
  }
copied:
  sent->node = out;
  sent->nnode = m;
}

int dy_chunk_sentence(dy_story *st, dy_sentence *sent) {
  sent->node = NULL;
  sent->nnode = 0;
  if (sent->ntok == 0) return -1;
  cx c = {.s = sent, .tok = sent->tok, .n = sent->ntok};
  c.cap = 6 * sent->ntok + 16; /* ample: a token opens at most a few phrases */
  /* one scratch block per sentence (the arena gets only the final tree) */
  size_t bytes = (size_t)c.cap * (sizeof *c.nd + 3 * sizeof(int32_t)) + (size_t)c.n * (sizeof(uint16_t) + 2);
  /* small sentences (nearly all) use the stack: no malloc per sentence */
  _Alignas(16) char local[32768];
  char *scratch = bytes <= sizeof local ? local : dy_xmalloc(bytes);
  c.nd = (dy_node *)(void *)scratch;
  c.lastc = (int32_t *)(void *)(c.nd + c.cap);
  c.prevs = c.lastc + c.cap;
  c.scratch = c.prevs + c.cap;
  uint16_t *wc = (uint16_t *)(void *)(c.scratch + c.cap);
  uint8_t *tags = (uint8_t *)(wc + c.n);
  c.npend = tags + c.n;
  memset(c.npend, 0, c.n);
  for (uint32_t i = 0; i < c.n; i++) { /* only these tags are ever asked about */
    dy_tag t = (dy_tag)sent->tok[i].tag;
    tags[i] = (uint8_t)t;
    wc[i] = (t < 64 && (TAGS_WCLASS >> t & 1)) /* IN RB DT WDT, verbs (is_verb), NNP NN */
                ? (sent->tok[i].wclass & DY_W_SET /* the tagger's, when it knows it */
                       ? (uint16_t)(sent->tok[i].wclass & ~DY_W_SET)
                       : (uint16_t)dy_word_class(sent->tok[i].norm.n ? sent->tok[i].norm : sent->tok[i].raw))
                : 0;
  }
  c.wc = wc;
  c.tags = tags;
  int32_t root = new_node(&c, -1, DY_LABEL_ROOT);
  int32_t s = new_node(&c, root, DY_LABEL_S);
  uint32_t end = c.n; /* the closing period (and quote) belong to the top S */
  while (end > 1) { /* ". ''" closes a quoted sentence; "accusations '' ." a quoted phrase, which keeps its quote */
    dy_tag t = tg(&c, end - 1);
    if (t == DY_TAG_PERIOD || (t == DY_TAG_RQUOTE && end > 2 &&
                               (tg(&c, end - 2) == DY_TAG_PERIOD || tg(&c, end - 2) == DY_TAG_RQUOTE)))
      end--;
    else
      break;
  }
  uint32_t k = reporting_tail(&c, end);
  if (k) {
    /* "..., a senior official said on Saturday.": the reporting clause
     * belongs to the top S, whatever nesting precedes it (Stanford:
     * (S (S ...) (, ,) (NP ...) (VP ...) (. .))) */
    while (c.i < k && tg(&c, c.i) == DY_TAG_LQUOTE) take(&c, s);
    int32_t inner = new_node(&c, s, DY_LABEL_S);
    if (c.i > 0) c.nd[inner].flags |= DY_NODE_QUOTE;
    parse_clause(&c, inner, k);
    while (c.i < k) take(&c, inner);
  }
  parse_clause(&c, s, end);
  if (c.full) { /* cannot happen with the bound above; stay safe: flat S */
    c.nn = 0; c.full = 0; c.i = 0;
    root = new_node(&c, -1, DY_LABEL_ROOT);
    s = new_node(&c, root, DY_LABEL_S);
  }
  while (c.i < c.n) take(&c, s);
  finish(&c, st);
  if (scratch != local) free(scratch);
  return 0;
}

int dy_analyse_sentence(const dy_analyser *a, dy_story *s, dy_sentence *sent) {
  if (sent->ntok == 0) { sent->node = NULL; sent->nnode = 0; return -1; }
  dy_tag_sentence(a, sent->tok, sent->ntok);
  return dy_chunk_sentence(s, sent);
}

/* ------------------------------------------------------------ printing */

typedef struct outbuf { char *p; size_t cap, len; } outbuf;

static void put(outbuf *o, const char *s, size_t n) {
  for (size_t k = 0; k < n; k++, o->len++)
    if (o->len + 1 < o->cap) o->p[o->len] = s[k];
}
static void puts_(outbuf *o, const char *s) { put(o, s, strlen(s)); }

size_t dy_tree_format(const dy_sentence *sent, char *buf, size_t cap) {
  outbuf o = {buf, cap, 0};
  if (sent->nnode == 0) { if (cap) buf[0] = 0; return 0; }
  /* iterative pre-order walk: go down, print ")" when climbing */
  int32_t x = 0;
  while (x >= 0) {
    const dy_node *n = &sent->node[x];
    if (n->label == DY_LABEL_TOK) {
      const dy_token *t = &sent->tok[n->first];
      puts_(&o, "(");
      puts_(&o, dy_tag_name((dy_tag)t->tag));
      puts_(&o, " ");
      put(&o, t->raw.p, t->raw.n);
      puts_(&o, ")");
    } else {
      puts_(&o, "(");
      puts_(&o, dy_label_name((dy_label)n->label));
      if (n->flags & DY_NODE_PASSIVE) puts_(&o, "-PASS");
      if (n->flags & DY_NODE_NEGATED) puts_(&o, "-NEG");
      if (n->flags & DY_NODE_COORD) puts_(&o, "-COORD");
      if (n->flags & DY_NODE_QUOTE) puts_(&o, "-QUOTE");
      if (n->child >= 0) { puts_(&o, " "); x = n->child; continue; }
      puts_(&o, ")");
    }
    while (x >= 0 && sent->node[x].next < 0) {
      x = sent->node[x].parent;
      if (x >= 0) puts_(&o, ")");
    }
    if (x >= 0) { x = sent->node[x].next; puts_(&o, " "); }
  }
  if (cap) buf[o.len < cap ? o.len : cap - 1] = 0;
  return o.len;
}
