/* dyad db — create, migrate and inspect an event database, and import
 * events given as JSONL (the `dyad code` output shape). */
#include "cli/cli.h"
#include "core/core.h"
#include "store/store.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: dyad db init URL\n"
    "       dyad db migrate [--to N] URL\n"
    "       dyad db info URL\n"
    "       dyad db import [--dedup none|story|day] [--batch N] URL [FILE.jsonl|-]...\n"
    "\n"
    "URL is sqlite:PATH or a bare PATH (an SQLite file; sqlite:PATH?busy_timeout=MS\n"
    "sets how long to wait for a lock), or postgresql://... (a libpq URI, e.g.\n"
    "postgresql://user@host/db or postgresql:///db?host=/run/postgresql).\n"
    "\n"
    "  init      create the schema (an empty database also gets it on first write)\n"
    "  migrate   bring the schema up to this dyad's version (or to --to N)\n"
    "  info      schema version, deduplication mode and row counts\n"
    "            (with --dedup none the mentions table stays empty: each event\n"
    "            is its own single mention)\n"
    "  import    store events given as JSONL, one event per line, in the shape\n"
    "            `dyad code` writes: story_id, sentence, source, target, code\n"
    "            (required), date, story_date, source_text, target_text, text,\n"
    "            sentence_id; \"story_source\" names the story's news source;\n"
    "            other fields pass through to the story. Consecutive lines with\n"
    "            the same story_id form one story; storing a story replaces what\n"
    "            the database held for it, so importing twice adds nothing.\n"
    "\n"
    "  --dedup MODE  none (every event), story (one (source, target, code) per\n"
    "                story) or day (one per day across stories; Phoenix rule).\n"
    "                Fixed per database by its first write; default: the\n"
    "                database's mode (none for a new database).\n"
    "  --batch N     stories per transaction (default 10000)\n";

static dy_store *open_or_fail(const char *url, int mode) {
  char err[1024];
  dy_store *st = dy_store_open_mode(url, mode, err, sizeof err);
  if (!st) dy_diag(DY_ERROR, NULL, 0, "%s", err);
  return st;
}

static int db_init(const char *url) {
  dy_store *st = open_or_fail(url, DY_STORE_RAW);
  if (!st) return DY_EXIT_INPUT;
  int v = 0, rc = DY_EXIT_OK;
  if (dy_store_schema_version(st, &v) != 0) {
    dy_diag(DY_ERROR, url, 0, "%s", dy_store_error(st));
    rc = DY_EXIT_INPUT;
  } else if (v > 0) {
    printf("%s: already initialised (schema version %d%s)\n", url, v,
           v < dy_store_schema_latest() ? "; run 'dyad db migrate'" : "");
  } else if (dy_store_migrate(st, 0) != 0) {
    dy_diag(DY_ERROR, url, 0, "%s", dy_store_error(st));
    rc = DY_EXIT_INPUT;
  } else {
    printf("%s: created schema version %d\n", url, dy_store_schema_latest());
  }
  dy_store_close(&st);
  return rc;
}

static int db_migrate(const char *url, int to) {
  dy_store *st = open_or_fail(url, DY_STORE_RAW);
  if (!st) return DY_EXIT_INPUT;
  int before = 0, after = 0, rc = DY_EXIT_OK;
  if (dy_store_schema_version(st, &before) != 0 || dy_store_migrate(st, to) != 0 ||
      dy_store_schema_version(st, &after) != 0) {
    dy_diag(DY_ERROR, url, 0, "%s", dy_store_error(st));
    rc = DY_EXIT_INPUT;
  } else if (before == after) {
    printf("%s: schema version %d, nothing to do\n", url, after);
  } else {
    printf("%s: migrated schema version %d -> %d\n", url, before, after);
  }
  dy_store_close(&st);
  return rc;
}

static int db_info(const char *url) {
  dy_store *st = open_or_fail(url, DY_STORE_READONLY);
  if (!st) return DY_EXIT_INPUT;
  int v = 0;
  dy_store_schema_version(st, &v);
  dy_dedup d = dy_store_dedup_mode(st);
  printf("backend\t%s\nschema_version\t%d\ndedup\t%s\n", dy_store_backend(st), v,
         d == DY_DEDUP_DEFAULT ? "unset" : dy_dedup_name(d));
  static const char *const tables[] = {"stories", "sentences", "events", "mentions"};
  int rc = DY_EXIT_OK;
  for (int i = 0; i < 4; i++) {
    long long n = dy_store_count(st, tables[i]);
    if (n < 0) {
      dy_diag(DY_ERROR, url, 0, "%s", dy_store_error(st));
      rc = DY_EXIT_INPUT;
      break;
    }
    printf("%s\t%lld\n", tables[i], n);
  }
  dy_store_close(&st);
  return rc;
}

/* ------------------------------------------------------------- import */

typedef struct {
  uint32_t idx;
  dy_str text, id;
} sent_rec;

typedef struct {
  dy_store *st;
  dy_store_opts opts;
  dy_story *story;   /* being assembled, NULL between stories */
  sent_rec *sent;    /* sentence texts seen for it */
  uint32_t nsent, capsent;
  long stored, failed, events;
  const char *file;
  long first_line;
} importer;

static const char *const known_keys[] = {
    "story_id", "sentence", "source", "target", "code", "date", "story_date", "source_text",
    "target_text", "text", "sentence_id", "story_source", "event_id", "root", "quad_class",
    "goldstein", "plover", NULL};

static int is_known(const char *k) {
  for (int i = 0; known_keys[i]; i++)
    if (!strcmp(k, known_keys[i])) return 1;
  return 0;
}

/* Stores the story being assembled, with its sentences in index order. */
static void flush_story(importer *im) {
  dy_story *s = im->story;
  if (!s) return;
  uint32_t n = 0;
  for (uint32_t i = 0; i < im->nsent; i++)
    if (im->sent[i].idx + 1 > n) n = im->sent[i].idx + 1;
  for (uint32_t i = 0; i < s->nev; i++)
    if (s->ev[i].sentence + 1 > n) n = s->ev[i].sentence + 1;
  s->sent = dy_arena_alloc(s->arena, (size_t)n * sizeof *s->sent + 1);
  s->nsent = n;
  for (uint32_t i = 0; i < im->nsent; i++) {
    s->sent[im->sent[i].idx].text = im->sent[i].text;
    s->sent[im->sent[i].idx].id = im->sent[i].id;
  }
  if (dy_store_put_story(im->st, s, &im->opts) != 0) {
    dy_diag(DY_ERROR, im->file, im->first_line, "%s", dy_store_error(im->st));
    im->failed++;
  } else {
    im->stored++;
    im->events += s->nev;
  }
  dy_story_free(&im->story);
  im->nsent = 0;
}

static const char *jstr(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static dy_str arena_span(dy_arena *a, json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  if (!json_is_string(v)) return (dy_str){NULL, 0};
  return dy_arena_str(a, json_string_value(v), json_string_length(v));
}

static int copy_code(char *dst, size_t cap, const char *v, const char *what, const char *file, long line) {
  size_t n = strlen(v);
  if (n == 0 || n >= cap) {
    dy_diag(DY_ERROR, file, line, "%s '%.40s' is empty or longer than %zu bytes", what, v, cap - 1);
    return -1;
  }
  memcpy(dst, v, n + 1);
  return 0;
}

static int get_date(json_t *o, const char *k, dy_date *d, const char *file, long line) {
  *d = 0;
  const char *v = jstr(o, k);
  if (!v) return 0;
  if (dy_date_parse(v, strlen(v), d) != 0) {
    dy_diag(DY_ERROR, file, line, "%s '%.40s' is not a date (YYYY-MM-DD)", k, v);
    return -1;
  }
  return 0;
}

static void start_story(importer *im, json_t *o, const char *id, long line) {
  dy_story *s = im->story = dy_story_new();
  s->id = dy_arena_strndup(s->arena, id, strlen(id));
  s->origin = im->file;
  s->line = line;
  im->first_line = line;
  get_date(o, "story_date", &s->date, NULL, 0);
  /* pass-through fields; "story_source" becomes the story's "source" */
  size_t n = json_object_size(o), k = 0;
  s->fields = dy_arena_alloc(s->arena, (n + 1) * sizeof *s->fields);
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    int src = !strcmp(key, "story_source");
    if (is_known(key) && !src) continue;
    char *js = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!js) continue;
    s->fields[k].name = dy_arena_str(s->arena, src ? "source" : key, strlen(src ? "source" : key));
    s->fields[k].value_json = dy_arena_str(s->arena, js, strlen(js));
    free(js);
    k++;
  }
  s->nfields = (uint32_t)k;
}

static void add_sentence(importer *im, json_t *o, uint32_t idx) {
  for (uint32_t i = 0; i < im->nsent; i++)
    if (im->sent[i].idx == idx) return;
  dy_str text = arena_span(im->story->arena, o, "text");
  dy_str id = arena_span(im->story->arena, o, "sentence_id");
  if (!text.n && !id.n) return;
  if (im->nsent == im->capsent) {
    im->capsent = im->capsent ? im->capsent * 2 : 16;
    im->sent = dy_xrealloc(im->sent, im->capsent * sizeof *im->sent);
  }
  im->sent[im->nsent++] = (sent_rec){idx, text, id};
}

#define MAX_SENTENCE 100000 /* a larger index is a broken record, not a story */

static void import_line(importer *im, const char *buf, size_t len, long line) {
  json_error_t je;
  json_t *o = json_loadb(buf, len, 0, &je);
  const char *file = im->file;
  if (!o || !json_is_object(o)) {
    dy_diag(DY_ERROR, file, line, "not a JSON object: %s", o ? "other JSON value" : je.text);
    json_decref(o);
    return;
  }
  const char *id = jstr(o, "story_id"), *source = jstr(o, "source"), *code = jstr(o, "code");
  json_t *jsent = json_object_get(o, "sentence"), *jtarget = json_object_get(o, "target");
  if (!id || !*id || !source || !code || !json_is_integer(jsent)) {
    dy_diag(DY_ERROR, file, line, "an event needs story_id, sentence (a number), source and code");
    goto done;
  }
  json_int_t si = json_integer_value(jsent);
  if (si < 0 || si > MAX_SENTENCE) {
    dy_diag(DY_ERROR, file, line, "sentence %lld out of range 0..%d", (long long)si, MAX_SENTENCE);
    goto done;
  }
  if (jtarget && !json_is_null(jtarget) && !json_is_string(jtarget)) {
    dy_diag(DY_ERROR, file, line, "target must be a string or null");
    goto done;
  }
  dy_event ev;
  memset(&ev, 0, sizeof ev);
  const char *target = json_is_string(jtarget) ? json_string_value(jtarget) : "";
  if (copy_code(ev.source, sizeof ev.source, source, "source", file, line) ||
      (*target && copy_code(ev.target, sizeof ev.target, target, "target", file, line)) ||
      copy_code(ev.code, sizeof ev.code, code, "code", file, line) ||
      get_date(o, "date", &ev.date, file, line))
    goto done;
  if (im->story && strcmp(im->story->id, id)) flush_story(im);
  if (!im->story) start_story(im, o, id, line);
  dy_story *s = im->story;
  ev.sentence = (uint32_t)si;
  ev.source_text = arena_span(s->arena, o, "source_text");
  ev.target_text = arena_span(s->arena, o, "target_text");
  *dy_story_add_event(s) = ev;
  add_sentence(im, o, (uint32_t)si);
done:
  json_decref(o);
}

static int import_file(importer *im, const char *path) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    dy_diag(DY_ERROR, path, 0, "cannot open: %m");
    return -1;
  }
  im->file = strcmp(path, "-") ? path : "-";
  char *buf = NULL;
  size_t cap = 0;
  ssize_t n;
  long line = 0;
  while ((n = getline(&buf, &cap, f)) >= 0) {
    line++;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
    if (n == 0) continue;
    import_line(im, buf, (size_t)n, line);
  }
  flush_story(im); /* a story does not continue into the next file */
  free(buf);
  if (f != stdin) fclose(f);
  return 0;
}

static int db_import(int argc, char **argv, int i) {
  importer im = {0};
  while (i < argc && argv[i][0] == '-' && argv[i][1] == '-') {
    if (!strcmp(argv[i], "--dedup") && i + 1 < argc) {
      if (dy_dedup_parse(argv[i + 1], &im.opts.dedup) != 0)
        return cli_usage_error("db", "--dedup: want none, story or day, got '%s'", argv[i + 1]);
    } else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
      long b;
      if (cli_parse_whole(argv[i + 1], 1, 10000000, &b) != 0)
        return cli_usage_error("db", "--batch: want a whole number in 1..10000000, got '%s'", argv[i + 1]);
      im.opts.batch = (uint32_t)b;
    } else {
      return cli_usage_error("db", "unknown or incomplete option '%s'", argv[i]);
    }
    i += 2;
  }
  if (i >= argc) return cli_usage_error("db", "import: missing URL");
  const char *url = argv[i++];
  if (!(im.st = open_or_fail(url, DY_STORE_WRITE))) return DY_EXIT_INPUT;
  if (i == argc) import_file(&im, "-");
  for (; i < argc; i++) import_file(&im, argv[i]);
  /* PostgreSQL checks some stories only when their chunk is sent: those
   * it refused were accepted here and are counted now (see store.h). */
  if (dy_store_flush(im.st) != 0) {
    dy_diag(DY_ERROR, url, 0, "%s", dy_store_error(im.st));
    im.failed++;
  }
  long long refused_events = 0, refused = dy_store_refused(im.st, &refused_events);
  im.stored -= refused;
  im.failed += refused;
  im.events -= refused_events;
  if (dy_store_close(&im.st) != 0) im.failed++;
  free(im.sent);
  fprintf(stderr, "dyad: stored %ld stories (%ld events), %ld failed, %ld errors\n", im.stored,
          im.events, im.failed, dy_diag_count(DY_ERROR));
  return dy_diag_count(DY_ERROR) ? DY_EXIT_INPUT : DY_EXIT_OK;
}

int cmd_db(int argc, char **argv) {
  if (argc < 2) return cli_usage_error("db", "missing subcommand (init, migrate, info, import)");
  const char *sub = argv[1];
  if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
    fputs(usage, stdout);
    return DY_EXIT_OK;
  }
  if (!strcmp(sub, "import")) return db_import(argc, argv, 2);
  int i = 2, to = 0;
  if (!strcmp(sub, "migrate") && i + 1 < argc && !strcmp(argv[i], "--to")) {
    long v;
    if (cli_parse_whole(argv[i + 1], 1, 1000000, &v) != 0)
      return cli_usage_error("db", "--to: want a schema version >= 1, got '%s'", argv[i + 1]);
    to = (int)v;
    i += 2;
  }
  if (argc != i + 1) return cli_usage_error("db", "%s: want exactly one URL", sub);
  const char *url = argv[i];
  if (!strcmp(sub, "init")) return db_init(url);
  if (!strcmp(sub, "migrate")) return db_migrate(url, to);
  if (!strcmp(sub, "info")) return db_info(url);
  return cli_usage_error("db", "unknown subcommand '%s'", sub);
}
