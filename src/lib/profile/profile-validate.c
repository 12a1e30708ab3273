/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Semantic checks: what parses but would not load, would load differently
 * in runc and crun, or would not do what its author meant.  The rules come
 * from docs/runtime-compat.md (measured runtime behaviour).
 */
#include "profile.h"
#include "seccomp-vocab.h"
#include "syscalls.h"

struct vctx {
        const struct sc_profile *p;
        const struct sc_validate_opts *o;
        struct sc_diags *d;
        size_t errors;
};

_printf_(5, 6) static void say(struct vctx *v, enum sc_severity sev,
                               struct sc_pos pos, const char *path,
                               const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *msg = xvasprintf(fmt, ap);
        va_end(ap);
        sc_diag_add(v->d, sev, v->p->file, pos, path, "%s", msg);
        free(msg);
        if (sev == SC_ERROR)
                v->errors++;
}

static bool is_runc(const struct vctx *v)
{
        return v->o->compat != SC_COMPAT_CRUN;
}

static uint32_t rule_ret(const struct sc_rule *r)
{
        return sc_action_ret(r->action, r->has_errno_ret ? r->errno_ret : SC_DEFAULT_ERRNO);
}

static uint32_t default_ret(const struct sc_profile *p)
{
        return sc_action_ret(p->default_action,
                             p->has_default_errno ? p->default_errno_ret : SC_DEFAULT_ERRNO);
}

/* Actions after which the call can still proceed (TRACE and NOTIFY
 * hand the decision to user space). */
static bool is_deny(enum sc_action a)
{
        return a != SC_ACT_ALLOW && a != SC_ACT_LOG && a != SC_ACT_TRACE &&
               a != SC_ACT_NOTIFY;
}

static void check_notify(struct vctx *v, const struct sc_rule *r)
{
        const struct sc_profile *p = v->p;
        if (r->action != SC_ACT_NOTIFY)
                return;
        _cleanup_free_ char *path = sc_profile_json_path(p, ".syscalls[%zu].action", r->src_index);
        if (!p->listener_path)
                say(v, SC_ERROR, r->action_pos, path,
                    "SCMP_ACT_NOTIFY needs \"listenerPath\" (the socket that receives "
                    "the notification fd)");
        for (size_t i = 0; i < r->n_names; i++) {
                if (!streq(r->names[i], "write"))
                        continue;
                _cleanup_free_ char *np = sc_profile_json_path(
                        p, ".syscalls[%zu].names[%zu]", r->src_index, i);
                say(v, is_runc(v) ? SC_ERROR : SC_WARNING, r->name_pos[i], np,
                            "SCMP_ACT_NOTIFY on \"write\" can deadlock the runtime "
                    "that hands the fd over; runc refuses it");
        }
}

/* Does some argument vector satisfy both condition lists?  Each list is
 * an AND over indexes; the answer is exact per index by trying the
 * boundary values of every condition involved (the satisfying set of a
 * conjunction of comparisons is a union of intervals whose ends are such
 * boundaries), and masks by their interesting values. */
static bool conds_overlap(const struct sc_arg *a, size_t na,
                          const struct sc_arg *b, size_t nb)
{
        for (uint32_t idx = 0; idx < 6; idx++) {
                uint64_t cand[512];
                size_t nc = 0;
                cand[nc++] = 0;
                cand[nc++] = UINT64_MAX;
                for (size_t pass = 0; pass < 2; pass++) {
                        const struct sc_arg *v = pass ? b : a;
                        size_t n = pass ? nb : na;
                        for (size_t i = 0; i < n && nc + 6 < ELEMENTSOF(cand); i++) {
                                if (v[i].index != idx)
                                        continue;
                                cand[nc++] = v[i].value;
                                cand[nc++] = v[i].value - 1;
                                cand[nc++] = v[i].value + 1;
                                cand[nc++] = v[i].value_two;
                                cand[nc++] = v[i].value_two | ~v[i].value;
                        }
                }
                bool any = false;
                for (size_t c = 0; c < nc && !any; c++) {
                        bool ok = true;
                        for (size_t i = 0; i < na && ok; i++)
                                if (a[i].index == idx)
                                        ok = sc_arg_matches(&a[i], cand[c]);
                        for (size_t i = 0; i < nb && ok; i++)
                                if (b[i].index == idx)
                                        ok = sc_arg_matches(&b[i], cand[c]);
                        any = ok;
                }
                if (!any)
                        return false;
        }
        return true;
}

static bool conds_equal(const struct sc_rule *a, const struct sc_rule *b)
{
        if (a->n_args != b->n_args)
                return false;
        for (size_t i = 0; i < a->n_args; i++)
                if (sc_arg_cmp(&a->args[i], &b->args[i]) != 0)
                        return false;
        return true;
}

struct name_use {
        const char *name;
        size_t rule, name_index;
};

static int name_use_cmp(const void *x, const void *y)
{
        const struct name_use *a = x, *b = y;
        int r = strcmp(a->name, b->name);
        if (r)
                return r;
        return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* A slot of check_conflicts' table of names: 1 + the index of the first
 * use of its name (0: a free slot), and how many uses it has. */
struct name_count {
        uint32_t first, count;
};

static uint64_t name_hash(const char *s)
{
        uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
        return h;
}

/* The slot of name in a table of size (a power of two) with free slots:
 * its own, or the free one where it goes. */
static size_t name_slot(const struct name_count *table, size_t size,
                        const char *const *names, const char *name)
{
        size_t i = (size_t)name_hash(name) & (size - 1);
        while (table[i].first && !streq(names[table[i].first - 1], name))
                i = (i + 1) & (size - 1);
        return i;
}

/* Tables up to this many slots (4 KiB) live on the stack. */
#define NAME_TABLE_STACK 512

/* The uses of names that more than one rule, or one rule twice, names,
 * sorted by name then rule: the only ones check_conflicts has to look
 * at.  A profile names most syscalls once (Docker's default: 2 of its
 * 370 names twice), and sorting every use by name was most of
 * validating it; counting them in a hash table first is linear. */
static size_t shared_name_uses(const struct sc_profile *p, struct name_use **ret)
{
        size_t n = 0, size = 16;
        for (size_t i = 0; i < p->n_rules; i++)
                n += p->rules[i].n_names;
        if (n >= UINT32_MAX)
                sc_oom(); /* the document limits keep it far below */
        while (size * 3 < n * 4) /* at most 3/4 full */
                size *= 2;
        struct name_count small[NAME_TABLE_STACK];
        _cleanup_free_ struct name_count *big = NULL;
        struct name_count *table = small;
        if (size > NAME_TABLE_STACK)
                table = big = xcalloc(size, sizeof(*table));
        else
                memset(small, 0, size * sizeof(*table));
        /* each use's name and slot, in rule order */
        _cleanup_free_ const char **names = xreallocarray(NULL, n + 1, sizeof(*names));
        _cleanup_free_ uint32_t *slot = xreallocarray(NULL, n + 1, sizeof(*slot));
        size_t u = 0;
        for (size_t i = 0; i < p->n_rules; i++)
                for (size_t j = 0; j < p->rules[i].n_names; j++, u++) {
                        names[u] = p->rules[i].names[j];
                        size_t s = name_slot(table, size, names, names[u]);
                        if (!table[s].first)
                                table[s].first = (uint32_t)u + 1;
                        table[s].count++;
                        slot[u] = (uint32_t)s;
                }
        size_t k = 0;
        for (u = 0; u < n; u++)
                k += table[slot[u]].count > 1;
        struct name_use *uses = xcalloc(k + 1, sizeof(*uses));
        k = 0;
        u = 0;
        for (size_t i = 0; i < p->n_rules; i++)
                for (size_t j = 0; j < p->rules[i].n_names; j++, u++)
                        if (table[slot[u]].count > 1)
                                uses[k++] = (struct name_use){ names[u], i, j };
        qsort(uses, k, sizeof(*uses), name_use_cmp);
        *ret = uses;
        return k;
}

/* Rules for one syscall that disagree. */
static void check_conflicts(struct vctx *v)
{
        const struct sc_profile *p = v->p;
        _cleanup_free_ struct name_use *uses = NULL;
        size_t n = shared_name_uses(p, &uses);

        for (size_t s = 0; s < n;) {
                size_t e = s + 1;
                while (e < n && streq(uses[e].name, uses[s].name))
                        e++;
                for (size_t i = s; i < e; i++)
                        for (size_t j = s; j < i; j++) {
                                const struct sc_rule *a = &p->rules[uses[j].rule];
                                const struct sc_rule *b = &p->rules[uses[i].rule];
                                if (uses[i].rule == uses[j].rule)
                                        continue;
                                if (rule_ret(a) == rule_ret(b) ||
                                    rule_ret(a) == default_ret(p) ||
                                    rule_ret(b) == default_ret(p))
                                        continue;
                                _cleanup_free_ char *path = sc_profile_json_path(
                                        p, ".syscalls[%zu].names[%zu]", b->src_index,
                                        uses[i].name_index);
                                struct sc_pos pos = b->name_pos[uses[i].name_index];
                                if (a->n_args == 0 && b->n_args == 0)
                                        say(v, SC_WARNING, pos, path,
                                            "\"%s\" already has an unconditional rule "
                                            "(syscalls[%zu], %s); the first one wins, "
                                            "this one has no effect",
                                            b->names[uses[i].name_index], a->src_index,
                                            sc_action_name(a->action));
                                else if (a->n_args == 0 || b->n_args == 0)
                                        say(v, SC_WARNING, pos, path,
                                            "\"%s\" has both an unconditional rule and "
                                            "a conditional one with another action "
                                            "(syscalls[%zu]); the unconditional rule "
                                            "wins and the conditions are ignored",
                                            b->names[uses[i].name_index],
                                            a->src_index);
                                else if (conds_equal(a, b))
                                        say(v, SC_ERROR, pos, path,
                                            "\"%s\": same conditions as syscalls[%zu] "
                                            "but a different action; libseccomp "
                                            "refuses this (EEXIST) and the container "
                                            "will not start",
                                            b->names[uses[i].name_index], a->src_index);
                                else if (v->o->compat == SC_COMPAT_LITERAL &&
                                         conds_overlap(a->args, a->n_args, b->args,
                                                       b->n_args))
                                        say(v, SC_WARNING, pos, path,
                                            "\"%s\": conditions overlap with "
                                            "syscalls[%zu] (%s) but the action "
                                            "differs; which one applies depends on "
                                            "the runtime's libseccomp",
                                            b->names[uses[i].name_index], a->src_index,
                                            sc_action_name(a->action));
                        }
                s = e;
        }
}

static bool name_known(const char *name)
{
        if (sc_syscall_known_anywhere(name))
                return true;
        /* Pseudo-syscalls libseccomp accepts on multiplexing arches. */
        uint32_t c;
        return sc_socketcall_subcall(name, &c) == 0 || sc_ipc_subcall(name, &c) == 0;
}

static void check_rule(struct vctx *v, const struct sc_rule *r)
{
        const struct sc_profile *p = v->p;
        _cleanup_free_ char *rpath = sc_profile_json_path(p, ".syscalls[%zu]", r->src_index);

        if (r->n_names == 0)
                say(v, SC_WARNING, r->pos, rpath, "rule names no syscalls (no effect)");
        for (size_t i = 0; i < r->n_names; i++) {
                const char *name = r->names[i];
                if (*name && name_known(name))
                        continue; /* nearly every name: no path to spell out */
                _cleanup_free_ char *np = sc_profile_json_path(
                        p, ".syscalls[%zu].names[%zu]", r->src_index, i);
                if (!*name) {
                        say(v, is_runc(v) ? SC_ERROR : SC_WARNING, r->name_pos[i], np,
                            "empty syscall name (runc refuses it, crun ignores it)");
                        continue;
                }
                say(v, v->o->strict ? SC_ERROR : SC_WARNING, r->name_pos[i], np,
                    "unknown syscall \"%s\" on every architecture we know; "
                    "runtimes skip it",
                    name);
        }
        if (r->has_errno_ret && !sc_action_takes_data(r->action)) {
                _cleanup_free_ char *ep = sc_profile_json_path(p, ".syscalls[%zu].errnoRet",
                                                               r->src_index);
                say(v, SC_ERROR, r->errno_pos, ep,
                    "errnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not "
                    "%s (the OCI spec and crun reject it; runc ignores it)",
                    sc_action_name(r->action));
        }
        if (rule_ret(r) == default_ret(p) && r->n_names > 0)
                say(v, SC_WARNING, r->action_pos, rpath,
                    "action %s equals the default action: the rule has no effect "
                    "(runtimes skip it)",
                    sc_action_name(r->action));
        for (size_t i = 0; i < r->n_args; i++) {
                const struct sc_arg *a = &r->args[i];
                if (a->op != SC_OP_MASKED_EQ || !(a->value_two & ~a->value))
                        continue;
                _cleanup_free_ char *ap = sc_profile_json_path(
                        p, ".syscalls[%zu].args[%zu]", r->src_index, i);
                if (v->o->compat == SC_COMPAT_LITERAL)
                        say(v, SC_ERROR, a->pos, ap,
                            "SCMP_CMP_MASKED_EQ matches when (arg & value) == valueTwo; "
                            "valueTwo 0x%" PRIx64 " has bits outside the mask 0x%" PRIx64
                            ", so this never matches",
                            a->value_two, a->value);
                else
                        /* runc and crun load it: libseccomp masks the datum */
                        say(v, v->o->strict ? SC_ERROR : SC_WARNING, a->pos, ap,
                            "valueTwo 0x%" PRIx64 " has bits outside the mask 0x%" PRIx64
                            "; runc and crun (libseccomp 2.5.4) compare (arg & value) "
                            "with valueTwo & value = 0x%" PRIx64 " and ignore them "
                            "(read literally, the rule never matches)",
                            a->value_two, a->value, a->value_two & a->value);
        }
        check_notify(v, r);
}

size_t sc_profile_validate(const struct sc_profile *p,
                           const struct sc_validate_opts *opts,
                           struct sc_diags *diags)
{
        struct sc_validate_opts dflt = { .compat = SC_COMPAT_RUNC,
                                         .target = sc_arch_native() };
        struct vctx v = { .p = p, .o = opts ? opts : &dflt, .d = diags };
        _cleanup_free_ char *dpath = sc_profile_json_path(p, ".defaultAction");

        if (p->default_action == SC_ACT_NOTIFY)
                say(&v, is_runc(&v) ? SC_ERROR : SC_WARNING, p->default_action_pos,
                    dpath,
                    "SCMP_ACT_NOTIFY cannot be the default action (runc refuses it; "
                    "the runtime itself would block on its own syscalls)");
        if (p->has_default_errno && !sc_action_takes_data(p->default_action)) {
                _cleanup_free_ char *ep = sc_profile_json_path(p, ".defaultErrnoRet");
                say(&v, SC_ERROR, p->default_action_pos, ep,
                    "defaultErrnoRet is only valid when defaultAction is SCMP_ACT_ERRNO "
                    "or SCMP_ACT_TRACE, not %s",
                    sc_action_name(p->default_action));
        }
        if (p->has_flags && p->flags && is_runc(&v)) {
                _cleanup_free_ char *fp = sc_profile_json_path(p, ".flags");
                say(&v, SC_WARNING, p->pos, fp,
                    "runc 1.1.5 refuses any seccomp flags (\"seccomp flags are not yet "
                    "supported by runc\"); newer runc and crun accept them");
        }
        if (p->listener_path && p->listener_path[0] != '/') {
                _cleanup_free_ char *lp = sc_profile_json_path(p, ".listenerPath");
                say(&v, SC_WARNING, p->pos, lp,
                    "listenerPath \"%s\" is not absolute (crun requires an absolute path)",
                    p->listener_path);
        }
        if (p->n_archmap) {
                bool found = false;
                for (size_t i = 0; i < p->n_archmap; i++)
                        found = found || p->archmap[i].arch == v.o->target;
                if (!found) {
                        _cleanup_free_ char *ap = sc_profile_json_path(p, ".archMap");
                        say(&v, SC_WARNING, p->pos, ap,
                            "archMap has no entry for %s: only the native arch is "
                            "filtered",
                            sc_arch_info(v.o->target)->scmp_name);
                }
        }

        bool allows = !is_deny(p->default_action);
        for (size_t i = 0; i < p->n_rules; i++) {
                check_rule(&v, &p->rules[i]);
                allows = allows || (!is_deny(p->rules[i].action) && p->rules[i].n_names);
        }
        if (!allows) {
                _cleanup_free_ char *sp = sc_profile_json_path(p, ".syscalls");
                _cleanup_free_ char *what = sc_ret_describe(default_ret(p));
                say(&v, SC_WARNING, p->pos, sp,
                    "no syscall is allowed: every call gets %s, so no workload can run "
                    "under this profile",
                    what);
        }
        if (sc_profile_is_extended(p)) {
                /* Conflicts only exist between rules that apply together:
                 * look at the profile as resolved for the target (Docker's
                 * default capabilities, any kernel). */
                struct sc_resolve_opts ro = { .target = v.o->target };
                struct sc_profile *res = NULL;
                if (sc_profile_resolve(p, &ro, NULL, &res) == 0) {
                        struct vctx rv = v;
                        rv.p = res;
                        check_conflicts(&rv);
                        v.errors = rv.errors;
                        sc_profile_free(res);
                }
        } else {
                check_conflicts(&v);
        }
        return v.errors;
}
