/*
 * ingest.h — story readers: turn files, directories and stdin into
 * dy_story objects (id, date, origin, line, text, pass-through fields).
 *
 * Input formats (CONTRACT.md "Input formats"):
 *   text          one story per file; an optional first line
 *                 `date YYYY-MM-DD rest...` (leading blanks allowed) gives the
 *                 story date, and `rest...` starts the first paragraph (a
 *                 word after "date" that is not date-like, as in "date palms",
 *                 is plain text; "date 2018-13-45" is an error). The text is
 *                 kept byte for byte (the text front end splits it).
 *   jsonl         one story per line: {"id":..., "date":"YYYY-MM-DD", "text":...}
 *                 plus any other fields, which pass through (story->fields).
 *   petrarch-xml  <Sentences><Sentence date="YYYYMMDD" id="STORY_N"><Text>..
 *                 </Text><Parse>..</Parse></Sentence>..; also the validation
 *                 shape <Validation>..<Sentences>.. Consecutive records whose
 *                 ids share the part before the last '_' form one story; each
 *                 record becomes one preset dy_sentence (so the text front end
 *                 does not re-split). A record with an empty <Text> but a
 *                 <Parse> gets the parse's words as its text.
 * DY_INPUT_AUTO detects the format per file from its first non-blank byte:
 * '{' jsonl, '<' petrarch-xml, anything else text.
 *
 * Errors: every story, record or file that cannot be read is reported once
 * with dy_diag(DY_ERROR, FILE, LINE, ...) — "dyad: FILE:LINE: error: what" —
 * counted in dy_reader_stats, and reading goes on with the next story or
 * file. Nothing is silently dropped and nothing aborts the run (except
 * out-of-memory, which aborts as everywhere in dyad). The messages:
 *   FILE: cannot open: <strerror>        FILE: empty file
 *   DIR: directory has no readable files  DIR: cannot read directory: <strerror>
 *   FILE: read error: <strerror>
 *   FILE:LINE: NUL byte at offset N       (text: file offset; JSONL: in the line)
 *   FILE:LINE: story too large (N bytes > limit L)
 *   FILE:LINE: malformed date "..."       (text date line, JSONL "date")
 *   FILE:LINE: no text after the date line
 *   FILE:LINE: truncated JSON: <jansson> at column N
 *   FILE:LINE: invalid JSON: <jansson> at column N
 *   FILE:LINE: JSON line is not an object / JSON without "text" /
 *              "text" is not a string / "id" is not a string or number
 *   FILE:LINE: invalid UTF-8 at byte offset N (replaced)   (JSONL; the story
 *              is still delivered, with U+FFFD; counted in stats.repaired)
 *   FILE:LINE: invalid XML: <expat> at column N  (records before it are kept)
 *   FILE:LINE: record "ID": malformed date "..." / no text /
 *              story too large (N bytes > limit L)
 *   FILE: no <Sentence> records
 * Warnings (not counted): "directory already read, skipped" (symlink
 * loops), "not a regular file, skipped" (inside directories).
 *
 * Typical use (the `dyad code` loop):
 *
 *   dy_reader *r = dy_reader_open(paths, npaths, fmt, NULL);
 *   dy_story *s;
 *   while (dy_reader_next(r, &s)) { ...code s...; dy_story_free(&s); }
 *   dy_reader_stats st = dy_reader_get_stats(r);
 *   dy_reader_close(&r);
 */
#ifndef DYAD_INGEST_H
#define DYAD_INGEST_H

#include "core/core.h"

typedef enum {
  DY_INPUT_AUTO,
  DY_INPUT_TEXT,
  DY_INPUT_JSONL,
  DY_INPUT_PETRARCH_XML,
} dy_input_format;

/* "auto", "text", "jsonl", "petrarch-xml" (also "xml"). Returns 0 and sets
 * *out, or -1 for an unknown name (the CLI then reports a usage error). */
int dy_input_format_parse(const char *s, dy_input_format *out);
const char *dy_input_format_name(dy_input_format f);

/* One XML element seen while reading PETRARCH XML, other than <Text> and
 * <Parse> (e.g. <EventCoding sourcecode=.. targetcode=.. eventcode=..>,
 * <Verbfile>, and <Sentence> itself). All pointers are valid only during
 * the callback. */
typedef struct dy_xml_element {
  const char *origin;      /* file path or "-" */
  long line;               /* line of the element's start tag */
  const char *record_id;   /* id of the enclosing <Sentence> ("" if it has
                              none), NULL outside any record */
  const char *name;        /* element name */
  const char *const *attr; /* name0, value0, name1, value1, ..., NULL */
  const char *text;        /* character data directly inside, trimmed */
} dy_xml_element;

/* Called when an element ends. It runs while the file is being parsed:
 * for a record, before dy_reader_next returns the story that holds the
 * record (so `dyad validate` can collect the expected events by record id
 * and look them up when the story arrives). */
typedef void (*dy_xml_element_fn)(void *ctx, const dy_xml_element *e);

typedef struct dy_reader_opts {
  /* Largest story (text file, JSONL line, XML story text) in bytes; a bigger
   * one is reported "story too large" and skipped without being read into
   * memory. 0 = DY_READER_MAX_STORY. */
  size_t max_story;
  /* Bytes per read(); 0 = default (1 MiB). Tiny values exercise the
   * buffer-boundary code (the fuzzers use them). */
  size_t read_chunk;
  /* Reads every JSONL line with jansson, bypassing the fast scanner for
   * flat objects (tests and fuzz_jsonl compare the two). */
  int jsonl_jansson_only;
  dy_xml_element_fn on_xml_element; /* optional */
  void *ctx;                        /* passed to on_xml_element */
} dy_reader_opts;

#define DY_READER_MAX_STORY ((size_t)16 << 20)

typedef struct dy_reader_stats {
  long stories;  /* stories returned by dy_reader_next */
  long failed;   /* stories, XML records, files or directories that could not
                    be read: one per error reported, nothing delivered for it */
  long repaired; /* stories delivered after a reported repair (invalid UTF-8
                    in JSONL replaced by U+FFFD): one per error reported */
  long files;    /* files opened and read (stdin counts as one) */
} dy_reader_stats;

typedef struct dy_reader dy_reader;

/* Opens a reader over `paths`: files, directories (walked recursively,
 * entries in byte order of their names, names starting with '.' skipped),
 * or "-" for standard input; npaths == 0 reads standard input. Nothing is
 * opened yet: a missing path is reported when the reader reaches it. The
 * paths are copied. opts may be NULL. Never returns NULL. */
dy_reader *dy_reader_open(const char *const *paths, int npaths, dy_input_format fmt,
                          const dy_reader_opts *opts);

/* A reader over an in-memory buffer (tests, fuzzing), as if it were a file
 * called `name`. The buffer is not copied and must outlive the reader. */
dy_reader *dy_reader_open_mem(const char *name, const void *buf, size_t len, dy_input_format fmt,
                              const dy_reader_opts *opts);

/* Reads the next story. Returns 1 and sets *out to a story the caller owns
 * (free with dy_story_free), or 0 at the end of all input (*out = NULL).
 * Stories come in input order. Story fields:
 *   id      text: file name (path below the directory argument, or the base
 *           name of a file argument; "-" for stdin); jsonl: "id" (string or
 *           number) or "FILE:LINE" when absent, null or ""; xml: the record id
 *           up to its last '_' (the whole id when it has none, "FILE:LINE"
 *           when absent or "")
 *   date    0 when unknown
 *   origin  the file path as reached ("-" for stdin)
 *   line    text: 1; jsonl: the line; xml: line of the first record's tag
 *   text    NUL-terminated, in the story arena; raw bytes (not validated as
 *           UTF-8: the text front end does that)
 *   fields  jsonl: every member but id/date/text, value JSON-encoded;
 *           xml: the first record's attributes but id/date/sentence, as
 *           JSON strings
 *   sent    xml only: one sentence per record (text span into story text,
 *           records joined by "\n\n"; id, parse (trimmed, may be empty),
 *           date, paragraph = record index). Otherwise NULL. */
int dy_reader_next(dy_reader *r, dy_story **out);

dy_reader_stats dy_reader_get_stats(const dy_reader *r);

/* Closes any open file and frees the reader; sets *r = NULL. */
void dy_reader_close(dy_reader **r);

#endif
