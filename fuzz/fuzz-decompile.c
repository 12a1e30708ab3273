/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz the decompiler with raw BPF: anything sc_filter_from_raw accepts
 * (what the kernel would load) must decompile without crashing, the
 * profile must compile (or be refused with an error, never a crash), and
 * the decompiler's own verdict "exact" must hold when checked again.  The
 * first byte splits the input into a stack of two filters.  The same bytes
 * also go, as text, to the /proc/PID/status parser inspect uses. */
#include "compare.h"
#include "decompile.h"
#include "inspect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_filter *f[2] = { NULL, NULL };
        const struct sc_filter *run[2];
        size_t n = 0;

        if (size < 1)
                return 0;
        {
                char *text = xstrndup((const char *)data, size);
                struct sc_proc_seccomp st;
                if (sc_proc_seccomp_parse(text, &st) == 0 &&
                    (st.mode < 0 || st.mode > 2 || !memchr(st.comm, 0, sizeof(st.comm))))
                        abort();
                free(text);
        }
        size_t split = (size_t)(data[0] % 64) * 8;
        data++;
        size--;
        if (split && split < size) {
                if (sc_filter_from_raw(data, split, &f[n]) == 0)
                        n++;
                data += split;
                size -= split;
        }
        if (sc_filter_from_raw(data, size, &f[n]) == 0)
                n++;
        /* run order: the later bytes are the newer filter */
        for (size_t i = 0; i < n; i++)
                run[i] = f[n - 1 - i];
        if (n) {
                struct sc_filter_stack s = { run, n };
                struct sc_decompile_opts o;
                struct sc_decompile_result res = { 0 };
                struct sc_diags d = { .max = 20 };
                sc_decompile_opts_init(&o, SC_ARCH_X86_64);
                if (sc_decompile(&s, &o, &d, &res) == 0) {
                        struct sc_compile_opts co;
                        struct sc_filter *g = NULL;
                        char *json = sc_profile_to_json(res.profile, 0);
                        free(json);
                        sc_compile_opts_init(&co, res.target);
                        co.compat = res.compat;
                        if (sc_compile(res.profile, &co, NULL, &g) == 0) {
                                const struct sc_filter *one[1] = { g };
                                struct sc_filter_stack b = { one, 1 };
                                size_t diffs = sc_stack_compare(&s, &b, res.target,
                                                                NULL, NULL, NULL);
                                if (res.n_diffs == 0 && diffs != 0)
                                        abort(); /* said exact, is not */
                                sc_filter_free(g);
                        } else if (res.n_diffs == 0) {
                                abort(); /* said exact, does not compile */
                        }
                }
                sc_decompile_result_clear(&res);
                sc_diags_clear(&d);
        }
        for (size_t i = 0; i < 2; i++)
                sc_filter_free(f[i]);
        return 0;
}
