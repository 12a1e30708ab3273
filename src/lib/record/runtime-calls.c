/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime's own calls after the filter (runtime-calls.h): which a
 * profile lacks, and the profile with them added.
 */
#include <errno.h>
#include <string.h>

#include "merge.h"
#include "runtime-calls.h"
#include "seccomp-vocab.h"
#include "util.h"

static const struct {
        const char *name;
        const char *version;
} runtimes[_SC_RUNTIME_MAX] = {
        [SC_RUNTIME_NONE] = { "none", NULL },
        [SC_RUNTIME_RUNC] = { "runc", "1.1.5" },
        [SC_RUNTIME_CRUN] = { "crun", "1.8.1" },
};

static const struct {
        unsigned when;
        const char *text;
} whens[] = {
        { SC_RTW_ALWAYS, "always" },
        { SC_RTW_NNP, "when noNewPrivileges is false" },
        { SC_RTW_EXEC, "on exec into a running container" },
        { SC_RTW_NOTIFY, "with an SCMP_ACT_NOTIFY listener" },
        { SC_RTW_GO, "at random moments, in the Go runtime" },
};

int sc_runtime_from_name(const char *s, enum sc_runtime *ret)
{
        for (size_t i = 0; i < _SC_RUNTIME_MAX; i++)
                if (s && streq(s, runtimes[i].name)) {
                        *ret = (enum sc_runtime)i;
                        return 0;
                }
        return -EINVAL;
}

const char *sc_runtime_name(enum sc_runtime rt)
{
        return (unsigned)rt < _SC_RUNTIME_MAX ? runtimes[rt].name : NULL;
}

const char *sc_runtime_version(enum sc_runtime rt)
{
        return (unsigned)rt < _SC_RUNTIME_MAX ? runtimes[rt].version : NULL;
}

const char *sc_runtime_when_describe(unsigned when)
{
        for (size_t i = 0; i < ELEMENTSOF(whens); i++)
                if (whens[i].when == when)
                        return whens[i].text;
        return "?";
}

static bool permissive(enum sc_action a)
{
        return sc_action_runs_call(a);
}

static bool rule_names(const struct sc_rule *r, const char *name)
{
        for (size_t i = 0; i < r->n_names; i++)
                if (streq(r->names[i], name))
                        return true;
        return false;
}

/* Can the conditional rule r match the runtime's call (*may), and does it
 * match every instance of it (*all)?  Conditions on arguments the runtime
 * chooses freely may match some instances and not others. */
static void cond_match(const struct sc_rule *r, const struct sc_runtime_call *c, bool *may,
                       bool *all)
{
        *may = true;
        *all = c->arg >= 0;
        for (size_t i = 0; i < r->n_args; i++) {
                const struct sc_arg *a = &r->args[i];
                if (c->arg >= 0 && a->index == (uint32_t)c->arg) {
                        /* as the runtime loads it, not the literal reading */
                        if (!sc_arg_matches_loaded(a, c->value)) {
                                *may = *all = false;
                                return;
                        }
                } else {
                        *all = false;
                }
        }
}

/* A NOTIFY rule hands the call to the profile's agent, which decides (the
 * runtime has passed it the listener by then): the profile's author chose
 * that, and adding an ALLOW rule would take the call away from the agent. */
static bool lets_runtime_through(enum sc_action a)
{
        return permissive(a) || a == SC_ACT_NOTIFY;
}

/* libseccomp 2.5.4 as runc and crun drive it (docs/runtime-compat.md): a
 * rule whose action is the default's is skipped, the first unconditional
 * rule of a syscall beats every conditional one. */
bool sc_runtime_call_allowed(const struct sc_profile *p, const struct sc_runtime_call *c)
{
        bool deny_may = false, allow_all = false;

        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                if (!rule_names(r, c->name) || r->action == p->default_action)
                        continue;
                if (r->n_args == 0)
                        return lets_runtime_through(r->action);
        }
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                bool may, all;
                if (!rule_names(r, c->name) || r->action == p->default_action)
                        continue;
                cond_match(r, c, &may, &all);
                if (!lets_runtime_through(r->action) && may)
                        deny_may = true;
                if (lets_runtime_through(r->action) && all)
                        allow_all = true;
        }
        if (deny_may)
                return false;
        return allow_all || permissive(p->default_action);
}

static bool has_notify(const struct sc_profile *p)
{
        for (size_t i = 0; i < p->n_rules; i++)
                if (p->rules[i].action == SC_ACT_NOTIFY)
                        return true;
        return false;
}

static bool same_call(const struct sc_runtime_call *a, const struct sc_runtime_call *b)
{
        return streq(a->name, b->name) && a->arg == b->arg &&
               (a->arg < 0 || a->value == b->value);
}

size_t sc_runtime_missing(const struct sc_profile *p, enum sc_runtime rt, unsigned when_mask,
                          const struct sc_runtime_call ***ret)
{
        const struct sc_runtime_call **v = NULL;
        size_t n = 0, alloc = 0;

        if (has_notify(p))
                when_mask |= SC_RTW_NOTIFY;
        for (size_t i = 0; rt != SC_RUNTIME_NONE && i < sc_runtime_call_table_len; i++) {
                const struct sc_runtime_call *c = &sc_runtime_call_table[i];
                bool dup = false;
                if (c->runtime != rt || !(c->when & when_mask))
                        continue;
                for (size_t j = 0; j < n && !dup; j++)
                        dup = same_call(v[j], c);
                if (dup || sc_runtime_call_allowed(p, c))
                        continue;
                GROW(v, n, alloc);
                v[n++] = c;
        }
        *ret = v;
        return n;
}

/* The missing calls as a profile: one ALLOW rule with the unconditional
 * names, one per conditional call; p's arches (OCI rules apply to every
 * listed arch) and a default that denies, so the merge keeps p's. */
static struct sc_profile *fragment(const struct sc_profile *p,
                                   const struct sc_runtime_call *const *v, size_t n)
{
        struct sc_profile *f = xcalloc(1, sizeof(*f));
        size_t plain = 0;

        f->default_action = SC_ACT_ERRNO;
        f->n_arches = p->n_arches;
        f->arches = xcalloc(p->n_arches ? p->n_arches : 1, sizeof(*f->arches));
        if (p->n_arches)
                memcpy(f->arches, p->arches, p->n_arches * sizeof(*f->arches));
        f->rules = xcalloc(n + 1, sizeof(*f->rules));
        for (size_t i = 0; i < n; i++)
                plain += v[i]->arg < 0;
        if (plain) {
                struct sc_rule *r = &f->rules[f->n_rules++];
                r->action = SC_ACT_ALLOW;
                r->names = xcalloc(plain, sizeof(*r->names));
                r->name_pos = xcalloc(plain, sizeof(*r->name_pos));
                for (size_t i = 0; i < n; i++)
                        if (v[i]->arg < 0)
                                r->names[r->n_names++] = xstrdup(v[i]->name);
        }
        for (size_t i = 0; i < n; i++) {
                if (v[i]->arg < 0)
                        continue;
                struct sc_rule *r = &f->rules[f->n_rules++];
                r->action = SC_ACT_ALLOW;
                r->names = xcalloc(1, sizeof(*r->names));
                r->name_pos = xcalloc(1, sizeof(*r->name_pos));
                r->names[r->n_names++] = xstrdup(v[i]->name);
                r->args = xcalloc(1, sizeof(*r->args));
                r->args[0] = (struct sc_arg){ .index = (uint32_t)v[i]->arg,
                                              .value = v[i]->value,
                                              .op = SC_OP_EQ };
                r->n_args = 1;
                r->src_index = f->n_rules - 1;
        }
        return f;
}

int sc_runtime_add_calls(const struct sc_profile *p, enum sc_runtime rt, unsigned when_mask,
                         struct sc_profile **ret, char **ret_added)
{
        _cleanup_free_ const struct sc_runtime_call **v = NULL;
        _cleanup_(sc_profile_freep) struct sc_profile *f = NULL;
        struct strbuf sb = {};
        struct sc_profile *m = NULL;
        size_t n;
        int r;

        if ((unsigned)rt >= _SC_RUNTIME_MAX)
                return -EINVAL;
        n = sc_runtime_missing(p, rt, when_mask, &v);
        if (n == 0) {
                *ret = sc_profile_dup(p);
                if (ret_added)
                        *ret_added = xstrdup("");
                return 0;
        }
        f = fragment(p, v, n);
        const struct sc_profile *both[] = { p, f };
        r = sc_profile_merge(both, 2, &m);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_putc(&sb, ' ');
                if (v[i]->arg >= 0)
                        strbuf_printf(&sb, "%s(%s)", v[i]->name, v[i]->value_name);
                else
                        strbuf_puts(&sb, v[i]->name);
        }
        *ret = m;
        if (ret_added)
                *ret_added = strbuf_steal(&sb);
        else
                strbuf_clear(&sb);
        return 0;
}
