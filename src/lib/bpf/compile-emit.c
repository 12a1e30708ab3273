/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler, stage 2: emitting instructions back to front (labels,
 * shared RETs, long-jump trampolines, loads) and the literal reading's
 * argument blocks (--compat literal) (compile-internal.h has the map of
 * the compiler's files).
 */
#include "compile-internal.h"

/* ---- stage 2: emitting code, back to front ---- */

size_t put_insn(struct ctx *c, uint16_t code, uint32_t k, uint8_t jt,
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
                        c->rets[i].label = put_insn(c, SC_BPF_RET | SC_BPF_K,
                                                    t.ret, 0, 0);
                        return c->rets[i].label;
                }
        GROW(c->rets, c->n_rets, c->alloc_rets);
        c->rets[c->n_rets].ret = t.ret;
        c->rets[c->n_rets].label = put_insn(c, SC_BPF_RET | SC_BPF_K, t.ret, 0, 0);
        return c->rets[c->n_rets++].label;
}

size_t put_ja(struct ctx *c, size_t label)
{
        return put_insn(c, SC_BPF_JMP | SC_BPF_JA, (uint32_t)dist(c, label), 0, 0);
}

/* Conditional jump; returns its label. */
size_t put_jcond(struct ctx *c, uint16_t op, uint32_t k, struct tgt tt,
                 struct tgt tf)
{
        size_t lt = resolve(c, tt), lf = resolve(c, tf);

        if (dist(c, lf) > 255)
                lf = put_ja(c, lf);
        if (dist(c, lt) > 255)
                lt = put_ja(c, lt);
        if (dist(c, lf) > 255) /* moved by the jt trampoline */
                lf = put_ja(c, lf);
        return put_insn(c, SC_BPF_JMP | op | SC_BPF_K, k,
                        (uint8_t)dist(c, lt), (uint8_t)dist(c, lf));
}

/* A label for "continue at t" when the next instruction to run must be t:
 * used where code falls through. */
size_t to_label(struct ctx *c, struct tgt t)
{
        if (t.is_ret)
                return resolve(c, t);
        return t.label;
}

uint32_t arg_off(const struct ctx *c, uint32_t index, bool hi)
{
        uint32_t base = SC_OFF_ARGS + 8 * index;
        return base + ((hi != c->big_endian) ? 4 : 0);
}

size_t put_ld(struct ctx *c, uint32_t off)
{
        return put_insn(c, SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, off, 0, 0);
}

/* A jump made while A holds the word at offset off need not land on a
 * load of that same word: skip it (the next rule testing the same
 * argument starts with one). */
struct tgt skip_reload(const struct ctx *c, struct tgt t, uint32_t off)
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
                        l = put_insn(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, mask, 0, 0);
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

size_t put_block(struct ctx *c, struct block *b)
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
