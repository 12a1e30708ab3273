/* SPDX-License-Identifier: Apache-2.0 */
/* Names <-> values for the profile model, and its memory management. */
#include "profile.h"

#include <stdarg.h>

static const struct {
        const char *name;
        uint32_t ret;
} actions[] = {
        [SC_ACT_KILL] = { "SCMP_ACT_KILL", SC_RET_KILL_THREAD },
        [SC_ACT_KILL_THREAD] = { "SCMP_ACT_KILL_THREAD", SC_RET_KILL_THREAD },
        [SC_ACT_KILL_PROCESS] = { "SCMP_ACT_KILL_PROCESS", SC_RET_KILL_PROCESS },
        [SC_ACT_TRAP] = { "SCMP_ACT_TRAP", SC_RET_TRAP },
        [SC_ACT_ERRNO] = { "SCMP_ACT_ERRNO", SC_RET_ERRNO },
        [SC_ACT_TRACE] = { "SCMP_ACT_TRACE", SC_RET_TRACE },
        [SC_ACT_ALLOW] = { "SCMP_ACT_ALLOW", SC_RET_ALLOW },
        [SC_ACT_LOG] = { "SCMP_ACT_LOG", SC_RET_LOG },
        [SC_ACT_NOTIFY] = { "SCMP_ACT_NOTIFY", SC_RET_USER_NOTIF },
};

enum sc_action sc_action_from_name(const char *s)
{
        for (size_t i = 0; i < ELEMENTSOF(actions); i++)
                if (streq(s, actions[i].name))
                        return (enum sc_action)i;
        return SC_ACT_INVALID;
}

const char *sc_action_name(enum sc_action a)
{
        return (unsigned)a < ELEMENTSOF(actions) ? actions[a].name : "?";
}

bool sc_action_takes_data(enum sc_action a)
{
        return a == SC_ACT_ERRNO || a == SC_ACT_TRACE;
}

uint32_t sc_action_ret(enum sc_action a, uint32_t data)
{
        if ((unsigned)a >= ELEMENTSOF(actions))
                return SC_RET_KILL_PROCESS;
        uint32_t r = actions[a].ret;
        if (sc_action_takes_data(a))
                r |= data & SC_RET_DATA;
        return r;
}

char *sc_ret_describe(uint32_t ret)
{
        uint32_t full = ret & SC_RET_ACTION_FULL, data = ret & SC_RET_DATA;
        switch (full) {
        case SC_RET_KILL_PROCESS: return xstrdup("SCMP_ACT_KILL_PROCESS");
        case SC_RET_KILL_THREAD: return xstrdup("SCMP_ACT_KILL_THREAD");
        case SC_RET_TRAP: return xstrdup("SCMP_ACT_TRAP");
        case SC_RET_ERRNO: return xasprintf("SCMP_ACT_ERRNO(%u)", data);
        case SC_RET_TRACE: return xasprintf("SCMP_ACT_TRACE(%u)", data);
        case SC_RET_USER_NOTIF: return xstrdup("SCMP_ACT_NOTIFY");
        case SC_RET_LOG: return xstrdup("SCMP_ACT_LOG");
        case SC_RET_ALLOW: return xstrdup("SCMP_ACT_ALLOW");
        default: return xasprintf("0x%08x", ret);
        }
}

static const char *const ops[] = {
        [SC_OP_NE] = "SCMP_CMP_NE", [SC_OP_LT] = "SCMP_CMP_LT",
        [SC_OP_LE] = "SCMP_CMP_LE", [SC_OP_EQ] = "SCMP_CMP_EQ",
        [SC_OP_GE] = "SCMP_CMP_GE", [SC_OP_GT] = "SCMP_CMP_GT",
        [SC_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

enum sc_op sc_op_from_name(const char *s)
{
        for (size_t i = 0; i < ELEMENTSOF(ops); i++)
                if (streq(s, ops[i]))
                        return (enum sc_op)i;
        return SC_OP_INVALID;
}

const char *sc_op_name(enum sc_op op)
{
        return (unsigned)op < ELEMENTSOF(ops) ? ops[op] : "?";
}

static const struct {
        const char *name;
        uint32_t flag;
} flags[] = {
        { "SECCOMP_FILTER_FLAG_TSYNC", SC_FLAG_TSYNC },
        { "SECCOMP_FILTER_FLAG_LOG", SC_FLAG_LOG },
        { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SC_FLAG_SPEC_ALLOW },
        { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SC_FLAG_WAIT_KILLABLE_RECV },
};

uint32_t sc_flag_from_name(const char *s)
{
        for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                if (streq(s, flags[i].name))
                        return flags[i].flag;
        return 0;
}

const char *sc_flag_name(uint32_t flag)
{
        for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                if (flags[i].flag == flag)
                        return flags[i].name;
        return NULL;
}

static const struct {
        const char *name;
        uint32_t value;
} errnos[] = {
#define ERRNO_ENTRY(n, v) { #n, v },
#include "errno-table.h"
#undef ERRNO_ENTRY
};

int sc_errno_from_name(const char *s, uint32_t *ret)
{
        for (size_t i = 0; i < ELEMENTSOF(errnos); i++)
                if (streq(s, errnos[i].name)) {
                        *ret = errnos[i].value;
                        return 0;
                }
        return -ENOENT;
}

const char *sc_errno_name(uint32_t e)
{
        for (size_t i = 0; i < ELEMENTSOF(errnos); i++)
                if (errnos[i].value == e)
                        return errnos[i].name;
        return NULL;
}

bool sc_arg_matches(const struct sc_arg *a, uint64_t v)
{
        switch (a->op) {
        case SC_OP_NE: return v != a->value;
        case SC_OP_LT: return v < a->value;
        case SC_OP_LE: return v <= a->value;
        case SC_OP_EQ: return v == a->value;
        case SC_OP_GE: return v >= a->value;
        case SC_OP_GT: return v > a->value;
        case SC_OP_MASKED_EQ: return (v & a->value) == a->value_two;
        case _SC_OP_MAX:
        case SC_OP_INVALID: break;
        }
        return false;
}

const char *const sc_docker_default_caps[] = {
        "CAP_CHOWN",        "CAP_DAC_OVERRIDE", "CAP_FSETID",
        "CAP_FOWNER",       "CAP_MKNOD",        "CAP_NET_RAW",
        "CAP_SETGID",       "CAP_SETUID",       "CAP_SETFCAP",
        "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
        "CAP_KILL",         "CAP_AUDIT_WRITE",
};
const size_t sc_docker_default_caps_n = ELEMENTSOF(sc_docker_default_caps);

static const char *const known_caps[] = {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
};

bool sc_cap_known(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(known_caps); i++)
                if (strcaseeq(known_caps[i], name))
                        return true;
        return false;
}

static void str_array_free(char **v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(v[i]);
        free(v);
}

static char **str_array_dup(char *const *v, size_t n)
{
        if (!v)
                return NULL;
        char **r = xcalloc(n, sizeof(char *));
        for (size_t i = 0; i < n; i++)
                r[i] = xstrdup(v[i]);
        return r;
}

void sc_cond_filter_clear(struct sc_cond_filter *f)
{
        str_array_free(f->caps, f->n_caps);
        str_array_free(f->arches, f->n_arches);
        free(f->min_kernel);
        *f = (struct sc_cond_filter){ 0 };
}

static void cond_filter_copy(struct sc_cond_filter *dst,
                             const struct sc_cond_filter *src)
{
        dst->caps = str_array_dup(src->caps, src->n_caps);
        dst->n_caps = src->n_caps;
        dst->arches = str_array_dup(src->arches, src->n_arches);
        dst->n_arches = src->n_arches;
        dst->min_kernel = src->min_kernel ? xstrdup(src->min_kernel) : NULL;
}

void sc_rule_clear(struct sc_rule *r)
{
        str_array_free(r->names, r->n_names);
        free(r->name_pos);
        free(r->args);
        free(r->comment);
        sc_cond_filter_clear(&r->includes);
        sc_cond_filter_clear(&r->excludes);
        *r = (struct sc_rule){ 0 };
}

void sc_rule_copy(struct sc_rule *dst, const struct sc_rule *src)
{
        *dst = *src;
        dst->names = str_array_dup(src->names, src->n_names);
        dst->name_pos = NULL;
        if (src->name_pos) {
                dst->name_pos = xcalloc(src->n_names, sizeof(struct sc_pos));
                memcpy(dst->name_pos, src->name_pos,
                       src->n_names * sizeof(struct sc_pos));
        }
        dst->args = NULL;
        if (src->n_args) {
                dst->args = xcalloc(src->n_args, sizeof(struct sc_arg));
                memcpy(dst->args, src->args, src->n_args * sizeof(struct sc_arg));
        }
        dst->comment = src->comment ? xstrdup(src->comment) : NULL;
        cond_filter_copy(&dst->includes, &src->includes);
        cond_filter_copy(&dst->excludes, &src->excludes);
}

void sc_profile_free(struct sc_profile *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n_rules; i++)
                sc_rule_clear(&p->rules[i]);
        free(p->rules);
        for (size_t i = 0; i < p->n_archmap; i++)
                free(p->archmap[i].subs);
        free(p->archmap);
        free(p->arches);
        free(p->file);
        free(p->json_prefix);
        free(p->name);
        free(p->listener_path);
        free(p->listener_metadata);
        free(p);
}

struct sc_profile *sc_profile_dup(const struct sc_profile *p)
{
        struct sc_profile *d = xcalloc(1, sizeof(*d));
        *d = *p;
        d->file = p->file ? xstrdup(p->file) : NULL;
        d->json_prefix = p->json_prefix ? xstrdup(p->json_prefix) : NULL;
        d->name = p->name ? xstrdup(p->name) : NULL;
        d->listener_path = p->listener_path ? xstrdup(p->listener_path) : NULL;
        d->listener_metadata =
                p->listener_metadata ? xstrdup(p->listener_metadata) : NULL;
        d->arches = NULL;
        if (p->n_arches) {
                d->arches = xcalloc(p->n_arches, sizeof(enum sc_arch));
                memcpy(d->arches, p->arches, p->n_arches * sizeof(enum sc_arch));
        }
        d->archmap = NULL;
        if (p->n_archmap) {
                d->archmap = xcalloc(p->n_archmap, sizeof(*d->archmap));
                for (size_t i = 0; i < p->n_archmap; i++) {
                        d->archmap[i] = p->archmap[i];
                        d->archmap[i].subs = NULL;
                        if (p->archmap[i].n_subs) {
                                d->archmap[i].subs = xcalloc(p->archmap[i].n_subs,
                                                             sizeof(enum sc_arch));
                                memcpy(d->archmap[i].subs, p->archmap[i].subs,
                                       p->archmap[i].n_subs * sizeof(enum sc_arch));
                        }
                }
        }
        d->rules = NULL;
        if (p->n_rules) {
                d->rules = xcalloc(p->n_rules, sizeof(struct sc_rule));
                for (size_t i = 0; i < p->n_rules; i++)
                        sc_rule_copy(&d->rules[i], &p->rules[i]);
        }
        return d;
}

void sc_profile_set_clear(struct sc_profile_set *s)
{
        for (size_t i = 0; i < s->n; i++)
                sc_profile_free(s->profiles[i]);
        free(s->profiles);
        *s = (struct sc_profile_set){ 0 };
}

char *sc_profile_json_path(const struct sc_profile *p, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *tail = xvasprintf(fmt, ap);
        va_end(ap);
        char *r = xasprintf("%s%s", p && p->json_prefix ? p->json_prefix : "$",
                            tail);
        free(tail);
        return r;
}

size_t sc_profile_filter_arches(const struct sc_profile *p,
                                enum sc_arch target, enum sc_arch **ret)
{
        enum sc_arch *v = xcalloc(p->n_arches + 1, sizeof(enum sc_arch));
        size_t n = 0;
        v[n++] = target;
        for (size_t i = 0; i < p->n_arches; i++) {
                bool seen = false;
                for (size_t j = 0; j < n; j++)
                        seen = seen || v[j] == p->arches[i];
                if (!seen)
                        v[n++] = p->arches[i];
        }
        *ret = v;
        return n;
}
