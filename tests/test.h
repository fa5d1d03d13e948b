/*
 * test.h — a tiny unit-test harness. Each tests/unit/test_*.c is its own
 * program; TEST(name) registers a case, and every case runs in a forked
 * child so that a crash fails that case alone. The program prints one line
 * per case and ends with "N passed, M failed" (tests/run.sh adds them up).
 *
 *   TEST(splits_on_period) { ASSERT_EQ_INT(2, n); ASSERT_STR_EQ("a", s); }
 */
#ifndef DYAD_TEST_H
#define DYAD_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
/* Path of a file under tests/data (tests run from the project root). */
const char *test_data(const char *name);
/* Path of a file under ../shared/, or NULL (and the test is skipped) if absent. */
const char *test_shared(const char *rel);
void test_skip(const char *why) __attribute__((noreturn));

#define TEST(name)                                                     \
  static void test_##name(void);                                       \
  __attribute__((constructor)) static void test_reg_##name(void) {     \
    test_register(#name, test_##name);                                 \
  }                                                                    \
  static void test_##name(void)

#define ASSERT(c)                                                      \
  do { if (!(c)) test_fail(__FILE__, __LINE__, "assertion failed: %s", #c); } while (0)
#define ASSERT_EQ_INT(want, got)                                       \
  do { long long w_ = (long long)(want), g_ = (long long)(got);        \
    if (w_ != g_) test_fail(__FILE__, __LINE__, "%s: want %lld, got %lld", #got, w_, g_); } while (0)
#define ASSERT_STR_EQ(want, got)                                       \
  do { const char *w_ = (want), *g_ = (got);                           \
    if ((w_ == NULL) != (g_ == NULL) || (w_ && strcmp(w_, g_) != 0))   \
      test_fail(__FILE__, __LINE__, "%s: want \"%s\", got \"%s\"", #got, w_ ? w_ : "(null)", g_ ? g_ : "(null)"); } while (0)
/* Compares a dy_str (span) to a C string. */
#define ASSERT_SPAN_EQ(want, span)                                     \
  do { dy_str s_ = (span); const char *w_ = (want);                    \
    if (strlen(w_) != s_.n || memcmp(w_, s_.p, s_.n) != 0)             \
      test_fail(__FILE__, __LINE__, "%s: want \"%s\", got \"%.*s\"", #span, w_, (int)s_.n, s_.p ? s_.p : ""); } while (0)
#define ASSERT_CONTAINS(hay, needle)                                   \
  do { const char *h_ = (hay), *n_ = (needle);                         \
    if (!h_ || !strstr(h_, n_))                                        \
      test_fail(__FILE__, __LINE__, "%s: \"%s\" not found in \"%s\"", #hay, n_, h_ ? h_ : "(null)"); } while (0)

#endif
