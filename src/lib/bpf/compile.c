/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: resolved profile -> seccomp program.
 *
 * Two stages.  First the profile is turned into what libseccomp 2.5.4 would
 * hold after runc (or crun) fed it the rules: per architecture, per syscall
 * number, either an unconditional action or an ordered list of argument
 * rules with the default action behind them, with libseccomp's conflict
 * rules applied (first unconditional wins, unconditional beats conditional,
 * identical conditions with different actions are EEXIST).  From that we
 * know the verdict for every (arch, nr), and with runc's ENOSYS stub
 * folded in (patchbpf/enosys_linux.go) the verdict is a step function of
 * nr per audit arch.
 *
 * Then the code: `ld [arch]`, a JEQ per audit arch, `ld [nr]`, a balanced
 * JGE tree over the runs of equal verdicts, argument blocks only at the
 * leaves that need them.  Paths to unconditional verdicts use only what
 * the kernel's seccomp_is_const_allow() understands, so every
 * unconditionally allowed syscall is cached by Linux >= 5.11.  The code is
 * emitted back to front, so every jump is forward to code that already
 * exists; RETs are shared while they are in reach of an 8-bit offset and
 * re-emitted (free at run time) when not, other long jumps go through JA.
 */
#include "compile-internal.h"
#include "syscalls.h"

void sc_compile_opts_init(struct sc_compile_opts *o, enum sc_arch target)
{
        *o = (struct sc_compile_opts){ .target = target,
                                       .compat = SC_COMPAT_RUNC,
                                       .warn_departures = true };
}

static uint32_t rule_ret(const struct sc_rule *r)
{
        return sc_action_ret(r->action, r->has_errno_ret ? r->errno_ret
                                                         : SC_DEFAULT_ERRNO);
}

static bool is_allowish(enum sc_action a)
{
        /* runc patchbpf isAllowAction(): a tracer should handle new
         * syscalls itself, so TRACE counts as allowing too. */
        return a == SC_ACT_ALLOW || a == SC_ACT_LOG || a == SC_ACT_TRACE;
}

/* ---- stage 1: what libseccomp holds ---- */

/* Table numbers are dense from 0 (a few hundred) but for ARM's private
 * calls at 0xf0000 and up (cacheflush, set_tls, ...): those few are found
 * by a scan rather than by an index of a million entries, which cost a
 * 4 MB fill and its fresh pages on every compile with arm in it. */
#define SYSENT_DENSE 4096

static int32_t sysent_find(const struct section *s, uint32_t nr)
{
        if (nr < SYSENT_DENSE)
                return nr < s->index_size ? s->index[nr] : -1;
        for (size_t i = 0; i < s->n_ents; i++)
                if (s->ents[i].nr == nr)
                        return (int32_t)i;
        return -1;
}

static struct sysent *sysent_get(struct section *s, uint32_t nr)
{
        int32_t i = sysent_find(s, nr);
        if (i >= 0)
                return &s->ents[i];
        if (nr < SYSENT_DENSE && nr >= s->index_size) {
                uint32_t size = nr + 64 < SYSENT_DENSE ? nr + 64 : SYSENT_DENSE;
                s->index = xreallocarray(s->index, size, sizeof(int32_t));
                for (uint32_t k = s->index_size; k < size; k++)
                        s->index[k] = -1;
                s->index_size = size;
        }
        GROW(s->ents, s->n_ents, s->alloc_ents);
        if (nr < SYSENT_DENSE)
                s->index[nr] = (int32_t)s->n_ents;
        s->ents[s->n_ents] = (struct sysent){ .nr = nr };
        return &s->ents[s->n_ents++];
}

static int cond_cmp(const void *a, const void *b)
{
        const struct cond *x = a, *y = b;
        if (x->index != y->index)
                return x->index < y->index ? -1 : 1;
        return 0;
}

static bool crule_same_conds(const struct crule *a, const struct crule *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++)
                if (a->c[i].index != b->c[i].index || a->c[i].op != b->c[i].op ||
                    a->c[i].datum != b->c[i].datum ||
                    a->c[i].mask != b->c[i].mask)
                        return false;
        return true;
}

/* runc's and crun's own words when libseccomp refuses a rule. */
static void refused(struct ctx *c, const struct section *s,
                    const struct sc_rule *src, const char *name, int r)
{
        _cleanup_free_ char *path =
                sc_profile_json_path(c->p, ".syscalls[%zu]", src->src_index);
        if (r == -ELOOP) {
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "libseccomp 2.5.4 never returns from adding this rule "
                            "for \"%s\" on %s (its rule tree loops): %s would hang "
                            "and not start the container",
                            name, s->info->scmp_name,
                            c->o->compat == SC_COMPAT_CRUN ? "crun" : "runc");
                if (!c->error)
                        c->error = r;
                return;
        }
        const char *what = r == -EEXIST ? "file exists" : "invalid argument";
        if (c->o->compat == SC_COMPAT_CRUN)
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "seccomp_rule_add_array: %s%s (crun: libseccomp "
                            "2.5.4 refuses this rule for \"%s\" on %s)",
                            r == -EEXIST ? "File exists" : "Invalid argument",
                            "", name, s->info->scmp_name);
        else
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "error adding seccomp rule for syscall %s: %s "
                            "(runc: libseccomp 2.5.4 refuses this rule on %s)",
                            name, what, s->info->scmp_name);
        if (!c->error)
                c->error = r;
}

/* runc, crun: the rule goes into libseccomp's tree for the syscall. */
static void add_lsc_rule(struct ctx *c, struct section *s, uint32_t nr,
                         const struct sc_arg *const *args, size_t n_args,
                         uint32_t ret, const struct sc_rule *src,
                         const char *name)
{
        struct lsc_cmp cmp[7];
        struct sysent *e = sysent_get(s, nr);

        for (size_t i = 0; i < n_args; i++)
                cmp[i] = (struct lsc_cmp){
                        .arg = args[i]->index,
                        .op = args[i]->op,
                        .datum_a = args[i]->value,
                        .datum_b = args[i]->op == SC_OP_MASKED_EQ
                                           ? args[i]->value_two : 0,
                };
        if (!e->lsc) {
                /* Most rules are unconditional and come first for their
                 * syscall (moby: some 350 per arch).  libseccomp keeps the
                 * first of them and ignores what follows, which is what
                 * the literal record (e->uncond) says too: a tree is only
                 * made for a syscall with a conditional rule, and one that
                 * follows an unconditional rule is added to a tree that
                 * holds that rule, as libseccomp's would. */
                if (n_args == 0)
                        return;
                e->lsc = lsc_sys_new(s->info->is_64bit);
                if (e->uncond)
                        (void)lsc_sys_add(e->lsc, NULL, 0, e->uncond_ret);
        }
        int r = lsc_sys_add(e->lsc, cmp, n_args, ret);
        if (r < 0)
                refused(c, s, src, name, r);
}

/* Add one libseccomp rule (conditions AND-ed, distinct indexes). */
static void add_rule(struct ctx *c, struct section *s, uint32_t nr,
                     const struct sc_arg *const *args_in, size_t n_in,
                     uint32_t ret, const struct sc_rule *src, const char *name,
                     int64_t mux_call)
{
        struct crule cr = { .ret = ret, .src = src, .name = name };
        const struct sc_arg *args[7];
        struct sc_arg a0 = { .index = 0, .op = SC_OP_EQ };
        size_t n_args = 0;

        /* Through socketcall(2)/ipc(2) libseccomp keeps the rule's
         * conditions on args 1-5 as they are and replaces those on arg0
         * with "arg0 == call number". */
        for (size_t i = 0; i < n_in; i++)
                if (mux_call < 0 || args_in[i]->index != 0)
                        args[n_args++] = args_in[i];
        if (mux_call >= 0) {
                a0.value = (uint64_t)mux_call;
                args[n_args++] = &a0;
        }

        /* runc, crun: libseccomp's tree decides; the literal reading is
         * kept beside it to name where the two differ */
        if (!c->literal)
                add_lsc_rule(c, s, nr, args, n_args, ret, src, name);
        for (size_t i = 0; i < n_args; i++) {
                struct cond k = { .index = args[i]->index, .op = args[i]->op };
                uint64_t width = s->info->is_64bit ? UINT64_MAX : UINT32_MAX;

                if (k.op == SC_OP_MASKED_EQ) {
                        k.mask = args[i]->value & width;
                        /* libseccomp masks the datum too
                         * (_db_node_mask_fixup) */
                        k.datum = args[i]->value_two & k.mask;
                        if (k.mask == 0) /* a tautology: dropped */
                                continue;
                } else {
                        /* On 32-bit arches libseccomp compares only the
                         * low word (_db_rule_gen_32). */
                        k.datum = args[i]->value & width;
                        k.mask = width;
                }
                cr.c[cr.n++] = k;
        }
        if (cr.n > 1)
                qsort(cr.c, cr.n, sizeof(cr.c[0]), cond_cmp);

        struct sysent *e = sysent_get(s, nr);
        if (cr.n == 0) {
                /* unconditional: the first one wins, and it beats every
                 * conditional rule of the syscall */
                if (!e->uncond) {
                        e->uncond = true;
                        e->uncond_ret = ret;
                        free(e->rules);
                        e->rules = NULL;
                        e->n_rules = e->alloc_rules = 0;
                }
                return;
        }
        if (e->uncond)
                return;
        for (size_t i = 0; i < e->n_rules; i++) {
                if (!crule_same_conds(&e->rules[i], &cr))
                        continue;
                if (e->rules[i].ret == ret || !c->literal)
                        return;
                _cleanup_free_ char *path = sc_profile_json_path(
                        c->p, ".syscalls[%zu]", src->src_index);
                _cleanup_free_ char *a = sc_ret_describe(e->rules[i].ret);
                _cleanup_free_ char *b = sc_ret_describe(ret);
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "\"%s\" on %s: a rule with the same conditions "
                            "already has action %s, this one %s (libseccomp "
                            "refuses it with EEXIST)",
                            name, s->info->scmp_name, a, b);
                c->error = -EEXIST;
                return;
        }
        GROW(e->rules, e->n_rules, e->alloc_rules);
        e->rules[e->n_rules++] = cr;
}

/* runc's matchCall(): distinct indexes are one rule (AND); an index that
 * appears twice makes every condition its own rule (OR). */
static void add_profile_rule(struct ctx *c, struct section *s, uint32_t nr,
                             const struct sc_rule *r, uint32_t ret,
                             const char *name, int64_t mux_call)
{
        unsigned count[6] = { 0 };
        bool split = false;
        const struct sc_arg *args[6];

        for (size_t i = 0; i < r->n_args; i++)
                if (r->args[i].index < 6 && ++count[r->args[i].index] > 1)
                        split = true;
        if (split) {
                for (size_t i = 0; i < r->n_args; i++) {
                        args[0] = &r->args[i];
                        add_rule(c, s, nr, args, 1, ret, r, name, mux_call);
                }
                return;
        }
        for (size_t i = 0; i < r->n_args; i++)
                args[i] = &r->args[i];
        add_rule(c, s, nr, args, r->n_args, ret, r, name, mux_call);
}

/* Arches where libseccomp also matches a socket/IPC call through its
 * multiplexer (socketcall(2) / ipc(2) with the call number in arg0).  On
 * exactly these its tables give those calls pseudo numbers (negative),
 * which matters for runc's stub. */
static bool arch_multiplexes(enum sc_arch a)
{
        switch (a) {
        case SC_ARCH_X86:
        case SC_ARCH_MIPS:
        case SC_ARCH_MIPSEL:
        case SC_ARCH_S390:
        case SC_ARCH_S390X:
        case SC_ARCH_PPC:
        case SC_ARCH_PPC64:
        case SC_ARCH_PPC64LE:
                return true;
        case SC_ARCH_X86_64: case SC_ARCH_X32: case SC_ARCH_AARCH64:
        case SC_ARCH_ARM: case SC_ARCH_RISCV64:
        case SC_ARCH_MIPS64: case SC_ARCH_MIPSEL64:
        case SC_ARCH_MIPS64N32: case SC_ARCH_MIPSEL64N32:
        case SC_ARCH_PARISC: case SC_ARCH_PARISC64: case SC_ARCH_LOONGARCH64:
        case SC_ARCH_M68K: case SC_ARCH_SH: case SC_ARCH_SHEB:
        case _SC_ARCH_MAX: case SC_ARCH_INVALID:
                break;
        }
        return false;
}

/* A name's socketcall(2)/ipc(2) sub-call, looked up once per name (the
 * tables are scanned by name). */
struct subcall {
        const char *mux;   /* "socketcall", "ipc" or NULL */
        uint32_t call;
};

static struct subcall subcall_of(const char *name)
{
        struct subcall sc = { NULL, 0 };
        if (sc_socketcall_subcall(name, &sc.call) >= 0)
                sc.mux = "socketcall";
        else if (sc_ipc_subcall(name, &sc.call) >= 0)
                sc.mux = "ipc";
        return sc;
}

/* nr: the name's number on the arch, or -1 */
static void add_name(struct ctx *c, struct section *s, const struct sc_rule *r,
                     uint32_t ret, const char *name, int64_t nr,
                     const struct subcall *sub)
{
        uint32_t mux;

        if (nr >= 0)
                add_profile_rule(c, s, (uint32_t)nr, r, ret, name, -1);
        if (!arch_multiplexes(s->arch) || !sub->mux)
                return;
        /* libseccomp also matches these through socketcall(SYS_x) /
         * ipc(x) */
        if (sc_syscall_resolve(s->arch, sub->mux, &mux) < 0)
                return;
        add_profile_rule(c, s, mux, r, ret, name, sub->call);
}

/* Syscalls of the kernel tables (data/syscalls.tsv: Linux 6.12 and the
 * generator's LATER list up to 6.18) that
 * libseccomp 2.5.4 does not know on an arch (SC_ARCH_INVALID: on any).
 * runc and crun skip such names ("unknown seccomp syscall ... ignored"),
 * and runc's stub does not count them.  Found by asking libseccomp's
 * seccomp_syscall_resolve_name_arch() for every name of every arch it
 * supports (pseudo numbers of socketcall/ipc calls excluded). */
static const struct {
        enum sc_arch arch;
        const char *name;
} libseccomp_unknown[] = {
        { SC_ARCH_INVALID, "file_getattr" },
        { SC_ARCH_INVALID, "file_setattr" },
        { SC_ARCH_INVALID, "getxattrat" },
        { SC_ARCH_INVALID, "listmount" },
        { SC_ARCH_INVALID, "listxattrat" },
        { SC_ARCH_INVALID, "lsm_get_self_attr" },
        { SC_ARCH_INVALID, "lsm_list_modules" },
        { SC_ARCH_INVALID, "lsm_set_self_attr" },
        { SC_ARCH_INVALID, "mseal" },
        { SC_ARCH_INVALID, "open_tree_attr" },
        { SC_ARCH_INVALID, "removexattrat" },
        { SC_ARCH_INVALID, "setxattrat" },
        { SC_ARCH_INVALID, "statmount" },
        { SC_ARCH_INVALID, "uretprobe" },
        { SC_ARCH_X32, "map_shadow_stack" },
        { SC_ARCH_RISCV64, "riscv_hwprobe" },
};

static bool libseccomp_knows(enum sc_arch a, const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(libseccomp_unknown); i++)
                if ((libseccomp_unknown[i].arch == SC_ARCH_INVALID ||
                     libseccomp_unknown[i].arch == a) &&
                    streq(libseccomp_unknown[i].name, name))
                        return false;
        return true;
}

/* Is the name in the list above for some arch?  Asked once per name so
 * that the per-arch question is only asked for the few that are. */
static bool libseccomp_may_not_know(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(libseccomp_unknown); i++)
                if (streq(libseccomp_unknown[i].name, name))
                        return true;
        return false;
}

static void stub_note(struct section *s, uint32_t nr)
{
        nr += s->info->nr_offset;
        if (nr > s->stub_max)
                s->stub_max = nr;
}

static int check_runtime(struct ctx *c)
{
        const struct sc_profile *p = c->p;
        bool runc = c->o->compat != SC_COMPAT_CRUN;
        int r = 0;

        if (runc && p->default_action == SC_ACT_NOTIFY) {
                _cleanup_free_ char *path =
                        sc_profile_json_path(p, ".defaultAction");
                sc_diag_add(c->diags, SC_ERROR, p->file, p->default_action_pos,
                            path, "SCMP_ACT_NOTIFY cannot be used as default "
                            "action (runc)");
                r = -EINVAL;
        }
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *rule = &p->rules[i];
                for (size_t j = 0; j < rule->n_names; j++) {
                        const char *name = rule->names[j];
                        if (runc && name[0] == '\0') {
                                _cleanup_free_ char *path = sc_profile_json_path(
                                        p, ".syscalls[%zu].names[%zu]",
                                        rule->src_index, j);
                                sc_diag_add(c->diags, SC_ERROR, p->file,
                                            rule->name_pos[j], path,
                                            "empty string is not a valid "
                                            "syscall (runc)");
                                r = -EINVAL;
                        }
                        if (runc && rule->action == SC_ACT_NOTIFY &&
                            streq(name, "write")) {
                                _cleanup_free_ char *path = sc_profile_json_path(
                                        p, ".syscalls[%zu].names[%zu]",
                                        rule->src_index, j);
                                sc_diag_add(c->diags, SC_ERROR, p->file,
                                            rule->name_pos[j], path,
                                            "SCMP_ACT_NOTIFY cannot be used "
                                            "for the write syscall (runc)");
                                r = -EINVAL;
                        }
                }
                if (!runc && rule->has_errno_ret &&
                    !sc_action_takes_data(rule->action)) {
                        _cleanup_free_ char *path = sc_profile_json_path(
                                p, ".syscalls[%zu].errnoRet", rule->src_index);
                        sc_diag_add(c->diags, SC_ERROR, p->file,
                                    rule->errno_pos, path,
                                    "errno value specified for action %s "
                                    "(crun refuses it)",
                                    sc_action_name(rule->action));
                        r = -EINVAL;
                }
        }
        if (!runc && p->has_default_errno &&
            !sc_action_takes_data(p->default_action)) {
                _cleanup_free_ char *path =
                        sc_profile_json_path(p, ".defaultErrnoRet");
                sc_diag_add(c->diags, SC_ERROR, p->file, p->default_action_pos,
                            path, "errno value specified for default action %s "
                            "(crun refuses it)",
                            sc_action_name(p->default_action));
                r = -EINVAL;
        }
        return r;
}

static int build_db(struct ctx *c)
{
        const struct sc_profile *p = c->p;
        _cleanup_free_ enum sc_arch *arches = NULL;
        size_t n = sc_profile_filter_arches(p, c->o->target, &arches);

        c->secs = xcalloc(n, sizeof(*c->secs));
        for (size_t i = 0; i < n; i++) {
                const struct sc_arch_info *info = sc_arch_info(arches[i]);
                if (!info)
                        return -EINVAL;
                if (i > 0 && info->big_endian != c->big_endian) {
                        _cleanup_free_ char *path =
                                sc_profile_json_path(p, ".architectures");
                        sc_diag_add(c->diags, SC_ERROR, p->file, p->pos, path,
                                    "%s and %s differ in byte order; one "
                                    "filter cannot cover both (libseccomp: "
                                    "EDOM)",
                                    sc_arch_info(arches[0])->scmp_name,
                                    info->scmp_name);
                        return -EINVAL;
                }
                c->big_endian = info->big_endian;
                c->secs[c->n_secs++] = (struct section){ .arch = arches[i],
                                                         .info = info };
        }

        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                uint32_t ret = rule_ret(r);

                for (size_t j = 0; j < r->n_names; j++) {
                        const char *name = r->names[j];
                        bool found = false, skipped_new = false, kept = false;
                        enum sc_arch skipped_arch = SC_ARCH_INVALID;

                        if (name[0] == '\0')
                                continue;
                        const struct subcall sub = subcall_of(name);
                        const bool may_not_know = libseccomp_may_not_know(name);
                        for (size_t k = 0; k < c->n_secs; k++) {
                                uint32_t nr;
                                int64_t have = -1;
                                if (sc_syscall_resolve(c->secs[k].arch, name,
                                                       &nr) >= 0)
                                        found = true;
                                else
                                        nr = UINT32_MAX;
                                if (nr != UINT32_MAX &&
                                    !c->o->all_kernel_syscalls && may_not_know &&
                                    !libseccomp_knows(c->secs[k].arch, name)) {
                                        skipped_new = true;
                                        skipped_arch = c->secs[k].arch;
                                        nr = UINT32_MAX;
                                } else if (nr != UINT32_MAX)
                                        kept = true;
                                if (nr != UINT32_MAX) {
                                        have = nr;
                                        /* runc's stub counts every rule,
                                         * also the ones skipped below, by
                                         * libseccomp's number: a pseudo
                                         * (negative) one for socket/IPC
                                         * calls on multiplexing arches */
                                        if (!arch_multiplexes(c->secs[k].arch) ||
                                            !sub.mux)
                                                stub_note(&c->secs[k], nr);
                                }
                                /* a rule with the default action is a
                                 * no-op (runc and crun skip it) */
                                if (ret != c->default_ret)
                                        add_name(c, &c->secs[k], r, ret, name,
                                                 have, &sub);
                        }
                        if (skipped_new) {
                                _cleanup_free_ char *path = sc_profile_json_path(
                                        p, ".syscalls[%zu].names[%zu]",
                                        r->src_index, j);
                                sc_diag_add(c->diags, SC_WARNING, p->file,
                                            r->name_pos[j], path,
                                            "\"%s\"%s%s is unknown to "
                                            "libseccomp 2.5.4, which runc and "
                                            "crun use: they skip it, and so "
                                            "does this filter",
                                            name, kept ? " on " : "",
                                            kept ? sc_arch_info(skipped_arch)->name
                                                 : "");
                        }
                        if (!found && !sc_syscall_known_anywhere(name)) {
                                _cleanup_free_ char *path = sc_profile_json_path(
                                        p, ".syscalls[%zu].names[%zu]",
                                        r->src_index, j);
                                sc_diag_add(c->diags, SC_WARNING, p->file,
                                            r->name_pos[j], path,
                                            "unknown syscall \"%s\" skipped",
                                            name);
                        }
                }
        }
        return c->error;
}

/* ---- verdicts as a function of nr ---- */

static uint64_t block_for(struct ctx *c, const struct sysent *e, bool is64)
{
        for (size_t i = 0; i < c->n_blocks; i++) {
                const struct block *b = &c->blocks[i];
                bool same = b->n == e->n_rules && b->is64 == is64;
                for (size_t j = 0; same && j < b->n; j++)
                        same = crule_same_conds(&b->rules[j], &e->rules[j]) &&
                               b->rules[j].ret == e->rules[j].ret;
                if (same)
                        return VERDICT_BLOCK | i;
        }
        GROW(c->blocks, c->n_blocks, c->alloc_blocks);
        c->blocks[c->n_blocks] = (struct block){ .rules = e->rules,
                                                 .n = e->n_rules,
                                                 .fallback = c->default_ret,
                                                 .is64 = is64,
                                                 .label = SIZE_MAX };
        return VERDICT_BLOCK | c->n_blocks++;
}

struct lsc_order {
        struct sysent *e;
        unsigned nodes;
        uint32_t nr;  /* libseccomp's number: x32 ones with bit 30 */
        size_t seq;
};

/* linear program: fewest nodes first, ties in number order */
static int lsc_order_cmp(const void *a, const void *b)
{
        const struct lsc_order *x = a, *y = b;
        if (x->nodes != y->nodes)
                return x->nodes < y->nodes ? -1 : 1;
        return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* binary tree: by number, largest first */
static int lsc_order_tree_cmp(const void *a, const void *b)
{
        const struct lsc_order *x = a, *y = b;
        return x->nr > y->nr ? -1 : x->nr < y->nr;
}

/* runc 1.1.5 asks libseccomp for its binary tree when the profile has
 * more than 32 entries (one per name: runc splits rules by name). */
static bool runc_tree(const struct ctx *c)
{
        size_t n = 0;
        if (c->o->compat == SC_COMPAT_CRUN)
                return false;
        for (size_t i = 0; i < c->p->n_rules; i++)
                n += c->p->rules[i].n_names;
        return n > 32;
}

static int sysent_nr_cmp(const void *a, const void *b)
{
        const struct sysent *const *x = a, *const *y = b;
        return (*x)->nr < (*y)->nr ? -1 : (*x)->nr > (*y)->nr;
}

/* libseccomp generates the programs of all syscalls of the filter into one
 * table of blocks (identical blocks shared, across arches too) and lays it
 * out from the end of its list: the arches in reverse order of the
 * filter's (x32 goes with x86_64, after it), in each the syscalls from the
 * most nodes to the fewest, ties by descending number (linear program,
 * crun) or by ascending number (binary tree, runc with over 32 entries).
 * That order decides which blocks get a reload (lsc-tree.h), so it is
 * reproduced here. */
static void lsc_generate(struct ctx *c)
{
        _cleanup_free_ struct lsc_order *ord = NULL;
        _cleanup_free_ struct lsc_tgt *entries = NULL;
        _cleanup_free_ struct sysent **tmp = NULL;
        size_t n_ent = 0, n_ord = 0;
        bool *done = xcalloc(c->n_secs + 1, sizeof(bool));
        const bool tree = runc_tree(c);

        c->gen = lsc_gen_new(c->default_ret);
        for (size_t i = 0; i < c->n_secs; i++)
                n_ent += c->secs[i].n_ents;
        ord = xcalloc(n_ent + 1, sizeof(*ord));
        entries = xcalloc(n_ent + 1, sizeof(*entries));
        tmp = xcalloc(n_ent + 1, sizeof(*tmp));
        /* units of the list, in filter order */
        size_t n_units = 0, unit_start[32], unit_end[32];
        for (size_t i = 0; i < c->n_secs && n_units < 32; i++) {
                if (done[i])
                        continue;
                size_t start = n_ord;
                for (size_t pass = 0; pass < 2; pass++) {
                        size_t k = i;
                        if (pass == 1) {
                                /* x86_64 and x32 are one unit */
                                k = SIZE_MAX;
                                enum sc_arch a = c->secs[i].arch;
                                for (size_t j = i + 1; j < c->n_secs; j++)
                                        if ((a == SC_ARCH_X86_64 &&
                                             c->secs[j].arch == SC_ARCH_X32) ||
                                            (a == SC_ARCH_X32 &&
                                             c->secs[j].arch == SC_ARCH_X86_64))
                                                k = j;
                                if (k == SIZE_MAX)
                                        break;
                        }
                        done[k] = true;
                        struct section *s = &c->secs[k];
                        size_t m = 0;
                        for (size_t j = 0; j < s->n_ents; j++)
                                if (s->ents[j].lsc)
                                        tmp[m++] = &s->ents[j];
                        qsort(tmp, m, sizeof(tmp[0]), sysent_nr_cmp);
                        for (size_t j = 0; j < m; j++) {
                                tmp[j]->entry = lsc_gen_add(c->gen, tmp[j]->lsc);
                                if (tmp[j]->entry.is_ret)
                                        continue;
                                ord[n_ord] = (struct lsc_order){
                                        .e = tmp[j],
                                        .nodes = lsc_sys_nodes(tmp[j]->lsc),
                                        .nr = tmp[j]->nr + s->info->nr_offset,
                                        .seq = n_ord };
                                n_ord++;
                        }
                }
                qsort(ord + start, n_ord - start, sizeof(ord[0]),
                      tree ? lsc_order_tree_cmp : lsc_order_cmp);
                unit_start[n_units] = start;
                unit_end[n_units++] = n_ord;
        }
        free(done);
        size_t n = 0;
        for (size_t u = n_units; u-- > 0;)
                for (size_t j = unit_end[u]; j-- > unit_start[u];)
                        entries[n++] = ord[j].e->entry;
        lsc_gen_layout(c->gen, entries, n);
}

/* The same program as an existing block's, or a new block. */
static uint64_t lsc_block_for(struct ctx *c, const struct sysent *e)
{
        struct lsc_prog prog;

        if (e->entry.is_ret)
                return e->entry.v;
        lsc_gen_program(c->gen, e->entry, &prog);
        for (size_t i = 0; i < c->n_blocks; i++)
                if (lsc_prog_equal(&c->blocks[i].prog, &prog)) {
                        lsc_prog_clear(&prog);
                        return VERDICT_BLOCK | i;
                }
        GROW(c->blocks, c->n_blocks, c->alloc_blocks);
        c->blocks[c->n_blocks] = (struct block){ .prog = prog,
                                                 .fallback = c->default_ret,
                                                 .label = SIZE_MAX };
        return VERDICT_BLOCK | c->n_blocks++;
}

static void compute_verdicts(struct ctx *c)
{
        if (!c->literal) {
                lsc_generate(c);
                if (c->o->warn_departures)
                        find_departures(c);
        }
        for (size_t i = 0; i < c->n_secs; i++) {
                struct section *s = &c->secs[i];
                for (size_t j = 0; j < s->n_ents; j++) {
                        struct sysent *e = &s->ents[j];
                        if (e->lsc)
                                e->verdict = lsc_block_for(c, e);
                        else if (e->uncond)
                                e->verdict = e->uncond_ret;
                        else if (e->n_rules == 0)
                                e->verdict = c->default_ret;
                        else
                                e->verdict = block_for(c, e, s->info->is_64bit);
                }
        }
}

static void build_groups(struct ctx *c)
{
        c->groups = xcalloc(c->n_secs, sizeof(*c->groups));
        for (size_t i = 0; i < c->n_secs; i++) {
                struct section *s = &c->secs[i];
                struct group *g = NULL;
                for (size_t j = 0; j < c->n_groups; j++)
                        if (c->groups[j].audit == s->info->audit_arch)
                                g = &c->groups[j];
                if (!g) {
                        g = &c->groups[c->n_groups++];
                        g->audit = s->info->audit_arch;
                }
                if (s->arch == SC_ARCH_X32)
                        g->x32 = s;
                else
                        g->main = s;
        }
}

/* Neither runc 1.1.5 (seccomp_linux.go InitSeccomp) nor crun 1.8.1
 * (libcrun_generate_seccomp) sets SCMP_FLTATR_ACT_BADARCH: it stays
 * libseccomp's default, SCMP_ACT_KILL, which is kill-thread. */
static uint32_t bad_arch_ret(const struct ctx *c)
{
        return c->o->bad_arch_set ? c->o->bad_arch_ret : SC_RET_KILL_THREAD;
}

static uint64_t section_verdict(const struct ctx *c, const struct section *s,
                                uint32_t nr)
{
        uint32_t off = s->info->nr_offset;
        int32_t i = nr < off ? -1 : sysent_find(s, nr - off);
        return i < 0 ? c->default_ret : s->ents[i].verdict;
}

static bool group_is_x86_64(const struct group *g)
{
        return g->audit == sc_arch_info(SC_ARCH_X86_64)->audit_arch;
}

static uint64_t verdict_at(const struct ctx *c, const struct group *g,
                           uint32_t nr)
{
        bool x32_nr = group_is_x86_64(g) && nr >= SC_X32_SYSCALL_BIT;

        if (c->stub) {
                /* runc's stub runs before the libseccomp filter; on
                 * x86_64 it picks the x32 or the x86_64 maximum by bit 30
                 * (JSET), and numbers of a mode it has no maximum for go
                 * on to the filter. */
                const struct section *s = g->main;
                if (group_is_x86_64(g))
                        s = (nr & SC_X32_SYSCALL_BIT) ? g->x32 : g->main;
                else if (!s)
                        s = g->x32;
                if (s && s->stub_max != 0) {
                        if ((s->arch == SC_ARCH_S390 ||
                             s->arch == SC_ARCH_S390X) && nr == 0)
                                return ENOSYS_RET;
                        if (nr > s->stub_max)
                                return ENOSYS_RET;
                }
        }
        /* libseccomp on AUDIT_ARCH_X86_64 (gen_bpf.c): with both x86_64
         * and x32 in the filter there is no mode check at all, each number
         * is looked up among both; with x86_64 alone numbers >=
         * __X32_SYSCALL_BIT get the bad-arch action, except -1 (syscall(-1)
         * must reach the default action); with x32 alone numbers below it
         * do. */
        const struct section *s = g->main;
        if (group_is_x86_64(g)) {
                if (x32_nr && g->x32)
                        s = g->x32;
                else if (x32_nr && nr != UINT32_MAX)
                        s = NULL;
                else if (!x32_nr && !g->main)
                        s = NULL;
        }
        if (!s)
                return bad_arch_ret(c);
        return section_verdict(c, s, nr);
}

/* LSD radix sort: the breakpoints are the hot sort of a compile. */
static void sort_u32(uint32_t *v, size_t n)
{
        _cleanup_free_ uint32_t *tmp = xmalloc((n ? n : 1) * sizeof(uint32_t));
        uint32_t *src = v, *dst = tmp;

        for (unsigned shift = 0; shift < 32; shift += 8) {
                size_t count[257] = { 0 };
                for (size_t i = 0; i < n; i++)
                        count[((src[i] >> shift) & 0xff) + 1]++;
                for (size_t b = 0; b < 256; b++)
                        count[b + 1] += count[b];
                for (size_t i = 0; i < n; i++)
                        dst[count[(src[i] >> shift) & 0xff]++] = src[i];
                uint32_t *t = src;
                src = dst;
                dst = t;
        }
        /* four passes: the result is back in v */
}

static void add_point(uint32_t **pts, size_t *n, size_t *alloc, uint64_t v)
{
        if (v > UINT32_MAX)
                return;
        GROW(*pts, *n, *alloc);
        (*pts)[(*n)++] = (uint32_t)v;
}

static void section_points(const struct section *s, uint32_t **pts, size_t *n,
                           size_t *alloc)
{
        uint64_t off = s->info->nr_offset;
        for (size_t i = 0; i < s->n_ents; i++) {
                add_point(pts, n, alloc, off + s->ents[i].nr);
                add_point(pts, n, alloc, off + s->ents[i].nr + 1);
        }
        add_point(pts, n, alloc, (uint64_t)s->stub_max + 1);
        add_point(pts, n, alloc, off);
}

/* How often a run of numbers is expected to be hit, which decides its
 * depth in the tree: every number of the arch's first 1024 counts (a
 * uniform guess, what `stats` measures), x32 numbers far less (x32
 * binaries are rare).  Runs that lead to argument checks get extra weight
 * so that the checks do not add up with a deep leaf: it bounds the worst
 * case. */
static uint64_t range_weight(const struct group *g, uint32_t lo, uint64_t hi,
                             uint64_t verdict)
{
        bool x32 = group_is_x86_64(g) && lo >= SC_X32_SYSCALL_BIT;
        uint64_t w = x32 ? 1 : 64;
        const struct section *secs[2] = { g->main, g->x32 };

        for (size_t k = 0; k < 2; k++) {
                const struct section *s = secs[k];
                if (!s)
                        continue;
                uint64_t a = s->info->nr_offset, b = a + 1024;
                uint64_t l = lo > a ? lo : a, h = hi < b ? hi : b;
                if (h > l)
                        w += (h - l) * (s->arch == SC_ARCH_X32 ? 1 : 16);
        }
        if ((verdict & VERDICT_BLOCK) && !x32)
                w += 4096;
        return w;
}

static size_t build_ranges(const struct ctx *c, const struct group *g,
                           struct range **ret)
{
        _cleanup_free_ uint32_t *pts = NULL;
        size_t n = 0, alloc = 0, nr = 0;
        struct range *r;

        add_point(&pts, &n, &alloc, 0);
        add_point(&pts, &n, &alloc, 1);
        if (group_is_x86_64(g)) {
                add_point(&pts, &n, &alloc, SC_X32_SYSCALL_BIT);
                add_point(&pts, &n, &alloc, 2 * (uint64_t)SC_X32_SYSCALL_BIT);
                add_point(&pts, &n, &alloc, 3 * (uint64_t)SC_X32_SYSCALL_BIT);
                add_point(&pts, &n, &alloc, UINT32_MAX);
        }
        if (g->main)
                section_points(g->main, &pts, &n, &alloc);
        if (g->x32)
                section_points(g->x32, &pts, &n, &alloc);
        sort_u32(pts, n);

        r = xcalloc(n, sizeof(*r));
        for (size_t i = 0; i < n; i++) {
                if (i > 0 && pts[i] == pts[i - 1])
                        continue;
                uint64_t v = verdict_at(c, g, pts[i]);
                if (nr > 0 && r[nr - 1].verdict == v)
                        continue;
                r[nr++] = (struct range){ .lo = pts[i], .verdict = v };
        }
        /* sized for every point, most of which merge: give the rest
         * back before the planner takes its tables */
        r = xreallocarray(r, nr ? nr : 1, sizeof(*r));
        for (size_t i = 0; i < nr; i++)
                r[i].weight = range_weight(
                        g, r[i].lo, i + 1 < nr ? r[i + 1].lo : UINT64_C(1) << 32,
                        r[i].verdict);
        *ret = r;
        return nr;
}

/* ---- stage 2: emitting code, back to front ---- */

/* A jump target: a RET value (emitted on demand, shared while reachable)
 * or an instruction already emitted (its label: index from the end). */
struct tgt {
        bool is_ret;
        uint32_t ret;
        size_t label;
};

static struct tgt tgt_ret(uint32_t ret)
{
        return (struct tgt){ .is_ret = true, .ret = ret };
}
static struct tgt tgt_label(size_t label)
{
        return (struct tgt){ .label = label };
}

static size_t put(struct ctx *c, uint16_t code, uint32_t k, uint8_t jt,
                  uint8_t jf)
{
        GROW(c->rev, c->n, c->alloc);
        c->rev[c->n] = (struct sc_insn){ .code = code, .jt = jt, .jf = jf,
                                         .k = k };
        return c->n++;
}

/* Distance of a forward jump from the next instruction to label. */
static size_t dist(const struct ctx *c, size_t label)
{
        return c->n - label - 1;
}

static size_t resolve(struct ctx *c, struct tgt t)
{
        if (!t.is_ret)
                return t.label;
        for (size_t i = 0; i < c->n_rets; i++)
                if (c->rets[i].ret == t.ret) {
                        /* keep a margin of two for trampolines emitted
                         * between here and the jump */
                        if (dist(c, c->rets[i].label) <= 253)
                                return c->rets[i].label;
                        c->rets[i].label = put(c, SC_BPF_RET | SC_BPF_K,
                                               t.ret, 0, 0);
                        return c->rets[i].label;
                }
        GROW(c->rets, c->n_rets, c->alloc_rets);
        c->rets[c->n_rets].ret = t.ret;
        c->rets[c->n_rets].label = put(c, SC_BPF_RET | SC_BPF_K, t.ret, 0, 0);
        return c->rets[c->n_rets++].label;
}

static size_t put_ja(struct ctx *c, size_t label)
{
        return put(c, SC_BPF_JMP | SC_BPF_JA, (uint32_t)dist(c, label), 0, 0);
}

/* Conditional jump; returns its label. */
static size_t put_jcond(struct ctx *c, uint16_t op, uint32_t k, struct tgt tt,
                        struct tgt tf)
{
        size_t lt = resolve(c, tt), lf = resolve(c, tf);

        if (dist(c, lf) > 255)
                lf = put_ja(c, lf);
        if (dist(c, lt) > 255)
                lt = put_ja(c, lt);
        if (dist(c, lf) > 255) /* moved by the jt trampoline */
                lf = put_ja(c, lf);
        return put(c, SC_BPF_JMP | op | SC_BPF_K, k, (uint8_t)dist(c, lt),
                   (uint8_t)dist(c, lf));
}

/* A label for "continue at t" when the next instruction to run must be t:
 * used where code falls through. */
static size_t to_label(struct ctx *c, struct tgt t)
{
        if (t.is_ret)
                return resolve(c, t);
        return t.label;
}

static uint32_t arg_off(const struct ctx *c, uint32_t index, bool hi)
{
        uint32_t base = SC_OFF_ARGS + 8 * index;
        return base + ((hi != c->big_endian) ? 4 : 0);
}

static size_t put_ld(struct ctx *c, uint32_t off)
{
        return put(c, SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, off, 0, 0);
}

/* A jump made while A holds the word at offset off need not land on a
 * load of that same word: skip it (the next rule testing the same
 * argument starts with one). */
static struct tgt skip_reload(const struct ctx *c, struct tgt t, uint32_t off)
{
        if (t.is_ret || t.label == 0 || off == UINT32_MAX)
                return t;
        const struct sc_insn *in = &c->rev[t.label];
        if (in->code == (SC_BPF_LD | SC_BPF_W | SC_BPF_ABS) && in->k == off)
                return tgt_label(t.label - 1);
        return t;
}

/* One 32-bit comparison of the word just loaded from offset off. */
static struct tgt word_cmp(struct ctx *c, enum sc_op op, uint32_t datum,
                           uint32_t mask, uint32_t off, struct tgt pass,
                           struct tgt fail)
{
        if (op != SC_OP_MASKED_EQ || mask == UINT32_MAX) {
                pass = skip_reload(c, pass, off);
                fail = skip_reload(c, fail, off);
        }
        switch (op) {
        case SC_OP_EQ:
                return tgt_label(put_jcond(c, SC_BPF_JEQ, datum, pass, fail));
        case SC_OP_NE:
                return tgt_label(put_jcond(c, SC_BPF_JEQ, datum, fail, pass));
        case SC_OP_GT:
                return tgt_label(put_jcond(c, SC_BPF_JGT, datum, pass, fail));
        case SC_OP_GE:
                return tgt_label(put_jcond(c, SC_BPF_JGE, datum, pass, fail));
        case SC_OP_LT:
                return tgt_label(put_jcond(c, SC_BPF_JGE, datum, fail, pass));
        case SC_OP_LE:
                return tgt_label(put_jcond(c, SC_BPF_JGT, datum, fail, pass));
        case SC_OP_MASKED_EQ: {
                size_t l = put_jcond(c, SC_BPF_JEQ, datum, pass, fail);
                if (mask != UINT32_MAX)
                        l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, mask, 0, 0);
                return tgt_label(l);
        }
        case _SC_OP_MAX:
        case SC_OP_INVALID:
                break;
        }
        return fail;
}

/* Code for one condition; returns its entry. */
static struct tgt put_cond(struct ctx *c, const struct cond *k, bool is64,
                           struct tgt pass, struct tgt fail)
{
        uint32_t dlo = (uint32_t)k->datum, dhi = (uint32_t)(k->datum >> 32);
        uint32_t mlo = (uint32_t)k->mask, mhi = (uint32_t)(k->mask >> 32);
        struct tgt lo;

        if (!is64 || (k->op == SC_OP_MASKED_EQ && mhi == 0)) {
                if (k->op == SC_OP_MASKED_EQ && mlo == 0)
                        return pass;
                word_cmp(c, k->op, dlo, mlo, arg_off(c, k->index, false),
                         pass, fail);
                return tgt_label(put_ld(c, arg_off(c, k->index, false)));
        }
        /* 64-bit: the high word decides unless equal (libseccomp's
         * _db_rule_gen_64 diagrams) */
        switch (k->op) {
        case SC_OP_EQ:
        case SC_OP_NE:
        case SC_OP_MASKED_EQ: {
                bool ne = k->op == SC_OP_NE;
                if (k->op == SC_OP_MASKED_EQ && mlo == 0) {
                        lo = pass;
                } else {
                        word_cmp(c, k->op == SC_OP_MASKED_EQ ? k->op : SC_OP_EQ,
                                 dlo, mlo, arg_off(c, k->index, false),
                                 ne ? fail : pass, ne ? pass : fail);
                        lo = tgt_label(put_ld(c, arg_off(c, k->index, false)));
                }
                word_cmp(c, k->op == SC_OP_MASKED_EQ ? k->op : SC_OP_EQ, dhi,
                         mhi, arg_off(c, k->index, true), lo, ne ? pass : fail);
                return tgt_label(put_ld(c, arg_off(c, k->index, true)));
        }
        case SC_OP_GT:
        case SC_OP_GE:
        case SC_OP_LT:
        case SC_OP_LE: {
                bool greater = k->op == SC_OP_GT || k->op == SC_OP_GE;
                struct tgt yes = greater ? pass : fail, no = greater ? fail : pass;
                uint16_t lo_op = (k->op == SC_OP_GT || k->op == SC_OP_LE)
                                         ? SC_BPF_JGT : SC_BPF_JGE;
                uint32_t olo = arg_off(c, k->index, false),
                         ohi = arg_off(c, k->index, true);
                put_jcond(c, lo_op, dlo, skip_reload(c, yes, olo),
                          skip_reload(c, no, olo));
                lo = tgt_label(put_ld(c, olo));
                struct tgt eq = tgt_label(put_jcond(c, SC_BPF_JEQ, dhi, lo,
                                                    skip_reload(c, no, ohi)));
                put_jcond(c, SC_BPF_JGT, dhi, skip_reload(c, yes, ohi), eq);
                return tgt_label(put_ld(c, arg_off(c, k->index, true)));
        }
        case _SC_OP_MAX:
        case SC_OP_INVALID:
                break;
        }
        return fail;
}

static size_t put_block(struct ctx *c, struct block *b)
{
        struct tgt next = tgt_ret(b->fallback);

        for (size_t i = b->n; i-- > 0;) {
                const struct crule *r = &b->rules[i];
                struct tgt pass = tgt_ret(r->ret);
                for (size_t j = r->n; j-- > 0;)
                        pass = put_cond(c, &r->c[j], b->is64, pass, next);
                next = pass;
        }
        b->label = to_label(c, next);
        return b->label;
}

/* The word a block of libseccomp's program leaves in A when it jumps, if
 * it loads one and does not mask it; -1 when it depends on what came
 * before (the runtime does not reload then, and neither may we). */
static int lsc_block_word(const struct lsc_block *b)
{
        int w = -1;
        for (size_t i = 0; i < b->n_ops; i++)
                w = b->ops[i].kind == LSC_LD ? (int)b->ops[i].v : -1;
        return w;
}

static uint32_t lsc_word_off(const struct ctx *c, uint32_t w)
{
        return arg_off(c, LSC_WORD_ARG(w), LSC_WORD_HI(w));
}

static size_t put_lsc(struct ctx *c, struct block *b, uint32_t i);

static struct tgt lsc_tgt(struct ctx *c, struct block *b, struct lsc_tgt t,
                          int word)
{
        if (t.is_ret)
                return tgt_ret(t.v);
        struct tgt l = tgt_label(put_lsc(c, b, t.v));
        /* A already holds the word the target starts by loading */
        return word >= 0 ? skip_reload(c, l, lsc_word_off(c, (uint32_t)word))
                         : l;
}

/* One block of libseccomp's program (targets first: code is emitted back
 * to front), exactly its loads and masks, so that a block that relies on
 * what an earlier one left in A sees the same word as in the runtime. */
static size_t put_lsc(struct ctx *c, struct block *b, uint32_t i)
{
        const struct lsc_block *k = &b->prog.b[i];
        int word = lsc_block_word(k);

        if (b->labels[i] != SIZE_MAX)
                return b->labels[i];
        struct tgt f = lsc_tgt(c, b, k->jf, word);
        struct tgt t = lsc_tgt(c, b, k->jt, word);
        uint16_t op = k->jop == LSC_JEQ ? SC_BPF_JEQ
                    : k->jop == LSC_JGT ? SC_BPF_JGT : SC_BPF_JGE;
        size_t l = put_jcond(c, op, k->k, t, f);
        for (size_t j = k->n_ops; j-- > 0;) {
                if (k->ops[j].kind == LSC_AND)
                        l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K,
                                k->ops[j].v, 0, 0);
                else
                        l = put_ld(c, lsc_word_off(c, k->ops[j].v));
        }
        b->labels[i] = l;
        return l;
}

/* ---- libseccomp's program, specialised along each path ----
 *
 * libseccomp's tree is slow where rules share a word: a test that an
 * earlier one already decided is repeated, and a fallen-through level
 * reloads what it needs.  Walking the program path by path, we know what
 * each earlier test said about the words (intervals) and which word A
 * holds in libseccomp's program (virtual) and in ours (real): a test whose
 * answer is known is not emitted, a load of what A holds is not emitted.
 * The verdict of every path is libseccomp's by construction (every test
 * libseccomp makes either is emitted on the same value or is decided by
 * facts of the same path).  Paths are expanded into a tree, shared where
 * the state is equal; when that grows past a budget the program is emitted
 * as it is instead. */

#define ACC_NONE 0xffU

struct pstate {
        uint32_t lo[12], hi[12];   /* what the path knows of each word */
        uint8_t vw, rw;            /* word in A: libseccomp's, ours */
        uint32_t vm, rm;           /* masks applied to it */
};

struct pmemo {
        uint32_t block;
        struct pstate st;
        struct tgt t;
};

struct pexp {
        struct block *b;
        struct pmemo *memo;
        size_t n_memo, alloc_memo;
        size_t budget;  /* instructions (4 per block emitted) */
        size_t steps;   /* blocks visited, emitted or decided */
        bool over;
};

static struct tgt put_path(struct ctx *c, struct pexp *x, struct lsc_tgt t,
                           struct pstate st);
static struct tgt put_path_switch(struct ctx *c, struct pexp *x, uint32_t i,
                                  struct pstate st);

/* A run of equality tests of one word chained by their false branches is
 * a switch: at most one can hold, so their order does not matter (the
 * first of equal constants wins), and ascending constants put the small
 * values programs pass most (0, flags) first. */
struct case_ {
        uint32_t k;
        struct lsc_tgt t;
};

static int case_cmp(const void *a, const void *b)
{
        const struct case_ *x = a, *y = b;
        return x->k < y->k ? -1 : x->k > y->k;
}

static void state_add_ld(struct ctx *c, size_t *l, const struct pstate *st)
{
        if (st->rw == st->vw && (st->rm & st->vm) == st->vm) {
                if (st->rm != st->vm)
                        *l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, st->vm, 0, 0);
        } else {
                if (st->vm != UINT32_MAX)
                        *l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, st->vm, 0, 0);
                *l = put_ld(c, lsc_word_off(c, st->vw));
        }
}

static struct tgt put_path_switch(struct ctx *c, struct pexp *x, uint32_t i,
                                  struct pstate st)
{
        struct case_ cs[64];
        size_t n = 0;
        uint32_t w = st.vw;
        struct lsc_tgt rest = { .v = i };
        struct pstate no = st;

        no.rw = st.vw;
        no.rm = st.vm;
        while (!rest.is_ret && n < ELEMENTSOF(cs)) {
                const struct lsc_block *k = &x->b->prog.b[rest.v];
                bool same = k->jop == LSC_JEQ &&
                            (k->n_ops == 0 ||
                             (k->n_ops == 1 && k->ops[0].kind == LSC_LD &&
                              k->ops[0].v == w));
                if (!same && rest.v != i)
                        break;
                bool dup = false;
                for (size_t j = 0; j < n; j++)
                        dup = dup || cs[j].k == k->k;
                if (!dup && k->k >= no.lo[w] && k->k <= no.hi[w])
                        cs[n++] = (struct case_){ k->k, k->jt };
                rest = k->jf;
        }
        qsort(cs, n, sizeof(cs[0]), case_cmp);
        for (size_t j = 0; j < n; j++)
                if (no.lo[w] == cs[j].k)
                        no.lo[w]++;
        for (size_t j = n; j-- > 0;)
                if (no.hi[w] == cs[j].k)
                        no.hi[w]--;
        struct tgt next = put_path(c, x, rest, no);
        for (size_t j = n; j-- > 0 && !x->over;) {
                struct pstate yes = no;
                yes.lo[w] = yes.hi[w] = cs[j].k;
                struct tgt t = put_path(c, x, cs[j].t, yes);
                if (x->over)
                        break;
                next = tgt_label(put_jcond(c, SC_BPF_JEQ, cs[j].k, t, next));
                if (x->budget < 2) {
                        x->over = true;
                        break;
                }
                x->budget -= 2;
        }
        if (x->over || next.is_ret)
                return next;
        size_t l = next.label;
        state_add_ld(c, &l, &st);
        return tgt_label(l);
}

static struct tgt put_path_block(struct ctx *c, struct pexp *x, uint32_t i,
                                 struct pstate st)
{
        const struct lsc_block *k = &x->b->prog.b[i];

        for (size_t j = 0; j < k->n_ops; j++) {
                if (k->ops[j].kind == LSC_LD) {
                        st.vw = (uint8_t)k->ops[j].v;
                        st.vm = UINT32_MAX;
                } else
                        st.vm &= k->ops[j].v;
        }
        /* the value libseccomp compares: word & vm */
        uint32_t lo, hi, w = st.vw;
        if (st.vm == UINT32_MAX) {
                lo = st.lo[w];
                hi = st.hi[w];
        } else if (st.lo[w] == st.hi[w]) {
                lo = hi = st.lo[w] & st.vm;
        } else {
                lo = 0;
                hi = st.vm;
        }
        int known = -1;
        switch (k->jop) {
        case LSC_JEQ:
                if (lo == hi && lo == k->k)
                        known = 1;
                else if (k->k < lo || k->k > hi)
                        known = 0;
                break;
        case LSC_JGT:
                if (lo > k->k)
                        known = 1;
                else if (hi <= k->k)
                        known = 0;
                break;
        case LSC_JGE:
                if (lo >= k->k)
                        known = 1;
                else if (hi < k->k)
                        known = 0;
                break;
        }
        if (known >= 0)
                return put_path(c, x, known ? k->jt : k->jf, st);
        if (k->jop == LSC_JEQ && st.vm == UINT32_MAX)
                return put_path_switch(c, x, i, st);

        struct pstate yes = st, no = st;
        yes.rw = no.rw = st.vw;
        yes.rm = no.rm = st.vm;
        if (st.vm == UINT32_MAX) {
                uint32_t kk = k->k;
                switch (k->jop) {
                case LSC_JEQ:
                        yes.lo[w] = yes.hi[w] = kk;
                        if (no.lo[w] == kk)
                                no.lo[w]++;
                        if (no.hi[w] == kk)
                                no.hi[w]--;
                        break;
                case LSC_JGT:
                        yes.lo[w] = kk + 1 > yes.lo[w] ? kk + 1 : yes.lo[w];
                        no.hi[w] = kk < no.hi[w] ? kk : no.hi[w];
                        break;
                case LSC_JGE:
                        yes.lo[w] = kk > yes.lo[w] ? kk : yes.lo[w];
                        no.hi[w] = kk - 1 < no.hi[w] ? kk - 1 : no.hi[w];
                        break;
                }
        }
        struct tgt f = put_path(c, x, k->jf, no);
        struct tgt t = put_path(c, x, k->jt, yes);
        if (x->over)
                return f;
        uint16_t op = k->jop == LSC_JEQ ? SC_BPF_JEQ
                    : k->jop == LSC_JGT ? SC_BPF_JGT : SC_BPF_JGE;
        size_t l = put_jcond(c, op, k->k, t, f);
        /* make A hold what libseccomp's program compares */
        state_add_ld(c, &l, &st);
        if (x->budget < 4) {
                x->over = true;
                return f;
        }
        x->budget -= 4;
        return tgt_label(l);
}

static bool pstate_eq(const struct pstate *a, const struct pstate *b)
{
        return memcmp(a, b, sizeof(*a)) == 0;
}

static struct tgt put_path(struct ctx *c, struct pexp *x, struct lsc_tgt t,
                           struct pstate st)
{
        if (t.is_ret)
                return tgt_ret(t.v);
        if (x->over)
                return tgt_ret(0);
        if (x->steps == 0) {
                x->over = true;
                return tgt_ret(0);
        }
        x->steps--;
        for (size_t i = 0; i < x->n_memo; i++)
                if (x->memo[i].block == t.v && pstate_eq(&x->memo[i].st, &st))
                        return x->memo[i].t;
        struct tgt r = put_path_block(c, x, t.v, st);
        if (x->over)
                return r;
        GROW(x->memo, x->n_memo, x->alloc_memo);
        x->memo[x->n_memo++] = (struct pmemo){ .block = t.v, .st = st, .t = r };
        return r;
}

/* The specialised form, or false (nothing emitted) when over budget. */
static bool put_lsc_paths(struct ctx *c, struct block *b)
{
        size_t n0 = c->n, n_rets0 = c->n_rets;
        _cleanup_free_ size_t *rets0 = xmalloc((c->n_rets + 1) * sizeof(size_t));
        struct pexp x = { .b = b, .budget = 4 * (2 * b->prog.n + 8),
                          .steps = 8 * b->prog.n + 64 };
        struct pstate st;

        for (size_t i = 0; i < c->n_rets; i++)
                rets0[i] = c->rets[i].label;
        for (size_t i = 0; i < 12; i++) {
                st.lo[i] = 0;
                st.hi[i] = UINT32_MAX;
        }
        st.vw = st.rw = ACC_NONE;
        st.vm = st.rm = UINT32_MAX;
        struct tgt t = put_path(c, &x, b->prog.entry, st);
        free(x.memo);
        if (x.over) {
                /* drop what was emitted */
                c->n = n0;
                c->n_rets = n_rets0;
                for (size_t i = 0; i < c->n_rets; i++)
                        c->rets[i].label = rets0[i];
                return false;
        }
        b->label = to_label(c, t);
        return true;
}

static struct tgt verdict_tgt(struct ctx *c, uint64_t v)
{
        if (!(v & VERDICT_BLOCK))
                return tgt_ret((uint32_t)v);
        struct block *b = &c->blocks[v & UINT32_MAX];
        if (!b->rules) {
                /* libseccomp's program: placed next to its first user */
                if (b->label == SIZE_MAX && put_lsc_paths(c, b))
                        return tgt_label(b->label);
                if (b->label == SIZE_MAX) {
                        b->labels = xmalloc((b->prog.n + 1) * sizeof(size_t));
                        for (size_t i = 0; i < b->prog.n; i++)
                                b->labels[i] = SIZE_MAX;
                        b->label = to_label(c, lsc_tgt(c, b, b->prog.entry, -1));
                }
                return tgt_label(b->label);
        }
        /* argument blocks are placed next to their first user; a later
         * user far away reaches it through a JA */
        if (b->label == SIZE_MAX)
                put_block(c, b);
        return tgt_label(b->label);
}

/* The shape of the search over the ranges: an optimal alphabetic tree
 * for the weights (dynamic programming with Knuth's bound on the root,
 * O(n^2)), where a short stretch like [A][x][A][y][A] may instead become a
 * chain "jeq x; jeq y; else A" (k instructions instead of 2k, and cheaper
 * when x and y are rare), or a weight-balanced split for very long range
 * lists. */
struct tree_plan {
        size_t n;
        /* per interval [i, j), 0 <= i < j <= n, at plan_cell(): */
        size_t *row;     /* where the intervals starting at i begin */
        uint16_t *root;  /* the split, or PLAN_CHAIN: a JEQ chain instead */
};

#define PLAN_MAX_DP 600
#define PLAN_CHAIN 0x8000 /* above any split: n <= PLAN_MAX_DP */
#define CHAIN_MAX 6 /* singletons in one chain */
/* What one instruction of program size is worth in executed weight: a
 * little, so that among trees of nearly equal speed the smaller wins. */
#define SIZE_WEIGHT 2048

/* The intervals are stored row by row (all [i, j) for i, then for i + 1):
 * half of an (n+1)^2 table.  Size matters: the tables are the compile's
 * largest memory, and on x86_64 (n ~ 160) square ones cost more in fresh
 * pages than the whole dynamic programme. */
static size_t *plan_rows(size_t n)
{
        size_t *row = xmalloc(n * sizeof(size_t));
        for (size_t i = 0, at = 0; i < n; at += n - i, i++)
                row[i] = at;
        return row;
}

static size_t plan_cell(const size_t *row, size_t i, size_t j)
{
        return row[i] + (j - i - 1);
}

static bool is_singleton(const struct range *r, size_t n, size_t i)
{
        return i + 1 < n && r[i + 1].lo == r[i].lo + 1;
}

/* The verdict the chain falls back to, or false when [i, j) is not a
 * chain: every range with another verdict must be a single number. */
static bool chain_else(const struct range *r, size_t n, size_t i, size_t j,
                       uint64_t *ret)
{
        bool have = false;
        uint64_t a = 0, best_w = 0;
        for (size_t k = i; k < j; k++)
                if (!is_singleton(r, n, k)) {
                        if (have && r[k].verdict != a)
                                return false;
                        have = true;
                        a = r[k].verdict;
                }
        if (!have)
                for (size_t k = i; k < j; k++)
                        if (r[k].weight >= best_w) {
                                best_w = r[k].weight;
                                a = r[k].verdict;
                        }
        *ret = a;
        return true;
}

/* Ranges of [i, j) tested by the chain, heaviest first. */
static size_t chain_members(const struct range *r, size_t i, size_t j,
                            uint64_t a, size_t out[CHAIN_MAX + 1])
{
        size_t k = 0;
        for (size_t m = i; m < j; m++) {
                if (r[m].verdict == a)
                        continue;
                if (k == CHAIN_MAX + 1)
                        return k;
                size_t p = k++;
                while (p > 0 && r[out[p - 1]].weight < r[m].weight) {
                        out[p] = out[p - 1];
                        p--;
                }
                out[p] = m;
        }
        return k;
}

/* The cost of [i, j) as a chain falling back to a (from chain_else). */
static uint64_t chain_cost(const struct range *r, size_t i, size_t j,
                           uint64_t a)
{
        uint64_t cost = 0, rest = 0;
        size_t mem[CHAIN_MAX + 1];
        size_t k = chain_members(r, i, j, a, mem);
        if (k > CHAIN_MAX)
                return UINT64_MAX;
        for (size_t p = 0; p < k; p++)
                cost += (p + 1) * r[mem[p]].weight;
        for (size_t m = i; m < j; m++)
                if (r[m].verdict == a)
                        rest += r[m].weight;
        return cost + k * rest + k * SIZE_WEIGHT;
}

#define CHAIN_SPAN (2 * CHAIN_MAX + 2)

/* chain_cost() of every short interval, [i * CHAIN_SPAN + len]; a chain
 * is only possible where some range is a single number, and stops being
 * possible for longer intervals once it is not (more than one run wider
 * than a number with different verdicts) */
static uint64_t *chain_costs(const struct range *r, size_t n)
{
        uint64_t *cc = xmalloc(n * CHAIN_SPAN * sizeof(uint64_t));
        for (size_t i = 0; i < n; i++) {
                bool possible = true;
                for (size_t len = 0; len < CHAIN_SPAN; len++) {
                        uint64_t v = UINT64_MAX, a;
                        if (possible && len >= 2 && i + len <= n) {
                                possible = chain_else(r, n, i, i + len, &a);
                                if (possible)
                                        v = chain_cost(r, i, i + len, a);
                        }
                        cc[i * CHAIN_SPAN + len] = v;
                }
        }
        return cc;
}

static void plan_tree(const struct range *r, size_t n, struct tree_plan *t)
{
        uint64_t *pre, *cc;
        uint32_t *cost;

        *t = (struct tree_plan){ .n = n };
        if (n < 2 || n > PLAN_MAX_DP)
                return;
        pre = xcalloc(n + 1, sizeof(uint64_t));
        for (size_t i = 0; i < n; i++)
                pre[i + 1] = pre[i] + r[i].weight;
        /* Costs are kept in 32 bits (half the table).  An interval's cost,
         * whichever split the search takes, is at most that of a path of
         * length n through total weight W: (W + SIZE_WEIGHT) * n, below
         * 2^32 for what range_weight() gives (W <= 17408 + 4160 n, so
         * 1.5e9 at n = PLAN_MAX_DP); sums of two are taken in 64 bits.
         * Should weights ever outgrow that, the weight-balanced split
         * takes over rather than a wrong optimum. */
        if ((pre[n] + SIZE_WEIGHT) * n > UINT32_MAX) {
                free(pre);
                return;
        }
        size_t cells = n * (n + 1) / 2;
        const size_t *row = t->row = plan_rows(n);
        cc = chain_costs(r, n);
        /* only entries with j > i are read, each after it is written,
         * except the single-range costs: zero those */
        t->root = xmalloc(cells * sizeof(uint16_t));
        cost = xmalloc(cells * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++)
                cost[row[i]] = 0;
        for (size_t len = 2; len <= n; len++)
                for (size_t i = 0; i + len <= n; i++) {
                        size_t j = i + len, ij = plan_cell(row, i, j);
                        size_t lo = len == 2 ? i + 1
                                             : t->root[ij - 1] & ~PLAN_CHAIN;
                        size_t hi = len == 2 ? i + 1
                                             : t->root[plan_cell(row, i + 1, j)] &
                                                       ~PLAN_CHAIN;
                        /* the chain option can break Knuth's monotonicity:
                         * never search an empty window */
                        if (hi < lo)
                                hi = lo;
                        /* cost[i][k] is contiguous in k; cost[k][j] starts
                         * at row k and moves down a row per step */
                        const uint32_t *left = &cost[ij - (j - lo)];
                        size_t kj = plan_cell(row, lo, j);
                        uint64_t best = UINT64_MAX;
                        size_t bk = lo;
                        for (size_t k = lo; k <= hi; k++) {
                                uint64_t cst = (uint64_t)left[k - lo] + cost[kj];
                                if (cst < best) {
                                        best = cst;
                                        bk = k;
                                }
                                kj += n - k - 1;
                        }
                        best += pre[j] - pre[i] + SIZE_WEIGHT;
                        uint64_t ch = len < CHAIN_SPAN ? cc[i * CHAIN_SPAN + len]
                                                       : UINT64_MAX;
                        cost[ij] = (uint32_t)(ch <= best ? ch : best);
                        t->root[ij] = (uint16_t)(bk | (ch <= best ? PLAN_CHAIN : 0));
                }
        free(cost);
        free(pre);
        free(cc);
}

static size_t plan_split(const struct tree_plan *t, const struct range *r,
                         size_t i, size_t j)
{
        if (t->root)
                return t->root[plan_cell(t->row, i, j)] & ~PLAN_CHAIN;
        uint64_t total = 0, acc = 0, best = UINT64_MAX;
        size_t m = i + 1;
        for (size_t k = i; k < j; k++)
                total += r[k].weight;
        for (size_t k = i + 1; k < j; k++) {
                acc += r[k - 1].weight;
                uint64_t diff = acc * 2 > total ? acc * 2 - total
                                                : total - acc * 2;
                if (diff < best) {
                        best = diff;
                        m = k;
                }
        }
        return m;
}

static struct tgt put_tree(struct ctx *c, const struct tree_plan *t,
                           const struct range *r, size_t i, size_t j)
{
        if (j - i == 1)
                return verdict_tgt(c, r[i].verdict);

        if (t->root && (t->root[plan_cell(t->row, i, j)] & PLAN_CHAIN)) {
                uint64_t a;
                size_t mem[CHAIN_MAX + 1];
                chain_else(r, t->n, i, j, &a);
                size_t k = chain_members(r, i, j, a, mem);
                struct tgt next = verdict_tgt(c, a);
                for (size_t p = k; p-- > 0;) {
                        struct tgt hit = verdict_tgt(c, r[mem[p]].verdict);
                        next = tgt_label(put_jcond(c, SC_BPF_JEQ, r[mem[p]].lo,
                                                   hit, next));
                }
                return next;
        }
        size_t m = plan_split(t, r, i, j);
        struct tgt right = put_tree(c, t, r, m, j);
        struct tgt left = put_tree(c, t, r, i, m);
        return tgt_label(put_jcond(c, SC_BPF_JGE, r[m].lo, right, left));
}

static struct tgt put_ranges(struct ctx *c, const struct range *r, size_t n)
{
        struct tree_plan plan;
        plan_tree(r, n, &plan);
        struct tgt root = put_tree(c, &plan, r, 0, n);
        free(plan.row);
        free(plan.root);
        return root;
}

static struct tgt put_group(struct ctx *c, const struct group *g)
{
        _cleanup_free_ struct range *r = NULL;
        size_t n = build_ranges(c, g, &r);
        struct tgt root = put_ranges(c, r, n);

        if (root.is_ret)
                return root;
        if (n == 1) /* a single argument block: it loads what it needs */
                return root;
        if (root.label != c->n - 1)
                put_ja(c, root.label);
        return tgt_label(put_ld(c, SC_OFF_NR));
}

/* Drop the instructions no path reaches (a load every jump into the rule
 * skips).  Jumps only go forward and only get shorter, so they stay in
 * range. */
static size_t prune_dead(struct sc_insn *p, size_t n)
{
        _cleanup_free_ bool *live = xcalloc(n + 1, sizeof(bool));
        _cleanup_free_ size_t *at = xmalloc((n + 1) * sizeof(size_t));
        size_t m = 0;

        live[0] = true;
        for (size_t pc = 0; pc < n; pc++) {
                const struct sc_insn *in = &p[pc];
                if (!live[pc] || SC_BPF_CLASS(in->code) == SC_BPF_RET)
                        continue;
                if (in->code == (SC_BPF_JMP | SC_BPF_JA))
                        live[pc + 1 + in->k] = true;
                else if (SC_BPF_CLASS(in->code) == SC_BPF_JMP) {
                        live[pc + 1 + in->jt] = true;
                        live[pc + 1 + in->jf] = true;
                } else
                        live[pc + 1] = true;
        }
        for (size_t pc = 0; pc < n; pc++) {
                at[pc] = m;
                m += live[pc];
        }
        for (size_t pc = 0; pc < n; pc++) {
                struct sc_insn in = p[pc];
                if (!live[pc])
                        continue;
                if (in.code == (SC_BPF_JMP | SC_BPF_JA))
                        in.k = (uint32_t)(at[pc + 1 + in.k] - at[pc] - 1);
                else if (SC_BPF_CLASS(in.code) == SC_BPF_JMP) {
                        in.jt = (uint8_t)(at[pc + 1 + in.jt] - at[pc] - 1);
                        in.jf = (uint8_t)(at[pc + 1 + in.jf] - at[pc] - 1);
                }
                p[at[pc]] = in;
        }
        return m;
}

static int generate(struct ctx *c, struct sc_filter **ret)
{
        struct tgt *entry = xcalloc(c->n_groups, sizeof(*entry));
        struct sc_filter *f;

        /* The target's group last, so it sits right after the dispatch. */
        for (size_t i = c->n_groups; i-- > 0;) {
                entry[i] = put_group(c, &c->groups[i]);
                if (!entry[i].is_ret)
                        entry[i].label = to_label(c, entry[i]);
        }
        struct tgt next = tgt_ret(bad_arch_ret(c));
        for (size_t i = c->n_groups; i-- > 0;)
                next = tgt_label(put_jcond(c, SC_BPF_JEQ, c->groups[i].audit,
                                           entry[i], next));
        to_label(c, next);
        put_ld(c, SC_OFF_ARCH);
        free(entry);

        struct sc_insn *prog = xcalloc(c->n, sizeof(*prog));
        for (size_t i = 0; i < c->n; i++)
                prog[i] = c->rev[c->n - 1 - i];
        size_t n = prune_dead(prog, c->n);
        if (n > SC_BPF_MAXINSNS) {
                _cleanup_free_ char *path = sc_profile_json_path(c->p, "%s", "");
                sc_diag_add(c->diags, SC_ERROR, c->p->file, c->p->pos, path,
                            "the filter needs %zu instructions, more than the "
                            "kernel's limit of %u",
                            n, SC_BPF_MAXINSNS);
                free(prog);
                return -E2BIG;
        }
        f = xcalloc(1, sizeof(*f));
        f->n = n;
        f->insns = prog;
        *ret = f;
        return 0;
}

int sc_compile(const struct sc_profile *p, const struct sc_compile_opts *opts,
               struct sc_diags *diags, struct sc_filter **ret)
{
        struct ctx c = { .p = p, .o = opts, .diags = diags };
        int r;

        c.default_ret = sc_action_ret(p->default_action,
                                      p->has_default_errno ? p->default_errno_ret
                                                           : SC_DEFAULT_ERRNO);
        c.literal = opts->compat == SC_COMPAT_LITERAL;
        c.stub = opts->compat != SC_COMPAT_CRUN && !opts->no_stub &&
                 !is_allowish(p->default_action);

        r = check_runtime(&c);
        if (r >= 0)
                r = build_db(&c);
        if (r >= 0) {
                compute_verdicts(&c);
                build_groups(&c);
                r = c.error ? c.error : generate(&c, ret);
        }

        for (size_t i = 0; i < c.n_secs; i++) {
                for (size_t j = 0; j < c.secs[i].n_ents; j++) {
                        free(c.secs[i].ents[j].rules);
                        lsc_sys_free(c.secs[i].ents[j].lsc);
                }
                free(c.secs[i].ents);
                free(c.secs[i].index);
        }
        free(c.secs);
        free(c.groups);
        for (size_t i = 0; i < c.n_blocks; i++) {
                lsc_prog_clear(&c.blocks[i].prog);
                free(c.blocks[i].labels);
        }
        free(c.blocks);
        lsc_gen_free(c.gen);
        free(c.rev);
        free(c.rets);
        return r;
}
