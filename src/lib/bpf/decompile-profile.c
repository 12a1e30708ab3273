/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Step 4 of the decompiler (see decompile.c's outline): the profile for
 * one default action and compat mode, from the rules of every name.
 */
#include "decompile-internal.h"
#include "seccomp-vocab.h"
#include "syscalls.h"

static bool ret_to_action(uint32_t ret, enum sc_action *act, bool *has_data,
                          uint32_t *data)
{
        uint32_t full = ret & SC_RET_ACTION_FULL, d = ret & SC_RET_DATA;
        *has_data = false;
        *data = 0;
        switch (full) {
        case SC_RET_KILL_PROCESS: *act = SC_ACT_KILL_PROCESS; return d == 0;
        case SC_RET_KILL_THREAD: *act = SC_ACT_KILL_THREAD; return d == 0;
        case SC_RET_TRAP: *act = SC_ACT_TRAP; return d == 0;
        case SC_RET_USER_NOTIF: *act = SC_ACT_NOTIFY; return d == 0;
        case SC_RET_LOG: *act = SC_ACT_LOG; return d == 0;
        case SC_RET_ALLOW: *act = SC_ACT_ALLOW; return d == 0;
        case SC_RET_ERRNO:
                *act = SC_ACT_ERRNO;
                *has_data = true;
                *data = d;
                return d < SC_MAX_ERRNO;
        case SC_RET_TRACE:
                *act = SC_ACT_TRACE;
                *has_data = true;
                *data = d;
                return true;
        default:
                /* the kernel treats unknown actions as KILL_PROCESS */
                *act = SC_ACT_KILL_PROCESS;
                return false;
        }
}

/* Output rules, keyed by verdict and conditions. */
struct out_rule {
        char *key;
        uint32_t ret;
        struct sc_arg args[6];
        size_t n_args;
        char **names;
        size_t n_names, alloc_names;
        bool noop;
};

struct out_rules {
        struct out_rule *r;
        size_t n, alloc;
};

static void out_rules_add(struct out_rules *out, const char *name, uint32_t ret,
                          const struct sc_arg *args, size_t n_args, bool noop)
{
        struct strbuf sb = { 0 };
        strbuf_printf(&sb, "%d/%08x", noop, ret);
        for (size_t j = 0; j < n_args; j++)
                strbuf_printf(&sb, ",%u:%d:%" PRIx64 ":%" PRIx64, args[j].index,
                              args[j].op, args[j].value, args[j].value_two);
        _cleanup_free_ char *key = strbuf_steal(&sb);
        struct out_rule *o = NULL;
        for (size_t i = 0; i < out->n && !o; i++)
                if (out->r[i].ret == ret && out->r[i].n_args == n_args &&
                    out->r[i].noop == noop && streq(out->r[i].key, key))
                        o = &out->r[i];
        if (!o) {
                GROW(out->r, out->n, out->alloc);
                o = &out->r[out->n++];
                *o = (struct out_rule){ .key = TAKE_PTR(key), .ret = ret,
                                     .n_args = n_args, .noop = noop };
                if (n_args)
                        memcpy(o->args, args, n_args * sizeof(struct sc_arg));
        }
        for (size_t i = 0; i < o->n_names; i++)
                if (streq(o->names[i], name))
                        return;
        GROW(o->names, o->n_names, o->alloc_names);
        o->names[o->n_names++] = xstrdup(name);
}

static void out_rules_clear(struct out_rules *out)
{
        for (size_t i = 0; i < out->n; i++) {
                free(out->r[i].key);
                for (size_t j = 0; j < out->r[i].n_names; j++)
                        free(out->r[i].names[j]);
                free(out->r[i].names);
        }
        free(out->r);
        *out = (struct out_rules){ 0 };
}

static int out_rule_cmp(const void *a, const void *b)
{
        const struct out_rule *x = a, *y = b;
        /* unconditional first, then by action precedence, then key */
        if ((x->n_args == 0) != (y->n_args == 0))
                return x->n_args == 0 ? -1 : 1;
        if (x->noop != y->noop)
                return x->noop ? 1 : -1;
        if (x->n_args == 0 || x->noop) {
                if (x->ret != y->ret)
                        return sc_ret_more_restrictive(x->ret, y->ret) ? 1 : -1;
                return strcmp(x->key, y->key);
        }
        /* conditional rules: by syscall, then by condition, numerically */
        int r = strcmp(x->names[0], y->names[0]);
        if (r)
                return r;
        for (size_t i = 0; i < x->n_args && i < y->n_args; i++) {
                r = sc_arg_cmp(&x->args[i], &y->args[i]);
                if (r)
                        return r;
        }
        if (x->n_args != y->n_args)
                return x->n_args < y->n_args ? -1 : 1;
        return strcmp(x->key, y->key);
}

int str_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_action(uint32_t ret, enum sc_action *act, bool *has,
                       uint32_t *data, size_t *n_inexact)
{
        if (!ret_to_action(ret, act, has, data))
                (*n_inexact)++;
}

/* runc's stub: numbers above the profile's largest named number fail
 * with ENOSYS.  Where the filter answers ENOSYS from some number up to past
 * the table, the numbers up there are the stub's and the profile must name
 * the number just below as its largest: has_stub[i] and stub_last[i] say
 * so for section i. */
static void stub_find(const struct decompiler *dc, bool *has_stub,
                      uint32_t *stub_last)
{
        for (size_t i = 0; i < dc->n_secs; i++) {
                const struct arch_section *s = &dc->secs[i];
                bool tail = true;
                for (uint32_t nr = s->max + 1; nr <= s->max + GRID_NR_MARGIN; nr++)
                        tail = tail && s->zero[nr] == SC_RET_ENOSYS;
                if (!tail)
                        continue;
                uint32_t last = UINT32_MAX;
                for (uint32_t nr = s->max + 1; nr-- > 0;)
                        if ((s->zero[nr] != SC_RET_ENOSYS || s->cond[nr]) &&
                            sc_syscall_name(s->arch, nr)) {
                                last = nr;
                                break;
                        }
                if (last == UINT32_MAX)
                        continue;
                has_stub[i] = true;
                stub_last[i] = last;
        }
}

/* Names a warning lists. */
struct name_list {
        struct strbuf buf;
        size_t n;
};

static void name_list_add(struct name_list *l, const char *name)
{
        l->n++;
        strbuf_printf(&l->buf, "%s%s", l->buf.len ? ", " : "", name);
}

/* "N syscalls WHAT (NAMES); CONSEQUENCE", when there are any; frees l.
 * Every name: a reader must be able to find each rule the profile states
 * only approximately. */
static void name_list_warn(struct name_list *l, struct sc_diags *warnings,
                           const char *what, const char *consequence)
{
        if (l->n)
                sc_diag_add(warnings, SC_WARNING, NULL, (struct sc_pos){ 0 },
                            NULL, "%zu syscalls %s (%s); %s", l->n, what,
                            l->buf.buf, consequence);
        strbuf_clear(&l->buf);
}

/* Of the entries [e, end) of one name (one per section), the one the
 * profile follows: the first not left to runc's stub, or the target's when
 * they differ (*ret_differ); SIZE_MAX when the stub covers them all. */
static size_t entry_pick(const struct decompiler *dc,
                         const struct name_entry *ents, size_t e, size_t end,
                         bool *ret_differ)
{
        size_t pick = SIZE_MAX;
        bool differ = false;

        for (size_t q = e; q < end; q++) {
                if (ents[q].stub_covered)
                        continue;
                if (pick == SIZE_MAX)
                        pick = q;
                else if (!streq(ents[q].fn.key, ents[pick].fn.key))
                        differ = true;
        }
        if (differ)
                for (size_t q = e; q < end; q++)
                        if (!ents[q].stub_covered &&
                            dc->secs[ents[q].sec].arch == dc->target)
                                pick = q;
        *ret_differ = differ;
        return pick;
}

/* The rules of one name whose verdict is not the default. */
static void entry_rules_add(struct out_rules *out, const char *name,
                            const struct syscall_rules *fn,
                            uint32_t default_ret)
{
        if (!fn->cond && fn->ret != default_ret)
                out_rules_add(out, name, fn->ret, NULL, 0, false);
        for (size_t r = 0; fn->cond && r < fn->n_rules; r++)
                if (fn->rules[r].ret != default_ret)
                        out_rules_add(out, name, fn->rules[r].ret,
                                      fn->rules[r].args, fn->rules[r].n_args,
                                      false);
}

/* The output rules of every name (ents sorted by name, so the entries of
 * one name on every section are neighbours); returns the number of names
 * stated only approximately, and warns about them. */
static size_t names_to_rules(const struct decompiler *dc,
                             const struct name_entry *ents, size_t n_ents,
                             uint32_t default_ret, struct out_rules *out,
                             struct sc_diags *warnings)
{
        struct name_list differ_names = { { 0 } }, complex_names = { { 0 } };
        size_t inexact = 0;

        for (size_t e = 0, end; e < n_ents; e = end) {
                bool differ;
                for (end = e; end < n_ents && streq(ents[end].name, ents[e].name);)
                        end++;
                size_t pick = entry_pick(dc, ents, e, end, &differ);
                if (differ) {
                        inexact++;
                        name_list_add(&differ_names, ents[e].name);
                }
                if (pick == SIZE_MAX)
                        continue;
                if (ents[pick].fn.inexact) {
                        inexact++;
                        name_list_add(&complex_names, ents[e].name);
                }
                entry_rules_add(out, ents[e].name, &ents[pick].fn, default_ret);
        }
        _cleanup_free_ char *follows =
                xasprintf("a profile cannot say that, it follows %s",
                          sc_arch_info(dc->target)->name);
        name_list_warn(&differ_names, warnings,
                       "are treated differently on different arches", follows);
        name_list_warn(&complex_names, warnings,
                       "have argument checks more complex than profile "
                       "conditions can state",
                       "their rules are approximate");
        return inexact;
}

/* Make the profile's largest name on each arch with runc's stub the
 * filter's (a no-op rule when no rule names it). */
static void stub_noops_add(const struct decompiler *dc, const bool *has_stub,
                           const uint32_t *stub_last, uint32_t default_ret,
                           struct out_rules *out)
{
        for (size_t i = 0; i < dc->n_secs; i++) {
                if (!has_stub[i])
                        continue;
                uint32_t maxnamed = 0;
                bool any = false;
                for (size_t o = 0; o < out->n; o++)
                        for (size_t j = 0; j < out->r[o].n_names; j++) {
                                uint32_t nr;
                                if (sc_syscall_resolve(dc->secs[i].arch,
                                                       out->r[o].names[j],
                                                       &nr) >= 0 &&
                                    (!any || nr > maxnamed)) {
                                        maxnamed = nr;
                                        any = true;
                                }
                        }
                if (!any || maxnamed < stub_last[i]) {
                        const char *name = sc_syscall_name(dc->secs[i].arch,
                                                           stub_last[i]);
                        if (name)
                                out_rules_add(out, name, default_ret, NULL, 0,
                                              true);
                }
        }
}

/* One profile rule from an output rule (its names move). */
static void rule_from_out(struct sc_rule *r, struct out_rule *rule,
                          size_t *inexact)
{
        qsort(rule->names, rule->n_names, sizeof(char *), str_cmp);
        r->names = TAKE_PTR(rule->names);
        r->n_names = rule->n_names;
        rule->n_names = 0;
        r->name_pos = xcalloc(r->n_names, sizeof(struct sc_pos));
        set_action(rule->ret, &r->action, &r->has_errno_ret, &r->errno_ret,
                   inexact);
        if (rule->n_args) {
                r->args = xcalloc(rule->n_args, sizeof(struct sc_arg));
                memcpy(r->args, rule->args, rule->n_args * sizeof(struct sc_arg));
                r->n_args = rule->n_args;
        }
        if (rule->noop)
                r->comment = xstrdup("no-op: sets the largest syscall named, "
                                     "where runc's ENOSYS stub starts");
}

/* The profile: default action, arches (target first, then the others in
 * filter order), the output rules sorted. */
static struct sc_profile *profile_from_rules(const struct decompiler *dc,
                                             struct out_rules *out,
                                             uint32_t default_ret,
                                             size_t *inexact)
{
        struct sc_profile *p = xcalloc(1, sizeof(*p));
        bool has;
        uint32_t data;

        if (out->n)
                qsort(out->r, out->n, sizeof(struct out_rule), out_rule_cmp);
        set_action(default_ret, &p->default_action, &has, &data, inexact);
        p->has_default_errno = has;
        p->default_errno_ret = data;
        p->json_prefix = xstrdup("$");
        p->arches = xcalloc(dc->n_secs + 1, sizeof(enum sc_arch));
        p->arches[p->n_arches++] = dc->target;
        for (size_t i = 0; i < dc->n_secs; i++) {
                bool dup = false;
                for (size_t j = 0; j < p->n_arches; j++)
                        dup = dup || p->arches[j] == dc->secs[i].arch;
                if (!dup)
                        p->arches[p->n_arches++] = dc->secs[i].arch;
        }
        p->rules = xcalloc(out->n ? out->n : 1, sizeof(struct sc_rule));
        for (size_t o = 0; o < out->n; o++) {
                rule_from_out(&p->rules[p->n_rules], &out->r[o], inexact);
                p->rules[p->n_rules].src_index = p->n_rules;
                p->n_rules++;
        }
        return p;
}

/* (see decompile-internal.h) */
struct sc_profile *build_profile(const struct decompiler *dc,
                                 struct name_entry *ents, size_t n_ents,
                                 uint32_t default_ret, enum sc_compat compat,
                                 struct sc_diags *warnings,
                                 size_t *ret_inexact)
{
        struct out_rules out = { 0 };
        _cleanup_free_ uint32_t *stub_last =
                xcalloc(dc->n_secs, sizeof(uint32_t));
        _cleanup_free_ bool *has_stub = xcalloc(dc->n_secs, sizeof(bool));

        if (compat != SC_COMPAT_CRUN && !sc_ret_is_allow_class(default_ret))
                stub_find(dc, has_stub, stub_last);
        for (size_t e = 0; e < n_ents; e++) {
                struct name_entry *n = &ents[e];
                n->stub_covered = has_stub[n->sec] && n->nr > stub_last[n->sec];
        }
        size_t inexact = names_to_rules(dc, ents, n_ents, default_ret, &out,
                                        warnings);
        stub_noops_add(dc, has_stub, stub_last, default_ret, &out);
        struct sc_profile *p = profile_from_rules(dc, &out, default_ret,
                                                  &inexact);
        out_rules_clear(&out);
        *ret_inexact = inexact;
        return p;
}
