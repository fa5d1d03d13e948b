/* Relative dates. Expected dates worked out by hand with a calendar:
 * 2018-01-31 is a Wednesday, 2018-01-29 the Monday of that week; 2019-01-01
 * a Tuesday; 2016-03-01 a Tuesday (2016 is a leap year); 2018-02-04 a
 * Sunday; 2018-03-01 a Thursday. */
#include "../../src/storypass/storypass.h"
#include "../test.h"

/* Splits `text` on spaces into tokens (norm = dy_fold of raw). */
static dy_token *toks(dy_arena *a, const char *text, uint32_t *n) {
  uint32_t cap = 1;
  for (const char *p = text; *p; p++) cap += *p == ' ';
  dy_token *t = dy_arena_alloc(a, cap * sizeof *t);
  *n = 0;
  const char *p = text;
  while (*p) {
    while (*p == ' ') p++;
    if (!*p) break;
    const char *e = p;
    while (*e && *e != ' ') e++;
    t[*n].raw = (dy_str){p, (uint32_t)(e - p)};
    t[*n].norm = dy_fold(a, p, (size_t)(e - p));
    t[*n].off = (uint32_t)(p - text);
    if (*p >= 'A' && *p <= 'Z') t[*n].flags = DY_TOK_CAP;
    (*n)++;
    p = e;
  }
  return t;
}

static dy_date res(const char *text, dy_date story) {
  dy_arena *a = dy_arena_new();
  uint32_t n;
  dy_token *t = toks(a, text, &n);
  dy_date d = dy_date_resolve(t, n, story, NULL, NULL);
  dy_arena_free(&a);
  return d;
}

#define WED 20180131
#define CHECK(want, text, story)                                            \
  do { dy_date g_ = res(text, story);                                       \
    if (g_ != (want)) test_fail(__FILE__, __LINE__, "\"%s\" on %d: want %d, got %d", \
                                text, (int)(story), (int)(want), (int)g_); } while (0)

TEST(weekdays_refer_to_the_past_six_days) {
  CHECK(20180130, "Rebels attacked the town on Tuesday .", WED);
  CHECK(20180130, "Rebels attacked the town Tuesday", WED);
  CHECK(20180130, "Rebels attacked the town late Tuesday", WED);
  CHECK(20180130, "The talks ended Tuesday without a deal", WED);
  CHECK(20180130, "Fighting broke out Tuesday night", WED);
  CHECK(20180131, "Fighting broke out on Wednesday", WED);  /* same weekday: the story date */
  CHECK(20180125, "Fighting broke out on Thursday", WED);
  CHECK(20180129, "Fighting broke out early Monday", WED);
  CHECK(20180128, "Fighting broke out Sunday", WED);
  CHECK(20180203, "Police said on Saturday", 20180204);
  CHECK(20180129, "Police said on Monday", 20180204);
  CHECK(20181231, "Police said on Monday", 20190101);     /* across the year */
}

TEST(future_tense_and_next) {
  CHECK(20180201, "Lavrov will meet Kerry on Thursday", WED);
  CHECK(20180131, "Lavrov will meet Kerry on Wednesday", WED);
  CHECK(20180206, "Lavrov will meet Kerry on Tuesday", WED);
  CHECK(20180206, "Lavrov wo n't meet Kerry on Tuesday", WED);
  CHECK(20180206, "Talks are scheduled for Tuesday", WED);
  CHECK(20180130, "The planned talks collapsed Tuesday", WED);
  CHECK(20180206, "They meet again next Tuesday", WED);
  CHECK(20180207, "They meet again next Wednesday", WED);
  CHECK(20180130, "They met last Tuesday", WED);
  CHECK(20180124, "They met last Wednesday", WED);
  /* "said Tuesday ... will" : the marker comes after the date */
  CHECK(20180130, "Officials said Tuesday talks will resume", WED);
}

TEST(weekday_with_week) {
  CHECK(20180123, "They met on Tuesday last week", WED);
  CHECK(20180206, "They meet on Tuesday next week", WED);
  CHECK(20180202, "They meet on Friday of this week", WED);
  CHECK(20180127, "They met last weekend", WED);
  CHECK(20180127, "They met last weekend", 20180204);  /* Sunday: not the day before */
}

TEST(day_words) {
  CHECK(20180130, "Rebels attacked yesterday", WED);
  CHECK(20180130, "Rebels attacked yesterday morning", WED);
  CHECK(20180131, "Rebels attacked today", WED);
  CHECK(20180131, "Rebels attack tonight", WED);
  CHECK(20180131, "Rebels attacked this morning", WED);
  CHECK(20180201, "Rebels attack tomorrow", WED);
  CHECK(20180130, "Rebels attacked last night", WED);
  CHECK(20180129, "Rebels attacked the day before yesterday", WED);
  CHECK(20181231, "Rebels attacked yesterday", 20190101);
  CHECK(20180228, "Rebels attacked yesterday", 20180301);
  CHECK(20160229, "Rebels attacked yesterday", 20160301);
}

TEST(weeks_months_years) {
  CHECK(20180124, "Rebels attacked last week", WED);
  CHECK(20171231, "Rebels attacked last month", WED);
  CHECK(20170131, "Rebels attacked last year", WED);
  CHECK(20180228, "Rebels attacked last month", 20180331);
  CHECK(20160229, "Rebels attacked last month", 20160331);
  CHECK(20150228, "Rebels attacked last year", 20160229);
  CHECK(20180129, "Rebels attacked earlier this week", WED);
  CHECK(20180129, "Rebels attacked earlier this week", 20180129); /* Monday itself */
  CHECK(20180129, "Rebels attacked earlier this week", 20180204); /* Sunday */
  CHECK(20180101, "Rebels attacked earlier this month", WED);
  CHECK(20180207, "They meet next week", WED);
  CHECK(20180228, "They meet next month", WED);
}

TEST(ago) {
  CHECK(20180129, "Rebels attacked two days ago", WED);
  CHECK(20180130, "Rebels attacked a day ago", WED);
  CHECK(20180110, "Rebels attacked 3 weeks ago", WED);
  CHECK(20171231, "Rebels attacked a month ago", WED);
  CHECK(20000131, "Rebels attacked 18 years ago", WED);
  CHECK(20181230, "Rebels attacked two days ago", 20190101);
}

TEST(calendar_dates) {
  CHECK(20180130, "Rebels attacked on Jan. 30", WED);
  CHECK(20180130, "Rebels attacked on Jan . 30", WED);
  CHECK(20180130, "Rebels attacked on January 30", WED);
  CHECK(20180130, "Rebels attacked on 30 January", WED);
  CHECK(20180130, "Rebels attacked on the 30th of January", WED);
  CHECK(20180130, "Rebels attacked on January 30th", WED);
  CHECK(20170130, "Rebels attacked on Jan 30 , 2017", WED);
  CHECK(20170130, "Rebels attacked on 30 January 2017", WED);
  CHECK(20180115, "Rebels attacked on 2018-01-15", WED);
  CHECK(20180131, "Rebels attacked on Jan. 31", WED);    /* the story date itself */
  CHECK(20170202, "Rebels attacked on Feb. 2", WED);     /* not after the story date */
  CHECK(20180202, "Parliament will vote on Feb. 2", WED); /* future tense */
  CHECK(20181230, "Rebels attacked on Dec. 30", 20190101);
  CHECK(20170905, "Rebels attacked on Sept. 5", WED);
  CHECK(20160229, "Rebels attacked on Feb. 29", 20190301); /* the last leap day */
  CHECK(20160229, "Rebels attacked on Feb. 29", 20160301);
  CHECK(20190301, "Rebels attacked on Feb. 29 , 2019", 20190301); /* impossible: none */
  CHECK(WED, "Rebels attacked on Jan. 32", WED);
}

TEST(not_dates) {
  CHECK(WED, "The minister visited Paris", WED);
  CHECK(WED, "About 20 may have died", WED);
  CHECK(WED, "Thousands march 20 kilometres", WED);
  CHECK(WED, "Rebels have held the town since Jan. 30", WED);
  CHECK(WED, "Talks continue until Tuesday", WED);
  CHECK(WED, "Rebels violated the August 13 peace accord", WED);
  CHECK(WED, "Rebels violated the Tuesday accord", WED);
  CHECK(WED, "", WED);
  ASSERT_EQ_INT(WED, dy_date_resolve(NULL, 0, WED, NULL, NULL));
}

TEST(unknown_story_date_gives_unknown) {
  CHECK(0, "Rebels attacked yesterday", 0);
  CHECK(0, "Rebels attacked on Jan. 30 , 2018", 0);
  CHECK(0, "Rebels attacked", 0);
}

TEST(spans) {
  dy_arena *a = dy_arena_new();
  uint32_t n, f = 99, l = 99;
  dy_token *t = toks(a, "Rebels attacked the town late Tuesday night , police said", &n);
  ASSERT_EQ_INT(20180130, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(4, f);
  ASSERT_EQ_INT(7, l);
  t = toks(a, "Rebels attacked", &n);
  ASSERT_EQ_INT(WED, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(0, f);
  ASSERT_EQ_INT(0, l);
  t = toks(a, "They met on Jan. 30 , 2017 in Sochi", &n);
  ASSERT_EQ_INT(20170130, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(2, f);
  ASSERT_EQ_INT(7, l);
  dy_arena_free(&a);
}

TEST(several_expressions) {
  const char *s = "Officials said on Thursday that rebels attacked the town on Tuesday";
  CHECK(20180130, s, WED);  /* the one not attached to "said" */
  dy_arena *a = dy_arena_new();
  uint32_t n;
  dy_token *t = toks(a, s, &n);
  ASSERT_EQ_INT(20180130, dy_date_resolve_at(t, n, WED, 6, NULL, NULL)); /* attacked */
  ASSERT_EQ_INT(20180125, dy_date_resolve_at(t, n, WED, 1, NULL, NULL)); /* said */
  t = toks(a, "Moscow said Monday it will hold talks on Friday", &n);
  ASSERT_EQ_INT(20180202, dy_date_resolve_at(t, n, WED, 5, NULL, NULL)); /* hold */
  ASSERT_EQ_INT(20180129, dy_date_resolve_at(t, n, WED, 1, NULL, NULL)); /* said */
  t = toks(a, "Serb forces killed three Albanians Friday , a council said in remarks published Sunday", &n);
  ASSERT_EQ_INT(20180126, dy_date_resolve_at(t, n, WED, 2, NULL, NULL));
  dy_arena_free(&a);
}

/* find_all tries the matchers only where a core token (digit, weekday, day
 * word) is at most 3 tokens ahead: expressions that start before theirs,
 * after a long stretch without any. */
TEST(expressions_start_before_their_core_word) {
  dy_arena *a = dy_arena_new();
  uint32_t n, f = 99, l = 99;
  dy_token *t = toks(a, "After long and difficult talks in the capital the rebels attacked the day before yesterday", &n);
  ASSERT_EQ_INT(20180129, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(11, f);
  ASSERT_EQ_INT(15, l);
  t = toks(a, "Many people in the old quarter of the city fled two weeks ago", &n);
  ASSERT_EQ_INT(20180117, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(10, f);
  ASSERT_EQ_INT(13, l);
  t = toks(a, "Talks that the envoys of both sides began over the weekend ended", &n);
  ASSERT_EQ_INT(20180127, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(8, f);
  ASSERT_EQ_INT(11, l);
  t = toks(a, "Nothing here names a day at all , officials said", &n);
  ASSERT_EQ_INT(WED, dy_date_resolve(t, n, WED, &f, &l));
  ASSERT_EQ_INT(0, f);
  ASSERT_EQ_INT(0, l);
  dy_arena_free(&a);
}

/* The pass: every event dated from its sentence, anchored at its verb. */
TEST(storypass_sets_event_dates) {
  dy_story *s = dy_story_new();
  s->date = WED;
  s->nsent = 3;
  s->sent = dy_arena_alloc(s->arena, 3 * sizeof *s->sent);
  s->sent[0].tok = toks(s->arena, "Officials said on Thursday that rebels attacked Homs on Tuesday",
                        &s->sent[0].ntok);
  s->sent[1].tok = toks(s->arena, "Troops withdrew yesterday", &s->sent[1].ntok);
  s->sent[1].date = 20170615;  /* a record with its own date */
  s->sent[2].tok = toks(s->arena, "Nothing here", &s->sent[2].ntok);
  dy_event *e = dy_story_add_event(s);
  e->sentence = 0;
  e->verb_text = s->sent[0].tok[6].raw;  /* attacked */
  e = dy_story_add_event(s);
  e->sentence = 0;
  e->verb_text = (dy_str){s->sent[0].tok[1].raw.p + 1, 2};  /* inside "said" */
  e = dy_story_add_event(s);
  e->sentence = 1;
  e = dy_story_add_event(s);
  e->sentence = 2;
  e = dy_story_add_event(s);
  e->sentence = 7;  /* out of range: the story date */
  dy_storypass_dates(s);
  ASSERT_EQ_INT(20180130, s->ev[0].date);
  ASSERT_EQ_INT(20180125, s->ev[1].date);
  ASSERT_EQ_INT(20170614, s->ev[2].date);
  ASSERT_EQ_INT(WED, s->ev[3].date);
  ASSERT_EQ_INT(WED, s->ev[4].date);
  s->date = 0;
  dy_storypass_dates(s);
  ASSERT_EQ_INT(0, s->ev[0].date);
  ASSERT_EQ_INT(20170614, s->ev[2].date);  /* the record's own date still counts */
  dy_story_free(&s);
}

TEST(may_and_march_as_months) {
  CHECK(20170520, "Rebels attacked on 20 May", WED);
  CHECK(20170520, "Rebels attacked May 20", WED);
  CHECK(20170320, "Rebels attacked on march 20", WED);
  CHECK(WED, "Thousands march 20 kilometres", WED);
  CHECK(WED, "About 20 may have died", WED);
}

TEST(future_marker_far_before) {
  CHECK(20180204, "The prime minister will meet Eriadori and Calenardhon leaders during a "
                  "brief private visit to Eriador starting on Sunday", WED);
}

TEST(weekend) {
  CHECK(20180127, "Protesters rallied over the weekend", WED);
  CHECK(20180127, "Protesters rallied at the weekend", 20180129);   /* Monday */
  CHECK(20180203, "Protesters rallied this weekend", 20180204);    /* Sunday */
  CHECK(20180203, "Protesters rallied over the weekend", 20180203); /* Saturday */
  CHECK(20180203, "Protesters will rally this weekend", WED);
}

/* ===================================================== 2. references
 *
 * Multi-sentence stories through the real pipeline: text front end ->
 * analysis -> coder with the built-in dictionaries and a dy_refs story
 * context. Expected events are worked out by hand from the built-in
 * dictionaries: Lavrov (Russian Foreign Minister) RUSGOV, Erdogan
 * (Turkish President) TURGOV, the Syrian Negotiation Commission SYROPP,
 * the Kurdish YPG SYRREB, de Mistura IGOUNO (+ ~GOV of "envoy"); verbs:
 * MET 040, CRITICIZE/CONDEMN 111, ACCUSE 112 ("... of aggression" 1123,
 * "... of bombing" 111), PRAISE 051, PUNISH 170. */
#include "../../src/analysis/analysis.h"
#include "../../src/coder/coder.h"
#include "../../src/dict/dict.h"
#include "../../src/text/text.h"

typedef struct refrun {
  dy_coder *c;
  dy_refs *r;
  dy_analyser *a;
} refrun;

static refrun refrun_new(int with_refs) {
  refrun x;
  x.c = dy_coder_new(dy_dict_default(), NULL);
  x.r = NULL;
  if (with_refs) {
    x.r = dy_refs_new(dy_dict_default());
    dy_refs_attach(x.r, x.c);
  }
  x.a = dy_analyser_new();
  return x;
}

/* Codes `text` (story date 2018-01-31); the events as
 * "SENTENCE:SOURCE>TARGET:CODE" separated by spaces, in coding order. */
static const char *code_text(refrun *x, const char *text) {
  dy_story *s = dy_story_new();
  s->text = text;
  s->len = strlen(text);
  s->date = WED;
  s->origin = "story.txt";
  if (dy_text_prepare(s) != 0) test_fail(__FILE__, __LINE__, "dy_text_prepare failed");
  for (uint32_t i = 0; i < s->nsent; i++) dy_analyse_sentence(x->a, s, &s->sent[i]);
  dy_coder_code_story(x->c, s);
  static char out[4096];
  size_t k = 0;
  out[0] = 0;
  for (uint32_t i = 0; i < s->nev && k < sizeof out - 80; i++)
    k += (size_t)snprintf(out + k, sizeof out - k, "%s%u:%s>%s:%s", i ? " " : "", (unsigned)s->ev[i].sentence,
                          s->ev[i].source, s->ev[i].target, s->ev[i].code);
  dy_story_free(&s);
  return out;
}

static const char *code_refs(const char *text) {
  refrun x = refrun_new(1);
  return code_text(&x, text);
}

TEST(he_is_the_last_person_of_the_previous_sentence) {
  const char *t = "Russian Foreign Minister Sergey Lavrov met Syrian opposition leaders in Moscow on Tuesday. "
                  "He criticized Turkey for its military operation.";
  ASSERT_STR_EQ("0:RUSGOV>SYROPP:040 1:RUSGOV>TUR:111", code_refs(t));
  refrun plain = refrun_new(0); /* PETRARCH: nothing crosses a sentence */
  ASSERT_STR_EQ("0:RUSGOV>SYROPP:040", code_text(&plain, t));
}

TEST(sochi_he_praised_de_mistura) {
  /* examples/sochi-congress.txt, second paragraph: "He" is Lavrov */
  ASSERT_STR_EQ("0:RUSGOV>---MED:010 1:RUSGOV>IGOUNOGOV:051",
                code_refs("Lavrov told reporters that the congress had agreed to form a committee to draft a new "
                          "constitution for Syria. He praised the U.N. special envoy Staffan de Mistura for "
                          "attending the talks."));
}

TEST(it_is_the_last_country_or_organisation) {
  ASSERT_STR_EQ("1:IRN>ISR:112", code_refs("Iran condemned the attack on Monday. "
                                           "It accused Israel of violating Syrian airspace."));
  /* "it" does not take a person */
  ASSERT_STR_EQ("0:RUSGOV>USAGOV:040",
                code_refs("Sergey Lavrov met Rex Tillerson in Moscow. It criticized Turkey."));
}

TEST(they_takes_every_member_of_a_compound) {
  ASSERT_STR_EQ("1:IRN>ISR:1123 1:TUR>ISR:1123",
                code_refs("Iran and Turkey met in Tehran on Sunday. They accused Israel of aggression."));
}

TEST(bare_titles_and_object_pronouns) {
  ASSERT_STR_EQ("0:TURGOV>IRN:040 1:TURGOV>IRN:051",
                code_refs("Turkish President Recep Tayyip Erdogan arrived in Tehran on Sunday. "
                          "The president praised Iran for its hospitality."));
  /* "the minister" = the last person with ~GOV; "it" (object) is not
   * the subject of its own clause but Qatar */
  ASSERT_STR_EQ("0:EGYGOV>QAT:111 1:EGYGOV>QAT:1123",
                code_refs("Egypt's foreign minister criticized Qatar. The minister accused it of aggression."));
  ASSERT_STR_EQ("1:SYRREB>RUS:111",
                code_refs("Syrian rebels rejected the plan. The rebels also accused Russia of bombing hospitals."));
}

TEST(quote_speaker_after_the_quotation) {
  ASSERT_STR_EQ("0:IRQGOV>TUR:170",
                code_refs("\"Our government will punish Turkey,\" Iraqi Prime Minister Haider al-Abadi told "
                          "reporters."));
}

TEST(quote_over_several_sentences) {
  /* the speaker is named in the next sentence, then the quotation goes on */
  ASSERT_STR_EQ("0:SYRREB>TUR:111 2:SYRREB>RUS:111",
                code_refs("\"We condemn the Turkish invasion. Our forces will fight back,\" the Kurdish YPG said "
                          "in a statement. \"We also condemn Russia.\""));
}

TEST(spokesman_speaks_for_the_organisation) {
  ASSERT_STR_EQ("1:SYROPP>RUS:111",
                code_refs("The Syrian Negotiation Commission, the main opposition body, rejected the outcome. "
                          "\"We condemn Russia,\" spokesman Yahya al-Aridi said in a statement."));
}

TEST(no_antecedent_no_event) {
  /* first person outside a quotation */
  ASSERT_STR_EQ("", code_refs("We condemn Turkey."));
  /* two paragraph breaks away */
  ASSERT_STR_EQ("", code_refs("Sergey Lavrov arrived late.\n\nThe talks were long.\n\nHe criticized Turkey."));
  /* one break is fine */
  ASSERT_STR_EQ("1:RUSGOV>TUR:111", code_refs("Sergey Lavrov arrived late.\n\nHe criticized Turkey."));
}

TEST(context_resets_at_each_story) {
  refrun x = refrun_new(1);
  ASSERT_STR_EQ("0:RUSGOV>TUR:111", code_text(&x, "Sergey Lavrov criticized Turkey."));
  ASSERT_STR_EQ("", code_text(&x, "He criticized Iran."));
}

TEST(pronoun_with_a_subject_in_a_higher_clause_stays_there) {
  /* "it" is the mission, not Iran from the sentence before: the OSCE
   * (IGO since dyad.actors.txt has its abbreviation) threatened Turkey */
  ASSERT_STR_EQ("0:IRN>ISR:111 1:IGO>TUR:130",
                code_refs("Iran criticized Israel. The OSCE monitoring mission denied that it had threatened Turkey."));
  /* with an uncoded mission, "it" has no code and there is no event */
  ASSERT_STR_EQ("0:IRN>ISR:111",
                code_refs("Iran criticized Israel. The monitoring mission denied that it had threatened Turkey."));
}

TEST(generic_bare_agents_stay_as_coded) {
  /* "the detainees" (~OPP) is not the opposition named before */
  ASSERT_STR_EQ("0:SYROPP>TUR:111 1:---OPP>RUS:1123",
                code_refs("Syrian opposition leaders criticized Turkey. The detainees accused Russia of aggression."));
}

TEST(group_nouns_them_and_she) {
  /* "the troops" (~MIL) = Turkish troops (TURMIL); SHELL is in the
   * GUNFIRE block (190); villages ~CVL */
  ASSERT_STR_EQ("0:TURMIL>---UAF:190 1:TURMIL>SYRCVL:190",
                code_refs("Turkish troops attacked Kurdish militia in Afrin. "
                          "The troops also shelled Syrian villages."));
  /* "them" = both members of the compound */
  ASSERT_STR_EQ("1:RUS>IRN:111 1:RUS>TUR:111", code_refs("Iran and Turkey met in Tehran. Russia criticized them."));
  /* ARRIVE 040 (Ankara = TUR); "she" = Merkel (DEUGOV) */
  ASSERT_STR_EQ("0:DEUGOV>TUR:040 1:DEUGOV>TUR:111",
                code_refs("German Chancellor Angela Merkel arrived in Ankara. She criticized Turkey for the offensive."));
}

TEST(speaker_as_pronoun_after_the_quote_and_according_to) {
  ASSERT_STR_EQ("0:RUSGOV>TUR:170", code_refs("Sergey Lavrov said: \"We will punish Turkey.\""));
  /* "it" (the speaker, outside the quotation) is not the quotation's "We"
   * but the YPG of the sentence before; then "We" is the YPG */
  ASSERT_STR_EQ("1:SYRREB>RUS:111",
                code_refs("The Kurdish YPG issued a statement. \"We condemn Russia,\" it said."));
  ASSERT_STR_EQ("0:SYRREB>IRN:111", code_refs("\"We condemn Iran,\" according to the Kurdish YPG."));
}
