/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decompiler (see decompile.h).  Outline:
 *
 *  1. Scan the programs for the constants they compare seccomp_data.arch,
 *     .nr and each argument word with (and the masks ANDed in before).
 *  2. Per argument, cut the value range into classes on which every
 *     comparison in the programs is constant: 64-bit intervals whose ends
 *     are built from the high and low word constants (libseccomp checks
 *     64-bit EQ/GT/GE as "high word, then low word", so every such
 *     condition is an interval), or, when the verdict depends on masked
 *     bits, the MASKED_EQ datums plus "anything else".
 *  3. Per (arch, nr), run the stack with all arguments zero; an
 *     interpreter that notes which arguments the run read gives exactly the
 *     arguments the verdict can depend on, grown to a fixpoint over the
 *     class representatives.  The verdict table over those classes is then
 *     covered by boxes, each box one OCI rule (one condition per argument,
 *     since runc turns two conditions on one index into an OR).
 *  4. The default action, runc's ENOSYS stub and the compat mode are
 *     chosen by compiling candidate profiles and keeping the one whose
 *     program agrees with the original on the differential grid.
 *
 * Where each step lives: 1 and 2 in argclass.c (shared with the grid),
 * 3 in verdict-table.c, the profile of step 4 in decompile-profile.c, the
 * grid in compare.c; this file reads the filter per arch and chooses
 * among the candidates (sc_decompile).
 */
#include "decompile-internal.h"
#include "seccomp-vocab.h"
#include "syscalls.h"

/* Table cells analysed per program: a bound for hostile programs (real
 * ones stay far below). */
#define CELL_BUDGET (4U << 20)

/* ---- 4. the profile ---- */

void sc_decompile_opts_init(struct sc_decompile_opts *o, enum sc_arch target)
{
        *o = (struct sc_decompile_opts){ .target = target,
                                         .compat = SC_COMPAT_RUNC,
                                         .auto_compat = true };
}

void sc_decompile_result_clear(struct sc_decompile_result *r)
{
        sc_profile_free(r->profile);
        *r = (struct sc_decompile_result){ 0 };
}

static void arch_section_clear(struct arch_section *s)
{
        free(s->zero);
        free(s->cond);
        for (uint32_t nr = 0; s->tab && nr <= s->max; nr++)
                if (s->tab[nr]) {
                        verdict_table_clear(s->tab[nr]);
                        free(s->tab[nr]);
                }
        free(s->tab);
        free(s->tab_done);
}

static const struct verdict_table *arch_section_table(struct arch_section *sec,
                                                      const struct sc_filter_stack *s,
                                                      const struct prog_consts *k,
                                                      uint32_t nr,
                                                      size_t *budget)
{
        if (!sec->tab) {
                sec->tab = xcalloc(sec->max + 1, sizeof(*sec->tab));
                sec->tab_done = xcalloc(sec->max + 1, sizeof(bool));
        }
        if (!sec->tab_done[nr]) {
                /* past the budget the verdict with zero arguments stands
                 * for all of them; the final comparison shows the cost */
                if (*budget > 0)
                        sec->tab[nr] = verdict_table_for(s, k, sec->audit,
                                                         nr + sec->off, sec->is64);
                if (sec->tab[nr])
                        *budget = sec->tab[nr]->n_cells >= *budget
                                          ? 0
                                          : *budget - sec->tab[nr]->n_cells;
                sec->tab_done[nr] = true;
        }
        return sec->tab[nr];
}

static int name_entry_cmp(const void *a, const void *b)
{
        const struct name_entry *x = a, *y = b;
        int r = strcmp(x->name, y->name);
        if (r)
                return r;
        return x->sec < y->sec ? -1 : x->sec > y->sec;
}

/* How often each verdict occurs. */
struct tally {
        struct {
                uint32_t ret;
                size_t count;
        } *e;
        size_t n, alloc;
};

static void tally_add(struct tally *t, uint32_t ret)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->e[i].ret == ret) {
                        t->e[i].count++;
                        return;
                }
        GROW(t->e, t->n, t->alloc);
        t->e[t->n].ret = ret;
        t->e[t->n++].count = 1;
}

/* The commonest verdict (the first seen on a tie); false when empty. */
static bool tally_top(const struct tally *t, uint32_t *ret)
{
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < t->n; i++)
                if (best == SIZE_MAX || t->e[i].count > t->e[best].count)
                        best = i;
        if (best == SIZE_MAX)
                return false;
        *ret = t->e[best].ret;
        return true;
}

/* Build the sections on one arch value (x86_64 and x32 share one); returns
 * how many.  With drop, an arch whose every number is refused like a
 * foreign arch's is left out: x32 on a filter without it, or x86 when a
 * stacked filter for x86_64 alone kills every x86 call. */
static size_t arch_section_build(struct arch_section *out,
                                 const struct sc_filter_stack *s,
                                 uint32_t audit, uint32_t bad_arch, bool drop)
{
        enum sc_arch on[2];
        size_t n = arches_on_audit(audit, on), kept = 0;

        for (size_t j = 0; j < n; j++) {
                const struct sc_arch_info *info = sc_arch_info(on[j]);
                struct arch_section *sec = &out[kept];
                *sec = (struct arch_section){ .arch = on[j],
                                         .audit = info->audit_arch,
                                         .off = info->nr_offset,
                                         .max = sc_syscall_max_nr(on[j]),
                                         .is64 = info->is_64bit };
                sec->zero = xcalloc(sec->max + GRID_NR_MARGIN + 1, sizeof(uint32_t));
                sec->cond = xcalloc(sec->max + GRID_NR_MARGIN + 1, sizeof(bool));
                bool differs = false;
                for (uint32_t nr = 0; nr <= sec->max + GRID_NR_MARGIN; nr++) {
                        struct sc_seccomp_data d = { .nr = nr + sec->off,
                                                     .arch = sec->audit };
                        unsigned t = 0;
                        sec->zero[nr] = sc_stack_run_traced(s, &d, &t);
                        sec->cond[nr] = t & 0x3f;
                        differs = differs || sec->zero[nr] != bad_arch;
                        if (sec->cond[nr] && !differs) {
                                for (size_t a = 0; a < 6; a++)
                                        d.args[a] = UINT64_MAX;
                                differs = sc_stack_run_traced(s, &d, &t) != bad_arch;
                        }
                }
                if (!differs && drop) {
                        arch_section_clear(sec);
                        continue;
                }
                kept++;
        }
        return kept;
}

/* Compile p and compare it with s on the grid: the number of differing
 * points, SIZE_MAX when p does not compile. */
static size_t profile_diffs(const struct sc_profile *p,
                            const struct sc_filter_stack *s,
                            enum sc_arch target, enum sc_compat compat,
                            size_t *ret_checked)
{
        struct sc_compile_opts co;
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        sc_compile_opts_init(&co, target);
        co.compat = compat;
        *ret_checked = 0;
        if (sc_compile(p, &co, NULL, &f) < 0)
                return SIZE_MAX;
        const struct sc_filter *one[1] = { f };
        struct sc_filter_stack b = { one, 1 };
        return sc_stack_compare(s, &b, target, NULL, NULL, ret_checked);
}

/* The syscalls at which the profile's filter answers otherwise than the
 * original: "name" on the target arch, "arch:name" on another, "arch:#nr"
 * for a number without a name, "arch 0xAUDIT" for an arch we do not know. */
struct diff_names {
        enum sc_arch target;
        char **v;
        size_t n, alloc;
};

static void diff_name_add(const struct sc_verdict_diff *d, void *ud)
{
        struct diff_names *dn = ud;
        enum sc_arch a = sc_syscall_arch_audit(d->audit_arch, d->nr);
        uint32_t nr = d->nr;
        char *s;

        if (a == SC_ARCH_INVALID) {
                s = xasprintf("arch 0x%08x", d->audit_arch);
        } else {
                const struct sc_arch_info *ai = sc_arch_info(a);
                const char *name = sc_syscall_name_audit(d->audit_arch, nr);
                if (name && a == dn->target)
                        s = xstrdup(name);
                else if (name)
                        s = xasprintf("%s:%s", ai->name, name);
                else
                        s = xasprintf("%s:#%u", ai->name, nr);
        }
        for (size_t i = 0; i < dn->n; i++)
                if (streq(dn->v[i], s)) {
                        free(s);
                        return;
                }
        GROW(dn->v, dn->n, dn->alloc);
        dn->v[dn->n++] = s;
}

static void note_diff_names(const struct sc_decompile_result *res,
                            const struct sc_filter_stack *s,
                            struct sc_diags *diags)
{
        struct sc_compile_opts co;
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        struct diff_names dn = { .target = res->target };
        struct strbuf sb = { 0 };

        sc_compile_opts_init(&co, res->target);
        co.compat = res->compat;
        if (sc_compile(res->profile, &co, NULL, &f) < 0)
                return;
        const struct sc_filter *one[1] = { f };
        struct sc_filter_stack b = { one, 1 };
        (void)sc_stack_compare(s, &b, res->target, diff_name_add, &dn, NULL);
        if (dn.n)
                qsort(dn.v, dn.n, sizeof(char *), str_cmp);
        for (size_t i = 0; i < dn.n; i++) {
                strbuf_printf(&sb, "%s%s", i ? ", " : "", dn.v[i]);
                free(dn.v[i]);
        }
        free(dn.v);
        if (dn.n)
                sc_diag_add(diags, SC_WARNING, NULL, (struct sc_pos){ 0 }, NULL,
                            "the profile answers otherwise than the filter for "
                            "%zu syscalls: %s", dn.n, sb.buf);
        strbuf_clear(&sb);
}

static bool is_multiplexer(const struct sc_rule *r)
{
        for (size_t i = 0; i < r->n_names; i++)
                if (!streq(r->names[i], "socketcall") && !streq(r->names[i], "ipc"))
                        return false;
        return r->n_names > 0 && r->n_args > 0;
}

/* libseccomp turns rules for socket(2), semop(2), ... on the i386-style
 * arches into socketcall(2)/ipc(2) rules on the call number too, so the
 * program shows conditional socketcall/ipc rules that the profile's own
 * names already imply.  Drop those that change nothing. */
static void drop_implied(struct sc_decompile_result *res,
                         const struct sc_filter_stack *s)
{
        struct sc_profile *p = res->profile;
        struct sc_rule *kept = xcalloc(p->n_rules + 1, sizeof(*kept));
        struct sc_rule *mux = xcalloc(p->n_rules + 1, sizeof(*mux));
        size_t n_kept = 0, n_mux = 0, checked;

        /* all of them at once: the usual case, one comparison */
        for (size_t i = 0; i < p->n_rules; i++) {
                if (is_multiplexer(&p->rules[i]))
                        mux[n_mux++] = p->rules[i];
                else
                        kept[n_kept++] = p->rules[i];
        }
        if (n_mux == 0)
                goto out;
        struct sc_rule *all = p->rules;
        size_t n_all = p->n_rules;
        p->rules = kept;
        p->n_rules = n_kept;
        size_t diffs = profile_diffs(p, s, res->target, res->compat, &checked);
        if (diffs <= res->n_diffs) {
                for (size_t i = 0; i < n_mux; i++)
                        sc_rule_clear(&mux[i]);
                res->n_diffs = diffs;
                res->n_checked = checked;
                kept = all; /* freed below; its rules moved */
                for (size_t i = 0; i < p->n_rules; i++)
                        p->rules[i].src_index = i;
                goto out;
        }
        p->rules = all;
        p->n_rules = n_all;
out:
        free(kept);
        free(mux);
}

/* A filter from a newer libseccomp may act on syscalls libseccomp 2.5.4
 * (runc's, crun's, and so our compiler's) does not know: the profile names
 * them rightly, but no runtime here can load it so.  Say which: each name
 * of a rule that is a syscall of one of the filter's arches libseccomp
 * does not know there (the names the compiler skips with a warning). */
static void note_unknown_names(const struct sc_decompile_result *res,
                               struct sc_diags *diags)
{
        const struct sc_profile *p = res->profile;
        _cleanup_free_ enum sc_arch *arches = NULL;
        size_t n_arches = sc_profile_filter_arches(p, res->target, &arches);
        struct strbuf names = { 0 };
        size_t n = 0;

        for (size_t i = 0; i < p->n_rules; i++)
                for (size_t j = 0; j < p->rules[i].n_names; j++) {
                        const char *name = p->rules[i].names[j];
                        bool skipped = false;
                        for (size_t a = 0; a < n_arches && !skipped; a++) {
                                uint32_t nr;
                                skipped = sc_syscall_resolve(arches[a], name,
                                                             &nr) >= 0 &&
                                          !sc_libseccomp_knows(arches[a], name);
                        }
                        if (!skipped)
                                continue;
                        n++;
                        strbuf_printf(&names, "%s%s", names.len ? ", " : "",
                                      name);
                }
        if (n)
                sc_diag_add(diags, SC_WARNING, NULL, (struct sc_pos){ 0 }, NULL,
                            "the filter acts on %zu syscalls libseccomp 2.5.4 "
                            "does not know (%s): the profile names them, but "
                            "runc and crun skip such names, so no profile "
                            "loaded by them reproduces this filter exactly",
                            n, names.buf);
        strbuf_clear(&names);
}

/* One candidate profile (a default action under one compat mode), how it
 * compares with the filter, and the warnings building it gave: kept with
 * the candidate, so the one chosen needs no second pass for them. */
struct candidate {
        struct sc_decompile_result res;
        struct sc_diags warnings;
};

static void candidate_clear(struct candidate *c)
{
        sc_decompile_result_clear(&c->res);
        sc_diags_clear(&c->warnings);
}

static void decompiler_done(struct decompiler *dc)
{
        for (size_t i = 0; i < dc->n_secs; i++)
                arch_section_clear(&dc->secs[i]);
        free(dc->secs);
        prog_consts_clear(&dc->k);
}

/* Read the filter per arch: every arch value it tests that we know; a
 * program that never looks at the arch is read for the target.  Sets
 * dc->target to target when the filter has it, else to its first arch. */
static int sections_read(struct decompiler *dc, enum sc_arch target,
                         struct sc_diags *diags)
{
        struct prog_consts *k = &dc->k;
        bool any_arch = false;

        dc->secs = xcalloc(2 * k->arch.n + 2, sizeof(struct arch_section));
        for (size_t i = 0; i < k->arch.n; i++)
                any_arch = any_arch ||
                           sc_arch_from_audit((uint32_t)k->arch.v[i]) !=
                                   SC_ARCH_INVALID;
        if (!any_arch && target != SC_ARCH_INVALID)
                u64set_add(&k->arch, sc_arch_info(target)->audit_arch);
        for (int pass = 0; pass < 2 && dc->n_secs == 0; pass++) {
                /* second pass: every arch was refused like a foreign one
                 * (a filter that kills everything); read the target's */
                if (pass == 1) {
                        if (target == SC_ARCH_INVALID)
                                break;
                        u64set_clear(&k->arch);
                        u64set_add(&k->arch, sc_arch_info(target)->audit_arch);
                        any_arch = false;
                }
                for (size_t i = 0; i < k->arch.n; i++)
                        dc->n_secs += arch_section_build(
                                &dc->secs[dc->n_secs], dc->s,
                                (uint32_t)k->arch.v[i], dc->bad_arch, any_arch);
        }
        if (dc->n_secs == 0) {
                sc_diag_add(diags, SC_ERROR, NULL, (struct sc_pos){ 0 }, NULL,
                            "the filter tests for no architecture we have a "
                            "syscall table for");
                return -EINVAL;
        }
        dc->target = dc->secs[0].arch;
        for (size_t i = 0; i < dc->n_secs; i++)
                if (dc->secs[i].arch == target)
                        dc->target = target;
        return 0;
}

/* The default actions worth trying: the commonest verdict of unnamed
 * numbers in the tables, past the tables, and of named ones. */
static size_t default_candidates(const struct decompiler *dc, uint32_t out[3])
{
        struct tally t[3] = { { 0 } };
        size_t n = 0;

        for (size_t i = 0; i < dc->n_secs; i++) {
                const struct arch_section *sec = &dc->secs[i];
                for (uint32_t nr = 0; nr <= sec->max + GRID_NR_MARGIN; nr++) {
                        size_t which = nr > sec->max ? 1
                                       : sc_syscall_name(sec->arch, nr) ? 2
                                                                       : 0;
                        if (!sec->cond[nr])
                                tally_add(&t[which], sec->zero[nr]);
                }
        }
        for (size_t w = 0; w < 3; w++) {
                uint32_t v;
                bool dup = false;
                if (tally_top(&t[w], &v)) {
                        for (size_t q = 0; q < n; q++)
                                dup = dup || out[q] == v;
                        if (!dup)
                                out[n++] = v;
                }
                free(t[w].e);
        }
        if (!n)
                out[n++] = SC_RET_KILL_THREAD;
        return n;
}

/* The rules of every name on every section for a profile whose default
 * is default_ret (the fallback of conditional syscalls), sorted by name.
 * Each call gets the same cover budget, so a candidate's rules do not
 * depend on the candidates tried before it. */
static size_t name_entries_build(struct decompiler *dc, uint32_t default_ret,
                                 struct name_entry **ret_ents)
{
        struct name_entry *ents = NULL;
        size_t n = 0, alloc = 0, visits = COVER_VISITS;

        for (size_t i = 0; i < dc->n_secs; i++) {
                struct arch_section *sec = &dc->secs[i];
                size_t it = 0;
                const char *name;
                uint32_t nr;
                while (sc_syscall_next(sec->arch, &it, &name, &nr)) {
                        if (nr > sec->max)
                                continue;
                        GROW(ents, n, alloc);
                        struct name_entry *e = &ents[n++];
                        *e = (struct name_entry){ .name = name, .sec = i,
                                                  .nr = nr };
                        const struct verdict_table *t =
                                sec->cond[nr] ? arch_section_table(
                                                        sec, dc->s, &dc->k, nr,
                                                        &dc->cell_budget)
                                              : NULL;
                        syscall_rules_build(t, sec->zero[nr], default_ret,
                                            &e->fn, &visits);
                }
        }
        if (n)
                qsort(ents, n, sizeof(struct name_entry), name_entry_cmp);
        *ret_ents = ents;
        return n;
}

/* Build the profile for default_ret under each compat mode and keep it in
 * *best when it compares better than what *best holds (or *best is empty);
 * true once *best is exact. */
static bool try_default(struct decompiler *dc, uint32_t default_ret,
                        const enum sc_compat *compats, size_t n_compats,
                        struct candidate *best)
{
        struct name_entry *ents = NULL;
        size_t n_ents = name_entries_build(dc, default_ret, &ents);

        for (size_t m = 0; m < n_compats && best->res.n_diffs != 0; m++) {
                struct candidate c = { .res = { .target = dc->target,
                                                .compat = compats[m] } };
                c.res.profile = build_profile(dc, ents, n_ents, default_ret,
                                              compats[m], &c.warnings,
                                              &c.res.n_inexact);
                c.res.n_diffs = profile_diffs(c.res.profile, dc->s, dc->target,
                                              compats[m], &c.res.n_checked);
                if (!best->res.profile || c.res.n_diffs < best->res.n_diffs) {
                        candidate_clear(best);
                        *best = c;
                } else {
                        candidate_clear(&c);
                }
        }
        for (size_t e = 0; e < n_ents; e++)
                syscall_rules_clear(&ents[e].fn);
        free(ents);
        return best->res.n_diffs == 0;
}

/* What an inexact result tells the reader: the chosen candidate's own
 * warnings (an arch difference the compiler reproduces anyway, e.g. a name
 * libseccomp knows on one arch only, is no news when the result is exact),
 * the bad-arch action, the names libseccomp does not know, and the names
 * that answer otherwise. */
static void note_inexact(const struct decompiler *dc, struct candidate *best,
                         struct sc_diags *diags)
{
        const struct sc_decompile_result *res = &best->res;

        if (res->n_diffs == 0)
                return;
        for (size_t i = 0; i < best->warnings.n; i++) {
                const struct sc_diag *w = &best->warnings.items[i];
                sc_diag_add(diags, w->severity, w->file, w->pos, w->path, "%s",
                            w->message);
        }
        if (dc->bad_arch != SC_RET_KILL_THREAD)
                sc_diag_add(diags, SC_WARNING, NULL, (struct sc_pos){ 0 }, NULL,
                            "the filter answers other arches with %08x; a "
                            "profile cannot say that (libseccomp kills the "
                            "thread)",
                            dc->bad_arch);
}

int sc_decompile(const struct sc_filter_stack *s,
                 const struct sc_decompile_opts *o, struct sc_diags *diags,
                 struct sc_decompile_result *ret)
{
        _cleanup_(decompiler_done) struct decompiler dc = {
                .s = s, .cell_budget = CELL_BUDGET };
        struct candidate best = { .res = { .n_diffs = SIZE_MAX } };
        uint32_t defaults[3];
        int r;

        if (!s || s->n == 0)
                return -EINVAL;
        for (size_t i = 0; i < s->n; i++)
                if (sc_filter_check(s->f[i], NULL) < 0)
                        return -EINVAL;

        prog_consts_scan(&dc.k, s);
        struct sc_seccomp_data foreign = {
                .arch = foreign_audit_arch(&dc.k.arch) };
        dc.bad_arch = sc_stack_run(s, &foreign);
        r = sections_read(&dc, o->target, diags);
        if (r < 0)
                return r;

        size_t n_defaults = default_candidates(&dc, defaults);
        enum sc_compat compats[2] = {
                o->compat,
                o->compat == SC_COMPAT_RUNC ? SC_COMPAT_CRUN : SC_COMPAT_RUNC };
        for (size_t i = 0; i < n_defaults; i++)
                if (try_default(&dc, defaults[i], compats,
                                o->auto_compat ? 2 : 1, &best))
                        break;

        note_inexact(&dc, &best, diags);
        sc_diags_clear(&best.warnings);
        if (best.res.n_diffs != SIZE_MAX)
                drop_implied(&best.res, s);
        if (best.res.n_diffs != 0)
                note_unknown_names(&best.res, diags);
        if (best.res.n_diffs != 0 && best.res.n_diffs != SIZE_MAX)
                note_diff_names(&best.res, s, diags);
        *ret = best.res;
        return 0;
}
