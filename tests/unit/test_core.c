#include "../../src/core/core.h"
#include "../test.h"

TEST(arena_allocations_are_zeroed_and_aligned) {
  dy_arena *a = dy_arena_new();
  for (int i = 1; i < 2000; i++) {
    unsigned char *p = dy_arena_alloc(a, (size_t)i * 7);
    ASSERT(((uintptr_t)p & 15) == 0);
    for (int j = 0; j < i * 7; j++) ASSERT(p[j] == 0);
    memset(p, 0xAB, (size_t)i * 7);
  }
  dy_arena_reset(a);
  ASSERT_EQ_INT(0, dy_arena_used(a));
  unsigned char *q = dy_arena_alloc(a, 100);
  ASSERT(q[99] == 0);
  dy_arena_free(&a);
  ASSERT(a == NULL);
}

TEST(arena_grow_keeps_contents) {
  dy_arena *a = dy_arena_new();
  char *p = dy_arena_alloc(a, 10);
  memcpy(p, "abcdefghi", 10);
  p = dy_arena_grow(a, p, 10, 200000);
  ASSERT_STR_EQ("abcdefghi", p);
  p[199999] = 'x';
  char *s = dy_arena_printf(a, "%s-%d", "n", 42);
  ASSERT_STR_EQ("n-42", s);
  dy_arena_free(&a);
}

TEST(dates_parse_and_reject) {
  dy_date d;
  ASSERT_EQ_INT(0, dy_date_parse("2018-01-31", 10, &d));
  ASSERT_EQ_INT(20180131, d);
  ASSERT_EQ_INT(0, dy_date_parse("20000229", 8, &d));
  ASSERT_EQ_INT(-1, dy_date_parse("19000229", 8, &d));
  ASSERT_EQ_INT(-1, dy_date_parse("2018-13-01", 10, &d));
  ASSERT_EQ_INT(-1, dy_date_parse("2018-1-031", 10, &d));
  ASSERT_EQ_INT(-1, dy_date_parse("2018-01-3", 9, &d));
  char buf[11];
  dy_date_format(20180131, buf);
  ASSERT_STR_EQ("2018-01-31", buf);
}

TEST(date_arithmetic_and_weekdays) {
  ASSERT_EQ_INT(20180130, dy_date_add_days(20180131, -1));
  ASSERT_EQ_INT(20180301, dy_date_add_days(20180228, 1));
  ASSERT_EQ_INT(20000301, dy_date_add_days(20000228, 2));
  ASSERT_EQ_INT(20190101, dy_date_add_days(20181231, 1));
  ASSERT_EQ_INT(2, dy_date_weekday(20180131)); /* a Wednesday */
  ASSERT_EQ_INT(3, dy_date_weekday(19700101)); /* a Thursday */
  ASSERT_EQ_INT(6, dy_date_weekday(20261129)); /* a Sunday */
}

TEST(tags_and_labels_round_trip) {
  ASSERT_EQ_INT(DY_TAG_PRPS, dy_tag_from("PRP$", 4));
  ASSERT_STR_EQ("-LRB-", dy_tag_name(DY_TAG_LRB));
  ASSERT_EQ_INT(DY_TAG_NONE, dy_tag_from("XYZ", 3));
  ASSERT_EQ_INT(DY_LABEL_NP, dy_label_from("NP-SBJ", 6));
  ASSERT_EQ_INT(DY_LABEL_X, dy_label_from("WEIRD", 5));
}

TEST(story_events_grow) {
  dy_story *s = dy_story_new();
  for (int i = 0; i < 100; i++) {
    dy_event *e = dy_story_add_event(s);
    e->sentence = (uint32_t)i;
  }
  ASSERT_EQ_INT(100, s->nev);
  for (int i = 0; i < 100; i++) ASSERT_EQ_INT(i, s->ev[i].sentence);
  dy_story_free(&s);
  ASSERT(s == NULL);
}

TEST(hash_is_stable) {
  /* FNV-1a test vector: "a" -> 0xaf63dc4c8601ec8c */
  ASSERT(dy_hash64("a", 1, DY_HASH_SEED) == 0xaf63dc4c8601ec8cULL);
}

TEST(fold_lowercases_and_folds_punctuation) {
  dy_arena *a = dy_arena_new();
  ASSERT_SPAN_EQ("lavrov", dy_fold(a, "LAVROV", 6));
  const char *same = "already folded";
  ASSERT(dy_fold(a, same, strlen(same)).p == same); /* no copy */
  const char *curly = "\xE2\x80\x9C" "Don\xE2\x80\x99t\xE2\x80\x9D \xE2\x80\x94 Al\xE2\x80\x90" "Assad";
  ASSERT_SPAN_EQ("\"don't\" - al-assad", dy_fold(a, curly, strlen(curly)));
  ASSERT_SPAN_EQ("a b", dy_fold(a, "A\xC2\xA0" "B", 4));
  ASSERT_SPAN_EQ("strasse", dy_fold(a, "STRA\xC3\x9F" "E", 7)); /* full case folding */
  dy_arena_free(&a);
}
