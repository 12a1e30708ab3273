/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal unit test harness in the style of systemd's tests: ASSERT_*
 * print the expression and file:line, a failed assertion ends the current
 * test case, main() runs the cases with RUN() and exits 0 (all passed),
 * 1 (a failure) or 77 (skipped, said loudly).
 *
 *   static void test_parse(void) { ASSERT_EQ(parse("1"), 1); }
 *   int main(void) { RUN(test_parse); return test_exit(); }
 */
#ifndef SC_TEST_H
#define SC_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int test_failures, test_cases, test_case_failed;

#define TEST_FAIL(...)                                                         \
        do {                                                                   \
                fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                \
                fprintf(stderr, __VA_ARGS__);                                  \
                fputc('\n', stderr);                                           \
                test_case_failed = 1;                                          \
        } while (0)

#define ASSERT_TRUE(e)                                                         \
        do {                                                                   \
                if (!(e)) {                                                    \
                        TEST_FAIL("assertion failed: %s", #e);                 \
                        return;                                                \
                }                                                              \
        } while (0)

#define ASSERT_EQ(a, b)                                                        \
        do {                                                                   \
                long long _a = (long long)(a), _b = (long long)(b);            \
                if (_a != _b) {                                                \
                        TEST_FAIL("%s == %s: %lld != %lld", #a, #b, _a, _b);   \
                        return;                                                \
                }                                                              \
        } while (0)

#define ASSERT_EQ_U64(a, b)                                                    \
        do {                                                                   \
                uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);               \
                if (_a != _b) {                                                \
                        TEST_FAIL("%s == %s: 0x%" PRIx64 " != 0x%" PRIx64, #a, \
                                  #b, _a, _b);                                 \
                        return;                                                \
                }                                                              \
        } while (0)

#define ASSERT_STREQ(a, b)                                                     \
        do {                                                                   \
                const char *_a = (a), *_b = (b);                               \
                if (!_a || !_b || strcmp(_a, _b) != 0) {                       \
                        TEST_FAIL("%s == %s:\n  got:      %s\n  expected: %s", \
                                  #a, #b, _a ? _a : "(null)",                  \
                                  _b ? _b : "(null)");                         \
                        return;                                                \
                }                                                              \
        } while (0)

/* Check inside a table loop without leaving the test case. */
#define EXPECT_TRUE(e, ...)                                                    \
        do {                                                                   \
                if (!(e)) {                                                    \
                        TEST_FAIL(__VA_ARGS__);                                \
                }                                                              \
        } while (0)

#define RUN(fn)                                                                \
        do {                                                                   \
                test_case_failed = 0;                                          \
                test_cases++;                                                  \
                fn();                                                          \
                printf("%s %d - %s\n", test_case_failed ? "not ok" : "ok",     \
                       test_cases, #fn);                                       \
                if (test_case_failed)                                          \
                        test_failures++;                                       \
        } while (0)

/* Exit status for main(). */
int test_exit(void);
/* Exit 77 with the reason on stderr. */
_Noreturn void test_skip(const char *why);
/* Read a whole file (abort on failure): tests read fixtures in place. */
char *test_read_file(const char *path, size_t *ret_len);
/* $FIXTURES or tests/fixtures (the public data the tests read, copied into
 * the repository with its sources and licences in tests/fixtures/SOURCES.md). */
const char *test_fixture_dir(void);
/* One OCI profile from JSON text (abort if it is not exactly one valid
 * profile: the tests' inputs are their own).  Free with sc_profile_free. */
struct sc_profile;
struct sc_profile *test_parse_profile(const char *json);
char *test_fixture_path(const char *rel);

#endif
