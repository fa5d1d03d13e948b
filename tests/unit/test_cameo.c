/* Expected values below were read by hand from data/cameo/eventcodes.tsv,
 * goldstein.tsv and CAMEO2PLOVER-2021.txt. */
#include "../../src/cameo/cameo.h"
#include "../test.h"

#include <math.h>

static void check(const char *code, const char *root, int quad, double gold,
                  const char *plover) {
  const dy_cameo *c = dy_cameo_get(code);
  if (!c) test_fail(__FILE__, __LINE__, "code %s not found", code);
  ASSERT_STR_EQ(code, c->code);
  ASSERT_STR_EQ(root, c->root);
  ASSERT_EQ_INT(quad, c->quad_class);
  ASSERT(fabs(gold - c->goldstein) < 1e-9);
  ASSERT_STR_EQ(plover, c->plover);
}

TEST(spot_checks_from_the_data_files) {
  check("051", "05", 1, 3.4, "SUPPORT");
  check("190", "19", 4, -10.0, "FIGHT");
  check("1823", "18", 4, -10.0, "ASSAULT");
  check("0233", "02", 1, 3.4, NULL);      /* appeals are not PLOVER events */
  check("163", "16", 4, -8.0, "COERCE");  /* the file's exception */
  check("09", "09", 3, -2.0, "INVESTIGATE");
  check("1121", "11", 3, -2.0, "DISAPPROVE");
  check("106", "10", 3, -5.0, "DEMAND");
  check("0813", "08", 2, 5.0, "CONCEDE");
  check("084", "08", 2, 7.0, "RETREAT");
  check("08", "08", 2, 5.0, "CONCEDE");   /* first of the two 08 lines */
  check("201", "20", 4, -9.5, "FIGHT");
  check("175", "17", 4, -9.0, "ASSAULT");
  check("060", "06", 2, 6.0, "COOPERATE");
  check("1712", "17", 4, -9.2, "ASSAULT");
  ASSERT_STR_EQ("Praise or endorse", dy_cameo_get("051")->description);
  ASSERT_STR_EQ("Kill by physical assault", dy_cameo_get("1823")->description);
}

TEST(plover_mode_context_and_2021_names) {
  const dy_cameo *c = dy_cameo_get("091");
  ASSERT_STR_EQ("investigate", c->plover_mode);
  ASSERT_STR_EQ("crime; corruption", c->plover_context);
  ASSERT_STR_EQ("ACCUSE", c->plover_2021);
  c = dy_cameo_get("0861");   /* "access , peacekeeping" in the file */
  ASSERT_STR_EQ("access", c->plover_mode);
  ASSERT_STR_EQ("peacekeeping", c->plover_context);
  c = dy_cameo_get("1823");
  ASSERT_STR_EQ("", c->plover_mode);
  ASSERT_STR_EQ("", c->plover_context);
  c = dy_cameo_get("010");
  ASSERT(c->plover == NULL && c->plover_mode == NULL && c->plover_2021 == NULL);
}

TEST(quad_class_boundaries) {
  static const struct { const char *code; int q; } t[] = {
    {"01", 1}, {"05", 1}, {"06", 2}, {"08", 2}, {"09", 3},
    {"13", 3}, {"14", 4}, {"20", 4}, {"2042", 4}, {"0874", 2}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    ASSERT_EQ_INT(t[i].q, dy_cameo_get(t[i].code)->quad_class);
    ASSERT_EQ_INT(t[i].q, dy_cameo_quad_class(t[i].code));
  }
  ASSERT_EQ_INT(0, dy_cameo_quad_class("21"));
  ASSERT_EQ_INT(0, dy_cameo_quad_class("00"));
  ASSERT_EQ_INT(0, dy_cameo_quad_class("x"));
  ASSERT_EQ_INT(4, dy_cameo_quad_class("199")); /* not a code, still root 19 */
}

TEST(unknown_codes_are_null) {
  const char *bad[] = {"", "0", "1", "99", "21", "000", "0511", "05111", "1213",
                       "a51", "05a", " 05", "-05", "0x5", "999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (dy_cameo_get(bad[i])) test_fail(__FILE__, __LINE__, "\"%s\" found", bad[i]);
  ASSERT(dy_cameo_get(NULL) == NULL);
  ASSERT(dy_cameo_get_n("0512", 3) == dy_cameo_get("051"));
  ASSERT(dy_cameo_get_n("05", 1) == NULL);
  ASSERT(dy_cameo_at(dy_cameo_count()) == NULL);
}

/* Every code of the codebook is in the table with its weight, in order. */
TEST(every_codebook_code_has_goldstein) {
  FILE *ev = fopen("data/cameo/eventcodes.tsv", "r");
  FILE *gs = fopen("data/cameo/goldstein.tsv", "r");
  ASSERT(ev && gs);
  char a[512], b[512];
  ASSERT(fgets(a, sizeof a, ev) && fgets(b, sizeof b, gs)); /* headers */
  size_t n = 0;
  while (fgets(a, sizeof a, ev)) {
    a[strcspn(a, "\t")] = 0;
    const dy_cameo *c = dy_cameo_get(a);
    if (!c) test_fail(__FILE__, __LINE__, "codebook code %s missing", a);
    ASSERT(c == dy_cameo_at(n));
    ASSERT(c->description[0] != 0);
    n++;
  }
  ASSERT_EQ_INT(311, n);
  ASSERT_EQ_INT(n, dy_cameo_count());
  size_t m = 0;
  while (fgets(b, sizeof b, gs)) {
    char *tab = strchr(b, '\t');
    ASSERT(tab);
    *tab = 0;
    const dy_cameo *c = dy_cameo_get(b);
    ASSERT(c != NULL);
    ASSERT(fabs(strtod(tab + 1, NULL) - c->goldstein) < 1e-9);
    m++;
  }
  ASSERT_EQ_INT(n, m);
  fclose(ev);
  fclose(gs);
}

/* Every code of roots 03..20 has a PLOVER type from the 18 names. */
TEST(plover_types_are_known_names) {
  static const char *names[] = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID",
    "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT",
    "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"};
  for (size_t i = 0; i < dy_cameo_count(); i++) {
    const dy_cameo *c = dy_cameo_at(i);
    int root = atoi(c->root);
    if (root <= 2) { ASSERT(c->plover == NULL); continue; }
    ASSERT(c->plover != NULL);
    int ok = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
      ok |= strcmp(names[k], c->plover) == 0;
    if (!ok) test_fail(__FILE__, __LINE__, "%s: type %s", c->code, c->plover);
  }
}
