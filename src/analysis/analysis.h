/*
 * analysis.h — dyad's own analysis of English news: part-of-speech tagging
 * (Penn tagset) and a shallow parser that builds the constituent tree the
 * coder walks, so that raw text can be coded without a parser service.
 *
 * Tagger: a bigram HMM decoded with Viterbi over each token's candidate
 * tags. Word/tag counts and tag transitions come from Lingua::EN::Tagger
 * (Debian liblingua-en-tagger-perl, Penn-Treebank-derived, GPL-3), turned
 * into C tables at build time (mk/analysis.mk, data/tagger/gen_model.awk).
 * Unknown words get a distribution from suffix statistics of the lexicon's
 * rare words, split by shape (capitalised, lower case, hyphenated, digits).
 *
 * Repairs after Viterbi encode clause-level facts a bigram model cannot
 * see ("crowds trashed": NNS + VBD, not VBZ + VBN; "has celebrated", "has
 * said", "is said": VBN; "Ethiopia departs from": a verbless clause gets
 * its verb; reduced relatives "a missile believed to be fired", "the
 * civilians imprisoned for ... were released": VBN; "said protesters
 * gathered": VBD; "scaling a pole and unfurling banners": VBG; "will
 * boycott": VB; "until they gain": VBP). Unknown words: "Qaeda-linked"
 * style compounds are JJ, number words ("ten", "forty-five") CD.
 *
 * Chunker: a deterministic left-to-right recursive descent over the tags
 * with bounded look-ahead; nesting beyond a fixed depth is attached flat,
 * so time is linear in the sentence. The tree imitates the Stanford parses
 * in PETRARCH's files as far as a shallow parser can:
 *
 *   node 0: ROOT, with one S child (as the treebank reader gives for
 *           "(ROOT (S ...))"), the closing period on that S
 *   S    -> [PP|ADVP|SBAR ,]* NP VP    (a fronted PP or SBAR ends at the
 *                                     comma before the clause)
 *         | S(...) , NP VP           a final reporting clause (", an
 *                                     official said on Saturday")
 *         | `` S , '' NP VP          a quotation (inner S flagged QUOTE)
 *         | S [,] CC S               coordinated clauses (after a comma
 *                                     or dash they coordinate the top
 *                                     clause, not a complement clause)
 *   NP   -> base NP | NP PP | NP(NP 's) N | NP , NP , (apposition)
 *         | NP-COORD(NP CC NP), NP-COORD(NP , NP , CC NP)
 *         | NP SBAR (relative) | NP VP (reduced relative / participle,
 *           bounded at the clause's verb: "a woman believed linked to X
 *           who shot at Y ... was extradited")
 *         | NP , NP(NP VP(VBN ...)) , (", a member of Hamas jailed in
 *           2007 ,": the past form is retagged VBN)
 *         | NP NP(Tuesday) | NP PRN(-LRB- NP -RRB-) [N] ("the APEC (...) forum")
 *         | NP VP(VBN ...) for a regular past form tagged VBD with no
 *           object ("workers affiliated with X stopped", "Africans ordered
 *           out of Nigeria": retagged VBN) | NP SBAR(WHNP(whose N) S)
 *         | NP [,] PP(VBG including NP) [,]
 *         | ADVP(NP RB ago)
 *   base NP: [up to|more than|at least|as many as] CD ..., `` Name '' N
 *   PRN  -> : X :  (paired dashes; a sibling of the NP before it, so its
 *           words are not that NP's actors)
 *   VP   -> aux [RB] VP (one VP per auxiliary, Penn style)
 *         | verb [PRT] [NP] [PP]* [SBAR] [S(VP(TO VP))] [, S(VP VBG ...)]
 *         | VP-COORD(VP CC VP) | VP-COORD(VP , but VP) (one subject)
 *         | is VP(IN about S(VP(TO VP))) | verb NP(`` NP '')
 *   PP   -> IN NP | IN S(VP VBG ...)
 *   SBAR -> [IN|WHNP|WHADVP] S
 * Each token sits under a preterminal node (label DY_LABEL_TOK, first =
 * token, head = token). Nodes are in pre-order (children after parents).
 * Heads and flags follow the treebank reader's conventions (src/treebank/):
 * NP head = last noun (or pronoun/number/POS) child, else its first NP;
 * VP head = its first verb (the auxiliary, as in Collins' rules; the main
 * verb heads the innermost VP); PP head = the preposition; S head = its
 * VP's. PASSIVE on a VBN-headed VP under a VP headed by be/get; NEGATED on
 * a VP with a not/n't/never child; COORD on a phrase with a CC child.
 * Adjective coordination inside an NP is an ADJP, so the NP is not COORD.
 */
#ifndef DYAD_ANALYSIS_H
#define DYAD_ANALYSIS_H

#include "core/core.h"

/* The loaded model: read-only after dy_analyser_new, so one analyser may be
 * shared by threads. */
typedef struct dy_analyser dy_analyser;

/* Returns the model compiled into the library: it is built at build time
 * ($(BUILD)/tagger-gen, mk/analysis.mk) into const tables, so this costs
 * nothing and allocates nothing; every call returns the same read-only
 * model. Never returns NULL. dy_analyser_free only clears the pointer. */
dy_analyser *dy_analyser_new(void);
/* Sets *a = NULL (the model is static data: nothing to free); NULL-safe. */
void dy_analyser_free(dy_analyser **a);

/* Tags sent->tok[0..ntok) (sets tok[i].tag; tokens are read through raw,
 * or norm when raw is empty) and builds sent->node / sent->nnode from
 * s->arena. Tokens already tagged are retagged. Never fails on odd input:
 * returns 0, or -1 only when ntok is 0 (then nnode = 0). Time and memory
 * are linear in ntok. */
int dy_analyse_sentence(const dy_analyser *a, dy_story *s, dy_sentence *sent);

/* The two stages separately (dy_analyse_sentence = tag + chunk). dy_chunk
 * uses only the tags (and a few words), so it also works on gold tags. It
 * may retag a token whose reading the structure settles (a regular past
 * form inside an apposition becomes VBN); nothing else of the tokens
 * changes. */
void dy_tag_sentence(const dy_analyser *a, dy_token *tok, uint32_t ntok);
int dy_chunk_sentence(dy_story *s, dy_sentence *sent);

/* Writes sent's tree in Penn bracket form ("(S (NP (NNP Iran)) ...)")
 * into buf (NUL-terminated, truncated to cap). Returns the length it
 * needed. Flags are shown as label suffixes: -PASS, -NEG, -COORD, -QUOTE. For
 * tests, --explain and debugging. */
size_t dy_tree_format(const dy_sentence *sent, char *buf, size_t cap);

/* Closed-class words the tagger's repairs and the chunker test for, as a
 * bit set (ASCII case-insensitive; 0 for any other word or one longer than
 * 9 bytes). One switch on
 * length and a packed compare, so it is cheap enough to call per token. */
enum dy_word_class {
  DY_W_NEG = 1 << 0,     /* not n't never */
  DY_W_BE = 1 << 1,      /* be is are was were been being am 's 're 'm */
  DY_W_GET = 1 << 2,     /* get gets got gotten getting */
  DY_W_HAVE = 1 << 3,    /* have has had having 've 'd */
  DY_W_DO = 1 << 4,      /* do does did */
  DY_W_SUBORD = 1 << 5,  /* after before because while although though if unless
                            until since whereas once as when whether */
  DY_W_THAT = 1 << 6,
  DY_W_OF = 1 << 7,
  DY_W_BY = 1 << 8,
  DY_W_ABOUT = 1 << 9,
  DY_W_TIME = 1 << 10,   /* monday .. sunday today yesterday tonight tomorrow */
  DY_W_SET = 1 << 15,    /* in dy_token.wclass: the value is known (the tagger set it) */
};
unsigned dy_word_class(dy_str w);

/* --- evaluation support ------------------------------------------------ */

/* A minimal Penn bracket reader for measuring the analyser against gold
 * trees (the full treebank reader is src/treebank/). Reads `text` (e.g.
 * "( (S (NP (NNP Iran)) ...))"); tokens are the leaves (raw = norm = leaf
 * span into text; tag = the gold preterminal, AUX* mapped to VB*), nodes
 * are the phrases (preterminals become DY_LABEL_TOK nodes). A wrapping
 * ROOT or unlabeled outer bracket is dropped so node 0 is the top phrase.
 * Returns 0, or -1 when the brackets are malformed (sent left empty). */
int dy_gold_tree_read(dy_story *s, const char *text, size_t n, dy_sentence *sent);

#endif
