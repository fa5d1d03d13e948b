/*
 * parse_cmp.c — own parse vs given parse, sentence by sentence, for finding
 * why `dyad code --parse own` and `--parse given` disagree (make parse-cmp).
 *
 *   parse-cmp [-a] [-r] [-d DICT]... FILE.xml...
 *
 * Each PETRARCH XML story is coded twice with the same coder options as
 * `dyad code`: once on dyad's own analysis of the text, once on the given
 * Penn trees. For every sentence whose (source, target, code) multisets
 * differ (-a: every sentence) it prints the text, both event lists and both
 * trees (dy_tree_format). -r attaches the story pass (cross-sentence
 * pronouns and quotes) to the own coding, as `dyad code --parse own` does;
 * without it the difference is the parse alone. The last lines count
 * given / own / matched events, over all sentences and over those whose
 * given tree has the words of the text (PETRARCH's test records often
 * pair a text with the tree of another sentence: "WORDS DIFFER").
 */
#include "analysis/analysis.h"
#include "coder/coder.h"
#include "dict/dict.h"
#include "ingest/ingest.h"
#include "storypass/storypass.h"
#include "text/text.h"
#include "treebank/treebank.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXEV = 64 };

typedef struct evlist {
  char e[MAXEV][80];
  int used[MAXEV];
  int n;
} evlist;

static void collect(const dy_story *s, uint32_t nsent, evlist *out) {
  for (uint32_t i = 0; i < nsent; i++) out[i].n = 0;
  for (uint32_t i = 0; i < s->nev; i++) {
    const dy_event *e = &s->ev[i];
    if (e->sentence >= nsent) continue;
    evlist *l = &out[e->sentence];
    if (l->n == MAXEV) continue;
    snprintf(l->e[l->n], sizeof l->e[0], "%s %s %s", e->source, e->target[0] ? e->target : "-",
             e->code);
    l->used[l->n++] = 0;
  }
}

/* Marks matches; returns the number matched. */
static int match(evlist *g, evlist *o) {
  int m = 0;
  for (int i = 0; i < o->n; i++)
    for (int j = 0; j < g->n; j++)
      if (!g->used[j] && !strcmp(o->e[i], g->e[j])) { g->used[j] = o->used[i] = 1; m++; break; }
  return m;
}

static char *tree(const dy_sentence *sent) {
  size_t need = dy_tree_format(sent, NULL, 0) + 1;
  char *b = malloc(need);
  if (b) dy_tree_format(sent, b, need);
  return b;
}

/* The words of sent, normalised, space-separated (malloc). */
static char *words(const dy_sentence *sent) {
  size_t n = 1;
  for (uint32_t i = 0; i < sent->ntok; i++) n += sent->tok[i].norm.n + 1;
  char *b = malloc(n), *p = b;
  if (!b) return NULL;
  for (uint32_t i = 0; i < sent->ntok; i++) {
    memcpy(p, sent->tok[i].norm.p, sent->tok[i].norm.n);
    p += sent->tok[i].norm.n;
    *p++ = i + 1 < sent->ntok ? ' ' : 0;
  }
  if (p == b) *p = 0;
  return b;
}

static void print_events(const char *what, const evlist *l) {
  printf("  %s:", what);
  if (!l->n) printf(" (none)");
  for (int i = 0; i < l->n; i++) printf(" [%s%s]", l->used[i] ? "" : "*", l->e[i]);
  printf("\n");
}

int main(int argc, char **argv) {
  int all = 0, refs_on = 0, a = 1;
  const char *dict_paths[8]; /* none: the built-in dictionaries, as dyad code */
  size_t ndict = 0;
  for (; a < argc && argv[a][0] == '-'; a++) {
    if (!strcmp(argv[a], "-a")) all = 1;
    else if (!strcmp(argv[a], "-r")) refs_on = 1;
    else if (!strcmp(argv[a], "-d") && a + 1 < argc && ndict < 8) dict_paths[ndict++] = argv[++a];
    else break;
  }
  if (a >= argc) {
    fprintf(stderr, "usage: parse-cmp [-a] [-r] [-d DICT] FILE.xml...\n");
    return 2;
  }
  dy_diag_set_quiet(1);
  dy_dict *owned = NULL;
  if (ndict) {
    owned = dy_dict_load(dict_paths, ndict); /* an image is mapped, text compiled */
    if (!owned) return 1;
  }
  const dy_dict *d = owned ? owned : dy_dict_default();
  if (!d) return 1;
  dy_coder_opts co;
  dy_coder_opts_news(&co); /* as dyad code codes */
  dy_coder *cg = dy_coder_new(d, &co), *cn = dy_coder_new(d, &co);
  dy_refs *refs = NULL;
  if (refs_on) {
    refs = dy_refs_new(d);
    dy_refs_attach(refs, cn);
  }
  dy_analyser *an = dy_analyser_new();
  dy_reader *rd = dy_reader_open((const char *const *)argv + a, argc - a, DY_INPUT_PETRARCH_XML, NULL);
  dy_story *s = NULL;
  long ng = 0, no = 0, nm = 0;
  long sg = 0, so = 0, sm = 0, nsame = 0, nsent = 0; /* sentences whose given tree has the text's words */
  while (dy_reader_next(rd, &s) == 1) {
    if (dy_text_prepare(s) != 0) { dy_story_free(&s); continue; }
    uint32_t n = s->nsent;
    evlist *ge = calloc(n, sizeof *ge), *oe = calloc(n, sizeof *oe);
    char **gt = calloc(n, sizeof *gt), **ot = calloc(n, sizeof *ot);
    char **gw = calloc(n, sizeof *gw), **ow = calloc(n, sizeof *ow);
    for (uint32_t i = 0; i < n; i++)
      if (s->sent[i].ntok) {
        dy_analyse_sentence(an, s, &s->sent[i]);
        ot[i] = tree(&s->sent[i]);
        ow[i] = words(&s->sent[i]);
      }
    dy_coder_code_story(cn, s);
    collect(s, n, oe);
    s->nev = 0;
    for (uint32_t i = 0; i < n; i++)
      if (s->sent[i].parse.n && dy_treebank_read(s, &s->sent[i], s->sent[i].parse) == 0) {
        gt[i] = tree(&s->sent[i]);
        gw[i] = words(&s->sent[i]);
      }
    dy_coder_code_story(cg, s);
    collect(s, n, ge);
    for (uint32_t i = 0; i < n; i++) {
      int m = match(&ge[i], &oe[i]);
      ng += ge[i].n;
      no += oe[i].n;
      nm += m;
      nsent++;
      if (gw[i] && ow[i] && !strcmp(gw[i], ow[i])) {
        nsame++;
        sg += ge[i].n;
        so += oe[i].n;
        sm += m;
      }
      if (!all && m == ge[i].n && m == oe[i].n) continue;
      const dy_sentence *t = &s->sent[i];
      printf("== %.*s  given %d own %d matched %d\n", (int)t->id.n, t->id.p ? t->id.p : "", ge[i].n,
             oe[i].n, m);
      printf("  text: %.*s\n", (int)t->text.n, t->text.p);
      print_events("given", &ge[i]);
      print_events("own  ", &oe[i]);
      if (gw[i] && ow[i] && strcmp(gw[i], ow[i])) printf("  WORDS DIFFER: given \"%s\"\n", gw[i]);
      printf("  G: %s\n  O: %s\n", gt[i] ? gt[i] : "-", ot[i] ? ot[i] : "-");
    }
    for (uint32_t i = 0; i < n; i++) {
      free(gt[i]);
      free(ot[i]);
      free(gw[i]);
      free(ow[i]);
    }
    free(gt);
    free(ot);
    free(gw);
    free(ow);
    free(ge);
    free(oe);
    dy_story_free(&s);
  }
  printf("parse-cmp given %ld own %ld matched %ld precision %.1f%% recall %.1f%%\n", ng, no, nm,
         no ? 100.0 * nm / no : 0.0, ng ? 100.0 * nm / ng : 0.0);
  printf("parse-cmp same-words %ld/%ld sentences: given %ld own %ld matched %ld precision %.1f%% recall %.1f%%\n",
         nsame, nsent, sg, so, sm, so ? 100.0 * sm / so : 0.0, sg ? 100.0 * sm / sg : 0.0);
  dy_reader_close(&rd);
  dy_coder_free(&cg);
  dy_coder_free(&cn);
  dy_refs_free(&refs);
  dy_dict_free(&owned);
  return 0;
}
