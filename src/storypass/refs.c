/* Cross-sentence references: the story context behind the coder's refs
 * hooks (coder.h). See storypass.h, section 2, for the rules; the
 * comments here say why. One dy_refs is reused story after story; it is a
 * fixed array of recent mentions, so nothing is allocated while coding. */
#include <stdlib.h>
#include <string.h>

#include "storypass/storypass.h"

enum { K_THING = 0, K_PERSON = 1 };

#define REF_MAX 48
#define REF_BACK 3 /* sentences an antecedent may lie back */

typedef struct ref_mention {
  uint32_t sent, para, first, last;
  uint8_t kind, role, plural, quoted;
  char code[32];
} ref_mention;

/* A word list as hashes of its dy_fold forms: membership is one hash
 * and a scan of a few integers, instead of string compares per word. */
#define SET_MAX 64
typedef struct wordset {
  uint64_t h[SET_MAX];
  uint32_t n;
  uint64_t sig[4]; /* a bit per (first byte, last byte, length) of the words */
} wordset;

/* in_set asks about every noun of every mention: most words are out on
 * one bit test, before any hashing. */
static inline unsigned word_sig(const char *p, size_t n) {
  return ((unsigned char)p[0] * 7u + (unsigned char)p[n - 1] * 3u + (unsigned)n * 13u) & 255;
}

struct dy_refs {
  const dy_dict *d;
  wordset titles, groups, spokes;
  uint32_t hr_sent[8]; /* has_reference of recent sentences, by index % 8 */
  int8_t hr_val[8];
  ref_mention m[REF_MAX];
  uint32_t n;
  uint32_t last_sent; /* the (sentence, lookahead) of the report in progress */
  int last_look;
};

static void set_init(wordset *w, const char *const *list) {
  w->n = 0;
  memset(w->sig, 0, sizeof w->sig);
  for (int i = 0; list[i] && w->n < SET_MAX; i++) {
    size_t n = strlen(list[i]);
    w->h[w->n++] = dy_hash64(list[i], n, DY_HASH_SEED);
    unsigned k = word_sig(list[i], n);
    w->sig[k >> 6] |= 1ull << (k & 63);
  }
}

static int in_set(const wordset *w, const dy_token *t) {
  if (t->norm.n == 0) return 0; /* no list word is empty */
  unsigned k = word_sig(t->norm.p, t->norm.n);
  if (!(w->sig[k >> 6] >> (k & 63) & 1)) return 0;
  uint64_t h = dy_hash64(t->norm.p, t->norm.n, DY_HASH_SEED);
  for (uint32_t i = 0; i < w->n; i++)
    if (w->h[i] == h) return 1;
  return 0;
}

static const char *const titles[], *const groups[], *const spokes[];

dy_refs *dy_refs_new(const dy_dict *d) {
  dy_refs *r = dy_xcalloc(1, sizeof *r);
  r->d = d;
  set_init(&r->titles, titles);
  set_init(&r->groups, groups);
  set_init(&r->spokes, spokes);
  r->last_sent = UINT32_MAX;
  return r;
}

void dy_refs_free(dy_refs **r) {
  if (!r || !*r) return;
  free(*r);
  *r = NULL;
}

static int word_in(const dy_token *t, const char *const *w) {
  for (int i = 0; w[i]; i++)
    if (dy_str_eq_c(t->norm, w[i])) return 1;
  return 0;
}

static const char *const person_pron[] = {"he", "she", "him", "her", NULL};
static const char *const plural_pron[] = {"they", "them", NULL};
static const char *const thing_pron[] = {"it", NULL};
static const char *const first_pron[] = {"we", "us", "i", "me", NULL};
static const char *const first_poss[] = {"our", "my", NULL};
static const char *const spokes[] = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen",
                                     "spokeswomen", "spokespersons", NULL};
/* Nouns naming one person by office: a noun phrase with one of them is a
 * person ("Russian Foreign Minister Sergey Lavrov", "the U.N. special envoy
 * Staffan de Mistura"), and a bare "the minister" refers to a person. */
static const char *const titles[] = {
    "minister", "president", "premier", "chancellor", "secretary", "envoy", "ambassador", "king", "queen",
    "prince", "emir", "sheikh", "general", "commander", "leader", "chief", "official", "diplomat", "governor",
    "mayor", "senator", "lawmaker", "negotiator", "spokesman", "spokeswoman", "spokesperson", "ministers",
    "officials", "diplomats", "leaders", "commanders", "lawmakers", "negotiators", "mr.", "mrs.", "ms.", "dr.",
    "pope", "monarch", "representative", "director", "head", NULL};

/* Nouns that name, with "the", an actor already in the story ("the
 * rebels", "the army"); other bare agents ("the detainees", "the
 * officials") are generic and stay as coded. */
static const char *const groups[] = {
    "rebels", "insurgents", "militants", "guerrillas", "separatists", "fighters", "militia", "militiamen", "army",
    "military", "troops", "forces", "police", "government", "ministry", "opposition", "junta", "regime", NULL};

/* A person: a title word in the phrase, or an actor entry whose codes
 * are date-restricted (dictionaries give people a code per office held;
 * countries and organisations have one code). */
static int is_person(const dy_refs *r, const dy_sentence *s, uint32_t a, uint32_t b, dy_date date,
                     const uint32_t *wid) {
  for (uint32_t i = a; i < b; i++)
    if (s->tok[i].tag == DY_TAG_PRP ? word_in(&s->tok[i], person_pron) : in_set(&r->titles, &s->tok[i])) return 1;
  if (!r->d) return 0;
  for (uint32_t i = a; i < b; i++) {
    dy_actor_match am;
    if (!dy_dict_match_actor_ids(r->d, s->tok, wid, b, i, date, &am)) continue;
    dy_actor_info ai;
    if (dy_dict_actor_info(r->d, am.entry, &ai) != 0) return 0;
    for (uint32_t k = 0; k < ai.ncodes; k++) {
      dy_actor_code ac;
      if (dy_dict_actor_code(r->d, am.entry, k, &ac) == 0 && (ac.from || ac.to)) return 1;
    }
    return 0;
  }
  return 0;
}

static void refs_begin(void *ctx, const dy_story *s) {
  dy_refs *r = ctx;
  (void)s;
  r->n = 0;
  r->last_sent = UINT32_MAX;
  r->last_look = 0;
  memset(r->hr_sent, 0, sizeof r->hr_sent);
}

static void drop_sentence(dy_refs *r, uint32_t si) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < r->n; i++)
    if (r->m[i].sent != si) r->m[k++] = r->m[i];
  r->n = k;
}

static void refs_mention(void *ctx, const dy_story *st, const dy_coder_mention *cm) {
  dy_refs *r = ctx;
  if (cm->sentence >= st->nsent) return;
  /* a sentence reported again (after a look-ahead) replaces its mentions */
  if (cm->sentence != r->last_sent || cm->lookahead != r->last_look) drop_sentence(r, cm->sentence);
  r->last_sent = cm->sentence;
  r->last_look = cm->lookahead;
  if (r->n == REF_MAX) { /* full: forget the oldest */
    uint32_t old = 0;
    for (uint32_t i = 1; i < r->n; i++)
      if (r->m[i].sent < r->m[old].sent || (r->m[i].sent == r->m[old].sent && r->m[i].first < r->m[old].first))
        old = i;
    r->m[old] = r->m[--r->n];
  }
  const dy_sentence *s = &st->sent[cm->sentence];
  ref_mention *m = &r->m[r->n++];
  m->sent = cm->sentence;
  m->para = s->paragraph;
  m->first = cm->first;
  m->last = cm->last;
  m->role = (uint8_t)cm->role;
  m->plural = (uint8_t)(cm->plural != 0);
  m->quoted = cm->first < s->ntok && (s->tok[cm->first].flags & DY_TOK_QUOTED);
  const uint32_t *wid = cm->wid_dict == r->d ? cm->wid : NULL; /* ids of another dictionary: look up */
  m->kind = is_person(r, s, cm->first, cm->last, s->date ? s->date : st->date, wid) ? K_PERSON : K_THING;
  size_t cl = strlen(cm->code);
  if (cl >= sizeof m->code) cl = sizeof m->code - 1;
  memcpy(m->code, cm->code, cl);
  m->code[cl] = 0;
}

/* What a reference accepts. */
enum { W_PERSON = 1, W_THING = 2, W_PLURAL = 3, W_NONPERSON = 4, W_ANY = 5 };

static int compatible(const ref_mention *m, int want, const char *agent) {
  switch (want) {
    case W_PERSON: if (m->kind != K_PERSON || m->plural) return 0; break;
    case W_THING: if (m->kind == K_PERSON || m->plural) return 0; break;
    case W_PLURAL: if (!m->plural) return 0; break;
    case W_NONPERSON: if (m->kind == K_PERSON) return 0; break;
    default: break;
  }
  if (agent && *agent) { /* the agent must be in the code, after its country/organisation part */
    size_t al = strlen(agent), cl = strlen(m->code);
    int found = 0;
    for (size_t p = 3; p + al <= cl && !found; p += 3) found = memcmp(m->code + p, agent, al) == 0;
    if (!found) return 0;
  }
  return 1;
}

/* The most recent compatible mention in the sentences before si:
 * at most REF_BACK sentences back and across at most one paragraph break
 * (a new paragraph often begins with "He said ..." about the last one's
 * actor; two breaks away the story has usually moved on). In the most
 * recent sentence that has one, subjects win over objects. */
static const ref_mention *find_back(const dy_refs *r, const dy_story *st, uint32_t si, int want,
                                    const char *agent) {
  const ref_mention *best = NULL;
  uint32_t para = st->sent[si].paragraph;
  for (uint32_t i = 0; i < r->n; i++) {
    const ref_mention *m = &r->m[i];
    if (m->sent >= si) continue; /* inside its sentence the coder resolves */
    if (si - m->sent > REF_BACK || m->para + 1 < para) continue;
    if (!compatible(m, want, agent)) continue;
    if (!best || m->sent > best->sent) { best = m; continue; }
    if (m->sent < best->sent) continue;
    int ms = m->role != DY_MENTION_OBJECT, bs = best->role != DY_MENTION_OBJECT;
    if (ms > bs || (ms == bs && m->first > best->first)) best = m;
  }
  return best;
}

/* The speaker of a quotation in sentence si: named in the sentence
 * itself, else in the next sentence of the paragraph, else the last
 * speaker of the paragraph (a quotation going on over sentences). */
static const ref_mention *find_speaker(const dy_refs *r, const dy_story *st, uint32_t si) {
  const ref_mention *best = NULL;
  uint32_t para = st->sent[si].paragraph;
  for (int pass = 0; pass < 3 && !best; pass++)
    for (uint32_t i = 0; i < r->n; i++) {
      const ref_mention *m = &r->m[i];
      if (m->role != DY_MENTION_SPEAKER || m->para != para) continue;
      if (pass == 0 && m->sent != si) continue;
      if (pass == 1 && m->sent != si + 1) continue;
      if (pass == 2 && (m->sent >= si || si - m->sent > REF_BACK)) continue;
      if (!best || m->sent > best->sent || (m->sent == best->sent && m->first > best->first)) best = m;
    }
  return best;
}

static int put(char out[32], const char *code) {
  snprintf(out, 32, "%s", code);
  return 1;
}

/* "our government" in a quotation: the speaker's country with the
 * agent; an organisation's speaker (IGO..., NGO...) stands for itself. */
static int compose(char out[32], const char *speaker, const char *agent) {
  size_t sl = strlen(speaker), al = strlen(agent);
  for (size_t p = 3; p + al <= sl; p += 3)
    if (!memcmp(speaker + p, agent, al)) return put(out, speaker);
  if (sl < 3 || !strncmp(speaker, "IGO", 3) || !strncmp(speaker, "NGO", 3) || !strncmp(speaker, "MNC", 3))
    return put(out, speaker);
  snprintf(out, 32, "%.3s%s", speaker, agent);
  return 1;
}

/* "the minister", "the rebels": the article, then lower-case words only. */
static int bare_definite(const dy_sentence *s, uint32_t a, uint32_t b) {
  if (b - a < 2 || b - a > 4 || !dy_str_eq_c(s->tok[a].norm, "the")) return 0;
  for (uint32_t i = a + 1; i < b; i++)
    if ((s->tok[i].flags & (DY_TOK_CAP | DY_TOK_NUMBER | DY_TOK_PUNCT)) || s->tok[i].tag == DY_TAG_POS) return 0;
  return 1;
}

/* A word of a name: capitalised, or with a capital inside ("al-Aridi",
 * "bin Salman" has "bin" lower case: particles are allowed). */
static int name_word(const dy_token *t) {
  static const char *const particles[] = {"al", "bin", "ibn", "de", "da", "van", "von", "der", "abu", "el", "di", "la", NULL};
  if (t->flags & DY_TOK_CAP) return 1;
  for (uint32_t i = 0; i < t->raw.n; i++)
    if (t->raw.p[i] >= 'A' && t->raw.p[i] <= 'Z') return 1;
  return word_in(t, particles);
}

/* "spokesman Yahya al-Aridi", "a spokesman", "its spokeswoman": nothing
 * but the spokesman agent (~MED in the Phoenix agents) and a name; not
 * "North Korean army spokesman X" (---MILMED: an unknown actor with its
 * own agents, which no earlier actor stands for). */
static int spokesman_only(const dy_refs *r, const dy_sentence *s, uint32_t a, uint32_t b, const char *code) {
  static const char *const det[] = {"a", "an", "the", "its", "their", NULL};
  if (strcmp(code, "---MED") != 0) return 0;
  uint32_t i = a;
  while (i < b && word_in(&s->tok[i], det)) i++;
  if (i >= b || !in_set(&r->spokes, &s->tok[i]) || (s->tok[i].flags & DY_TOK_QUOTED)) return 0;
  for (i++; i < b; i++)
    if (!name_word(&s->tok[i])) return 0;
  return 1;
}

static int clause_label(uint8_t l) {
  return l == DY_LABEL_S || l == DY_LABEL_SINV || l == DY_LABEL_SQ || l == DY_LABEL_ROOT;
}

static int32_t clause_of(const dy_sentence *s, int32_t n) {
  int32_t p = s->node[n].parent;
  while (p >= 0 && !clause_label(s->node[p].label)) p = s->node[p].parent;
  return p;
}

/* "The OSCE mission denied that it had ...": a subject before the
 * pronoun in another (higher) clause of its sentence is its antecedent,
 * even when the coder found no code for it; the pronoun then does not
 * reach back across sentences. */
static int higher_subject(const dy_sentence *s, uint32_t tok) {
  int32_t pn = -1;
  for (uint32_t i = 0; i < s->nnode && pn < 0; i++)
    if (s->node[i].label == DY_LABEL_TOK && s->node[i].first == tok) pn = (int32_t)i;
  if (pn < 0) return 0;
  int32_t own = clause_of(s, pn);
  for (uint32_t i = 0; i < s->nnode; i++) {
    const dy_node *nd = &s->node[i];
    if (nd->label != DY_LABEL_NP || nd->last > tok || nd->parent < 0 || !clause_label(s->node[nd->parent].label))
      continue;
    if (nd->parent == own) continue;
    if (nd->last - nd->first == 1 && (s->tok[nd->first].tag == DY_TAG_PRP || s->tok[nd->first].tag == DY_TAG_CD ||
                                      s->tok[nd->first].tag == DY_TAG_EX))
      continue;
    /* the pronoun's clause must be inside this subject's clause */
    int32_t p = own;
    while (p >= 0 && p != nd->parent) p = s->node[p].parent;
    if (p == nd->parent) return 1;
  }
  return 0;
}

static int refs_resolve(void *ctx, const dy_story *st, uint32_t si, uint32_t first, uint32_t last, const char *code,
                        char out[32]) {
  const dy_refs *r = ctx;
  if (si >= st->nsent) return 0;
  const dy_sentence *s = &st->sent[si];
  if (first >= last || last > s->ntok) return 0;
  const dy_token *t = &s->tok[first];
  const ref_mention *m = NULL;
  if (!code) {
    if (last - first != 1) return 0;
    if (!word_in(t, first_pron) && higher_subject(s, first)) return 0;
    if (word_in(t, first_pron)) {
      if (!(t->flags & DY_TOK_QUOTED)) return 0;
      m = find_speaker(r, st, si);
    } else if (word_in(t, person_pron)) {
      m = find_back(r, st, si, W_PERSON, NULL);
    } else if (word_in(t, thing_pron)) {
      m = find_back(r, st, si, W_THING, NULL);
    } else if (word_in(t, plural_pron)) {
      m = find_back(r, st, si, W_PLURAL, NULL);
      if (!m) m = find_back(r, st, si, W_NONPERSON, NULL);
    }
    return m ? put(out, m->code) : 0;
  }
  if (strncmp(code, "---", 3) != 0 || !code[3]) return 0;
  const char *agent = code + 3;
  if (word_in(t, first_poss) && (t->flags & DY_TOK_QUOTED)) {
    m = find_speaker(r, st, si);
    return m ? compose(out, m->code, agent) : 0;
  }
  if (spokesman_only(r, s, first, last, code)) {
    /* a spokesman with no organisation named speaks for the one the
     * story is about */
    m = find_back(r, st, si, W_NONPERSON, NULL);
    return m ? put(out, m->code) : 0;
  }
  if (!bare_definite(s, first, last)) return 0;
  int person = in_set(&r->titles, &s->tok[last - 1]) && s->tok[last - 1].tag != DY_TAG_NNS;
  if (!person && !in_set(&r->groups, &s->tok[last - 1])) return 0;
  m = find_back(r, st, si, person ? W_PERSON : W_ANY, agent);
  return m ? put(out, m->code) : 0;
}

/* Something in sentence s this context may resolve: a pronoun (he, it,
 * we, our...), or "the" + a title or group noun, or a spokesman. */
static int has_reference(const dy_refs *r, const dy_sentence *s) {
  for (uint32_t i = 0; i < s->ntok; i++) {
    const dy_token *t = &s->tok[i];
    if (t->tag == DY_TAG_PRP &&
        (word_in(t, person_pron) || word_in(t, thing_pron) || word_in(t, plural_pron) ||
         ((t->flags & DY_TOK_QUOTED) && word_in(t, first_pron))))
      return 1;
    if (t->tag == DY_TAG_PRPS && (t->flags & DY_TOK_QUOTED) && word_in(t, first_poss)) return 1;
    if ((t->tag == DY_TAG_NN || t->tag == DY_TAG_NNS) &&
        (in_set(&r->spokes, t) || (i > 0 && dy_str_eq_c(s->tok[i - 1].norm, "the") &&
                                   (in_set(&r->titles, t) || in_set(&r->groups, t)))))
      return 1;
  }
  return 0;
}

/* The mentions of sentence si matter when it or one of the next
 * REF_BACK sentences (within the paragraph rule) has a reference. */
static int refs_wants(void *ctx, const dy_story *st, uint32_t si) {
  dy_refs *r = ctx;
  uint32_t para = st->sent[si].paragraph;
  for (uint32_t k = si; k < st->nsent && k <= si + REF_BACK; k++) {
    if (st->sent[k].paragraph > para + 1) break;
    uint32_t slot = k & 7;
    if (r->hr_sent[slot] != k + 1) { /* +1: 0 means empty */
      r->hr_sent[slot] = k + 1;
      r->hr_val[slot] = (int8_t)has_reference(r, &st->sent[k]);
    }
    if (r->hr_val[slot]) return 1;
  }
  return 0;
}

void dy_refs_attach(dy_refs *r, dy_coder *c) {
  dy_coder_refs h = {r, refs_begin, refs_mention, refs_resolve, refs_wants};
  dy_coder_set_refs(c, &h);
}
