/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reference: build a profile's filter with libseccomp exactly the way
 * runc 1.1.5 drives it (libcontainer/seccomp/seccomp_linux.go: one rule
 * per name, rules with the default action skipped, names resolved on the
 * native arch, the same index twice -> one rule per condition), and
 * runc's ENOSYS stub modelled from patchbpf/enosys_linux.go with
 * libseccomp's own syscall tables.  Shared by the differential test and
 * the benchmarks; libseccomp is a test/bench dependency only.
 */
#ifndef SC_SCMP_REF_H
#define SC_SCMP_REF_H

#include <seccomp.h>
#include <sys/mman.h>

#include "bpf.h"
#include "syscalls.h"

static inline uint32_t ref_rule_ret(const struct sc_rule *r)
{
        return sc_action_ret(r->action, r->has_errno_ret ? r->errno_ret
                                                         : SC_DEFAULT_ERRNO);
}

static inline uint32_t ref_default_ret(const struct sc_profile *p)
{
        return sc_action_ret(p->default_action, p->has_default_errno
                                                        ? p->default_errno_ret
                                                        : SC_DEFAULT_ERRNO);
}

static inline uint32_t ref_token(enum sc_arch a)
{
        return seccomp_arch_resolve_name(sc_arch_info(a)->name);
}

/* Does libseccomp's table agree with ours for name on every arch of the
 * filter?  Names where the tables differ (syscalls newer than libseccomp
 * 2.5.4) are left out of the comparison: it is about compiling. */
static inline bool ref_name_agrees(const enum sc_arch *arches, size_t n,
                                   const char *name)
{
        if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
                return false;
        for (size_t i = 0; i < n; i++) {
                int theirs = seccomp_syscall_resolve_name_arch(
                        ref_token(arches[i]), name);
                uint32_t ours;
                bool have = sc_syscall_resolve(arches[i], name, &ours) >= 0;
                if (theirs < 0 && !have)
                        continue;
                /* a negative pseudo number: libseccomp knows the call and
                 * reaches it through socketcall/ipc (and the direct
                 * number, where the arch has one) */
                uint32_t call;
                if (theirs < 0 && theirs != __NR_SCMP_ERROR &&
                    (sc_socketcall_subcall(name, &call) >= 0 ||
                     sc_ipc_subcall(name, &call) >= 0))
                        continue;
                if (theirs < 0 || !have ||
                    (uint32_t)theirs != ours + sc_arch_info(arches[i])->nr_offset)
                        return false;
        }
        return true;
}

/* Remove, in place, the names the two tables disagree on. */
static inline size_t ref_drop_disagreeing(struct sc_profile *p,
                                          enum sc_arch target)
{
        enum sc_arch *arches = NULL;
        size_t n = sc_profile_filter_arches(p, target, &arches), dropped = 0;

        for (size_t i = 0; i < p->n_rules; i++) {
                struct sc_rule *r = &p->rules[i];
                size_t k = 0;
                for (size_t j = 0; j < r->n_names; j++) {
                        if (r->names[j][0] == '\0' ||
                            ref_name_agrees(arches, n, r->names[j])) {
                                r->names[k] = r->names[j];
                                r->name_pos[k++] = r->name_pos[j];
                        } else {
                                free(r->names[j]);
                                dropped++;
                        }
                }
                r->n_names = k;
        }
        free(arches);
        return dropped;
}

static inline int ref_add(scmp_filter_ctx ctx, uint32_t act, int nr,
                          const struct sc_arg *const *args, size_t n)
{
        struct scmp_arg_cmp c[6];
        for (size_t i = 0; i < n; i++) {
                c[i] = (struct scmp_arg_cmp){
                        .arg = args[i]->index,
                        .op = (enum scmp_compare)(args[i]->op + 1),
                        .datum_a = args[i]->value,
                        .datum_b = args[i]->op == SC_OP_MASKED_EQ
                                           ? args[i]->value_two : 0,
                };
        }
        return seccomp_rule_add_array(ctx, act, nr, (unsigned)n, c);
}

/* 0, or the first failing libseccomp return (-EEXIST ...). */
static inline int ref_build(const struct sc_profile *p, enum sc_arch target,
                            int optimize, scmp_filter_ctx *ret)
{
        uint32_t def = ref_default_ret(p);
        scmp_filter_ctx ctx = seccomp_init(def);
        int r;

        if (!ctx)
                return -ENOMEM;
        if (ref_token(target) != seccomp_arch_native()) {
                /* as if runc ran on the target: its native arch only */
                seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
                r = seccomp_arch_add(ctx, ref_token(target));
                if (r < 0)
                        goto fail;
        }
        for (size_t i = 0; i < p->n_arches; i++) {
                r = seccomp_arch_add(ctx, ref_token(p->arches[i]));
                if (r < 0 && r != -EEXIST)
                        goto fail;
        }
        if (optimize)
                seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, optimize);
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *rule = &p->rules[i];
                uint32_t act = ref_rule_ret(rule);
                if (act == def)
                        continue;
                for (size_t j = 0; j < rule->n_names; j++) {
                        int nr = seccomp_syscall_resolve_name(rule->names[j]);
                        unsigned count[6] = { 0 };
                        bool split = false;
                        const struct sc_arg *args[6];

                        if (nr == __NR_SCMP_ERROR)
                                continue;
                        for (size_t k = 0; k < rule->n_args; k++)
                                if (++count[rule->args[k].index] > 1)
                                        split = true;
                        if (split) {
                                for (size_t k = 0; k < rule->n_args; k++) {
                                        args[0] = &rule->args[k];
                                        r = ref_add(ctx, act, nr, args, 1);
                                        if (r < 0)
                                                goto fail;
                                }
                                continue;
                        }
                        for (size_t k = 0; k < rule->n_args; k++)
                                args[k] = &rule->args[k];
                        r = ref_add(ctx, act, nr, args, rule->n_args);
                        if (r < 0)
                                goto fail;
                }
        }
        *ret = ctx;
        return 0;
fail:
        seccomp_release(ctx);
        return r;
}

/* libseccomp writes the program in the filter's byte order (big-endian
 * for s390x even on an x86_64 host); swap it back to read it here. */
static inline int ref_export(scmp_filter_ctx ctx, bool big_endian,
                             struct sc_filter **ret)
{
        int fd = memfd_create("bpf", MFD_CLOEXEC), r;
        off_t len;
        void *buf;

        if (fd < 0)
                return -errno;
        r = seccomp_export_bpf(ctx, fd);
        if (r < 0) {
                close(fd);
                return r;
        }
        len = lseek(fd, 0, SEEK_END);
        buf = xmalloc(len > 0 ? (size_t)len : 1);
        if (pread(fd, buf, (size_t)len, 0) != len) {
                free(buf);
                close(fd);
                return -EIO;
        }
        close(fd);
        if (big_endian) {
                struct sc_insn *in = buf;
                for (size_t i = 0; i < (size_t)len / sizeof(*in); i++) {
                        in[i].code = __builtin_bswap16(in[i].code);
                        in[i].k = __builtin_bswap32(in[i].k);
                }
        }
        r = sc_filter_from_raw(buf, (size_t)len, ret);
        if (r < 0 && getenv("SC_REF_DEBUG")) {
                struct sc_filter tmp = { buf, (size_t)len / sizeof(struct sc_insn) };
                size_t pc = 0;
                sc_filter_check(&tmp, &pc);
                fprintf(stderr, "ref_export: %zu insns, bad at %zu\n", tmp.n, pc);
        }
        free(buf);
        return r;
}

/* runc's stub (patchbpf generateEnosysStub) on top of the filter's
 * result: ERRNO(ENOSYS) for numbers above the largest one the profile
 * names on the arch, and for 0 on s390(x).  Returns 0 when the stub lets
 * the call through to the filter. */
struct ref_stub {
        uint32_t audit[8];
        bool has_x32[8];
        int max[8], max_x32[8];
        bool s390[8];
        size_t n;
        bool active;
};

static inline void ref_stub_init(const struct sc_profile *p,
                                 enum sc_arch target, struct ref_stub *s)
{
        enum sc_arch *arches = NULL;
        size_t n = sc_profile_filter_arches(p, target, &arches);

        memset(s, 0, sizeof(*s));
        s->active = p->default_action != SC_ACT_ALLOW &&
                    p->default_action != SC_ACT_LOG &&
                    p->default_action != SC_ACT_TRACE;
        for (size_t i = 0; i < n && s->n < 8; i++) {
                const struct sc_arch_info *info = sc_arch_info(arches[i]);
                int largest = 0;
                for (size_t k = 0; k < p->n_rules; k++)
                        for (size_t j = 0; j < p->rules[k].n_names; j++) {
                                int nr = seccomp_syscall_resolve_name_arch(
                                        ref_token(arches[i]),
                                        p->rules[k].names[j]);
                                if (nr > largest)
                                        largest = nr;
                        }
                if (largest == 0)
                        continue;
                size_t slot = s->n;
                for (size_t k = 0; k < s->n; k++)
                        if (s->audit[k] == info->audit_arch)
                                slot = k;
                if (slot == s->n) {
                        s->audit[s->n] = info->audit_arch;
                        s->max[s->n] = -1;
                        s->max_x32[s->n] = -1;
                        s->n++;
                }
                if (arches[i] == SC_ARCH_X32)
                        s->max_x32[slot] = largest;
                else
                        s->max[slot] = largest;
                if (arches[i] == SC_ARCH_S390 || arches[i] == SC_ARCH_S390X)
                        s->s390[slot] = true;
        }
        free(arches);
}

static inline uint32_t ref_stub_ret(const struct ref_stub *s, uint32_t audit,
                                    uint32_t nr)
{
        if (!s->active)
                return 0;
        for (size_t i = 0; i < s->n; i++) {
                if (s->audit[i] != audit)
                        continue;
                int max = s->max[i];
                if (audit == sc_arch_info(SC_ARCH_X86_64)->audit_arch &&
                    (nr & SC_X32_SYSCALL_BIT))
                        max = s->max_x32[i];
                if (max < 0)
                        return 0;
                if (s->s390[i] && nr == 0)
                        return SC_RET_ERRNO | 38;
                if (nr > (uint32_t)max)
                        return SC_RET_ERRNO | 38;
                return 0;
        }
        return 0;
}

/* Read, parse and (Docker format) resolve a profile for target with
 * Docker's default capabilities.  NULL on failure. */
static inline struct sc_profile *ref_load_profile(const char *path,
                                                  enum sc_arch target)
{
        FILE *f = fopen(path, "re");
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { 0 };
        struct sc_profile *p = NULL;
        char *buf;
        long len;

        if (!f)
                return NULL;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        rewind(f);
        buf = xmalloc((size_t)len + 1);
        if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
                fclose(f);
                free(buf);
                return NULL;
        }
        buf[len] = '\0';
        fclose(f);
        if (sc_profile_parse(buf, (size_t)len, path, DOC_AUTO, &d, &set) >= 0 &&
            set.n >= 1) {
                if (sc_profile_is_extended(set.profiles[0])) {
                        struct sc_resolve_opts ro = { .target = target };
                        if (sc_profile_resolve(set.profiles[0], &ro, &d, &p) < 0)
                                p = NULL;
                } else {
                        p = set.profiles[0];
                        set.profiles[0] = NULL;
                }
        }
        sc_profile_set_clear(&set);
        sc_diags_clear(&d);
        free(buf);
        return p;
}

#endif
