/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptrace recorder.  The child stops itself (PTRACE_TRACEME + SIGSTOP) so
 * the options, PTRACE_O_TRACESECCOMP first of all, are in place before
 * its filter exists: a SECCOMP_RET_TRACE with no tracer attached fails
 * the syscall with ENOSYS instead of stopping.  After the filter is in,
 * everything the child does is seen, execve included, so the profile
 * covers the path from "filter installed" to the workload's own code.
 */
#include "tracer.h"
#include "proctree.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

/* The default filter: trace every syscall. */
static struct sock_filter trace_all[] = {
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
};

static const struct sock_fprog trace_all_prog = {
        .len = ELEMENTSOF(trace_all),
        .filter = trace_all,
};

static _Noreturn void child(char *const *argv, const struct sock_fprog *prog)
{
        int e;

        if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 || raise(SIGSTOP) < 0)
                _exit(127);
        /* Without CAP_SYS_ADMIN the kernel wants no_new_privs; with it,
         * leave setuid binaries working as they would without us. */
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog) < 0) {
                if (errno != EACCES ||
                    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog) < 0) {
                        fprintf(stderr, "seccompctl: cannot install the tracing filter: %m\n");
                        _exit(127);
                }
        }
        execvp(argv[0], argv);
        e = errno;
        fprintf(stderr, "seccompctl: %s: %s\n", argv[0], strerror(e));
        _exit(e == ENOENT ? 127 : 126);
}

/* A tracee that PTRACE_ATTACHes or PTRACE_SEIZEs its own tracer would
 * stop it: then each waits for the other forever.  Answer such a call
 * with EPERM without running it (syscall number -1 skips it; the return
 * register keeps what we put there).  The call is still recorded. */
static void refuse_attach_on_tracer(pid_t pid, const struct __ptrace_syscall_info *info)
{
#if defined(__x86_64__)
        bool native = info->arch == AUDIT_ARCH_X86_64 && info->seccomp.nr == 101;
        bool i386 = info->arch == AUDIT_ARCH_I386 && info->seccomp.nr == 26;
        uint64_t req = info->seccomp.args[0], target = info->seccomp.args[1];
        if (i386) {
                req = (uint32_t)req;
                target = (uint32_t)target;
        }
        if (!(native || i386) || (req != PTRACE_ATTACH && req != PTRACE_SEIZE) ||
            (pid_t)target != getpid())
                return;
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
                return;
        regs.orig_rax = (unsigned long long)-1;
        regs.rax = (unsigned long long)-EPERM;
        (void)ptrace(PTRACE_SETREGS, pid, NULL, &regs);
#else
        /* Other arches: not handled yet (see the x86_64 case). */
        (void)pid;
        (void)info;
#endif
}

static int on_seccomp_stop(pid_t pid, const struct sc_tracer_opts *opts)
{
        struct __ptrace_syscall_info info = {};
        struct sc_trace_event ev = { .pid = pid };

        if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info) <
            0)
                return errno == ESRCH ? 0 : -errno; /* killed meanwhile */
        if (info.op != PTRACE_SYSCALL_INFO_SECCOMP)
                return 0;
        ev.arch = info.arch;
        ev.nr = (int64_t)(int32_t)info.seccomp.nr;
        memcpy(ev.args, info.seccomp.args, sizeof ev.args);
        ev.ret_data = info.seccomp.ret_data;
        if (opts->cb)
                opts->cb(&ev, opts->userdata);
        refuse_attach_on_tracer(pid, &info);
        return 0;
}

/* The child stopped itself: set the options, let it go on.  0 or -errno
 * (the child is killed then). */
static int attach(pid_t pid)
{
        int st;
        if (waitpid(pid, &st, 0) < 0)
                return -errno;
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
                return -ECHILD;
        if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
                   (void *)(long)(PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK |
                                  PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                                  PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) < 0) {
                int r = -errno;
                kill(pid, SIGKILL);
                return r;
        }
        ptrace(PTRACE_CONT, pid, NULL, NULL);
        return 0;
}

struct trace {
        const struct sc_tracer_opts *opts;
        struct sc_tracer_stats stats;
        /* Tasks whose first (attach) SIGSTOP has been seen: that one is
         * swallowed, later ones are real signals and delivered. */
        struct sc_pidset seen;
};

/* A ptrace event stop of task w (PTRACE_EVENT_*).  0 or -errno. */
static int on_event_stop(struct trace *t, pid_t w, int event)
{
        unsigned long msg;

        switch (event) {
        case PTRACE_EVENT_SECCOMP:
                t->stats.stops++;
                return on_seccomp_stop(w, t->opts);
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
        case PTRACE_EVENT_CLONE:
                t->stats.processes++;
                break;
        case PTRACE_EVENT_EXEC:
                t->stats.execs++;
                /* A non-leader thread that execs takes over the leader's
                 * pid; its own tid is gone without an exit report. */
                if (ptrace(PTRACE_GETEVENTMSG, w, NULL, &msg) == 0 && (pid_t)msg != w)
                        sc_pidset_del(&t->seen, (pid_t)msg);
                break;
        default:
                break;
        }
        return 0;
}

/* Follow every task until none is left.  *ret_status: the main task's, as
 * sc_tracer_run says.  0 or -errno. */
static int trace_loop(struct trace *t, pid_t pid, int *ret_status)
{
        int status = 127, st, r;
        pid_t w;

        for (;;) {
                int sig, event;

                w = waitpid(-1, &st, __WALL);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == ECHILD)
                                break;
                        return -errno;
                }
                if (WIFEXITED(st) || WIFSIGNALED(st)) {
                        sc_pidset_del(&t->seen, w);
                        if (w == pid)
                                status = WIFEXITED(st) ? WEXITSTATUS(st)
                                                       : 128 + WTERMSIG(st);
                        continue;
                }
                if (!WIFSTOPPED(st))
                        continue;
                sig = WSTOPSIG(st);
                event = (unsigned)st >> 16;
                if (sig == SIGTRAP && event != 0) {
                        r = on_event_stop(t, w, event);
                        if (r < 0)
                                return r;
                        ptrace(PTRACE_CONT, w, NULL, NULL);
                        continue;
                }
                if (sig == SIGSTOP && !sc_pidset_has(&t->seen, w)) {
                        /* A new task's attach stop. */
                        sc_pidset_add(&t->seen, w, 0);
                        ptrace(PTRACE_CONT, w, NULL, NULL);
                        continue;
                }
                siginfo_t si;
                if (ptrace(PTRACE_GETSIGINFO, w, NULL, &si) < 0 &&
                    errno == EINVAL)
                        sig = 0; /* group-stop, not a signal to deliver */
                ptrace(PTRACE_CONT, w, NULL, (void *)(long)sig);
        }
        *ret_status = status;
        return 0;
}

int sc_tracer_run(char *const *argv, const struct sc_tracer_opts *opts,
                  int *ret_status, struct sc_tracer_stats *ret_stats)
{
        const struct sock_fprog *prog = opts->filter ? opts->filter
                                                     : &trace_all_prog;
        struct trace t = { .opts = opts };
        struct sc_signal_relay relay;
        int status = 0, r;
        pid_t pid;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                child(argv, prog);

        sc_signal_relay_start(&relay, pid);
        r = attach(pid);
        if (r >= 0) {
                sc_pidset_add(&t.seen, pid, 0);
                t.stats.processes = 1;
                r = trace_loop(&t, pid, &status);
        }
        sc_signal_relay_stop(&relay);
        if (r < 0) {
                /* PTRACE_O_EXITKILL only fires when we exit; do not leave
                 * tasks stopped behind us meanwhile. */
                kill(pid, SIGKILL);
                size_t i = 0;
                int task;
                while (sc_pidset_next(&t.seen, &i, &task))
                        kill(task, SIGKILL);
                sc_pidset_clear(&t.seen);
                return r;
        }
        sc_pidset_clear(&t.seen);
        *ret_status = status;
        if (ret_stats)
                *ret_stats = t.stats;
        return 0;
}
