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

void sc_compile_opts_init(struct sc_compile_opts *o, enum sc_arch target)
{
        *o = (struct sc_compile_opts){ .target = target,
                                       .compat = SC_COMPAT_RUNC,
                                       .warn_departures = true };
}

/* An error on names[j] of a rule that the runtime refuses; -EINVAL. */
static int name_refused(struct ctx *c, const struct sc_rule *rule, size_t j,
                        const char *msg)
{
        _cleanup_free_ char *path = sc_profile_json_path(
                c->p, ".syscalls[%zu].names[%zu]", rule->src_index, j);
        sc_diag_add(c->diags, SC_ERROR, c->p->file, rule->name_pos[j], path,
                    "%s", msg);
        return -EINVAL;
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
                        if (runc && name[0] == '\0')
                                r = name_refused(c, rule, j,
                                                 "empty string is not a valid "
                                                 "syscall (runc)");
                        if (runc && rule->action == SC_ACT_NOTIFY &&
                            streq(name, "write"))
                                r = name_refused(c, rule, j,
                                                 "SCMP_ACT_NOTIFY cannot be used "
                                                 "for the write syscall (runc)");
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
                 !sc_action_is_allow_class(p->default_action);

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
                for (size_t j = 0; j < c.secs[i].n_pseudo; j++)
                        lsc_sys_free(c.secs[i].pseudo[j].lsc);
                free(c.secs[i].pseudo);
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
