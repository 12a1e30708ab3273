/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The filter loader and the notify hand-off, against the real kernel.
 * Filters are built by libseccomp (independent of our compiler) and every
 * installation happens in a forked child, whose exit status carries the
 * verdict.
 */
#include <linux/seccomp.h>
#include <fcntl.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "loader.h"
#include "notify.h"
#include "test.h"

struct rule {
        int nr;
        uint32_t action;
};

/* Build with libseccomp, export the raw program. */
static struct sock_filter *build(uint32_t def, const struct rule *rules,
                                 size_t n_rules, size_t *ret_n)
{
        scmp_filter_ctx ctx = seccomp_init(def);
        if (!ctx)
                abort();
        for (size_t i = 0; i < n_rules; i++)
                if (seccomp_rule_add(ctx, rules[i].action, rules[i].nr, 0) < 0)
                        abort();
        int fd = memfd_create("bpf", MFD_CLOEXEC);
        if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0)
                abort();
        seccomp_release(ctx);
        off_t len = lseek(fd, 0, SEEK_END);
        struct sock_filter *prog = malloc((size_t)len);
        if (!prog || pread(fd, prog, (size_t)len, 0) != len)
                abort();
        close(fd);
        *ret_n = (size_t)len / sizeof(*prog);
        return prog;
}

/* Run fn in a child; returns its exit status, or 1000 + signal. */
static int in_child(int (*fn)(void))
{
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
                abort();
        if (pid == 0)
                _exit(fn());
        int st;
        if (waitpid(pid, &st, 0) < 0)
                abort();
        return WIFSIGNALED(st) ? 1000 + WTERMSIG(st) : WEXITSTATUS(st);
}

static int seccomp_mode(void)
{
        char line[256];
        int mode = -1;
        FILE *f = fopen("/proc/self/status", "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (sscanf(line, "Seccomp: %d", &mode) == 1)
                        break;
        fclose(f);
        return mode;
}

static const struct rule deny_getppid[] = {
        { SCMP_SYS(getppid), SCMP_ACT_ERRNO(42) },
};

static int install_getppid(uint32_t flags, bool prctl_path)
{
        size_t n;
        struct sock_filter *p = build(SCMP_ACT_ALLOW, deny_getppid, 1, &n);
        struct sc_load_opts o;
        sc_load_opts_init(&o);
        o.flags = flags;
        o.prctl_when_no_flags = prctl_path;
        int r = sc_filter_install(p, n, &o, NULL);
        free(p);
        return r;
}

static int body_errno(uint32_t flags, bool prctl_path)
{
        if (install_getppid(flags, prctl_path) < 0)
                return 10;
        if (seccomp_mode() != 2)
                return 11;
        if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
                return 12;
        errno = 0;
        if (syscall(SYS_getppid) != -1 || errno != 42)
                return 13;
        if (syscall(SYS_getpid) <= 0)
                return 14;
        return 0;
}

static int body_prctl(void) { return body_errno(0, true); }
static int body_seccomp_noflags(void) { return body_errno(0, false); }
static int body_tsync(void) { return body_errno(SC_LOAD_FLAG_TSYNC, true); }
static int body_log_spec(void)
{
        return body_errno(SC_LOAD_FLAG_LOG | SC_LOAD_FLAG_SPEC_ALLOW, true);
}

static void test_install_paths(void)
{
        ASSERT_EQ(in_child(body_prctl), 0);
        ASSERT_EQ(in_child(body_seccomp_noflags), 0);
        ASSERT_EQ(in_child(body_tsync), 0);
        ASSERT_EQ(in_child(body_log_spec), 0);
}

/* ---- threads ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage;
static long thread_errno;

static void *second_thread(void *arg)
{
        (void)arg;
        pthread_mutex_lock(&mu);
        stage = 1;
        pthread_cond_broadcast(&cv);
        while (stage != 2)
                pthread_cond_wait(&cv, &mu);
        pthread_mutex_unlock(&mu);
        errno = 0;
        long r = syscall(SYS_getppid);
        thread_errno = r < 0 ? errno : 0;
        return NULL;
}

/* A thread started before the filter is covered only with TSYNC. */
static int threads_body(uint32_t flags)
{
        pthread_t t;
        if (pthread_create(&t, NULL, second_thread, NULL) != 0)
                return 20;
        pthread_mutex_lock(&mu);
        while (stage != 1)
                pthread_cond_wait(&cv, &mu);
        pthread_mutex_unlock(&mu);
        if (install_getppid(flags, true) < 0)
                return 21;
        pthread_mutex_lock(&mu);
        stage = 2;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        pthread_join(t, NULL);
        return (int)thread_errno;
}

static int body_threads_tsync(void) { return threads_body(SC_LOAD_FLAG_TSYNC); }
static int body_threads_plain(void) { return threads_body(0); }

static void test_tsync_covers_threads(void)
{
        ASSERT_EQ(in_child(body_threads_tsync), 42);
        /* Control: without TSYNC the older thread is not filtered. */
        ASSERT_EQ(in_child(body_threads_plain), 0);
}

/* ---- fail closed ---- */

static int body_bad_programs(void)
{
        struct sock_filter jump_out[] = {
                { 0x05 /* ja */, 0, 0, 5 },
                { 0x06, 0, 0, SECCOMP_RET_ALLOW },
        };
        struct sock_filter bad_load[] = {
                { 0x20 /* ld abs */, 0, 0, 64 /* past seccomp_data */ },
                { 0x06, 0, 0, SECCOMP_RET_ALLOW },
        };
        struct sock_filter ok[] = { { 0x06, 0, 0, SECCOMP_RET_ALLOW } };
        static struct sock_filter huge[4097];
        struct sc_load_opts o;
        sc_load_opts_init(&o);

        if (sc_filter_install(jump_out, 2, &o, NULL) != -EINVAL)
                return 30;
        if (sc_filter_install(bad_load, 2, &o, NULL) != -EINVAL)
                return 31;
        if (sc_filter_install(ok, 0, &o, NULL) != -EINVAL)
                return 32;
        if (sc_filter_install(huge, 4097, &o, NULL) != -EINVAL)
                return 33;
        o.flags = 0x80000000U;
        if (sc_filter_install(ok, 1, &o, NULL) != -EINVAL)
                return 34;
        o.flags = SC_LOAD_FLAG_WAIT_KILLABLE_RECV;
        if (sc_filter_install(ok, 1, &o, NULL) != -EINVAL)
                return 35;
        /* Nothing was installed by any of them. */
        return seccomp_mode() == 0 ? 0 : 36;
}

/* Without NO_NEW_PRIVS and without CAP_SYS_ADMIN the kernel says EACCES. */
static int body_no_nnp_unprivileged(void)
{
        struct sock_filter ok[] = { { 0x06, 0, 0, SECCOMP_RET_ALLOW } };
        struct sc_load_opts o;
        sc_load_opts_init(&o);
        o.no_new_privs = false;
        if (sc_have_effective_cap(21 /* CAP_SYS_ADMIN */)) {
                /* Drop it from the effective set of this child only. */
                if (prctl(PR_CAPBSET_DROP, 21, 0, 0, 0) < 0)
                        return 77;
                if (setresuid(65534, 65534, 65534) < 0)
                        return 77;
        }
        if (sc_have_effective_cap(21))
                return 40;
        int r = sc_filter_install(ok, 1, &o, NULL);
        return r == -EACCES ? 0 : 41;
}

static void test_fail_closed(void)
{
        ASSERT_EQ(in_child(body_bad_programs), 0);
        int r = in_child(body_no_nnp_unprivileged);
        if (r != 77)
                ASSERT_EQ(r, 0);
}

/* ---- notify ---- */

static int notify_body(uint32_t flags)
{
        static const struct rule notify_getppid[] = {
                { SCMP_SYS(getppid), SCMP_ACT_NOTIFY },
        };
        size_t n;
        struct sock_filter *p = build(SCMP_ACT_ALLOW, notify_getppid, 1, &n);
        struct sc_load_opts o;
        sc_load_opts_init(&o);
        o.flags = flags | SC_LOAD_FLAG_NEW_LISTENER;
        int listener = -1;
        if (sc_filter_install(p, n, &o, &listener) < 0)
                return 50;
        free(p);
        if (listener < 0)
                return 51;
        pid_t pid = fork();
        if (pid == 0) {
                errno = 0;
                long r = syscall(SYS_getppid);
                _exit(r < 0 ? errno : 0);
        }
        struct sc_notif nt;
        if (sc_notif_recv(listener, &nt) < 0)
                return 52;
        if (nt.nr != SCMP_SYS(getppid) || (pid_t)nt.pid != pid)
                return 53;
        if (sc_notif_respond(listener, nt.id, false, 77, 0) < 0)
                return 54;
        int st;
        if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
                return 55;
        return WEXITSTATUS(st) == 77 ? 0 : 56;
}

static int body_notify(void) { return notify_body(0); }
static int body_notify_tsync(void) { return notify_body(SC_LOAD_FLAG_TSYNC); }

static void test_notify_listener(void)
{
        ASSERT_EQ(in_child(body_notify), 0);
        /* TSYNC + NEW_LISTENER needs TSYNC_ESRCH: the loader adds it. */
        ASSERT_EQ(in_child(body_notify_tsync), 0);
}

static void test_state_json(void)
{
        struct sc_notify_state s = {
                .id = "c1",
                .bundle = "/b",
                .metadata = "m\"x",
                .pid = 42,
        };
        _cleanup_free_ char *j = sc_notify_state_json(&s);
        ASSERT_STREQ(j, "{\"ociVersion\":\"1.0.2-dev\",\"fds\":[\"seccompFd\"],"
                        "\"pid\":42,\"metadata\":\"m\\\"x\",\"state\":{"
                        "\"ociVersion\":\"1.0.2-dev\",\"id\":\"c1\","
                        "\"status\":\"creating\",\"pid\":42,\"bundle\":\"/b\"}}");
}

static void test_fd_passing(void)
{
        int sv[2], p[2];
        ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        ASSERT_EQ(sc_send_fd(sv[0], "hello", 5, p[1]), 0);
        char buf[64];
        size_t len;
        int fd;
        ASSERT_EQ(sc_recv_fd(sv[1], buf, sizeof(buf), &len, &fd), 0);
        ASSERT_EQ(len, 5);
        ASSERT_STREQ(buf, "hello");
        ASSERT_TRUE(fd >= 0);
        /* The received fd is the pipe's write end. */
        ASSERT_EQ(write(fd, "x", 1), 1);
        char c;
        ASSERT_EQ(read(p[0], &c, 1), 1);
        ASSERT_EQ(c, 'x');
        close(fd);
        close(p[0]);
        close(p[1]);
        close(sv[0]);
        close(sv[1]);
}

static void test_send_to_listener_path(void)
{
        char dir[] = "/tmp/sc-notify-XXXXXX";
        ASSERT_TRUE(mkdtemp(dir) != NULL);
        _cleanup_free_ char *path = xasprintf("%s/sock", dir);
        int l;
        ASSERT_EQ(sc_notify_listen(path, &l), 0);
        int p[2];
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        ASSERT_EQ(sc_notify_send(path, "{\"x\":1}", p[1]), 0);
        int c = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        ASSERT_TRUE(c >= 0);
        char buf[64];
        size_t len;
        int fd;
        ASSERT_EQ(sc_recv_fd(c, buf, sizeof(buf), &len, &fd), 0);
        ASSERT_STREQ(buf, "{\"x\":1}");
        ASSERT_TRUE(fd >= 0);
        close(fd);
        close(c);
        close(l);
        close(p[0]);
        close(p[1]);
        unlink(path);
        rmdir(dir);
        /* Nobody listening: connect fails, the caller must fail closed. */
        ASSERT_EQ(sc_notify_send(path, "{}", 0), -ENOENT);
}

static void test_kernel_facts(void)
{
        ASSERT_TRUE(sc_kernel_action_avail("errno") == 1);
        ASSERT_TRUE(sc_kernel_action_avail("no-such-action") == 0);
        ASSERT_TRUE(sc_kernel_action_logged("allow") == 0);
}

int main(void)
{
        if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0,
                    &(uint32_t){ SECCOMP_RET_USER_NOTIF }) < 0)
                test_skip("kernel without seccomp user notification");
        RUN(test_install_paths);
        RUN(test_tsync_covers_threads);
        RUN(test_fail_closed);
        RUN(test_notify_listener);
        RUN(test_state_json);
        RUN(test_fd_passing);
        RUN(test_send_to_listener_path);
        RUN(test_kernel_facts);
        return test_exit();
}
