/* SPDX-License-Identifier: Apache-2.0 */
/* The public API, used the way an embedding runtime would: only
 * seccompctl.h, buffers in, buffers out. */
#include <errno.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccompctl.h"
#include "test.h"

static const char profile[] =
        "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"getpid\"],"
        "\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"personality\"],\"action\":"
        "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}";

static void test_round_trip(void)
{
        struct seccompctl_profile *p = NULL;
        char *msgs = NULL;
        ASSERT_EQ(seccompctl_profile_parse(profile, sizeof profile - 1, "p.json", &p, &msgs), 0);
        ASSERT_TRUE(msgs == NULL);
        ASSERT_EQ(seccompctl_profile_validate(p, "x86_64", SECCOMPCTL_STRICT, NULL), 0);
        char *json = seccompctl_profile_to_json(p, SECCOMPCTL_NORMALIZE);
        ASSERT_TRUE(json && strstr(json, "\"defaultErrnoRet\":1"));
        free(json);

        void *bpf = NULL;
        size_t len = 0;
        ASSERT_EQ(seccompctl_compile(p, "x86_64", SECCOMPCTL_COMPAT_CRUN, &bpf, &len, NULL), 0);
        ASSERT_TRUE(len > 0 && len % 8 == 0);
        uint32_t audit = seccompctl_arch_audit("SCMP_ARCH_X86_64"), act = 0;
        int getpid_nr = seccompctl_syscall_resolve("x86_64", "getpid");
        int pers = seccompctl_syscall_resolve("amd64", "personality");
        ASSERT_EQ(getpid_nr, 39);
        ASSERT_EQ(pers, 135);
        ASSERT_EQ(seccompctl_simulate(bpf, len, audit, 39, NULL, &act), 0);
        ASSERT_EQ_U64(act, 0x7fff0000);
        uint64_t args[6] = { 8 };
        ASSERT_EQ(seccompctl_simulate(bpf, len, audit, 135, args, &act), 0);
        ASSERT_EQ_U64(act, 0x7fff0000);
        args[0] = 9;
        ASSERT_EQ(seccompctl_simulate(bpf, len, audit, 135, args, &act), 0);
        ASSERT_EQ_U64(act, 0x00050001);
        ASSERT_EQ(seccompctl_simulate(bpf, len, 0x40000028 /* arm */, 39, NULL, &act), 0);
        ASSERT_EQ_U64(act & 0xffff0000, 0); /* bad arch: kill */
        ASSERT_EQ(seccompctl_simulate(bpf, len - 3, audit, 39, NULL, &act), -EINVAL);
        free(bpf);
        seccompctl_profile_free(p);
        seccompctl_profile_free(NULL);
}

static void test_errors(void)
{
        struct seccompctl_profile *p = (void *)1;
        char *msgs = NULL;
        const char bad[] = "{\n \"defaultAction\": \"SCMP_ACT_NOPE\"\n}";
        ASSERT_EQ(seccompctl_profile_parse(bad, sizeof bad - 1, "bad.json", &p, &msgs), -EINVAL);
        ASSERT_TRUE(p == (void *)1); /* untouched on failure */
        ASSERT_TRUE(msgs && strstr(msgs, "bad.json:2:19: error: $.defaultAction: unknown action"));
        free(msgs);
        ASSERT_EQ(seccompctl_syscall_resolve("x86_64", "no_such_call"), -ENOENT);
        ASSERT_EQ(seccompctl_arch_audit("vax"), 0);
}

/* Load for real in a child: getpid allowed, uname gets ERRNO(1). */
static void test_load(void)
{
        const char text[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":"
                            "[\"uname\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":7}]}";
        struct seccompctl_profile *p = NULL;
        void *bpf = NULL;
        size_t len = 0;
        ASSERT_EQ(seccompctl_profile_parse(text, sizeof text - 1, "l.json", &p, NULL), 0);
        ASSERT_EQ(seccompctl_compile(p, NULL, 0, &bpf, &len, NULL), 0);
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0) {
                if (seccompctl_load(bpf, len, 1 /* TSYNC */, NULL) < 0)
                        _exit(10);
                struct utsname u;
                int r = uname(&u);
                _exit(r == -1 && errno == 7 ? 0 : 11);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
        /* A truncated program is refused before the kernel sees it. */
        ASSERT_EQ(seccompctl_load(bpf, len - 1, 0, NULL), -EINVAL);
        free(bpf);
        seccompctl_profile_free(p);
}

int main(void)
{
        RUN(test_load);
        RUN(test_round_trip);
        RUN(test_errors);
        return test_exit();
}
