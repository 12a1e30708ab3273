/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the compiler: any profile the parser accepts must either compile
 * into a program the kernel would accept (sc_filter_check) whose verdicts
 * are stable, or fail with a diagnostic.  The first byte picks the target
 * and the mode (bit 7 crun, bit 6 literal, else runc: libseccomp's rule
 * tree, lsc-tree.c), the rest is the profile text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "bpf.h"
#include "syscalls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const enum sc_arch targets[] = { SC_ARCH_X86_64, SC_ARCH_AARCH64,
                                                SC_ARCH_X86, SC_ARCH_S390X,
                                                SC_ARCH_MIPSEL, SC_ARCH_PPC64LE };
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { .max = 16 };

        if (size < 1 || size > 256 * 1024)
                return 0;
        enum sc_arch target = targets[data[0] % ELEMENTSOF(targets)];
        enum sc_compat compat = (data[0] & 0x80)   ? SC_COMPAT_CRUN
                                : (data[0] & 0x40) ? SC_COMPAT_LITERAL
                                                   : SC_COMPAT_RUNC;
        char *buf = xmalloc(size);
        memcpy(buf, data + 1, size - 1);
        buf[size - 1] = '\0';
        if (sc_profile_parse(buf, size - 1, "fuzz", DOC_AUTO, &d, &set) >= 0) {
                for (size_t i = 0; i < set.n; i++) {
                        struct sc_compile_opts o;
                        struct sc_filter *f = NULL;
                        sc_compile_opts_init(&o, target);
                        o.compat = compat;
                        if (sc_compile(set.profiles[i], &o, &d, &f) < 0) {
                                if (d.n_errors == 0)
                                        abort(); /* failures must say why */
                                continue;
                        }
                        if (sc_filter_check(f, NULL) < 0)
                                abort();
                        /* run a few numbers: the program must terminate */
                        for (uint32_t nr = 0; nr < 64; nr++) {
                                struct sc_seccomp_data sd = {
                                        .nr = nr,
                                        .arch = sc_arch_info(target)->audit_arch
                                };
                                (void)sc_sim_run(f, &sd, NULL);
                        }
                        /* and the argument programs (libseccomp's tree,
                         * emitted path by path): every rule's values and
                         * their neighbours */
                        const struct sc_profile *p = set.profiles[i];
                        for (size_t r = 0; r < p->n_rules && r < 64; r++) {
                                const struct sc_rule *rule = &p->rules[r];
                                uint32_t nr;
                                if (rule->n_names == 0 ||
                                    sc_syscall_resolve(target, rule->names[0], &nr) < 0)
                                        continue;
                                for (int dv = -1; dv <= 1; dv++) {
                                        struct sc_seccomp_data sd = {
                                                .nr = nr,
                                                .arch = sc_arch_info(target)->audit_arch
                                        };
                                        for (size_t k = 0; k < rule->n_args; k++)
                                                sd.args[rule->args[k].index % 6] =
                                                        rule->args[k].value + (uint64_t)dv;
                                        (void)sc_sim_run(f, &sd, NULL);
                                }
                        }
                        free(sc_disasm(f, false, 0));
                        sc_filter_free(f);
                }
        }
        sc_profile_set_clear(&set);
        sc_diags_clear(&d);
        free(buf);
        return 0;
}
