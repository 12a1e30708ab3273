/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decompiler: for every fixture profile and hand-written ones with
 * argument conditions (EQ, NE, LT/LE/GT/GE, MASKED_EQ, 64-bit values,
 * two arguments ANDed), compile -> decompile -> compile must give a
 * program equal to the original on the differential grid, under runc
 * (ENOSYS stub) and crun semantics.  Stacked filters follow the kernel's
 * precedence; the grid comparison itself is checked to find the exact
 * syscalls of a wrong profile.  Programs libseccomp 2.5.4 itself wrote
 * (linear and binary-tree forms, x86_64 and aarch64) decompile exactly
 * too.
 */
#include "test.h"
#include "compare.h"
#include "decompile.h"
#include "syscalls.h"
#include "../../bench/scmp-ref.h"

static struct sc_profile *parse_text(const char *text, const char *file,
                                     enum sc_arch target)
{
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { 0 };
        struct sc_profile *p = NULL;

        if (sc_profile_parse(text, strlen(text), file, DOC_AUTO, &d, &set) < 0 ||
            set.n < 1) {
                for (size_t i = 0; i < d.n; i++) {
                        _cleanup_free_ char *s = sc_diag_format(&d.items[i]);
                        fprintf(stderr, "%s\n", s);
                }
                sc_diags_clear(&d);
                sc_profile_set_clear(&set);
                return NULL;
        }
        if (sc_profile_is_extended(set.profiles[0])) {
                struct sc_resolve_opts ro = { .target = target };
                if (sc_profile_resolve(set.profiles[0], &ro, &d, &p) < 0)
                        p = NULL;
        } else {
                p = TAKE_PTR(set.profiles[0]);
        }
        sc_profile_set_clear(&set);
        sc_diags_clear(&d);
        return p;
}

static struct sc_profile *load(const char *rel, enum sc_arch target)
{
        _cleanup_free_ char *path = test_fixture_path(rel);
        _cleanup_free_ char *buf = test_read_file(path, NULL);
        return parse_text(buf, path, target);
}

static struct sc_filter *compile(const struct sc_profile *p,
                                 enum sc_compat compat)
{
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        struct sc_diags d = { 0 };
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        o.compat = compat;
        if (sc_compile(p, &o, &d, &f) < 0)
                f = NULL;
        sc_diags_clear(&d);
        return f;
}

/* compile -> decompile -> compile; returns the differences. */
static size_t round_trip(const struct sc_profile *p, enum sc_compat compat,
                         bool print)
{
        _cleanup_(sc_filter_freep) struct sc_filter *f = compile(p, compat);
        struct sc_decompile_opts o;
        struct sc_decompile_result res = { 0 };
        struct sc_diags d = { 0 };

        if (!f)
                return SIZE_MAX;
        const struct sc_filter *one[1] = { f };
        struct sc_filter_stack s = { one, 1 };
        sc_decompile_opts_init(&o, SC_ARCH_X86_64);
        o.compat = compat;
        o.auto_compat = false;
        if (sc_decompile(&s, &o, &d, &res) < 0) {
                sc_diags_clear(&d);
                return SIZE_MAX;
        }
        size_t diffs = res.n_diffs;
        /* compare again, independently of the decompiler's own check */
        _cleanup_(sc_filter_freep) struct sc_filter *g =
                compile(res.profile, compat);
        if (!g) {
                diffs = SIZE_MAX;
        } else {
                const struct sc_filter *two[1] = { g };
                struct sc_filter_stack b = { two, 1 };
                size_t checked = 0;
                size_t again = sc_stack_compare(&s, &b, SC_ARCH_X86_64, NULL,
                                                NULL, &checked);
                if (again != diffs || checked < 1000)
                        diffs = SIZE_MAX - 1;
        }
        if (print) {
                _cleanup_free_ char *json =
                        sc_profile_to_json(res.profile, SC_JSON_PRETTY);
                fprintf(stderr, "%s\n(diffs %zu, checked %zu)\n", json, diffs,
                        res.n_checked);
        }
        sc_decompile_result_clear(&res);
        sc_diags_clear(&d);
        return diffs;
}

static void test_fixtures(void)
{
        static const char *const files[] = {
                "runtime-default/moby-default-resolved-x86_64.json",
                "runtime-default/moby-default.json",
                "runtime-default/containers-common.json",
                "k8s/profiles/audit.json",
                "k8s/profiles/violation.json",
                "k8s/profiles/fine-grained.json",
        };
        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                struct sc_profile *p = load(files[i], SC_ARCH_X86_64);
                EXPECT_TRUE(p, "cannot load %s", files[i]);
                if (!p)
                        continue;
                for (int c = SC_COMPAT_RUNC; c <= SC_COMPAT_CRUN; c++) {
                        size_t diffs = round_trip(p, (enum sc_compat)c, false);
                        EXPECT_TRUE(diffs == 0, "%s (%s): %zu differences",
                                    files[i], c ? "crun" : "runc", diffs);
                }
                sc_profile_free(p);
        }
}

static void test_conditions(void)
{
        static const char *const cases[] = {
                /* EQ and NE, several values, 64-bit */
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\"],"
                "\"syscalls\":[{\"names\":[\"read\",\"write\",\"exit_group\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]},"
                "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":4294967295,\"op\":\"SCMP_CMP_EQ\"}]},"
                "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":40,\"op\":\"SCMP_CMP_NE\"}]},"
                "{\"names\":[\"mmap\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1,\"value\":4294967300,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                /* ordered comparisons and a mask; two args ANDed */
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13,\"args\":[{\"index\":1,\"value\":9,\"op\":\"SCMP_CMP_GE\"}]},"
                "{\"names\":[\"tkill\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":1,\"value\":9,\"op\":\"SCMP_CMP_LT\"}]},"
                "{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,\"args\":[{\"index\":0,\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]},"
                "{\"names\":[\"ioctl\"],\"action\":\"SCMP_ACT_LOG\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},{\"index\":1,\"value\":21505,\"op\":\"SCMP_CMP_EQ\"}]},"
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"},"
                "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_TRAP\"},"
                "{\"names\":[\"uname\"],\"action\":\"SCMP_ACT_TRACE\",\"errnoRet\":7}]}",
                /* 64-bit GT with high and low words both set */
                "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"syscalls\":["
                "{\"names\":[\"read\",\"exit_group\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                "{\"names\":[\"lseek\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1,\"value\":8589934597,\"op\":\"SCMP_CMP_GT\"}]},"
                "{\"names\":[\"pread64\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":3,\"value\":8589934597,\"op\":\"SCMP_CMP_LE\"}]}]}",
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                struct sc_profile *p = parse_text(cases[i], "case.json",
                                                  SC_ARCH_X86_64);
                EXPECT_TRUE(p, "case %zu does not parse", i);
                if (!p)
                        continue;
                for (int c = SC_COMPAT_RUNC; c <= SC_COMPAT_CRUN; c++) {
                        size_t diffs = round_trip(p, (enum sc_compat)c,
                                                  getenv("SC_DECOMPILE_PRINT"));
                        EXPECT_TRUE(diffs == 0, "case %zu (%s): %zu differences",
                                    i, c ? "crun" : "runc", diffs);
                }
                sc_profile_free(p);
        }
}

/* Two filters: the result per (arch, nr) is the most restrictive, and on
 * equal actions the newest filter's data. */
static void test_stack(void)
{
        struct sc_profile *old = parse_text(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":11},"
                "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_LOG\"},"
                "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}",
                "old.json", SC_ARCH_X86_64);
        struct sc_profile *new = parse_text(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"getpid\",\"getuid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":22},"
                "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_TRAP\"},"
                "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
                "new.json", SC_ARCH_X86_64);
        struct sc_profile *want = parse_text(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"getpid\",\"getuid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":22},"
                "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_TRAP\"},"
                "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}",
                "want.json", SC_ARCH_X86_64);
        ASSERT_TRUE(old && new && want);
        _cleanup_(sc_filter_freep) struct sc_filter *fo =
                compile(old, SC_COMPAT_RUNC);
        _cleanup_(sc_filter_freep) struct sc_filter *fn =
                compile(new, SC_COMPAT_RUNC);
        _cleanup_(sc_filter_freep) struct sc_filter *fw =
                compile(want, SC_COMPAT_RUNC);
        ASSERT_TRUE(fo && fn && fw);

        const struct sc_filter *stack[2] = { fn, fo }; /* newest first */
        struct sc_filter_stack s = { stack, 2 };
        uint32_t nr;
        ASSERT_TRUE(sc_syscall_resolve(SC_ARCH_X86_64, "getpid", &nr) == 0);
        struct sc_seccomp_data d = { .nr = nr, .arch = 0xc000003eU };
        ASSERT_EQ_U64(sc_stack_run(&s, &d), SC_RET_ERRNO | 22);

        struct sc_decompile_opts o;
        struct sc_decompile_result res = { 0 };
        sc_decompile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_TRUE(sc_decompile(&s, &o, NULL, &res) == 0);
        ASSERT_EQ(res.n_diffs, 0);
        const struct sc_filter *w[1] = { fw };
        struct sc_filter_stack ws = { w, 1 };
        ASSERT_EQ(sc_stack_compare(&s, &ws, SC_ARCH_X86_64, NULL, NULL, NULL),
                  0);
        sc_decompile_result_clear(&res);
        sc_profile_free(old);
        sc_profile_free(new);
        sc_profile_free(want);
}

/* An interval inside the range ([10, 19] ERRNO, [20, max] KILL_PROCESS,
 * the rest ALLOW) needs two conditions on one argument, which runc would
 * OR: it is written as MASKED_EQ rules over aligned blocks instead. */
static void test_interior_interval(void)
{
        struct sc_profile *a = parse_text(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
                "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":1,\"value\":10,\"op\":\"SCMP_CMP_GE\"}]}]}",
                "a.json", SC_ARCH_X86_64);
        struct sc_profile *b = parse_text(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"kill\"],"
                "\"action\":\"SCMP_ACT_KILL_PROCESS\",\"args\":[{\"index\":1,\"value\":20,\"op\":\"SCMP_CMP_GE\"}]}]}",
                "b.json", SC_ARCH_X86_64);
        ASSERT_TRUE(a && b);
        _cleanup_(sc_filter_freep) struct sc_filter *fa = compile(a, SC_COMPAT_RUNC);
        _cleanup_(sc_filter_freep) struct sc_filter *fb = compile(b, SC_COMPAT_RUNC);
        ASSERT_TRUE(fa && fb);
        const struct sc_filter *run[2] = { fb, fa };
        struct sc_filter_stack s = { run, 2 };
        struct sc_decompile_opts o;
        struct sc_decompile_result res = { 0 };
        sc_decompile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_decompile(&s, &o, NULL, &res), 0);
        ASSERT_EQ(res.n_diffs, 0);
        size_t masked = 0;
        for (size_t i = 0; i < res.profile->n_rules; i++)
                if (res.profile->rules[i].n_args == 1 &&
                    res.profile->rules[i].args[0].op == SC_OP_MASKED_EQ)
                        masked++;
        ASSERT_EQ(masked, 3); /* [10,11] [12,15] [16,19] */
        sc_decompile_result_clear(&res);
        sc_profile_free(a);
        sc_profile_free(b);
}

struct seen {
        uint64_t pts[16]; /* audit << 32 | nr */
        size_t n;
};

static void note_diff(const struct sc_verdict_diff *d, void *ud)
{
        struct seen *s = ud;
        uint64_t pt = ((uint64_t)d->audit_arch << 32) | d->nr;
        for (size_t i = 0; i < s->n; i++)
                if (s->pts[i] == pt)
                        return;
        if (s->n < ELEMENTSOF(s->pts))
                s->pts[s->n++] = pt;
}

static bool seen_has(const struct seen *s, enum sc_arch a, const char *name)
{
        const struct sc_arch_info *info = sc_arch_info(a);
        uint32_t nr;
        if (sc_syscall_resolve(a, name, &nr) < 0)
                return false;
        uint64_t pt = ((uint64_t)info->audit_arch << 32) | (nr + info->nr_offset);
        for (size_t i = 0; i < s->n; i++)
                if (s->pts[i] == pt)
                        return true;
        return false;
}

/* A wrong profile: exactly the changed syscalls differ. */
static void test_compare_finds(void)
{
        struct sc_profile *a = load("k8s/profiles/fine-grained.json",
                                    SC_ARCH_X86_64);
        ASSERT_TRUE(a);
        /* a deep copy without one allowed name */
        struct sc_profile *b = sc_profile_dup(a);
        struct sc_rule *r = NULL;
        for (size_t i = 0; i < b->n_rules && !r; i++)
                if (b->rules[i].action == SC_ACT_ALLOW && b->rules[i].n_names > 1)
                        r = &b->rules[i];
        ASSERT_TRUE(r);
        _cleanup_free_ char *dropped = r->names[r->n_names - 1];
        r->n_names--;
        _cleanup_(sc_filter_freep) struct sc_filter *fa =
                compile(a, SC_COMPAT_RUNC);
        _cleanup_(sc_filter_freep) struct sc_filter *fb =
                compile(b, SC_COMPAT_RUNC);
        ASSERT_TRUE(fa && fb);
        const struct sc_filter *x[1] = { fa }, *y[1] = { fb };
        struct sc_filter_stack sa = { x, 1 }, sb = { y, 1 };
        struct seen seen = { 0 };
        size_t n = sc_stack_compare(&sa, &sb, SC_ARCH_X86_64, note_diff, &seen,
                                    NULL);
        /* the profile lists x86_64, x86 and x32: the name's number on each */
        ASSERT_TRUE(n >= 3);
        ASSERT_EQ(seen.n, 3);
        ASSERT_TRUE(seen_has(&seen, SC_ARCH_X86_64, dropped));
        ASSERT_TRUE(seen_has(&seen, SC_ARCH_X86, dropped));
        ASSERT_TRUE(seen_has(&seen, SC_ARCH_X32, dropped));
        sc_profile_free(a);
        sc_profile_free(b);
}

/* libseccomp's own programs, as crun would load them (no stub). */
static void test_libseccomp(void)
{
        static const struct {
                const char *file;
                enum sc_arch target;
        } cases[] = {
                { "k8s/profiles/fine-grained.json", SC_ARCH_X86_64 },
                { "runtime-default/moby-default.json", SC_ARCH_X86_64 },
                { "runtime-default/moby-default.json", SC_ARCH_AARCH64 },
                { "runtime-default/containers-common.json", SC_ARCH_X86_64 },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                for (int opt = 0; opt <= 2; opt += 2) {
                        struct sc_profile *p = load(cases[i].file, cases[i].target);
                        scmp_filter_ctx ctx = NULL;
                        struct sc_filter *f = NULL;
                        EXPECT_TRUE(p, "cannot load %s", cases[i].file);
                        if (!p)
                                continue;
                        if (ref_build(p, cases[i].target, opt, &ctx) < 0 ||
                            ref_export(ctx, sc_arch_info(cases[i].target)->big_endian, &f) < 0) {
                                TEST_FAIL("%s: libseccomp cannot build it", cases[i].file);
                                seccomp_release(ctx);
                                sc_profile_free(p);
                                continue;
                        }
                        seccomp_release(ctx);
                        const struct sc_filter *one[1] = { f };
                        struct sc_filter_stack s = { one, 1 };
                        struct sc_decompile_opts o;
                        struct sc_decompile_result res = { 0 };
                        sc_decompile_opts_init(&o, cases[i].target);
                        o.compat = SC_COMPAT_CRUN;
                        o.auto_compat = false;
                        int r = sc_decompile(&s, &o, NULL, &res);
                        EXPECT_TRUE(r == 0 && res.n_diffs == 0 &&
                                            res.target == cases[i].target,
                                    "%s (%s, optimize %d): r=%d, %zu differences",
                                    cases[i].file,
                                    sc_arch_info(cases[i].target)->name, opt, r,
                                    res.n_diffs);
                        sc_decompile_result_clear(&res);
                        sc_filter_free(f);
                        sc_profile_free(p);
                }
        }
}

static void test_reject(void)
{
        struct sc_insn bad[1] = { { .code = SC_BPF_LD | SC_BPF_W | SC_BPF_ABS,
                                    .k = 1000 } };
        struct sc_filter f = { bad, 1 };
        const struct sc_filter *one[1] = { &f };
        struct sc_filter_stack s = { one, 1 };
        struct sc_decompile_opts o;
        struct sc_decompile_result res = { 0 };
        sc_decompile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_decompile(&s, &o, NULL, &res), -EINVAL);
        s.n = 0;
        ASSERT_EQ(sc_decompile(&s, &o, NULL, &res), -EINVAL);
}

#define P(...) #__VA_ARGS__
/* map_shadow_stack: a syscall of x86_64 and x32 that libseccomp 2.5.4
 * knows on x86_64 only */
#define SHADOW_STACK                                                          \
        P({"defaultAction": "SCMP_ACT_ERRNO",                                 \
           "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86",             \
                             "SCMP_ARCH_X32"],                                \
           "syscalls": [{"names": ["read", "map_shadow_stack"],               \
                         "action": "SCMP_ACT_ALLOW"}]})

/* The warnings of an inexact result, each said once: from the chosen
 * candidate's own diagnostics (no second pass rebuilds it), and the names
 * libseccomp 2.5.4 does not know, from data/syscalls.tsv (not from the
 * compiler's message text).  new_names: compiled with every kernel
 * syscall, as a newer libseccomp would write it; overlay: a second filter
 * for x86 alone on top (other arches pass it).  All under crun semantics
 * (runc's stub would count the new names too, another difference). */
static void test_warnings(void)
{
        static const struct {
                const char *name, *profile, *overlay;
                bool new_names;
                const char *want[3]; /* substrings of the warnings, in order */
        } cases[] = {
                { "exact: no warnings",
                  P({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                     "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}),
                  NULL, true, { NULL } },
                { "names libseccomp 2.5.4 does not know",
                  P({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                     "syscalls": [{"names": ["read", "mseal", "statmount"], "action": "SCMP_ACT_ALLOW"}]}),
                  NULL, true,
                  { "the filter acts on 2 syscalls libseccomp 2.5.4 does not know (mseal, statmount)",
                    "the profile answers otherwise than the filter for 2 syscalls: mseal, statmount" } },
                { "known on x86_64, not on x32", SHADOW_STACK, NULL, true,
                  { "the filter acts on 1 syscalls libseccomp 2.5.4 does not know (map_shadow_stack)",
                    "the profile answers otherwise than the filter for 1 syscalls: x32:map_shadow_stack" } },
                { "an arch difference the compiler makes too is no news",
                  SHADOW_STACK, NULL, false, { NULL } },
                { "an arch difference no profile states",
                  P({"defaultAction": "SCMP_ACT_ERRNO",
                     "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                     "syscalls": [{"names": ["read", "getppid"], "action": "SCMP_ACT_ALLOW"}]}),
                  P({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86"],
                     "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}),
                  false,
                  { "1 syscalls are treated differently on different arches (getppid); a profile cannot say that, it follows x86_64",
                    "the profile answers otherwise than the filter for 1 syscalls: x86:getppid" } },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                struct sc_filter *f[2] = { NULL, NULL };
                size_t n = 0;
                for (size_t q = 0; q < 2; q++) {
                        const char *text = q ? cases[i].overlay : cases[i].profile;
                        if (!text)
                                continue;
                        _cleanup_(sc_profile_freep) struct sc_profile *p =
                                parse_text(text, "t.json", SC_ARCH_X86_64);
                        struct sc_compile_opts co;
                        sc_compile_opts_init(&co, q ? SC_ARCH_X86 : SC_ARCH_X86_64);
                        co.compat = SC_COMPAT_CRUN;
                        co.all_kernel_syscalls = cases[i].new_names;
                        co.bad_arch_set = q == 1;
                        co.bad_arch_ret = SC_RET_ALLOW;
                        if (p && sc_compile(p, &co, NULL, &f[n]) == 0)
                                n++;
                        else
                                TEST_FAIL("%s: filter %zu does not compile", cases[i].name, q);
                }
                /* run order: the overlay, installed last, runs first */
                const struct sc_filter *run[2] = { n > 1 ? f[1] : f[0], f[0] };
                struct sc_filter_stack s = { run, n };
                struct sc_decompile_opts o;
                struct sc_decompile_result res = { 0 };
                struct sc_diags d = { 0 };
                sc_decompile_opts_init(&o, SC_ARCH_X86_64);
                o.compat = SC_COMPAT_CRUN;
                o.auto_compat = false;
                EXPECT_TRUE(n && sc_decompile(&s, &o, &d, &res) == 0,
                            "%s: does not decompile", cases[i].name);
                size_t n_want = 0;
                while (n_want < ELEMENTSOF(cases[i].want) && cases[i].want[n_want])
                        n_want++;
                EXPECT_TRUE(d.n == n_want && (n_want == 0) == (res.n_diffs == 0),
                            "%s: %zu warnings, want %zu (%zu differences)",
                            cases[i].name, d.n, n_want, res.n_diffs);
                for (size_t j = 0; j < d.n; j++) {
                        const char *m = d.items[j].message;
                        EXPECT_TRUE(j < n_want && strstr(m, cases[i].want[j]),
                                    "%s: warning %zu is \"%s\", want \"%s\"",
                                    cases[i].name, j, m,
                                    j < n_want ? cases[i].want[j] : "(none)");
                }
                sc_decompile_result_clear(&res);
                sc_diags_clear(&d);
                for (size_t q = 0; q < n; q++)
                        sc_filter_free(f[q]);
        }
}

int main(void)
{
        RUN(test_reject);
        RUN(test_warnings);
        RUN(test_stack);
        RUN(test_compare_finds);
        RUN(test_conditions);
        RUN(test_fixtures);
        RUN(test_libseccomp);
        RUN(test_interior_interval);
        return test_exit();
}
