/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Profile union.  Everything is done per (syscall name, conditions)
 * "entry": a rule with three names is three entries.  The runtime facts
 * this relies on (docs/runtime-compat.md): an unconditional
 * rule beats conditional ones for the same syscall, the first of two
 * unconditional rules wins, identical conditions with different actions
 * are an EEXIST error, and a rule whose action equals the default is
 * skipped.
 */
#include "merge.h"

#include "seccomp-vocab.h"

struct entry {
        const char *name;
        const struct sc_rule *rule;  /* action, errno, args */
        size_t profile;              /* which input */
        bool keep;
};

/* The call runs (TRACE without a tracer fails it with ENOSYS). */
static bool permissive(enum sc_action a)
{
        return sc_action_runs_call(a);
}

bool sc_args_equal(const struct sc_arg *a, size_t na, const struct sc_arg *b,
                   size_t nb)
{
        _cleanup_free_ struct sc_arg *x = NULL, *y = NULL;

        if (na != nb)
                return false;
        if (na == 0)
                return true;
        x = xcalloc(na, sizeof *x);
        y = xcalloc(nb, sizeof *y);
        memcpy(x, a, na * sizeof *x);
        memcpy(y, b, nb * sizeof *y);
        qsort(x, na, sizeof *x, sc_arg_qsort_cmp);
        qsort(y, nb, sizeof *y, sc_arg_qsort_cmp);
        for (size_t i = 0; i < na; i++)
                if (sc_arg_cmp(&x[i], &y[i]) != 0)
                        return false;
        return true;
}

static bool same_conditions(const struct entry *a, const struct entry *b)
{
        return sc_args_equal(a->rule->args, a->rule->n_args, b->rule->args,
                             b->rule->n_args);
}

static uint32_t errno_of(const struct sc_rule *r)
{
        return r->has_errno_ret ? r->errno_ret : SC_DEFAULT_ERRNO;
}

/* Does profile q (entries e[lo..hi) of it, plus its default) certainly let
 * through every call that entry d matches? */
static bool certainly_allows(const struct sc_profile *q, const struct entry *e,
                             size_t n, size_t qi, const struct entry *d)
{
        bool any_deny = false;

        for (size_t i = 0; i < n; i++) {
                if (e[i].profile != qi || !streq(e[i].name, d->name))
                        continue;
                if (permissive(e[i].rule->action)) {
                        if (e[i].rule->n_args == 0 || same_conditions(&e[i], d))
                                return true;
                } else {
                        any_deny = true;
                }
        }
        return permissive(q->default_action) && !any_deny;
}

static void add_arch(struct sc_profile *p, enum sc_arch a)
{
        for (size_t i = 0; i < p->n_arches; i++)
                if (p->arches[i] == a)
                        return;
        p->arches = xreallocarray(p->arches, p->n_arches + 1, sizeof *p->arches);
        p->arches[p->n_arches++] = a;
}

static int name_cmp(const void *x, const void *y)
{
        return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Append name to the unconditional rule for (action, errno), creating it. */
static void add_plain(struct sc_profile *p, size_t *alloc,
                      const struct sc_rule *src, const char *name)
{
        struct sc_rule *r = NULL;

        for (size_t i = 0; i < p->n_rules && !r; i++) {
                struct sc_rule *c = &p->rules[i];
                if (c->n_args == 0 && c->action == src->action &&
                    (!sc_action_takes_data(c->action) ||
                     errno_of(c) == errno_of(src)) &&
                    c->has_errno_ret == src->has_errno_ret)
                        r = c;
        }
        if (!r) {
                GROW(p->rules, p->n_rules, *alloc);
                r = &p->rules[p->n_rules];
                *r = (struct sc_rule){
                        .action = src->action,
                        .has_errno_ret = src->has_errno_ret,
                        .errno_ret = src->errno_ret,
                        .src_index = p->n_rules,
                };
                p->n_rules++;
        }
        for (size_t i = 0; i < r->n_names; i++)
                if (streq(r->names[i], name))
                        return;
        r->names = xreallocarray(r->names, r->n_names + 1, sizeof *r->names);
        r->name_pos = xreallocarray(r->name_pos, r->n_names + 1,
                                    sizeof *r->name_pos);
        r->names[r->n_names] = xstrdup(name);
        r->name_pos[r->n_names] = (struct sc_pos){};
        r->n_names++;
}

static void add_conditional(struct sc_profile *p, size_t *alloc,
                            const struct sc_rule *src, const char *name)
{
        struct sc_rule *r;

        GROW(p->rules, p->n_rules, *alloc);
        r = &p->rules[p->n_rules];
        *r = (struct sc_rule){
                .action = src->action,
                .has_errno_ret = src->has_errno_ret,
                .errno_ret = src->errno_ret,
                .src_index = p->n_rules,
        };
        r->names = xcalloc(1, sizeof *r->names);
        r->name_pos = xcalloc(1, sizeof *r->name_pos);
        r->names[0] = xstrdup(name);
        r->n_names = 1;
        r->args = xcalloc(src->n_args, sizeof *r->args);
        memcpy(r->args, src->args, src->n_args * sizeof *r->args);
        for (size_t i = 0; i < src->n_args; i++)
                r->args[i].pos = (struct sc_pos){};
        r->n_args = src->n_args;
        p->n_rules++;
}

int sc_profile_merge(const struct sc_profile *const *ps, size_t n,
                     struct sc_profile **ret)
{
        _cleanup_free_ struct entry *e = NULL;
        size_t ne = 0, alloc_e = 0, alloc_rules = 0;
        const struct sc_profile *first = NULL;
        struct sc_profile *p;
        bool any_allow = false, any_log = false;

        if (n == 0)
                return -EINVAL;

        for (size_t i = 0; i < n; i++) {
                any_allow |= ps[i]->default_action == SC_ACT_ALLOW;
                any_log |= ps[i]->default_action == SC_ACT_LOG;
                for (size_t j = 0; j < ps[i]->n_rules; j++)
                        for (size_t k = 0; k < ps[i]->rules[j].n_names; k++) {
                                GROW(e, ne, alloc_e);
                                e[ne++] = (struct entry){
                                        .name = ps[i]->rules[j].names[k],
                                        .rule = &ps[i]->rules[j],
                                        .profile = i,
                                };
                        }
        }
        first = ps[0];

        p = xcalloc(1, sizeof *p);
        p->json_prefix = xstrdup("$");
        if (any_allow || any_log) {
                p->default_action = any_allow ? SC_ACT_ALLOW : SC_ACT_LOG;
        } else {
                /* Every input denies by default; which denial is a
                 * choice, not an allowance: take the first input's. */
                p->default_action = first->default_action;
                p->has_default_errno = first->has_default_errno;
                p->default_errno_ret = first->default_errno_ret;
        }
        for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < ps[i]->n_arches; j++)
                        add_arch(p, ps[i]->arches[j]);
                if (ps[i]->has_flags) {
                        p->has_flags = true;
                        p->flags |= ps[i]->flags;
                }
                if (!p->listener_path && ps[i]->listener_path)
                        p->listener_path = xstrdup(ps[i]->listener_path);
                if (!p->listener_metadata && ps[i]->listener_metadata)
                        p->listener_metadata = xstrdup(ps[i]->listener_metadata);
        }

        /* Decide what stays. */
        for (size_t i = 0; i < ne; i++) {
                const struct sc_rule *r = e[i].rule;
                bool keep = true;

                if (permissive(r->action)) {
                        /* Skip exact duplicates, and conditional rules
                         * that an unconditional permissive rule for the
                         * same name (which wins at runtime) covers. */
                        for (size_t j = 0; j < ne && keep; j++) {
                                if (j == i || !streq(e[j].name, e[i].name) ||
                                    !permissive(e[j].rule->action))
                                        continue;
                                if (e[j].rule->n_args == 0 && r->n_args > 0)
                                        keep = false;
                                else if (j < i && same_conditions(&e[i], &e[j]))
                                        keep = false;
                        }
                } else {
                        /* A denial survives unless another input certainly
                         * allows the same calls. */
                        for (size_t q = 0; q < n && keep; q++)
                                if (q != e[i].profile &&
                                    certainly_allows(ps[q], e, ne, q, &e[i]))
                                        keep = false;
                        /* Identical conditions with another action would be
                         * EEXIST; the first input's denial wins. */
                        for (size_t j = 0; j < i && keep; j++)
                                if (e[j].keep && streq(e[j].name, e[i].name) &&
                                    !permissive(e[j].rule->action) &&
                                    same_conditions(&e[i], &e[j]))
                                        keep = false;
                }
                /* runc and crun skip rules whose action is the default. */
                if (keep && r->action == p->default_action &&
                    (!sc_action_takes_data(r->action) ||
                     errno_of(r) == (p->has_default_errno ? p->default_errno_ret
                                                          : SC_DEFAULT_ERRNO)))
                        keep = false;
                e[i].keep = keep;
        }

        /* Unconditional rules first, grouped by action, then the
         * conditional ones in input order. */
        for (size_t i = 0; i < ne; i++)
                if (e[i].keep && e[i].rule->n_args == 0)
                        add_plain(p, &alloc_rules, e[i].rule, e[i].name);
        for (size_t i = 0; i < p->n_rules; i++)
                qsort(p->rules[i].names, p->rules[i].n_names, sizeof(char *),
                      name_cmp);
        for (size_t i = 0; i < ne; i++)
                if (e[i].keep && e[i].rule->n_args > 0)
                        add_conditional(p, &alloc_rules, e[i].rule, e[i].name);

        *ret = p;
        return 0;
}
