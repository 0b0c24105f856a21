/* check.h - tiny shared assertion helpers for darkglobe's test programs.
 *
 * Owns: a global failure counter and CHECK-style macros that print file:line
 * of every failed check and keep going (so one run shows every failure).
 * Thread: test main threads only; the counters are not synchronised.
 *
 * Usage:
 *     CHECK(x > 0);
 *     CHECK_EQ_INT(got, 42);
 *     CHECK_STR_EQ(name, "tokyo");
 *     return check_report();   // 0 when every check passed, 1 otherwise
 */
#ifndef DG_TESTS_CHECK_H
#define DG_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

/* static: each test program is one translation unit that uses these. */
static int check_failures_;
static int check_total_;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        check_total_++;                                                                            \
        if (!(cond)) {                                                                             \
            check_failures_++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* Integer equality; prints both values as long long. */
#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        check_total_++;                                                                            \
        if (check_a_ != check_b_) {                                                                \
            check_failures_++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s == %s (%lld vs %lld)\n", __FILE__,     \
                    __LINE__, #a, #b, check_a_, check_b_);                                         \
        }                                                                                          \
    } while (0)

/* String equality; a NULL on either side fails. */
#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        check_total_++;                                                                            \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                           \
            check_failures_++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK_STR_EQ failed: %s == %s (\"%s\" vs \"%s\")\n", __FILE__, \
                    __LINE__, #a, #b, check_a_ ? check_a_ : "(null)",                              \
                    check_b_ ? check_b_ : "(null)");                                               \
        }                                                                                          \
    } while (0)

/* Floating-point closeness: |a - b| <= eps. NaN always fails. */
#define CHECK_NEAR(a, b, eps)                                                                      \
    do {                                                                                           \
        double check_a_ = (double)(a), check_b_ = (double)(b);                                     \
        check_total_++;                                                                            \
        if (!(fabs(check_a_ - check_b_) <= (double)(eps))) {                                       \
            check_failures_++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s ~ %s (%.9g vs %.9g, eps %g)\n",          \
                    __FILE__, __LINE__, #a, #b, check_a_, check_b_, (double)(eps));                \
        }                                                                                          \
    } while (0)

/* Prints a summary and returns the process exit code for main(). */
static inline int check_report(void)
{
    if (check_failures_) {
        fprintf(stderr, "%d of %d checks FAILED\n", check_failures_, check_total_);
        return 1;
    }
    printf("all %d checks passed\n", check_total_);
    return 0;
}

#endif
