/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compile time, ours against libseccomp 2.5.4, in one process on the same
 * parsed profile: sc_compile() versus seccomp_init + the rules as runc adds
 * them + seccomp_export_bpf (linear, and the OPTIMIZE=2 tree runc uses for
 * more than 32 rules).  Medians of many runs; not a timed test.
 *
 *   bench/compile [FIXTURES_DIR]
 */
#include "bench-util.h"
#include "scmp-ref.h"

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
                double t0 = bench_now_us();
                if (sc_compile(p, &o, NULL, &f) < 0)
                        exit(1);
                t[i] = bench_now_us() - t0;
                sc_filter_free(f);
        }
        return bench_median(t, N_OURS);
}

static double time_ref(const struct sc_profile *p, enum sc_arch target,
                       int optimize)
{
        static double t[N_REF];
        bool be = sc_arch_info(target)->big_endian;
        for (size_t i = 0; i < N_REF; i++) {
                scmp_filter_ctx ctx;
                struct sc_filter *f = NULL;
                double t0 = bench_now_us();
                if (ref_build(p, target, optimize, &ctx) < 0 ||
                    ref_export(ctx, be, &f) < 0)
                        exit(1);
                t[i] = bench_now_us() - t0;
                seccomp_release(ctx);
                sc_filter_free(f);
        }
        return bench_median(t, N_REF);
}

int main(int argc, char **argv)
{
        const char *fixtures = bench_fixtures(argc, argv);
        char path[4096];

        printf("compile time, median (ours of %d runs, libseccomp of %d):\n",
               N_OURS, N_REF);
        for (size_t i = 0; i < ELEMENTSOF(bench_cases); i++) {
                snprintf(path, sizeof(path), "%s/%s", fixtures, bench_cases[i].path);
                struct sc_profile *p = ref_load_profile(path, bench_cases[i].target);
                if (!p) {
                        fprintf(stderr, "cannot load %s\n", path);
                        return 1;
                }
                double crun = time_ours(p, SC_COMPAT_CRUN, bench_cases[i].target);
                double runc = time_ours(p, SC_COMPAT_RUNC, bench_cases[i].target);
                double lin = time_ref(p, bench_cases[i].target, 0);
                double tree = time_ref(p, bench_cases[i].target, 2);
                printf("%s on %s:\n"
                       "  seccompctl --compat crun %8.1f us\n"
                       "  seccompctl --compat runc %8.1f us\n"
                       "  libseccomp linear        %8.1f us  (%.0fx slower)\n"
                       "  libseccomp tree          %8.1f us  (%.0fx slower)\n",
                       bench_cases[i].name, sc_arch_info(bench_cases[i].target)->name, crun,
                       runc, lin, lin / crun, tree, tree / crun);
                sc_profile_free(p);
        }
        return 0;
}
