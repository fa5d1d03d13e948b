/*
 * validate.h — PETRARCH validation files (e.g. PETR.UnitTest.dev.xml):
 * reading the records and comparing coded events with the expected set.
 *
 * File shape: <Validation><Environment> (<Verbfile>, <Actorfile>,
 * <Agentfile>, <Discardfile>, <Issuefile>, <Config option= value=>)
 * </Environment><Sentences><Sentence date= id= category=> with one or more
 * <EventCoding sourcecode= targetcode= eventcode=/> (or noevents="True",
 * or error="..."), <Text>, <Parse></Sentence>...</Sentences></Validation>.
 * A record without any <EventCoding> expects no events.
 */
#ifndef DYAD_VALIDATE_H
#define DYAD_VALIDATE_H

#include <stddef.h>

#include "core/core.h"

typedef struct dy_vevent {
  char source[64];
  char target[64];
  char code[16];
} dy_vevent;

typedef struct dy_vrecord {
  char *id;           /* record id */
  char *category;     /* e.g. "DEMO" */
  dy_date date;       /* 0 if missing/invalid (then a diag was issued) */
  long line;          /* line of <Sentence> in the file */
  char *text;         /* <Text>, whitespace-collapsed */
  char *parse;        /* <Parse> verbatim */
  int expect_error;   /* <EventCoding error=...>: expects rejection */
  char *error_kind;   /* its value, e.g. "storydiscard" */
  dy_vevent *ev;      /* expected events (set semantics) */
  size_t nev;
} dy_vrecord;

typedef struct dy_vconfig {
  char *option;
  char *value;
} dy_vconfig;

typedef struct dy_vfile {
  char *path;
  char *verbfile, *agentfile, *discardfile, *issuefile;
  char **actorfiles;  /* one or more <Actorfile> (comma lists are split) */
  size_t nactorfiles;
  dy_vconfig *config;
  size_t nconfig;
  dy_vrecord *rec;
  size_t nrec;
} dy_vfile;

/* Reads a validation file. Returns NULL (after a dy_diag error naming the
 * file and line) when it cannot be read or is not well-formed XML. */
dy_vfile *dy_vfile_read(const char *path);
void dy_vfile_free(dy_vfile **f);

/* Looks up a <Config option=NAME> value, or NULL. */
const char *dy_vfile_config(const dy_vfile *f, const char *option);

/* Compares the events of story s (all sentences) as a set of
 * (source, target, code) triples with the record's expectation; target ""
 * compares as "---" would not: an empty target is written "-" in messages.
 * `rejected` says the coder discarded the story/sentence. Returns 1 on
 * pass; on fail writes "expected {...} got {...}" into msg (size n). */
int dy_vrecord_check(const dy_vrecord *r, const dy_story *s, int rejected, char *msg, size_t n);

#endif
