/* dyad dict — check, compile and look up dictionaries (a thin layer over
 * src/dict/dict.h). */
#include "cli/cli.h"
#include "core/core.h"
#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_main[] =
    "usage: dyad dict COMMAND [OPTIONS] ...\n"
    "\n"
    "commands:\n"
    "  check [-q] PATH...          read dictionaries, report every problem as FILE:LINE\n"
    "  compile PATH... -o FILE     write one compiled image (fast start-up, mmap'ed)\n"
    "  lookup [--dict PATH] [--date YYYY-MM-DD] [--all] WORDS...\n"
    "                              show what a phrase resolves to\n"
    "\n"
    "PATH is a dictionary file, a directory of them (kinds by file name: *verbs*\n"
    "or CAMEO* verbs, *actors*, *agents*, *discards*, *Issue*), or a compiled\n"
    "image. Exit status: 0 ok, 1 errors found or bad input, 2 wrong usage.\n";

static const char usage_check[] =
    "usage: dyad dict check [-q] PATH...\n"
    "\n"
    "Reads every dictionary in PATH (files or directories) and reports each\n"
    "malformed line as 'FILE:LINE: error: ...'; lines PETRARCH would skip or\n"
    "half-read, duplicates, date conflicts and non-UTF-8 files as warnings;\n"
    "then prints counts per kind and the numbers of errors and warnings.\n"
    "  -q, --quiet   print errors only (warnings are still counted)\n"
    "Exit status: 0 no errors, 1 errors found, 2 wrong usage.\n";

static const char usage_compile[] =
    "usage: dyad dict compile PATH... -o FILE\n"
    "\n"
    "Reads the dictionaries in PATH and writes one compiled image to FILE\n"
    "(versioned, checksummed; use it with --dict FILE). Errors in the text are\n"
    "reported; the image is written only when there are none.\n"
    "Exit status: 0 written, 1 errors, 2 wrong usage.\n";

static const char usage_lookup[] =
    "usage: dyad dict lookup [--dict PATH] [--date YYYY-MM-DD] [--all] WORDS...\n"
    "\n"
    "Shows what the phrase WORDS resolves to: the actor (code valid at --date,\n"
    "with its date range; --all lists every code of the entry), the agent, the\n"
    "verb (block, code and patterns), discard and issue entries. Without --dict the\n"
    "dictionaries built into dyad are used; without --date the default code.\n"
    "Exit status: 0 something matched, 1 nothing matched or bad input, 2 usage.\n";

static int is_help(const char *a) { return !strcmp(a, "--help") || !strcmp(a, "-h"); }

static void print_counts(const dy_dict *d) {
  dy_dict_counts c;
  dy_dict_counts_get(d, &c);
  printf("files: %u\n", c.files);
  printf("actors: %u entries, %u phrases, %u codes\n", c.actors, c.actor_phrases, c.actor_codes);
  printf("agents: %u phrases\n", c.agents);
  printf("verbs: %u blocks, %u forms, %u patterns, %u synsets, %u transformations\n", c.verb_blocks,
         c.verb_forms, c.patterns, c.synsets, c.transforms);
  printf("discards: %u phrases\n", c.discards);
  printf("issues: %u phrases\n", c.issues);
}

static void print_summary(void) {
  long e = dy_diag_count(DY_ERROR), w = dy_diag_count(DY_WARNING);
  printf("%ld error%s, %ld warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

static int cmd_check(int argc, char **argv) {
  if (argc < 2) return cli_usage_error("dict check", "no PATH given");
  for (int i = 1; i < argc; i++) {
    if (is_help(argv[i])) { fputs(usage_check, stdout); return DY_EXIT_OK; }
  }
  const char **paths = calloc((size_t)argc, sizeof *paths);
  size_t np = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) dy_diag_set_quiet(1);
    else if (argv[i][0] == '-' && argv[i][1]) {
      free(paths);
      return cli_usage_error("dict check", "unknown option '%s'", argv[i]);
    } else paths[np++] = argv[i];
  }
  if (!np) { free(paths); return cli_usage_error("dict check", "no PATH given"); }
  dy_dict *d = dy_dict_load(paths, np);
  free(paths);
  if (d) print_counts(d);
  print_summary();
  int rc = dy_diag_count(DY_ERROR) || !d ? DY_EXIT_INPUT : DY_EXIT_OK;
  dy_dict_free(&d);
  return rc;
}

static int cmd_compile(int argc, char **argv) {
  const char *out = NULL;
  const char **paths = calloc((size_t)argc, sizeof *paths);
  size_t np = 0;
  for (int i = 1; i < argc; i++) {
    if (is_help(argv[i])) { free(paths); fputs(usage_compile, stdout); return DY_EXIT_OK; }
    if (!strcmp(argv[i], "-o")) {
      if (i + 1 >= argc) { free(paths); return cli_usage_error("dict compile", "-o needs a FILE"); }
      out = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(paths);
      return cli_usage_error("dict compile", "unknown option '%s'", argv[i]);
    } else {
      paths[np++] = argv[i];
    }
  }
  if (!out || !np) {
    free(paths);
    return cli_usage_error("dict compile", !out ? "no output file (-o FILE)" : "no PATH given");
  }
  dy_dict *d = dy_dict_load(paths, np);
  free(paths);
  int rc = DY_EXIT_OK;
  if (!d || dy_diag_count(DY_ERROR)) {
    fprintf(stderr, "dyad: %ld error%s: %s not written\n", dy_diag_count(DY_ERROR),
            dy_diag_count(DY_ERROR) == 1 ? "" : "s", out);
    rc = DY_EXIT_INPUT;
  } else if (dy_dict_write_image(d, out) != 0) {
    rc = DY_EXIT_INPUT;
  } else {
    size_t n;
    dy_dict_image_bytes(d, &n);
    fprintf(stderr, "dyad: wrote %s (%zu bytes)\n", out, n);
  }
  dy_dict_free(&d);
  return rc;
}

static void fmt_range(dy_date from, dy_date to, char *buf, size_t n) {
  char a[11] = "", c[11] = "";
  if (from) dy_date_format(from, a);
  if (to) dy_date_format(to, c);
  if (!from && !to) snprintf(buf, n, "default");
  else snprintf(buf, n, "%s..%s", from ? a : "", to ? c : "");
}

static int show_all; /* --all: every code of the actor entry */

static int show_actor(const dy_dict *d, const dy_token *t, uint32_t n, dy_date date) {
  dy_actor_match m;
  if (!dy_dict_match_actor(d, t, n, 0, date, &m)) return 0;
  dy_actor_info info;
  dy_dict_actor_info(d, m.entry, &info);
  char r[32];
  fmt_range(m.from, m.to, r, sizeof r);
  printf("actor: %s (%u word%s) -> %s [%s]  %s:%u\n", info.phrase, m.len, m.len == 1 ? "" : "s",
         m.code ? m.code : "(no code at this date)", m.code ? r : "-", info.file, info.line);
  for (uint32_t i = 0; show_all && i < info.ncodes; i++) {
    dy_actor_code c;
    dy_dict_actor_code(d, m.entry, i, &c);
    fmt_range(c.from, c.to, r, sizeof r);
    printf("  code %s %s\n", c.code, r);
  }
  return 1;
}

static int show_agent(const dy_dict *d, const dy_token *t, uint32_t n) {
  dy_agent_match m;
  if (!dy_dict_match_agent(d, t, n, 0, &m)) return 0;
  printf("agent: %s (%u word%s) -> %s%s%s (%s)  %s:%u\n", m.phrase, m.len, m.len == 1 ? "" : "s",
         m.prefix ? m.code : "~", m.prefix ? "~" : m.code, "",
         m.prefix ? "goes before the actor code" : "goes after the actor code", m.file, m.line);
  return 1;
}

static void show_pattern(const dy_dict *d, uint32_t p) {
  dy_verb_pattern pt;
  dy_dict_verb_pattern(d, p, &pt);
  printf("  pattern %s  [line %u]\n", pt.raw, pt.line);
}

static int show_verb(const dy_dict *d, const dy_token *t, uint32_t n) {
  dy_verb_match m;
  if (!dy_dict_match_verb(d, t, n, 0, &m)) return 0;
  dy_verb_form f;
  dy_verb_block b;
  dy_dict_verb_form(d, m.form, &f);
  dy_dict_verb_block(d, m.block, &b);
  printf("verb: %s (lemma %s%s%s%s%s) -> %s  block %s [%s]  %s:%u\n", f.form, f.lemma, f.npre ? ", before: " : "",
         f.pre, f.npost ? ", after: " : "", f.post, f.code, b.name, b.code, b.file, f.line);
  printf("  %u pattern%s (%s syntax)\n", b.npatterns, b.npatterns == 1 ? "" : "s",
         b.p2 ? "PETRARCH2" : "PETRARCH1");
  for (uint32_t i = 0; i < b.npatterns; i++) show_pattern(d, b.first_pattern + i);
  return 1;
}

static int show_other(const dy_dict *d, const dy_token *t, uint32_t n) {
  int any = 0;
  dy_discard_match dm;
  if (dy_dict_match_discard(d, t, n, 0, &dm)) {
    printf("discard: %s (%s level)  line %u\n", dm.phrase, dm.story ? "story" : "sentence", dm.line);
    any = 1;
  }
  dy_issue_match im;
  if (dy_dict_match_issue(d, t, n, 0, &im)) {
    if (im.ignore) printf("issue: ignore phrase (%s level)  line %u\n", im.ignore == 2 ? "story" : "sentence", im.line);
    else printf("issue: %s (category %s)  line %u\n", im.code, *im.category ? im.category : "-", im.line);
    any = 1;
  }
  return any;
}

static int cmd_lookup(int argc, char **argv) {
  const char *dict = NULL, *datestr = NULL;
  size_t cap = 256, len = 0;
  char *words = calloc(1, cap);
  for (int i = 1; i < argc; i++) {
    if (is_help(argv[i])) { free(words); fputs(usage_lookup, stdout); return DY_EXIT_OK; }
    if (!strcmp(argv[i], "--all")) { show_all = 1; continue; }
    if (!strcmp(argv[i], "--dict") || !strcmp(argv[i], "--date")) {
      if (i + 1 >= argc) { free(words); return cli_usage_error("dict lookup", "%s needs a value", argv[i]); }
      if (argv[i][3] == 'i') dict = argv[++i];
      else datestr = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(words);
      return cli_usage_error("dict lookup", "unknown option '%s'", argv[i]);
    } else {
      size_t l = strlen(argv[i]);
      while (len + l + 2 > cap) words = realloc(words, cap *= 2);
      if (len) words[len++] = ' ';
      memcpy(words + len, argv[i], l + 1);
      len += l;
    }
  }
  if (!len) { free(words); return cli_usage_error("dict lookup", "no WORDS given"); }
  dy_date date = 0;
  if (datestr && dy_date_parse(datestr, strlen(datestr), &date) != 0) {
    free(words);
    return cli_usage_error("dict lookup", "bad --date '%s' (want YYYY-MM-DD)", datestr);
  }
  dy_dict *own = NULL;
  const dy_dict *d;
  if (dict) d = own = dy_dict_load(&dict, 1);
  else {
    d = dy_dict_default();
    if (!d) dy_diag(DY_ERROR, "dict lookup", 0, "this dyad has no built-in dictionaries; use --dict PATH");
  }
  if (!d) { free(words); return DY_EXIT_INPUT; }
  dy_arena *a = dy_arena_new();
  dy_token *t;
  uint32_t n = dy_dict_tokenize(a, words, &t);
  int any = show_actor(d, t, n, date);
  any |= show_agent(d, t, n);
  any |= show_verb(d, t, n);
  any |= show_other(d, t, n);
  if (!any) printf("no match for '%s'\n", words);
  dy_arena_free(&a);
  dy_dict_free(&own);
  free(words);
  return any ? DY_EXIT_OK : DY_EXIT_INPUT;
}

int cmd_dict(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_main, stderr);
    return DY_EXIT_USAGE;
  }
  const char *sub = argv[1];
  if (is_help(sub) || !strcmp(sub, "help")) {
    fputs(usage_main, stdout);
    return DY_EXIT_OK;
  }
  if (!strcmp(sub, "check")) return cmd_check(argc - 1, argv + 1);
  if (!strcmp(sub, "compile")) return cmd_compile(argc - 1, argv + 1);
  if (!strcmp(sub, "lookup")) return cmd_lookup(argc - 1, argv + 1);
  return cli_usage_error("dict", "unknown dict command '%s'", sub);
}
