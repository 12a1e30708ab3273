/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Disassembler for seccomp programs: one instruction per line, a label on
 * every jump target, seccomp_data fields by name and return values decoded,
 * so a program can be read (and diffed in golden tests) without a manual.
 */
#include "bpf.h"

static const struct {
        uint32_t action;
        const char *name;
        bool has_data;
} ret_names[] = {
        { SC_RET_KILL_PROCESS, "KILL_PROCESS", false },
        { SC_RET_KILL_THREAD, "KILL_THREAD", false },
        { SC_RET_TRAP, "TRAP", true },
        { SC_RET_ERRNO, "ERRNO", true },
        { SC_RET_USER_NOTIF, "USER_NOTIF", false },
        { SC_RET_TRACE, "TRACE", true },
        { SC_RET_LOG, "LOG", false },
        { SC_RET_ALLOW, "ALLOW", false },
};

static void put_ret(struct strbuf *out, uint32_t k)
{
        for (size_t i = 0; i < ELEMENTSOF(ret_names); i++) {
                if ((k & SC_RET_ACTION_FULL) != ret_names[i].action)
                        continue;
                if (ret_names[i].has_data)
                        strbuf_printf(out, "%s(%u)", ret_names[i].name,
                                      k & SC_RET_DATA);
                else if ((k & SC_RET_DATA) != 0)
                        strbuf_printf(out, "%s|0x%x", ret_names[i].name,
                                      k & SC_RET_DATA);
                else
                        strbuf_puts(out, ret_names[i].name);
                return;
        }
        strbuf_printf(out, "0x%08x", k);
}

static void put_field(struct strbuf *out, uint32_t k, bool big_endian)
{
        if (k == SC_OFF_NR)
                strbuf_puts(out, "[nr]");
        else if (k == SC_OFF_ARCH)
                strbuf_puts(out, "[arch]");
        else if (k == SC_OFF_IP_LO || k == SC_OFF_IP_LO + 4)
                strbuf_printf(out, "[ip.%s]",
                              ((k == SC_OFF_IP_LO) != big_endian) ? "lo" : "hi");
        else if (k >= SC_OFF_ARGS && k < SC_SECCOMP_DATA_SIZE && k % 4 == 0)
                strbuf_printf(out, "[args[%u].%s]", (k - SC_OFF_ARGS) / 8,
                              ((k % 8 == 0) != big_endian) ? "lo" : "hi");
        else
                strbuf_printf(out, "[%u]", k);
}

static const char *const alu_names[16] = {
        [SC_BPF_ADD >> 4] = "add", [SC_BPF_SUB >> 4] = "sub",
        [SC_BPF_MUL >> 4] = "mul", [SC_BPF_DIV >> 4] = "div",
        [SC_BPF_OR >> 4] = "or",   [SC_BPF_AND >> 4] = "and",
        [SC_BPF_LSH >> 4] = "lsh", [SC_BPF_RSH >> 4] = "rsh",
        [SC_BPF_NEG >> 4] = "neg", [SC_BPF_MOD >> 4] = "mod",
        [SC_BPF_XOR >> 4] = "xor",
};
static const char *const jmp_names[16] = {
        [SC_BPF_JA >> 4] = "ja",   [SC_BPF_JEQ >> 4] = "jeq",
        [SC_BPF_JGT >> 4] = "jgt", [SC_BPF_JGE >> 4] = "jge",
        [SC_BPF_JSET >> 4] = "jset",
};

static void put_k(struct strbuf *out, uint32_t k)
{
        if (k < 10)
                strbuf_printf(out, "#%u", k);
        else
                strbuf_printf(out, "#0x%x", k);
}

void sc_disasm_insn(const struct sc_insn *in, size_t pc, bool big_endian,
                    struct strbuf *out)
{
        uint16_t c = in->code;
        const char *name;

        switch (SC_BPF_CLASS(c)) {
        case SC_BPF_LD:
        case SC_BPF_LDX: {
                const char *op = SC_BPF_CLASS(c) == SC_BPF_LD ? "ld" : "ldx";
                switch (SC_BPF_MODE(c)) {
                case SC_BPF_ABS:
                        strbuf_printf(out, "%s%s ", op,
                                      SC_BPF_SIZE(c) == SC_BPF_W   ? ""
                                      : SC_BPF_SIZE(c) == SC_BPF_H ? "h"
                                                                   : "b");
                        put_field(out, in->k, big_endian);
                        return;
                case SC_BPF_IMM:
                        strbuf_printf(out, "%s ", op);
                        put_k(out, in->k);
                        return;
                case SC_BPF_MEM:
                        strbuf_printf(out, "%s M[%u]", op, in->k);
                        return;
                case SC_BPF_LEN:
                        strbuf_printf(out, "%s #len", op);
                        return;
                default:
                        break;
                }
                break;
        }
        case SC_BPF_ST:
                strbuf_printf(out, "st M[%u]", in->k);
                return;
        case SC_BPF_STX:
                strbuf_printf(out, "stx M[%u]", in->k);
                return;
        case SC_BPF_ALU:
                name = alu_names[SC_BPF_OP(c) >> 4];
                if (!name)
                        break;
                if (SC_BPF_OP(c) == SC_BPF_NEG) {
                        strbuf_puts(out, "neg");
                        return;
                }
                strbuf_printf(out, "%s ", name);
                if (SC_BPF_SRC(c) == SC_BPF_X)
                        strbuf_puts(out, "x");
                else
                        put_k(out, in->k);
                return;
        case SC_BPF_JMP:
                name = jmp_names[SC_BPF_OP(c) >> 4];
                if (!name)
                        break;
                if (SC_BPF_OP(c) == SC_BPF_JA) {
                        strbuf_printf(out, "ja L%zu", pc + 1 + in->k);
                        return;
                }
                strbuf_printf(out, "%s ", name);
                if (SC_BPF_SRC(c) == SC_BPF_X)
                        strbuf_puts(out, "x");
                else
                        put_k(out, in->k);
                strbuf_printf(out, ", L%zu, L%zu", pc + 1 + in->jt,
                              pc + 1 + in->jf);
                return;
        case SC_BPF_RET:
                strbuf_puts(out, "ret ");
                if (SC_BPF_RVAL(c) == SC_BPF_A)
                        strbuf_puts(out, "a");
                else
                        put_ret(out, in->k);
                return;
        case SC_BPF_MISC:
                strbuf_puts(out, SC_BPF_MISCOP(c) == SC_BPF_TAX ? "tax" : "txa");
                return;
        default:
                break;
        }
        strbuf_printf(out, ".insn 0x%04x, %u, %u, 0x%x", c, in->jt, in->jf,
                      in->k);
}

char *sc_disasm(const struct sc_filter *f, bool big_endian, unsigned flags)
{
        struct strbuf out = { 0 };
        _cleanup_free_ bool *is_target = xcalloc(f->n + 1, sizeof(bool));

        for (size_t pc = 0; pc < f->n; pc++) {
                const struct sc_insn *in = &f->insns[pc];
                if (SC_BPF_CLASS(in->code) != SC_BPF_JMP)
                        continue;
                if (SC_BPF_OP(in->code) == SC_BPF_JA) {
                        if (pc + 1 + (size_t)in->k <= f->n)
                                is_target[pc + 1 + in->k] = true;
                        continue;
                }
                if (pc + 1 + in->jt <= f->n)
                        is_target[pc + 1 + in->jt] = true;
                if (pc + 1 + in->jf <= f->n)
                        is_target[pc + 1 + in->jf] = true;
        }
        for (size_t pc = 0; pc < f->n; pc++) {
                if (is_target[pc])
                        strbuf_printf(&out, "L%zu:\n", pc);
                if (flags & SC_DISASM_NO_LINENO)
                        strbuf_puts(&out, "        ");
                else
                        strbuf_printf(&out, "%6zu  ", pc);
                sc_disasm_insn(&f->insns[pc], pc, big_endian, &out);
                strbuf_putc(&out, '\n');
        }
        return strbuf_steal(&out);
}

char *sc_filter_to_hex(const struct sc_filter *f)
{
        struct strbuf out = { 0 };

        for (size_t i = 0; i < f->n; i++)
                strbuf_printf(&out, "%04x %02x %02x %08x\n", f->insns[i].code,
                              f->insns[i].jt, f->insns[i].jf, f->insns[i].k);
        return strbuf_steal(&out);
}

char *sc_filter_to_c(const struct sc_filter *f, const char *name)
{
        struct strbuf out = { 0 };

        strbuf_printf(&out, "/* %zu instructions, generated by seccompctl */\n"
                            "static const struct sock_filter %s[] = {\n",
                      f->n, name);
        for (size_t i = 0; i < f->n; i++) {
                strbuf_printf(&out, "\t{ 0x%04x, %3u, %3u, 0x%08x }, /* ",
                              f->insns[i].code, f->insns[i].jt, f->insns[i].jf,
                              f->insns[i].k);
                sc_disasm_insn(&f->insns[i], i, false, &out);
                strbuf_puts(&out, " */\n");
        }
        strbuf_puts(&out, "};\n");
        return strbuf_steal(&out);
}
