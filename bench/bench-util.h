/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the C benchmarks share: a clock, a median, and the profiles and
 * targets they measure.  Benchmarks, not tests: nothing here asserts a
 * time.
 */
#ifndef SC_BENCH_UTIL_H
#define SC_BENCH_UTIL_H

#include <time.h>

#include "arch.h"
#include "util.h"

static inline double bench_now_us(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int bench_dcmp(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}

/* Sorts v. */
static inline double bench_median(double *v, size_t n)
{
        qsort(v, n, sizeof(*v), bench_dcmp);
        return v[n / 2];
}

/* The fixtures the compiler benchmarks run on (below $FIXTURES), each
 * resolved for its target with Docker's default capabilities. */
struct bench_case {
        const char *name, *path;
        enum sc_arch target;
};
static const struct bench_case bench_cases[] _unused_ = {
        { "moby", "runtime-default/moby-default.json", SC_ARCH_X86_64 },
        { "moby", "runtime-default/moby-default.json", SC_ARCH_AARCH64 },
        { "containers-common", "runtime-default/containers-common.json",
          SC_ARCH_X86_64 },
        { "containers-common", "runtime-default/containers-common.json",
          SC_ARCH_AARCH64 },
};

/* argv[1], else $FIXTURES, else tests/fixtures. */
static inline const char *bench_fixtures(int argc, char **argv)
{
        const char *f = argc > 1 ? argv[1] : getenv("FIXTURES");
        return f ? f : "tests/fixtures";
}

#endif
