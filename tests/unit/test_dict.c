/* Unit tests for src/dict: readers, forms, lookups, the image format. */
#include "../../src/core/core.h"
#include "../../src/dict/dict.h"
#include "../test.h"

#include <unistd.h>

static dy_dict *one(dy_dict_kind k, const char *name, const char *text) {
  dy_dict_builder *b = dy_dict_builder_new();
  dy_dict_builder_add_text(b, name, k, text, strlen(text));
  return dy_dict_builder_finish(&b);
}

static dy_arena *A;
static uint32_t toks(const char *s, dy_token **t) {
  if (!A) A = dy_arena_new();
  return dy_dict_tokenize(A, s, t);
}

/* Runs fn with diagnostics captured; returns them (static buffer). */
static char diag_buf[8192];
static FILE *diag_open(void) {
  FILE *f = tmpfile();
  dy_diag_set_stream(f);
  dy_diag_reset();
  return f;
}
static const char *diag_close(FILE *f) {
  fflush(f);
  rewind(f);
  size_t n = fread(diag_buf, 1, sizeof diag_buf - 1, f);
  diag_buf[n] = 0;
  fclose(f);
  dy_diag_set_stream(NULL);
  return diag_buf;
}

static const char *actor_at(const dy_dict *d, const char *words, dy_date date, uint32_t *len) {
  dy_token *t;
  uint32_t n = toks(words, &t);
  dy_actor_match m;
  if (!dy_dict_match_actor(d, t, n, 0, date, &m)) return "(none)";
  if (len) *len = m.len;
  return m.code ? m.code : "(null)";
}

/* ------------------------------------------------------------ actors */

static const char actors[] =
    "<!-- test actors -->\n"
    "UNITED_STATES [USA]\n"
    "+U.S.\n"
    "UNITED_STATES_ARMY [USAMIL]\n"
    "SAM_GAMGEE [HOB]  # default\n"
    "\t[HOBCIV <20080120]\n"
    "\t[ORCHOB 20100109-20100112] # wins over the next\n"
    "\t[HOBMIL 20080120-20121109]\n"
    "\t[HOBELI >20130119]\n"
    "JOHN_DOE_  # office change\n"
    "+PRESIDENT_DOE\n"
    "\t[USAGOV 090120-170120]\n"
    "\t[USAELI]\n"
    "ONODOHER\n"
    "\t[ONO <911226]\n"
    "\xC3\x89" "COLE_NORMALE [FRAEDU]\n"
    "JAMES_BYRNES_  ; CountryInfo.txt\n"
    "\t[USAELI 18970101-450703]\n"
    "\t[USAGOV 450703-470121]\n";

TEST(actor_longest_match_and_synonyms) {
  dy_dict *d = one(DY_DICT_ACTORS, "a.actors.txt", actors);
  uint32_t len = 0;
  ASSERT_STR_EQ("USAMIL", actor_at(d, "United States Army troops", 20100101, &len));
  ASSERT_EQ_INT(3, len);
  ASSERT_STR_EQ("USA", actor_at(d, "united states navy", 20100101, &len));
  ASSERT_EQ_INT(2, len);
  ASSERT_STR_EQ("USA", actor_at(d, "U.S. officials", 0, &len));
  ASSERT_EQ_INT(1, len);
  ASSERT_STR_EQ("(none)", actor_at(d, "united", 0, NULL));
  ASSERT_STR_EQ("FRAEDU", actor_at(d, "\xC3\xA9" "cole normale", 0, NULL)); /* folded: École -> école */
  ASSERT_STR_EQ("USAGOV", actor_at(d, "James Byrnes", 19460101, &len)); /* "; comment", mixed 8/6-digit dates */
  ASSERT_EQ_INT(2, len);
  ASSERT_STR_EQ("USAELI", actor_at(d, "James Byrnes", 19000101, NULL));
  dy_dict_free(&d);
}

/* A possessive "'s" is a word of its own in dictionary phrases, as the text
 * tokenizer makes it a token of its own ("People 's"): Phoenix's
 * DEMOCRATIC_PEOPLE'S_REPUBLIC_OF_KOREA-style phrases must match. */
TEST(actor_possessive_clitic_is_a_word) {
  dy_dict *d = one(DY_DICT_ACTORS, "a.actors.txt",
                   "UNITED_NATIONS_CHILDREN'S_FUND_ [IGOUNOKID]\n"
                   "DEMOCRATIC_PEOPLE\xE2\x80\x99S_REPUBLIC_OF_KOREA_ [PRK]\n"
                   "KOREA [KOR]\n");
  dy_token *t;
  ASSERT_EQ_INT(5, toks("United Nations Children's Fund", &t));
  ASSERT_SPAN_EQ("'s", t[3].norm);
  ASSERT_SPAN_EQ("children", t[2].norm);
  uint32_t len = 0;
  ASSERT_STR_EQ("IGOUNOKID", actor_at(d, "United Nations Children 's Fund", 0, &len));
  ASSERT_EQ_INT(5, len);
  ASSERT_STR_EQ("PRK", actor_at(d, "Democratic People 's Republic of Korea", 0, &len)); /* typographic ' in the file */
  ASSERT_EQ_INT(6, len);
  ASSERT_STR_EQ("PRK", actor_at(d, "Democratic People's Republic of Korea", 0, NULL));
  ASSERT_STR_EQ("(none)", actor_at(d, "Democratic People Republic of Korea", 0, NULL));
  dy_dict_free(&d);
}

TEST(actor_date_restrictions) {
  dy_dict *d = one(DY_DICT_ACTORS, "a.actors.txt", actors);
  ASSERT_STR_EQ("HOBCIV", actor_at(d, "Sam Gamgee", 20050101, NULL));
  ASSERT_STR_EQ("HOBCIV", actor_at(d, "Sam Gamgee", 20080120, NULL)); /* limits inclusive, first wins */
  ASSERT_STR_EQ("HOBMIL", actor_at(d, "Sam Gamgee", 20090101, NULL));
  ASSERT_STR_EQ("ORCHOB", actor_at(d, "Sam Gamgee", 20100110, NULL)); /* file order */
  ASSERT_STR_EQ("HOB", actor_at(d, "Sam Gamgee", 20121201, NULL));    /* gap: default */
  ASSERT_STR_EQ("HOBELI", actor_at(d, "Sam Gamgee", 20150101, NULL));
  ASSERT_STR_EQ("HOB", actor_at(d, "Sam Gamgee", 0, NULL));           /* unknown date: default */
  /* six-digit dates: YY <= 30 is 20YY; the code changes with the office */
  ASSERT_STR_EQ("USAELI", actor_at(d, "John Doe", 20090119, NULL));
  ASSERT_STR_EQ("USAGOV", actor_at(d, "John Doe", 20090120, NULL));
  ASSERT_STR_EQ("USAGOV", actor_at(d, "President Doe", 20170120, NULL));
  ASSERT_STR_EQ("USAELI", actor_at(d, "President Doe", 20170121, NULL));
  /* no default and outside every range: a match without a code */
  ASSERT_STR_EQ("ONO", actor_at(d, "Onodoher", 19911226, NULL));
  ASSERT_STR_EQ("(null)", actor_at(d, "Onodoher", 19920101, NULL));
  ASSERT_STR_EQ("ONO", actor_at(d, "Onodoher", 0, NULL)); /* unknown date: latest office */
  dy_token *t;
  uint32_t n = toks("sam gamgee", &t);
  dy_actor_match m;
  ASSERT(dy_dict_match_actor(d, t, n, 0, 20090101, &m));
  ASSERT_EQ_INT(20080120, m.from);
  ASSERT_EQ_INT(20121109, m.to);
  dy_actor_info info;
  ASSERT_EQ_INT(0, dy_dict_actor_info(d, m.entry, &info));
  ASSERT_STR_EQ("SAM GAMGEE", info.phrase);
  ASSERT_EQ_INT(5, info.line);
  ASSERT_EQ_INT(5, info.ncodes);
  dy_dict_free(&d);
}

TEST(actor_later_file_overrides_where_it_applies) {
  dy_dict_builder *b = dy_dict_builder_new();
  const char *base = "SERGEY_LAVROV_\n\t[RUSGOV 19940922-20040712]\n\t[RUSGOV >20040309]\nLAVROV [RUS]\n";
  const char *ext = "LAVROV\n\t[RUSELI 20300101-20301231]\n";
  FILE *f = diag_open();
  dy_dict_builder_add_text(b, "base.actors.txt", DY_DICT_ACTORS, base, strlen(base));
  dy_dict_builder_add_text(b, "ext.actors.txt", DY_DICT_ACTORS, ext, strlen(ext));
  dy_dict *d = dy_dict_builder_finish(&b);
  const char *msgs = diag_close(f);
  ASSERT_CONTAINS(msgs, "dyad: ext.actors.txt:1: warning: conflicting codes for actor phrase 'LAVROV': RUSELI here, RUS at base.actors.txt:4");
  ASSERT_STR_EQ("RUSGOV", actor_at(d, "Sergey Lavrov", 20180131, NULL));
  ASSERT_STR_EQ("RUS", actor_at(d, "Lavrov", 20180131, NULL));
  ASSERT_STR_EQ("RUSELI", actor_at(d, "Lavrov", 20300601, NULL));
  dy_dict_free(&d);
}

TEST(actor_malformed_lines_are_reported_with_file_and_line) {
  const char *text =
      "+ORPHAN_SYNONYM\n"              /* 1: synonym before any actor */
      "GOOD [GOO]\n"                   /* 2 */
      "\t[GOOGOV 20100101-20090101]\n" /* 3: range backwards (warning) */
      "\t[GOOGOV 2010-2011]\n"         /* 4: bad dates (warning) */
      "\t[GOOGOV 20100101\n"           /* 5: unclosed */
      "\t[]\n"                         /* 6: empty code */
      "\t[20100101-20110101]\n"        /* 7: no code */
      "NEXT [NXT] junk\n";             /* 8: text after the code (warning) */
  FILE *f = diag_open();
  dy_dict *d = one(DY_DICT_ACTORS, "bad.actors.txt", text);
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:1: error: synonym '+ORPHAN_SYNONYM' without an actor phrase before it\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:3: warning: date range '20100101-20090101' ends before it starts: restriction ignored\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:4: warning: bad date range '2010-2011' (want YYMMDD or YYYYMMDD on both sides): restriction ignored\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:5: error: '[' without ']'\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:6: error: empty actor code '[]'\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:7: error: actor code restriction '[20100101-20110101]' has no code before the date\n");
  ASSERT_CONTAINS(m, "dyad: bad.actors.txt:8: warning: text after the code ignored: 'junk'\n");
  ASSERT_EQ_INT(4, dy_diag_count(DY_ERROR));
  /* the rest still loads */
  ASSERT_STR_EQ("GOO", actor_at(d, "good", 20100601, NULL));
  ASSERT_STR_EQ("NXT", actor_at(d, "next", 0, NULL));
  dy_dict_free(&d);
}

TEST(control_characters_are_reported) {
  FILE *f = diag_open();
  dy_dict *d = one(DY_DICT_ACTORS, "c.actors.txt", "OK [A]\nJAN_STRASK\x1AY [CZEGOV]\n");
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: c.actors.txt:2: warning: control character 0x1A (a character lost in some conversion?)\n");
  ASSERT_EQ_INT(0, dy_diag_count(DY_ERROR));
  dy_dict_free(&d);
}

TEST(latin1_file_is_converted_with_a_warning) {
  const char text[] = "BOGOT\xC1_CITY [COLGOV]\n"; /* Latin-1 A-acute */
  FILE *f = diag_open();
  dy_dict *d = one(DY_DICT_ACTORS, "l1.actors.txt", text);
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: l1.actors.txt:1: warning: not UTF-8 (byte 0xC1); the file is read as Latin-1\n");
  ASSERT_EQ_INT(0, dy_diag_count(DY_ERROR));
  ASSERT_STR_EQ("COLGOV", actor_at(d, "Bogot\xC3\xA1 City", 0, NULL));
  dy_dict_free(&d);
}

/* ------------------------------------------------------------ agents */

static const char agents[] =
    "!PERSON! = MAN, MEN, WOMAN\n"
    "CONGRESS!PERSON! [~LEG]\n"
    "FOREIGN_MINISTER [~GOVFRM]\n"
    "POLICE {} [ ~COP]\n"
    "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]\n"
    "HUMAN_RIGHTS_BODY [NGO~]\n"
    "AUTHORITY [~GOV]\n"
    "CONGRESS [~LEG]\n";

static int agent_at(const dy_dict *d, const char *words, dy_agent_match *m) {
  dy_token *t;
  uint32_t n = toks(words, &t);
  return dy_dict_match_agent(d, t, n, 0, m);
}

TEST(agents_plurals_substitutions_and_composition) {
  dy_dict *d = one(DY_DICT_AGENTS, "t.agents.txt", agents);
  dy_agent_match m;
  ASSERT(agent_at(d, "foreign ministers", &m));
  ASSERT_STR_EQ("GOVFRM", m.code);
  ASSERT_EQ_INT(0, m.prefix);
  ASSERT_EQ_INT(2, m.len);
  ASSERT(agent_at(d, "authorities", &m)); /* Y -> IES */
  ASSERT(agent_at(d, "congresses", &m));  /* SS -> SSES */
  ASSERT(!agent_at(d, "polices", &m));    /* {} : no plural */
  ASSERT(agent_at(d, "police", &m));
  ASSERT_STR_EQ("COP", m.code);
  ASSERT(agent_at(d, "attorneys general", &m));
  ASSERT(!agent_at(d, "attorney generals", &m));
  ASSERT(agent_at(d, "congresswoman", &m));
  ASSERT_STR_EQ("LEG", m.code);
  ASSERT(agent_at(d, "congressmen", &m));
  ASSERT(!agent_at(d, "congresswomen", &m)); /* not in the set, no plurals of members */
  ASSERT(agent_at(d, "human rights bodies", &m));
  ASSERT_STR_EQ("NGO", m.code);
  ASSERT_EQ_INT(1, m.prefix);
  dy_dict_free(&d);
}

TEST(agent_malformed_lines) {
  FILE *f = diag_open();
  dy_dict *d = one(DY_DICT_AGENTS, "b.agents.txt",
                   "SOLDIER [MIL]\n"          /* 1: no '~' */
                   "CLERIC [~REL\n"           /* 2: unclosed */
                   "WRITER [~MED}\n"          /* 3: typo, accepted */
                   "PILOT!CREW! [~MIL]\n"     /* 4: undefined set */
                   "NOTHING\n");              /* 5: no code: skipped */
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: b.agents.txt:1: error: agent code '[MIL]' must begin or end with '~'\n");
  ASSERT_CONTAINS(m, "dyad: b.agents.txt:2: error: '[' without ']'\n");
  ASSERT_CONTAINS(m, "dyad: b.agents.txt:3: warning: agent code '[~MED}' closed with '}' instead of ']'\n");
  ASSERT_CONTAINS(m, "dyad: b.agents.txt:4: error: undefined substitution set !CREW!\n");
  ASSERT_CONTAINS(m, "dyad: b.agents.txt:5: warning: agent 'NOTHING' without [~CODE]: skipped\n");
  dy_agent_match am;
  ASSERT(agent_at(d, "writers", &am));
  ASSERT_STR_EQ("MED", am.code);
  dy_dict_free(&d);
}

/* ------------------------------------------------------------ verbs */

static const char verbs_p2[] =
    "&CURRENCY\n"
    "+DOLLAR\n"
    "+SWISS_FRANC\n"
    "+YEN_\n"
    "&AUX_\n"
    "+IS_TO\n"
    "&MONEY\n"
    "+&CURRENCY\n"
    "+GOLD\n"
    "####### VERB PATTERNS #######\n"
    "---  ACCELERATE   [---]  ---\n"
    "RACE\n"
    "PURSUE\n"
    "HURRY {HURRIES HURRYING HURRIED }\n"
    "+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF} [020]\n"
    "WIRE_+TAP\n"
    "- * (TO {BANNED PARTIES}) $  [1722]  # ADD\n"
    "- &MONEY * POLICE (TO BORDER) [153] # RUSH\n"
    "~ a (a b ATTACK) SAY = a b 015\n";

static int verb_at(const dy_dict *d, const char *words, uint32_t i, dy_verb_match *m) {
  dy_token *t;
  uint32_t n = toks(words, &t);
  return dy_dict_match_verb(d, t, n, i, m);
}

TEST(verb_forms_regular_irregular_and_multiword) {
  dy_dict *d = one(DY_DICT_VERBS, "CAMEO.test.txt", verbs_p2);
  dy_verb_match m;
  dy_verb_form f;
  const char *regular[] = {"race", "races", "raced", "racing"};
  for (int i = 0; i < 4; i++) {
    ASSERT(verb_at(d, regular[i], 0, &m));
    ASSERT_STR_EQ("---", m.code);
  }
  ASSERT(!verb_at(d, "raceing", 0, &m));
  /* -UE verbs: the English -ING form and PETRARCH's (which keeps the E) */
  ASSERT(verb_at(d, "pursuing", 0, &m));
  ASSERT(verb_at(d, "pursueing", 0, &m));
  ASSERT(verb_at(d, "pursued", 0, &m));
  ASSERT(verb_at(d, "hurried", 0, &m));
  ASSERT(!verb_at(d, "hurryed", 0, &m)); /* {..} given: no regular forms */
  ASSERT(verb_at(d, "they cordoned off the area", 1, &m));
  ASSERT_EQ_INT(1, m.first);
  ASSERT_EQ_INT(3, m.last);
  ASSERT_STR_EQ("020", m.code);
  ASSERT_EQ_INT(0, dy_dict_verb_form(d, m.form, &f));
  ASSERT_STR_EQ("+CORDON_OFF", f.lemma);
  ASSERT_STR_EQ("off", f.post);
  ASSERT(!verb_at(d, "they cordoned the area", 1, &m)); /* "off" must follow */
  ASSERT(verb_at(d, "police wire taps phones", 2, &m)); /* generated form keeps "wire" before */
  ASSERT(!verb_at(d, "police wire tapped phones", 2, &m)); /* PETRARCH doubles no consonant */
  ASSERT_EQ_INT(1, m.first);
  ASSERT_EQ_INT(3, m.last);
  ASSERT(!verb_at(d, "police taps phones", 1, &m));
  uint32_t forms[8];
  ASSERT_EQ_INT(1, dy_dict_verb_lookup(d, DY_STR_LIT("cordoning"), forms, 8));
  dy_dict_free(&d);
}

TEST(verb_regular_form_rules) {
  char s3[32], past[32], ing[32];
  dy_dict_verb_forms("FIX", 3, s3, past, ing);
  ASSERT_STR_EQ("FIXES", s3);
  ASSERT_STR_EQ("FIXED", past);
  ASSERT_STR_EQ("FIXING", ing);
  dy_dict_verb_forms("CARRY", 5, s3, past, ing);
  ASSERT_STR_EQ("CARRIES", s3);
  ASSERT_STR_EQ("CARRYED", past); /* PETRARCH's rule, kept for fidelity */
  ASSERT_STR_EQ("CARRYING", ing);
  dy_dict_verb_forms("AGREE", 5, s3, past, ing);
  ASSERT_STR_EQ("AGREES", s3);
  ASSERT_STR_EQ("AGREED", past);
  ASSERT_STR_EQ("AGREEING", ing); /* vowel before E keeps it */
  dy_dict_verb_forms("RACE", 4, s3, past, ing);
  ASSERT_STR_EQ("RACING", ing);
  char pl[32];
  dy_dict_plural("ARMY", 4, pl);
  ASSERT_STR_EQ("ARMIES", pl);
  dy_dict_plural("PRESS", 5, pl);
  ASSERT_STR_EQ("PRESSES", pl);
  dy_dict_plural("TANK", 4, pl);
  ASSERT_STR_EQ("TANKS", pl);
}

TEST(verb_patterns_p2_elements_blocks_synsets) {
  dy_dict *d = one(DY_DICT_VERBS, "CAMEO.test.txt", verbs_p2);
  ASSERT_EQ_INT(1, dy_dict_nverb_blocks(d));
  dy_verb_block b;
  ASSERT_EQ_INT(0, dy_dict_verb_block(d, 0, &b));
  ASSERT_STR_EQ("ACCELERATE", b.name);
  ASSERT_STR_EQ("---", b.code);
  ASSERT_STR_EQ("RACE", b.verb);
  ASSERT_EQ_INT(1, b.p2);
  ASSERT_EQ_INT(2, b.npatterns);
  dy_verb_pattern p;
  ASSERT_EQ_INT(0, dy_dict_verb_pattern(d, b.first_pattern, &p));
  ASSERT_STR_EQ("1722", p.code);
  ASSERT_STR_EQ("- * (TO {BANNED PARTIES}) $  [1722]", p.raw);
  ASSERT_STR_EQ("ADD", p.comment);
  const int kinds[] = {DY_PE_VERB, DY_PE_PP_OPEN, DY_PE_WORD, DY_PE_NP_OPEN, DY_PE_WORD, DY_PE_WORD,
                       DY_PE_NP_CLOSE, DY_PE_PP_CLOSE, DY_PE_SOURCE};
  ASSERT_EQ_INT(9, p.nelem);
  dy_pat_elem e;
  for (uint32_t i = 0; i < 9; i++) {
    ASSERT_EQ_INT(0, dy_dict_pattern_elem(d, b.first_pattern, i, &e));
    ASSERT_EQ_INT(kinds[i], e.kind);
  }
  dy_dict_pattern_elem(d, b.first_pattern, 2, &e);
  ASSERT_STR_EQ("to", e.word);
  dy_dict_pattern_elem(d, b.first_pattern + 1, 0, &e);
  ASSERT_EQ_INT(DY_PE_SYNSET, e.kind);
  ASSERT_STR_EQ("&MONEY", e.word);
  ASSERT_EQ_INT(dy_dict_synset_find(d, "money"), e.synset);
  /* synset members: plurals unless '_'; nested sets flattened */
  dy_token *t;
  uint32_t n = toks("swiss francs gold dollars yens", &t);
  ASSERT_EQ_INT(2, dy_dict_match_synset(d, e.synset, t, n, 0));
  ASSERT_EQ_INT(1, dy_dict_match_synset(d, e.synset, t, n, 2));
  ASSERT_EQ_INT(1, dy_dict_match_synset(d, e.synset, t, n, 3));
  ASSERT_EQ_INT(0, dy_dict_match_synset(d, e.synset, t, n, 4)); /* YEN_: no plural */
  uint32_t aux = dy_dict_synset_find(d, "&AUX_");
  ASSERT(aux != UINT32_MAX);
  n = toks("is to is tos", &t);
  ASSERT_EQ_INT(2, dy_dict_match_synset(d, aux, t, n, 0));
  ASSERT_EQ_INT(0, dy_dict_match_synset(d, aux, t, n, 2)); /* label '_': no plurals */
  ASSERT_EQ_INT(1, dy_dict_ntransforms(d));
  dy_verb_transform x;
  ASSERT_EQ_INT(0, dy_dict_transform(d, 0, &x));
  ASSERT_STR_EQ("ATTACK", x.verb2);
  ASSERT_STR_EQ("SAY", x.verb1);
  ASSERT_STR_EQ("015", x.rcode);
  dy_dict_free(&d);
}

TEST(verb_patterns_p1_joined_words_and_markers) {
  const char *text = "<!-- P1 -->\n--- AGREE  [081] ---\nAGREE\nSAY {SAID SAYS}\n"
                     "- SAID + MUST_NOT * POLICY [100]  # x\n- % * [030:030]\n- * [###] # discard code\n";
  dy_dict *d = one(DY_DICT_VERBS, "t.verbs.txt", text);
  dy_verb_block b;
  dy_dict_verb_block(d, 0, &b);
  ASSERT_EQ_INT(0, b.p2);
  ASSERT_EQ_INT(3, b.npatterns);
  dy_pat_elem e;
  const int kinds[] = {DY_PE_WORD, DY_PE_TARGET, DY_PE_WORD, DY_PE_WORD, DY_PE_VERB, DY_PE_WORD};
  for (uint32_t i = 0; i < 6; i++) {
    dy_dict_pattern_elem(d, b.first_pattern, i, &e);
    ASSERT_EQ_INT(kinds[i], e.kind);
  }
  dy_dict_pattern_elem(d, b.first_pattern, 3, &e);
  ASSERT_STR_EQ("not", e.word);
  ASSERT_EQ_INT(DY_PE_JOINED, e.flags);
  dy_verb_pattern p;
  dy_dict_verb_pattern(d, b.first_pattern + 1, &p);
  ASSERT_STR_EQ("030:030", p.code);
  dy_dict_verb_pattern(d, b.first_pattern + 2, &p);
  ASSERT_STR_EQ("###", p.code);
  dy_verb_match m;
  ASSERT(verb_at(d, "said", 0, &m));
  ASSERT_STR_EQ("081", m.code);
  ASSERT(!verb_at(d, "sayed", 0, &m));
  dy_dict_free(&d);
}

TEST(verb_malformed_lines) {
  FILE *f = diag_open();
  dy_dict *d = one(DY_DICT_VERBS, "b.verbs.txt",
                   "ORPHAN\n"                  /* 1: verb outside a block */
                   "--- ATTACK [190] ---\n"    /* 2 */
                   "ATTACK {ATTACKED\n"        /* 3: unclosed forms */
                   "- * CITY [\n"              /* 4: unclosed code */
                   "- * CITY * [190]\n"        /* 5: two verbs (warning) */
                   "- CITY [190]\n"            /* 6: no verb (warning) */
                   "STRIKE\n");                /* 7 */
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: b.verbs.txt:1: error: verb 'ORPHAN' outside a verb block (no '--- NAME [CODE] ---' before it)\n");
  ASSERT_CONTAINS(m, "dyad: b.verbs.txt:3: error: '{' without '}' in verb line\n");
  ASSERT_CONTAINS(m, "dyad: b.verbs.txt:4: error: '[' without ']' in pattern\n");
  ASSERT_CONTAINS(m, "dyad: b.verbs.txt:5: warning: pattern with more than one '*': skipped\n");
  ASSERT_CONTAINS(m, "dyad: b.verbs.txt:6: warning: pattern without '*' (the verb): skipped\n");
  ASSERT_EQ_INT(3, dy_diag_count(DY_ERROR));
  dy_verb_match vm;
  ASSERT(verb_at(d, "struck", 0, &vm) == 0);
  ASSERT(verb_at(d, "strikes", 0, &vm));
  ASSERT_STR_EQ("190", vm.code);
  dy_dict_free(&d);
}

/* ------------------------------------------------------------ discards, issues */

TEST(discards_stems_exact_and_story_level) {
  dy_dict *d = one(DY_DICT_DISCARDS, "t.discards.txt",
                   "BASEBALL\n+WORLD_CUP_  # exact\n+ESPN2\nMONTHS LATER\n");
  dy_token *t;
  dy_discard_match m;
  uint32_t n = toks("baseballs", &t);
  ASSERT(dy_dict_match_discard(d, t, n, 0, &m));
  ASSERT_EQ_INT(0, m.story);
  n = toks("world cups", &t);
  ASSERT(!dy_dict_match_discard(d, t, n, 0, &m));
  n = toks("world cup final", &t);
  ASSERT(dy_dict_match_discard(d, t, n, 0, &m));
  ASSERT_EQ_INT(1, m.story);
  ASSERT_EQ_INT(2, m.len);
  n = toks("months later", &t);
  ASSERT(dy_dict_match_discard(d, t, n, 0, &m));
  n = toks("base", &t);
  ASSERT(!dy_dict_match_discard(d, t, n, 0, &m));
  dy_dict_free(&d);
}

TEST(issues_expansions_and_ignores) {
  dy_dict *d = one(DY_DICT_ISSUES, "t.Issues.txt",
                   "<ISSUE CATEGORY=\"ATROCITY\">\n"
                   "n:atrocity [ID_ATROCITY]\n"
                   "ethnic v:purge [ID_ATROCITY]\n"
                   "al+zarqawi network [NAMED_TERROR_GROUP]\n"
                   "~Saturday Night massacre\n"
                   "n:massacre [ID_ATROCITY]\n"
                   "~~Armenian genocide\n"
                   "</ISSUE>\n");
  dy_token *t;
  dy_issue_match m;
  const char *hits[] = {"atrocities", "atrocity", "ethnic purged", "ethnic purging", "ethnic purges",
                        "al zarqawi network", "al-zarqawi network", "massacres"};
  for (int i = 0; i < 8; i++) {
    uint32_t n = toks(hits[i], &t);
    ASSERT(dy_dict_match_issue(d, t, n, 0, &m));
    ASSERT_EQ_INT(0, m.ignore);
  }
  uint32_t n = toks("ethnic purge", &t);
  ASSERT(dy_dict_match_issue(d, t, n, 0, &m));
  ASSERT_STR_EQ("ID_ATROCITY", m.code);
  ASSERT_STR_EQ("ATROCITY", m.category);
  n = toks("saturday night massacre", &t);
  ASSERT(dy_dict_match_issue(d, t, n, 0, &m));
  ASSERT_EQ_INT(1, m.ignore);
  n = toks("armenian genocide", &t);
  ASSERT(dy_dict_match_issue(d, t, n, 0, &m));
  ASSERT_EQ_INT(2, m.ignore);
  dy_dict_free(&d);
}

/* ------------------------------------------------------------ the image */

static dy_dict *mixed(void) {
  dy_dict_builder *b = dy_dict_builder_new();
  dy_dict_builder_add_text(b, "a.actors.txt", DY_DICT_ACTORS, actors, strlen(actors));
  dy_dict_builder_add_text(b, "t.agents.txt", DY_DICT_AGENTS, agents, strlen(agents));
  dy_dict_builder_add_text(b, "CAMEO.t.txt", DY_DICT_VERBS, verbs_p2, strlen(verbs_p2));
  return dy_dict_builder_finish(&b);
}

TEST(image_roundtrip_through_a_file) {
  dy_dict *d = mixed();
  char path[] = "/tmp/dyad-dict-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT(fd >= 0);
  close(fd);
  ASSERT_EQ_INT(0, dy_dict_write_image(d, path));
  dy_dict *e = dy_dict_open_image(path);
  ASSERT(e != NULL);
  ASSERT_STR_EQ("HOBMIL", actor_at(e, "Sam Gamgee", 20090101, NULL));
  dy_agent_match am;
  ASSERT(agent_at(e, "congressmen", &am));
  dy_verb_match vm;
  ASSERT(verb_at(e, "cordoning off", 0, &vm));
  dy_dict_counts c1, c2;
  dy_dict_counts_get(d, &c1);
  dy_dict_counts_get(e, &c2);
  ASSERT(memcmp(&c1, &c2, sizeof c1) == 0);
  ASSERT_EQ_INT(3, c2.files);
  const char *p[] = {path};
  dy_dict *f = dy_dict_load(p, 1); /* recognised by its magic */
  ASSERT(f != NULL);
  dy_dict_free(&f);
  dy_dict_free(&e);
  dy_dict_free(&d);
  unlink(path);
}

TEST(image_corruption_is_rejected) {
  dy_dict *d = mixed();
  size_t n;
  const unsigned char *img = dy_dict_image_bytes(d, &n);
  unsigned char *copy = aligned_alloc(16, (n + 15) / 16 * 16);
  FILE *f = diag_open();
  /* truncated */
  memcpy(copy, img, n);
  ASSERT(dy_dict_from_memory(copy, n - 8, "trunc.img") == NULL);
  ASSERT(dy_dict_from_memory(copy, 10, "tiny.img") == NULL);
  /* one flipped byte in the body: checksum */
  copy[n / 2] ^= 0x40;
  ASSERT(dy_dict_from_memory(copy, n, "flip.img") == NULL);
  /* bad magic, bad version */
  memcpy(copy, img, n);
  copy[0] = 'X';
  ASSERT(dy_dict_from_memory(copy, n, "magic.img") == NULL);
  memcpy(copy, img, n);
  ((dy_dict_header *)copy)->format = 99;
  ASSERT(dy_dict_from_memory(copy, n, "version.img") == NULL);
  /* an offset out of range, checksum recomputed: caught by the bounds checks */
  memcpy(copy, img, n);
  dy_dict_header *h = (dy_dict_header *)copy;
  dy_img_edge *edge = (dy_img_edge *)(copy + h->sec[DY_SEC_EDGE].off);
  edge[0].child = 0x7fffffff;
  h->checksum = dy_dict_checksum(copy + h->header_size, n - h->header_size);
  ASSERT(dy_dict_from_memory(copy, n, "edge.img") == NULL);
  memcpy(copy, img, n);
  h->sec[DY_SEC_ACTOR].count = 0x10000000;
  ASSERT(dy_dict_from_memory(copy, n, "section.img") == NULL);
  const char *m = diag_close(f);
  ASSERT_CONTAINS(m, "dyad: trunc.img: error: corrupt dictionary image: truncated or padded");
  ASSERT_CONTAINS(m, "dyad: tiny.img: error: corrupt dictionary image: truncated");
  ASSERT_CONTAINS(m, "dyad: flip.img: error: corrupt dictionary image: checksum mismatch");
  ASSERT_CONTAINS(m, "dyad: magic.img: error: corrupt dictionary image: not a dyad dictionary image");
  ASSERT_CONTAINS(m, "dyad: version.img: error: corrupt dictionary image: format version 99");
  ASSERT_CONTAINS(m, "dyad: edge.img: error: corrupt dictionary image: trie edge 0: child or word out of bounds");
  ASSERT_CONTAINS(m, "dyad: section.img: error: corrupt dictionary image: section 4");
  /* the intact copy loads */
  memcpy(copy, img, n);
  dy_dict *ok = dy_dict_from_memory(copy, n, "ok.img");
  ASSERT(ok != NULL);
  dy_dict_free(&ok);
  free(copy);
  dy_dict_free(&d);
}

TEST(image_random_corruption_never_reads_out_of_bounds) {
  /* Every 4-byte word after the header is overwritten with a random value
   * (checksum recomputed so the structural checks are what is tested): the
   * loader either rejects the image or every lookup stays in bounds (ASan
   * would catch a stray read in `make sanitize`). */
  dy_dict *d = mixed();
  size_t n;
  const unsigned char *img = dy_dict_image_bytes(d, &n);
  unsigned char *copy = aligned_alloc(16, (n + 15) / 16 * 16);
  dy_diag_set_quiet(1);
  FILE *f = diag_open();
  uint64_t seed = 42;
  int rejected = 0, accepted = 0;
  for (size_t off = sizeof(dy_dict_header); off + 4 <= n; off += 4) {
    memcpy(copy, img, n);
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    uint32_t v = (uint32_t)(seed >> 33);
    memcpy(copy + off, &v, 4);
    dy_dict_header *h = (dy_dict_header *)copy;
    h->checksum = dy_dict_checksum(copy + h->header_size, n - h->header_size);
    dy_dict *e = dy_dict_from_memory(copy, n, "fuzz.img");
    if (!e) { rejected++; continue; }
    accepted++;
    actor_at(e, "sam gamgee", 20090101, NULL);
    actor_at(e, "united states army", 0, NULL);
    dy_agent_match am;
    agent_at(e, "congressmen", &am);
    dy_verb_match vm;
    if (verb_at(e, "cordoned off", 0, &vm)) {
      dy_verb_form vf;
      dy_verb_block vb;
      dy_dict_verb_form(e, vm.form, &vf);
      dy_dict_verb_block(e, vm.block, &vb);
      for (uint32_t i = 0; i < vb.npatterns; i++) {
        dy_verb_pattern p;
        dy_dict_verb_pattern(e, vb.first_pattern + i, &p);
        for (uint32_t k = 0; k < p.nelem; k++) {
          dy_pat_elem pe;
          dy_dict_pattern_elem(e, vb.first_pattern + i, k, &pe);
        }
      }
    }
    dy_dict_counts c;
    dy_dict_counts_get(e, &c);
    dy_dict_free(&e);
  }
  diag_close(f);
  ASSERT(rejected > 0);
  ASSERT(accepted > 0);
  free(copy);
  dy_dict_free(&d);
}

/* ------------------------------------------------------------ the real files */

TEST(shared_validation_dictionaries_load_without_errors) {
  const char *dir = test_shared("petrarch/dictionaries");
  if (!dir) test_skip("../shared/petrarch/dictionaries not present");
  dy_diag_set_quiet(1);
  dy_diag_reset();
  dy_dict_builder *b = dy_dict_builder_new();
  char p[512];
  const char *names[] = {"PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.Validate.verbs.txt",
                         "PETR.Validate.discards.txt"};
  for (int i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    ASSERT_EQ_INT(0, dy_dict_builder_add_path(b, p));
  }
  dy_dict *d = dy_dict_builder_finish(&b);
  ASSERT_EQ_INT(0, dy_diag_count(DY_ERROR));
  ASSERT_STR_EQ("HOBGOV", actor_at(d, "Gollum", 19970101, NULL));
  ASSERT_STR_EQ("HOBREB", actor_at(d, "Smeagol", 20000101, NULL));
  ASSERT_STR_EQ("HOB", actor_at(d, "Stinker", 19900101, NULL)); /* "[HOB < 950601]" */
  ASSERT_STR_EQ("IGOCOPITP", actor_at(d, "Interpol", 0, NULL));
  dy_agent_match am;
  ASSERT(agent_at(d, "ministries of silly walks", &am));
  ASSERT_STR_EQ("GOV", am.code);
  dy_verb_match vm;
  ASSERT(verb_at(d, "abandoned", 0, &vm));
  ASSERT_STR_EQ("345", vm.code);
  ASSERT(verb_at(d, "klm nop rst", 2, &vm)); /* KLM_NOP_+RST [002] */
  ASSERT_STR_EQ("002", vm.code);
  dy_verb_block vb;
  dy_dict_verb_block(d, vm.block, &vb);
  ASSERT_STR_EQ("ABANDON", vb.name);
  ASSERT_EQ_INT(5, vb.npatterns);
  dy_dict_free(&d);
}

TEST(readers_survive_garbage) {
  /* Random lines built from the characters the formats care about: every
   * reader must report and go on, never crash (ASan in `make sanitize`). */
  static const char alphabet[] = "AB_ +-[]{}()<>!~#&$%^*:;=\"0123456789\t\n/.-\xC3\xA9\xFF";
  uint64_t seed = 7;
  char buf[4096];
  dy_diag_set_quiet(1);
  FILE *f = diag_open();
  for (int round = 0; round < 300; round++) {
    size_t n = 0;
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t len = (size_t)(seed >> 40) % (sizeof buf - 1);
    for (; n < len; n++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      buf[n] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
    }
    buf[n] = 0;
    dy_dict_builder *b = dy_dict_builder_new();
    for (int k = DY_DICT_VERBS; k < DY_DICT__KINDS; k++)
      dy_dict_builder_add_text(b, "fuzz.txt", (dy_dict_kind)k, buf, n);
    dy_dict *d = dy_dict_builder_finish(&b);
    ASSERT(d != NULL);
    actor_at(d, "a b", 20000101, NULL);
    dy_dict_free(&d);
  }
  diag_close(f);
}
