/* Unit tests for src/coder/gapped.c: actor phrases matched with words in
 * between, by dictionary word ids. Expected spans and entries by hand. */
#include "coder/coder.h"
#include "../test.h"

static dy_arena *A;

static dy_dict *actors(const char *text) {
  dy_dict_builder *b = dy_dict_builder_new();
  dy_dict_builder_add_text(b, "t.actors.txt", DY_DICT_ACTORS, text, strlen(text));
  return dy_dict_builder_finish(&b);
}

/* Token ids as the coder makes them: the dictionary's, then the phrases' own. */
static uint32_t ids(const dy_dict *d, const struct dy_gapped *g, const char *s, uint32_t *wid, uint8_t *vis) {
  if (!A) A = dy_arena_new();
  dy_token *t;
  uint32_t n = dy_dict_tokenize(A, s, &t);
  dy_dict_word_ids(d, t, n, NULL, wid);
  for (uint32_t i = 0; i < n; i++) {
    if (wid[i] == DY_WID_NONE) wid[i] = dy__gapped_extra(g, t[i].norm, dy_hash64(t[i].norm.p, t[i].norm.n, DY_HASH_SEED));
    vis[i] = 1;
  }
  return n;
}

/* entries: 0 ITHILEN (one word: not indexed), 1 ITHILEN TELEVISION,
 * 2 ITHILEN STATE TELEVISION, 3 ITHILEN RADIO TELEVISION, 4 ITHILEN STATE */
static const char five[] = "ITHILEN [ITH]\nITHILEN_TELEVISION [ITHMED]\nITHILEN_STATE_TELEVISION [ITHGOV]\n"
                           "ITHILEN_RADIO_TELEVISION [ITHRAD]\nITHILEN_STATE [ITHSTA]\n";

TEST(gapped_longest_phrase_with_words_between) {
  dy_dict *d = actors(five);
  struct dy_gapped *g = dy__gapped_new(d);
  ASSERT_EQ_INT(0, dy__gapped_nextra(g));
  uint32_t wid[16], span = 0, entry = 0;
  uint8_t vis[16];
  uint32_t n = ids(d, g, "ithilen state-run television news", wid, vis);
  ASSERT(dy__gapped_first(g, wid[0]));
  ASSERT(!dy__gapped_first(g, wid[2]));
  ASSERT(dy__gapped_find(g, wid, vis, 0, n, 1, &span, &entry));
  ASSERT_EQ_INT(3, span);
  ASSERT_EQ_INT(1, entry);
  /* three words, two of them apart: the longer phrase wins */
  n = ids(d, g, "ithilen state owned television", wid, vis);
  ASSERT(dy__gapped_find(g, wid, vis, 0, n, 2, &span, &entry));
  ASSERT_EQ_INT(4, span);
  ASSERT_EQ_INT(2, entry);
  /* not longer than the consecutive match the caller has: nothing */
  ASSERT(!dy__gapped_find(g, wid, vis, 0, n, 3, &span, &entry));
  /* all adjacent: the dictionary's own match, not a gapped one */
  n = ids(d, g, "ithilen television", wid, vis);
  ASSERT(!dy__gapped_find(g, wid, vis, 0, n, 0, &span, &entry));
  /* a hidden word (a deleted comma clause) does not count */
  n = ids(d, g, "ithilen state-run television", wid, vis);
  vis[2] = 0;
  ASSERT(!dy__gapped_find(g, wid, vis, 0, n, 1, &span, &entry));
  /* the noun phrase ends before the last word */
  n = ids(d, g, "ithilen state-run television", wid, vis);
  ASSERT(!dy__gapped_find(g, wid, vis, 0, 2, 1, &span, &entry));
  dy__gapped_free(&g);
  dy_dict_free(&d);
}

TEST(gapped_equal_length_later_entry_wins) {
  /* "ithilen radio state television": ITHILEN RADIO TELEVISION (3) and
   * ITHILEN STATE TELEVISION (3) both match with gaps; the later entry
   * wins (the order the coder has always used) */
  dy_dict *d = actors(five);
  struct dy_gapped *g = dy__gapped_new(d);
  uint32_t wid[16], span = 0, entry = 0;
  uint8_t vis[16];
  uint32_t n = ids(d, g, "ithilen radio state television", wid, vis);
  ASSERT(dy__gapped_find(g, wid, vis, 0, n, 0, &span, &entry));
  ASSERT_EQ_INT(3, entry);
  ASSERT_EQ_INT(4, span);
  dy__gapped_free(&g);
  dy_dict_free(&d);
}

/* A primary phrase word that is no word of the dictionary's tries (the
 * actor reader splits "PEOPLE'S" where the phrase list keeps it whole):
 * it gets an id of its own (made by the builder, in the image), and
 * tokens spelled like it still match. */
TEST(gapped_words_outside_the_dictionary) {
  dy_dict *e = actors("GONDOR [GON]\nPEOPLE'S_TELEVISION [XTV]\n");
  ASSERT(e != NULL);
  ASSERT_EQ_INT(1, dy_dict_gapped_nextra(e));
  struct dy_gapped *g = dy__gapped_new(e);
  ASSERT_EQ_INT(1, dy__gapped_nextra(g)); /* "people's" */
  /* tokens by hand: the tokenizers split "people's" */
  static const char *const words[] = {"people's", "state", "television"};
  dy_token t[3];
  uint32_t wid[8], span = 0, entry = 0, n = 3;
  uint8_t vis[8];
  memset(t, 0, sizeof t);
  for (uint32_t i = 0; i < n; i++) t[i].raw = t[i].norm = dy_str_c(words[i]);
  dy_dict_word_ids(e, t, n, NULL, wid);
  for (uint32_t i = 0; i < n; i++) {
    if (wid[i] == DY_WID_NONE) wid[i] = dy__gapped_extra(g, t[i].norm, dy_hash64(t[i].norm.p, t[i].norm.n, DY_HASH_SEED));
    vis[i] = 1;
  }
  ASSERT(wid[0] >= dy_dict_nwords(e));
  ASSERT_EQ_INT(DY_WID_NONE, wid[1]); /* in neither */
  ASSERT(dy__gapped_find(g, wid, vis, 0, n, 0, &span, &entry));
  ASSERT_EQ_INT(3, span);
  ASSERT_EQ_INT(1, entry);
  /* the dictionary's own lookups take the caller's ids as "no word" */
  dy_actor_match am;
  ASSERT(!dy_dict_match_actor_ids(e, t, wid, n, 0, 0, &am));
  dy__gapped_free(&g);
  dy_dict_free(&e);
}
