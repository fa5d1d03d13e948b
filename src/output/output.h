/*
 * output.h — writes coded events as JSON Lines, TSV or CSV.
 *
 * One record per event (dy_story.ev), fields in this order (CONTRACT.md):
 *
 *   event_id story_id sentence sentence_id date story_date source target
 *   source_text target_text verb_text code root quad_class goldstein plover
 *   text [issues] [pass-through fields of the story...]
 *
 *  - event_id: dy_event_id() below.
 *  - sentence_id: the sentence's record id (PETRARCH XML), else null.
 *  - date: the event's date; when 0 (no story pass ran), the sentence's own
 *    date, else the story date; null when all are unknown. story_date: null
 *    when unknown. Dates are "YYYY-MM-DD".
 *  - target and target_text: null when target is "".
 *  - root: the code's first two digits. quad_class, goldstein, plover come
 *    from the CAMEO tables (cameo.h); null when the code is unknown (and
 *    plover null for roots 01/02, which PLOVER leaves out).
 *  - goldstein: shortest form with at most one decimal, never locale
 *    dependent: 3.4, -10, 0, -0.1 (the weights have one decimal).
 *  - text: the sentence text.
 *  - issues (JSONL): present only when the event has issues.
 *  - pass-through fields (dy_story.fields): JSONL copies each value's JSON
 *    as is. A field whose name is one of the fields above is written as
 *    "story_<name>" (a JSONL story's "source", the news agency, becomes
 *    "story_source"), and dropped when that too is taken (story_id,
 *    story_date: the same information). A name over 256 bytes is dropped
 *    with a warning (once per name).
 *
 * Formats:
 *  - jsonl: one object per line. Strings are escaped byte by byte: '"', '\\',
 *    control bytes (\n \t \r \b \f, else \u00XX, DEL as \u007f); valid UTF-8
 *    is copied; each byte of an invalid UTF-8 sequence becomes \ufffd, so
 *    the output is always valid JSON.
 *  - tsv: a header line with the field names, then one line per event. In
 *    values, tab, newline, carriage return and backslash are written \t \n
 *    \r \\ (NUL as \0); null is the empty string.
 *  - csv: RFC 4180: a header line; a value holding a comma, a double quote,
 *    CR or LF is enclosed in double quotes with inner quotes doubled; null is
 *    empty. Lines end with LF (not CRLF; RFC 4180 readers accept both).
 *    tsv and csv write invalid UTF-8 bytes as U+FFFD too.
 *  - tsv/csv pass-through columns: the header is written with the first
 *    story (or at dy_writer_free when there was none) and its columns are
 *    the fixed fields, "issues", then the pass-through fields of that first
 *    story (plus any declared with dy_writer_add_column before). Later
 *    stories fill those columns by name (empty when absent); a field not in
 *    the header is dropped with one warning per name. JSON string values are
 *    decoded (escapes resolved); null is empty; numbers, booleans, arrays and
 *    objects are written as their JSON text.
 *
 * Output is buffered in the writer (no allocation per event or field) and
 * written to `out` when the buffer fills, on dy_writer_flush and on free.
 * The writer does not own `out` (the caller closes it).
 */
#ifndef DYAD_OUTPUT_H
#define DYAD_OUTPUT_H

#include <stdio.h>

#include "core/core.h"

typedef enum { DY_FORMAT_JSONL, DY_FORMAT_TSV, DY_FORMAT_CSV } dy_format;

/* "jsonl" (also "json"), "tsv", "csv" -> 0 and *out set; -1 when unknown. */
int dy_format_parse(const char *s, dy_format *out);
const char *dy_format_name(dy_format f);

typedef struct dy_writer dy_writer;

dy_writer *dy_writer_new(FILE *out, dy_format fmt);
/* tsv/csv: declares a pass-through column before the first story (so the
 * header does not depend on which story comes first). Returns 0, or -1 when
 * the header is already written. No effect for jsonl. */
int dy_writer_add_column(dy_writer *w, const char *name);
/* Writes every event of s. Returns 0, or -1 on a write error (reported
 * once via dy_diag; later calls keep failing). */
int dy_writer_story(dy_writer *w, const dy_story *s);
/* Writes the buffer out and fflush()es `out`. 0, or -1 on a write error. */
int dy_writer_flush(dy_writer *w);
/* Number of events written so far. */
unsigned long dy_writer_count(const dy_writer *w);
/* Flushes (writing the tsv/csv header if no story came), frees, sets *w =
 * NULL. Returns 0, or -1 if any write failed. NULL-safe. */
int dy_writer_free(dy_writer **w);

/* The stable event id: 16 lower-case hex digits (+ NUL) of dy_hash64 over
 * story id, 0x1f, the sentence index in decimal, 0x1f, source, 0x1f,
 * target, 0x1f, code. The same story, sentence and event give the same id
 * in every run and build. */
void dy_event_id(const dy_story *s, const dy_event *ev, char out[17]);

/* One line explaining how an event was coded, for people (--explain,
 * dyad validate --only): codes, the rule, and the words of each actor and
 * the verb. `prefix` starts the line (e.g. "explain story #3: "). */
void dy_event_explain(FILE *f, const char *prefix, const dy_event *e);

#endif
