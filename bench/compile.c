/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compile time, ours against libseccomp 2.5.4, in one process on the same
 * parsed profile: sc_compile() versus seccomp_init + the rules as runc adds
 * them + seccomp_export_bpf (linear, and the OPTIMIZE=2 tree runc uses for
 * more than 32 rules).  Medians of many runs; not a timed test.
 *
 *   bench/compile [FIXTURES_DIR]
 */
#include <time.h>

#include "scmp-ref.h"

static const struct {
        const char *name, *path;
        enum sc_arch target;
} cases[] = {
        { "moby", "runtime-default/moby-default.json", SC_ARCH_X86_64 },
        { "moby", "runtime-default/moby-default.json", SC_ARCH_AARCH64 },
        { "containers-common", "runtime-default/containers-common.json",
          SC_ARCH_X86_64 },
        { "containers-common", "runtime-default/containers-common.json",
          SC_ARCH_AARCH64 },
};

static double now_us(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int dcmp(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
        qsort(v, n, sizeof(*v), dcmp);
        return v[n / 2];
}

#define N_OURS 501
#define N_REF 51

static double time_ours(const struct sc_profile *p, enum sc_compat compat,
                        enum sc_arch target)
{
        static double t[N_OURS];
        for (size_t i = 0; i < N_OURS; i++) {
                struct sc_compile_opts o;
                struct sc_filter *f = NULL;
                sc_compile_opts_init(&o, target);
                o.compat = compat;
                double t0 = now_us();
                if (sc_compile(p, &o, NULL, &f) < 0)
                        exit(1);
                t[i] = now_us() - t0;
                sc_filter_free(f);
        }
        return median(t, N_OURS);
}

static double time_ref(const struct sc_profile *p, enum sc_arch target,
                       int optimize)
{
        static double t[N_REF];
        bool be = sc_arch_info(target)->big_endian;
        for (size_t i = 0; i < N_REF; i++) {
                scmp_filter_ctx ctx;
                struct sc_filter *f = NULL;
                double t0 = now_us();
                if (ref_build(p, target, optimize, &ctx) < 0 ||
                    ref_export(ctx, be, &f) < 0)
                        exit(1);
                t[i] = now_us() - t0;
                seccomp_release(ctx);
                sc_filter_free(f);
        }
        return median(t, N_REF);
}

int main(int argc, char **argv)
{
        const char *fixtures = argc > 1 ? argv[1] : getenv("FIXTURES");
        char path[4096];

        if (!fixtures)
                fixtures = "tests/fixtures";
        printf("compile time, median (ours of %d runs, libseccomp of %d):\n",
               N_OURS, N_REF);
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                snprintf(path, sizeof(path), "%s/%s", fixtures, cases[i].path);
                struct sc_profile *p = ref_load_profile(path, cases[i].target);
                if (!p) {
                        fprintf(stderr, "cannot load %s\n", path);
                        return 1;
                }
                double crun = time_ours(p, SC_COMPAT_CRUN, cases[i].target);
                double runc = time_ours(p, SC_COMPAT_RUNC, cases[i].target);
                double lin = time_ref(p, cases[i].target, 0);
                double tree = time_ref(p, cases[i].target, 2);
                printf("%s on %s:\n"
                       "  seccompctl --compat crun %8.1f us\n"
                       "  seccompctl --compat runc %8.1f us\n"
                       "  libseccomp linear        %8.1f us  (%.0fx slower)\n"
                       "  libseccomp tree          %8.1f us  (%.0fx slower)\n",
                       cases[i].name, sc_arch_info(cases[i].target)->name, crun,
                       runc, lin, lin / crun, tree, tree / crun);
                sc_profile_free(p);
        }
        return 0;
}
