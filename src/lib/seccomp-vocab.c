/* SPDX-License-Identifier: Apache-2.0 */
/* The seccomp vocabulary (see seccomp-vocab.h for what lives here and why). */
#include "seccomp-vocab.h"

#include "syscalls.h"

bool sc_action_is_allow_class(enum sc_action a)
{
        /* runc patchbpf isAllowAction(): a tracer should handle new
         * syscalls itself, so TRACE counts as allowing too. */
        return a == SC_ACT_ALLOW || a == SC_ACT_LOG || a == SC_ACT_TRACE;
}

bool sc_ret_is_allow_class(uint32_t ret)
{
        uint32_t full = ret & SC_RET_ACTION_FULL;
        return full == SC_RET_ALLOW || full == SC_RET_LOG ||
               full == SC_RET_TRACE;
}

bool sc_action_runs_call(enum sc_action a)
{
        return a == SC_ACT_ALLOW || a == SC_ACT_LOG;
}

/* The datum libseccomp compares with: for MASKED_EQ the bits of valueTwo
 * inside the mask, else the value (valueTwo is not looked at). */
static uint64_t cmp_datum(const struct sc_arg *a)
{
        return a->op == SC_OP_MASKED_EQ ? a->value_two & a->value : a->value;
}

int sc_arg_cmp(const struct sc_arg *a, const struct sc_arg *b)
{
        if (a->index != b->index)
                return a->index < b->index ? -1 : 1;
        if (a->op != b->op)
                return a->op < b->op ? -1 : 1;
        /* MASKED_EQ: value is the mask */
        if (a->value != b->value)
                return a->value < b->value ? -1 : 1;
        uint64_t da = cmp_datum(a), db = cmp_datum(b);
        if (da != db)
                return da < db ? -1 : 1;
        return 0;
}

int sc_arg_qsort_cmp(const void *a, const void *b)
{
        return sc_arg_cmp(a, b);
}

bool sc_arg_matches_loaded(const struct sc_arg *a, uint64_t v)
{
        if (a->op == SC_OP_MASKED_EQ)
                return (v & a->value) == cmp_datum(a);
        return sc_arg_matches(a, v);
}

/* The fourth column of data/syscalls.tsv, read. */
static enum sc_lsc_name lsc_name_of(char answer)
{
        switch (answer) {
        case 'y':
                return SC_LSC_KNOWN;
        case 'n':
                return SC_LSC_UNKNOWN;
        case '-':
                return SC_LSC_NO_ARCH;
        default:
                return SC_LSC_NOT_IN_TABLE;
        }
}

enum sc_lsc_name sc_libseccomp_name(enum sc_arch arch, const char *name)
{
        return lsc_name_of(sc_syscall_lsc_answer(arch, name));
}

bool sc_libseccomp_knows_id(enum sc_arch arch, int id)
{
        switch (lsc_name_of(sc_syscall_lsc_answer_id(arch, id))) {
        case SC_LSC_KNOWN:
                return true;
        case SC_LSC_UNKNOWN:
        case SC_LSC_NOT_IN_TABLE:
                return false;
        case SC_LSC_NO_ARCH:
                return sc_syscall_lsc_answer_anywhere_id(id) != 'n';
        }
        return false;
}

bool sc_libseccomp_knows(enum sc_arch arch, const char *name)
{
        return sc_libseccomp_knows_id(arch, sc_syscall_id(name));
}
