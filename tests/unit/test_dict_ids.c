/* Unit tests for the dictionary's word ids (dict.h, "word ids"): the
 * *_ids lookups give what the plain lookups give, with ids from
 * dy_dict_word_ids or looked up on the fly (wid NULL). Expected values are
 * written by hand from the small dictionaries below. */
#include "../../src/core/core.h"
#include "../../src/dict/dict.h"
#include "../test.h"

#include <unistd.h>

static dy_arena *A;
static uint32_t toks(const char *s, dy_token **t) {
  if (!A) A = dy_arena_new();
  return dy_dict_tokenize(A, s, t);
}

static dy_dict *several(void) {
  dy_dict_builder *b = dy_dict_builder_new();
  static const char actors[] = "UNITED_STATES [USA]\nUNITED_STATES_ARMY [USAMIL]\nGONDOR [GON]\nSTATES [STA]\n";
  static const char agents[] = "POLICE [~COP]\nARMY [~MIL]\n";
  static const char discards[] = "BASEBALL\nBASE_JUMP\n+WORLD_CUP_\nB\n";
  static const char issues[] = "<ISSUE CATEGORY=\"X\">\nhunger strike [HS]\n</ISSUE>\n";
  static const char verbs[] = "&MONEY\n+SWISS_FRANC\n+DOLLAR\n\n--- ATTACK [190] ---\nATTACK\n+ASSAULT\n- * &MONEY [191]\n";
  dy_dict_builder_add_text(b, "t.actors.txt", DY_DICT_ACTORS, actors, strlen(actors));
  dy_dict_builder_add_text(b, "t.agents.txt", DY_DICT_AGENTS, agents, strlen(agents));
  dy_dict_builder_add_text(b, "t.discards.txt", DY_DICT_DISCARDS, discards, strlen(discards));
  dy_dict_builder_add_text(b, "t.Issues.txt", DY_DICT_ISSUES, issues, strlen(issues));
  dy_dict_builder_add_text(b, "CAMEO.t.txt", DY_DICT_VERBS, verbs, strlen(verbs));
  return dy_dict_builder_finish(&b);
}

TEST(word_ids_one_per_distinct_word) {
  dy_dict *d = several();
  /* "states" is a word of the actor trie twice (UNITED_STATES, STATES) and
   * still one id; "army" is an actor word and an agent word: one id */
  uint32_t st = dy_dict_word_id(d, "states", 6), army = dy_dict_word_id(d, "army", 4);
  ASSERT(st != DY_WID_NONE);
  ASSERT(army != DY_WID_NONE);
  ASSERT(st != army);
  ASSERT_EQ_INT(DY_WID_NONE, dy_dict_word_id(d, "state", 5));
  ASSERT_EQ_INT(DY_WID_NONE, dy_dict_word_id(d, "", 0));
  ASSERT_EQ_INT(DY_WID_NONE, dy_dict_word_id(d, "STATES", 6)); /* words are folded */
  dy_token *t;
  uint32_t n = toks("the United States army", &t);
  uint32_t w[4];
  dy_dict_word_ids(d, t, n, NULL, w);
  ASSERT_EQ_INT(DY_WID_NONE, w[0]);
  ASSERT(w[1] != DY_WID_NONE);
  ASSERT_EQ_INT(st, w[2]);
  ASSERT_EQ_INT(army, w[3]);
  /* with the caller's hashes: the same ids */
  uint64_t h[4];
  for (uint32_t i = 0; i < n; i++) h[i] = dy_hash64(t[i].norm.p, t[i].norm.n, DY_HASH_SEED);
  uint32_t w2[4];
  dy_dict_word_ids(d, t, n, h, w2);
  for (uint32_t i = 0; i < n; i++) ASSERT_EQ_INT(w[i], w2[i]);
  dy_dict_free(&d);
}

TEST(ids_lookups_match_the_plain_ones) {
  dy_dict *d = several();
  dy_token *t;
  uint32_t n = toks("united states army police attacked baseballs gondor swiss francs "
                    "hunger strike world cup base jumpers b bs assault dollars states",
                    &t);
  uint32_t w[64];
  ASSERT(n <= 64);
  dy_dict_word_ids(d, t, n, NULL, w);
  uint32_t money = dy_dict_synset_find(d, "money");
  ASSERT(money != UINT32_MAX);
  for (int pass = 0; pass < 2; pass++) {
    const uint32_t *wid = pass ? w : NULL;
    for (uint32_t i = 0; i < n; i++) {
      dy_actor_match a1, a2;
      int r1 = dy_dict_match_actor(d, t, n, i, 0, &a1), r2 = dy_dict_match_actor_ids(d, t, wid, n, i, 0, &a2);
      ASSERT_EQ_INT(r1, r2);
      if (r1) { ASSERT_EQ_INT(a1.len, a2.len); ASSERT_STR_EQ(a1.code, a2.code); ASSERT_EQ_INT(a1.entry, a2.entry); }
      dy_agent_match g1, g2;
      r1 = dy_dict_match_agent(d, t, n, i, &g1), r2 = dy_dict_match_agent_ids(d, t, wid, n, i, &g2);
      ASSERT_EQ_INT(r1, r2);
      if (r1) { ASSERT_EQ_INT(g1.len, g2.len); ASSERT_STR_EQ(g1.code, g2.code); }
      dy_discard_match d1, d2;
      r1 = dy_dict_match_discard(d, t, n, i, &d1), r2 = dy_dict_match_discard_ids(d, t, wid, n, i, &d2);
      ASSERT_EQ_INT(r1, r2);
      if (r1) { ASSERT_EQ_INT(d1.len, d2.len); ASSERT_STR_EQ(d1.phrase, d2.phrase); ASSERT_EQ_INT(d1.story, d2.story); }
      dy_issue_match i1, i2;
      r1 = dy_dict_match_issue(d, t, n, i, &i1), r2 = dy_dict_match_issue_ids(d, t, wid, n, i, &i2);
      ASSERT_EQ_INT(r1, r2);
      if (r1) { ASSERT_EQ_INT(i1.len, i2.len); ASSERT_STR_EQ(i1.code, i2.code); }
      dy_verb_match v1, v2;
      r1 = dy_dict_match_verb(d, t, n, i, &v1), r2 = dy_dict_match_verb_ids(d, t, wid, n, i, &v2);
      ASSERT_EQ_INT(r1, r2);
      if (r1) { ASSERT_EQ_INT(v1.form, v2.form); ASSERT_EQ_INT(v1.first, v2.first); ASSERT_EQ_INT(v1.last, v2.last); }
      ASSERT_EQ_INT(dy_dict_match_synset(d, money, t, n, i), dy_dict_match_synset_ids(d, money, t, wid, n, i));
      uint32_t f1[8], f2[8];
      uint32_t n1 = dy_dict_verb_lookup(d, t[i].norm, f1, 8);
      uint32_t n2 = dy_dict_verb_lookup_id(d, dy_dict_word_id(d, t[i].norm.p, t[i].norm.n), f2, 8);
      ASSERT_EQ_INT(n1, n2);
      for (uint32_t k = 0; k < n1 && k < 8; k++) ASSERT_EQ_INT(f1[k], f2[k]);
    }
  }
  /* and the values themselves (by hand) */
  dy_actor_match am;
  ASSERT(dy_dict_match_actor_ids(d, t, w, n, 0, 0, &am));
  ASSERT_EQ_INT(3, am.len);
  ASSERT_STR_EQ("USAMIL", am.code);
  ASSERT(dy_dict_match_actor_ids(d, t, w, n, 1, 0, &am)); /* "states army": STATES */
  ASSERT_EQ_INT(1, am.len);
  ASSERT_STR_EQ("STA", am.code);
  dy_discard_match dm;
  ASSERT(dy_dict_match_discard_ids(d, t, w, n, 5, &dm)); /* baseballs: stem BASEBALL */
  ASSERT_STR_EQ("BASEBALL", dm.phrase);
  ASSERT(dy_dict_match_discard_ids(d, t, w, n, 11, &dm)); /* world cup: exact, story */
  ASSERT_EQ_INT(1, dm.story);
  ASSERT_EQ_INT(2, dm.len);
  ASSERT(dy_dict_match_discard_ids(d, t, w, n, 13, &dm)); /* base jumpers: stem JUMP after BASE */
  ASSERT_EQ_INT(2, dm.len);
  ASSERT(dy_dict_match_discard_ids(d, t, w, n, 15, &dm)); /* b: exact match of the stem entry B */
  ASSERT_EQ_INT(1, dm.len);
  ASSERT(dy_dict_match_discard_ids(d, t, w, n, 16, &dm)); /* bs: stem B */
  ASSERT_STR_EQ("B", dm.phrase);
  ASSERT(!dy_dict_match_discard_ids(d, t, w, n, 4, &dm)); /* attacked */
  ASSERT_EQ_INT(2, dy_dict_match_synset_ids(d, money, t, w, n, 7)); /* swiss francs (plural made) */
  ASSERT_EQ_INT(1, dy_dict_match_synset_ids(d, money, t, w, n, 18)); /* dollars */
  dy_verb_match vm;
  ASSERT(dy_dict_match_verb_ids(d, t, w, n, 17, &vm)); /* assault */
  dy_issue_match im;
  ASSERT(dy_dict_match_issue_ids(d, t, w, n, 9, &im));
  ASSERT_STR_EQ("HS", im.code);
  dy_dict_free(&d);
}

/* dy_dict_discard_may_start: 0 only where no discard can start (it is
 * the filter callers keep per word instead of dy_dict_next_discard_ids). */
TEST(discard_may_start_is_a_safe_filter) {
  dy_dict *d = several();
  dy_token *t;
  uint32_t n = toks("the army attacked baseballs in the world cup with base jumpers b bs", &t);
  uint32_t w[32];
  ASSERT(n <= 32);
  dy_dict_word_ids(d, t, n, NULL, w);
  dy_discard_match dm;
  for (uint32_t i = 0; i < n; i++)
    if (dy_dict_match_discard_ids(d, t, w, n, i, &dm)) ASSERT(dy_dict_discard_may_start(d, t[i].norm, w[i]));
  /* by hand: the stem BASEBALL, the phrases WORLD CUP and BASE JUMP, B */
  ASSERT(dy_dict_discard_may_start(d, t[3].norm, w[3])); /* baseballs */
  ASSERT(dy_dict_discard_may_start(d, t[6].norm, w[6])); /* world */
  ASSERT(dy_dict_discard_may_start(d, t[9].norm, w[9])); /* base */
  ASSERT(dy_dict_discard_may_start(d, t[11].norm, w[11])); /* b */
  ASSERT(!dy_dict_discard_may_start(d, t[0].norm, w[0])); /* the */
  ASSERT(!dy_dict_discard_may_start(d, t[7].norm, w[7])); /* cup: only inside WORLD CUP */
  dy_dict_free(&d);
}

/* A compiled image read back (the mapped path) gets the same ids. */
TEST(word_ids_after_image_round_trip) {
  dy_dict *d = several();
  char path[] = "/tmp/dyad_ids_XXXXXX";
  int fd = mkstemp(path);
  ASSERT(fd >= 0);
  close(fd);
  ASSERT_EQ_INT(0, dy_dict_write_image(d, path));
  dy_dict *e = dy_dict_open_image(path);
  remove(path);
  ASSERT(e != NULL);
  static const char *const words[] = {"united", "states", "army", "police", "baseball", "cup", "francs", "assault"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    ASSERT_EQ_INT(dy_dict_word_id(d, words[i], strlen(words[i])), dy_dict_word_id(e, words[i], strlen(words[i])));
  dy_dict_free(&d);
  dy_dict_free(&e);
}

/* The word sections are checked at load like the rest: an id or a child
 * out of bounds is a corrupt image, not a wild read. */
TEST(word_sections_checked_at_load) {
  dy_dict *d = several();
  size_t n0;
  const unsigned char *img = dy_dict_image_bytes(d, &n0);
  unsigned char *copy = malloc(n0 + 8);
  unsigned char *al = copy + ((8 - ((uintptr_t)copy & 7)) & 7);
  static const struct { int sec; size_t field; const char *why; } cases[] = {
      {DY_SEC_WEDGE, 0, "word edge 0 out of bounds"},           /* wid */
      {DY_SEC_WEDGE, 4, "word edge 0 out of bounds"},           /* child */
      {DY_SEC_WORD, 8, "word 0: root child out of bounds"},     /* root[0] */
      {DY_SEC_WORD, 4, "word 0: string out of bounds"},         /* len */
      {DY_SEC_GPHRASE, 0, "gapped phrase 0: entry or word count out of range"}, /* entry */
      {DY_SEC_GPHRASE, 4, "gapped phrase 0: entry or word count out of range"}, /* nw */
      {DY_SEC_GPHRASE, 8, "gapped phrase 0: word id out of range"},             /* w[0] */
  };
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    memcpy(al, img, n0);
    dy_dict_header *h = (dy_dict_header *)al;
    uint32_t bad = 0x7fffffff;
    memcpy(al + h->sec[cases[c].sec].off + cases[c].field, &bad, 4);
    h->checksum = dy_dict_checksum(al + h->header_size, n0 - h->header_size);
    FILE *f = tmpfile();
    dy_diag_set_stream(f);
    dy_dict *e = dy_dict_from_memory(al, n0, "bad");
    fflush(f);
    rewind(f);
    char buf[512] = {0};
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    buf[got] = 0;
    fclose(f);
    dy_diag_set_stream(NULL);
    ASSERT(e == NULL);
    ASSERT_CONTAINS(buf, cases[c].why);
  }
  free(copy);
  dy_dict_free(&d);
}

/* dy_dict_synset_first_mask: the synsets a member of which starts with a
 * word. Two synsets; "swiss" starts a member of &MONEY only, "gold" of
 * both, "franc" (a second word) and "attack" (no member) of none. */
TEST(synset_first_mask_names_the_synsets_a_word_starts) {
  dy_dict_builder *b = dy_dict_builder_new();
  static const char verbs[] = "&MONEY\n+SWISS_FRANC\n+DOLLAR\n+GOLD\n\n&METAL\n+GOLD_BAR\n+IRON\n\n"
                              "--- ATTACK [190] ---\nATTACK\n- * &MONEY [191]\n- * &METAL [192]\n";
  dy_dict_builder_add_text(b, "CAMEO.t.txt", DY_DICT_VERBS, verbs, strlen(verbs));
  dy_dict *d = dy_dict_builder_finish(&b);
  uint32_t money = dy_dict_synset_find(d, "money"), metal = dy_dict_synset_find(d, "metal");
  ASSERT(money != UINT32_MAX && metal != UINT32_MAX && money != metal);
  uint64_t bmoney = 1ull << (money & 63), bmetal = 1ull << (metal & 63);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "swiss", 5)) == bmoney);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "dollars", 7)) == bmoney); /* plural made */
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "iron", 4)) == bmetal);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "gold", 4)) == (bmoney | bmetal));
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "franc", 5)) == 0);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_word_id(d, "attack", 6)) == 0);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, DY_WID_NONE) == 0);
  ASSERT_EQ_INT(1, dy_dict_synset_first_mask(d, dy_dict_nwords(d)) == 0);
  dy_dict_free(&d);
}

/* dy_dict_next_discard_ids: the first non-punctuation position from
 * `from` where dy_dict_match_discard_ids matches; ntok when none. */
TEST(next_discard_is_the_first_matching_position) {
  dy_dict *d = several(); /* BASEBALL (stem), BASE_JUMP, +WORLD_CUP_, B */
  dy_token *t;
  uint32_t n = toks("the baseballs and a base jump at the world cup", &t);
  uint32_t w[16];
  dy_dict_word_ids(d, t, n, NULL, w);
  dy_discard_match m;
  ASSERT_EQ_INT(1, dy_dict_next_discard_ids(d, t, w, n, 0, &m)); /* baseballs: stem */
  ASSERT_EQ_INT(1, m.len);
  ASSERT_EQ_INT(4, dy_dict_next_discard_ids(d, t, w, n, 2, &m)); /* base jump */
  ASSERT_EQ_INT(2, m.len);
  ASSERT_EQ_INT(8, dy_dict_next_discard_ids(d, t, NULL, n, 5, &m)); /* world cup, ids looked up */
  ASSERT_EQ_INT(1, m.story);
  ASSERT_EQ_INT(n, dy_dict_next_discard_ids(d, t, w, n, 9, &m));
  /* every position agrees with dy_dict_match_discard_ids */
  for (uint32_t from = 0; from < n; from++) {
    uint32_t p = dy_dict_next_discard_ids(d, t, w, n, from, &m), q = from;
    while (q < n && !dy_dict_match_discard_ids(d, t, w, n, q, &m)) q++;
    ASSERT_EQ_INT(q, p);
  }
  dy_dict_free(&d);
}

/* The multi-word primary actor phrases, as word ids in entry order
 * (dict.h): one-word entries are not listed. */
TEST(gapped_phrases_listed_as_word_ids) {
  dy_dict *d = several(); /* 0 UNITED_STATES, 1 UNITED_STATES_ARMY, 2 GONDOR, 3 STATES */
  uint32_t n = 0;
  const dy_gapped_phrase *ph = dy_dict_gapped_phrases(d, &n);
  ASSERT_EQ_INT(2, n);
  uint32_t un = dy_dict_word_id(d, "united", 6), st = dy_dict_word_id(d, "states", 6),
           army = dy_dict_word_id(d, "army", 4);
  ASSERT_EQ_INT(0, ph[0].entry);
  ASSERT_EQ_INT(2, ph[0].nw);
  ASSERT_EQ_INT(un, ph[0].w[0]);
  ASSERT_EQ_INT(st, ph[0].w[1]);
  ASSERT_EQ_INT(1, ph[1].entry);
  ASSERT_EQ_INT(3, ph[1].nw);
  ASSERT_EQ_INT(army, ph[1].w[2]);
  ASSERT_EQ_INT(0, dy_dict_gapped_nextra(d));
  dy_dict_free(&d);
}

/* dy_dict_next_issue_ids: the first non-punctuation position from `from`
 * where dy_dict_match_issue_ids matches; ntok when none. */
TEST(next_issue_is_the_first_matching_position) {
  dy_dict *d = several(); /* hunger strike [HS] */
  dy_token *t;
  uint32_t n = toks("a hunger strike , then another hunger strike", &t);
  uint32_t w[16];
  dy_dict_word_ids(d, t, n, NULL, w);
  dy_issue_match m;
  ASSERT_EQ_INT(1, dy_dict_next_issue_ids(d, t, w, n, 0, &m));
  ASSERT_EQ_INT(2, m.len);
  ASSERT_STR_EQ("HS", m.code);
  ASSERT_EQ_INT(6, dy_dict_next_issue_ids(d, t, NULL, n, 2, &m));
  ASSERT_EQ_INT(n, dy_dict_next_issue_ids(d, t, w, n, 7, &m));
  for (uint32_t from = 0; from < n; from++) {
    uint32_t p = dy_dict_next_issue_ids(d, t, w, n, from, &m), q = from;
    while (q < n && !dy_dict_match_issue_ids(d, t, w, n, q, &m)) q++;
    ASSERT_EQ_INT(q, p);
  }
  dy_dict_free(&d);
}

/* dy_dict_word_roots: the tries a word starts a phrase of. */
TEST(word_roots_name_the_tries_a_word_starts) {
  dy_dict *d = several();
  static const char *const w[] = {"united", "states", "army", "police", "baseball", "hunger", "attack", "dollar",
                                  "strike"};
  uint32_t id[9];
  uint8_t r[10];
  for (int i = 0; i < 9; i++) id[i] = dy_dict_word_id(d, w[i], strlen(w[i]));
  dy_dict_word_roots(d, id, 9, r);
  ASSERT_EQ_INT(1 << DY_TRIE_ACTOR, r[0]);                         /* UNITED_STATES */
  ASSERT_EQ_INT(1 << DY_TRIE_ACTOR, r[1]);                         /* STATES */
  ASSERT_EQ_INT(1 << DY_TRIE_AGENT, r[2]);                         /* ARMY (an agent; 2nd word of an actor) */
  ASSERT_EQ_INT(1 << DY_TRIE_AGENT, r[3]);                         /* POLICE */
  ASSERT_EQ_INT(1 << DY_TRIE_DISCARD, r[4]);                       /* BASEBALL */
  ASSERT_EQ_INT(1 << DY_TRIE_ISSUE, r[5]);                         /* hunger strike */
  ASSERT_EQ_INT(1 << DY_TRIE_VERB, r[6]);                          /* ATTACK */
  ASSERT_EQ_INT(1 << DY_TRIE_SYNSET, r[7]);                        /* &MONEY +DOLLAR */
  ASSERT_EQ_INT(0, r[8]);                                          /* only a second word */
  uint32_t none[1] = {DY_WID_NONE};
  dy_dict_word_roots(d, none, 1, r + 9);
  ASSERT_EQ_INT(0, r[9]);
  dy_dict_free(&d);
}
