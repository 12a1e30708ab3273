/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public API (include/seccompctl.h): thin wrappers over the core, the
 * only exported symbols (everything else is built -fvisibility=hidden).
 */
#include "seccompctl.h"

#include "bpf.h"
#include "profile.h"
#include "syscalls.h"

struct seccompctl_profile {
        struct sc_profile p;
};

static struct sc_profile *P(const struct seccompctl_profile *p)
{
        return (struct sc_profile *)&p->p;
}

static struct seccompctl_profile *wrap(struct sc_profile *p)
{
        /* struct seccompctl_profile is layout-identical to sc_profile. */
        return (struct seccompctl_profile *)p;
}

static void take_messages(struct sc_diags *d, char **ret_messages)
{
        if (ret_messages) {
                struct strbuf sb = { 0 };
                for (size_t i = 0; i < d->n; i++) {
                        char *s = sc_diag_format(&d->items[i]);
                        strbuf_puts(&sb, s);
                        strbuf_putc(&sb, '\n');
                        free(s);
                }
                *ret_messages = sb.buf; /* NULL when empty */
        }
        sc_diags_clear(d);
}

static int arch_or_native(const char *arch, enum sc_arch *ret)
{
        enum sc_arch a = arch ? sc_arch_from_name(arch) : sc_arch_native();
        if (a == SC_ARCH_INVALID)
                return -EINVAL;
        *ret = a;
        return 0;
}

SC_API int seccompctl_profile_parse(const char *buf, size_t len, const char *name,
                                    struct seccompctl_profile **ret,
                                    char **ret_messages)
{
        struct sc_diags d = { .max = 1000 };
        struct sc_profile_set set = { 0 };
        if (!buf || !ret)
                return -EINVAL;
        int r = sc_profile_parse(buf, len, name, DOC_AUTO, &d, &set);
        take_messages(&d, ret_messages);
        if (r < 0)
                return r;
        *ret = wrap(TAKE_PTR(set.profiles[0]));
        for (size_t i = 1; i < set.n; i++)
                sc_profile_free(set.profiles[i]);
        free(set.profiles);
        return 0;
}

SC_API void seccompctl_profile_free(struct seccompctl_profile *p)
{
        if (p)
                sc_profile_free(P(p));
}

SC_API int seccompctl_profile_resolve(const struct seccompctl_profile *p,
                                      const char *arch, const char *const *caps,
                                      size_t n_caps, const char *kernel,
                                      struct seccompctl_profile **ret,
                                      char **ret_messages)
{
        struct sc_resolve_opts o = { .caps = caps, .n_caps = n_caps };
        struct sc_diags d = { .max = 1000 };
        struct sc_profile *out = NULL;
        if (!p || !ret || arch_or_native(arch, &o.target) < 0)
                return -EINVAL;
        if (kernel && sscanf(kernel, "%u.%u", &o.kernel_major, &o.kernel_minor) != 2)
                return -EINVAL;
        int r = sc_profile_resolve(P(p), &o, &d, &out);
        take_messages(&d, ret_messages);
        if (r < 0)
                return r;
        *ret = wrap(out);
        return 0;
}

SC_API int seccompctl_profile_validate(const struct seccompctl_profile *p,
                                       const char *arch, unsigned flags,
                                       char **ret_messages)
{
        struct sc_validate_opts o = {
                .compat = flags & SECCOMPCTL_COMPAT_CRUN ? SC_COMPAT_CRUN : SC_COMPAT_RUNC,
                .strict = flags & SECCOMPCTL_STRICT,
        };
        struct sc_diags d = { .max = 1000 };
        if (!p || arch_or_native(arch, &o.target) < 0)
                return -EINVAL;
        size_t n = sc_profile_validate(P(p), &o, &d);
        take_messages(&d, ret_messages);
        return n > INT32_MAX ? INT32_MAX : (int)n;
}

SC_API char *seccompctl_profile_to_json(const struct seccompctl_profile *p,
                                        unsigned flags)
{
        if (!p)
                return NULL;
        unsigned jf = flags & SECCOMPCTL_PRETTY ? SC_JSON_PRETTY : 0;
        if (!(flags & SECCOMPCTL_NORMALIZE))
                return sc_profile_to_json(P(p), jf);
        struct sc_profile *n = sc_profile_normalize(P(p));
        char *s = sc_profile_to_json(n, jf);
        sc_profile_free(n);
        return s;
}

SC_API int seccompctl_compile(const struct seccompctl_profile *p, const char *arch,
                              unsigned flags, void **ret_bpf, size_t *ret_len,
                              char **ret_messages)
{
        struct sc_compile_opts o;
        enum sc_arch target;
        struct sc_diags d = { .max = 1000 };
        struct sc_filter *f = NULL;
        if (!p || !ret_bpf || !ret_len || arch_or_native(arch, &target) < 0)
                return -EINVAL;
        sc_compile_opts_init(&o, target);
        o.compat = flags & SECCOMPCTL_COMPAT_CRUN ? SC_COMPAT_CRUN : SC_COMPAT_RUNC;
        int r = sc_compile(P(p), &o, &d, &f);
        take_messages(&d, ret_messages);
        if (r < 0)
                return r;
        size_t len = f->n * sizeof(struct sc_insn);
        void *buf = xmalloc(len);
        memcpy(buf, f->insns, len);
        sc_filter_free(f);
        *ret_bpf = buf;
        *ret_len = len;
        return 0;
}

SC_API int seccompctl_simulate(const void *bpf, size_t len, uint32_t audit_arch,
                               uint32_t nr, const uint64_t *args, uint32_t *ret_action)
{
        struct sc_filter *f = NULL;
        if (!bpf || !ret_action)
                return -EINVAL;
        int r = sc_filter_from_raw(bpf, len, &f);
        if (r < 0)
                return r;
        struct sc_seccomp_data sd = { .nr = nr, .arch = audit_arch };
        if (args)
                memcpy(sd.args, args, sizeof(sd.args));
        *ret_action = sc_sim_run(f, &sd, NULL);
        sc_filter_free(f);
        return 0;
}

SC_API int seccompctl_syscall_resolve(const char *arch, const char *name)
{
        enum sc_arch a;
        uint32_t nr;
        if (!name || arch_or_native(arch, &a) < 0)
                return -EINVAL;
        int r = sc_syscall_resolve(a, name, &nr);
        return r < 0 ? r : (int)nr;
}

SC_API uint32_t seccompctl_arch_audit(const char *arch)
{
        enum sc_arch a;
        if (!arch || arch_or_native(arch, &a) < 0)
                return 0;
        return sc_arch_info(a)->audit_arch;
}
