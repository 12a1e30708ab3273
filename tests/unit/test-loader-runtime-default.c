/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Our RuntimeDefault (data/runtime-default.json, embedded in the binary)
 * must have the effect of Docker's default profile (the moby fixture):
 * both are resolved for the same architecture, capability set and kernel,
 * compiled with runc's and crun's semantics, and the two programs are run
 * in the simulator on every syscall number of every architecture of the
 * filter (plus numbers past the tables) with argument vectors that hit
 * each argument rule (socket families, personality values, clone flags).
 * Any (arch, nr, args) with different results is reported.
 */
#include "bpf.h"
#include "profile.h"
#include "syscalls.h"
#include "test.h"

extern const char sc_runtime_default_json[];
extern const size_t sc_runtime_default_json_len;

static struct sc_profile *parse(const char *buf, size_t len, const char *name)
{
        struct sc_profile_set set = {};
        struct sc_diags d = {};
        if (sc_profile_parse(buf, len, name, DOC_JSON, &d, &set) < 0 || set.n != 1) {
                for (size_t i = 0; i < d.n; i++) {
                        char *s = sc_diag_format(&d.items[i]);
                        fprintf(stderr, "%s\n", s);
                        free(s);
                }
                abort();
        }
        sc_diags_clear(&d);
        struct sc_profile *p = set.profiles[0];
        set.profiles[0] = NULL;
        set.n = 0;
        sc_profile_set_clear(&set);
        return p;
}

static struct sc_profile *ours, *moby;

static const char *const caps_all[] = {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
        "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
};
static const char *const caps_ptrace_admin[] = { "CAP_SYS_PTRACE", "CAP_SYS_ADMIN" };
static const char *const caps_none[] = { NULL };

struct capset {
        const char *name;
        const char *const *caps; /* NULL: Docker's default set */
        size_t n;
};
static const struct capset capsets[] = {
        { "docker-default", NULL, 0 },
        { "none", caps_none, 0 },
        { "all", caps_all, ELEMENTSOF(caps_all) },
        { "ptrace+admin", caps_ptrace_admin, ELEMENTSOF(caps_ptrace_admin) },
};

/* Argument vectors that hit every argument rule of the Docker profile:
 * socket families around AF_VSOCK (40), the personality values, clone
 * namespace flags (in arg1 on s390), 64-bit high words. */
static const struct {
        unsigned index;
        uint64_t value;
} arg_vectors[] = {
        { 0, 0 }, { 0, 1 }, { 0, 8 }, { 0, 37 }, { 0, 38 }, { 0, 39 },
        { 0, 40 }, { 0, 41 }, { 0, 0x20000 }, { 0, 0x20008 },
        { 0, 0xffffffffULL }, { 0, 0x10000000 /* CLONE_NEWUSER */ },
        { 0, 0x7e020000 }, { 0, 0x100000000ULL },
        { 1, 0x10000000 }, { 1, 0x00020000 /* CLONE_NEWNS */ }, { 1, 1 },
};

static size_t compare(enum sc_arch target, const struct capset *cs,
                      unsigned kmaj, unsigned kmin, enum sc_compat compat)
{
        struct sc_resolve_opts ro = {
                .target = target,
                .caps = cs->caps,
                .n_caps = cs->n,
                .kernel_major = kmaj,
                .kernel_minor = kmin,
        };
        struct sc_profile *a = NULL, *b = NULL;
        struct sc_diags d = {};
        if (sc_profile_resolve(ours, &ro, &d, &a) < 0 ||
            sc_profile_resolve(moby, &ro, &d, &b) < 0) {
                TEST_FAIL("resolve failed for %s", sc_arch_info(target)->name);
                return 1;
        }
        struct sc_compile_opts co;
        sc_compile_opts_init(&co, target);
        co.compat = compat;
        struct sc_filter *fa = NULL, *fb = NULL;
        int ra = sc_compile(a, &co, &d, &fa), rb = sc_compile(b, &co, &d, &fb);
        sc_diags_clear(&d);
        size_t bad = 0;
        if (ra < 0 || rb < 0) {
                TEST_FAIL("compile failed for %s: %d %d", sc_arch_info(target)->name,
                          ra, rb);
                bad = 1;
                goto out;
        }
        enum sc_arch *arches = NULL;
        size_t n_arches = sc_profile_filter_arches(b, target, &arches);
        for (size_t i = 0; i < n_arches && bad < 5; i++) {
                const struct sc_arch_info *info = sc_arch_info(arches[i]);
                uint32_t max = sc_syscall_max_nr(arches[i]) + 20;
                for (uint32_t nr = 0; nr <= max && bad < 5; nr++)
                        for (size_t v = 0; v < ELEMENTSOF(arg_vectors); v++) {
                                struct sc_seccomp_data sd = {
                                        .nr = nr + info->nr_offset,
                                        .arch = info->audit_arch,
                                };
                                sd.args[arg_vectors[v].index] = arg_vectors[v].value;
                                uint32_t x = sc_sim_run(fa, &sd, NULL);
                                uint32_t y = sc_sim_run(fb, &sd, NULL);
                                if (x == y)
                                        continue;
                                const char *nm = sc_syscall_name(arches[i], nr);
                                TEST_FAIL("target %s caps %s kernel %u.%u %s: %s nr %u "
                                          "(%s) arg%u=0x%llx: ours 0x%x, moby 0x%x",
                                          sc_arch_info(target)->name, cs->name, kmaj,
                                          kmin,
                                          compat == SC_COMPAT_RUNC ? "runc" : "crun",
                                          info->name, nr, nm ? nm : "?",
                                          arg_vectors[v].index,
                                          (unsigned long long)arg_vectors[v].value, x, y);
                                bad++;
                                break; /* one line per syscall is enough */
                        }
        }
        free(arches);
out:
        sc_filter_free(fa);
        sc_filter_free(fb);
        sc_profile_free(a);
        sc_profile_free(b);
        return bad;
}

static void test_equivalent_to_moby(void)
{
        static const enum sc_arch targets[] = {
                SC_ARCH_X86_64, SC_ARCH_AARCH64, SC_ARCH_S390X, SC_ARCH_PPC64LE,
                SC_ARCH_RISCV64, SC_ARCH_MIPS64, SC_ARCH_LOONGARCH64,
        };
        static const struct {
                unsigned maj, min;
        } kernels[] = { { 6, 18 }, { 4, 7 } };
        size_t checked = 0;
        /* Every target and capability set with runc's semantics on this
         * kernel; minKernel (ptrace before 4.8) and crun's (no ENOSYS
         * stub) on x86_64. */
        for (size_t t = 0; t < ELEMENTSOF(targets); t++) {
                if (!sc_syscall_arch_has_table(targets[t]))
                        continue;
                for (size_t c = 0; c < ELEMENTSOF(capsets); c++)
                        for (size_t k = 0; k < ELEMENTSOF(kernels); k++)
                                for (int compat = 0; compat < 2; compat++) {
                                        if ((k > 0 || compat) && t > 0)
                                                continue;
                                        size_t bad = compare(targets[t], &capsets[c],
                                                             kernels[k].maj,
                                                             kernels[k].min,
                                                             compat ? SC_COMPAT_CRUN
                                                                    : SC_COMPAT_RUNC);
                                        ASSERT_EQ(bad, 0);
                                        checked++;
                                }
        }
        printf("# %zu target/caps/kernel/runtime combinations agree\n", checked);
        ASSERT_TRUE(checked >= 16);
}

/* The comparison can fail: a profile differing in one rule is caught. */
static void test_comparison_catches_a_difference(void)
{
        struct sc_profile *saved = ours;
        struct sc_profile *changed = sc_profile_dup(ours);
        /* Drop the socket family rules (every AF but AF_VSOCK). */
        for (size_t i = 0; i < changed->n_rules; i++)
                if (changed->rules[i].n_names == 1 &&
                    streq(changed->rules[i].names[0], "socket"))
                        changed->rules[i].action = SC_ACT_ERRNO;
        ours = changed;
        printf("# expected mismatches follow:\n");
        int saved_failed = test_case_failed;
        size_t bad = compare(SC_ARCH_X86_64, &capsets[0], 6, 18, SC_COMPAT_RUNC);
        test_case_failed = saved_failed;
        ours = saved;
        sc_profile_free(changed);
        ASSERT_TRUE(bad > 0);
}

int main(void)
{
        ours = parse(sc_runtime_default_json, sc_runtime_default_json_len,
                     "runtime-default.json");
        char *path = test_fixture_path("runtime-default/moby-default.json");
        size_t len;
        char *buf = test_read_file(path, &len);
        moby = parse(buf, len, path);
        free(buf);
        free(path);
        RUN(test_equivalent_to_moby);
        RUN(test_comparison_catches_a_difference);
        sc_profile_free(ours);
        sc_profile_free(moby);
        return test_exit();
}
