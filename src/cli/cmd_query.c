/* dyad query — filters and counts over an event database. */
#include "cli/cli.h"
#include "core/core.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: dyad query --db URL [FILTERS] [--count-by GROUP [--goldstein]] [--format F]\n"
    "\n"
    "Prints the events of an event database (see 'dyad db --help' for URL),\n"
    "ordered by date, story and sentence, or counts them by GROUP.\n"
    "\n"
    "filters (all given must hold; codes match by PREFIX: --source RUS matches\n"
    "RUS, RUSGOV, RUSMIL..., --code 05 matches 05, 051, 0512):\n"
    "  --from DATE, --to DATE   event date range, inclusive (YYYY-MM-DD)\n"
    "  --source A, --target B   source / target actor code prefix\n"
    "  --actor A                source or target\n"
    "  --dyad A,B               directed: source A and target B\n"
    "  --code C                 event code prefix\n"
    "  --root RR                event root code, exactly (e.g. 05)\n"
    "  --quad N                 quad class 1-4\n"
    "  --limit N                at most N rows\n"
    "grouping:\n"
    "  --count-by G             day, week (key: its Monday), month, root, quad,\n"
    "                           source, target or dyad (SOURCE-TARGET): one row\n"
    "                           per group with count (events) and mentions\n"
    "  --goldstein              also the mean and sum of the Goldstein scores\n"
    "  --no-rollup              count from the events, not the rollup tables\n"
    "                           (slower; the counts are the same)\n"
    "output:\n"
    "  --format table|jsonl|csv default: table on a terminal, jsonl otherwise\n";

enum { FMT_TABLE, FMT_JSONL, FMT_CSV };

typedef struct {
  int fmt, goldstein;
  dy_group group;
  /* table output is collected to size its columns */
  char **cell;
  size_t ncell, cap;
  int ncol;
} out_ctx;

static void json_str(FILE *f, const char *s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c == '\t') fputs("\\t", f);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void csv_str(FILE *f, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static const char *const event_cols[] = {"event_id", "story_id", "sentence", "date", "source",
                                         "target", "code", "root", "quad_class", "goldstein",
                                         "plover", "mentions", "sources", "source_text",
                                         "target_text", "sentence_id", "text"};
#define NEVENT_COLS 17
#define NTABLE_EVENT_COLS 13 /* the table leaves out texts and ids */

/* A row as strings (NULL = null), columns as in headers(). */
static int row_cells(const out_ctx *o, const dy_query_row *r, char num[6][32], const char **c) {
  if (o->group != DY_GROUP_NONE) {
    snprintf(num[0], 32, "%lld", r->count);
    snprintf(num[1], 32, "%lld", r->mentions);
    snprintf(num[2], 32, "%.4g", r->goldstein_mean);
    snprintf(num[3], 32, "%.4g", r->goldstein_sum);
    c[0] = r->key;
    c[1] = num[0];
    c[2] = num[1];
    c[3] = r->has_goldstein ? num[2] : NULL;
    c[4] = r->has_goldstein ? num[3] : NULL;
    return o->goldstein ? 5 : 3;
  }
  snprintf(num[0], 32, "%lld", r->sentence);
  snprintf(num[1], 32, "%d", r->quad);
  snprintf(num[2], 32, "%.4g", r->goldstein_mean);
  snprintf(num[3], 32, "%lld", r->mentions);
  snprintf(num[4], 32, "%lld", r->sources);
  const char *v[NEVENT_COLS] = {r->event_id, r->story, num[0], r->date, r->source, r->target,
                                r->code, r->root, r->quad ? num[1] : NULL,
                                r->has_goldstein ? num[2] : NULL, r->plover, num[3], num[4],
                                r->source_text, r->target_text, r->sentence_id, r->text};
  memcpy(c, v, sizeof v);
  return NEVENT_COLS;
}

static int headers(const out_ctx *o, const char **h) {
  if (o->group != DY_GROUP_NONE) {
    const char *v[5] = {dy_group_name(o->group), "count", "mentions", "goldstein_mean", "goldstein_sum"};
    memcpy(h, v, sizeof v);
    return o->goldstein ? 5 : 3;
  }
  memcpy(h, event_cols, sizeof event_cols);
  return NEVENT_COLS;
}

/* Numeric columns go out as JSON numbers. */
static int is_number_col(const out_ctx *o, int col) {
  if (o->group != DY_GROUP_NONE) return col >= 1 || o->group == DY_GROUP_QUAD;
  return col == 2 || col == 8 || col == 9 || col == 11 || col == 12;
}

static void add_cell(out_ctx *o, const char *s) {
  if (o->ncell == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 256;
    o->cell = dy_xrealloc(o->cell, o->cap * sizeof *o->cell);
  }
  o->cell[o->ncell++] = dy_xstrdup(s ? s : "");
}

static int emit(const dy_query_row *r, void *ctx) {
  out_ctx *o = ctx;
  char num[6][32];
  const char *c[NEVENT_COLS], *h[NEVENT_COLS];
  int n = row_cells(o, r, num, c);
  headers(o, h);
  if (o->fmt == FMT_TABLE) {
    for (int i = 0; i < o->ncol; i++) add_cell(o, c[i]);
  } else if (o->fmt == FMT_CSV) {
    for (int i = 0; i < n; i++) {
      if (i) putchar(',');
      csv_str(stdout, c[i]);
    }
    putchar('\n');
  } else {
    putchar('{');
    for (int i = 0; i < n; i++) {
      if (i) putchar(',');
      json_str(stdout, h[i]);
      putchar(':');
      if (c[i] && is_number_col(o, i)) fputs(c[i], stdout);
      else json_str(stdout, c[i]);
    }
    fputs("}\n", stdout);
  }
  return ferror(stdout) ? 1 : 0;
}

static void print_table(out_ctx *o) {
  const char *h[NEVENT_COLS];
  headers(o, h);
  size_t w[NEVENT_COLS] = {0};
  for (int i = 0; i < o->ncol; i++) w[i] = strlen(h[i]);
  for (size_t k = 0; k < o->ncell; k++) {
    size_t l = strlen(o->cell[k]);
    if (l > w[k % o->ncol]) w[k % o->ncol] = l;
  }
  /* the last column is not padded: no trailing blanks */
  for (int i = 0; i < o->ncol; i++)
    printf("%s%-*s", i ? "  " : "", i == o->ncol - 1 ? 0 : (int)w[i], h[i]);
  putchar('\n');
  for (size_t k = 0; k < o->ncell; k++) {
    int col = (int)(k % o->ncol);
    printf("%s%-*s", col ? "  " : "", col == o->ncol - 1 ? 0 : (int)w[col], o->cell[k]);
    if (col == o->ncol - 1) putchar('\n');
    free(o->cell[k]);
  }
  free(o->cell);
}

int cmd_query(int argc, char **argv) {
  dy_query q = {0};
  out_ctx o = {0};
  const char *url = NULL, *fmt = NULL;
  int rc = DY_EXIT_OK;
  const cli_opt own[] = {{"--goldstein", &o.goldstein, NULL},
                         {"--no-rollup", &q.raw, NULL},
                         {"--format", NULL, &fmt}};
  int r = cli_query_args("query", usage, argc, argv, 1, own, sizeof own / sizeof own[0], &q, &url);
  if (r >= 0) return r;
  o.fmt = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_JSONL;
  if (fmt) {
    if (!strcmp(fmt, "table")) o.fmt = FMT_TABLE;
    else if (!strcmp(fmt, "jsonl")) o.fmt = FMT_JSONL;
    else if (!strcmp(fmt, "csv")) o.fmt = FMT_CSV;
    else {
      dy_query_clear(&q);
      return cli_usage_error("query", "--format: want table, jsonl or csv, got '%s'", fmt);
    }
  }
  if (o.goldstein && q.group == DY_GROUP_NONE) {
    dy_query_clear(&q);
    return cli_usage_error("query", "--goldstein needs --count-by");
  }
  o.group = q.group;
  const char *h[NEVENT_COLS];
  o.ncol = headers(&o, h);
  if (o.fmt == FMT_TABLE && o.group == DY_GROUP_NONE) o.ncol = NTABLE_EVENT_COLS;
  if (o.fmt == FMT_CSV) {
    for (int i = 0; i < o.ncol; i++) printf("%s%s", i ? "," : "", h[i]);
    putchar('\n');
  }
  char oerr[1024];
  dy_store *st = dy_store_open_mode(url, DY_STORE_READONLY, oerr, sizeof oerr);
  if (!st) {
    dy_diag(DY_ERROR, NULL, 0, "%s", oerr);
    dy_query_clear(&q);
    return DY_EXIT_INPUT;
  }
  if (dy_store_query(st, &q, emit, &o) < 0) {
    dy_diag(DY_ERROR, url, 0, "query failed: %s", dy_store_error(st));
    rc = DY_EXIT_INPUT;
  }
  if (o.fmt == FMT_TABLE) print_table(&o);
  dy_store_close(&st);
  dy_query_clear(&q);
  if (fflush(stdout) != 0) rc = DY_EXIT_INPUT;
  return rc;
}
