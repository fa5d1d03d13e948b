/* Tests of the analysis module: tagging, the shallow parse, speed bounds,
 * and accuracy against PETRARCH's gold trees (skipped without ../shared). */
#include "analysis_helpers.h"

#include <time.h>

/* Checks the tree invariants every producer of dy_node trees must keep. */
static void check_tree(const dy_sentence *sent) {
  ASSERT(sent->nnode > 0);
  ASSERT_EQ_INT(-1, sent->node[0].parent);
  ASSERT_EQ_INT(0, sent->node[0].first);
  ASSERT_EQ_INT(sent->ntok, sent->node[0].last);
  uint32_t leaves = 0;
  for (uint32_t i = 0; i < sent->nnode; i++) {
    const dy_node *n = &sent->node[i];
    if (i) ASSERT(n->parent >= 0 && (uint32_t)n->parent < i); /* pre-order */
    if (n->label == DY_LABEL_TOK) {
      ASSERT_EQ_INT(leaves, n->first); /* leaves in token order, each once */
      ASSERT_EQ_INT(n->first + 1, n->last);
      leaves++;
      continue;
    }
    ASSERT(n->child >= 0);
    uint32_t at = n->first;
    for (int32_t c = n->child; c >= 0; c = sent->node[c].next) {
      ASSERT_EQ_INT(i, sent->node[c].parent);
      ASSERT_EQ_INT(at, sent->node[c].first); /* children tile the span */
      at = sent->node[c].last;
    }
    ASSERT_EQ_INT(n->last, at);
  }
  ASSERT_EQ_INT(sent->ntok, leaves);
}

TEST(tags_simple_news_sentence) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("JJ NNS VBD JJ NN IN NNP .", tags_of(s, "Turkish troops attacked Kurdish militia in Afrin ."));
  ASSERT_STR_EQ("NNP VBD DT NNS VBD DT NN .", tags_of(s, "Gondor said the talks were a success ."));
  dy_story_free(&s);
}

TEST(tags_unknown_names_and_numbers) {
  dy_story *s = dy_story_new();
  /* invented names are proper nouns wherever they stand; "-ian" makes an adjective */
  ASSERT_STR_EQ("NNP VBD NNP IN CD NNS .", tags_of(s, "Arnor attacked Gondor with 2,500 troops ."));
  ASSERT_STR_EQ("DT JJ NN VBD IN NNP .", tags_of(s, "The Mordorian army withdrew from Osgiliath ."));
  /* short and vowel-final names too (a hash collision once made "Bree" a noun) */
  ASSERT_STR_EQ("NNP , NNP CC NNP VBD NNP .", tags_of(s, "Arnor , Rohan and Bree welcomed Gamgee ."));
  /* a headline in capitals is read word by word as if lower case */
  ASSERT_STR_EQ("NNP VBZ JJ NNS", tags_of(s, "IRAN ATTACKS IRAQI TROOPS"));
  /* Arabic name particles: "al-Assad" is a name, not an adjective */
  ASSERT_STR_EQ("NNP NNP VBD NNP .", tags_of(s, "Bashar al-Assad met al-Shabab ."));
  dy_story_free(&s);
}

TEST(tags_auxiliaries_and_negation) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("NNP VBD RB VB NNP .", tags_of(s, "Iran did not attack Iraq ."));
  ASSERT_STR_EQ("DT NN VBD VBN IN NNS .", tags_of(s, "The embassy was attacked by protesters ."));
  ASSERT_STR_EQ("NNP VBZ VBN DT NN .", tags_of(s, "Israel has signed the treaty ."));
  dy_story_free(&s);
}

TEST(tags_quotes_and_brackets) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("`` PRP VBP RB VB , '' PRP VBD .", tags_of(s, "\" We do not negotiate , \" he said ."));
  ASSERT_STR_EQ("DT NNP NNP -LRB- NNP -RRB- VBD .", tags_of(s, "The European Union ( EU ) agreed ."));
  dy_story_free(&s);
}

TEST(chunk_subject_verb_object_pp) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP (JJ Turkish) (NNS troops)) (VP (VBD attacked) (NP (JJ Kurdish) (NN militia)) "
                "(PP (IN in) (NP (NNP Afrin)))) (. .)))",
                tree_of(s, "Turkish troops attacked Kurdish militia in Afrin ."));
  dy_story_free(&s);
}

TEST(chunk_passive_by_agent) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP (DT The) (NN embassy)) (VP (VBD was) (VP-PASS (VBN attacked) (PP (IN by) "
                "(NP (NNS protesters))))) (. .)))",
                tree_of(s, "The embassy was attacked by protesters ."));
  dy_story_free(&s);
}

TEST(chunk_negation) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Iran)) (VP-NEG (VBD did) (RB not) (VP (VB attack) (NP (NNP Iraq)))) (. .)))",
                tree_of(s, "Iran did not attack Iraq ."));
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Gondor)) (VP-NEG (MD will) (RB never) (VP (VB recognise) (NP (NNP Mordor)))) (. .)))",
                tree_of(s, "Gondor will never recognise Mordor ."));
  dy_story_free(&s);
}

TEST(chunk_coordinated_subject) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP-COORD (NP (NNP Iran)) (CC and) (NP (NNP Turkey))) (VP (VBD said) "
                "(SBAR (S (NP (PRP they)) (VP (MD would) (VP (VB cooperate)))))) (. .)))",
                tree_of(s, "Iran and Turkey said they would cooperate ."));
  ASSERT_STR_EQ("(ROOT (S (NP-COORD (NP (NNP Arnor)) (, ,) (NP (NNP Rohan)) (CC and) (NP (NNP Gondor))) "
                "(VP (VBD welcomed) (NP (DT the) (NN agreement))) (. .)))",
                tree_of(s, "Arnor , Rohan and Gondor welcomed the agreement ."));
  dy_story_free(&s);
}

TEST(chunk_coordinated_verbs) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP (NNS Rebels)) (VP-COORD (VP (VBD attacked) (NP (DT the) (NN town))) (CC and) "
                "(VP (VBD killed) (NP (CD five) (NNS soldiers)))) (. .)))",
                tree_of(s, "Rebels attacked the town and killed five soldiers ."));
  dy_story_free(&s);
}

TEST(chunk_reporting_clause_after_comma) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (S (NP (NNP Arnor)) (VP (VBD expelled) (NP (NP (NNP Gondor) (POS 's)) (NN ambassador)))) "
                "(, ,) (NP (DT a) (JJ senior) (NN official)) (VP (VBD said) (PP (IN on) (NP (NNP Saturday)))) (. .)))",
                tree_of(s, "Arnor expelled Gondor 's ambassador , a senior official said on Saturday ."));
  dy_story_free(&s);
}

TEST(chunk_quotes) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (`` \") (S-QUOTE (NP (PRP We)) (VP-NEG (VBP do) (RB not) (VP (VB negotiate)))) (, ,) ('' \") "
                "(NP (PRP he)) (VP (VBD said)) (. .)))",
                tree_of(s, "\" We do not negotiate , \" he said ."));
  dy_story_free(&s);
}

TEST(chunk_infinitive_and_relative) {
  dy_story *s = dy_story_new();
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Arnor)) (VP (VBD agreed) (S (VP (TO to) (VP (VB restore) "
                "(NP (NNS ties)) (PP (IN with) (NP (NNP Gondor))))))) (. .)))",
                tree_of(s, "Arnor agreed to restore ties with Gondor ."));
  ASSERT_STR_EQ("(ROOT (S (NP (NP (DT The) (NNS rebels)) (SBAR (WHNP (WP who)) (S (VP (VBD attacked) (NP (DT the) (NN town)))))) "
                "(VP (VBD were) (VP-PASS (VBN arrested))) (. .)))",
                tree_of(s, "The rebels who attacked the town were arrested ."));
  dy_story_free(&s);
}

TEST(chunk_trees_are_well_formed_on_odd_input) {
  static const char *odd[] = {
      ".", ", , ,", "the the the the", "and", "\" \" \"", "( ( ( ) ) )", "said said said",
      "who who who who attacked", "Gondor", "Iran , , and , Iraq said that that that", "to to to to",
      "Arnor , who , who , who said , said", "A B C D E F G H I J K L M N O P", NULL};
  for (int k = 0; odd[k]; k++) {
    dy_story *s = dy_story_new();
    dy_sentence *sent = sentence(s, odd[k]);
    ASSERT_EQ_INT(0, dy_analyse_sentence(an, s, sent));
    check_tree(sent);
    dy_story_free(&s);
  }
  dy_story *s = dy_story_new();
  dy_sentence *empty = sentence(s, "");
  ASSERT_EQ_INT(-1, dy_analyse_sentence(an, s, empty));
  ASSERT_EQ_INT(0, empty->nnode);
  dy_story_free(&s);
}

TEST(chunk_long_sentence_is_fast_and_well_formed) {
  /* 10,000+ tokens of clauses joined by commas and conjunctions */
  static const char *piece = "Arnor , which had not been attacked by Gondor 's troops in the north , "
                             "said that the rebels who fled would be arrested and tried , ";
  size_t pn = strlen(piece);
  size_t reps = 10000 / 25 + 1;
  char *text = malloc(pn * reps + 8);
  for (size_t r = 0; r < reps; r++) memcpy(text + r * pn, piece, pn);
  strcpy(text + pn * reps, "end .");
  dy_story *s = dy_story_new();
  dy_sentence *sent = sentence(s, text);
  ASSERT(sent->ntok >= 10000);
  clock_t t0 = clock();
  ASSERT_EQ_INT(0, dy_analyse_sentence(an, s, sent));
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  check_tree(sent);
  ASSERT(secs < 0.5); /* linear: a few ms here; 0.5 s even under sanitizers */
  free(text);
  dy_story_free(&s);
}

TEST(gold_tree_reader) {
  dy_story *s = dy_story_new();
  const char *p = "( (S (NP (NNP Iran)) (VP (AUXD did) (RB not) (VP (VB attack) (NP (NNP Iraq)))) (. .)))";
  dy_sentence sent = {0};
  ASSERT_EQ_INT(0, dy_gold_tree_read(s, p, strlen(p), &sent));
  ASSERT_EQ_INT(6, sent.ntok);
  ASSERT_EQ_INT(DY_LABEL_S, sent.node[0].label);
  ASSERT_EQ_INT(DY_TAG_VBD, sent.tok[1].tag); /* AUXD -> VBD */
  ASSERT_SPAN_EQ("attack", sent.tok[3].raw);
  check_tree(&sent);
  dy_sentence bad = {0};
  ASSERT_EQ_INT(-1, dy_gold_tree_read(s, "(S (NP x)", 9, &bad));
  ASSERT_EQ_INT(0, bad.ntok);
  dy_story_free(&s);
}

/* Tagging accuracy on the gold trees, with gold tokenisation. */
static double accuracy(const char *rel) {
  const char *path = test_shared(rel);
  if (!path) test_skip("../shared/petrarch/text not present");
  FILE *f = fopen(path, "rb");
  ASSERT(f != NULL);
  static char text[1 << 20];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  if (!an) an = dy_analyser_new();
  dy_story *s = dy_story_new();
  long tot = 0, ok = 0;
  for (const char *p = text; (p = strstr(p, "<Parse>")) != NULL;) {
    p += 7;
    const char *e = strstr(p, "</Parse>");
    ASSERT(e != NULL);
    dy_sentence g = {0};
    ASSERT_EQ_INT(0, dy_gold_tree_read(s, p, (size_t)(e - p), &g));
    dy_token *mine = dy_arena_alloc(s->arena, g.ntok * sizeof *mine);
    memcpy(mine, g.tok, g.ntok * sizeof *mine);
    dy_tag_sentence(an, mine, g.ntok);
    for (uint32_t i = 0; i < g.ntok; i++) { tot++; ok += mine[i].tag == g.tok[i].tag; }
    p = e;
  }
  dy_story_free(&s);
  ASSERT(tot > 1000);
  return (double)ok / (double)tot;
}

TEST(accuracy_unit_test_file) {
  ASSERT(accuracy("petrarch/text/PETR.UnitTest.dev.xml") >= 0.955);
}

TEST(accuracy_gigaword_sample) {
  ASSERT(accuracy("petrarch/text/GigaWord.sample.PETR.xml") >= 0.955);
}

TEST(word_classes) {
  ASSERT_EQ_INT(DY_W_NEG, dy_word_class(DY_STR_LIT("n't")));
  ASSERT_EQ_INT(DY_W_NEG, dy_word_class(DY_STR_LIT("Never")));
  ASSERT_EQ_INT(DY_W_BE, dy_word_class(DY_STR_LIT("WAS")));
  ASSERT_EQ_INT(DY_W_HAVE, dy_word_class(DY_STR_LIT("having")));
  ASSERT_EQ_INT(DY_W_SUBORD, dy_word_class(DY_STR_LIT("although")));
  ASSERT_EQ_INT(DY_W_THAT, dy_word_class(DY_STR_LIT("That")));
  ASSERT_EQ_INT(0, dy_word_class(DY_STR_LIT("attacked")));
  ASSERT_EQ_INT(0, dy_word_class(DY_STR_LIT("notwithstanding")));
  ASSERT_EQ_INT(0, dy_word_class(DY_STR_LIT("")));
}

TEST(tags_typographic_quotes_as_the_front_end_leaves_them) {
  dy_story *s = dy_story_new();
  /* the text front end keeps raw characters: curly quotes, ’s, n’t */
  ASSERT_STR_EQ("`` NNP POS NN VBD RB VB . ''",
                tags_of(s, "\xe2\x80\x9c" " Gondor \xe2\x80\x99s army did n\xe2\x80\x99t retreat . " "\xe2\x80\x9d"));
  dy_story_free(&s);
}

TEST(chunk_deep_nesting_is_bounded) {
  /* thousands of nested "of" PPs and relative clauses: no stack overflow,
   * every token kept */
  static const char *pieces[] = {"the army of ", "the man who said that ", "( "};
  for (int p = 0; p < 3; p++) {
    size_t pn = strlen(pieces[p]), reps = 3000;
    char *text = malloc(pn * reps + 16);
    for (size_t r = 0; r < reps; r++) memcpy(text + r * pn, pieces[p], pn);
    strcpy(text + pn * reps, "Gondor left .");
    dy_story *s = dy_story_new();
    dy_sentence *sent = sentence(s, text);
    ASSERT_EQ_INT(0, dy_analyse_sentence(an, s, sent));
    check_tree(sent);
    free(text);
    dy_story_free(&s);
  }
}

TEST(chunk_news_patterns) {
  dy_story *s = dy_story_new();
  /* a participle inserted after the subject stays inside the subject NP */
  ASSERT_STR_EQ("(ROOT (S (NP (NP (JJ Syrian) (NNS rebels)) (, ,) (VP (VBN backed) (PP (IN by) (NP (NNP Turkey)))) (, ,)) "
                "(VP (VBD seized) (NP (DT the) (NN town)) (PP (IN on) (NP (NNP Sunday)))) (. .)))",
                tree_of(s, "Syrian rebels , backed by Turkey , seized the town on Sunday ."));
  /* "accused X of doing": the gerund clause inside the PP */
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Russia)) (VP (VBZ has) (VP (VBN accused) (NP (NNP Ukraine)) (PP (IN of) "
                "(S (VP (VBG shelling) (NP (PRP$ its) (NN territory))))))) (. .)))",
                tree_of(s, "Russia has accused Ukraine of shelling its territory ."));
  /* a participial clause after a comma belongs to the VP */
  ASSERT_STR_EQ("(ROOT (S (NP (NNS Gunmen)) (VP (VBD attacked) (NP (DT a) (NN police) (NN station)) (PP (IN in) "
                "(NP (JJ northern) (NNP Nigeria))) (, ,) (S (VP (VBG killing) (NP (CD five) (NNS officers))))) (. .)))",
                tree_of(s, "Gunmen attacked a police station in northern Nigeria , killing five officers ."));
  /* object control: "urged X to withdraw" */
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Obama)) (VP (VBD urged) (NP (NNP Putin)) (S (VP (TO to) (VP (VB withdraw) "
                "(NP (NNS troops)) (PP (IN from) (NP (NNP Crimea))))))) (. .)))",
                tree_of(s, "Obama urged Putin to withdraw troops from Crimea ."));
  /* possessive subject */
  ASSERT_STR_EQ("(ROOT (S (NP (NP (NNP Turkey) (POS 's)) (NN president)) (VP (VBD met) (NP (PRP$ his) (JJ Iranian) "
                "(NN counterpart)) (PP (IN in) (NP (NNP Ankara)))) (. .)))",
                tree_of(s, "Turkey 's president met his Iranian counterpart in Ankara ."));
  /* a gerund before a finite verb is a noun: "after fighting erupted" */
  ASSERT_STR_EQ("(ROOT (S (NP (NP (NNS Thousands)) (PP (IN of) (NP (NNS people)))) (VP (VBD fled) (NP (PRP$ their) "
                "(NNS homes)) (SBAR (IN after) (S (NP (NN fighting)) (VP (VBD erupted))))) (. .)))",
                tree_of(s, "Thousands of people fled their homes after fighting erupted ."));
  /* negated passive */
  ASSERT_STR_EQ("(ROOT (S (NP (DT The) (NNS talks)) (VP-NEG (VBD were) (RB not) (VP-PASS (VBN expected) (S (VP (TO to) "
                "(VP (VB produce) (NP (DT a) (NN deal))))))) (. .)))",
                tree_of(s, "The talks were not expected to produce a deal ."));
  dy_story_free(&s);
}

TEST(chunk_heads_and_flags) {
  dy_story *s = dy_story_new();
  dy_sentence *sent = sentence(s, "The embassy was attacked by protesters .");
  ASSERT_EQ_INT(0, dy_analyse_sentence(an, s, sent));
  int saw_np = 0, saw_pass = 0;
  for (uint32_t i = 0; i < sent->nnode; i++) {
    const dy_node *n = &sent->node[i];
    if (n->label == DY_LABEL_NP && n->first == 0) { ASSERT_EQ_INT(1, n->head); saw_np = 1; } /* embassy */
    if (n->label == DY_LABEL_VP && (n->flags & DY_NODE_PASSIVE)) { ASSERT_EQ_INT(3, n->head); saw_pass = 1; }
    if (n->label == DY_LABEL_VP && n->parent >= 0 && sent->node[n->parent].label == DY_LABEL_S)
      ASSERT_EQ_INT(2, n->head); /* the auxiliary heads the outer VP, as in Collins' rules */
  }
  ASSERT(saw_np && saw_pass);
  ASSERT_EQ_INT(DY_LABEL_ROOT, sent->node[0].label);
  ASSERT_EQ_INT(DY_LABEL_S, sent->node[1].label);
  dy_story_free(&s);
}

TEST(tags_non_ascii_capitals_from_the_front_end_flag) {
  dy_story *s = dy_story_new();
  dy_sentence *sent = sentence(s, "Police arrested \xc3\x96" "calan in Nairobi .");
  sent->tok[2].flags |= DY_TOK_CAP; /* as the text front end sets it */
  dy_tag_sentence(an, sent->tok, sent->ntok);
  ASSERT_STR_EQ("NNP", dy_tag_name((dy_tag)sent->tok[2].tag));
  ASSERT_STR_EQ("VBD", dy_tag_name((dy_tag)sent->tok[1].tag));
  dy_story_free(&s);
}

TEST(chunk_random_tag_sequences_give_well_formed_trees) {
  /* the chunker only reads tags (and a few words): any tag sequence must
   * give a tree that covers every token once, in order */
  static const char *words[] = {"that", "not", "was", "of", "by", "after", "has", "the", "x", ",", "who"};
  dy_story story = {.arena = dy_arena_new()}, *s = &story; /* resettable: the struct is not in it */
  uint32_t seed = 12345;
  for (int round = 0; round < 3000; round++) {
    seed = seed * 1103515245u + 12345u;
    uint32_t n = 1 + (seed >> 16) % 60;
    dy_sentence sent = {0};
    sent.tok = dy_arena_alloc(s->arena, n * sizeof *sent.tok);
    sent.ntok = n;
    for (uint32_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      sent.tok[i].tag = (uint8_t)(1 + (seed >> 16) % (DY_TAG__COUNT - 1));
      sent.tok[i].raw = sent.tok[i].norm = dy_str_c(words[(seed >> 8) % 11]);
    }
    ASSERT_EQ_INT(0, dy_chunk_sentence(s, &sent));
    check_tree(&sent);
    if (round % 200 == 0) dy_arena_reset(s->arena);
  }
  dy_arena_free(&story.arena);
}

TEST(tag_random_bytes_gives_valid_tags) {
  if (!an) an = dy_analyser_new();
  static char buf[200 * 80];
  uint32_t seed = 777;
  for (int round = 0; round < 500; round++) {
    dy_token tok[200];
    memset(tok, 0, sizeof tok);
    seed = seed * 1103515245u + 12345u;
    uint32_t n = 1 + (seed >> 16) % 200, at = 0;
    for (uint32_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      uint32_t len = (seed >> 16) % 70; /* 0..69: empty and over-long tokens too */
      for (uint32_t k = 0; k < len; k++) {
        seed = seed * 1103515245u + 12345u;
        buf[at + k] = (char)(seed >> 20); /* any byte, UTF-8 or not */
      }
      tok[i].raw = tok[i].norm = (dy_str){buf + at, len};
      at += len;
    }
    dy_tag_sentence(an, tok, n);
    for (uint32_t i = 0; i < n; i++) ASSERT(tok[i].tag > DY_TAG_NONE && tok[i].tag < DY_TAG__COUNT);
  }
}

TEST(chunk_time_nps_and_gerund_clauses) {
  dy_story *s = dy_story_new();
  /* a day name after the subject is a time NP of its own, inside the
   * subject NP (so the subject is still the NP right before the VP) */
  ASSERT_STR_EQ("(ROOT (S (NP (NP (JJ Ukrainian) (NNS lawmakers)) (NP (NNP Tuesday))) (VP (VBD endorsed) "
                "(NP (DT the) (NN agreement))) (. .)))",
                tree_of(s, "Ukrainian lawmakers Tuesday endorsed the agreement ."));
  /* after a preposition, a gerund heads a clause ("by promoting biofuels") */
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Brazil)) (VP (VBD responded) (PP (IN by) (S (VP (VBG promoting) (NP (NNS biofuels)))))) (. .)))",
                tree_of(s, "Brazil responded by promoting biofuels ."));
  dy_story_free(&s);
}

TEST(chunk_brackets_reporting_tail_and_headlines) {
  dy_story *s = dy_story_new();
  /* an acronym in brackets stays inside the NP it explains */
  ASSERT_STR_EQ("(ROOT (S (NP (NP (DT The) (NNP European) (NNP Union)) (PRN (-LRB- () (NP (NNP EU)) (-RRB- )))) "
                "(VP (VBD condemned) (NP (DT the) (NN attack))) (. .)))",
                tree_of(s, "The European Union ( EU ) condemned the attack ."));
  /* a final reporting clause hangs from the top S, not from the last SBAR */
  ASSERT_STR_EQ("(ROOT (S (S (NP (NNP Arnor)) (VP (VBD left) (SBAR (IN after) (S (NP (NNS crowds)) (VP (VBD burned) "
                "(NP (PRP$ its) (NN embassy))))))) (, ,) (NP (NNS officials)) (VP (VBD said)) (. .)))",
                tree_of(s, "Arnor left after crowds burned its embassy , officials said ."));
  /* headline without a finite verb: the verb reading wins */
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Ethiopia)) (VP (VBZ departs) (PP (IN from) (NP (NNP Libya))))))",
                tree_of(s, "Ethiopia departs from Libya"));
  /* coordination: each conjunct keeps its own "of" phrase */
  ASSERT_STR_EQ("(ROOT (S (NP-COORD (NP (NNP Ithilen)) (CC and) (NP (NP (DT the) (NN government)) (PP (IN of) "
                "(NP (NNP Gondor))))) (VP (VBD warned) (NP (NNP Mordor))) (. .)))",
                tree_of(s, "Ithilen and the government of Gondor warned Mordor ."));
  /* "is about to": the shape of PETRARCH's trees */
  ASSERT_STR_EQ("(ROOT (S (NP (NNP Arnor)) (VP (VBZ is) (VP (IN about) (S (VP (TO to) (VP (VB restore) "
                "(NP (NNS ties))))))) (. .)))",
                tree_of(s, "Arnor is about to restore ties ."));
  dy_story_free(&s);
}

/* dy_token.wclass: the tagger leaves dy_word_class(norm) | DY_W_SET where
 * it knows it exactly (the chunker then does not ask), 0 elsewhere; 9-byte
 * words the lexicon lacks ("WEDNESDAY") and ASCII case included. */
TEST(tagger_leaves_word_classes_in_tokens) {
  dy_story *s = dy_story_new();
  dy_sentence *sent = sentence(s, "WEDNESDAY Gondor HAS not been attacked , YESTERDAY Rohan did n\xe2\x80\x99t"
                                  " retreat because of That .");
  dy_tag_sentence(an, sent->tok, sent->ntok);
  ASSERT_EQ_INT(16, sent->ntok);
  static const unsigned want[16] = {
      DY_W_SET | DY_W_TIME, DY_W_SET, DY_W_SET | DY_W_HAVE, DY_W_SET | DY_W_NEG, DY_W_SET | DY_W_BE, DY_W_SET,
      DY_W_SET, DY_W_SET | DY_W_TIME, DY_W_SET, DY_W_SET | DY_W_DO,
      0, /* n’t: a byte >= 0x80, left for the chunker to ask */
      DY_W_SET, DY_W_SET | DY_W_SUBORD, DY_W_SET | DY_W_OF, DY_W_SET | DY_W_THAT, DY_W_SET};
  for (uint32_t i = 0; i < 16; i++) ASSERT_EQ_INT(want[i], sent->tok[i].wclass);
  for (uint32_t i = 0; i < sent->ntok; i++)
    if (sent->tok[i].wclass & DY_W_SET)
      ASSERT_EQ_INT(dy_word_class(sent->tok[i].norm), sent->tok[i].wclass & ~DY_W_SET);
  dy_story_free(&s);
}
