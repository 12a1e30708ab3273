/* SPDX-License-Identifier: Apache-2.0 */
/* struct sc_diags (diag.h): the cap on collected entries never hides an
 * error behind warnings.  Before, a profile with a hundred warnings and
 * then one error made `compile` exit 1 printing only "101 warnings". */
#include "diag.h"
#include "test.h"

struct cap_case {
        const char *what;
        size_t max, warnings_before, errors, warnings_after;
        size_t want_n, want_errors_kept, want_errors_dropped, want_dropped;
};

static const struct cap_case cap_cases[] = {
        { "no cap", 0, 150, 3, 10, 163, 3, 0, 0 },
        { "under the cap", 10, 4, 2, 3, 9, 2, 0, 0 },
        { "error after the cap is full of warnings", 100, 120, 1, 0, 101, 1, 0, 20 },
        { "warnings after errors past the cap still dropped", 100, 120, 1, 5, 101, 1, 0, 25 },
        { "errors have a cap of their own", 3, 0, 5, 2, 3, 3, 2, 4 },
        { "warnings then too many errors", 3, 3, 5, 0, 6, 3, 2, 2 },
};

static void test_cap(void)
{
        for (size_t i = 0; i < ELEMENTSOF(cap_cases); i++) {
                const struct cap_case *c = &cap_cases[i];
                struct sc_diags d = { .max = c->max };
                for (size_t k = 0; k < c->warnings_before; k++)
                        sc_diag_add(&d, SC_WARNING, "f", (struct sc_pos){ 1, 1 }, NULL, "w%zu", k);
                for (size_t k = 0; k < c->errors; k++)
                        sc_diag_add(&d, SC_ERROR, "f", (struct sc_pos){ 2, 1 }, NULL, "e%zu", k);
                for (size_t k = 0; k < c->warnings_after; k++)
                        sc_diag_add(&d, SC_WARNING, "f", (struct sc_pos){ 3, 1 }, NULL, "w%zu", k);
                fprintf(stderr, "case: %s\n", c->what);
                ASSERT_EQ(d.n, c->want_n);
                ASSERT_EQ(d.n_errors, c->errors);
                ASSERT_EQ(d.n_warnings, c->warnings_before + c->warnings_after);
                ASSERT_EQ(d.n_errors_kept, c->want_errors_kept);
                ASSERT_EQ(d.n_errors_dropped, c->want_errors_dropped);
                ASSERT_EQ(d.n_dropped, c->want_dropped);
                size_t kept_errors = 0;
                for (size_t k = 0; k < d.n; k++)
                        kept_errors += d.items[k].severity == SC_ERROR;
                ASSERT_EQ(kept_errors, c->want_errors_kept);

                /* moving keeps the counts (check merges per-file diags so) */
                struct sc_diags all = { .max = c->max };
                sc_diags_move(&all, &d);
                ASSERT_EQ(d.n, 0);
                ASSERT_EQ(all.n_errors_kept, c->want_errors_kept);
                ASSERT_EQ(all.n_errors_dropped, c->want_errors_dropped);
                sc_diags_clear(&all);
        }
}

int main(void)
{
        RUN(test_cap);
        return test_exit();
}
