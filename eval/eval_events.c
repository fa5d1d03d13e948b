/*
 * eval_events — accuracy measures over dyad's JSONL events.
 *
 *   eval_events gsr GOLD.jsonl EVENTS.jsonl
 *     PLOVER gold-standard records ({"id","plover","sources","targets"}):
 *     a record is found when some event of its story has the gold PLOVER
 *     type, a source whose country (first three letters) is one of the
 *     gold sources' and, when the gold names targets, a target whose
 *     country is one of theirs. Prints the share found, per type, and the
 *     events that match no gold record ("extra").
 *
 *   eval_events agree GIVEN.jsonl OWN.jsonl
 *     Agreement of two codings of the same input (e.g. --parse given vs
 *     --parse own): (sentence_id or story:sentence, source, target, code)
 *     triples as multisets; precision and recall of OWN against GIVEN.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char key[160];    /* story (gsr) or sentence key (agree) */
  char source[32], target[32], code[8], plover[24];
  int used;
} ev;

typedef struct { ev *v; size_t n, cap; } evs;

static const char *str_field(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : "";
}

static void push(evs *e, const ev *x) {
  if (e->n == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 256;
    e->v = realloc(e->v, e->cap * sizeof *e->v);
    if (!e->v) { perror("realloc"); exit(2); }
  }
  e->v[e->n++] = *x;
}

/* Reads dyad's JSONL events. by_sentence: key = sentence_id, else story:sentence. */
static evs read_events(const char *path, int by_sentence) {
  evs e = {0};
  FILE *f = fopen(path, "r");
  if (!f) { fprintf(stderr, "eval_events: %s: cannot open\n", path); exit(2); }
  char *line = NULL;
  size_t cap = 0;
  long ln = 0;
  while (getline(&line, &cap, f) > 0) {
    ln++;
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    if (!o) { fprintf(stderr, "eval_events: %s:%ld: %s\n", path, ln, err.text); exit(2); }
    ev x = {0};
    const char *sid = str_field(o, "sentence_id");
    if (by_sentence && *sid) snprintf(x.key, sizeof x.key, "%s", sid);
    else if (by_sentence) snprintf(x.key, sizeof x.key, "%s:%lld", str_field(o, "story_id"),
                                   (long long)json_integer_value(json_object_get(o, "sentence")));
    else snprintf(x.key, sizeof x.key, "%s", str_field(o, "story_id"));
    snprintf(x.source, sizeof x.source, "%s", str_field(o, "source"));
    snprintf(x.target, sizeof x.target, "%s", str_field(o, "target"));
    snprintf(x.code, sizeof x.code, "%s", str_field(o, "code"));
    snprintf(x.plover, sizeof x.plover, "%s", str_field(o, "plover"));
    push(&e, &x);
    json_decref(o);
  }
  free(line);
  fclose(f);
  return e;
}

static int same_country(const char *code, json_t *list) {
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    const char *g = json_string_value(v);
    if (g && strncmp(code, g, 3) == 0 && strlen(code) >= 3) return 1;
  }
  return 0;
}

static int eval_gsr(const char *gold_path, const char *events_path) {
  evs e = read_events(events_path, 0);
  FILE *f = fopen(gold_path, "r");
  if (!f) { fprintf(stderr, "eval_events: %s: cannot open\n", gold_path); return 2; }
  struct { char type[24]; int n, found; } per[32];
  int ntypes = 0, total = 0, found = 0;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, f) > 0) {
    json_error_t err;
    json_t *g = json_loads(line, 0, &err);
    if (!g) continue;
    const char *id = str_field(g, "id"), *type = str_field(g, "plover");
    json_t *src = json_object_get(g, "sources"), *tgt = json_object_get(g, "targets");
    int has_tgt = json_array_size(tgt) > 0, hit = 0;
    for (size_t i = 0; i < e.n; i++) {
      ev *x = &e.v[i];
      if (strcmp(x->key, id) || strcmp(x->plover, type)) continue;
      if (!same_country(x->source, src)) continue;
      if (has_tgt && !same_country(x->target, tgt)) continue;
      x->used = 1;
      hit = 1;
    }
    int t;
    for (t = 0; t < ntypes && strcmp(per[t].type, type); t++) {}
    if (t == ntypes && ntypes < 32) { snprintf(per[t].type, sizeof per[t].type, "%s", type); per[t].n = per[t].found = 0; ntypes++; }
    if (t < 32) { per[t].n++; per[t].found += hit; }
    total++;
    found += hit;
    if (!hit && getenv("EVAL_VERBOSE")) printf("miss %s %s\n", id, type);
    json_decref(g);
  }
  free(line);
  fclose(f);
  size_t extra = 0;
  for (size_t i = 0; i < e.n; i++) extra += !e.v[i].used;
  for (int t = 0; t < ntypes; t++)
    printf("gsr.type %-12s %3d/%-3d %5.1f%%\n", per[t].type, per[t].found, per[t].n, 100.0 * per[t].found / per[t].n);
  printf("gsr.found %d/%d %.1f%%\n", found, total, total ? 100.0 * found / total : 0.0);
  printf("gsr.events %zu\ngsr.extra_events %zu\n", e.n, extra);
  free(e.v);
  return 0;
}

static int same_event(const ev *a, const ev *b) {
  return !strcmp(a->key, b->key) && !strcmp(a->source, b->source) && !strcmp(a->target, b->target) &&
         !strcmp(a->code, b->code);
}

static int eval_agree(const char *given_path, const char *own_path) {
  evs g = read_events(given_path, 1), o = read_events(own_path, 1);
  size_t match = 0;
  for (size_t i = 0; i < o.n; i++)
    for (size_t j = 0; j < g.n; j++)
      if (!g.v[j].used && same_event(&o.v[i], &g.v[j])) { g.v[j].used = o.v[i].used = 1; match++; break; }
  if (getenv("EVAL_VERBOSE")) {
    for (size_t j = 0; j < g.n; j++) if (!g.v[j].used) printf("only-given %s %s %s %s\n", g.v[j].key, g.v[j].source, g.v[j].target, g.v[j].code);
    for (size_t i = 0; i < o.n; i++) if (!o.v[i].used) printf("only-own   %s %s %s %s\n", o.v[i].key, o.v[i].source, o.v[i].target, o.v[i].code);
  }
  printf("agree.given_events %zu\nagree.own_events %zu\nagree.matched %zu\n", g.n, o.n, match);
  printf("agree.precision %.1f%%\nagree.recall %.1f%%\n", o.n ? 100.0 * match / o.n : 0.0, g.n ? 100.0 * match / g.n : 0.0);
  free(g.v);
  free(o.v);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && !strcmp(argv[1], "gsr")) return eval_gsr(argv[2], argv[3]);
  if (argc == 4 && !strcmp(argv[1], "agree")) return eval_agree(argv[2], argv[3]);
  fprintf(stderr, "usage: eval_events gsr GOLD.jsonl EVENTS.jsonl | agree GIVEN.jsonl OWN.jsonl\n");
  return 2;
}
