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

static volatile sig_atomic_t main_pid;

static void forward_signal(int sig)
{
        if (main_pid > 0)
                kill((pid_t)main_pid, sig);
}

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

int sc_tracer_run(char *const *argv, const struct sc_tracer_opts *opts,
                  int *ret_status, struct sc_tracer_stats *ret_stats)
{
        const struct sock_fprog *prog = opts->filter ? opts->filter
                                                     : &trace_all_prog;
        struct sc_tracer_stats stats = {};
        struct sigaction ign = { .sa_handler = SIG_IGN };
        struct sigaction fwd = { .sa_handler = forward_signal };
        struct sigaction old_int, old_quit, old_term, old_hup;
        /* Tasks whose first (attach) SIGSTOP has been seen: that one is
         * swallowed, later ones are real signals and delivered. */
        struct sc_pidset seen = {};
        int status = 0, st, r = 0;
        bool main_done = false;
        pid_t pid, w;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                child(argv, prog);

        /* Ctrl-C reaches the workload through the terminal; the tracer
         * stays to write the profile.  TERM/HUP sent to us go on to it. */
        main_pid = pid;
        sigaction(SIGINT, &ign, &old_int);
        sigaction(SIGQUIT, &ign, &old_quit);
        sigaction(SIGTERM, &fwd, &old_term);
        sigaction(SIGHUP, &fwd, &old_hup);

        if (waitpid(pid, &st, 0) < 0) {
                r = -errno;
                goto out;
        }
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP) {
                r = -ECHILD;
                goto out;
        }
        if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
                   (void *)(long)(PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK |
                                  PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                                  PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) < 0) {
                r = -errno;
                kill(pid, SIGKILL);
                goto out;
        }
        sc_pidset_add(&seen, pid, 0);
        stats.processes = 1;
        ptrace(PTRACE_CONT, pid, NULL, NULL);

        for (;;) {
                unsigned long msg;
                int sig, event;

                w = waitpid(-1, &st, __WALL);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == ECHILD)
                                break;
                        r = -errno;
                        goto out;
                }
                if (WIFEXITED(st) || WIFSIGNALED(st)) {
                        sc_pidset_del(&seen, w);
                        if (w == pid) {
                                status = WIFEXITED(st) ? WEXITSTATUS(st)
                                                       : 128 + WTERMSIG(st);
                                main_done = true;
                        }
                        continue;
                }
                if (!WIFSTOPPED(st))
                        continue;
                sig = WSTOPSIG(st);
                event = (unsigned)st >> 16;
                if (sig == SIGTRAP && event != 0) {
                        switch (event) {
                        case PTRACE_EVENT_SECCOMP:
                                stats.stops++;
                                r = on_seccomp_stop(w, opts);
                                if (r < 0)
                                        goto out;
                                break;
                        case PTRACE_EVENT_FORK:
                        case PTRACE_EVENT_VFORK:
                        case PTRACE_EVENT_CLONE:
                                stats.processes++;
                                break;
                        case PTRACE_EVENT_EXEC:
                                stats.execs++;
                                /* A non-leader thread that execs takes
                                 * over the leader's pid; its own tid is
                                 * gone without an exit report. */
                                if (ptrace(PTRACE_GETEVENTMSG, w, NULL, &msg) == 0 &&
                                    (pid_t)msg != w)
                                        sc_pidset_del(&seen, (pid_t)msg);
                                break;
                        default:
                                break;
                        }
                        ptrace(PTRACE_CONT, w, NULL, NULL);
                        continue;
                }
                if (sig == SIGSTOP && !sc_pidset_has(&seen, w)) {
                        /* A new task's attach stop. */
                        sc_pidset_add(&seen, w, 0);
                        ptrace(PTRACE_CONT, w, NULL, NULL);
                        continue;
                }
                siginfo_t si;
                if (ptrace(PTRACE_GETSIGINFO, w, NULL, &si) < 0 &&
                    errno == EINVAL)
                        sig = 0; /* group-stop, not a signal to deliver */
                ptrace(PTRACE_CONT, w, NULL, (void *)(long)sig);
        }
        if (!main_done)
                status = 127;

out:
        main_pid = 0;
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
        if (r < 0) {
                /* PTRACE_O_EXITKILL only fires when we exit; do not leave
                 * tasks stopped behind us meanwhile. */
                kill(pid, SIGKILL);
                size_t i = 0;
                int task;
                while (sc_pidset_next(&seen, &i, &task))
                        kill(task, SIGKILL);
                sc_pidset_clear(&seen);
                return r;
        }
        sc_pidset_clear(&seen);
        *ret_status = status;
        if (ret_stats)
                *ret_stats = stats;
        return 0;
}
