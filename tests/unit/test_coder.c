/* The coder, driven by tests/data/coder/cases.txt (hand-written sentences,
 * trees and expected events) with the small dictionaries next to it. */
#include "../../src/coder/coder.h"
#include "../../src/core/core.h"
#include "../../src/dict/dict.h"
#include "../../src/treebank/treebank.h"
#include "../test.h"

typedef struct tcase {
  char name[128];
  char date[16];
  char opts[256];
  char tree[4096];
  char expect[16][96];
  int nexpect;
  int line;
} tcase;

static dy_dict *load_test_dict(void) {
  dy_dict_builder *b = dy_dict_builder_new();
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.verbs.txt"), DY_DICT_VERBS) == 0);
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.actors.txt"), DY_DICT_ACTORS) == 0);
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.agents.txt"), DY_DICT_AGENTS) == 0);
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.discards.txt"), DY_DICT_DISCARDS) == 0);
  return dy_dict_builder_finish(&b);
}

static void copy_val(char *dst, size_t n, const char *v) {
  while (*v == ' ') v++;
  snprintf(dst, n, "%s", v);
  size_t l = strlen(dst);
  while (l && (dst[l - 1] == '\n' || dst[l - 1] == ' ' || dst[l - 1] == '\r')) dst[--l] = 0;
}

/* Reads the next case; returns 0 at end of file. */
static int next_case(FILE *f, tcase *tc, int *lineno) {
  char line[8192];
  memset(tc, 0, sizeof *tc);
  int have = 0;
  while (fgets(line, sizeof line, f)) {
    (*lineno)++;
    if (line[0] == '#') continue;
    if (line[0] == '\n' || line[0] == '\r') {
      if (have) return 1;
      continue;
    }
    if (!have) tc->line = *lineno;
    have = 1;
    if (!strncmp(line, "name:", 5)) copy_val(tc->name, sizeof tc->name, line + 5);
    else if (!strncmp(line, "date:", 5)) copy_val(tc->date, sizeof tc->date, line + 5);
    else if (!strncmp(line, "opts:", 5)) copy_val(tc->opts, sizeof tc->opts, line + 5);
    else if (!strncmp(line, "tree:", 5)) copy_val(tc->tree, sizeof tc->tree, line + 5);
    else if (!strncmp(line, "expect:", 7) && tc->nexpect < 16) copy_val(tc->expect[tc->nexpect++], 96, line + 7);
    else test_fail(__FILE__, __LINE__, "cases.txt:%d: unknown line: %s", *lineno, line);
  }
  return have;
}

static void apply_opts(dy_coder_opts *o, const char *opts) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", opts);
  for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
    char *eq = strchr(tok, '=');
    ASSERT(eq != NULL);
    *eq = 0;
    if (dy_coder_opts_set(o, tok, eq + 1) != 0) test_fail(__FILE__, __LINE__, "bad option %s", tok);
  }
}

/* Runs one case; returns 1 if it passed (prints the difference if not). */
static int run_case(const dy_dict *d, const tcase *tc) {
  dy_coder_opts o;
  dy_coder_opts_default(&o);
  apply_opts(&o, tc->opts);
  dy_coder *c = dy_coder_new(d, &o);
  dy_story *st = dy_story_new();
  st->id = tc->name;
  ASSERT(dy_date_parse(tc->date, strlen(tc->date), &st->date) == 0);
  st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
  st->nsent = 1;
  dy_str parse = dy_arena_str(st->arena, tc->tree, strlen(tc->tree));
  if (dy_treebank_read(st, &st->sent[0], parse) != 0)
    test_fail(__FILE__, __LINE__, "case %s: bad tree: %s", tc->name, dy_treebank_error());
  int rc = dy_coder_code_story(c, st);
  int ok = 1;
  char got[1024] = "";
  size_t k = 0;
  for (uint32_t i = 0; i < st->nev && k < sizeof got; i++)
    k += (size_t)snprintf(got + k, sizeof got - k, "[%s %s %s] ", st->ev[i].source,
                          st->ev[i].target[0] ? st->ev[i].target : "-", st->ev[i].code);
  if (tc->nexpect == 1 && !strcmp(tc->expect[0], "story-discard")) {
    ok = rc == -1 && st->nev == 0;
  } else if (tc->nexpect == 1 && !strcmp(tc->expect[0], "discard")) {
    ok = rc == 0 && dy_coder_discarded(c) == 1 && st->nev == 0;
  } else if (tc->nexpect == 1 && !strcmp(tc->expect[0], "none")) {
    ok = rc == 0 && st->nev == 0;
  } else {
    ok = (uint32_t)tc->nexpect == st->nev;
    for (int i = 0; i < tc->nexpect && ok; i++) {
      char s[32], t[32], code[16];
      ASSERT(sscanf(tc->expect[i], "%31s %31s %15s", s, t, code) == 3);
      if (!strcmp(t, "-")) t[0] = 0;
      int found = 0;
      for (uint32_t j = 0; j < st->nev && !found; j++)
        found = !strcmp(st->ev[j].source, s) && !strcmp(st->ev[j].target, t) && !strcmp(st->ev[j].code, code) &&
                st->ev[j].rule != NULL && st->ev[j].verb_text.n > 0;
      ok = found;
    }
  }
  if (!ok) {
    printf("    case %s (cases.txt:%d): rc %d, got %s; expected", tc->name, tc->line, rc, got);
    for (int i = 0; i < tc->nexpect; i++) printf(" [%s]", tc->expect[i]);
    printf("\n");
  }
  dy_story_free(&st);
  dy_coder_free(&c);
  return ok;
}

TEST(coder_cases_from_data_file) {
  dy_dict *d = load_test_dict();
  FILE *f = fopen(test_data("coder/cases.txt"), "r");
  ASSERT(f != NULL);
  tcase tc;
  int lineno = 0, n = 0, failed = 0;
  while (next_case(f, &tc, &lineno)) {
    n++;
    failed += !run_case(d, &tc);
  }
  fclose(f);
  dy_dict_free(&d);
  ASSERT(n >= 40);
  if (failed) test_fail(__FILE__, __LINE__, "%d of %d coder cases failed", failed, n);
}

TEST(coder_event_spans_and_rule) {
  dy_dict *d = load_test_dict();
  dy_coder *c = dy_coder_new(d, NULL);
  dy_story *st = dy_story_new();
  st->date = 20000101;
  st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
  st->nsent = 1;
  const char *tree = "(ROOT (S (NP (NNP Arnor) (NN police)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))";
  ASSERT(dy_treebank_read(st, &st->sent[0], dy_str_c(tree)) == 0);
  ASSERT_EQ_INT(1, dy_coder_code_story(c, st));
  ASSERT_STR_EQ("ARNCOP", st->ev[0].source);
  ASSERT_SPAN_EQ("Arnor police", st->ev[0].source_text);
  ASSERT_SPAN_EQ("Gondor", st->ev[0].target_text);
  ASSERT_SPAN_EQ("attacked", st->ev[0].verb_text);
  ASSERT_EQ_INT(20000101, st->ev[0].date);
  ASSERT(st->ev[0].rule && st->ev[0].rule[0]);
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

static dy_story *code_tree(dy_coder *c, const char *tree) {
  dy_story *st = dy_story_new();
  st->date = 20000101;
  st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
  st->nsent = 1;
  if (dy_treebank_read(st, &st->sent[0], dy_str_c(tree)) != 0) test_fail(__FILE__, __LINE__, "bad tree");
  dy_coder_code_story(c, st);
  return st;
}

TEST(coder_issues_attach_to_the_sentence_events) {
  dy_dict_builder *b = dy_dict_builder_new();
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.verbs.txt"), DY_DICT_VERBS) == 0);
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.actors.txt"), DY_DICT_ACTORS) == 0);
  ASSERT(dy_dict_builder_add_file(b, test_data("coder/test.issues.txt"), DY_DICT_ISSUES) == 0);
  dy_dict *d = dy_dict_builder_finish(&b);
  dy_coder *c = dy_coder_new(d, NULL);
  dy_story *st = code_tree(c, "(ROOT (S (NP (NNP Arnor)) (VP (VBD condemned) (NP (NP (NNP Gondor)) (PP (IN for) (NP (DT the) "
                              "(NNS massacres) (CC and) (NN war) (NNS crimes))))) (. .)))");
  ASSERT_EQ_INT(1, st->nev);
  ASSERT_STR_EQ("ID_ATROCITY", st->ev[0].issues);
  dy_story_free(&st);
  st = code_tree(c, "(ROOT (S (NP (NNP Arnor)) (VP (VBD condemned) (NP (NP (NNP Gondor)) (PP (IN for) (NP (DT the) (NNS "
                    "refugees) (CC and) (DT the) (NN massacre))))) (. .)))");
  ASSERT_EQ_INT(1, st->nev);
  ASSERT_STR_EQ("REFUGEES;ID_ATROCITY", st->ev[0].issues);
  dy_story_free(&st);
  st = code_tree(c, "(ROOT (S (NP (NNP Arnor)) (VP (VBD condemned) (NP (NP (NNP Gondor)) (PP (IN for) (NP (DT the) (NN "
                    "movie) (NN massacre))))) (. .)))");
  ASSERT_EQ_INT(1, st->nev);
  ASSERT(st->ev[0].issues == NULL); /* an ignore phrase cancels the issues */
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

TEST(coder_one_event_per_story_option) {
  dy_dict *d = load_test_dict();
  dy_coder_opts o;
  dy_coder_opts_default(&o);
  o.one_event_per_story = 1;
  dy_coder *c = dy_coder_new(d, &o);
  dy_story *st = dy_story_new();
  st->date = 20000101;
  st->sent = dy_arena_alloc(st->arena, 2 * sizeof *st->sent);
  st->nsent = 2;
  const char *tree = "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))";
  ASSERT(dy_treebank_read(st, &st->sent[0], dy_str_c(tree)) == 0);
  ASSERT(dy_treebank_read(st, &st->sent[1], dy_str_c(tree)) == 0);
  ASSERT_EQ_INT(1, dy_coder_code_story(c, st));
  ASSERT_EQ_INT(1, st->nev);
  dy_story_free(&st);
  dy_coder_free(&c);
  /* without the option each sentence keeps its event */
  c = dy_coder_new(d, NULL);
  st = dy_story_new();
  st->sent = dy_arena_alloc(st->arena, 2 * sizeof *st->sent);
  st->nsent = 2;
  ASSERT(dy_treebank_read(st, &st->sent[0], dy_str_c(tree)) == 0);
  ASSERT(dy_treebank_read(st, &st->sent[1], dy_str_c(tree)) == 0);
  ASSERT_EQ_INT(2, dy_coder_code_story(c, st));
  ASSERT_EQ_INT(1, st->ev[1].sentence);
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

TEST(coder_story_discard_in_an_eventless_sentence_cancels_the_story) {
  dy_dict *d = load_test_dict();
  dy_coder *c = dy_coder_new(d, NULL);
  dy_story *st = dy_story_new();
  st->date = 20000101;
  st->sent = dy_arena_alloc(st->arena, 2 * sizeof *st->sent);
  st->nsent = 2;
  ASSERT(dy_treebank_read(st, &st->sent[0], dy_str_c("(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))")) == 0);
  ASSERT(dy_treebank_read(st, &st->sent[1], dy_str_c("(ROOT (S (NP (DT The) (NNP World) (NNP Cup)) (VP (VBD began)) (. .)))")) == 0);
  ASSERT_EQ_INT(-1, dy_coder_code_story(c, st));
  ASSERT_EQ_INT(0, st->nev);
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

/* The coder keeps each word's dictionary facts from sentence to sentence
 * (its word cache): a word seen before keeps its meaning, a word that
 * differs in one letter gets none of it, whatever the order. */
TEST(coder_words_seen_before_keep_their_meaning_only) {
  dy_dict *d = load_test_dict();
  dy_coder *c = dy_coder_new(d, NULL);
  static const char *const trees[] = {
      "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))",
      "(ROOT (S (NP (NNP Arnar)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))",
      "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondar))) (. .)))",
      "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))",
  };
  static const char *const src[] = {"ARN", NULL, "ARN", "ARN"}, *const tgt[] = {"GON", "GON", NULL, "GON"};
  for (int round = 0; round < 2; round++)
    for (int k = 0; k < 4; k++) {
      dy_story *st = code_tree(c, trees[k]);
      int want = src[k] && tgt[k];
      ASSERT_EQ_INT(want, st->nev);
      if (want) {
        ASSERT_STR_EQ(src[k], st->ev[0].source);
        ASSERT_STR_EQ(tgt[k], st->ev[0].target);
      }
      dy_story_free(&st);
    }
  dy_coder_free(&c);
  dy_dict_free(&d);
}

TEST(coder_explain_names_the_dictionary_line) {
  dy_dict *d = load_test_dict();
  dy_coder_opts o;
  dy_coder_opts_default(&o);
  o.explain = 1;
  dy_coder *c = dy_coder_new(d, &o);
  dy_story *st = code_tree(c, "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor)) (PP (IN with) (NP (NNS "
                              "rockets)))) (. .)))");
  ASSERT_EQ_INT(1, st->nev);
  ASSERT_STR_EQ("195", st->ev[0].code);
  ASSERT_CONTAINS(st->ev[0].rule, "pattern '- * WITH ROCKETS [195]' of ATTACK (test.verbs.txt:");
  dy_story_free(&st);
  st = code_tree(c, "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))");
  ASSERT_CONTAINS(st->ev[0].rule, "verb ATTACK [190] (test.verbs.txt:");
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

TEST(coder_survives_deeply_nested_phrases) {
  dy_dict *d = load_test_dict();
  dy_coder *c = dy_coder_new(d, NULL);
  enum { DEPTH = 100000 };
  size_t cap = (size_t)DEPTH * 40 + 256;
  char *t = malloc(cap), *q = t;
  q += sprintf(q, "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) ");
  for (int i = 0; i < DEPTH; i++) q += sprintf(q, "(NP (NP (NN x)) (PP (IN of) ");
  q += sprintf(q, "(NP (NNP Gondor))");
  for (int i = 0; i < DEPTH; i++) q += sprintf(q, "))");
  q += sprintf(q, ")))");
  dy_story *st = code_tree(c, t); /* must not crash; nothing is found that deep */
  ASSERT(st->nev <= 1);
  dy_story_free(&st);
  free(t);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

TEST(coder_without_nodes_codes_nothing) {
  dy_dict *d = load_test_dict();
  dy_coder *c = dy_coder_new(d, NULL);
  dy_story *st = dy_story_new();
  st->sent = dy_arena_alloc(st->arena, sizeof *st->sent);
  st->nsent = 1;
  ASSERT_EQ_INT(0, dy_coder_code_story(c, st));
  ASSERT_EQ_INT(0, st->nev);
  dy_story_free(&st);
  dy_coder_free(&c);
  dy_dict_free(&d);
}

/* dyad code's set: every raw-news rule on, source-only events kept, the
 * PETRARCH comma limits unchanged. */
TEST(coder_news_options) {
  dy_coder_opts o;
  dy_coder_opts_news(&o);
  ASSERT_EQ_INT(0, o.require_dyad);
  ASSERT_EQ_INT(1, o.compound_null_target);
  ASSERT_EQ_INT(0, o.date_discards);
  ASSERT_EQ_INT(1, o.combine_verbs);
  ASSERT_EQ_INT(1, o.intransitive_events);
  ASSERT_EQ_INT(1, o.plural_actors);
  ASSERT_EQ_INT(1, o.ethnic_groups);
  ASSERT_EQ_INT(1, o.hyphen_actors);
  ASSERT_EQ_INT(1, o.acronym_actors);
  ASSERT_EQ_INT(1, o.actor_targets);
  ASSERT_EQ_INT(1, o.domestic_agents);
  ASSERT_EQ_INT(1, o.passive_targets);
  ASSERT_EQ_INT(1, o.nearest_patterns);
  ASSERT_EQ_INT(1, o.local_patterns);
  ASSERT_EQ_INT(1, o.report_sources);
  ASSERT_EQ_INT(1, o.apposed_subjects);
  ASSERT_EQ_INT(1, o.partitive_agents);
  ASSERT_EQ_INT(1, o.adjective_compounds);
  ASSERT_EQ_INT(1, o.state_speakers);
  ASSERT_EQ_INT(8, o.comma_max);
  ASSERT_EQ_INT(0, o.explain);
}

TEST(coder_options_by_petrarch_name) {
  dy_coder_opts o;
  dy_coder_opts_default(&o);
  ASSERT_EQ_INT(1, o.require_dyad);
  ASSERT_EQ_INT(0, dy_coder_opts_set(&o, "require_dyad", "False"));
  ASSERT_EQ_INT(0, o.require_dyad);
  ASSERT_EQ_INT(0, dy_coder_opts_set(&o, "comma_max", "5"));
  ASSERT_EQ_INT(5, o.comma_max);
  ASSERT_EQ_INT(-1, dy_coder_opts_set(&o, "comma_max", "five"));
  ASSERT_EQ_INT(-1, dy_coder_opts_set(&o, "no_such_option", "1"));
  ASSERT_EQ_INT(5, o.comma_max);
  /* the raw-news rules are off by default (PETRARCH behaviour) */
  ASSERT_EQ_INT(0, o.combine_verbs);
  ASSERT_EQ_INT(0, o.intransitive_events);
  ASSERT_EQ_INT(0, o.plural_actors);
  ASSERT_EQ_INT(0, o.ethnic_groups);
  ASSERT_EQ_INT(0, o.hyphen_actors);
  ASSERT_EQ_INT(0, o.acronym_actors);
  ASSERT_EQ_INT(0, o.actor_targets);
  ASSERT_EQ_INT(0, o.domestic_agents);
  ASSERT_EQ_INT(0, o.passive_targets);
  ASSERT_EQ_INT(0, o.nearest_patterns);
  ASSERT_EQ_INT(0, o.local_patterns);
  ASSERT_EQ_INT(0, o.report_sources);
  ASSERT_EQ_INT(0, o.apposed_subjects);
  ASSERT_EQ_INT(0, o.partitive_agents);
  ASSERT_EQ_INT(0, o.adjective_compounds);
  ASSERT_EQ_INT(0, o.state_speakers);
  ASSERT_EQ_INT(1, o.date_discards);
  ASSERT_EQ_INT(0, dy_coder_opts_set(&o, "combine_verbs", "True"));
  ASSERT_EQ_INT(1, o.combine_verbs);
  ASSERT_EQ_INT(0, dy_coder_opts_set(&o, "date_discards", "False"));
  ASSERT_EQ_INT(0, o.date_discards);
}

TEST(coder_combine_verbs_survives_deeply_nested_clauses) {
  dy_dict *d = load_test_dict();
  dy_coder_opts o;
  dy_coder_opts_default(&o);
  o.combine_verbs = 1;
  o.require_dyad = 0;
  dy_coder *c = dy_coder_new(d, &o);
  enum { DEPTH = 20000 };
  size_t cap = (size_t)DEPTH * 96 + 256;
  char *t = malloc(cap), *q = t;
  q += sprintf(q, "(ROOT (S (NP (NNP Arnor)) ");
  for (int i = 0; i < DEPTH; i++) q += sprintf(q, "(VP (MD will) (VP (VBZ plans) (S (VP (TO to) ");
  q += sprintf(q, "(VP (VB attack) (NP (NNP Gondor)))");
  for (int i = 0; i < DEPTH; i++) q += sprintf(q, "))))");
  q += sprintf(q, "))");
  dy_story *st = code_tree(c, t); /* must not crash nor take quadratic time */
  ASSERT(st->nev <= 2);
  dy_story_free(&st);
  free(t);
  dy_coder_free(&c);
  dy_dict_free(&d);
}
