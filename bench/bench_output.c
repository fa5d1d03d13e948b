/*
 * bench_output.c — throughput of the relative-date resolver and of the
 * event writers.
 *
 *   bench_output SENTENCES_FILE [REPEAT [SHOW]]
 *
 * SENTENCES_FILE has one sentence per line (gen_corpus -S writes one). The
 * sentences are split into tokens with a crude splitter (spaces; , ; : " .
 * detached), folded with dy_fold, then dy_date_resolve runs over all of
 * them REPEAT times. Then every sentence becomes a story with two events,
 * written as jsonl, tsv and csv to /dev/null. Times are CPU time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "output/output.h"
#include "storypass/storypass.h"

static double cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int detach(char c) { return c == ',' || c == ';' || c == ':' || c == '"' || c == '.'; }

/* Tokens of s (arena): words split on spaces, punctuation detached at the
 * ends ("Jan." keeps its period when a letter precedes and more follows). */
static dy_token *split(dy_arena *a, const char *s, size_t len, uint32_t *ntok) {
  dy_token *t = dy_arena_alloc(a, (len + 1) * sizeof *t);
  uint32_t n = 0;
  size_t i = 0;
  while (i < len) {
    while (i < len && s[i] == ' ') i++;
    size_t b = i;
    while (i < len && s[i] != ' ') i++;
    size_t e = i;
    while (b < e && detach(s[b])) { t[n].raw = (dy_str){s + b, 1}; b++; n++; }
    size_t tail = e;
    while (tail > b && detach(s[tail - 1]) && !(s[tail - 1] == '.' && tail < len && tail - b <= 5)) tail--;
    if (tail > b) { t[n].raw = (dy_str){s + b, (uint32_t)(tail - b)}; n++; }
    for (size_t k = tail; k < e; k++) { t[n].raw = (dy_str){s + k, 1}; n++; }
  }
  for (uint32_t k = 0; k < n; k++) {
    t[k].norm = dy_fold(a, t[k].raw.p, t[k].raw.n);
    if (t[k].raw.p[0] >= 'A' && t[k].raw.p[0] <= 'Z') t[k].flags = DY_TOK_CAP;
  }
  *ntok = n;
  return t;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_output SENTENCES_FILE [REPEAT]\n");
    return 2;
  }
  int repeat = argc > 2 ? atoi(argv[2]) : 5;
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  dy_arena *a = dy_arena_new();
  size_t cap = 1024, ns = 0;
  dy_sentence *sent = malloc(cap * sizeof *sent);
  char *line = NULL;
  size_t lcap = 0;
  ssize_t len;
  unsigned long ntok = 0;
  while ((len = getline(&line, &lcap, f)) > 0) {
    if (line[len - 1] == '\n') len--;
    if (ns == cap) sent = realloc(sent, (cap *= 2) * sizeof *sent);
    memset(&sent[ns], 0, sizeof sent[ns]);
    sent[ns].text = dy_arena_str(a, line, (size_t)len);
    sent[ns].tok = split(a, sent[ns].text.p, sent[ns].text.n, &sent[ns].ntok);
    ntok += sent[ns].ntok;
    ns++;
  }
  fclose(f);
  free(line);

  if (argc > 3) { /* bench_output FILE REPEAT N: also show the first N resolutions */
    for (size_t i = 0; i < ns && i < (size_t)atoi(argv[3]); i++) {
      uint32_t first, last;
      char d[11];
      dy_date_format(dy_date_resolve(sent[i].tok, sent[i].ntok, 20180131, &first, &last), d);
      const char *p = first < last ? sent[i].tok[first].raw.p : "";
      int n = first < last ? (int)(sent[i].tok[last - 1].raw.p + sent[i].tok[last - 1].raw.n - p) : 0;
      printf("%s [%.*s] %.*s\n", d, n, p, (int)sent[i].text.n, sent[i].text.p);
    }
  }

  unsigned long found = 0;
  double t0 = cpu();
  for (int r = 0; r < repeat; r++)
    for (size_t i = 0; i < ns; i++) {
      uint32_t first, last;
      dy_date_resolve(sent[i].tok, sent[i].ntok, 20180131, &first, &last);
      found += last > first;
    }
  double t1 = cpu();
  printf("dates: %zu sentences (%lu tokens) x %d: %.0f sentences/s, %.1f M tokens/s; "
         "%.1f%% have a date expression\n",
         ns, ntok, repeat, (double)ns * repeat / (t1 - t0), (double)ntok * repeat / (t1 - t0) / 1e6,
         100.0 * (double)found / (double)repeat / (double)(ns ? ns : 1));

  for (int fmt = DY_FORMAT_JSONL; fmt <= DY_FORMAT_CSV; fmt++) {
    FILE *out = fopen("/dev/null", "w");
    dy_writer *w = dy_writer_new(out, (dy_format)fmt);
    dy_story *s = dy_story_new();
    s->id = "bench-story";
    s->date = 20180131;
    s->nsent = 1;
    dy_event *e1 = dy_story_add_event(s), *e2 = dy_story_add_event(s);
    snprintf(e1->source, sizeof e1->source, "RUSGOV");
    snprintf(e1->target, sizeof e1->target, "SYRREB");
    snprintf(e1->code, sizeof e1->code, "051");
    snprintf(e2->source, sizeof e2->source, "TURMIL");
    snprintf(e2->code, sizeof e2->code, "190");
    unsigned long bytes = 0;
    double w0 = cpu();
    for (int r = 0; r < repeat; r++)
      for (size_t i = 0; i < ns; i++) {
        s->sent = &sent[i];
        dy_str x = sent[i].text;
        e1->source_text = (dy_str){x.p, x.n < 20 ? x.n : 20};
        e1->verb_text = e1->target_text = e2->source_text = e1->source_text;
        e1->date = e2->date = 20180130;
        dy_writer_story(w, s);
        bytes += x.n;
      }
    dy_writer_flush(w);
    double w1 = cpu();
    printf("%s: %.0f events/s (%.0f MB/s of sentence text)\n", dy_format_name((dy_format)fmt),
           2.0 * (double)ns * repeat / (w1 - w0), 2.0 * (double)bytes / (w1 - w0) / 1e6);
    s->sent = NULL;
    s->nsent = 0;
    dy_story_free(&s);
    dy_writer_free(&w);
    fclose(out);
  }
  free(sent);
  dy_arena_free(&a);
  return 0;
}
