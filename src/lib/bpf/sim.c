/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Running seccomp programs without the kernel: the checks the kernel makes
 * when a filter is installed (net/core/filter.c bpf_check_classic() and
 * kernel/seccomp.c seccomp_check_filter()), the classic BPF interpreter as
 * seccomp uses it, the action-cache analysis seccomp_is_const_allow(), and
 * stacked filters combined as seccomp_run_filters() combines them.
 */
#include "bpf.h"
#include "seccomp-vocab.h"

void sc_filter_free(struct sc_filter *f)
{
        if (!f)
                return;
        free(f->insns);
        free(f);
}

/* Load offsets seccomp lets a filter read: inside seccomp_data, aligned. */
static bool load_ok(uint32_t k)
{
        return k < SC_SECCOMP_DATA_SIZE && (k & 3) == 0;
}

int sc_filter_check(const struct sc_filter *f, size_t *ret_pc)
{
        size_t pc = 0;

        if (!f || f->n == 0 || f->n > SC_BPF_MAXINSNS)
                goto bad;
        for (pc = 0; pc < f->n; pc++) {
                const struct sc_insn *in = &f->insns[pc];
                uint16_t c = in->code;

                switch (SC_BPF_CLASS(c)) {
                case SC_BPF_LD:
                        if (c == (SC_BPF_LD | SC_BPF_W | SC_BPF_ABS)) {
                                if (!load_ok(in->k))
                                        goto bad;
                        } else if (c == (SC_BPF_LD | SC_BPF_W | SC_BPF_LEN) ||
                                   c == (SC_BPF_LD | SC_BPF_IMM)) {
                        } else if (c == (SC_BPF_LD | SC_BPF_MEM)) {
                                if (in->k >= SC_BPF_MEMWORDS)
                                        goto bad;
                        } else
                                goto bad;
                        break;
                case SC_BPF_LDX:
                        if (c == (SC_BPF_LDX | SC_BPF_W | SC_BPF_LEN) ||
                            c == (SC_BPF_LDX | SC_BPF_IMM)) {
                        } else if (c == (SC_BPF_LDX | SC_BPF_MEM)) {
                                if (in->k >= SC_BPF_MEMWORDS)
                                        goto bad;
                        } else
                                goto bad;
                        break;
                case SC_BPF_ST:
                case SC_BPF_STX:
                        if (c != SC_BPF_CLASS(c) || in->k >= SC_BPF_MEMWORDS)
                                goto bad;
                        break;
                case SC_BPF_ALU:
                        switch (SC_BPF_OP(c)) {
                        case SC_BPF_ADD: case SC_BPF_SUB: case SC_BPF_MUL:
                        case SC_BPF_OR: case SC_BPF_AND: case SC_BPF_LSH:
                        case SC_BPF_RSH: case SC_BPF_XOR:
                                break;
                        case SC_BPF_DIV: case SC_BPF_MOD:
                                if (SC_BPF_SRC(c) == SC_BPF_K && in->k == 0)
                                        goto bad;
                                break;
                        case SC_BPF_NEG:
                                if (SC_BPF_SRC(c) != SC_BPF_K)
                                        goto bad;
                                break;
                        default:
                                goto bad;
                        }
                        break;
                case SC_BPF_JMP:
                        if (SC_BPF_OP(c) == SC_BPF_JA) {
                                if (c != (SC_BPF_JMP | SC_BPF_JA) ||
                                    in->k >= (uint32_t)(f->n - pc - 1))
                                        goto bad;
                        } else {
                                switch (SC_BPF_OP(c)) {
                                case SC_BPF_JEQ: case SC_BPF_JGT:
                                case SC_BPF_JGE: case SC_BPF_JSET:
                                        break;
                                default:
                                        goto bad;
                                }
                                if (pc + in->jt + 1 >= f->n ||
                                    pc + in->jf + 1 >= f->n)
                                        goto bad;
                        }
                        break;
                case SC_BPF_RET:
                        if (c != (SC_BPF_RET | SC_BPF_K) &&
                            c != (SC_BPF_RET | SC_BPF_A))
                                goto bad;
                        break;
                case SC_BPF_MISC:
                        if (c != (SC_BPF_MISC | SC_BPF_TAX) &&
                            c != (SC_BPF_MISC | SC_BPF_TXA))
                                goto bad;
                        break;
                default:
                        goto bad;
                }
        }
        if (SC_BPF_CLASS(f->insns[f->n - 1].code) != SC_BPF_RET) {
                pc = f->n - 1;
                goto bad;
        }
        return 0;
bad:
        if (ret_pc)
                *ret_pc = pc;
        return -EINVAL;
}

int sc_filter_from_raw(const void *buf, size_t len, struct sc_filter **ret)
{
        struct sc_filter *f;

        if (len == 0 || len % sizeof(struct sc_insn) != 0 ||
            len / sizeof(struct sc_insn) > SC_BPF_MAXINSNS)
                return -EINVAL;
        f = xcalloc(1, sizeof(*f));
        f->n = len / sizeof(struct sc_insn);
        f->insns = xmalloc(len);
        memcpy(f->insns, buf, len);
        if (sc_filter_check(f, NULL) < 0) {
                sc_filter_free(f);
                return -EINVAL;
        }
        *ret = f;
        return 0;
}

static uint32_t data_word(const struct sc_seccomp_data *d, uint32_t k,
                          unsigned *touched)
{
        /* The kernel reads the 32-bit word at offset k of struct
         * seccomp_data in the machine's byte order; every arch a filter
         * covers shares it, so the arch value's __AUDIT_ARCH_LE bit tells
         * which half of a 64-bit argument sits at the lower offset. */
        bool le = sc_audit_arch_is_le(d->arch);
        uint64_t v;

        if (k == SC_OFF_NR)
                return d->nr;
        if (k == SC_OFF_ARCH)
                return d->arch;
        if (k < SC_OFF_ARGS) {
                *touched |= 1U << 6;
                v = d->ip;
        } else {
                *touched |= 1U << ((k - SC_OFF_ARGS) / 8);
                v = d->args[(k - SC_OFF_ARGS) / 8];
        }
        if ((k % 8 == 0) == le)
                return (uint32_t)v;
        return (uint32_t)(v >> 32);
}

uint32_t sc_sim_run(const struct sc_filter *f, const struct sc_seccomp_data *d,
                    size_t *ret_executed)
{
        return sc_sim_run_traced(f, d, ret_executed, NULL);
}

uint32_t sc_sim_run_traced(const struct sc_filter *f, const struct sc_seccomp_data *d,
                           size_t *ret_executed, unsigned *ret_touched)
{
        unsigned touched = 0;
        uint32_t A = 0, X = 0, M[SC_BPF_MEMWORDS] = { 0 };
        size_t pc = 0, executed = 0;
        uint32_t ret = SC_RET_KILL_THREAD;

        while (pc < f->n) {
                const struct sc_insn *in = &f->insns[pc];
                uint32_t src = SC_BPF_SRC(in->code) == SC_BPF_X ? X : in->k;

                executed++;
                pc++;
                switch (SC_BPF_CLASS(in->code)) {
                case SC_BPF_LD:
                        switch (SC_BPF_MODE(in->code)) {
                        case SC_BPF_ABS:
                                A = load_ok(in->k) ? data_word(d, in->k, &touched) : 0;
                                break;
                        case SC_BPF_LEN:
                                A = SC_SECCOMP_DATA_SIZE;
                                break;
                        case SC_BPF_IMM:
                                A = in->k;
                                break;
                        case SC_BPF_MEM:
                                A = M[in->k & (SC_BPF_MEMWORDS - 1)];
                                break;
                        default:
                                goto out;
                        }
                        break;
                case SC_BPF_LDX:
                        switch (SC_BPF_MODE(in->code)) {
                        case SC_BPF_LEN:
                                X = SC_SECCOMP_DATA_SIZE;
                                break;
                        case SC_BPF_IMM:
                                X = in->k;
                                break;
                        case SC_BPF_MEM:
                                X = M[in->k & (SC_BPF_MEMWORDS - 1)];
                                break;
                        default:
                                goto out;
                        }
                        break;
                case SC_BPF_ST:
                        M[in->k & (SC_BPF_MEMWORDS - 1)] = A;
                        break;
                case SC_BPF_STX:
                        M[in->k & (SC_BPF_MEMWORDS - 1)] = X;
                        break;
                case SC_BPF_ALU:
                        switch (SC_BPF_OP(in->code)) {
                        case SC_BPF_ADD: A += src; break;
                        case SC_BPF_SUB: A -= src; break;
                        case SC_BPF_MUL: A *= src; break;
                        case SC_BPF_DIV:
                                if (src == 0) /* classic BPF: return 0 */
                                        goto out;
                                A /= src;
                                break;
                        case SC_BPF_MOD:
                                if (src == 0)
                                        goto out;
                                A %= src;
                                break;
                        case SC_BPF_OR: A |= src; break;
                        case SC_BPF_AND: A &= src; break;
                        case SC_BPF_XOR: A ^= src; break;
                        case SC_BPF_LSH: A = src >= 32 ? 0 : A << src; break;
                        case SC_BPF_RSH: A = src >= 32 ? 0 : A >> src; break;
                        case SC_BPF_NEG: A = -A; break;
                        default: goto out;
                        }
                        break;
                case SC_BPF_JMP: {
                        bool t;
                        switch (SC_BPF_OP(in->code)) {
                        case SC_BPF_JA:
                                pc += in->k;
                                continue;
                        case SC_BPF_JEQ: t = A == src; break;
                        case SC_BPF_JGT: t = A > src; break;
                        case SC_BPF_JGE: t = A >= src; break;
                        case SC_BPF_JSET: t = (A & src) != 0; break;
                        default: goto out;
                        }
                        pc += t ? in->jt : in->jf;
                        break;
                }
                case SC_BPF_RET:
                        ret = SC_BPF_RVAL(in->code) == SC_BPF_A ? A : in->k;
                        goto out;
                case SC_BPF_MISC:
                        if (SC_BPF_MISCOP(in->code) == SC_BPF_TAX)
                                X = A;
                        else
                                A = X;
                        break;
                default:
                        goto out;
                }
        }
out:
        if (ret_executed)
                *ret_executed = executed;
        if (ret_touched)
                *ret_touched = touched;
        return ret;
}

bool sc_filter_const_allow(const struct sc_filter *f, uint32_t audit_arch,
                           uint32_t nr)
{
        /* A transcription of seccomp_is_const_allow(): anything but these
         * instructions makes the result depend on more than (arch, nr). */
        uint32_t A = 0;

        for (size_t pc = 0; pc < f->n; pc++) {
                const struct sc_insn *in = &f->insns[pc];
                bool t;

                switch (in->code) {
                case SC_BPF_LD | SC_BPF_W | SC_BPF_ABS:
                        if (in->k == SC_OFF_NR)
                                A = nr;
                        else if (in->k == SC_OFF_ARCH)
                                A = audit_arch;
                        else
                                return false;
                        break;
                case SC_BPF_RET | SC_BPF_K:
                        return in->k == SC_RET_ALLOW;
                case SC_BPF_JMP | SC_BPF_JA:
                        pc += in->k;
                        break;
                case SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K:
                case SC_BPF_JMP | SC_BPF_JGE | SC_BPF_K:
                case SC_BPF_JMP | SC_BPF_JGT | SC_BPF_K:
                case SC_BPF_JMP | SC_BPF_JSET | SC_BPF_K:
                        switch (SC_BPF_OP(in->code)) {
                        case SC_BPF_JEQ: t = A == in->k; break;
                        case SC_BPF_JGE: t = A >= in->k; break;
                        case SC_BPF_JGT: t = A > in->k; break;
                        default: t = (A & in->k) != 0; break;
                        }
                        pc += t ? in->jt : in->jf;
                        break;
                case SC_BPF_ALU | SC_BPF_AND | SC_BPF_K:
                        A &= in->k;
                        break;
                default:
                        return false;
                }
        }
        return false;
}

void sc_filter_stats(const struct sc_filter *f, uint32_t audit_arch,
                     uint32_t nr_offset, uint32_t n_nrs,
                     struct sc_filter_stats *ret)
{
        struct sc_filter_stats s = { .n_insns = f->n, .n_nrs = n_nrs };
        uint64_t total = 0;

        for (uint32_t i = 0; i < n_nrs; i++) {
                struct sc_seccomp_data d = { .nr = i + nr_offset,
                                             .arch = audit_arch };
                size_t ex;
                uint32_t r = sc_sim_run(f, &d, &ex);

                total += ex;
                if (ex > s.worst_executed) {
                        s.worst_executed = ex;
                        s.worst_nr = d.nr;
                }
                if (r != SC_RET_ALLOW)
                        continue;
                for (size_t a = 0; a < 6; a++)
                        d.args[a] = UINT64_MAX;
                if (sc_sim_run(f, &d, NULL) != SC_RET_ALLOW)
                        continue;
                s.n_allowed_uncond++;
                if (sc_filter_const_allow(f, audit_arch, i + nr_offset))
                        s.n_const_allow++;
        }
        s.mean_executed = n_nrs ? (double)total / n_nrs : 0;
        *ret = s;
}

/* ---- stacked filters ---- */

bool sc_ret_more_restrictive(uint32_t a, uint32_t b)
{
        /* kernel/seccomp.c ACTION_ONLY(): a signed compare, so
         * KILL_PROCESS (bit 31) sorts below everything. */
        return (int32_t)(a & SC_RET_ACTION_FULL) <
               (int32_t)(b & SC_RET_ACTION_FULL);
}

/* One filter's verdict; the argument words it read are added to
 * *touched (bit i: args[i], bit 6: ip). */
static uint32_t run_traced(const struct sc_filter *f,
                           const struct sc_seccomp_data *d, unsigned *touched)
{
        unsigned t = 0;
        uint32_t r = sc_sim_run_traced(f, d, NULL, &t);
        *touched |= t;
        return r;
}

uint32_t sc_stack_run_traced(const struct sc_filter_stack *s,
                             const struct sc_seccomp_data *d,
                             unsigned *touched)
{
        uint32_t ret = SC_RET_ALLOW;
        for (size_t i = 0; i < s->n; i++) {
                uint32_t cur = run_traced(s->f[i], d, touched);
                /* strict: on a tie the filter that ran first (newest) keeps
                 * its data, as in seccomp_run_filters() */
                if (sc_ret_more_restrictive(cur, ret))
                        ret = cur;
        }
        return ret;
}

uint32_t sc_stack_run(const struct sc_filter_stack *s,
                      const struct sc_seccomp_data *d)
{
        unsigned touched = 0;
        return sc_stack_run_traced(s, d, &touched);
}
