/* Tests of the text front end: UTF-8 repair, datelines, sentence splitting,
 * Penn Treebank tokens, flags and norms. Expected outputs are written by
 * hand. Sentences are shown as their tokens joined by spaces, sentences
 * separated by " | ". */
#include "../../src/text/text.h"
#include "../test.h"

#include <time.h>

static dy_story *prep_n(const char *text, size_t n) {
  dy_story *s = dy_story_new();
  s->text = text;
  s->len = n;
  s->origin = "story.txt";
  s->line = 7;
  if (dy_text_prepare(s) != 0) test_fail(__FILE__, __LINE__, "dy_text_prepare failed");
  return s;
}
static dy_story *prep(const char *text) { return prep_n(text, strlen(text)); }

/* The sentences of a story as "tok tok | tok tok". */
static const char *show(const dy_story *s) {
  static char buf[1 << 16];
  size_t o = 0;
  buf[0] = 0;
  for (uint32_t i = 0; i < s->nsent; i++) {
    if (i) o += (size_t)snprintf(buf + o, sizeof buf - o, " | ");
    for (uint32_t j = 0; j < s->sent[i].ntok; j++) {
      const dy_token *t = &s->sent[i].tok[j];
      o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s", j ? " " : "", (int)t->raw.n, t->raw.p);
    }
  }
  return buf;
}
static const char *toks(const char *text) { return show(prep(text)); }

/* The token of a story whose raw text is w (first match). */
static const dy_token *find_tok(const dy_story *s, const char *w) {
  for (uint32_t i = 0; i < s->nsent; i++)
    for (uint32_t j = 0; j < s->sent[i].ntok; j++)
      if (dy_str_eq_c(s->sent[i].tok[j].raw, w)) return &s->sent[i].tok[j];
  test_fail(__FILE__, __LINE__, "no token \"%s\" in: %s", w, show(s));
}

/* ------------------------------------------------------------ tokens */

TEST(contractions_split_as_penn_treebank) {
  ASSERT_STR_EQ("I did n't know they ca n't or wo n't .",
                toks("I didn't know they can't or won't."));
  ASSERT_STR_EQ("It 's here , they 're there , we 've gone , I 'll go , he 'd say , I 'm in .",
                toks("It's here, they're there, we've gone, I'll go, he'd say, I'm in."));
  ASSERT_STR_EQ("We can not and DO N'T .", toks("We cannot and DON'T."));
  ASSERT_STR_EQ("O'Brien and O'Neill 's rock'n'roll .", toks("O'Brien and O'Neill's rock'n'roll."));
}

TEST(possessives_split) {
  ASSERT_STR_EQ("Russia 's UN ambassador and the States ' role .",
                toks("Russia's UN ambassador and the States' role."));
  ASSERT_STR_EQ("Egypt 's Muslim Brotherhood", toks("Egypt's Muslim Brotherhood"));
  ASSERT_STR_EQ("Exxon Corp. 's shares and the 1990 's and ( U.N. ) 'S", toks("Exxon Corp.'s shares and the 1990's and (U.N.)'S"));
}

/* PETRARCH's texts join a name's words with underscores ("Dol_Amroth");
 * the words are tokens of their own (as in the parses and dictionaries),
 * past the 16-byte vector scan too, and the pieces keep their own classes
 * and clitics. Addresses and paths stay whole. */
TEST(underscores_split_joined_words) {
  ASSERT_STR_EQ("the Prince of Dol Amroth warned .", toks("the Prince of Dol_Amroth warned."));
  ASSERT_STR_EQ("the Abcdefghij Klmnopqrstuv Wxyz army", toks("the Abcdefghij_Klmnopqrstuv_Wxyz army"));
  ASSERT_STR_EQ("Dol Amroth 's prince and New York", toks("Dol_Amroth's prince and __New__York_"));
  dy_story *s = prep("the Prince of Dol_Amroth and 1_000 men");
  ASSERT(find_tok(s, "Amroth")->flags & DY_TOK_CAP);
  ASSERT(dy_str_eq(find_tok(s, "Amroth")->norm, (dy_str){"amroth", 6})); /* the piece is folded on its own */
  ASSERT(find_tok(s, "1")->flags & DY_TOK_NUMBER);
  ASSERT(find_tok(s, "000")->flags & DY_TOK_NUMBER);
  ASSERT_STR_EQ("mail john_doe@example.org or see a/b_c .", toks("mail john_doe@example.org or see a/b_c."));
}

TEST(numbers_decimals_and_money) {
  ASSERT_STR_EQ("Prices rose 3.5 percent , or 1,393 dollars , to $ 1.5 million at 10:30 , 5 % more .",
                toks("Prices rose 3.5 percent, or 1,393 dollars, to $1.5 million at 10:30, 5% more."));
  dy_story *s = prep("He paid 1,393 of 40,000 in 2014.");
  ASSERT(find_tok(s, "1,393")->flags & DY_TOK_NUMBER);
  ASSERT(find_tok(s, "40,000")->flags & DY_TOK_NUMBER);
  ASSERT(find_tok(s, "2014")->flags & DY_TOK_NUMBER);
  ASSERT(!(find_tok(s, "paid")->flags & DY_TOK_NUMBER));
  ASSERT(find_tok(s, ".")->flags & DY_TOK_PUNCT);
  ASSERT_STR_EQ("A 500-page report on the 1990s .", toks("A 500-page report on the 1990s."));
  ASSERT_STR_EQ("In the '90s .", toks("In the '90s."));
}

TEST(hyphens_dashes_and_brackets) {
  ASSERT_STR_EQ("al-Assad co-sponsored a 10-month-old plan -- which failed - he said .",
                toks("al-Assad co-sponsored a 10-month-old plan--which failed - he said."));
  ASSERT_STR_EQ("The European Union ( EU ) agreed [ today ] { x } .",
                toks("The European Union (EU) agreed [today] {x}."));
  ASSERT_STR_EQ("A U.S.-led force and AT&T and and/or .", toks("A U.S.-led force and AT&T and and/or."));
}

TEST(abbreviations_keep_their_period) {
  ASSERT_STR_EQ("Mr. Smith met Gen. Jones , Lt. Col. Brown , Sen. Rep. Gov. Pres. Dr. Mrs. Ms. Lee .",
                toks("Mr. Smith met Gen. Jones, Lt. Col. Brown, Sen. Rep. Gov. Pres. Dr. Mrs. Ms. Lee."));
  ASSERT_STR_EQ("St. Sgt. Capt. Maj. Adm. Prof. Rev. Hall arrived .",
                toks("St. Sgt. Capt. Maj. Adm. Prof. Rev. Hall arrived."));
  ASSERT_STR_EQ("On Jan. 30 , Feb. 2 , Aug. 5 , Sept. 9 , Oct. 1 , Nov. 3 and Dec. 24 talks began .",
                toks("On Jan. 30, Feb. 2, Aug. 5, Sept. 9, Oct. 1, Nov. 3 and Dec. 24 talks began."));
  ASSERT_STR_EQ("Acme Inc. and Foo Corp. and Bar Co. and Baz Ltd. vs. others , etc. and No. 10 .",
                toks("Acme Inc. and Foo Corp. and Bar Co. and Baz Ltd. vs. others, etc. and No. 10."));
  ASSERT_STR_EQ("The U.N. and U.S. and U.K. and E.U. met at 5 p.m. , e.g. today .",
                toks("The U.N. and U.S. and U.K. and E.U. met at 5 p.m., e.g. today."));
}

TEST(capitalised_abbreviations_only_match_capitalised) {
  ASSERT_STR_EQ("He was ill . | Then he left .", toks("He was ill. Then he left."));
  ASSERT_STR_EQ("Sen. John McCain , R-Ariz. , spoke .", toks("Sen. John McCain, R-Ariz., spoke."));
  ASSERT_STR_EQ("The answer is No . | He left .", toks("The answer is No. He left."));
}

TEST(initials_stay_with_their_period) {
  ASSERT_STR_EQ("George W. Bush met John F. Kennedy Jr. in 2001 .",
                toks("George W. Bush met John F. Kennedy Jr. in 2001."));
}

TEST(quotes_are_separate_tokens_and_mark_quoted) {
  ASSERT_STR_EQ("France condemned as `` unacceptable '' allegations .",
                toks("France condemned as`` unacceptable'' allegations."));
  dy_story *s = prep("He said \"we will go\" and left.");
  ASSERT_STR_EQ("He said \" we will go \" and left .", show(s));
  ASSERT(find_tok(s, "we")->flags & DY_TOK_QUOTED);
  ASSERT(find_tok(s, "go")->flags & DY_TOK_QUOTED);
  ASSERT(!(find_tok(s, "said")->flags & DY_TOK_QUOTED));
  ASSERT(!(find_tok(s, "left")->flags & DY_TOK_QUOTED));
  ASSERT(find_tok(s, "\"")->flags & DY_TOK_PUNCT);
}

TEST(quoted_state_ends_at_paragraph_break) {
  dy_story *s = prep("\"We will fight on.\n\n\"We will win,\" he said.\n\nThey left.");
  ASSERT_EQ_INT(3, s->nsent);
  ASSERT(find_tok(s, "fight")->flags & DY_TOK_QUOTED);
  ASSERT(find_tok(s, "win")->flags & DY_TOK_QUOTED);
  ASSERT(!(find_tok(s, "he")->flags & DY_TOK_QUOTED));
  ASSERT(!(find_tok(s, "They")->flags & DY_TOK_QUOTED));
}

TEST(urls_emails_and_handles_are_one_token) {
  ASSERT_STR_EQ("See http://example.com/a?b=1 . | Mail john.doe@example.org or @dyad_bot now .",
                toks("See http://example.com/a?b=1. Mail john.doe@example.org or @dyad_bot now."));
  ASSERT_STR_EQ("Visit www.un.org , then ( https://x.org/p ) .",
                toks("Visit www.un.org, then (https://x.org/p)."));
}

TEST(non_ascii_letters_are_letters) {
  dy_story *s = prep("Erdoğan met Ñáñez in São Paulo.");
  ASSERT_STR_EQ("Erdoğan met Ñáñez in São Paulo .", show(s));
  ASSERT(find_tok(s, "Ñáñez")->flags & DY_TOK_CAP);
  ASSERT_SPAN_EQ("ñáñez", find_tok(s, "Ñáñez")->norm);
  ASSERT_SPAN_EQ("erdoğan", find_tok(s, "Erdoğan")->norm);
}

TEST(typographic_punctuation_folded_in_norm_raw_kept) {
  dy_story *s = prep("\xE2\x80\x9CWe won\xE2\x80\x99t,\xE2\x80\x9D he said \xE2\x80\x94 in\xC2\xA0Paris.");
  ASSERT_STR_EQ("\xE2\x80\x9C We wo n\xE2\x80\x99t , \xE2\x80\x9D he said \xE2\x80\x94 in Paris .", show(s));
  const dy_token *t = find_tok(s, "\xE2\x80\x9C");
  ASSERT_SPAN_EQ("\"", t->norm);
  ASSERT(t->flags & DY_TOK_PUNCT);
  ASSERT_SPAN_EQ("n't", find_tok(s, "n\xE2\x80\x99t")->norm);
  ASSERT_SPAN_EQ("-", find_tok(s, "\xE2\x80\x94")->norm);
  ASSERT_SPAN_EQ("\"", find_tok(s, "\xE2\x80\x9D")->norm);
  ASSERT(find_tok(s, "wo")->flags & DY_TOK_QUOTED);
  ASSERT(!(find_tok(s, "he")->flags & DY_TOK_QUOTED));
}

TEST(norm_is_lower_case_and_not_copied_when_unchanged) {
  const char *text = "The Army said no.";
  dy_story *s = prep(text);
  const dy_token *the = find_tok(s, "The"), *said = find_tok(s, "said");
  ASSERT_SPAN_EQ("the", the->norm);
  ASSERT(the->flags & DY_TOK_CAP);
  ASSERT(said->norm.p == said->raw.p);
  ASSERT(!(said->flags & DY_TOK_CAP));
  ASSERT_SPAN_EQ("army", find_tok(s, "Army")->norm);
  /* tags are left for the tagger */
  ASSERT_EQ_INT(0, the->tag);
}

TEST(offsets_point_into_the_story_text) {
  const char *text = "  Mr. Putin didn't go.\n\nHe stayed.";
  dy_story *s = prep(text);
  for (uint32_t i = 0; i < s->nsent; i++)
    for (uint32_t j = 0; j < s->sent[i].ntok; j++) {
      const dy_token *t = &s->sent[i].tok[j];
      ASSERT(t->raw.p == s->text + t->off);
    }
  ASSERT_EQ_INT(2, find_tok(s, "Mr.")->off);
  ASSERT_EQ_INT(12, find_tok(s, "did")->off);
  ASSERT_EQ_INT(15, find_tok(s, "n't")->off);
  ASSERT_SPAN_EQ("Mr. Putin didn't go.", s->sent[0].text);
  ASSERT_SPAN_EQ("He stayed.", s->sent[1].text);
}

/* ------------------------------------------------------------ sentences */

TEST(splits_on_final_punctuation) {
  ASSERT_STR_EQ("He was born in 1990 . | She was not . | Why ? | Because ! | Done",
                toks("He was born in 1990. She was not. Why? Because! Done"));
}

TEST(quote_after_period_stays_with_the_sentence) {
  ASSERT_STR_EQ("\" We will show restraint . \" | He said so .",
                toks("\"We will show restraint.\" He said so."));
  ASSERT_STR_EQ("It ended ( finally . ) | Next .", toks("It ended (finally.) Next."));
  ASSERT_STR_EQ("\" Why ? \" he asked .", toks("\"Why?\" he asked."));
  ASSERT_STR_EQ("He left . | \" We won , \" he said .", toks("He left. \"We won,\" he said."));
}

TEST(us_at_sentence_end_is_ambiguous) {
  ASSERT_STR_EQ("He lives in the U.S. | He said so .", toks("He lives in the U.S. He said so."));
  ASSERT_STR_EQ("The U.S. Army said so .", toks("The U.S. Army said so."));
  ASSERT_STR_EQ("Sanctions were imposed by the U.S.", toks("Sanctions were imposed by the U.S."));
  ASSERT_STR_EQ("It was Apple Inc. | The company agreed .", toks("It was Apple Inc. The company agreed."));
  ASSERT_STR_EQ("Apple Inc. said so .", toks("Apple Inc. said so."));
}

TEST(ellipsis_is_one_token) {
  ASSERT_STR_EQ("He paused ... | Then he left . | It was ... odd .",
                toks("He paused... Then he left. It was ... odd."));
  ASSERT_STR_EQ("Wait \xE2\x80\xA6 | Now .", toks("Wait \xE2\x80\xA6 Now."));
}

TEST(missing_space_after_period) {
  ASSERT_STR_EQ("It ended . | The war . | Then Ph.D. and N.Y. and U.S", toks("It ended.The war.Then Ph.D. and N.Y. and U.S"));
}

TEST(lower_case_after_period_does_not_split) {
  ASSERT_STR_EQ("It costs abt . five dollars .", toks("It costs abt. five dollars."));
}

TEST(paragraph_breaks_end_sentences_and_headlines) {
  dy_story *s = prep("OBAMA AIRDROPS FOOD\n\nThe president acted.\nHe spoke\nbriefly.\n \n Officials agreed");
  ASSERT_STR_EQ("OBAMA AIRDROPS FOOD | The president acted . | He spoke briefly . | Officials agreed",
                show(s));
  ASSERT_EQ_INT(4, s->nsent);
  ASSERT_EQ_INT(0, s->sent[0].paragraph);
  ASSERT_EQ_INT(1, s->sent[1].paragraph);
  ASSERT_EQ_INT(1, s->sent[2].paragraph);
  ASSERT_EQ_INT(2, s->sent[3].paragraph);
  ASSERT(s->sent[0].tok[0].flags & DY_TOK_PARA);
  ASSERT(s->sent[1].tok[0].flags & DY_TOK_PARA);
  ASSERT(!(s->sent[2].tok[0].flags & DY_TOK_PARA));
  ASSERT(s->sent[3].tok[0].flags & DY_TOK_PARA);
  ASSERT(!(s->sent[1].tok[1].flags & DY_TOK_PARA));
}

TEST(crlf_paragraphs) {
  dy_story *s = prep("First line\r\n\r\nSecond one.");
  ASSERT_STR_EQ("First line | Second one .", show(s));
  ASSERT_EQ_INT(1, s->sent[1].paragraph);
}

/* ------------------------------------------------------------ datelines */

static void check_dateline(const char *text, const char *want_dateline, const char *want_sents) {
  dy_story *s = prep(text);
  if (!want_dateline) {
    if (s->dateline.n) test_fail(__FILE__, __LINE__, "unexpected dateline \"%.*s\" in %s",
                                 (int)s->dateline.n, s->dateline.p, text);
  } else {
    ASSERT_SPAN_EQ(want_dateline, s->dateline);
  }
  ASSERT_STR_EQ(want_sents, show(s));
}

TEST(datelines_of_agencies) {
  check_dateline("SOCHI, Russia (AP) -- Putin spoke.", "SOCHI, Russia (AP) --", "Putin spoke .");
  check_dateline("WASHINGTON (Reuters) - The U.S. acted.", "WASHINGTON (Reuters) -",
                 "The U.S. acted .");
  check_dateline("BEIRUT, Jan 30 (Reuters) - Rebels fought.", "BEIRUT, Jan 30 (Reuters) -",
                 "Rebels fought .");
  check_dateline("MOSCOW \xE2\x80\x94 Russia warned.", "MOSCOW \xE2\x80\x94", "Russia warned .");
  check_dateline("BEIJING, Jan. 30, 2014 (Xinhua) -- China said.",
                 "BEIJING, Jan. 30, 2014 (Xinhua) --", "China said .");
  check_dateline("GAZA CITY, Palestinian Territories (AFP) - Four died.",
                 "GAZA CITY, Palestinian Territories (AFP) -", "Four died .");
  check_dateline("LYON : Interpol said.", "LYON :", "Interpol said .");
  check_dateline("  S\xC3\x83O PAULO (AP) \xE2\x80\x93 Brazil voted.", "S\xC3\x83O PAULO (AP) \xE2\x80\x93",
                 "Brazil voted .");
  check_dateline("(CNN) -- Talks began.", "(CNN) --", "Talks began .");
  check_dateline("Washington (AP) - Talks began.", "Washington (AP) -", "Talks began .");
  check_dateline("WASHINGTON, D.C. (AP) -- Talks began.", "WASHINGTON, D.C. (AP) --", "Talks began .");
  check_dateline("KABUL, Afghanistan\xE2\x80\x94Taliban attacked.", "KABUL, Afghanistan\xE2\x80\x94",
                 "Taliban attacked .");
}

TEST(dateline_after_headline) {
  dy_story *s = prep("OBAMA AIRDROPS\n\nWASHINGTON -- President Obama is considering airdrops.");
  ASSERT_SPAN_EQ("WASHINGTON --", s->dateline);
  ASSERT_STR_EQ("OBAMA AIRDROPS | President Obama is considering airdrops .", show(s));
  ASSERT_EQ_INT(1, s->sent[1].paragraph);
}

TEST(no_dateline_in_ordinary_text) {
  check_dateline("US, Russia agree to talks - report.", NULL, "US , Russia agree to talks - report .");
  check_dateline("The U.S. - China talks.", NULL, "The U.S. - China talks .");
  check_dateline("NATO said so.", NULL, "NATO said so .");
  check_dateline("Washington (AP) said so.", NULL, "Washington ( AP ) said so .");
  check_dateline("HEADLINE ENDS.\n\nWASHINGTON -- x.", NULL, "HEADLINE ENDS . | WASHINGTON -- x .");
  ASSERT_EQ_INT(0, dy_text_dateline("I - me", 6));
  ASSERT_EQ_INT(0, dy_text_dateline("US-led", 6));
}

/* ------------------------------------------------------------ UTF-8 */

/* Prepares raw bytes, capturing diagnostics. */
static dy_story *prep_bad(const char *bytes, size_t n, char *diag, size_t dsz) {
  FILE *f = tmpfile();
  dy_diag_set_stream(f);
  dy_diag_reset();
  dy_story *s = prep_n(bytes, n);
  dy_diag_set_stream(NULL);
  rewind(f);
  size_t k = fread(diag, 1, dsz - 1, f);
  diag[k] = 0;
  fclose(f);
  return s;
}

#define R "\xEF\xBF\xBD"

static void check_repair(const char *bytes, size_t n, const char *want, size_t want_off, size_t want_bad) {
  size_t off;
  ASSERT_EQ_INT(want_bad, dy_utf8_validate(bytes, n, &off));
  ASSERT_EQ_INT(want_off, off);
  char diag[512];
  dy_story *s = prep_bad(bytes, n, diag, sizeof diag);
  ASSERT_EQ_INT(strlen(want), s->len);
  ASSERT(memcmp(want, s->text, s->len) == 0);
  ASSERT_EQ_INT(0, s->text[s->len]);
  ASSERT_EQ_INT(0, dy_utf8_validate(s->text, s->len, NULL));
  char line[160];
  snprintf(line, sizeof line, "dyad: story.txt:7: error: invalid UTF-8 at byte offset %zu (replaced)",
           want_off);
  ASSERT_CONTAINS(diag, line);
  ASSERT_EQ_INT(1, dy_diag_count(DY_ERROR)); /* one message per story */
  if (want_bad > 1) {
    snprintf(line, sizeof line, "and %zu more invalid sequences", want_bad - 1);
    ASSERT_CONTAINS(diag, line);
  }
}

TEST(utf8_truncated_sequences) {
  check_repair("abc\xE2\x82", 5, "abc" R, 3, 1);                /* at the end */
  check_repair("\xE2\x82x", 3, R "x", 0, 1);                    /* at the start */
  check_repair("a\xF0\x9F\x98 b", 6, "a" R " b", 1, 1);         /* 4-byte, one missing */
  check_repair("a\xC3", 2, "a" R, 1, 1);
}

TEST(utf8_overlong_surrogates_and_bad_bytes) {
  check_repair("\xC0\xAF", 2, R R, 0, 2);                       /* overlong '/' */
  check_repair("x\xE0\x80\x80y", 5, "x" R R R "y", 1, 3);        /* overlong 3-byte */
  check_repair("x\xED\xA0\x80y", 5, "x" R R R "y", 1, 3);        /* surrogate D800 */
  check_repair("ab\xFF" "cd", 5, "ab" R "cd", 2, 1);             /* 0xFF in the middle */
  check_repair("abcd\xFF", 5, "abcd" R, 4, 1);                   /* at the end */
  check_repair("\xFF\xFE", 2, R R, 0, 2);                        /* at the start */
  check_repair("x\xF4\x90\x80\x80", 5, "x" R R R R, 1, 4);       /* above U+10FFFF */
  check_repair("x\x80\xBFy", 4, "x" R R "y", 1, 2);              /* stray continuations */
}

TEST(utf8_valid_text_is_not_copied) {
  const char *text = "Caf\xC3\xA9 \xF0\x9F\x98\x80 ok.";
  size_t off;
  ASSERT_EQ_INT(0, dy_utf8_validate(text, strlen(text), &off));
  ASSERT_EQ_INT(strlen(text), off);
  dy_story *s = prep(text);
  ASSERT(s->text == text);
}

TEST(utf8_replaced_text_is_tokenised) {
  char diag[512];
  dy_story *s = prep_bad("He\xFF said no.", 12, diag, sizeof diag);
  ASSERT_STR_EQ("He" R " said no .", show(s));
  ASSERT_EQ_INT(0, find_tok(s, "He" R)->off);
  ASSERT_EQ_INT(6, find_tok(s, "said")->off);
}

TEST(utf8_repaired_offsets) {
  const char *b = "a\xFF\xFE" "bc\xE2\x82" "d";
  ASSERT_EQ_INT(0, dy_utf8_repaired_offset(b, 8, 0));
  ASSERT_EQ_INT(1, dy_utf8_repaired_offset(b, 8, 1));
  ASSERT_EQ_INT(4, dy_utf8_repaired_offset(b, 8, 2));
  ASSERT_EQ_INT(7, dy_utf8_repaired_offset(b, 8, 3));
  ASSERT_EQ_INT(9, dy_utf8_repaired_offset(b, 8, 5));
  ASSERT_EQ_INT(12, dy_utf8_repaired_offset(b, 8, 7));
  ASSERT_EQ_INT(13, dy_utf8_repaired_offset(b, 8, 8));
}

/* ------------------------------------------------------------ edges */

TEST(empty_and_blank_text) {
  dy_story *s = prep("");
  ASSERT_EQ_INT(0, s->nsent);
  s = prep(" \n\n\t \r\n ");
  ASSERT_EQ_INT(0, s->nsent);
  ASSERT_EQ_INT(0, s->dateline.n);
  s = dy_story_new();
  s->text = NULL;
  s->len = 0;
  ASSERT_EQ_INT(0, dy_text_prepare(s));
  ASSERT_EQ_INT(0, s->nsent);
  dy_diag_set_quiet(1);
  s->text = NULL;
  s->len = 5;
  FILE *devnull = fopen("/dev/null", "w");
  dy_diag_set_stream(devnull);
  ASSERT_EQ_INT(-1, dy_text_prepare(s));
  ASSERT_EQ_INT(-1, dy_text_prepare(NULL));
}

TEST(control_bytes_and_nul_are_blanks) {
  static const char t[] = "a\0b\x01" "c.";
  dy_story *s = prep_n(t, sizeof t - 1);
  ASSERT_STR_EQ("a b c .", show(s));
}

TEST(punctuation_only_and_odd_runs) {
  ASSERT_STR_EQ("!!! | ??", toks("!!! ??"));
  ASSERT_STR_EQ("'' `` ` ' \" \"", toks("'' `` ` ' \" \""));
  ASSERT_STR_EQ("-- - . | . | .", toks("-- - . . ."));
}

TEST(hundred_thousand_token_sentence_is_linear) {
  size_t n = 100000;
  char *buf = malloc(n * 6 + 2);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) { memcpy(buf + o, i % 2 ? "word " : "the, ", 5); o += 5; }
  buf[o++] = '.';
  buf[o] = 0;
  clock_t t0 = clock();
  dy_story *s = prep_n(buf, o);
  double sec = (double)(clock() - t0) / CLOCKS_PER_SEC;
  ASSERT_EQ_INT(1, s->nsent);
  ASSERT_EQ_INT(n + n / 2 + 1, s->sent[0].ntok);
  ASSERT(sec < 2.0);
}

TEST(many_sentences_and_long_story) {
  size_t n = 20000;
  char *buf = malloc(n * 16 + 1);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) { memcpy(buf + o, "He went home.  ", 15); o += 15; }
  buf[o] = 0;
  dy_story *s = prep_n(buf, o);
  ASSERT_EQ_INT(n, s->nsent);
  for (size_t i = 0; i < n; i++) {
    ASSERT_EQ_INT(4, s->sent[i].ntok);
    ASSERT_EQ_INT(i * 15, s->sent[i].tok[0].off);
  }
}

/* ------------------------------------------------------------ lower-level API */

TEST(tokenize_and_split_spans) {
  dy_arena *a = dy_arena_new();
  const char *t = "xx He didn't. She did.";
  uint32_t n;
  dy_token *tk = dy_text_tokenize(a, t + 3, strlen(t) - 3, t, &n);
  ASSERT_EQ_INT(7, n);
  ASSERT_SPAN_EQ("n't", tk[2].raw);
  ASSERT_EQ_INT(9, tk[2].off);
  tk = dy_text_tokenize(a, t, 2, NULL, &n);
  ASSERT_EQ_INT(1, n);
  ASSERT_EQ_INT(UINT32_MAX, tk[0].off);
  ASSERT(dy_text_tokenize(a, "  ", 2, NULL, &n) == NULL && n == 0);
  tk = dy_text_tokenize(a, "a\n\nb", 4, NULL, &n);
  ASSERT_EQ_INT(2, n);
  ASSERT_EQ_INT(0, tk[0].flags | tk[1].flags);
  uint32_t ns;
  dy_sentence *st = dy_text_split(a, t + 3, strlen(t) - 3, t, 5, &ns);
  ASSERT_EQ_INT(2, ns);
  ASSERT_EQ_INT(5, st[0].paragraph);
  ASSERT_SPAN_EQ("She did.", st[1].text);
  ASSERT_EQ_INT(3, st[1].ntok);
  ASSERT(dy_text_split(a, "", 0, NULL, 0, &ns) == NULL && ns == 0);
  dy_arena_free(&a);
}

TEST(preset_sentences_are_tokenised_not_resplit) {
  const char *text = "Mr. Smith left. He did.\nOther text.";
  dy_story *s = dy_story_new();
  s->text = text;
  s->len = strlen(text);
  s->nsent = 2;
  s->sent = dy_arena_alloc(s->arena, 2 * sizeof(dy_sentence));
  s->sent[0].text = (dy_str){text, 23};     /* two sentences given as one */
  s->sent[1].text = dy_str_c("Separate buffer's text.");
  s->sent[1].paragraph = 1;
  ASSERT_EQ_INT(0, dy_text_prepare(s));
  ASSERT_EQ_INT(2, s->nsent);
  ASSERT_STR_EQ("Mr. Smith left . He did . | Separate buffer 's text .", show(s));
  ASSERT_EQ_INT(16, s->sent[0].tok[4].off);
  ASSERT_EQ_INT(UINT32_MAX, s->sent[1].tok[0].off);
  ASSERT(s->sent[0].tok[0].flags & DY_TOK_PARA);
  ASSERT(s->sent[1].tok[0].flags & DY_TOK_PARA);
}

TEST(preset_sentences_follow_repaired_text) {
  static const char text[] = "Bad\xFF one. Good two.";
  dy_story *s = dy_story_new();
  s->text = text;
  s->len = sizeof text - 1;
  s->nsent = 2;
  s->sent = dy_arena_alloc(s->arena, 2 * sizeof(dy_sentence));
  s->sent[0].text = (dy_str){text, 9};
  s->sent[1].text = (dy_str){text + 10, 9};
  FILE *devnull = fopen("/dev/null", "w");
  dy_diag_set_stream(devnull);
  ASSERT_EQ_INT(0, dy_text_prepare(s));
  ASSERT_STR_EQ("Bad" R " one . | Good two .", show(s));
  ASSERT_SPAN_EQ("Good two.", s->sent[1].text);
  ASSERT(s->sent[1].text.p == s->text + 12);
  ASSERT_EQ_INT(12, s->sent[1].tok[0].off);
}

/* ------------------------------------------------------ Penn Treebank leaves */

/* Replaces XML entities in place. */
static void unescape(char *s) {
  static const char *ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                 {"&apos;", "'"}};
  char *o = s;
  while (*s) {
    int done = 0;
    for (size_t i = 0; i < 5 && !done; i++) {
      size_t k = strlen(ent[i][0]);
      if (strncmp(s, ent[i][0], k) == 0) { *o++ = ent[i][1][0]; s += k; done = 1; }
    }
    if (!done) *o++ = *s++;
  }
  *o = 0;
}

/* A leaf or token in comparable form: PTB bracket and quote escapes undone. */
static const char *ptb_unescape(const char *w) {
  static const char *m[][2] = {{"-LRB-", "("}, {"-RRB-", ")"}, {"-LSB-", "["}, {"-RSB-", "]"},
                               {"-LCB-", "{"}, {"-RCB-", "}"}, {"``", "\""}, {"''", "\""},
                               {"`", "'"}};
  for (size_t i = 0; i < 9; i++)
    if (strcmp(w, m[i][0]) == 0) return m[i][1];
  return w;
}

/* The leaves of a parse "(TAG word)" joined by single spaces. */
static void leaves(const char *parse, char *out, size_t cap) {
  size_t o = 0;
  out[0] = 0;
  for (const char *p = parse; *p; p++) {
    if (*p != '(') continue;
    const char *q = p + 1;
    while (*q && *q != ' ' && *q != '(' && *q != ')') q++;
    if (*q != ' ' || q == p + 1) continue;
    const char *w = q + 1;
    const char *we = w;
    while (*we && *we != ')' && *we != '(' && *we != ' ' && *we != '\n') we++;
    if (*we != ')' || we == w) continue;
    char word[256];
    snprintf(word, sizeof word, "%.*s", (int)(we - w), w);
    o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? " " : "", ptb_unescape(word));
  }
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  rewind(f);
  char *b = malloc((size_t)sz + 1);
  *n = fread(b, 1, (size_t)sz, f);
  b[*n] = 0;
  fclose(f);
  return b;
}

static char *between(const char *from, const char *open, const char *close, const char **after) {
  const char *a = strstr(from, open);
  if (!a) return NULL;
  a += strlen(open);
  const char *b = strstr(a, close);
  if (!b) return NULL;
  *after = b + strlen(close);
  char *r = malloc((size_t)(b - a) + 1);
  memcpy(r, a, (size_t)(b - a));
  r[b - a] = 0;
  return r;
}

static int same_without_spaces(const char *a, const char *b) {
  for (;;) {
    while (*a == ' ' || *a == '\n' || *a == '\t') a++;
    while (*b == ' ' || *b == '\n' || *b == '\t') b++;
    if (*a != *b) return 0;
    if (!*a) return 1;
    a++, b++;
  }
}

/* Tokenises each record's <Text> as one preset sentence and compares the
 * tokens with the parse's leaves; counts only records whose text and
 * leaves hold the same characters (some sample texts were edited after
 * parsing). Returns the share of exact matches, in percent. */
static double leaf_agreement(const char *path, int *n_out, int verbose) {
  size_t n;
  char *xml = slurp(path, &n);
  if (!xml) return -1;
  int total = 0, same = 0;
  const char *p = xml;
  for (;;) {
    const char *rec = strstr(p, "<Sentence ");
    if (!rec) break;
    const char *end = strstr(rec, "</Sentence>");
    if (!end) break;
    const char *after;
    char *text = between(rec, "<Text>", "</Text>", &after);
    char *parse = text && after < end ? between(after, "<Parse>", "</Parse>", &after) : NULL;
    p = end + 1;
    if (!text || !parse) continue;
    unescape(text);
    unescape(parse);
    char want[8192], got[8192];
    leaves(parse, want, sizeof want);
    dy_story *s = dy_story_new();
    s->text = text;
    s->len = strlen(text);
    s->nsent = 1;
    s->sent = dy_arena_alloc(s->arena, sizeof(dy_sentence));
    s->sent[0].text = (dy_str){text, (uint32_t)s->len};
    dy_text_prepare(s);
    size_t o = 0;
    got[0] = 0;
    for (uint32_t j = 0; j < s->sent[0].ntok; j++) {
      char w[256];
      dy_str r = s->sent[0].tok[j].raw;
      snprintf(w, sizeof w, "%.*s", (int)r.n, r.p);
      o += (size_t)snprintf(got + o, sizeof got - o, "%s%s", j ? " " : "", ptb_unescape(w));
    }
    if (same_without_spaces(want, got) && want[0]) {
      total++;
      if (strcmp(want, got) == 0) same++;
      else if (verbose) printf("    want: %s\n    got:  %s\n", want, got);
    }
    dy_story_free(&s);
  }
  free(xml);
  *n_out = total;
  return total ? 100.0 * same / total : 0;
}

TEST(tokens_match_penn_treebank_leaves_gigaword) {
  const char *path = test_shared("petrarch/text/GigaWord.sample.PETR.xml");
  if (!path) test_skip("../shared absent");
  int n;
  double share = leaf_agreement(path, &n, getenv("DYAD_TEST_VERBOSE") != NULL);
  printf("    GigaWord sample: %.1f%% of %d sentences tokenised exactly as the parse\n", share, n);
  ASSERT(n >= 40);
  ASSERT(share >= 97.0); /* 100% when written */
}

TEST(tokens_match_penn_treebank_leaves_unit_tests) {
  const char *path = test_shared("petrarch/text/PETR.UnitTest.dev.xml");
  if (!path) test_skip("../shared absent");
  int n;
  double share = leaf_agreement(path, &n, getenv("DYAD_TEST_VERBOSE") != NULL);
  printf("    PETRARCH unit-test records: %.1f%% of %d sentences tokenised exactly as the parse\n",
         share, n);
  ASSERT(n >= 100);
  ASSERT(share >= 97.0); /* 100% when written */
}

/* ------------------------------------------------------ norm == dy_fold(raw) */

static void check_norms(const dy_story *s, dy_arena *a) {
  for (uint32_t i = 0; i < s->nsent; i++)
    for (uint32_t j = 0; j < s->sent[i].ntok; j++) {
      const dy_token *t = &s->sent[i].tok[j];
      dy_str f = dy_fold(a, t->raw.p, t->raw.n);
      if (!dy_str_eq(f, t->norm))
        test_fail(__FILE__, __LINE__, "norm of \"%.*s\" is \"%.*s\", dy_fold gives \"%.*s\"",
                  (int)t->raw.n, t->raw.p, (int)t->norm.n, t->norm.p, (int)f.n, f.p);
    }
}

TEST(fold_fast_path_agrees_with_dy_fold) {
  dy_arena *a = dy_arena_new();
  char buf[64];
  /* every Latin letter of the fast path, alone, between ASCII, capitalised */
  for (int cp = 0xA0; cp <= 0x2FF; cp++) {
    char u[2];
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    snprintf(buf, sizeof buf, "X%.2sy %.2s Ab%.2s. %.2sZ", u, u, u, u);
    check_norms(prep(buf), a);
  }
  /* typographic punctuation U+2010..U+203F alone and inside words */
  for (int cp = 0x2010; cp <= 0x203F; cp++) {
    char u[3] = {(char)0xE2, (char)(0x80 | (cp >> 6 & 0x3F)), (char)(0x80 | (cp & 0x3F))};
    snprintf(buf, sizeof buf, "%.3s A%.3sB %.3s%.3s", u, u, u, u);
    check_norms(prep(buf), a);
  }
  check_norms(prep("\xC3\x9F" "E \xC4\xB0stanbul \xC5\xBF \xC8\xBA \xC7\x85X Stra\xC3\x9F" "e"), a);
}

TEST(norms_agree_with_dy_fold_on_the_gigaword_sample) {
  const char *path = test_shared("petrarch/text/GigaWord.sample.PETR.xml");
  if (!path) test_skip("../shared absent");
  size_t n;
  char *xml = slurp(path, &n);
  dy_arena *a = dy_arena_new();
  check_norms(prep_n(xml, n), a);
}

TEST(preset_sentences_in_any_order_and_separate_bad_buffers) {
  static const char text[] = "A\xFF" "b. C\xFF" "d. E\xFF" "f.";
  dy_story *s = dy_story_new();
  s->text = text;
  s->len = sizeof text - 1;
  s->nsent = 4;
  s->sent = dy_arena_alloc(s->arena, 4 * sizeof(dy_sentence));
  s->sent[0].text = (dy_str){text + 10, 4}; /* "E\xFFf." */
  s->sent[1].text = (dy_str){text + 5, 4};  /* "C\xFFd." */
  s->sent[2].text = (dy_str){text, 4};      /* "A\xFFb." */
  s->sent[3].text = dy_str_c("x\xFEy \xFFz");
  char diag[512];
  FILE *f = tmpfile();
  dy_diag_set_stream(f);
  dy_diag_reset();
  ASSERT_EQ_INT(0, dy_text_prepare(s));
  dy_diag_set_stream(NULL);
  rewind(f);
  diag[fread(diag, 1, sizeof diag - 1, f)] = 0;
  ASSERT_STR_EQ("E" R "f . | C" R "d . | A" R "b . | x" R "y " R "z", show(s));
  ASSERT(s->sent[0].text.p == s->text + 14);
  ASSERT_EQ_INT(6, s->sent[0].text.n);
  ASSERT_EQ_INT(14, s->sent[0].tok[0].off);
  ASSERT_EQ_INT(UINT32_MAX, s->sent[3].tok[0].off);
  ASSERT_EQ_INT(2, dy_diag_count(DY_ERROR)); /* the story text, the other buffer */
  ASSERT_CONTAINS(diag, "invalid UTF-8 at byte offset 1 (replaced), and 2 more invalid sequences");
  ASSERT_CONTAINS(diag, "invalid UTF-8 at byte offset 1 of sentence 4 (replaced), and 1 more invalid sequences");
}
