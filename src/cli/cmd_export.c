/* dyad export — events of a database as Phoenix/GDELT-style TSV. */
#include "cli/cli.h"
#include "core/core.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: dyad export --db URL [FILTERS] [--no-header]\n"
    "\n"
    "Writes the events of an event database as tab-separated values, one\n"
    "event per line, ordered by date, story and sentence, in the layout of\n"
    "the Phoenix event data set (its first columns) plus dyad's own. The\n"
    "filters are those of 'dyad query' (--from --to --source --target --actor\n"
    "--dyad --code --root --quad --limit; codes match by prefix).\n"
    "\n"
    "columns (a header line first unless --no-header; empty = unknown/null):\n"
    "   1 EventID               dyad's stable event id (16 hex digits)\n"
    "   2 Date                  YYYYMMDD\n"
    "   3 Year  4 Month  5 Day\n"
    "   6 SourceActorFull       CAMEO actor code, e.g. RUSGOVMIL\n"
    "   7 SourceActorEntity     its first 3 characters (country/entity)\n"
    "   8 SourceActorRole       characters 4-6 (e.g. GOV)\n"
    "   9 SourceActorAttribute  characters 7-9\n"
    "  10-13 TargetActorFull, TargetActorEntity, TargetActorRole, TargetActorAttribute\n"
    "  14 EventCode             CAMEO event code, e.g. 051\n"
    "  15 EventRootCode         its first two digits\n"
    "  16 QuadClass             1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict\n"
    "  17 GoldsteinScore\n"
    "  18 Plover                PLOVER event type\n"
    "  19 Mentions              coded events deduplicated into this one\n"
    "  20 Sources               distinct news sources among them\n"
    "  21 StoryID  22 Sentence (index from 0)  23 SentenceID\n"
    "  24 SourceText  25 TargetText   the words the actors were recognised from\n"
    "Tabs and line breaks inside values are written as spaces.\n";

static void put(const char *s, int last) {
  if (s)
    for (; *s; s++) putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
  putchar(last ? '\n' : '\t');
}

/* Actor code pieces of three characters, Phoenix style. */
static void put_actor(const char *a) {
  char piece[4];
  put(a, 0);
  for (int k = 0; k < 3; k++) {
    size_t n = a ? strlen(a) : 0;
    size_t off = (size_t)k * 3;
    size_t l = n > off ? (n - off < 3 ? n - off : 3) : 0;
    memcpy(piece, l ? a + off : "", l);
    piece[l] = 0;
    put(piece, 0);
  }
}

static int emit(const dy_query_row *r, void *ctx) {
  (void)ctx;
  char buf[64];
  put(r->event_id, 0);
  if (r->date && strlen(r->date) == 10) {
    printf("%.4s%.2s%.2s\t%.4s\t%.2s\t%.2s\t", r->date, r->date + 5, r->date + 8, r->date, r->date + 5,
           r->date + 8);
  } else {
    fputs("\t\t\t\t", stdout);
  }
  put_actor(r->source);
  put_actor(r->target);
  put(r->code, 0);
  put(r->root, 0);
  snprintf(buf, sizeof buf, "%d", r->quad);
  put(r->quad ? buf : NULL, 0);
  snprintf(buf, sizeof buf, "%.4g", r->goldstein_mean);
  put(r->has_goldstein ? buf : NULL, 0);
  put(r->plover, 0);
  printf("%lld\t%lld\t", r->mentions, r->sources);
  put(r->story, 0);
  printf("%lld\t", r->sentence);
  put(r->sentence_id, 0);
  put(r->source_text, 0);
  put(r->target_text, 1);
  return ferror(stdout) ? 1 : 0;
}

static const char header[] =
    "EventID\tDate\tYear\tMonth\tDay\tSourceActorFull\tSourceActorEntity\tSourceActorRole\t"
    "SourceActorAttribute\tTargetActorFull\tTargetActorEntity\tTargetActorRole\t"
    "TargetActorAttribute\tEventCode\tEventRootCode\tQuadClass\tGoldsteinScore\tPlover\t"
    "Mentions\tSources\tStoryID\tSentence\tSentenceID\tSourceText\tTargetText\n";

int cmd_export(int argc, char **argv) {
  dy_query q = {0};
  const char *url = NULL;
  int nohead = 0, rc = DY_EXIT_OK;
  char err[1024];
  const cli_opt own[] = {{"--no-header", &nohead, NULL}};
  int r = cli_query_args("export", usage, argc, argv, 0, own, 1, &q, &url);
  if (r >= 0) return r;
  dy_store *st = dy_store_open_mode(url, DY_STORE_READONLY, err, sizeof err);
  if (!st) {
    dy_diag(DY_ERROR, NULL, 0, "%s", err);
    dy_query_clear(&q);
    return DY_EXIT_INPUT;
  }
  if (!nohead) fputs(header, stdout);
  if (dy_store_query(st, &q, emit, NULL) < 0) {
    dy_diag(DY_ERROR, url, 0, "export failed: %s", dy_store_error(st));
    rc = DY_EXIT_INPUT;
  }
  dy_store_close(&st);
  dy_query_clear(&q);
  if (fflush(stdout) != 0) rc = DY_EXIT_INPUT;
  return rc;
}
