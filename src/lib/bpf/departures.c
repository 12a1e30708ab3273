/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where libseccomp's verdict departs from the literal reading: for every
 * syscall whose rules libseccomp merges into a tree, one concrete argument
 * vector on which the runtime (libseccomp 2.5.4 as runc and crun drive it)
 * and the profile read literally (rules in order, first match wins) give
 * different actions, as a warning on the rule.
 */
#include "compile-internal.h"

/* ---- where libseccomp's verdict departs from the literal reading ---- */

static bool cond_holds(const struct cond *k, uint64_t v)
{
        switch (k->op) {
        case SC_OP_NE: return v != k->datum;
        case SC_OP_LT: return v < k->datum;
        case SC_OP_LE: return v <= k->datum;
        case SC_OP_EQ: return v == k->datum;
        case SC_OP_GE: return v >= k->datum;
        case SC_OP_GT: return v > k->datum;
        case SC_OP_MASKED_EQ: return (v & k->mask) == k->datum;
        case _SC_OP_MAX: case SC_OP_INVALID: break;
        }
        return false;
}

/* The literal reading: the first rule (in profile order) whose conditions
 * all hold; NULL when none does. */
static const struct crule *literal_match(const struct sysent *e,
                                         const uint64_t a[6])
{
        for (size_t i = 0; i < e->n_rules; i++) {
                bool ok = true;
                for (size_t j = 0; j < e->rules[i].n && ok; j++)
                        ok = cond_holds(&e->rules[i].c[j], a[e->rules[i].c[j].index]);
                if (ok)
                        return &e->rules[i];
        }
        return NULL;
}

struct wordset {
        uint32_t v[48];
        size_t n;
};

static void ws_add(struct wordset *w, uint32_t x)
{
        for (size_t i = 0; i < w->n; i++)
                if (w->v[i] == x)
                        return;
        if (w->n < ELEMENTSOF(w->v))
                w->v[w->n++] = x;
}

/* Per 32-bit word, a value in every interval the constants of the rules
 * cut its space into: both readings compare words (or 64-bit values made
 * of two words) with these constants, so each is constant on every cell of
 * the product, and trying one point per cell is the whole argument space.
 * (Masked comparisons are tried at their datum and its complement.) */
static void departure_of(struct ctx *c, const struct section *s,
                         const struct sysent *e)
{
        struct wordset ws[12] = { { { 0 }, 0 } };
        bool used[12] = { false };
        bool is64 = s->info->is_64bit;
        struct lsc_prog prog;

        for (size_t i = 0; i < e->n_rules; i++)
                for (size_t j = 0; j < e->rules[i].n; j++) {
                        const struct cond *k = &e->rules[i].c[j];
                        for (int hi = 0; hi < (is64 ? 2 : 1); hi++) {
                                size_t w = k->index * 2 + (size_t)hi;
                                uint32_t d = (uint32_t)(hi ? k->datum >> 32 : k->datum);
                                uint32_t m = (uint32_t)(hi ? k->mask >> 32 : k->mask);
                                used[w] = true;
                                ws_add(&ws[w], d);
                                ws_add(&ws[w], d - 1);
                                ws_add(&ws[w], d + 1);
                                if (k->op == SC_OP_MASKED_EQ)
                                        ws_add(&ws[w], d | ~m);
                        }
                }
        size_t words[12], n_words = 0;
        uint64_t cells = 1;
        for (size_t w = 0; w < 12; w++) {
                if (!used[w])
                        continue;
                ws_add(&ws[w], 0);
                ws_add(&ws[w], UINT32_MAX);
                words[n_words++] = w;
                cells *= ws[w].n;
        }
        if (n_words == 0 || cells > 1000000)
                return;
        lsc_gen_program(c->gen, e->entry, &prog);
        size_t idx[12] = { 0 };
        for (uint64_t cell = 0; cell < cells; cell++) {
                uint64_t a[6] = { 0 };
                for (size_t i = 0; i < n_words; i++) {
                        size_t w = words[i];
                        uint64_t v = ws[w].v[idx[i]];
                        a[w / 2] |= (w & 1) ? v << 32 : v;
                }
                for (size_t i = 0; i < n_words && ++idx[i] == ws[words[i]].n; i++)
                        idx[i] = 0;
                const struct crule *lit = literal_match(e, a);
                uint32_t want = e->uncond ? e->uncond_ret
                              : lit ? lit->ret : c->default_ret;
                uint32_t got = lsc_prog_eval(&prog, a);
                if (want == got)
                        continue;
                /* the rule whose action the runtime gives, else the one the
                 * profile matches */
                const struct crule *by = NULL;
                for (size_t i = 0; i < e->n_rules && !by; i++)
                        if (e->rules[i].ret == got)
                                by = &e->rules[i];
                const struct crule *at = by ? by : lit ? lit : &e->rules[0];
                int top = -1;
                for (size_t i = 0; i < e->n_rules; i++)
                        for (size_t j = 0; j < e->rules[i].n; j++)
                                if ((int)e->rules[i].c[j].index > top)
                                        top = (int)e->rules[i].c[j].index;
                struct strbuf sb = { 0 };
                for (int i = 0; i <= top; i++)
                        strbuf_printf(&sb, a[i] < 10 ? "%s%" PRIu64 : "%s%#" PRIx64,
                                      i ? ", " : "", a[i]);
                if (top < 5)
                        strbuf_puts(&sb, ", ...");
                _cleanup_free_ char *args = strbuf_steal(&sb);
                _cleanup_free_ char *gs = sc_ret_describe(got);
                _cleanup_free_ char *ls = sc_ret_describe(want);
                _cleanup_free_ char *path = sc_profile_json_path(
                        c->p, ".syscalls[%zu]", at->src->src_index);
                _cleanup_free_ char *why = lit
                        ? xasprintf("although syscalls[%zu] matches it first",
                                    lit->src->src_index)
                        : xstrdup("although no rule matches it");
                sc_diag_add(c->diags,
                            c->o->departures_are_errors ? SC_ERROR : SC_WARNING,
                            c->p->file, at->src->pos, path,
                            "under %s (libseccomp 2.5.4) %s%s%s(%s) gets %s %s "
                            "(the profile says %s)",
                            c->o->compat == SC_COMPAT_CRUN ? "crun"
                                                            : "runc and crun",
                            at->name, s == &c->secs[0] ? "" : " on ",
                            s == &c->secs[0] ? "" : s->info->name, args, gs, why,
                            ls);
                if (c->o->departures_are_errors && !c->error)
                        c->error = -EINVAL;
                break;
        }
        lsc_prog_clear(&prog);
}

void find_departures(struct ctx *c)
{
        for (size_t i = 0; i < c->n_secs; i++)
                for (size_t j = 0; j < c->secs[i].n_ents; j++) {
                        const struct sysent *e = &c->secs[i].ents[j];
                        if (e->lsc && !e->entry.is_ret && e->n_rules > 0)
                                departure_of(c, &c->secs[i], e);
                }
}
