/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Filter quality, ours against libseccomp 2.5.4 (linear and
 * SCMP_FLTATR_CTL_OPTIMIZE=2 tree forms), same semantics (--compat crun):
 * program length, instructions executed per syscall number 0-1023 on the
 * target arch (mean and worst, arguments zero), and how many syscalls the
 * kernel's action cache serves without running the filter.
 *
 *   bench/filter [FIXTURES_DIR]
 */
#include "bench-util.h"
#include "scmp-ref.h"

static void row(const char *who, const struct sc_filter *f, enum sc_arch a)
{
        struct sc_filter_stats s;
        const struct sc_arch_info *info = sc_arch_info(a);

        sc_filter_stats(f, info->audit_arch, info->nr_offset, 1024, &s);
        printf("  %-26s %5zu insns  mean %6.2f  worst %4zu (nr %4u)  "
               "cached %3zu/%zu\n",
               who, s.n_insns, s.mean_executed, s.worst_executed, s.worst_nr,
               s.n_const_allow, s.n_allowed_uncond);
}

int main(int argc, char **argv)
{
        const char *fixtures = bench_fixtures(argc, argv);
        char path[4096];

        for (size_t i = 0; i < ELEMENTSOF(bench_cases); i++) {
                struct sc_profile *p;
                struct sc_compile_opts o;
                struct sc_filter *ours = NULL, *lin = NULL, *tree = NULL;
                scmp_filter_ctx ctx;
                bool be = sc_arch_info(bench_cases[i].target)->big_endian;

                snprintf(path, sizeof(path), "%s/%s", fixtures, bench_cases[i].path);
                p = ref_load_profile(path, bench_cases[i].target);
                if (!p) {
                        fprintf(stderr, "cannot load %s\n", path);
                        return 1;
                }
                printf("%s on %s (per syscall number 0-1023, args 0; cached ="
                       " const-allow / allowed unconditionally):\n",
                       bench_cases[i].name, sc_arch_info(bench_cases[i].target)->name);
                sc_compile_opts_init(&o, bench_cases[i].target);
                o.compat = SC_COMPAT_CRUN;
                if (sc_compile(p, &o, NULL, &ours) < 0)
                        return 1;
                if (ref_build(p, bench_cases[i].target, 0, &ctx) < 0 ||
                    ref_export(ctx, be, &lin) < 0)
                        return 1;
                seccomp_release(ctx);
                if (ref_build(p, bench_cases[i].target, 2, &ctx) < 0 ||
                    ref_export(ctx, be, &tree) < 0)
                        return 1;
                seccomp_release(ctx);
                row("seccompctl", ours, bench_cases[i].target);
                row("libseccomp linear", lin, bench_cases[i].target);
                row("libseccomp tree", tree, bench_cases[i].target);
                printf("  size vs libseccomp tree: %.1f%%\n",
                       100.0 * (double)ours->n / (double)tree->n);
                o.compat = SC_COMPAT_RUNC;
                sc_filter_free(ours);
                if (sc_compile(p, &o, NULL, &ours) < 0)
                        return 1;
                row("seccompctl --compat runc", ours, bench_cases[i].target);
                sc_filter_free(ours);
                sc_filter_free(lin);
                sc_filter_free(tree);
                sc_profile_free(p);
        }
        return 0;
}
