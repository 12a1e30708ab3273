/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Compiler expectations, libseccomp `.tests` style: a profile snippet, a
 * target, a mode, then (arch, syscall, args) -> action rows checked in the
 * simulator.  Plus the compile errors each runtime raises, the 4096
 * instruction limit, the kernel action-cache property on the real
 * profiles, and a golden disassembly.
 */
#include "test.h"
#include "bpf.h"
#include "syscalls.h"

#define ERRNO(e) (SC_RET_ERRNO | (e))
#define TRACE(e) (SC_RET_TRACE | (e))
#define ALLOW SC_RET_ALLOW
#define KILL SC_RET_KILL_THREAD
#define KILLP SC_RET_KILL_PROCESS
#define LOG SC_RET_LOG
#define NOTIFY SC_RET_USER_NOTIF
#define BIG(hi, lo) ((UINT64_C(hi) << 32) | (lo))

struct row {
        const char *arch;   /* NULL: the target */
        const char *call;   /* name, or "#N" for a raw number */
        uint64_t args[6];
        uint32_t want;
};

struct tcase {
        const char *name;
        const char *profile;
        const char *target;
        enum sc_compat compat;
        int want_r;          /* sc_compile's return */
        struct row rows[12];
};

static struct sc_profile *parse(const char *json)
{
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { 0 };
        struct sc_profile *p = NULL;
        if (sc_profile_parse(json, strlen(json), "case.json", DOC_JSON, &d,
                             &set) >= 0 && set.n == 1) {
                p = set.profiles[0];
                set.profiles[0] = NULL;
        }
        for (size_t i = 0; i < d.n; i++) {
                char *s = sc_diag_format(&d.items[i]);
                fprintf(stderr, "  %s\n", s);
                free(s);
        }
        sc_profile_set_clear(&set);
        sc_diags_clear(&d);
        return p;
}

#define P(...) #__VA_ARGS__

/* The profile whose last rule makes libseccomp 2.5.4 loop (one row per
 * runtime below). */
#define RING_LAST_RULE P({"defaultAction": "SCMP_ACT_KILL_PROCESS", "syscalls": [ \
          {"names": ["umask"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 0, "value": 3, "op": "SCMP_CMP_LT"}]}, \
          {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2, "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]}, \
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 2, "op": "SCMP_CMP_LE"}, {"index": 0, "value": 0, "op": "SCMP_CMP_LT"}]}, \
          {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 4294967296, "op": "SCMP_CMP_GE"}]}, \
          {"names": ["umask"], "action": "SCMP_ACT_TRAP", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_LE"}, {"index": 1, "value": 4294967299, "op": "SCMP_CMP_GE"}]}, \
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 4294967298, "valueTwo": 3, "op": "SCMP_CMP_MASKED_EQ"}, {"index": 0, "value": 1, "op": "SCMP_CMP_LE"}]}]})

static const struct tcase cases[] = {
        { "allow list, default errno", P({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["getppid", "read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "getppid", {0}, ALLOW },
                { NULL, "read", {0}, ALLOW },
                { NULL, "getuid", {0}, ERRNO(1) },
                { NULL, "#999", {0}, ERRNO(1) },
                { "x86", "read", {0}, KILL },           /* arch not in filter */
                { NULL, "#1073741824", {0}, KILL },     /* x32 number, no x32 */
                { NULL, "#4294967295", {0}, ERRNO(1) }, /* syscall(-1) */
        } },
        { "runc ENOSYS stub above the newest syscall", P({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["getppid", "read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "getppid", {0}, ALLOW },
                { NULL, "getuid", {0}, ERRNO(1) },     /* 102 < 110 */
                { NULL, "#111", {0}, ERRNO(38) },
                { NULL, "#999", {0}, ERRNO(38) },
                { NULL, "#1073741824", {0}, KILL },    /* bit 30: to the filter */
                { NULL, "#2147483648", {0}, ERRNO(38) },
        } },
        { "stub not under an allowing default", P({"defaultAction": "SCMP_ACT_LOG",
          "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "getppid", {0}, ERRNO(1) },
                { NULL, "#999", {0}, LOG },
        } },
        { "stub per arch, x32 by its own maximum", P({"defaultAction": "SCMP_ACT_KILL_PROCESS",
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"],
          "syscalls": [{"names": ["write", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "exit_group", {0}, ALLOW },
                { NULL, "#232", {0}, ERRNO(38) },
                { NULL, "#200", {0}, KILLP },
                { "x32", "write", {0}, ALLOW },
                { "x32", "#1073742100", {0}, ERRNO(38) },
                { "x32", "#1073742000", {0}, KILLP },
                { "x86", "exit_group", {0}, ALLOW },
                { "x86", "#253", {0}, ERRNO(38) },
                { "x86", "#3", {0}, KILLP },
        } },
        { "s390x: the stub also answers nr 0", P({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}),
          "s390x", SC_COMPAT_RUNC, 0, {
                { NULL, "read", {0}, ALLOW },
                { NULL, "#0", {0}, ERRNO(38) },
                { NULL, "#1", {0}, ERRNO(1) },
        } },
        { "runc's stub counts libseccomp's numbers: i386 socket calls are pseudo", P({"defaultAction": "SCMP_ACT_ERRNO",
          "architectures": ["SCMP_ARCH_X86"], "syscalls": [{"names": ["read", "socket"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { "x86", "read", {0}, ALLOW },
                { "x86", "socket", {0}, ERRNO(38) },      /* 359 > 3 */
                { "x86", "socketcall", {1}, ERRNO(38) },  /* 102 > 3 */
                { NULL, "socket", {0}, ALLOW },
        } },
        { "names libseccomp 2.5.4 does not know are skipped", P({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["getppid", "mseal"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "getppid", {0}, ALLOW },
                { NULL, "mseal", {0}, ERRNO(38) },        /* past the stub */
        } },
        { "runc: no stub for an arch whose newest named syscall is nr 0", P({"defaultAction": "SCMP_ACT_ERRNO",
          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "read", {0}, ALLOW },
                { NULL, "#999", {0}, ERRNO(1) },
        } },
        { "errnoRet, defaultErrnoRet, TRACE data", P({"defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 38, "syscalls": [
          {"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22},
          {"names": ["getuid"], "action": "SCMP_ACT_ERRNO"},
          {"names": ["getgid"], "action": "SCMP_ACT_TRACE"},
          {"names": ["getppid"], "action": "SCMP_ACT_TRACE", "errnoRet": 7}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "uname", {0}, ERRNO(22) },
                { NULL, "getuid", {0}, ERRNO(1) },
                { NULL, "getgid", {0}, TRACE(1) },
                { NULL, "getppid", {0}, TRACE(7) },
                { NULL, "read", {0}, ERRNO(38) },
        } },
        { "64-bit comparisons", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 4294967297, "op": "SCMP_CMP_LT"}]},
          {"names": ["write"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 4294967296, "op": "SCMP_CMP_GE"}]},
          {"names": ["close"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_LE"}]},
          {"names": ["dup"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_GT"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "personality", {8}, ALLOW },
                { NULL, "personality", {BIG(1, 8)}, ERRNO(1) },
                { NULL, "read", {0, 0, BIG(1, 0)}, ALLOW },
                { NULL, "read", {0, 0, BIG(1, 1)}, ERRNO(1) },
                { NULL, "read", {0, 0, 0xffffffff}, ALLOW },
                { NULL, "write", {0, 0, 0xffffffff}, ERRNO(1) },
                { NULL, "write", {0, 0, BIG(1, 0)}, ALLOW },
                { NULL, "close", {0xffffffff}, ALLOW },
                { NULL, "close", {BIG(1, 0)}, ERRNO(1) },
                { NULL, "dup", {BIG(1, 0)}, ALLOW },
                { NULL, "dup", {0xffffffff}, ERRNO(1) },
        } },
        { "NE and MASKED_EQ", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]},
          {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "socket", {2}, ALLOW },
                { NULL, "socket", {40}, ERRNO(1) },
                { NULL, "socket", {BIG(1, 40)}, ALLOW },
                { NULL, "clone", {0x11}, ALLOW },
                { NULL, "clone", {0x10000011}, ERRNO(1) },
                { NULL, "clone", {BIG(0xffffffff, 0x11)}, ALLOW },
        } },
        { "runc grouping: distinct indexes AND, a repeated index OR", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 2, "value": 5, "op": "SCMP_CMP_EQ"}]},
          {"names": ["write"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "read", {1, 0, 5}, ALLOW },
                { NULL, "read", {1, 0, 4}, ERRNO(1) },
                { NULL, "read", {0, 0, 5}, ERRNO(1) },
                { NULL, "write", {1}, ALLOW },
                { NULL, "write", {2}, ALLOW },
                { NULL, "write", {3}, ERRNO(1) },
        } },
        { "conflicts: first unconditional wins, unconditional beats conditional", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_KILL_PROCESS"},
          {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["write"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
          {"names": ["write"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["getuid"], "action": "SCMP_ACT_ERRNO"}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "read", {0}, KILLP },
                { NULL, "write", {1}, ALLOW },
                { NULL, "getuid", {0}, ERRNO(1) },
        } },
        { "identical conditions, different actions: EEXIST", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
          {"names": ["read"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, -EEXIST, { { 0 } } },
        /* libseccomp 2.5.4 merges the last rule's MASKED_EQ node twice into
         * one shared level (under arg 0's high "==" and low ">"), the
         * second time before itself: the level becomes a ring and
         * seccomp_rule_add_array never returns (departures seed 6226; the
         * model used to finish the add and then loop generating code) */
        { "runc: libseccomp loops adding the last rule: refused", RING_LAST_RULE,
          "x86_64", SC_COMPAT_RUNC, -ELOOP, { { 0 } } },
        { "crun: the same loop", RING_LAST_RULE,
          "x86_64", SC_COMPAT_CRUN, -ELOOP, { { 0 } } },
        /* the same ring from test-differential's family "actions" #1072
         * (x86_64), cut to its umask rules: libseccomp never returns from
         * the third add, the model used to accept it */
        { "runc: libseccomp loops adding the third umask rule: refused", P({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 3, "syscalls": [
          {"names": ["umask"], "action": "SCMP_ACT_TRACE", "errnoRet": 91, "args": [{"index": 1, "value": 18446744069414584320, "op": "SCMP_CMP_NE"}]},
          {"names": ["umask"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 4294967295, "op": "SCMP_CMP_GE"}, {"index": 2, "value": 2147483648, "op": "SCMP_CMP_LT"}, {"index": 0, "value": 2048, "op": "SCMP_CMP_NE"}]},
          {"names": ["umask"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 18446744073709551615, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2048, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 10, "valueTwo": 40, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
          "x86_64", SC_COMPAT_RUNC, -ELOOP, { { 0 } } },
        /* issue 12: libseccomp 2.5.4's merged tree, not profile order */
        { "runc: no rule matches, libseccomp's tree still says ERRNO", P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 3, "op": "SCMP_CMP_LT"}]},
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { NULL, "umask", {3}, ERRNO(1) },
                { NULL, "umask", {18}, ERRNO(1) },
                { NULL, "umask", {2}, ERRNO(1) },
                { NULL, "umask", {BIG(1, 0)}, ERRNO(1) },
        } },
        { "literal: the same profile read in order", P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 3, "op": "SCMP_CMP_LT"}]},
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]}]}),
          "x86_64", SC_COMPAT_LITERAL, 0, {
                { NULL, "umask", {3}, ALLOW },
                { NULL, "umask", {18}, ALLOW },
                { NULL, "umask", {2}, ERRNO(1) },
                { NULL, "umask", {BIG(1, 0)}, ERRNO(1) },
        } },
        { "crun: two actions, the tree's order decides", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["umask"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_GE"}, {"index": 1, "value": 5, "op": "SCMP_CMP_EQ"}]},
          {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95, "args": [{"index": 0, "value": 3, "op": "SCMP_CMP_GT"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "umask", {2, 1}, ERRNO(95) },
                { NULL, "umask", {2, 5}, ALLOW },
                { NULL, "umask", {4, 1}, ERRNO(95) },
        } },
        { "runc: a shorter rule after a longer one of another action: EEXIST", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
          {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_RUNC, -EEXIST, { { 0 } } },
        { "literal: that profile is fine", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
          {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_LITERAL, 0, {
                { NULL, "socket", {2, 1}, ALLOW },
                { NULL, "socket", {2, 2}, ERRNO(38) },
        } },
        { "crun: MASKED_EQ compares with valueTwo & value", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["umask"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 255, "valueTwo": 258, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "umask", {2}, ALLOW },
                { NULL, "umask", {0x302}, ALLOW },
                { NULL, "umask", {258}, ALLOW },
                { NULL, "umask", {3}, ERRNO(1) },
        } },
        { "i386 socketcall(2) and ipc(2)", P({"defaultAction": "SCMP_ACT_ERRNO",
          "architectures": ["SCMP_ARCH_X86"], "syscalls": [
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]},
          {"names": ["accept"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["semop"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { "x86", "socket", {2}, ALLOW },
                { "x86", "socket", {40}, ERRNO(1) },
                { "x86", "socketcall", {1, 40}, ALLOW },   /* arg checks can't follow */
                { "x86", "socketcall", {5}, ALLOW },       /* SYS_ACCEPT */
                { "x86", "socketcall", {2}, ERRNO(1) },
                { "x86", "ipc", {1, 5}, LOG },             /* SEMOP, arg1 kept */
                { "x86", "ipc", {1, 6}, ERRNO(1) },
                { NULL, "socket", {40}, ERRNO(1) },
        } },
        /* Without getpid the same profile's x86 section never loads the
         * syscall number: libseccomp 2.5.4 hangs "ld [nr]" on the head of
         * its priority list, here the pseudo entry of accept (no direct
         * call on i386, no nodes), which it then skips; every number test
         * compares AUDIT_ARCH_I386 and fails.  seccomp_export_bpf shows it. */
        { "i386: a pseudo entry heads the list, no ld [nr]", P({"defaultAction": "SCMP_ACT_ERRNO",
          "architectures": ["SCMP_ARCH_X86"], "syscalls": [
          {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]},
          {"names": ["accept"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["semop"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { "x86", "socket", {2}, ERRNO(1) },
                { "x86", "socketcall", {5}, ERRNO(1) },
                { "x86", "ipc", {1, 5}, ERRNO(1) },
                { NULL, "socket", {2}, ALLOW },            /* x86_64 loads it */
        } },
        /* random1 #720 of test-differential (SC_DIFF_RANDOM=721): recv and
         * send are pseudo entries on i386, setitimer and socketcall have
         * two nodes each */
        { "i386: random1 #720, TRACE rule never reached", P({"defaultAction": "SCMP_ACT_LOG",
          "architectures": ["SCMP_ARCH_X86"], "syscalls": [
          {"names": ["setitimer"], "action": "SCMP_ACT_TRACE", "args": [{"index": 1, "value": 2147483648, "op": "SCMP_CMP_EQ"},{"index": 2, "value": 0, "op": "SCMP_CMP_EQ"}]},
          {"names": ["read","listen"], "action": "SCMP_ACT_LOG"},
          {"names": ["recv","send"], "action": "SCMP_ACT_KILL_PROCESS"}]}),
          "x86_64", SC_COMPAT_RUNC, 0, {
                { "x86", "setitimer", {0, 0x80000000, 0}, LOG },
                { "x86", "socketcall", {10}, LOG },
                { NULL, "setitimer", {0, 0x80000000, 0}, TRACE(1) },
        } },
        /* x86_64 and x32 together are one list (random1 #625): the pseudo
         * socketcall entry of x86_64 has no nodes, kill has four */
        { "x86_64 + x32: a pseudo entry heads the joint list", P({"defaultAction": "SCMP_ACT_ALLOW",
          "architectures": ["SCMP_ARCH_X86","SCMP_ARCH_X32"], "syscalls": [
          {"names": ["kill"], "action": "SCMP_ACT_KILL_THREAD", "args": [{"index": 0, "value": 9223372036854775807, "op": "SCMP_CMP_EQ"},{"index": 2, "value": 4294967297, "op": "SCMP_CMP_EQ"}]},
          {"names": ["socketcall"], "action": "SCMP_ACT_TRACE", "errnoRet": 38}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "kill", {0x7fffffffffffffff, 0, 0x100000001}, ALLOW },
                { "x32", "kill", {0x7fffffffffffffff, 0, 0x100000001}, ALLOW },
                { "x86", "socketcall", {1}, TRACE(38) },
                { "x86", "kill", {0xffffffff, 0, 1}, SC_RET_KILL_THREAD },
        } },
        /* Not only multiplexing arches: on aarch64 (no open(2)) libseccomp
         * files "open" under a pseudo number, and with no nodes it heads
         * the list; arm has open, its section loads the number. */
        { "aarch64: pseudo open heads the list, arm does not", P({"defaultAction": "SCMP_ACT_ALLOW",
          "architectures": ["SCMP_ARCH_AARCH64","SCMP_ARCH_ARM"], "syscalls": [
          {"names": ["open"], "action": "SCMP_ACT_ERRNO"},
          {"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { "aarch64", "read", {1}, ALLOW },
                { "arm", "read", {1}, ERRNO(1) },
                { "arm", "open", {0}, ERRNO(1) },
                { NULL, "read", {1}, ERRNO(1) },
        } },
        { "32-bit arch: low word only", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967297, "op": "SCMP_CMP_EQ"}]}]}),
          "x86", SC_COMPAT_CRUN, 0, {
                { NULL, "read", {1}, ALLOW },
                { NULL, "read", {2}, ERRNO(1) },
        } },
        { "x32 listed: x32 numbers are looked up", P({"defaultAction": "SCMP_ACT_ERRNO",
          "architectures": ["SCMP_ARCH_X32"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_CRUN, 0, {
                { NULL, "read", {0}, ALLOW },
                { "x32", "read", {0}, ALLOW },
                { NULL, "#1073741825", {0}, ERRNO(1) },
                { NULL, "#2147483648", {0}, ERRNO(1) },
        } },
        { "NOTIFY default: runc refuses, crun accepts", P({"defaultAction": "SCMP_ACT_NOTIFY",
          "listenerPath": "/run/l.sock", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_RUNC, -EINVAL, { { 0 } } },
        { "NOTIFY default under crun", P({"defaultAction": "SCMP_ACT_NOTIFY",
          "listenerPath": "/run/l.sock", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}),
          "x86_64", SC_COMPAT_CRUN, 0, { { NULL, "write", {0}, NOTIFY } } },
        { "errnoRet on ALLOW: crun refuses", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "errnoRet": 5}]}),
          "x86_64", SC_COMPAT_CRUN, -EINVAL, { { 0 } } },
        { "errnoRet on ALLOW: runc ignores it", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["read"], "action": "SCMP_ACT_ALLOW", "errnoRet": 5}]}),
          "x86_64", SC_COMPAT_RUNC, 0, { { NULL, "read", {0}, ALLOW } } },
        { "unknown names skipped, default-action rules skipped", P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
          {"names": ["nosuchcall", "read"], "action": "SCMP_ACT_ALLOW"},
          {"names": ["read"], "action": "SCMP_ACT_ERRNO"}]}),
          "x86_64", SC_COMPAT_CRUN, 0, { { NULL, "read", {0}, ALLOW } } },
};

static uint32_t run_row(const struct sc_filter *f, const char *target,
                        const struct row *w, bool *ok)
{
        enum sc_arch a = sc_arch_from_name(w->arch ? w->arch : target);
        const struct sc_arch_info *info = sc_arch_info(a);
        struct sc_seccomp_data d = { .arch = info->audit_arch };
        uint32_t nr;

        *ok = true;
        if (w->call[0] == '#')
                d.nr = (uint32_t)strtoul(w->call + 1, NULL, 10);
        else if (sc_syscall_resolve(a, w->call, &nr) >= 0)
                d.nr = nr + info->nr_offset;
        else
                *ok = false;
        memcpy(d.args, w->args, sizeof(d.args));
        return sc_sim_run(f, &d, NULL);
}

static void test_table(void)
{
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const struct tcase *t = &cases[i];
                _cleanup_(sc_profile_freep) struct sc_profile *p = parse(t->profile);
                struct sc_compile_opts o;
                struct sc_diags d = { 0 };
                struct sc_filter *f = NULL;

                EXPECT_TRUE(p, "%s: profile does not parse", t->name);
                if (!p)
                        continue;
                sc_compile_opts_init(&o, sc_arch_from_name(t->target));
                o.compat = t->compat;
                int r = sc_compile(p, &o, &d, &f);
                EXPECT_TRUE(r == t->want_r, "%s: sc_compile %d, expected %d",
                            t->name, r, t->want_r);
                if (r < 0) {
                        EXPECT_TRUE(d.n_errors > 0, "%s: no error message", t->name);
                        sc_diags_clear(&d);
                        continue;
                }
                EXPECT_TRUE(sc_filter_check(f, NULL) == 0, "%s: invalid program",
                            t->name);
                for (size_t j = 0; j < ELEMENTSOF(t->rows) && t->rows[j].call; j++) {
                        bool ok;
                        uint32_t got = run_row(f, t->target, &t->rows[j], &ok);
                        EXPECT_TRUE(ok, "%s: row %zu: unknown syscall", t->name, j);
                        EXPECT_TRUE(got == t->rows[j].want,
                                    "%s: row %zu (%s %s): got 0x%x, expected 0x%x",
                                    t->name, j,
                                    t->rows[j].arch ? t->rows[j].arch : t->target,
                                    t->rows[j].call, got, t->rows[j].want);
                }
                sc_filter_free(f);
                sc_diags_clear(&d);
        }
}

/* Every syscall a real profile allows whatever the arguments must be
 * decided by seccomp_is_const_allow(), i.e. cached by Linux >= 5.11. */
static void test_cacheable(void)
{
        static const struct {
                const char *path;
                const char *target;
        } fx[] = {
                { "runtime-default/moby-default.json", "x86_64" },
                { "runtime-default/moby-default.json", "aarch64" },
                { "runtime-default/containers-common.json", "x86_64" },
                { "k8s/profiles/fine-grained.json", "x86_64" },
        };
        for (size_t i = 0; i < ELEMENTSOF(fx); i++) {
                _cleanup_free_ char *path = test_fixture_path(fx[i].path);
                size_t len;
                _cleanup_free_ char *buf = test_read_file(path, &len);
                struct sc_profile_set set = { 0 };
                struct sc_profile *p = NULL;
                enum sc_arch target = sc_arch_from_name(fx[i].target);
                ASSERT_TRUE(sc_profile_parse(buf, len, path, DOC_AUTO, NULL, &set) >= 0);
                if (sc_profile_is_extended(set.profiles[0])) {
                        struct sc_resolve_opts ro = { .target = target };
                        ASSERT_TRUE(sc_profile_resolve(set.profiles[0], &ro, NULL, &p) >= 0);
                } else {
                        p = sc_profile_dup(set.profiles[0]);
                }
                sc_profile_set_clear(&set);

                struct sc_compile_opts o;
                struct sc_filter *f = NULL;
                sc_compile_opts_init(&o, target);
                o.all_kernel_syscalls = true;
                ASSERT_EQ(sc_compile(p, &o, NULL, &f), 0);

                enum sc_arch *arches = NULL;
                size_t n = sc_profile_filter_arches(p, target, &arches);
                size_t checked = 0;
                for (size_t k = 0; k < n; k++) {
                        /* syscalls named in an unconditional ALLOW rule and in
                         * no rule with arguments */
                        for (size_t r = 0; r < p->n_rules; r++) {
                                const struct sc_rule *rule = &p->rules[r];
                                if (rule->action != SC_ACT_ALLOW || rule->n_args)
                                        continue;
                                for (size_t j = 0; j < rule->n_names; j++) {
                                        uint32_t nr;
                                        bool cond = false;
                                        if (sc_syscall_resolve(arches[k], rule->names[j], &nr) < 0)
                                                continue;
                                        for (size_t q = 0; q < p->n_rules; q++)
                                                for (size_t m = 0; m < p->rules[q].n_names; m++)
                                                        if (p->rules[q].n_args &&
                                                            streq(p->rules[q].names[m], rule->names[j]))
                                                                cond = true;
                                        if (cond)
                                                continue;
                                        const struct sc_arch_info *info = sc_arch_info(arches[k]);
                                        checked++;
                                        EXPECT_TRUE(sc_filter_const_allow(f, info->audit_arch,
                                                                          nr + info->nr_offset),
                                                    "%s@%s: %s on %s not cacheable", fx[i].path,
                                                    fx[i].target, rule->names[j], info->name);
                                }
                        }
                }
                EXPECT_TRUE(checked > 50, "%s: only %zu checked", fx[i].path, checked);
                /* and a conditional one is not "constant": personality */
                uint32_t nr;
                if (sc_syscall_resolve(target, "personality", &nr) >= 0 &&
                    strstr(fx[i].path, "moby"))
                        EXPECT_TRUE(!sc_filter_const_allow(f, sc_arch_info(target)->audit_arch, nr),
                                    "personality must not be constant");
                free(arches);
                sc_filter_free(f);
                sc_profile_free(p);
        }
}

static void test_too_big(void)
{
        /* 700 argument rules of 8 instructions each: over 4096 */
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [");
        for (int i = 0; i < 700; i++)
                strbuf_printf(&sb, "%s{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
                              "\"args\": [{\"index\": 0, \"value\": %d, \"op\": \"SCMP_CMP_EQ\"},"
                              "{\"index\": 1, \"value\": %d, \"op\": \"SCMP_CMP_EQ\"}]}",
                              i ? "," : "", i, i);
        strbuf_puts(&sb, "]}");
        _cleanup_free_ char *json = strbuf_steal(&sb);
        _cleanup_(sc_profile_freep) struct sc_profile *p = parse(json);
        ASSERT_TRUE(p);
        struct sc_compile_opts o;
        struct sc_diags d = { 0 };
        struct sc_filter *f = NULL;
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_compile(p, &o, &d, &f), -E2BIG);
        ASSERT_TRUE(d.n_errors == 1);
        ASSERT_TRUE(strstr(d.items[0].message, "4096") != NULL);
        sc_diags_clear(&d);
}

/* distinct high words: libseccomp shares no node between the rules */
static uint64_t val(int i)
{
        return ((uint64_t)i << 32) | (uint64_t)i;
}

static void test_long_jumps(void)
{
        /* argument blocks between the tree and the shared RETs push jumps
         * past 255: trampolines must keep every verdict right */
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [");
        for (int i = 0; i < 300; i++)
                strbuf_printf(&sb, "%s{\"names\": [\"%s\"], \"action\": \"SCMP_ACT_%s\", "
                              "\"args\": [{\"index\": 0, \"value\": %" PRIu64 ", \"op\": \"SCMP_CMP_EQ\"}]}",
                              i ? "," : "", sc_syscall_name(SC_ARCH_X86_64, (uint32_t)(i % 40)),
                              i % 3 ? "ALLOW" : "LOG", val(i));
        strbuf_puts(&sb, ", {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
        _cleanup_free_ char *json = strbuf_steal(&sb);
        _cleanup_(sc_profile_freep) struct sc_profile *p = parse(json);
        ASSERT_TRUE(p);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_compile(p, &o, NULL, &f), 0);
        ASSERT_TRUE(f->n > 600);
        ASSERT_EQ(sc_filter_check(f, NULL), 0);
        for (int i = 0; i < 300; i++) {
                struct sc_seccomp_data d = { .nr = (uint32_t)(i % 40),
                                             .arch = sc_arch_info(SC_ARCH_X86_64)->audit_arch,
                                             .args = { val(i) } };
                uint32_t want = i % 3 ? ALLOW : LOG;
                EXPECT_TRUE(sc_sim_run(f, &d, NULL) == want, "rule %d", i);
                d.args[0] = 1000;
                EXPECT_TRUE(sc_sim_run(f, &d, NULL) == ERRNO(1), "rule %d miss", i);
        }
        sc_filter_free(f);
}

static void test_golden_disasm(void)
{
        size_t len;
        _cleanup_free_ char *json = test_read_file("tests/golden/disasm/small.json", &len);
        _cleanup_(sc_profile_freep) struct sc_profile *p = parse(json);
        ASSERT_TRUE(p);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_compile(p, &o, NULL, &f), 0);
        _cleanup_free_ char *got = sc_disasm(f, false, 0);
        sc_filter_free(f);
        if (getenv("SC_UPDATE_GOLDEN")) {
                FILE *out = fopen("tests/golden/disasm/small.x86_64.txt", "we");
                ASSERT_TRUE(out);
                fputs(got, out);
                fclose(out);
        }
        _cleanup_free_ char *want = test_read_file("tests/golden/disasm/small.x86_64.txt", &len);
        ASSERT_STREQ(got, want);
}

/* issue 12: check names where libseccomp's tree departs from the literal
 * reading, with an input that shows it */
static void test_departures(void)
{
        static const struct {
                const char *json;
                const char *want; /* substring of the one warning; NULL: none */
        } dcases[] = {
                { P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                    {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97, "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_GE"}]},
                    {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_LE"}, {"index": 1, "value": 2048, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  "$.syscalls[0]: under runc and crun (libseccomp 2.5.4) socket(0, 0x800, ...) "
                  "gets SCMP_ACT_ERRNO(97) although no rule matches it (the profile says SCMP_ACT_ERRNO(1))" },
                { P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 3, "op": "SCMP_CMP_LT"}]},
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]}]}),
                  "gets SCMP_ACT_ERRNO(1) although no rule matches it (the profile says SCMP_ACT_ALLOW)" },
                /* moby's personality: equality rules of one action agree */
                { P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                    {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
                    {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}),
                  NULL },
        };
        for (size_t i = 0; i < ELEMENTSOF(dcases); i++) {
                _cleanup_(sc_profile_freep) struct sc_profile *p = parse(dcases[i].json);
                ASSERT_TRUE(p);
                struct sc_compile_opts o;
                struct sc_filter *f = NULL;
                struct sc_diags d = { 0 };
                sc_compile_opts_init(&o, SC_ARCH_X86_64);
                EXPECT_TRUE(sc_compile(p, &o, &d, &f) == 0, "case %zu compiles", i);
                size_t found = 0;
                for (size_t j = 0; j < d.n; j++) {
                        char *s = sc_diag_format(&d.items[j]);
                        if (strstr(s, "libseccomp 2.5.4")) {
                                found++;
                                EXPECT_TRUE(dcases[i].want && strstr(s, dcases[i].want),
                                            "case %zu: %s", i, s);
                        }
                        free(s);
                }
                EXPECT_TRUE(found == (dcases[i].want ? 1U : 0U), "case %zu: %zu warnings", i, found);
                sc_diags_clear(&d);
                sc_filter_free(f);
                /* --strict: an error, the filter is refused */
                o.departures_are_errors = true;
                f = NULL;
                int r = sc_compile(p, &o, &d, &f);
                EXPECT_TRUE(dcases[i].want ? r < 0 : r == 0, "case %zu strict: %d", i, r);
                sc_diags_clear(&d);
                sc_filter_free(f);
        }
}

int main(void)
{
        RUN(test_table);
        RUN(test_cacheable);
        RUN(test_too_big);
        RUN(test_long_jumps);
        RUN(test_golden_disasm);
        RUN(test_departures);
        return test_exit();
}
