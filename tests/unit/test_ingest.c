/* Story readers: every input format, detection, directories, stdin, and
 * each kind of bad input with its exact diagnostic. */
#include "ingest/ingest.h"
#include "../test.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- helpers */

static char *diag_text;
static size_t diag_len;
static FILE *diag_f;

static void capture(void) {
  diag_f = open_memstream(&diag_text, &diag_len);
  dy_diag_set_stream(diag_f);
  dy_diag_reset();
}

static const char *captured(void) {
  fflush(diag_f);
  return diag_text ? diag_text : "";
}

#define MAXS 64
typedef struct run {
  dy_story *s[MAXS];
  int n;
  dy_reader_stats st;
} run;

static void drain(dy_reader *r, run *out) {
  dy_story *s;
  out->n = 0;
  while (dy_reader_next(r, &s)) {
    if (out->n == MAXS) test_fail(__FILE__, __LINE__, "too many stories");
    out->s[out->n++] = s;
  }
  ASSERT(s == NULL);
  ASSERT_EQ_INT(0, dy_reader_next(r, &s)); /* stays at the end */
  out->st = dy_reader_get_stats(r);
  dy_reader_close(&r);
  ASSERT(r == NULL);
}

static void read_files(run *out, dy_input_format f, const dy_reader_opts *o, int n, const char **paths) {
  drain(dy_reader_open(paths, n, f, o), out);
}

static void read1(run *out, const char *path, dy_input_format f) { read_files(out, f, NULL, 1, &path); }

static void read_mem(run *out, const char *name, const char *data, size_t len, dy_input_format f,
                     const dy_reader_opts *o) {
  drain(dy_reader_open_mem(name, data, len, f, o), out);
}

static char data_path[MAXS][256];
static const char *dp(int slot, const char *name) {
  snprintf(data_path[slot], sizeof data_path[slot], "tests/data/ingest/%s", name);
  return data_path[slot];
}

static char tmpdir[64];
static const char *tmp_path(const char *name) {
  static char p[4][256];
  static int k;
  if (!tmpdir[0]) {
    strcpy(tmpdir, "/tmp/dyad-ingest-XXXXXX");
    ASSERT(mkdtemp(tmpdir) != NULL);
  }
  k = (k + 1) % 4;
  snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
  return p[k];
}

static void write_file(const char *path, const char *data, size_t n) {
  FILE *f = fopen(path, "wb");
  ASSERT(f != NULL);
  ASSERT_EQ_INT(n, fwrite(data, 1, n, f));
  fclose(f);
}

static const char *field(const dy_story *s, const char *name) {
  static char v[512];
  for (uint32_t i = 0; i < s->nfields; i++)
    if (dy_str_eq_c(s->fields[i].name, name)) {
      snprintf(v, sizeof v, "%.*s", (int)s->fields[i].value_json.n, s->fields[i].value_json.p);
      return v;
    }
  return NULL;
}

/* ---------------------------------------------------------------- formats */

TEST(format_names) {
  dy_input_format f;
  ASSERT_EQ_INT(0, dy_input_format_parse("auto", &f)); ASSERT_EQ_INT(DY_INPUT_AUTO, f);
  ASSERT_EQ_INT(0, dy_input_format_parse("text", &f)); ASSERT_EQ_INT(DY_INPUT_TEXT, f);
  ASSERT_EQ_INT(0, dy_input_format_parse("jsonl", &f)); ASSERT_EQ_INT(DY_INPUT_JSONL, f);
  ASSERT_EQ_INT(0, dy_input_format_parse("petrarch-xml", &f)); ASSERT_EQ_INT(DY_INPUT_PETRARCH_XML, f);
  ASSERT_EQ_INT(-1, dy_input_format_parse("csv", &f));
  ASSERT_EQ_INT(-1, dy_input_format_parse(NULL, &f));
  ASSERT_STR_EQ("petrarch-xml", dy_input_format_name(DY_INPUT_PETRARCH_XML));
  ASSERT_STR_EQ("jsonl", dy_input_format_name(DY_INPUT_JSONL));
}

TEST(text_with_date_line) {
  run r;
  read1(&r, dp(0, "dated.txt"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(1, r.n);
  dy_story *s = r.s[0];
  ASSERT_STR_EQ("dated.txt", s->id);
  ASSERT_STR_EQ("tests/data/ingest/dated.txt", s->origin);
  ASSERT_EQ_INT(20180131, s->date);
  ASSERT_EQ_INT(1, s->line);
  ASSERT_STR_EQ("SOCHI, Russia (AP) -- Russia hosted talks on Syria on Tuesday.\n\nThe opposition stayed away.\n",
                s->text);
  ASSERT_EQ_INT(strlen(s->text), s->len);
  ASSERT(s->sent == NULL);
  ASSERT_EQ_INT(0, s->nsent);
  ASSERT_EQ_INT(1, r.st.stories);
  ASSERT_EQ_INT(1, r.st.files);
  ASSERT_EQ_INT(0, r.st.failed);
}

TEST(text_without_date_is_kept_whole) {
  run r;
  read1(&r, dp(0, "plain.txt"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_EQ_INT(0, r.s[0]->date);
  ASSERT_STR_EQ("Talks on Syria opened in Sochi.\nThey ended the same day.\n\nNobody signed anything.\n", r.s[0]->text);
}

TEST(text_date_word_without_digits_is_text) {
  run r;
  read1(&r, dp(0, "datepalm.txt"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_EQ_INT(0, r.s[0]->date);
  ASSERT_STR_EQ("date palms grow in Iraq.\n", r.s[0]->text);
}

TEST(text_date_word_before_a_number_is_text) {
  static const char in[] = "date 5 people died.\n";
  static const char in2[] = "date 2018/02/01 slashes\n";
  capture();
  run r;
  read_mem(&r, "n.txt", in, sizeof in - 1, DY_INPUT_TEXT, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ(in, r.s[0]->text);
  read_mem(&r, "s.txt", in2, sizeof in2 - 1, DY_INPUT_TEXT, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: s.txt:1: error: malformed date \"2018/02/01\"\n", captured());
}

TEST(text_date_alone_on_its_line) {
  run r;
  read1(&r, dp(0, "dateonly-line.txt"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_EQ_INT(20180201, r.s[0]->date);
  ASSERT_STR_EQ("\nRussia and Turkey met.\n", r.s[0]->text);
}

TEST(text_crlf_date_line_and_bom) {
  static const char in[] = "\xEF\xBB\xBF" "date 2018-02-01 \r\nLine one.\r\n";
  run r;
  read_mem(&r, "crlf.txt", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_EQ_INT(20180201, r.s[0]->date);
  ASSERT_STR_EQ("Line one.\r\n", r.s[0]->text);
  ASSERT_STR_EQ("crlf.txt", r.s[0]->id);
}

TEST(text_malformed_date) {
  capture();
  run r;
  read1(&r, dp(0, "baddate.txt"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: tests/data/ingest/baddate.txt:1: error: malformed date \"2018-13-45\"\n", captured());
  ASSERT_EQ_INT(1, r.st.failed);
  ASSERT_EQ_INT(1, r.st.files);
  ASSERT_EQ_INT(1, dy_diag_count(DY_ERROR));
}

TEST(text_malformed_date_after_blank_lines_names_its_line) {
  static const char in[] = "\n\n   date 2018-02-31 x\n";
  capture();
  run r;
  read_mem(&r, "m.txt", in, sizeof in - 1, DY_INPUT_TEXT, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: m.txt:3: error: malformed date \"2018-02-31\"\n", captured());
}

TEST(text_date_without_text) {
  static const char in[] = "date 2018-02-01\n";
  capture();
  run r;
  read_mem(&r, "d.txt", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: d.txt:1: error: no text after the date line\n", captured());
  ASSERT_EQ_INT(1, r.st.failed);
}

TEST(text_nul_byte) {
  static const char in[] = "Line one.\nLine\0two.\n";
  capture();
  run r;
  read_mem(&r, "nul.txt", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: nul.txt:2: error: NUL byte at offset 14\n", captured());
  ASSERT_EQ_INT(1, r.st.failed);
}

TEST(text_invalid_utf8_is_left_to_the_front_end) {
  static const char in[] = "caf\xe9 \xff\n";
  capture();
  run r;
  read_mem(&r, "u.txt", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ(in, r.s[0]->text);
  ASSERT_STR_EQ("", captured());
}

TEST(text_too_large) {
  static const char in[] = "0123456789abcdefghij\n";
  dy_reader_opts o = {.max_story = 10, .read_chunk = 3};
  capture();
  run r;
  read_mem(&r, "big.txt", in, sizeof in - 1, DY_INPUT_TEXT, &o);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: big.txt:1: error: story too large (21 bytes > limit 10)\n", captured());
  ASSERT_EQ_INT(1, r.st.failed);
}

TEST(text_file_too_large_then_next_file) {
  const char *big = tmp_path("big.txt");
  FILE *f = fopen(big, "wb");
  ASSERT(f != NULL);
  static char block[1 << 16];
  memset(block, 'y', sizeof block);
  for (int i = 0; i < 48; i++) fwrite(block, 1, sizeof block, f); /* 3 MiB, one line */
  fclose(f);
  const char *paths[] = {big, dp(0, "plain.txt")};
  dy_reader_opts o = {.max_story = 1 << 20};
  capture();
  run r;
  read_files(&r, DY_INPUT_AUTO, &o, 2, paths);
  char want[512];
  snprintf(want, sizeof want, "dyad: %s:1: error: story too large (3145728 bytes > limit 1048576)\n", big);
  ASSERT_STR_EQ(want, captured());
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("plain.txt", r.s[0]->id);
  ASSERT_EQ_INT(2, r.st.files);
  ASSERT_EQ_INT(1, r.st.failed);
  unlink(big);
}

TEST(text_exactly_at_limit_is_read) {
  static const char in[] = "0123456789";
  dy_reader_opts o = {.max_story = 10, .read_chunk = 4};
  run r;
  read_mem(&r, "ok.txt", in, sizeof in - 1, DY_INPUT_TEXT, &o);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("0123456789", r.s[0]->text);
}

/* ---------------------------------------------------------------- JSONL */

TEST(jsonl_stories_and_fields) {
  capture();
  run r;
  read1(&r, dp(0, "stories.jsonl"), DY_INPUT_AUTO);
  ASSERT_STR_EQ("", captured());
  ASSERT_EQ_INT(4, r.n);
  dy_story *s = r.s[0];
  ASSERT_STR_EQ("afp-1", s->id);
  ASSERT_EQ_INT(20180131, s->date);
  ASSERT_EQ_INT(1, s->line);
  ASSERT_STR_EQ("tests/data/ingest/stories.jsonl", s->origin);
  ASSERT_STR_EQ("Russia hosted talks.", s->text);
  ASSERT_EQ_INT(3, s->nfields);
  ASSERT_SPAN_EQ("source", s->fields[0].name);
  ASSERT_SPAN_EQ("\"AFP\"", s->fields[0].value_json);
  ASSERT_SPAN_EQ("url", s->fields[1].name);
  ASSERT_STR_EQ("\"http://x/1\"", field(s, "url"));
  ASSERT_STR_EQ("\"Talks \\\"in\\\" Sochi\"", field(s, "title"));
  ASSERT(field(s, "id") == NULL && field(s, "text") == NULL && field(s, "date") == NULL);

  s = r.s[1]; /* line 2 is blank */
  ASSERT_STR_EQ("42", s->id);
  ASSERT_EQ_INT(3, s->line);
  ASSERT_EQ_INT(20180201, s->date);
  ASSERT_EQ_INT(0, s->nfields);

  s = r.s[2];
  ASSERT_STR_EQ("tests/data/ingest/stories.jsonl:4", s->id);
  ASSERT_EQ_INT(0, s->date);
  ASSERT_STR_EQ("[\"a\",1,null]", field(s, "tags"));
  ASSERT_STR_EQ("{\"k\":true}", field(s, "meta"));

  s = r.s[3]; /* line 5 holds only blanks */
  ASSERT_EQ_INT(6, s->line);
  ASSERT_EQ_INT(20180203, s->date); /* time of day dropped */
  ASSERT_STR_EQ("Caf\xc3\xa9 talks\nsecond line.", s->text);
  ASSERT_EQ_INT(strlen(s->text), s->len);
  ASSERT_EQ_INT(4, r.st.stories);
  ASSERT_EQ_INT(0, r.st.failed);
}

TEST(jsonl_bad_lines_are_reported_and_skipped) {
  capture();
  run r;
  read1(&r, dp(0, "bad.jsonl"), DY_INPUT_AUTO);
  ASSERT_STR_EQ(
      "dyad: tests/data/ingest/bad.jsonl:2: error: truncated JSON: premature end of input near '\"te' at column 41\n"
      "dyad: tests/data/ingest/bad.jsonl:3: error: invalid JSON: end of file expected near 'trailing' at column 57\n"
      "dyad: tests/data/ingest/bad.jsonl:4: error: JSON without \"text\"\n"
      "dyad: tests/data/ingest/bad.jsonl:5: error: malformed date \"2018-02-30\"\n"
      "dyad: tests/data/ingest/bad.jsonl:7: error: JSON line is not an object\n"
      "dyad: tests/data/ingest/bad.jsonl:8: error: \"id\" is not a string or number\n"
      "dyad: tests/data/ingest/bad.jsonl:9: error: \"text\" is not a string\n",
      captured());
  ASSERT_EQ_INT(3, r.n);
  ASSERT_STR_EQ("ok-1", r.s[0]->id);
  ASSERT_STR_EQ("ok-6", r.s[1]->id);
  ASSERT_EQ_INT(6, r.s[1]->line);
  ASSERT_STR_EQ("ok-10", r.s[2]->id);
  ASSERT_EQ_INT(3, r.st.stories);
  ASSERT_EQ_INT(7, r.st.failed);
  ASSERT_EQ_INT(7, dy_diag_count(DY_ERROR));
}

TEST(jsonl_invalid_utf8_replaced_and_nul_rejected) {
  capture();
  run r;
  read1(&r, dp(0, "badbytes.jsonl"), DY_INPUT_AUTO);
  ASSERT_STR_EQ("dyad: tests/data/ingest/badbytes.jsonl:1: error: invalid UTF-8 at byte offset 25 (replaced)\n"
                "dyad: tests/data/ingest/badbytes.jsonl:2: error: NUL byte at offset 28\n",
                captured());
  ASSERT_EQ_INT(2, r.n);
  ASSERT_STR_EQ("u1", r.s[0]->id);
  ASSERT_STR_EQ("caf\xEF\xBF\xBD bar \xEF\xBF\xBD end", r.s[0]->text);
  ASSERT_STR_EQ("ok-3", r.s[1]->id);
  ASSERT_EQ_INT(1, r.st.repaired);
  ASSERT_EQ_INT(1, r.st.failed);
  ASSERT_EQ_INT(2, dy_diag_count(DY_ERROR));
}

TEST(jsonl_utf8_edge_forms_are_invalid) {
  /* overlong '/', a surrogate, above U+10FFFF, truncated sequence at the end */
  static const char in[] = "{\"text\": \"a\xC0\xAF b\xED\xA0\x80 c\xF4\x90\x80\x80 d\xE2\x82\"}\n";
  capture();
  run r;
  read_mem(&r, "e.jsonl", in, sizeof in - 1, DY_INPUT_JSONL, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("dyad: e.jsonl:1: error: invalid UTF-8 at byte offset 11 (replaced)\n", captured());
  const char *t = r.s[0]->text;
  ASSERT(strncmp(t, "a\xEF\xBF\xBD\xEF\xBF\xBD b", 9) == 0);
  for (const unsigned char *p = (const unsigned char *)t; *p; p++) ASSERT(*p != 0xC0 && *p != 0xED && *p != 0xF4);
}

TEST(jsonl_null_id_and_empty_date_are_unknown) {
  static const char in[] = "{\"id\": null, \"date\": \"\", \"text\": \"t\"}\n{\"id\": 1.5, \"date\": null, \"text\": \"\"}\n"
                           "{\"id\": \"\", \"text\": \"empty id\"}";
  capture();
  run r;
  read_mem(&r, "n.jsonl", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_STR_EQ("", captured());
  ASSERT_EQ_INT(3, r.n);
  ASSERT_STR_EQ("n.jsonl:1", r.s[0]->id);
  ASSERT_EQ_INT(0, r.s[0]->date);
  ASSERT_STR_EQ("1.5", r.s[1]->id);
  ASSERT_STR_EQ("", r.s[1]->text);
  ASSERT_EQ_INT(2, r.s[1]->line);
  ASSERT_STR_EQ("n.jsonl:3", r.s[2]->id); /* last line, no newline */
}

TEST(jsonl_non_string_date) {
  static const char in[] = "{\"id\": \"a\", \"date\": 20180101, \"text\": \"t\"}\n";
  capture();
  run r;
  read_mem(&r, "n.jsonl", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: n.jsonl:1: error: malformed date 20180101\n", captured());
}

/* The fast scanner and jansson read every line the same way. */
TEST(jsonl_escapes_numbers_and_both_paths_agree) {
  for (int jansson_only = 0; jansson_only < 2; jansson_only++) {
    dy_reader_opts o = {.jsonl_jansson_only = jansson_only};
    capture();
    run r;
    const char *path = dp(0, "escapes.jsonl");
    read_files(&r, DY_INPUT_AUTO, &o, 1, &path);
    ASSERT_STR_EQ(
        "dyad: tests/data/ingest/escapes.jsonl:7: error: invalid JSON: invalid Unicode '\\uDC00' near '\"\\udc00 \\ud800\"' at column 38\n"
        "dyad: tests/data/ingest/escapes.jsonl:8: error: invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"\\u0000\"' at column 31\n"
        "dyad: tests/data/ingest/escapes.jsonl:9: error: invalid JSON: invalid token near '0' at column 8\n"
        "dyad: tests/data/ingest/escapes.jsonl:11: error: \"id\" is not a string or number\n",
        captured());
    ASSERT_EQ_INT(7, r.n);
    dy_story *s = r.s[0];
    ASSERT_STR_EQ("esc \" \\ / \b\f\n\r\t \xc3\xa9 \xf0\x9f\x98\x80 \xe2\x80\xa8", s->text);
    ASSERT_EQ_INT(27, s->len);
    ASSERT_EQ_INT(6, s->nfields);
    ASSERT_STR_EQ("\"\\u0001\\u001F/\"", field(s, "k"));
    ASSERT_STR_EQ("0", field(s, "n"));
    ASSERT_STR_EQ("123", field(s, "m"));
    ASSERT_STR_EQ("true", field(s, "t"));
    ASSERT_STR_EQ("false", field(s, "f"));
    ASSERT_STR_EQ("null", field(s, "z"));
    s = r.s[1];
    ASSERT_STR_EQ("-17", s->id);
    ASSERT_STR_EQ("123456789012345678", field(s, "big"));
    ASSERT_STR_EQ("1234567890123456789", field(s, "bigger"));
    ASSERT_STR_EQ("1.5", field(s, "r"));
    ASSERT_STR_EQ("1000.0", field(s, "e"));
    ASSERT_STR_EQ("b", r.s[2]->text); /* duplicate key: the last wins */
    ASSERT_STR_EQ("{\"a\":[1,2,{\"b\":null}]}", field(r.s[3], "o"));
    ASSERT_STR_EQ("[]", field(r.s[3], "arr"));
    ASSERT_STR_EQ("escaped key", r.s[4]->text);
    ASSERT_STR_EQ("k", r.s[4]->id);
    ASSERT_STR_EQ("tabs", r.s[5]->text);
    ASSERT_EQ_INT(20180131, r.s[6]->date);
    ASSERT_EQ_INT(10, r.s[6]->line);
    fclose(diag_f);
    free(diag_text);
    diag_text = NULL;
  }
}

TEST(jsonl_long_line_skipped_next_read) {
  static const char in[] = "{\"id\": \"a\", \"text\": \"short\"}\n"
                           "{\"id\": \"b\", \"text\": \"this line is far too long for the limit\"}\n"
                           "{\"id\": \"c\", \"text\": \"ok\"}\n"
                           "{\"id\": \"d\", \"text\": \"last line too long, no newline at all\"}";
  for (size_t chunk = 1; chunk <= 80; chunk += 7) {
    dy_reader_opts o = {.max_story = 40, .read_chunk = chunk};
    capture();
    run r;
    read_mem(&r, "l.jsonl", in, sizeof in - 1, DY_INPUT_JSONL, &o);
    ASSERT_STR_EQ("dyad: l.jsonl:2: error: story too large (62 bytes > limit 40)\n"
                  "dyad: l.jsonl:4: error: story too large (60 bytes > limit 40)\n",
                  captured());
    ASSERT_EQ_INT(2, r.n);
    ASSERT_STR_EQ("a", r.s[0]->id);
    ASSERT_STR_EQ("c", r.s[1]->id);
    ASSERT_EQ_INT(3, r.s[1]->line);
    ASSERT_EQ_INT(2, r.st.failed);
    fclose(diag_f);
    free(diag_text);
    diag_text = NULL;
    for (int i = 0; i < r.n; i++) dy_story_free(&r.s[i]);
  }
}

/* A 100 MB line: reported, skipped without being held in memory, and the
 * next line still read. */
TEST(jsonl_100mb_line) {
  const char *path = tmp_path("huge.jsonl");
  FILE *f = fopen(path, "wb");
  ASSERT(f != NULL);
  fputs("{\"id\": \"before\", \"text\": \"a\"}\n{\"id\": \"huge\", \"text\": \"", f);
  static char block[1 << 16];
  memset(block, 'x', sizeof block);
  for (int i = 0; i < 1600; i++) fwrite(block, 1, sizeof block, f); /* 104857600 bytes */
  fputs("\"}\n{\"id\": \"after\", \"text\": \"b\"}\n", f);
  fclose(f);
  capture();
  run r;
  read1(&r, path, DY_INPUT_AUTO);
  char want[512];
  snprintf(want, sizeof want, "dyad: %s:2: error: story too large (104857626 bytes > limit 16777216)\n", path);
  ASSERT_STR_EQ(want, captured());
  ASSERT_EQ_INT(2, r.n);
  ASSERT_STR_EQ("before", r.s[0]->id);
  ASSERT_STR_EQ("after", r.s[1]->id);
  ASSERT_EQ_INT(3, r.s[1]->line);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  ASSERT(ru.ru_maxrss < 64 * 1024); /* KiB: well below the 100 MB line */
  unlink(path);
}

/* ---------------------------------------------------------------- XML */

TEST(xml_records_group_into_stories) {
  capture();
  run r;
  read1(&r, dp(0, "stories.xml"), DY_INPUT_AUTO);
  ASSERT_STR_EQ("", captured());
  ASSERT_EQ_INT(4, r.n);

  dy_story *s = r.s[0];
  ASSERT_STR_EQ("AFP0808020840", s->id);
  ASSERT_EQ_INT(20080806, s->date);
  ASSERT_EQ_INT(4, s->line);
  ASSERT_STR_EQ("tests/data/ingest/stories.xml", s->origin);
  ASSERT_STR_EQ("France on Wednesday condemned\nthe sentence.\n\nA report & a reply were released.", s->text);
  ASSERT_EQ_INT(strlen(s->text), s->len);
  ASSERT_EQ_INT(2, s->nsent);
  ASSERT_SPAN_EQ("France on Wednesday condemned\nthe sentence.", s->sent[0].text);
  ASSERT(s->sent[0].text.p == s->text); /* spans into the story text */
  ASSERT_SPAN_EQ("AFP0808020840_1", s->sent[0].id);
  ASSERT_SPAN_EQ("(ROOT (S (NP (NNP France)) (VP (VBD condemned) (NP (DT the) (NN sentence))) (. .)))", s->sent[0].parse);
  ASSERT_EQ_INT(20080806, s->sent[0].date);
  ASSERT_EQ_INT(0, s->sent[0].paragraph);
  ASSERT_SPAN_EQ("A report & a reply were released.", s->sent[1].text);
  ASSERT(s->sent[1].text.p == s->text + 45);
  ASSERT_SPAN_EQ("AFP0808020840_2", s->sent[1].id);
  ASSERT_EQ_INT(0, s->sent[1].parse.n);
  ASSERT_EQ_INT(1, s->sent[1].paragraph);
  ASSERT_EQ_INT(1, s->nfields);
  ASSERT_STR_EQ("\"AFP\"", field(s, "source"));

  s = r.s[1];
  ASSERT_STR_EQ("AFP0808020857", s->id);
  ASSERT_EQ_INT(20080807, s->date);
  ASSERT_STR_EQ("Israel released the mayor.", s->text);
  ASSERT_SPAN_EQ("(ROOT (S (NP (NNP Israel)) (VP (VBD released) (NP (DT the) (NN mayor))) (. .)))", s->sent[0].parse);

  s = r.s[2]; /* empty <Text>: the words of the parse */
  ASSERT_STR_EQ("TEST", s->id);
  ASSERT_STR_EQ("Obama met ( Putin ) .", s->text);
  ASSERT_EQ_INT(1, s->nsent);

  s = r.s[3];
  ASSERT_STR_EQ("NOUNDERSCORE", s->id);
  ASSERT_EQ_INT(0, s->nfields);
  ASSERT_EQ_INT(30, s->line);
  ASSERT_EQ_INT(1, r.st.files);
  ASSERT_EQ_INT(4, r.st.stories);
}

typedef struct seen {
  char log[4096];
} seen;

static void on_elem(void *ctx, const dy_xml_element *e) {
  seen *sn = ctx;
  size_t n = strlen(sn->log);
  n += (size_t)snprintf(sn->log + n, sizeof sn->log - n, "%s@%ld[%s]", e->name, e->line,
                        e->record_id ? e->record_id : "-");
  for (int i = 0; e->attr[i]; i += 2)
    n += (size_t)snprintf(sn->log + n, sizeof sn->log - n, " %s=%s", e->attr[i], e->attr[i + 1]);
  if (*e->text) n += (size_t)snprintf(sn->log + n, sizeof sn->log - n, " '%s'", e->text);
  snprintf(sn->log + n, sizeof sn->log - n, ";");
}

TEST(xml_validation_shape_and_element_callback) {
  seen sn = {{0}};
  dy_reader_opts o = {.on_xml_element = on_elem, .ctx = &sn};
  const char *path = dp(0, "validation.xml");
  dy_reader *rd = dy_reader_open(&path, 1, DY_INPUT_AUTO, &o);
  dy_story *s;
  ASSERT_EQ_INT(1, dy_reader_next(rd, &s));
  /* Everything about the first record is known before its story arrives. */
  ASSERT_STR_EQ("Verbfile@6[-] 'PETR.Validate.verbs.txt';Actorfile@7[-] 'PETR.Validate.actors.txt';"
                "Environment@5[-];"
                "EventCoding@12[DEMO-01] sourcecode=ARN targetcode=GON eventcode=064;"
                "Sentence@10[DEMO-01] date=19950101 id=DEMO-01 category=DEMO sentence=true;",
                sn.log);
  ASSERT_STR_EQ("DEMO-01", s->id);
  ASSERT_EQ_INT(19950101, s->date);
  ASSERT_STR_EQ("Arnor is about to restore full diplomatic ties with Gondor.", s->text);
  ASSERT_SPAN_EQ("(ROOT (S (NP (NNP Arnor)) (VP (VBZ is)) (. .)))", s->sent[0].parse);
  ASSERT_STR_EQ("\"DEMO\"", field(s, "category"));
  dy_story_free(&s);
  ASSERT_EQ_INT(1, dy_reader_next(rd, &s));
  ASSERT_STR_EQ("DEMO-02", s->id);
  ASSERT_CONTAINS(sn.log, "EventCoding@21[DEMO-02] noevents=True;");
  dy_story_free(&s);
  ASSERT_EQ_INT(0, dy_reader_next(rd, &s));
  dy_reader_close(&rd);
}

TEST(xml_not_well_formed_keeps_earlier_stories) {
  capture();
  run r;
  read1(&r, dp(0, "broken.xml"), DY_INPUT_AUTO);
  ASSERT_STR_EQ("dyad: tests/data/ingest/broken.xml:9: error: invalid XML: mismatched tag at column 31\n", captured());
  ASSERT_EQ_INT(2, r.n);
  ASSERT_STR_EQ("S1", r.s[0]->id);
  ASSERT_STR_EQ("S2", r.s[1]->id);
  ASSERT_EQ_INT(1, r.st.failed);
}

TEST(xml_bad_records_are_reported_and_skipped) {
  capture();
  run r;
  read1(&r, dp(0, "badrecords.xml"), DY_INPUT_AUTO);
  ASSERT_STR_EQ("dyad: tests/data/ingest/badrecords.xml:2: error: record \"B1_1\": malformed date \"20081345\"\n"
                "dyad: tests/data/ingest/badrecords.xml:5: error: record \"B2_1\": no text\n",
                captured());
  ASSERT_EQ_INT(2, r.n);
  ASSERT_STR_EQ("B3", r.s[0]->id);
  ASSERT_STR_EQ("B4", r.s[1]->id);
  ASSERT_EQ_INT(0, r.s[1]->date); /* no date attribute: unknown, not an error */
  ASSERT_EQ_INT(2, r.st.failed);
}

TEST(xml_without_records) {
  capture();
  run r;
  read1(&r, dp(0, "norecords.xml"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: tests/data/ingest/norecords.xml: error: no <Sentence> records\n", captured());
}

TEST(xml_truncated_and_garbage) {
  static const char trunc[] = "<Sentences><Sentence id=\"a_1\"><Text>cut";
  capture();
  run r;
  read_mem(&r, "t.xml", trunc, sizeof trunc - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_STR_EQ("dyad: t.xml:1: error: invalid XML: no element found at column 40\n", captured());
  static const char nul[] = "<Sentences>\n<Sentence id=\"a_1\"><Text>x</Text></Sentence>\n\0</Sentences>";
  fclose(diag_f);
  capture();
  read_mem(&r, "n.xml", nul, sizeof nul - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("dyad: n.xml:3: error: invalid XML: not well-formed (invalid token) at column 1\n", captured());
}

TEST(xml_records_without_ids_do_not_group) {
  static const char in[] = "<Sentences><Sentence><Text>One.</Text></Sentence>\n<Sentence><Text>Two.</Text></Sentence>"
                           "<Sentence id=\"x_1\"><Text>Three.</Text></Sentence><Sentence id=\"x_2\"><Text>Four.</Text>"
                           "</Sentence><Sentence id=\"y_1\"><Text>Five.</Text></Sentence><Sentence id=\"x_3\"><Text>Six."
                           "</Text></Sentence></Sentences>";
  run r;
  read_mem(&r, "g.xml", in, sizeof in - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(5, r.n);
  ASSERT_STR_EQ("g.xml:1", r.s[0]->id);
  ASSERT_EQ_INT(0, r.s[0]->sent[0].id.n);
  ASSERT_STR_EQ("g.xml:2", r.s[1]->id);
  ASSERT_STR_EQ("x", r.s[2]->id);
  ASSERT_EQ_INT(2, r.s[2]->nsent);
  ASSERT_STR_EQ("Three.\n\nFour.", r.s[2]->text);
  ASSERT_STR_EQ("y", r.s[3]->id);
  ASSERT_STR_EQ("x", r.s[4]->id); /* not consecutive: a story of its own */
  static const char empty[] = "<Sentences><Sentence id=\"\"><Text>One.</Text></Sentence>\n"
                              "<Sentence id=\"\"><Text>Two.</Text></Sentence></Sentences>";
  read_mem(&r, "e.xml", empty, sizeof empty - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(2, r.n); /* id="" is no id: no grouping */
  ASSERT_STR_EQ("e.xml:1", r.s[0]->id);
  ASSERT_STR_EQ("e.xml:2", r.s[1]->id);
}

/* Splitting the input anywhere must not change what is read. */
TEST(xml_any_read_chunk_gives_the_same_stories) {
  FILE *f = fopen(dp(0, "stories.xml"), "rb");
  ASSERT(f != NULL);
  static char in[8192];
  size_t n = fread(in, 1, sizeof in, f);
  fclose(f);
  for (size_t chunk = 1; chunk < 64; chunk += 3) {
    dy_reader_opts o = {.read_chunk = chunk};
    run r;
    read_mem(&r, "c.xml", in, n, DY_INPUT_AUTO, &o);
    ASSERT_EQ_INT(4, r.n);
    ASSERT_STR_EQ("France on Wednesday condemned\nthe sentence.\n\nA report & a reply were released.", r.s[0]->text);
    ASSERT_EQ_INT(2, r.s[0]->nsent);
    ASSERT_STR_EQ("Israel released the mayor.", r.s[1]->text);
    ASSERT_EQ_INT(30, r.s[3]->line);
    for (int i = 0; i < r.n; i++) dy_story_free(&r.s[i]);
  }
}

TEST(xml_story_too_large) {
  static const char in[] = "<Sentences><Sentence id=\"a_1\"><Text>short</Text></Sentence>\n"
                           "<Sentence id=\"a_2\"><Text>this record makes the story too long</Text></Sentence>\n"
                           "<Sentence id=\"b_1\"><Text>fine</Text></Sentence></Sentences>";
  dy_reader_opts o = {.max_story = 20};
  capture();
  run r;
  read_mem(&r, "big.xml", in, sizeof in - 1, DY_INPUT_AUTO, &o);
  ASSERT_STR_EQ("dyad: big.xml:2: error: record \"a_2\": story too large (43 bytes > limit 20)\n", captured());
  ASSERT_EQ_INT(2, r.n);
  ASSERT_STR_EQ("short", r.s[0]->text);
  ASSERT_STR_EQ("fine", r.s[1]->text);
}

TEST(xml_record_far_over_the_limit_counts_all_its_bytes) {
  static const char in[] = "<Sentences><Sentence id=\"a_1\"><Text>0123456789012345678901234567890123456789</Text>"
                           "</Sentence><Sentence id=\"b_1\"><Text>ok</Text><Parse>(ROOT (S (NP (NNP Parse))"
                           " (VP (VBD goes) (ADVP (RB over)))))</Parse></Sentence><Sentence id=\"c_1\"><Text>"
                           "fine</Text></Sentence></Sentences>";
  for (size_t chunk = 1; chunk < 40; chunk += 5) {
    dy_reader_opts o = {.max_story = 30, .read_chunk = chunk};
    capture();
    run r;
    read_mem(&r, "big.xml", in, sizeof in - 1, DY_INPUT_AUTO, &o);
    ASSERT_STR_EQ("dyad: big.xml:1: error: record \"a_1\": story too large (40 bytes > limit 30)\n"
                  "dyad: big.xml:1: error: record \"b_1\": story too large (60 bytes > limit 30)\n",
                  captured());
    ASSERT_EQ_INT(1, r.n);
    ASSERT_STR_EQ("fine", r.s[0]->text);
    fclose(diag_f);
    free(diag_text);
    diag_text = NULL;
  }
}

TEST(real_petrarch_files) {
  const char *p = test_shared("petrarch/text/GigaWord.sample.PETR.xml");
  if (!p) test_skip("../shared absent");
  capture();
  run r;
  dy_reader *rd = dy_reader_open(&p, 1, DY_INPUT_AUTO, NULL);
  dy_story *s;
  long nsent = 0, stories = 0;
  while (dy_reader_next(rd, &s)) {
    stories++;
    nsent += s->nsent;
    for (uint32_t i = 0; i < s->nsent; i++) ASSERT(s->sent[i].text.n > 0 && s->sent[i].parse.n > 0);
    dy_story_free(&s);
  }
  r.st = dy_reader_get_stats(rd);
  dy_reader_close(&rd);
  ASSERT_STR_EQ("", captured());
  ASSERT_EQ_INT(76, nsent); /* grep -c '<Sentence ' */
  ASSERT_EQ_INT(stories, r.st.stories);
  p = test_shared("petrarch/text/PETR.UnitTest.dev.xml");
  rd = dy_reader_open(&p, 1, DY_INPUT_AUTO, NULL);
  while (dy_reader_next(rd, &s)) {
    ASSERT_EQ_INT(1, s->nsent);
    dy_story_free(&s);
  }
  r.st = dy_reader_get_stats(rd);
  dy_reader_close(&rd);
  ASSERT_STR_EQ("", captured());
  ASSERT_EQ_INT(190, r.st.stories); /* one story per record there */
}

TEST(real_plover_jsonl) {
  const char *p = test_shared("plover/gsr.dev.jsonl");
  if (!p) test_skip("../shared absent");
  capture();
  dy_reader *rd = dy_reader_open(&p, 1, DY_INPUT_AUTO, NULL);
  dy_story *s;
  int n = 0;
  while (dy_reader_next(rd, &s)) {
    if (n == 0) {
      ASSERT_STR_EQ("PLOVER-GSR01-AGREE-0001", s->id);
      ASSERT_STR_EQ("\"AGREE\"", field(s, "plover"));
      ASSERT_STR_EQ("[\"HUNGOV\",\"ROUGOV\"]", field(s, "sources"));
    }
    n++;
    dy_story_free(&s);
  }
  dy_reader_close(&rd);
  ASSERT_EQ_INT(148, n);
  ASSERT_STR_EQ("", captured());
}

/* ---------------------------------------------------------------- detection */

TEST(autodetect_by_first_byte) {
  static const char j[] = "\xEF\xBB\xBF  \n\n {\"id\": \"x\", \"text\": \"j\"}\n";
  static const char x[] = "\n  <Sentences><Sentence id=\"s_1\"><Text>x</Text></Sentence></Sentences>";
  static const char t[] = "\n  Plain {text} <b>";
  run r;
  read_mem(&r, "a", j, sizeof j - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("x", r.s[0]->id);
  ASSERT_EQ_INT(3, r.s[0]->line); /* skipped blank lines still count */
  read_mem(&r, "b", x, sizeof x - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("s", r.s[0]->id);
  ASSERT_EQ_INT(2, r.s[0]->line);
  ASSERT_EQ_INT(1, r.s[0]->nsent);
  read_mem(&r, "c", t, sizeof t - 1, DY_INPUT_AUTO, NULL);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("c", r.s[0]->id);
  ASSERT_STR_EQ("Plain {text} <b>", r.s[0]->text);
  ASSERT_EQ_INT(0, r.s[0]->nsent);
}

TEST(format_override) {
  run r;
  read1(&r, dp(0, "stories.jsonl"), DY_INPUT_TEXT);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("stories.jsonl", r.s[0]->id);
  ASSERT(strncmp(r.s[0]->text, "{\"id\": \"afp-1\"", 14) == 0);
  capture();
  read1(&r, dp(0, "plain.txt"), DY_INPUT_JSONL);
  ASSERT_EQ_INT(0, r.n);
  ASSERT_CONTAINS(captured(), "dyad: tests/data/ingest/plain.txt:1: error: invalid JSON: ");
  ASSERT_EQ_INT(3, r.st.failed); /* three non-blank lines */
}

/* ---------------------------------------------------------------- paths */

TEST(directory_walk_is_sorted_recursive_and_skips_hidden) {
  run r;
  read1(&r, dp(0, "tree"), DY_INPUT_AUTO);
  ASSERT_EQ_INT(6, r.n);
  ASSERT_STR_EQ("X", r.s[0]->id);
  ASSERT_STR_EQ("tests/data/ingest/tree/0.xml", r.s[0]->origin);
  ASSERT_STR_EQ("a/1.txt", r.s[1]->id);
  ASSERT_STR_EQ("tests/data/ingest/tree/a/1.txt", r.s[1]->origin);
  ASSERT_STR_EQ("b/1.txt", r.s[2]->id);
  ASSERT_STR_EQ("b1", r.s[3]->id);
  ASSERT_STR_EQ("b2", r.s[4]->id);
  ASSERT_EQ_INT(2, r.s[4]->line);
  ASSERT_STR_EQ("b/deep/3.txt", r.s[5]->id);
  ASSERT_EQ_INT(20180301, r.s[5]->date);
  ASSERT_EQ_INT(5, r.st.files);
  for (int i = 0; i < r.n; i++) ASSERT(strstr(r.s[i]->text, "hidden") == NULL);
}

TEST(directory_trailing_slash) {
  run r;
  read1(&r, "tests/data/ingest/tree/b/", DY_INPUT_AUTO);
  ASSERT_EQ_INT(4, r.n);
  ASSERT_STR_EQ("1.txt", r.s[0]->id);
  ASSERT_STR_EQ("tests/data/ingest/tree/b/1.txt", r.s[0]->origin);
  ASSERT_STR_EQ("deep/3.txt", r.s[3]->id);
}

TEST(missing_file_empty_file_and_empty_dir_then_go_on) {
  const char *empty = tmp_path("empty.txt");
  write_file(empty, "", 0);
  const char *blank = tmp_path("blank.jsonl");
  write_file(blank, " \n\n \n", 5);
  const char *dir = tmp_path("nothing");
  ASSERT_EQ_INT(0, mkdir(dir, 0700));
  write_file(tmp_path("nothing/.hidden"), "x", 1);
  const char *paths[] = {"tests/data/ingest/nope.txt", empty, blank, dir, dp(0, "plain.txt")};
  capture();
  run r;
  read_files(&r, DY_INPUT_AUTO, NULL, 5, paths);
  char want[2048];
  snprintf(want, sizeof want,
           "dyad: tests/data/ingest/nope.txt: error: cannot open: No such file or directory\n"
           "dyad: %s: error: empty file\n"
           "dyad: %s: error: empty file\n"
           "dyad: %s: error: directory has no readable files\n",
           empty, blank, dir);
  ASSERT_STR_EQ(want, captured());
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("plain.txt", r.s[0]->id);
  ASSERT_EQ_INT(4, r.st.failed);
  ASSERT_EQ_INT(3, r.st.files);
  ASSERT_EQ_INT(1, r.st.stories);
}

TEST(empty_file_with_forced_format) {
  static const dy_input_format fs[] = {DY_INPUT_TEXT, DY_INPUT_JSONL, DY_INPUT_PETRARCH_XML};
  for (int i = 0; i < 3; i++) {
    capture();
    run r;
    read_mem(&r, "e", "", 0, fs[i], NULL);
    ASSERT_EQ_INT(0, r.n);
    ASSERT_STR_EQ("dyad: e: error: empty file\n", captured());
    fclose(diag_f);
  }
}

TEST(unreadable_file) {
  if (geteuid() == 0) test_skip("root reads everything");
  const char *p = tmp_path("secret.txt");
  write_file(p, "x", 1);
  chmod(p, 0);
  capture();
  run r;
  read1(&r, p, DY_INPUT_AUTO);
  char want[512];
  snprintf(want, sizeof want, "dyad: %s: error: cannot open: Permission denied\n", p);
  ASSERT_STR_EQ(want, captured());
}

TEST(directory_symlink_loop_is_read_once) {
  const char *d = tmp_path("loop");
  ASSERT_EQ_INT(0, mkdir(d, 0700));
  write_file(tmp_path("loop/s.txt"), "Story.\n", 7);
  ASSERT_EQ_INT(0, symlink("..", tmp_path("loop/up")));
  ASSERT_EQ_INT(0, symlink(".", tmp_path("loop/self")));
  capture();
  run r;
  read1(&r, d, DY_INPUT_AUTO);
  ASSERT_EQ_INT(1, r.n);
  ASSERT_STR_EQ("s.txt", r.s[0]->id);
  ASSERT_EQ_INT(0, r.st.failed);
}

static void stdin_from(const char *path) {
  int fd = open(path, O_RDONLY);
  ASSERT(fd >= 0);
  ASSERT(dup2(fd, 0) == 0);
  close(fd);
}

TEST(stdin_when_no_paths) {
  stdin_from(dp(0, "stories.jsonl"));
  run r;
  read_files(&r, DY_INPUT_AUTO, NULL, 0, NULL);
  ASSERT_EQ_INT(4, r.n);
  ASSERT_STR_EQ("-", r.s[0]->origin);
  ASSERT_STR_EQ("afp-1", r.s[0]->id);
  ASSERT_STR_EQ("-:4", r.s[2]->id);
  ASSERT_EQ_INT(1, r.st.files);
}

TEST(stdin_dash_text_between_files) {
  stdin_from(dp(0, "dated.txt"));
  const char *paths[] = {dp(0, "plain.txt"), "-", dp(1, "datepalm.txt")};
  run r;
  read_files(&r, DY_INPUT_AUTO, NULL, 3, paths);
  ASSERT_EQ_INT(3, r.n);
  ASSERT_STR_EQ("plain.txt", r.s[0]->id);
  ASSERT_STR_EQ("-", r.s[1]->id);
  ASSERT_STR_EQ("-", r.s[1]->origin);
  ASSERT_EQ_INT(20180131, r.s[1]->date);
  ASSERT_STR_EQ("datepalm.txt", r.s[2]->id);
}

TEST(close_midway_frees_everything) {
  const char *paths[] = {dp(0, "stories.xml"), dp(1, "tree")};
  dy_reader *rd = dy_reader_open(paths, 2, DY_INPUT_AUTO, NULL);
  dy_story *s;
  ASSERT_EQ_INT(1, dy_reader_next(rd, &s));
  dy_story_free(&s);
  dy_reader_close(&rd); /* the sanitizer build checks for leaks */
  ASSERT(rd == NULL);
}
