/* Output writers. The golden files in tests/golden/output/ were written by
 * hand (event ids computed with an independent FNV-1a in shell). */
#include "../../src/output/output.h"
#include "../test.h"

static const char S0[] =
    "Lavrov praised \"Kerry, the envoy\"\tin Sochi\nyesterday \\ caf\xC3\xA9 "
    "\xE6\x9D\xB1\xE4\xBA\xAC \x01\x7f end\xFF.";
static const char S1[] = "Rebels, it said, attacked Homs; \"it's over\".";

static dy_event *add(dy_story *s, uint32_t sent, dy_date d, const char *src,
                     const char *tgt, const char *code, const char *stext,
                     const char *ttext, const char *verb) {
  dy_event *e = dy_story_add_event(s);
  e->sentence = sent;
  e->date = d;
  snprintf(e->source, sizeof e->source, "%s", src);
  snprintf(e->target, sizeof e->target, "%s", tgt);
  snprintf(e->code, sizeof e->code, "%s", code);
  e->source_text = dy_str_c(stext);
  e->target_text = dy_str_c(ttext);
  e->verb_text = dy_str_c(verb);
  return e;
}

static void set_fields(dy_story *s, const char *const *kv, uint32_t n) {
  s->fields = dy_arena_alloc(s->arena, n * sizeof *s->fields);
  s->nfields = n;
  for (uint32_t i = 0; i < n; i++) {
    s->fields[i].name = dy_str_c(kv[2 * i]);
    s->fields[i].value_json = dy_str_c(kv[2 * i + 1]);
  }
}

static dy_story *story1(void) {
  dy_story *s = dy_story_new();
  s->id = "afp-2018-01-31-0042";
  s->date = 20180131;
  s->sent = dy_arena_alloc(s->arena, 2 * sizeof *s->sent);
  s->nsent = 2;
  s->sent[0].text = (dy_str){S0, sizeof S0 - 1};
  s->sent[1].text = dy_str_c(S1);
  s->sent[1].id = dy_str_c("AFP0808020625_4");
  add(s, 0, 20180130, "RUS", "USA", "051", "Lavrov", "\"Kerry, the envoy\"", "praised");
  add(s, 1, 0, "SYRREB", "", "190", "Rebels", "", "attacked")->issues = "NEG;QUOTE";
  add(s, 1, 20180131, "SYR", "IGOUNO", "0233", "it", "Homs", "said");
  add(s, 1, 20180129, "SYR", "SYR", "010", "it", "Homs", "said");
  static const char *const kv[] = {
    "source", "\"AP\"",
    "url", "\"https://example.org/a?b=1,2\"",
    "title", "\"Say \\\"hi\\\",\\tnow \\u00e9\\ud83d\\ude00\\n\"",
    "words", "42",
    "date", "\"2018-01-31\"",       /* story_date is taken: dropped */
    "tags", " [\"a\", \"b\"] ",
    "extra", "null",
    "text", "\"full story\""};
  set_fields(s, kv, 8);
  return s;
}

static dy_story *story2(void) {
  dy_story *s = dy_story_new();
  s->id = "s2";
  s->sent = dy_arena_alloc(s->arena, sizeof *s->sent);
  s->nsent = 1;
  s->sent[0].text = dy_str_c("Plain text.");
  add(s, 0, 0, "USA", "", "0874", "Washington", "", "retreated");
  static const char *const kv[] = {"url", "\"u2\"", "lang", "\"en\""};
  set_fields(s, kv, 2);
  return s;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) test_fail(__FILE__, __LINE__, "cannot open %s", path);
  char *buf = malloc(1 << 16);
  *n = fread(buf, 1, 1 << 16, f);
  fclose(f);
  return buf;
}

static char *render(dy_format fmt, size_t *n) {
  char *out = NULL;
  FILE *f = open_memstream(&out, n);
  dy_writer *w = dy_writer_new(f, fmt);
  dy_story *a = story1(), *b = story2();
  ASSERT_EQ_INT(0, dy_writer_story(w, a));
  ASSERT_EQ_INT(0, dy_writer_story(w, b));
  ASSERT_EQ_INT(5, dy_writer_count(w));
  ASSERT_EQ_INT(0, dy_writer_free(&w));
  ASSERT(w == NULL);
  fclose(f);
  dy_story_free(&a);
  dy_story_free(&b);
  return out;
}

static void golden(dy_format fmt, const char *path) {
  size_t n, m;
  FILE *diag = tmpfile();
  dy_diag_set_stream(diag);
  char *got = render(fmt, &n);
  char *want = slurp(path, &m);
  size_t i = 0;
  while (i < n && i < m && got[i] == want[i]) i++;
  if (i != n || i != m) {
    size_t line = 1;
    for (size_t k = 0; k < i; k++) line += want[k] == '\n';
    test_fail(__FILE__, __LINE__, "%s differs at byte %zu (line %zu): got \"%.40s\" want \"%.40s\"",
              path, i, line, got + i, want + i);
  }
  /* tsv/csv drop s2's "lang" (not in the header) with a warning */
  char msg[512] = "";
  rewind(diag);
  size_t k = fread(msg, 1, sizeof msg - 1, diag);
  msg[k] = 0;
  if (fmt == DY_FORMAT_JSONL) ASSERT_STR_EQ("", msg);
  else ASSERT_CONTAINS(msg, "field \"lang\" is not a column");
  free(got);
  free(want);
}

TEST(golden_jsonl) { golden(DY_FORMAT_JSONL, "tests/golden/output/events.jsonl"); }
TEST(golden_tsv) { golden(DY_FORMAT_TSV, "tests/golden/output/events.tsv"); }
TEST(golden_csv) { golden(DY_FORMAT_CSV, "tests/golden/output/events.csv"); }

TEST(format_names) {
  dy_format f;
  ASSERT_EQ_INT(0, dy_format_parse("jsonl", &f)); ASSERT_EQ_INT(DY_FORMAT_JSONL, f);
  ASSERT_EQ_INT(0, dy_format_parse("json", &f)); ASSERT_EQ_INT(DY_FORMAT_JSONL, f);
  ASSERT_EQ_INT(0, dy_format_parse("tsv", &f)); ASSERT_EQ_INT(DY_FORMAT_TSV, f);
  ASSERT_EQ_INT(0, dy_format_parse("csv", &f)); ASSERT_EQ_INT(DY_FORMAT_CSV, f);
  ASSERT_EQ_INT(-1, dy_format_parse("xml", &f));
  ASSERT_EQ_INT(-1, dy_format_parse("CSV", &f));
  ASSERT_EQ_INT(-1, dy_format_parse(NULL, &f));
  ASSERT_STR_EQ("tsv", dy_format_name(DY_FORMAT_TSV));
}

/* One event with code `code`, rendered as JSONL; returns the goldstein text. */
static void goldstein_of(const char *code, const char *want) {
  char *out = NULL;
  size_t n;
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_JSONL);
  dy_story *s = dy_story_new();
  s->id = "g";
  add(s, 0, 0, "A", "B", code, "", "", "");
  dy_writer_story(w, s);
  dy_writer_free(&w);
  fclose(f);
  char needle[64];
  snprintf(needle, sizeof needle, "\"goldstein\":%s,", want);
  ASSERT_CONTAINS(out, needle);
  free(out);
  dy_story_free(&s);
}

TEST(goldstein_numbers_shortest_one_decimal) {
  goldstein_of("011", "-0.1");
  goldstein_of("051", "3.4");
  goldstein_of("190", "-10");
  goldstein_of("0874", "10");
  goldstein_of("010", "0");
  goldstein_of("024", "-0.3");
  goldstein_of("999", "null");   /* unknown code */
}

TEST(event_id_stable_and_distinct) {
  dy_story *s = story1();
  char a[17], b[17];
  dy_event_id(s, &s->ev[0], a);
  ASSERT_STR_EQ("ebff05c478282c95", a);
  dy_event_id(s, &s->ev[2], b);
  ASSERT_STR_EQ("4d87202919065148", b);
  /* the separators keep ("AB","C") and ("A","BC") apart */
  dy_event *x = add(s, 0, 0, "AB", "C", "01", "", "", "");
  dy_event *y = add(s, 0, 0, "A", "BC", "01", "", "", "");
  dy_event_id(s, x, a);
  dy_event_id(s, y, b);
  ASSERT(strcmp(a, b) != 0);
  dy_story_free(&s);
}

TEST(empty_run_still_has_a_header) {
  char *out = NULL;
  size_t n;
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_CSV);
  ASSERT_EQ_INT(0, dy_writer_add_column(w, "url"));
  ASSERT_EQ_INT(0, dy_writer_free(&w));
  fclose(f);
  ASSERT_STR_EQ("event_id,story_id,sentence,sentence_id,date,story_date,source,target,"
                "source_text,target_text,verb_text,code,root,quad_class,goldstein,plover,"
                "text,issues,url\n", out);
  free(out);
}

/* Invalid UTF-8 of every kind is replaced, never copied into JSON. */
TEST(invalid_utf8_never_reaches_json) {
  static const char bad[] = "a\xC0\xAF" "b\xED\xA0\x80" "c\xF4\x90\x80\x80" "d\xE2\x82" "e\x80";
  char *out = NULL;
  size_t n;
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_JSONL);
  dy_story *s = dy_story_new();
  s->id = "u";
  s->sent = dy_arena_alloc(s->arena, sizeof *s->sent);
  s->nsent = 1;
  s->sent[0].text = (dy_str){bad, sizeof bad - 1};
  add(s, 0, 0, "A", "", "01", "", "", "");
  dy_writer_story(w, s);
  dy_writer_free(&w);
  fclose(f);
  ASSERT_CONTAINS(out, "\"text\":\"a\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffd\\ufffdd\\ufffd\\ufffde\\ufffd\"");
  for (size_t i = 0; i < n; i++) ASSERT((unsigned char)out[i] < 0x80);
  free(out);
  dy_story_free(&s);
}

/* Many events through the 64 KiB buffer: every line intact. */
TEST(large_output_through_the_buffer) {
  char *out = NULL;
  size_t n;
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_TSV);
  dy_story *s = dy_story_new();
  s->id = "big";
  s->sent = dy_arena_alloc(s->arena, sizeof *s->sent);
  s->nsent = 1;
  char *long_text = dy_arena_alloc(s->arena, 100001);
  memset(long_text, 'x', 100000);
  s->sent[0].text = (dy_str){long_text, 100000};
  for (int i = 0; i < 50; i++) add(s, 0, 0, "A", "B", "051", "", "", "");
  ASSERT_EQ_INT(0, dy_writer_story(w, s));
  ASSERT_EQ_INT(0, dy_writer_free(&w));
  fclose(f);
  size_t lines = 0;
  for (size_t i = 0; i < n; i++) lines += out[i] == '\n';
  ASSERT_EQ_INT(51, lines);
  ASSERT(n > 50 * 100000);
  free(out);
  dy_story_free(&s);
}

TEST(write_error_is_reported) {
  FILE *f = fopen("/dev/full", "w");
  if (!f) test_skip("no /dev/full");
  FILE *diag = tmpfile();
  dy_diag_set_stream(diag);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_JSONL);
  dy_story *s = story1();
  dy_writer_story(w, s);
  ASSERT_EQ_INT(-1, dy_writer_free(&w));
  ASSERT(dy_diag_count(DY_ERROR) >= 1);
  fclose(f);
  dy_story_free(&s);
}

TEST(overlong_field_name_is_warned_not_silently_dropped) {
  char *out = NULL, name[400];
  size_t n;
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = 0;
  FILE *diag = tmpfile();
  dy_diag_set_stream(diag);
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_JSONL);
  dy_story *s = dy_story_new();
  s->id = "x";
  s->origin = "in.jsonl";
  s->line = 3;
  add(s, 0, 0, "A", "", "01", "", "", "");
  const char *kv[] = {name, "1", "ok", "2"};
  set_fields(s, kv, 2);
  dy_writer_story(w, s);
  dy_writer_story(w, s);
  dy_writer_free(&w);
  fclose(f);
  ASSERT_CONTAINS(out, "\"ok\":2}");
  ASSERT(strstr(out, "nnnnnnnn") == NULL);
  char msg[1024] = "";
  rewind(diag);
  msg[fread(msg, 1, sizeof msg - 1, diag)] = 0;
  ASSERT_CONTAINS(msg, "in.jsonl:3: warning: field name \"nnnn");
  ASSERT(strstr(strstr(msg, "too long") + 1, "too long") == NULL);  /* once */
  free(out);
  dy_story_free(&s);
}

/* ------------------------------------------------ round trips (random) */

#include <jansson.h>

static uint64_t rs = 42;
static unsigned rnd(unsigned n) {
  rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)((rs >> 33) % n);
}

/* Random valid UTF-8 with control bytes, quotes, separators. */
static size_t random_text(char *p) {
  static const char *const pieces[] = {"a", "Z", " ", "\"", "\\", ",", "\t", "\n", "\r",
    "\x01", "\x1f", "\x7f", "'", "caf\xC3\xA9", "\xE6\x9D\xB1", "\xF0\x9F\x98\x80", "\\n",
    "\\u0041", "\xE2\x80\xA8", ";", "=", "\xEF\xBF\xBD"};
  size_t n = 0, k = rnd(30);
  for (size_t i = 0; i < k; i++) {
    const char *s = pieces[rnd(sizeof pieces / sizeof pieces[0])];
    memcpy(p + n, s, strlen(s));
    n += strlen(s);
  }
  p[n] = 0;
  return n;
}

static dy_story *random_story(char texts[][256], int m) {
  dy_story *s = dy_story_new();
  s->id = "r";
  s->sent = dy_arena_alloc(s->arena, (size_t)m * sizeof *s->sent);
  s->nsent = (uint32_t)m;
  for (int i = 0; i < m; i++) {
    size_t n = random_text(texts[i]);
    s->sent[i].text = (dy_str){texts[i], (uint32_t)n};
    add(s, (uint32_t)i, 0, "A", "B", "051", texts[i], "", "");
  }
  return s;
}

TEST(jsonl_round_trips_through_a_json_parser) {
  static char texts[500][256];
  dy_story *s = random_story(texts, 500);
  char *out = NULL;
  size_t n;
  FILE *f = open_memstream(&out, &n);
  dy_writer *w = dy_writer_new(f, DY_FORMAT_JSONL);
  dy_writer_story(w, s);
  dy_writer_free(&w);
  fclose(f);
  char *line = out;
  for (int i = 0; i < 500; i++) {
    char *nl = strchr(line, '\n');
    ASSERT(nl);
    json_error_t err;
    json_t *o = json_loadb(line, (size_t)(nl - line), 0, &err);
    if (!o) test_fail(__FILE__, __LINE__, "line %d: %s", i, err.text);
    json_t *t = json_object_get(o, "text");
    ASSERT(json_is_string(t));
    ASSERT_EQ_INT(s->sent[i].text.n, json_string_length(t));
    ASSERT(memcmp(json_string_value(t), texts[i], s->sent[i].text.n) == 0);
    ASSERT_STR_EQ(texts[i], json_string_value(json_object_get(o, "source_text")));
    json_decref(o);
    line = nl + 1;
  }
  ASSERT_EQ_INT(0, *line);
  free(out);
  dy_story_free(&s);
}

TEST(tsv_and_csv_round_trip) {
  static char texts[300][256];
  dy_story *s = random_story(texts, 300);
  for (int fmt = DY_FORMAT_TSV; fmt <= DY_FORMAT_CSV; fmt++) {
    char *out = NULL;
    size_t n;
    FILE *f = open_memstream(&out, &n);
    dy_writer *w = dy_writer_new(f, (dy_format)fmt);
    dy_writer_story(w, s);
    dy_writer_free(&w);
    fclose(f);
    /* parse: record by record, field 16 (0-based) is text */
    char *p = strchr(out, '\n') + 1;
    static char field[1024];
    for (int i = 0; i < 300; i++) {
      for (int col = 0;; col++) {
        size_t k = 0;
        if (fmt == DY_FORMAT_TSV) {
          while (*p != '\t' && *p != '\n') {
            if (*p == '\\') {
              p++;
              field[k++] = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p == '0' ? 0 : *p;
              p++;
            } else {
              field[k++] = *p++;
            }
          }
        } else if (*p == '"') {
          p++;
          for (;;) {
            if (*p == '"' && p[1] == '"') { field[k++] = '"'; p += 2; }
            else if (*p == '"') { p++; break; }
            else field[k++] = *p++;
          }
        } else {
          while (*p != ',' && *p != '\n') field[k++] = *p++;
        }
        if (col == 16) {
          if (k != s->sent[i].text.n || memcmp(field, texts[i], k) != 0)
            test_fail(__FILE__, __LINE__, "%s record %d: text differs", dy_format_name((dy_format)fmt), i);
        }
        if (*p++ == '\n') { ASSERT_EQ_INT(17, col); break; }
      }
    }
    ASSERT_EQ_INT(0, *p);
    free(out);
  }
  dy_story_free(&s);
}
