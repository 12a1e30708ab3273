/* SPDX-License-Identifier: Apache-2.0 */
/* The audit record parser on every form of the line, and the recorder
 * that turns records into a profile. */
#include "auditlog.h"
#include "profile.h"
#include "recorder.h"
#include "syscalls.h"
#include "test.h"

#define ARCH_X86_64 0xc000003eU
#define ARCH_I386 0x40000003U

static const struct {
        const char *what, *line;
        int ret;
        uint32_t pid, uid, arch, code;
        int64_t nr;
        const char *comm, *exe;
        uint64_t ts, serial;
        bool compat;
} lines[] = {
        { "tutorial syslog line",
          "Jul 6 15:37:40 my-machine kernel: [369128.669452] audit: type=1326 audit(1594067860.484:14536): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e syscall=51 compat=0 ip=0x46fe1f code=0x7ffc0000",
          0, 29064, 0, ARCH_X86_64, 0x7ffc0000, 51, "http-echo", "/http-echo",
          1594067860484, 14536, false },
        { "dmesg line",
          "[  822.609149] audit: type=1326 audit(1795438882.768:9): auid=4294967295 uid=1000 gid=0 ses=4294967295 pid=6856 comm=\"nltest\" exe=\"/tmp/audit/nltest\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x7f2b87af84f7 code=0x7ffc0000\n",
          0, 6856, 1000, ARCH_X86_64, 0x7ffc0000, 110, "nltest",
          "/tmp/audit/nltest", 1795438882768, 9, false },
        { "netlink body",
          "audit(1795438882.7:10): auid=4294967295 uid=0 gid=0 ses=4294967295 subj=unconfined pid=1 comm=\"init\" exe=\"/sbin/init\" sig=0 arch=c000003e syscall=0 compat=0 ip=0x1 code=0x50001",
          0, 1, 0, ARCH_X86_64, 0x50001, 0, "init", "/sbin/init",
          1795438882700, 10, false },
        { "journal line",
          "Nov 23 12:00:00 host kernel: audit: type=1326 audit(1700000000.001:2): auid=1 uid=2 gid=3 ses=4 pid=5 comm=\"a=b\" exe=\"/x\" sig=31 arch=c000003e syscall=59 compat=0 ip=0x0 code=0x80000000",
          0, 5, 2, ARCH_X86_64, 0x80000000, 59, "a=b", "/x", 1700000000001, 2,
          false },
        { "auditd, hex comm/exe, enriched fields",
          "type=SECCOMP msg=audit(1700000000.123:45): auid=1000 uid=1000 gid=1000 ses=2 subj=unconfined pid=4242 comm=6D7920617070 exe=2F746D702F6D7920617070 sig=0 arch=40000003 syscall=102 compat=1 ip=0xf7f0b549 code=0x50000\x1d" "AUID=\"alice\" UID=\"alice\" GID=\"alice\" ARCH=i386 SYSCALL=socketcall",
          0, 4242, 1000, ARCH_I386, 0x50000, 102, "my app", "/tmp/my app",
          1700000000123, 45, true },
        { "auditd, quoted",
          "type=SECCOMP msg=audit(1.5:7): auid=0 uid=0 gid=0 ses=1 pid=9 comm=\"ls\" exe=\"/usr/bin/ls\" sig=0 arch=c000003e syscall=1073741863 compat=0 ip=0x1 code=0x7fc00000",
          0, 9, 0, ARCH_X86_64, 0x7fc00000, 1073741863, "ls", "/usr/bin/ls",
          1500, 7, false },
        { "exe (null), no code= (before Linux 3.7)",
          "audit: type=1326 audit(1.000:1): auid=0 uid=0 gid=0 ses=1 pid=2 comm=\"kthreadd\" exe=(null) sig=9 arch=c000003e syscall=1 compat=0 ip=0x1",
          0, 2, 0, ARCH_X86_64, 0, 1, "kthreadd", "", 1000, 1, false },
        { "other audit type", "audit: type=1300 audit(1.0:1): arch=c000003e syscall=59 success=yes",
          -ENOMSG },
        { "auditd SYSCALL record", "type=SYSCALL msg=audit(1.0:1): arch=c000003e syscall=59 success=yes exit=0",
          -ENOMSG },
        { "ordinary log line", "Jul 6 15:37:40 my-machine systemd[1]: Started foo.service.", -ENOMSG },
        { "empty", "", -ENOMSG },
        { "no arch", "audit: type=1326 audit(1.0:1): pid=1 comm=\"x\" syscall=1 code=0x0", -EINVAL },
        { "bad arch", "audit: type=1326 audit(1.0:1): pid=1 arch=zz syscall=1 code=0x0", -EINVAL },
        { "bad syscall", "audit: type=1326 audit(1.0:1): pid=1 arch=c000003e syscall=x1 code=0x0", -EINVAL },
        { "bad code", "audit: type=1326 audit(1.0:1): arch=c000003e syscall=1 code=0x1ffffffff", -EINVAL },
        { "unterminated quote", "audit: type=1326 audit(1.0:1): pid=1 comm=\"abc arch=c000003e syscall=1", -EINVAL },
        { "odd hex comm", "type=SECCOMP msg=audit(1.0:1): comm=ABC arch=c000003e syscall=1", -EINVAL },
        { "non-hex comm", "type=SECCOMP msg=audit(1.0:1): comm=ls arch=c000003e syscall=1", -EINVAL },
        { "no stamp", "audit: type=1326 arch=c000003e syscall=1 code=0x0", -EINVAL },
        { "bad stamp", "audit: type=1326 audit(1:1): arch=c000003e syscall=1 code=0x0", -EINVAL },
        { "truncated", "Jul 6 15:37:40 my-machine kernel: [369128.669452] audit: type=1326 audit(1594067860.484:14536): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" exe=\"/http-e",
          -EINVAL },
        { "pid out of range", "audit: type=1326 audit(1.0:1): pid=4294967296 arch=c000003e syscall=1", -EINVAL },
};

static void test_lines(void)
{
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
                struct sc_audit_record r;
                memset(&r, 0xaa, sizeof r);
                int ret = sc_audit_parse_line(lines[i].line, strlen(lines[i].line), &r);
                EXPECT_TRUE(ret == lines[i].ret, "%s: ret %d, expected %d",
                            lines[i].what, ret, lines[i].ret);
                if (ret != 0 || lines[i].ret != 0)
                        continue;
                EXPECT_TRUE(r.pid == lines[i].pid, "%s: pid %u", lines[i].what, r.pid);
                EXPECT_TRUE(r.uid == lines[i].uid, "%s: uid %u", lines[i].what, r.uid);
                EXPECT_TRUE(r.arch == lines[i].arch, "%s: arch %x", lines[i].what, r.arch);
                EXPECT_TRUE(r.code == lines[i].code, "%s: code %x", lines[i].what, r.code);
                EXPECT_TRUE(r.syscall == lines[i].nr, "%s: nr %lld", lines[i].what,
                            (long long)r.syscall);
                EXPECT_TRUE(strcmp(r.comm, lines[i].comm) == 0, "%s: comm '%s'",
                            lines[i].what, r.comm);
                EXPECT_TRUE(strcmp(r.exe, lines[i].exe) == 0, "%s: exe '%s'",
                            lines[i].what, r.exe);
                EXPECT_TRUE(r.timestamp_ms == lines[i].ts, "%s: ts %llu", lines[i].what,
                            (unsigned long long)r.timestamp_ms);
                EXPECT_TRUE(r.serial == lines[i].serial, "%s: serial %llu",
                            lines[i].what, (unsigned long long)r.serial);
                EXPECT_TRUE(r.compat == lines[i].compat, "%s: compat", lines[i].what);
        }
}

/* The parser is given lengths, not C strings: nothing past len counts. */
static void test_length_respected(void)
{
        const char *l = "audit(1.0:1): arch=c000003e syscall=12345 code=0x7ffc0000";
        struct sc_audit_record r;
        size_t cut = strlen(l) - strlen("45 code=0x7ffc0000");
        ASSERT_EQ(sc_audit_parse_line(l, cut, &r), 0);
        ASSERT_EQ(r.syscall, 123);
        ASSERT_EQ(r.code, 0); /* code= was cut off */
}

/* Long comm/exe values are truncated, not overflowed. */
static void test_truncation(void)
{
        char line[12000];
        int n = snprintf(line, sizeof line, "audit(1.0:1): comm=\"");
        for (int i = 0; i < 200; i++)
                line[n++] = 'c';
        n += snprintf(line + n, sizeof line - (size_t)n, "\" exe=");
        for (int i = 0; i < 5000; i++) {
                line[n++] = '4';
                line[n++] = '1';
        }
        n += snprintf(line + n, sizeof line - (size_t)n, " arch=c000003e syscall=1");
        struct sc_audit_record r;
        ASSERT_EQ(sc_audit_parse_line(line, (size_t)n, &r), 0);
        ASSERT_EQ(strlen(r.comm), sizeof r.comm - 1);
        ASSERT_EQ(strlen(r.exe), sizeof r.exe - 1);
        ASSERT_EQ(r.exe[0], 'A');
}

/* Who wrote the line (issue 18, item 2): only the kernel's forms count. */
#define BODY "audit(1.5:7): pid=9 comm=\"ls\" exe=\"/usr/bin/ls\" sig=0 arch=c000003e syscall=101 compat=0 ip=0x1 code=0x7ffc0000"
static const struct {
        const char *what, *line;
        int ret;
        int src_or_why;
} log_lines[] = {
        { "syslog kernel:", "Jul  6 20:37:40 host kernel: audit: type=1326 " BODY, 0, SC_AUDIT_SRC_SYSLOG },
        { "syslog kernel: [ts]", "Jul 6 15:37:40 my-machine kernel: [369128.669452] audit: type=1326 " BODY, 0, SC_AUDIT_SRC_SYSLOG },
        { "syslog RFC 3339", "2026-11-30T03:14:06.1+00:00 host kernel: audit: type=1326 " BODY, 0, SC_AUDIT_SRC_SYSLOG },
        { "syslog mallory", "Jul  6 20:37:40 host mallory[4242]: audit: type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_SYSLOG_TAG },
        { "syslog kernel[pid] (logger)", "Jul  6 20:37:40 host kernel[4242]: audit: type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_SYSLOG_TAG },
        { "syslog other program, other text", "Jul  6 20:37:40 host cron[1]: (root) CMD (true)", -ENOMSG, 0 },
        { "syslog kernel, other audit type", "Jul  6 20:37:40 host kernel: audit: type=1400 audit(1.5:7): apparmor=\"DENIED\" comm=\"type=1326\"", -ENOMSG, 0 },
        { "dmesg", "[  822.609149] audit: type=1326 " BODY, 0, SC_AUDIT_SRC_DMESG },
        { "dmesg -t", "audit: type=1326 " BODY, 0, SC_AUDIT_SRC_DMESG },
        { "dmesg -T", "[Mon Nov 30 03:14:06 2026] audit: type=1326 " BODY, 0, SC_AUDIT_SRC_DMESG },
        { "dmesg -r kern", "<5>[ 12.3] audit: type=1326 " BODY, 0, SC_AUDIT_SRC_DMESG },
        { "dmesg -r user", "<13>[ 12.3] audit: type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_USER_FACILITY },
        { "dmesg -x kern", "kern  :notice: [ 12.3] audit: type=1326 " BODY, 0, SC_AUDIT_SRC_DMESG },
        { "dmesg -x user", "user  :notice: [ 12.3] audit: type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_USER_FACILITY },
        { "kmsg kern", "5,1234,5678,-;audit: type=1326 " BODY, 0, SC_AUDIT_SRC_KMSG },
        { "kmsg user", "12,1234,5678,-;audit: type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_USER_FACILITY },
        { "auditd", "type=SECCOMP msg=" BODY, 0, SC_AUDIT_SRC_AUDITD },
        { "auditd node=", "node=h1 type=SECCOMP msg=" BODY, 0, SC_AUDIT_SRC_AUDITD },
        { "auditd SYSCALL", "type=SYSCALL msg=audit(1.0:1): arch=c000003e syscall=59 comm=\"type=1326\"", -ENOMSG, 0 },
        { "journal kernel", "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"audit: type=1326 audit(1.5:7): pid=9 arch=c000003e syscall=101 code=0x7ffc0000\"}", 0, SC_AUDIT_SRC_JOURNAL },
        { "journal kernel, byte array", "{\"MESSAGE\":[97,117,100,105,116,58,32,116,121,112,101,61,49,51,50,54,32,97,117,100,105,116,40,49,46,53,58,55,41,58,32,97,114,99,104,61,99,48,48,48,48,48,51,101,32,115,121,115,99,97,108,108,61,49,48,49],\"_TRANSPORT\":\"kernel\"}", 0, SC_AUDIT_SRC_JOURNAL },
        { "journal syslog", "{\"_TRANSPORT\":\"syslog\",\"MESSAGE\":\"audit: type=1326 audit(1.5:7): arch=c000003e syscall=101\"}", -EPERM, SC_AUDIT_UNTRUSTED_JOURNAL },
        { "journal no transport", "{\"MESSAGE\":\"audit: type=1326 audit(1.5:7): arch=c000003e syscall=101\"}", -EPERM, SC_AUDIT_UNTRUSTED_JOURNAL },
        { "journal kernel, malformed", "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"audit: type=1326 audit(1.5:7): syscall=101\"}", -EINVAL, 0 },
        { "bare type=1326", "type=1326 " BODY, -EPERM, SC_AUDIT_UNTRUSTED_FORMAT },
        { "netlink body alone", BODY, -ENOMSG, 0 },
        { "kernel form, malformed", "Jul  6 20:37:40 host kernel: audit: type=1326 audit(1.5:7): pid=9 syscall=101", -EINVAL, 0 },
};

static void test_log_lines(void)
{
        for (size_t i = 0; i < sizeof log_lines / sizeof log_lines[0]; i++) {
                struct sc_audit_record r;
                enum sc_audit_source src = _SC_AUDIT_SRC_MAX;
                enum sc_audit_untrusted why = _SC_AUDIT_UNTRUSTED_MAX;
                int ret = sc_audit_parse_log_line(log_lines[i].line, strlen(log_lines[i].line),
                                                  &r, &src, &why);
                EXPECT_TRUE(ret == log_lines[i].ret, "%s: ret %d, expected %d",
                            log_lines[i].what, ret, log_lines[i].ret);
                if (ret == 0 && log_lines[i].ret == 0) {
                        EXPECT_TRUE((int)src == log_lines[i].src_or_why, "%s: source %d",
                                    log_lines[i].what, src);
                        EXPECT_TRUE(r.syscall == 101, "%s: syscall %lld", log_lines[i].what,
                                    (long long)r.syscall);
                }
                if (ret == -EPERM && log_lines[i].ret == -EPERM)
                        EXPECT_TRUE((int)why == log_lines[i].src_or_why, "%s: why %d",
                                    log_lines[i].what, why);
        }
}

/* A line past SC_AUDIT_MAX_LINE is refused before it is parsed. */
static void test_log_line_too_long(void)
{
        size_t n = SC_AUDIT_MAX_LINE + 1;
        char *l = malloc(n);
        struct sc_audit_record r;
        enum sc_audit_source src;
        enum sc_audit_untrusted why;
        ASSERT_TRUE(l != NULL);
        memset(l, 'a', n);
        ASSERT_EQ(sc_audit_parse_log_line(l, n, &r, &src, &why), -E2BIG);
        free(l);
}

/* The unnamed-number bound: named entries are always kept. */
static void test_recorder_unnamed_bound(void)
{
        struct sc_recorder *rec = sc_recorder_new();
        sc_recorder_limit_unnamed(rec, 3);
        for (int64_t nr = 100000; nr < 100010; nr++)
                sc_recorder_add(rec, ARCH_X86_64, nr, NULL, 0x7ffc0000);
        sc_recorder_add(rec, ARCH_X86_64, 0, NULL, 0x7ffc0000);
        sc_recorder_add(rec, 0x1234, 0, NULL, 0x7ffc0000); /* unknown arch */
        ASSERT_EQ(sc_recorder_distinct(rec), 4);
        ASSERT_EQ_U64(sc_recorder_dropped(rec), 8);
        ASSERT_EQ_U64(sc_recorder_total(rec), 4);
        sc_recorder_free(rec);
}

static void test_action_from_ret(void)
{
        static const struct {
                uint32_t ret;
                enum sc_action a;
        } t[] = {
                { 0x7ffc0000, SC_ACT_LOG },     { 0x00050001, SC_ACT_ERRNO },
                { 0x80000000, SC_ACT_KILL_PROCESS }, { 0x0, SC_ACT_KILL_THREAD },
                { 0x00030000, SC_ACT_TRAP },    { 0x7ff00005, SC_ACT_TRACE },
                { 0x7fc00000, SC_ACT_NOTIFY },  { 0x7fff0000, SC_ACT_ALLOW },
                { 0x12340000, SC_ACT_KILL_PROCESS },
        };
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
                EXPECT_TRUE(sc_action_from_ret(t[i].ret) == t[i].a, "ret %x", t[i].ret);
}

static bool rule_has(const struct sc_rule *r, const char *name)
{
        for (size_t i = 0; i < r->n_names; i++)
                if (strcmp(r->names[i], name) == 0)
                        return true;
        return false;
}

/* The tutorial's lines, through the recorder, give the tutorial's names. */
static void test_recorder_tutorial(void)
{
        static const int64_t nrs[] = { 51, 54, 202, 288, 0, 270, 270, 202 };
        struct sc_recorder *rec = sc_recorder_new();
        for (size_t i = 0; i < sizeof nrs / sizeof nrs[0]; i++)
                sc_recorder_add(rec, ARCH_X86_64, nrs[i], NULL, 0x7ffc0000);
        ASSERT_EQ(sc_recorder_total(rec), 8);
        ASSERT_EQ(sc_recorder_distinct(rec), 6);

        const struct sc_recorder_entry **v = NULL;
        size_t n = sc_recorder_entries(rec, &v);
        static const char *const want[] = { "accept4", "futex", "getsockname",
                                            "pselect6", "read", "setsockopt" };
        ASSERT_EQ(n, 6);
        for (size_t i = 0; i < n; i++) {
                EXPECT_TRUE(v[i]->name && strcmp(v[i]->name, want[i]) == 0,
                            "entry %zu: %s", i, v[i]->name ? v[i]->name : "(null)");
                EXPECT_TRUE(v[i]->actions == 1U << SC_ACT_LOG, "actions %x", v[i]->actions);
                EXPECT_TRUE(v[i]->n_codes == 1 && v[i]->codes[0] == 0x7ffc0000,
                            "codes of %s", v[i]->name);
        }
        ASSERT_EQ(v[1]->count, 2); /* futex */
        free(v);

        struct sc_profile *p = sc_recorder_profile(rec);
        ASSERT_EQ(p->default_action, SC_ACT_ERRNO);
        ASSERT_EQ(p->n_arches, 1);
        ASSERT_EQ(p->arches[0], SC_ARCH_X86_64);
        ASSERT_EQ(p->n_rules, 1);
        ASSERT_EQ(p->rules[0].action, SC_ACT_ALLOW);
        ASSERT_EQ(p->rules[0].n_names, 6);
        for (size_t i = 0; i < 6; i++)
                ASSERT_STREQ(p->rules[0].names[i], want[i]);
        sc_profile_free(p);
        sc_recorder_free(rec);
}

/* x32 numbers carry bit 30 on AUDIT_ARCH_X86_64; i386 is its own arch;
 * unknown arches and numbers are kept out of the profile. */
static void test_recorder_arches(void)
{
        struct sc_recorder *rec = sc_recorder_new();
        uint32_t x32_getpid, i386_uname;
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X32, "getpid", &x32_getpid), 0);
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86, "uname", &i386_uname), 0);
        sc_recorder_add(rec, ARCH_X86_64, (int64_t)(x32_getpid | 0x40000000U), NULL, 0);
        sc_recorder_add(rec, ARCH_I386, i386_uname, NULL, 0);
        sc_recorder_add(rec, ARCH_X86_64, 59, NULL, 0);
        sc_recorder_add(rec, 0x12345678, 1, NULL, 0);     /* unknown arch */
        sc_recorder_add(rec, ARCH_X86_64, 99999, NULL, 0); /* unknown nr */
        sc_recorder_add(rec, ARCH_X86_64, -1, NULL, 0);

        struct sc_profile *p = sc_recorder_profile(rec);
        ASSERT_EQ(p->n_arches, 3);
        ASSERT_EQ(p->arches[0], SC_ARCH_X86_64); /* native first */
        ASSERT_EQ(p->arches[1], SC_ARCH_X86);
        ASSERT_EQ(p->arches[2], SC_ARCH_X32);
        ASSERT_EQ(p->n_rules, 1);
        ASSERT_EQ(p->rules[0].n_names, 3);
        ASSERT_STREQ(p->rules[0].names[0], "execve");
        ASSERT_STREQ(p->rules[0].names[1], "getpid");
        ASSERT_STREQ(p->rules[0].names[2], "uname");
        sc_profile_free(p);

        const struct sc_recorder_entry **v = NULL;
        size_t n = sc_recorder_entries(rec, &v), unnamed = 0;
        for (size_t i = 0; i < n; i++)
                unnamed += v[i]->name == NULL;
        ASSERT_EQ(unnamed, 3);
        free(v);
        sc_recorder_free(rec);
}

/* --args: exact conditions per distinct tuple, a fallback past the cap. */
static void test_recorder_args(void)
{
        struct sc_recorder *rec = sc_recorder_new();
        const char *bad = NULL;
        uint32_t nr_socket, nr_pers, nr_clone;

        ASSERT_EQ(sc_recorder_parse_args_spec(rec, "socket:0:1,personality,clone", &bad), 0);
        ASSERT_EQ(sc_recorder_parse_args_spec(rec, "nosuchcall", &bad), -ENOENT);
        ASSERT_STREQ(bad, "nosuchcall");
        ASSERT_EQ(sc_recorder_parse_args_spec(rec, "socket:9", &bad), -EINVAL);
        ASSERT_EQ(sc_recorder_parse_args_spec(rec, ",", &bad), -EINVAL);
        ASSERT_TRUE(sc_recorder_tracks(rec, "socket"));
        ASSERT_TRUE(!sc_recorder_tracks(rec, "read"));

        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "socket", &nr_socket), 0);
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "personality", &nr_pers), 0);
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "clone", &nr_clone), 0);
        uint64_t a1[6] = { 2, 1, 0, 77, 77, 77 }, a2[6] = { 1, 1, 0, 5, 5, 5 };
        uint64_t a3[6] = { 2, 1, 6, 0, 0, 0 }; /* same tracked args as a1 */
        sc_recorder_add(rec, ARCH_X86_64, nr_socket, a1, SC_RET_TRACE);
        sc_recorder_add(rec, ARCH_X86_64, nr_socket, a2, SC_RET_TRACE);
        sc_recorder_add(rec, ARCH_X86_64, nr_socket, a3, SC_RET_TRACE);
        for (uint64_t k = 0; k < SC_RECORDER_MAX_VALUES + 1; k++) {
                uint64_t a[6] = { k };
                sc_recorder_add(rec, ARCH_X86_64, nr_pers, a, SC_RET_TRACE);
        }
        /* clone seen in an audit record (no arguments): unconditional. */
        sc_recorder_add(rec, ARCH_X86_64, nr_clone, NULL, SC_RET_LOG);
        sc_recorder_add(rec, ARCH_X86_64, 0, a1, SC_RET_TRACE);
        /* Distinct return values are kept, errno included, up to the cap. */
        for (uint32_t k = 0; k < 20; k++)
                sc_recorder_add(rec, ARCH_X86_64, 0, NULL, SC_RET_ERRNO | (k % 10));
        const struct sc_recorder_entry **v = NULL;
        size_t nv = sc_recorder_entries(rec, &v);
        ASSERT_EQ(nv, 4);
        ASSERT_STREQ(v[2]->name, "read");
        ASSERT_EQ(v[2]->n_codes, SC_RECORDER_MAX_CODES);
        ASSERT_EQ(v[2]->codes[0], SC_RET_TRACE);
        ASSERT_EQ(v[2]->codes[1], SC_RET_ERRNO);
        ASSERT_EQ(v[2]->codes[7], SC_RET_ERRNO | 6);
        ASSERT_EQ(v[2]->actions, (1U << SC_ACT_TRACE) | (1U << SC_ACT_ERRNO));
        free(v);

        struct sc_profile *p = sc_recorder_profile(rec);
        ASSERT_EQ(p->n_rules, 3);
        ASSERT_EQ(p->rules[0].n_args, 0);
        ASSERT_EQ(p->rules[0].n_names, 3);
        ASSERT_TRUE(rule_has(&p->rules[0], "clone"));
        ASSERT_TRUE(rule_has(&p->rules[0], "personality"));
        ASSERT_TRUE(rule_has(&p->rules[0], "read"));
        /* socket: two tuples, sorted, arguments 0 and 1 only. */
        for (size_t i = 1; i < 3; i++) {
                ASSERT_EQ(p->rules[i].n_names, 1);
                ASSERT_STREQ(p->rules[i].names[0], "socket");
                ASSERT_EQ(p->rules[i].n_args, 2);
                ASSERT_EQ(p->rules[i].args[0].index, 0);
                ASSERT_EQ(p->rules[i].args[1].index, 1);
                ASSERT_EQ(p->rules[i].args[0].op, SC_OP_EQ);
                ASSERT_EQ(p->rules[i].args[1].value, 1);
        }
        ASSERT_EQ(p->rules[1].args[0].value, 1);
        ASSERT_EQ(p->rules[2].args[0].value, 2);
        sc_profile_free(p);
        sc_recorder_free(rec);
}

/* The eBPF hand-over: totals counted in the kernel (sc_recorder_count)
 * and the distinct argument tuples apart (sc_recorder_add_n with n = 0)
 * give the profile the per-call path gives; a count without tuples keeps
 * exact conditions possible, sc_recorder_add_n without arguments gives
 * them up (tuples lost in the kernel). */
static void test_recorder_counted(void)
{
        uint32_t nr_socket, nr_pers;
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "socket", &nr_socket), 0);
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "personality", &nr_pers), 0);
        uint64_t a1[6] = { 2 }, a2[6] = { 10 };
        struct sc_recorder *one = sc_recorder_new(), *bulk = sc_recorder_new();
        ASSERT_EQ(sc_recorder_parse_args_spec(one, "socket,personality", NULL), 0);
        ASSERT_EQ(sc_recorder_parse_args_spec(bulk, "socket,personality", NULL), 0);
        for (int k = 0; k < 3; k++)
                sc_recorder_add(one, ARCH_X86_64, nr_socket, k ? a1 : a2, SC_RET_ALLOW);
        sc_recorder_add(one, ARCH_X86_64, 0, NULL, SC_RET_ALLOW);
        sc_recorder_add(one, ARCH_X86_64, 0, NULL, SC_RET_ALLOW);

        sc_recorder_add_n(bulk, ARCH_X86_64, nr_socket, a1, SC_RET_ALLOW, 0);
        sc_recorder_add_n(bulk, ARCH_X86_64, nr_socket, a2, SC_RET_ALLOW, 0);
        sc_recorder_count(bulk, ARCH_X86_64, nr_socket, SC_RET_ALLOW, 3);
        sc_recorder_count(bulk, ARCH_X86_64, 0, SC_RET_ALLOW, 2);
        ASSERT_EQ(sc_recorder_total(bulk), 5);
        ASSERT_EQ(sc_recorder_total(one), 5);

        struct sc_profile *p1 = sc_recorder_profile(one), *p2 = sc_recorder_profile(bulk);
        char *j1 = sc_profile_to_json(p1, 0), *j2 = sc_profile_to_json(p2, 0);
        ASSERT_STREQ(j1, j2);
        ASSERT_EQ(p2->n_rules, 3); /* read; socket == 2; socket == 10 */
        free(j1);
        free(j2);
        sc_profile_free(p1);
        sc_profile_free(p2);

        /* Tuples lost: personality counted without them is unconditional. */
        sc_recorder_add_n(bulk, ARCH_X86_64, nr_pers, NULL, SC_RET_ALLOW, 4);
        p2 = sc_recorder_profile(bulk);
        ASSERT_TRUE(rule_has(&p2->rules[0], "personality"));
        ASSERT_EQ(p2->rules[0].n_args, 0);
        sc_profile_free(p2);

        /* The --args selection is listed for the kernel-side filter. */
        size_t i = 0, n = 0;
        const char *name;
        uint32_t mask;
        while (sc_recorder_tracked_next(bulk, &i, &name, &mask)) {
                ASSERT_EQ(mask, 1);
                n++;
        }
        ASSERT_EQ(n, 2);
        sc_recorder_free(one);
        sc_recorder_free(bulk);
}

/* Many distinct numbers: the table grows without losing any (the bound
 * on unnamed numbers lifted; test_recorder_unnamed_bound covers it). */
static void test_recorder_growth(void)
{
        struct sc_recorder *rec = sc_recorder_new();
        sc_recorder_limit_unnamed(rec, SIZE_MAX);
        for (int round = 0; round < 3; round++)
                for (int64_t nr = 0; nr < 5000; nr++)
                        sc_recorder_add(rec, ARCH_X86_64, nr, NULL, 0);
        ASSERT_EQ(sc_recorder_distinct(rec), 5000);
        ASSERT_EQ(sc_recorder_total(rec), 15000);
        const struct sc_recorder_entry **v = NULL;
        size_t n = sc_recorder_entries(rec, &v);
        ASSERT_EQ(n, 5000);
        for (size_t i = 0; i < n; i++)
                EXPECT_TRUE(v[i]->count == 3, "nr %lld count %llu", (long long)v[i]->nr,
                            (unsigned long long)v[i]->count);
        free(v);
        sc_recorder_free(rec);
}

int main(void)
{
        RUN(test_lines);
        RUN(test_log_lines);
        RUN(test_log_line_too_long);
        RUN(test_recorder_unnamed_bound);
        RUN(test_length_respected);
        RUN(test_truncation);
        RUN(test_action_from_ret);
        RUN(test_recorder_tutorial);
        RUN(test_recorder_arches);
        RUN(test_recorder_args);
        RUN(test_recorder_growth);
        RUN(test_recorder_counted);
        return test_exit();
}
