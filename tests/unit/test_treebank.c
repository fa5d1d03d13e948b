#include "../../src/core/core.h"
#include "../../src/treebank/treebank.h"
#include "../test.h"

static dy_sentence read_ok(dy_story *s, const char *parse) {
  dy_sentence sent = {0};
  int r = dy_treebank_read(s, &sent, dy_str_c(parse));
  if (r != 0) test_fail(__FILE__, __LINE__, "parse failed: %s", dy_treebank_error());
  return sent;
}

TEST(treebank_reads_tokens_tags_and_nodes) {
  dy_story *s = dy_story_new();
  dy_sentence t = read_ok(s, "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))");
  ASSERT_EQ_INT(4, t.ntok);
  ASSERT_SPAN_EQ("Arnor", t.tok[0].raw);
  ASSERT_SPAN_EQ("arnor", t.tok[0].norm);
  ASSERT_EQ_INT(DY_TAG_NNP, t.tok[0].tag);
  ASSERT_EQ_INT(DY_TAG_VBD, t.tok[1].tag);
  ASSERT_EQ_INT(DY_TAG_PERIOD, t.tok[3].tag);
  ASSERT(t.tok[0].flags & DY_TOK_CAP);
  ASSERT(t.tok[3].flags & DY_TOK_PUNCT);
  ASSERT_EQ_INT(UINT32_MAX, t.tok[0].off);
  /* ROOT S NP tok VP tok NP tok tok = 9 nodes */
  ASSERT_EQ_INT(9, t.nnode);
  ASSERT_EQ_INT(DY_LABEL_ROOT, t.node[0].label);
  ASSERT_EQ_INT(-1, t.node[0].parent);
  ASSERT_EQ_INT(0, t.node[0].first);
  ASSERT_EQ_INT(4, t.node[0].last);
  ASSERT_EQ_INT(DY_LABEL_S, t.node[1].label);
  ASSERT_EQ_INT(2, t.node[1].child);      /* NP */
  ASSERT_EQ_INT(4, t.node[2].next);       /* VP after NP */
  ASSERT_EQ_INT(DY_LABEL_VP, t.node[4].label);
  ASSERT_EQ_INT(1, t.node[4].first);
  ASSERT_EQ_INT(3, t.node[4].last);
  ASSERT_EQ_INT(1, t.node[4].head);       /* attacked */
  ASSERT_EQ_INT(1, t.node[1].head);       /* the clause is headed by its verb */
  ASSERT_EQ_INT(DY_LABEL_TOK, t.node[3].label);
  dy_story_free(&s);
}

TEST(treebank_maps_brackets_and_unlabelled_root) {
  dy_story *s = dy_story_new();
  dy_sentence t = read_ok(s, "( (S (NP (-LRB- -LRB-) (NNP A) (-RRB- -RRB-)) (VP (VBZ is))))");
  ASSERT_EQ_INT(4, t.ntok);
  ASSERT_SPAN_EQ("(", t.tok[0].raw);
  ASSERT_SPAN_EQ(")", t.tok[2].raw);
  ASSERT_EQ_INT(DY_TAG_LRB, t.tok[0].tag);
  ASSERT_EQ_INT(DY_LABEL_ROOT, t.node[0].label);
  dy_story_free(&s);
}

TEST(treebank_np_head_is_rightmost_noun) {
  dy_story *s = dy_story_new();
  dy_sentence t = read_ok(s, "(ROOT (NP (DT the) (JJ Danish) (NN media) (PP (IN of) (NP (NNP Arnor)))))");
  ASSERT_EQ_INT(2, t.node[1].head); /* media, not Arnor in the PP */
  dy_story_free(&s);
}

TEST(treebank_flags_passive_negation_coordination) {
  dy_story *s = dy_story_new();
  dy_sentence t = read_ok(s,
                          "(ROOT (S (NP (NNP A) (CC and) (NNP B)) (VP (VBD was) (RB not) (VP (VBN attacked) (PP (IN by) "
                          "(NP (NNP C)))))))");
  int passive = 0, negated = 0, coord = 0;
  for (uint32_t i = 0; i < t.nnode; i++) {
    if (t.node[i].label == DY_LABEL_VP && (t.node[i].flags & DY_NODE_PASSIVE)) passive = (int)t.node[i].head;
    if (t.node[i].label == DY_LABEL_VP && (t.node[i].flags & DY_NODE_NEGATED)) negated = 1;
    if (t.node[i].label == DY_LABEL_NP && (t.node[i].flags & DY_NODE_COORD)) coord = 1;
  }
  ASSERT_EQ_INT(5, passive); /* the VP headed by "attacked" */
  ASSERT(negated);
  ASSERT(coord);
  dy_story_free(&s);
}

TEST(treebank_rejects_malformed_trees) {
  dy_story *s = dy_story_new();
  const char *bad[] = {"(ROOT (S (NP (NNP A))", "(ROOT (S (NP (NNP A)))))", "", "no brackets",
                       "(ROOT (NN a b))", "(ROOT (S)) (ROOT (S))", "(ROOT (S (NP)))", "(ROOT word (NN x))", NULL};
  for (int i = 0; bad[i]; i++) {
    dy_sentence t = {0};
    int r = dy_treebank_read(s, &t, dy_str_c(bad[i]));
    if (r != -1) test_fail(__FILE__, __LINE__, "accepted malformed parse %d: %s", i, bad[i]);
    ASSERT(dy_treebank_error()[0] != 0);
    ASSERT_EQ_INT(0, t.ntok);
    ASSERT_EQ_INT(0, t.nnode);
  }
  dy_story_free(&s);
}

TEST(treebank_deep_trees_do_not_recurse) {
  dy_story *s = dy_story_new();
  enum { DEPTH = 200000 };
  char *p = malloc(DEPTH * 5 + 32), *q = p;
  for (int i = 0; i < DEPTH; i++) q += sprintf(q, "(NP ");
  q += sprintf(q, "(NN x)");
  for (int i = 0; i < DEPTH; i++) *q++ = ')';
  *q = 0;
  dy_sentence t = read_ok(s, p);
  ASSERT_EQ_INT(1, t.ntok);
  ASSERT_EQ_INT(DEPTH + 1, t.nnode);
  ASSERT_EQ_INT(0, t.node[0].head);
  free(p);
  dy_story_free(&s);
}
