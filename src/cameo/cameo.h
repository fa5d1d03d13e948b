/*
 * cameo.h — the CAMEO event codebook, compiled in at build time.
 *
 * The tables come from data/cameo/ (eventcodes.tsv, goldstein.tsv,
 * CAMEO2PLOVER-2021.txt); src/cameo/cameo_tables.awk turns them into
 * $(BUILD)/gen/cameo_tables.c (mk/cameo.mk), the way redis turns its
 * commands/NAME.json files into commands.def. The build fails when a code of the
 * codebook has no Goldstein weight, so every entry is complete.
 *
 * Conventions (stated once, here):
 *  - code: 2 to 4 ASCII digits, as in the codebook ("05", "051", "0233").
 *  - root: the first two digits ("05").
 *  - quad_class, the GDELT convention (GDELT 1.0/2.0 QuadClass): 1 verbal
 *    cooperation = roots 01-05, 2 material cooperation = 06-08, 3 verbal
 *    conflict = 09-13, 4 material conflict = 14-20. (The Phoenix data set
 *    instead puts 01 and 02 in a class 0 "neutral"; dyad does not.)
 *  - goldstein: the Goldstein weight (-10..+10, one decimal in the data).
 *  - plover: the PLOVER event type, or NULL for codes PLOVER leaves out
 *    (roots 01 MAKE PUBLIC STATEMENT and 02 APPEAL have no entry in the
 *    mapping). Type names are the 18 of PLOVER's gold-standard records
 *    (../shared/plover/gsr.dev.jsonl): AGREE CONSULT SUPPORT COOPERATE AID
 *    CONCEDE RETREAT INVESTIGATE DEMAND DISAPPROVE REJECT THREATEN PROTEST
 *    MOBILIZE SANCTION COERCE ASSAULT FIGHT. The 2021 mapping file uses the
 *    later, merged names; they are translated per code: ACCUSE under root
 *    09 -> INVESTIGATE, ACCUSE under root 11 -> DISAPPROVE, REQUEST ->
 *    DEMAND, ASSAULT for codes of roots 19 and 20 -> FIGHT. Everything
 *    else (including the file's exceptions: 163 -> COERCE, 175/1712 ->
 *    ASSAULT, 191/192 -> COERCE). One more translation: 0813/0814, listed under
 *    RETREAT in the file, are CONCEDE like the rest of 081 (the gold
 *    standard codes lifting a state of emergency as CONCEDE) is the file's own
 *    type. plover_2021 keeps the file's name as written.
 *  - plover_mode / plover_context: the mapping's mode and context columns,
 *    trimmed, "" when blank; several contexts are "; "-separated as in the
 *    file ("crime; corruption"). NULL when plover is NULL.
 *
 * All returned pointers are to static, read-only data: never free them.
 */
#ifndef DYAD_CAMEO_H
#define DYAD_CAMEO_H

#include <stddef.h>

typedef struct dy_cameo {
  const char *code;
  const char *description;  /* the codebook's wording */
  const char *root;         /* "05" */
  int quad_class;           /* 1..4, see above */
  double goldstein;
  const char *plover;       /* event type, or NULL (roots 01, 02) */
  const char *plover_mode;
  const char *plover_context;
  const char *plover_2021;  /* the type as written in CAMEO2PLOVER-2021.txt */
} dy_cameo;

/* Looks up a code (NUL-terminated). NULL when the code is not in the
 * codebook (including NULL, "", non-digits, wrong length). O(1). */
const dy_cameo *dy_cameo_get(const char *code);
/* Same for n bytes (a span); no NUL needed. */
const dy_cameo *dy_cameo_get_n(const char *code, size_t n);

/* Iteration in codebook order: for (i = 0; i < dy_cameo_count(); i++)
 * dy_cameo_at(i). dy_cameo_at returns NULL when i is out of range. */
size_t dy_cameo_count(void);
const dy_cameo *dy_cameo_at(size_t i);

/* The quad class of a root or code by its first two digits (1..4), or 0
 * when they are not a root 01..20. Works for codes not in the codebook. */
int dy_cameo_quad_class(const char *code);

#endif
