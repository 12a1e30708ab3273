/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccompctl run: compile a profile, install it the way runc (or crun)
 * would, and execve the command.  Fails closed: any problem before the
 * execve means the command does not run, and seccompctl exits 125.
 *
 * Without --explain and without SCMP_ACT_NOTIFY rules seccompctl installs
 * the filter into itself and execs the command (same pid, like runc's
 * init).  Otherwise the command runs as a child: the parent forwards the
 * notify listener fd to listenerPath (runc's hand-off) and/or collects the
 * kernel's audit records of the child's process tree.
 */
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "bpf.h"
#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "loader.h"
#include "notify.h"
#include "run-explain.h"
#include "syscalls.h"
#include "verbs.h"

#define CAP_SYS_ADMIN_NR 21

enum profile_source {
        SRC_NONE,
        SRC_FILE,
        SRC_RUNTIME_DEFAULT,
        SRC_UNCONFINED,
        SRC_LOCALHOST,
};

struct run_opts {
        enum profile_source source;
        const char *profile;       /* --profile FILE */
        const char *type;          /* --type */
        const char *localhost;     /* --localhost-profile REL */
        const char *root;          /* --root DIR */
        bool explain;
        bool keep_privs;           /* no PR_SET_NO_NEW_PRIVS */
        const char *container_id;
        struct cli_target_opts to;
};

static void help(void)
{
        printf("Usage: %s run [PROFILE OPTIONS] [--explain] [OPTIONS] -- CMD [ARGS...]\n"
               "\n"
               "Run CMD under a seccomp profile, enforced by the kernel exactly as runc\n"
               "(or crun, with --compat crun) would enforce it on a container: the\n"
               "profile is resolved (Docker format: archMap, includes/excludes for the\n"
               "capabilities and architecture), compiled to classic BPF with the\n"
               "runtime's semantics (runc's ENOSYS stub for syscalls newer than the\n"
               "profile, i386 socketcall, ...), installed with\n"
               "PR_SET_NO_NEW_PRIVS and seccomp(2) with the profile's flags (SPEC_ALLOW\n"
               "when it has no flags key; with no flags at all, prctl(PR_SET_SECCOMP) as\n"
               "runc does), and then CMD is executed.  Every thread and child of CMD\n"
               "inherits the filter; nothing can remove it.\n"
               "\n"
               "Argument rules mean what libseccomp 2.5.4 (linked by runc 1.1.5 and\n"
               "crun 1.8.1) makes of them, not what reading them in order says: all\n"
               "rules of a syscall are merged into one decision tree, tried by argument,\n"
               "word, operator class and value, not by profile order, and a test can\n"
               "run on the last word an inner level loaded; some rules are dropped as\n"
               "redundant, and a profile libseccomp refuses (EEXIST) is refused here\n"
               "with the runtime's message.  `check` names every input where that\n"
               "differs from the literal reading; --compat literal enforces the\n"
               "literal reading instead (rules in order, the first match wins).\n"
               "\n"
               "Profile options (exactly one):\n"
               "  --profile FILE          OCI or Docker-format profile, a whole OCI\n"
               "                          config.json, or a Security Profiles Operator\n"
               "                          SeccompProfile (JSON or YAML)\n"
               "  --runtime-default       the built-in RuntimeDefault profile (see\n"
               "                          '%s default'); with --runtime cri-o, CRI-O's\n"
               "                          (also for --type RuntimeDefault)\n"
               "  --unconfined            no filter at all\n"
               "  --type TYPE             Kubernetes form: Unconfined, RuntimeDefault or\n"
               "                          Localhost\n"
               "  --localhost-profile REL with --type Localhost: the profile at\n"
               "                          ROOT/REL; like the kubelet, REL must be relative,\n"
               "                          must not contain '..' and the file must exist,\n"
               "                          else the command does not start\n"
               "                          (CreateContainerError)\n"
               "  --root DIR              the kubelet's seccomp root (default %s)\n"
               "\n"
               "Other options:\n"
               "  --explain               afterwards, print on stderr which syscalls were\n"
               "                          denied, trapped or killed, how often and by which\n"
               "                          process, from the kernel's audit records\n"
               "                          (SECCOMP_FILTER_FLAG_LOG and the audit netlink\n"
               "                          multicast group; needs CAP_AUDIT_READ, i.e. root)\n"
               "  --compat runc|crun|literal  whose semantics to follow (default runc)\n"
               "  --target ARCH           must be this machine's architecture (the\n"
               "                          default); anything else is refused\n"
               "  --caps LIST             capabilities for Docker includes/excludes\n"
               "                          (default: Docker's default set)\n"
               "  --keep-privs            do not set PR_SET_NO_NEW_PRIVS (needs\n"
               "                          CAP_SYS_ADMIN; setuid binaries keep working)\n"
               "  --id ID                 container id sent to a NOTIFY listener\n"
               "  -h, --help              show this help\n"
               "\n"
               "SCMP_ACT_NOTIFY rules: the listener fd is sent to the profile's\n"
               "listenerPath like runc does (one sendmsg: the container-state JSON with\n"
               "listenerMetadata, the fd by SCM_RIGHTS); see '%s notify-listen'.\n"
               "\n"
               "Signals: with --explain or NOTIFY rules CMD runs as a child, in a\n"
               "process group of its own (the terminal's foreground when seccompctl\n"
               "had it, so ^C, ^\\ and ^Z reach CMD and its children directly).\n"
               "SIGTERM, SIGINT, SIGQUIT and SIGHUP sent to seccompctl are forwarded\n"
               "to that whole group.  If seccompctl itself is killed with SIGKILL,\n"
               "CMD (its direct child) is killed too (PR_SET_PDEATHSIG), but processes\n"
               "CMD started keep running, still under the filter (it cannot be\n"
               "removed), and so do any that left the group (setsid, setpgid).\n"
               "Otherwise seccompctl execs CMD in place: same pid, signals reach it\n"
               "as they would any command.\n"
               "\n"
               "Exit status:\n"
               "  N      CMD's exit status\n"
               "  128+N  CMD was killed by signal N (159 = SIGSYS: a KILL action)\n"
               "  125    seccompctl failed (usage error, bad profile, filter refused,\n"
               "         missing Localhost file, no listener): CMD did not run\n"
               "  126    CMD could not be executed (e.g. the profile denies execve)\n"
               "  127    CMD was not found\n"
               "\n"
               "Examples:\n"
               "  %s run --profile violation.json --explain -- ./http-echo\n"
               "  %s run --runtime-default -- sh -c 'unshare -U true'\n"
               "  %s run --type Localhost --localhost-profile profiles/audit.json -- ls\n",
               program_name, program_name, KUBE_DEFAULT_SECCOMP_ROOT, program_name,
               program_name, program_name, program_name);
}

/* ---- loading the profile ---- */

/* The kubelet's rules for a Localhost profile (pkg/kubelet/kuberuntime
 * helpers + API validation): relative, no '..' element, must exist. */
static void run_opts_clear(struct run_opts *o)
{
        cli_target_opts_clear(&o->to);
}

static int localhost_path(const struct run_opts *o, char **ret)
{
        const char *rel = o->localhost;
        const char *root = o->root ? o->root : KUBE_DEFAULT_SECCOMP_ROOT;

        if (!rel || !*rel) {
                cli_error("run: localhostProfile: Required value: must be set "
                          "when seccomp type is Localhost");
                return -EINVAL;
        }
        if (rel[0] == '/') {
                cli_error("run: localhostProfile: Invalid value: \"%s\": must be "
                          "a relative path", rel);
                return -EINVAL;
        }
        _cleanup_free_ char *copy = xstrdup(rel);
        for (char *save = NULL, *t = strtok_r(copy, "/", &save); t;
             t = strtok_r(NULL, "/", &save))
                if (streq(t, "..")) {
                        cli_error("run: localhostProfile: Invalid value: \"%s\": "
                                  "must not contain '..'", rel);
                        return -EINVAL;
                }
        char *path = xasprintf("%s/%s", root, rel);
        struct stat st;
        if (stat(path, &st) < 0) {
                int e = errno;
                _cleanup_free_ char *msg = kube_load_error(path, "open", e);
                cli_error("run: CreateContainerError: %s", msg);
                free(path);
                return -e;
        }
        *ret = path;
        return 0;
}

static int load_profile(const struct run_opts *o, struct sc_profile **ret)
{
        _cleanup_free_ char *path = NULL;
        struct cli_target_opts lo = o->to;
        int r;

        lo.defer_warnings = true; /* prepare() reports the compiler's */
        switch (o->source) {
        case SRC_UNCONFINED:
                *ret = NULL;
                return 0;
        case SRC_RUNTIME_DEFAULT:
                r = cli_runtime_default(&o->to, ret);
                if (r < 0)
                        cli_error_errno(r, "run: cannot resolve the built-in "
                                           "RuntimeDefault profile");
                return r;
        case SRC_LOCALHOST: {
                r = localhost_path(o, &path);
                if (r < 0)
                        return r;
                /* The runtime reads a Localhost file as the bare profile in
                 * strict JSON: a config.json, an SPO resource or YAML there
                 * is a CreateContainerError, as 'resolve' says, although
                 * --profile takes them. */
                _cleanup_free_ char *buf = NULL;
                size_t len = 0;
                r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len);
                if (r < 0) {
                        _cleanup_free_ char *msg = kube_load_error(path, "read", -r);
                        cli_error("run: CreateContainerError: %s", msg);
                        return r;
                }
                _cleanup_free_ char *err = kube_check_profile(buf, len, path, NULL);
                if (err) {
                        cli_error("run: CreateContainerError: %s", err);
                        return -EINVAL;
                }
                return cli_load_resolved(path, &lo, ret);
        }
        case SRC_FILE:
                return cli_load_resolved(o->profile, &lo, ret);
        case SRC_NONE:
                break;
        }
        cli_error("run: no profile given (--profile, --runtime-default, "
                  "--unconfined or --type)");
        return -EINVAL;
}

static bool profile_notifies(const struct sc_profile *p)
{
        if (p->default_action == SC_ACT_NOTIFY)
                return true;
        for (size_t i = 0; i < p->n_rules; i++)
                if (p->rules[i].action == SC_ACT_NOTIFY)
                        return true;
        return false;
}

/* ---- the command ---- */

/* PATH search done before the filter is installed: a missing command is
 * reported without running anything under the profile. */
static char *find_command(const char *cmd)
{
        if (strchr(cmd, '/'))
                return xstrdup(cmd);
        const char *path = getenv("PATH");
        if (!path || !*path)
                path = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
        _cleanup_free_ char *copy = xstrdup(path);
        for (char *save = NULL, *d = strtok_r(copy, ":", &save); d;
             d = strtok_r(NULL, ":", &save)) {
                char *full = xasprintf("%s/%s", *d ? d : ".", cmd);
                struct stat st;
                if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
                    access(full, X_OK) == 0)
                        return full;
                free(full);
        }
        return NULL;
}

/* ---- installing ---- */

struct prepared {
        struct sc_filter *filter;   /* NULL: unconfined */
        struct sc_load_opts load;
        bool notify;
        /* The filter refuses execve itself (violation.json): the process
         * that tries cannot even report or exit afterwards, so the command
         * runs as a child we can observe. */
        bool exec_denied;
        char *listener_path;
        char *listener_metadata;
};

static void prepared_clear(struct prepared *p)
{
        sc_filter_free(p->filter);
        free(p->listener_path);
        free(p->listener_metadata);
}

/* Threads of this process (/proc/self/status); 0 when unknown. */
static unsigned count_threads(void)
{
        char line[128];
        unsigned n = 0;
        _cleanup_fclose_ FILE *f = fopen("/proc/self/status", "re");
        while (f && fgets(line, sizeof(line), f))
                if (sscanf(line, "Threads: %u", &n) == 1)
                        break;
        return n;
}

static int prepare(const struct run_opts *o, struct prepared *ret)
{
        _cleanup_(sc_profile_freep) struct sc_profile *p = NULL;
        int r = load_profile(o, &p);
        if (r < 0)
                return r;
        sc_load_opts_init(&ret->load);
        if (!p)
                return 0;

        struct sc_compile_opts co;
        sc_compile_opts_init(&co, o->to.target);
        co.compat = o->to.compat;
        struct sc_diags d = { .max = 200 };
        r = sc_compile(p, &co, &d, &ret->filter);
        /* The built-in profile names syscalls newer than our tables, as
         * Docker's does; skipping them is expected, not worth a warning. */
        if (o->source != SRC_RUNTIME_DEFAULT || d.n_errors)
                cli_print_diags_brief(&d, p->file ? p->file : "profile");
        sc_diags_clear(&d);
        if (r < 0) {
                cli_error_errno(r, "run: cannot compile the profile");
                return r;
        }

        /* runc and crun: an absent flags key means SPEC_ALLOW (they do
         * not want the speculative-store-bypass mitigation forced on);
         * "flags": [] means none. */
        uint32_t flags = p->has_flags ? p->flags : SC_LOAD_FLAG_SPEC_ALLOW;
        /* runc accepts TSYNC in a profile but does not pass it to the
         * kernel; crun passes it through. */
        if (o->to.compat != SC_COMPAT_CRUN)
                flags &= ~SC_LOAD_FLAG_TSYNC;
        /* The filter must cover every thread.  seccompctl is single-
         * threaded when it installs (and execve leaves one thread), but
         * should a library have started one, TSYNC covers it, or the load
         * fails (closed). */
        if (count_threads() != 1)
                flags |= SC_LOAD_FLAG_TSYNC;
        if (o->explain)
                flags |= SC_LOAD_FLAG_LOG;
        ret->notify = profile_notifies(p);
        if (ret->notify) {
                if (!p->listener_path || !*p->listener_path) {
                        cli_error("run: the profile has SCMP_ACT_NOTIFY rules but "
                                  "no listenerPath");
                        return -EINVAL;
                }
                flags |= SC_LOAD_FLAG_NEW_LISTENER;
                ret->listener_path = xstrdup(p->listener_path);
                ret->listener_metadata =
                        xstrdup(p->listener_metadata ? p->listener_metadata : "");
        }
        ret->load.flags = flags;
        struct sc_seccomp_data sd = {
                .nr = SYS_execve,
                .arch = sc_arch_info(sc_arch_native())->audit_arch,
        };
        switch (sc_sim_run(ret->filter, &sd, NULL) & SC_RET_ACTION_FULL) {
        case SC_RET_ALLOW:
        case SC_RET_LOG:
        case SC_RET_USER_NOTIF:
        case SC_RET_TRACE:
                break;
        default:
                ret->exec_denied = true;
        }
        ret->load.retry_without_flags = o->to.compat == SC_COMPAT_CRUN;
        if (o->keep_privs) {
                if (!sc_have_effective_cap(CAP_SYS_ADMIN_NR)) {
                        cli_error("run: --keep-privs needs CAP_SYS_ADMIN");
                        return -EPERM;
                }
                ret->load.no_new_privs = false;
        }
        return 0;
}

static int install(const struct prepared *pr, int *ret_listener)
{
        *ret_listener = -1;
        if (!pr->filter)
                return 0;
        return sc_filter_install((const struct sock_filter *)pr->filter->insns,
                                 pr->filter->n, &pr->load, ret_listener);
}

/* ---- the child and the parent ---- */

static pid_t child_pid = -1;

/* The command runs in a process group of its own (its pid), so that a
 * signal for the workload reaches its children too, and not seccompctl's
 * own group (a pipeline's other commands). */
static void forward_signal(int sig)
{
        if (child_pid > 0 && kill(-child_pid, sig) < 0)
                kill(child_pid, sig); /* not yet in its group */
}

static int chld_pipe = -1;

static void on_sigchld(int sig)
{
        int e = errno;
        (void)sig;
        if (chld_pipe >= 0)
                (void)!write(chld_pipe, "c", 1);
        errno = e;
}

/* The controlling terminal when seccompctl is in its foreground (-1
 * otherwise): the terminal is then handed to the command's group, as a
 * shell does for a job, so ^C, ^\ and ^Z reach the workload directly and
 * it can read the terminal. */
static int foreground_tty(void)
{
        int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
                return -1;
        if (tcgetpgrp(fd) != getpgrp()) {
                close(fd);
                return -1;
        }
        return fd;
}

static void tty_give(int tty_fd, pid_t pgrp)
{
        if (tty_fd < 0)
                return;
        /* tcsetpgrp from a background group raises SIGTTOU: ignored
         * around the call. */
        struct sigaction ign = { .sa_handler = SIG_IGN }, old;
        sigaction(SIGTTOU, &ign, &old);
        (void)tcsetpgrp(tty_fd, pgrp);
        sigaction(SIGTTOU, &old, NULL);
}

/* The command stopped (^Z, SIGTSTP/SIGSTOP): with a terminal, take it
 * back and stop seccompctl too, so the shell sees the job stopped; on
 * SIGCONT (fg, bg) hand it back and continue the command's group. */
static void follow_stop(int tty_fd, pid_t pid, bool *stopped)
{
        if (tty_fd < 0 || *stopped)
                return;
        *stopped = true;
        tty_give(tty_fd, getpgrp());
        raise(SIGSTOP);
        /* Continued: in the foreground (fg) the terminal goes back to the
         * command; in the background (bg) it stays with the shell. */
        if (tcgetpgrp(tty_fd) == getpgrp())
                tty_give(tty_fd, pid);
        kill(-pid, SIGCONT);
        *stopped = false;
}

/* Reports from the child before execve: {stage, errno}. */
enum { STAGE_INSTALL = 1, STAGE_NOTIFY = 2, STAGE_EXEC = 3 };
struct child_report {
        int stage;
        int err;
};

/* After the filter is installed the child uses raw syscalls only: libc
 * and sanitizer wrappers make calls of their own (a sanitizer's write
 * interceptor aborts when write fails), which the profile may deny. */
static void raw_write(int fd, const void *buf, size_t n)
{
        (void)syscall(SYS_write, fd, buf, n);
}

/* Under a profile that denies exit_group and exit too (violation.json),
 * _exit() cannot end the process; a fault needs no syscall.  A macro, not
 * a _Noreturn function: sanitizers instrument calls to those with
 * __asan_handle_no_return, which makes syscalls of its own. */
#if defined(__x86_64__) || defined(__i386__)
/* Not __builtin_trap(): sanitizers treat it as a noreturn call too. */
#define CHILD_TRAP() __asm__ volatile("ud2")
#else
#define CHILD_TRAP() __builtin_trap()
#endif
#define CHILD_DIE(status)                                                      \
        do {                                                                   \
                syscall(SYS_exit_group, (status));                             \
                syscall(SYS_exit, (status));                                   \
                for (;;)                                                       \
                        CHILD_TRAP();                                          \
        } while (0)

static _Noreturn void run_child(const struct prepared *pr, const char *path,
                                char **argv, int report_fd, int sync_fd,
                                int tty_fd)
{
        struct child_report rep = { 0, 0 };
        int listener = -1;

        /* A process group of its own, the terminal's foreground when
         * seccompctl had it (both sides do it: whichever runs first). */
        (void)setpgid(0, 0);
        tty_give(tty_fd, getpid());
        if (tty_fd >= 0)
                close(tty_fd);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        /* Die with seccompctl rather than run unobserved. */
        (void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        /* CHILD_DIE() may end in a trap; a sanitizer's SIGILL handler
         * would try to report it with syscalls the profile denies (and
         * its signal() interceptor would keep the handler: raw call). */
        struct {
                void *handler;
                unsigned long flags;
                void *restorer;
                uint64_t mask;
        } dfl = { SIG_DFL, 0, NULL, 0 };
        syscall(SYS_rt_sigaction, SIGILL, &dfl, NULL, sizeof(dfl.mask));
        syscall(SYS_rt_sigaction, SIGTRAP, &dfl, NULL, sizeof(dfl.mask));

        int r = install(pr, &listener);
        if (r < 0) {
                rep = (struct child_report){ STAGE_INSTALL, -r };
                raw_write(report_fd, &rep, sizeof(rep));
                CHILD_DIE(EXIT_RUN_FAILED);
        }
        if (pr->notify) {
                /* As runc's init: hand the fd to the parent, which talks to
                 * the agent, and wait until it has been delivered. */
                char ack;
                r = sc_send_fd(sync_fd, "fd", 2, listener);
                if (r >= 0 && read(sync_fd, &ack, 1) != 1)
                        r = -EPIPE;
                if (r >= 0 && ack != 'y')
                        r = -ECONNREFUSED;
                if (r < 0) {
                        rep = (struct child_report){ STAGE_NOTIFY, -r };
                        raw_write(report_fd, &rep, sizeof(rep));
                        CHILD_DIE(EXIT_RUN_FAILED);
                }
                close(listener);
        }
        if (sync_fd >= 0)
                close(sync_fd);
        syscall(SYS_execve, path, argv, environ);
        rep = (struct child_report){ STAGE_EXEC, errno };
        raw_write(report_fd, &rep, sizeof(rep));
        CHILD_DIE(rep.err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

static int hand_over_listener(const struct run_opts *o, const struct prepared *pr,
                              pid_t pid, int sync_fd)
{
        char buf[16];
        size_t len;
        int fd = -1;
        int r = sc_recv_fd(sync_fd, buf, sizeof(buf), &len, &fd);
        if (r >= 0 && fd < 0)
                r = -EBADMSG;
        if (r < 0)
                return r; /* the child failed earlier; its report says why */
        _cleanup_free_ char *cwd = getcwd(NULL, 0);
        _cleanup_free_ char *id = o->container_id ? xstrdup(o->container_id)
                                                  : xasprintf("seccompctl-%d", (int)pid);
        struct sc_notify_state st = {
                .oci_version = o->to.compat == SC_COMPAT_CRUN ? "0.2.0" : NULL,
                .id = id,
                .status = "creating",
                .bundle = cwd ? cwd : "",
                .metadata = pr->listener_metadata,
                .pid = pid,
                .pretty = o->to.compat == SC_COMPAT_CRUN,
        };
        _cleanup_free_ char *json = sc_notify_state_json(&st);
        r = sc_notify_send(pr->listener_path, json, fd);
        close(fd);
        if (r < 0) {
                cli_error_errno(r, "run: cannot send the seccomp listener to %s",
                                pr->listener_path);
                (void)!write(sync_fd, "n", 1);
                return r;
        }
        if (write(sync_fd, "y", 1) != 1)
                return -errno;
        return 0;
}

static int report_child_failure(const struct child_report *rep, const char *cmd)
{
        switch (rep->stage) {
        case STAGE_INSTALL:
                cli_error_errno(-rep->err, "run: the kernel refused the filter");
                return EXIT_RUN_FAILED;
        case STAGE_NOTIFY:
                cli_error_errno(-rep->err, "run: seccomp listener hand-off failed");
                return EXIT_RUN_FAILED;
        case STAGE_EXEC:
                cli_error_errno(-rep->err, "run: cannot execute %s", cmd);
                return rep->err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
        default:
                return -1;
        }
}

static void read_comm(const char *path, char *buf, size_t n)
{
        buf[0] = '\0';
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t r = fd >= 0 ? read(fd, buf, n - 1) : -1;
        if (r > 0) {
                buf[r] = '\0';
                buf[strcspn(buf, "\n")] = '\0';
        }
}

/* A child that ended without a report: did it ever execve?  When the
 * profile denies execve, write and exit too, the child cannot tell us; its
 * zombie still carries our comm then (exec would have replaced it). */
static bool child_never_execed(pid_t pid)
{
        char mine[64], theirs[64], path[64];
        siginfo_t si;
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
                return false;
        snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
        read_comm(path, theirs, sizeof(theirs));
        read_comm("/proc/self/comm", mine, sizeof(mine));
        return mine[0] && streq(mine, theirs);
}

static int wait_status(int st)
{
        if (WIFSIGNALED(st))
                return 128 + WTERMSIG(st);
        return WEXITSTATUS(st);
}

/* The parent's side of a supervised run. */
struct supervisor {
        pid_t pid;
        int tty_fd;        /* the terminal when seccompctl had it, else -1 */
        int chld[2];       /* SIGCHLD notes, with a terminal */
        bool stopped;
};

static pid_t start_child(const struct prepared *pr, const char *path,
                         char **argv, const int report[2], const int sync[2],
                         const struct explain *x, int tty_fd)
{
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                close(report[0]);
                if (sync[0] >= 0)
                        close(sync[0]);
                explain_close_fds(x);
                run_child(pr, path, argv, report[1], sync[1], tty_fd);
        }
        (void)setpgid(pid, pid);
        tty_give(tty_fd, pid);
        child_pid = pid;
        close(report[1]);
        if (sync[1] >= 0)
                close(sync[1]);
        return pid;
}

static void supervise_signals(struct supervisor *s)
{
        /* Signals for seccompctl go to the command's whole group: killing
         * the direct child alone left its children running. */
        struct sigaction sa = { .sa_handler = forward_signal, .sa_flags = SA_RESTART };
        static const int forwarded[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP };
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                sigaction(forwarded[i], &sa, NULL);
        /* Told when the command stops (SIGCHLD), to follow it. */
        if (s->tty_fd >= 0 && pipe2(s->chld, O_CLOEXEC | O_NONBLOCK) == 0) {
                chld_pipe = s->chld[1];
                struct sigaction sc = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART };
                sigaction(SIGCHLD, &sc, NULL);
        }
}

/* --explain: the command's records and forks as they come, until it has
 * exited, then those still on their way. */
static void explain_until_exit(struct supervisor *s, struct explain *x)
{
        int pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
        if (x->audit_fd < 0 || pidfd < 0) {
                if (pidfd >= 0)
                        close(pidfd);
                return;
        }
        for (;;) {
                struct pollfd p[4] = {
                        { .fd = pidfd, .events = POLLIN },
                        { .fd = x->audit_fd, .events = POLLIN },
                        { .fd = x->tree.fd, .events = POLLIN },
                        { .fd = s->chld[0], .events = POLLIN },
                };
                if (poll(p, 4, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                if (p[3].revents) {
                        char b[64];
                        while (read(s->chld[0], b, sizeof b) > 0)
                                ;
                        /* Stops only: an exit is the pidfd's. */
                        siginfo_t si = { 0 };
                        if (waitid(P_PID, (id_t)s->pid, &si, WSTOPPED | WNOHANG) == 0 &&
                            si.si_pid == s->pid)
                                follow_stop(s->tty_fd, s->pid, &s->stopped);
                }
                if (p[2].revents)
                        explain_read_forks(x);
                if (p[1].revents)
                        explain_read_records(x);
                if (p[0].revents)
                        break;
        }
        explain_finish(x);
        close(pidfd);
}

/* Reap the command, following its stops; then the terminal back to
 * seccompctl's group, and no more SIGCHLD notes into a pipe about to
 * close.  0 or -errno. */
static int supervise_wait(struct supervisor *s, int *ret_status)
{
        int st;
        for (;;) {
                if (waitpid(s->pid, &st, s->tty_fd >= 0 ? WUNTRACED : 0) < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (!WIFSTOPPED(st))
                        break;
                follow_stop(s->tty_fd, s->pid, &s->stopped);
        }
        child_pid = -1;
        if (s->tty_fd >= 0 && tcgetpgrp(s->tty_fd) == s->pid)
                tty_give(s->tty_fd, getpgrp());
        if (s->tty_fd >= 0)
                close(s->tty_fd);
        signal(SIGCHLD, SIG_DFL);
        chld_pipe = -1;
        if (s->chld[0] >= 0) {
                close(s->chld[0]);
                close(s->chld[1]);
        }
        *ret_status = st;
        return 0;
}

/* The exit status: a failure the child reported before execve, else the
 * command's own. */
static int run_status(const struct child_report *rep, bool reported,
                      bool handoff_failed, bool never_execed, int st,
                      const char *cmd)
{
        /* A hand-off the parent refused was reported there, with its
         * reason; the child's "refused" is the same failure, not a second
         * one. */
        int rc = !reported                                       ? -1
                 : handoff_failed && rep->stage == STAGE_NOTIFY ? EXIT_RUN_FAILED
                                                                 : report_child_failure(rep, cmd);
        if (handoff_failed)
                rc = EXIT_RUN_FAILED;
        if (rc < 0 && never_execed) {
                cli_error("run: cannot execute %s: the profile denies execve "
                          "(and the calls to report or exit)", cmd);
                rc = EXIT_CANNOT_EXEC;
        }
        return rc < 0 ? wait_status(st) : rc;
}

static int run_supervised(const struct run_opts *o, const struct prepared *pr,
                          const char *path, char **argv)
{
        _cleanup_(explain_done) struct explain x = { .audit_fd = -1, .tree = { .fd = -1 } };
        struct supervisor s = { .chld = { -1, -1 } };
        int report[2], sync[2] = { -1, -1 };

        if (o->explain)
                explain_open(&x, pr->filter);
        if (pipe2(report, O_CLOEXEC) < 0) {
                cli_error_errno(-errno, "run: pipe");
                return EXIT_RUN_FAILED;
        }
        if (pr->notify &&
            socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0) {
                cli_error_errno(-errno, "run: socketpair");
                return EXIT_RUN_FAILED;
        }
        s.tty_fd = foreground_tty();
        s.pid = start_child(pr, path, argv, report, sync, &x, s.tty_fd);
        if (s.pid < 0) {
                cli_error_errno(s.pid, "run: fork");
                return EXIT_RUN_FAILED;
        }
        supervise_signals(&s);

        bool handoff_failed = false;
        if (pr->notify && hand_over_listener(o, pr, s.pid, sync[0]) < 0) {
                /* Fail closed: the command must not run without its agent. */
                kill(s.pid, SIGKILL);
                handoff_failed = true;
        }
        if (sync[0] >= 0)
                close(sync[0]);

        explain_follow(&x, s.pid);
        explain_until_exit(&s, &x);

        struct child_report rep = { 0, 0 };
        bool reported = read(report[0], &rep, sizeof(rep)) == (ssize_t)sizeof(rep);
        close(report[0]);
        bool never_execed = !reported && child_never_execed(s.pid);
        int st, r = supervise_wait(&s, &st);
        if (r < 0) {
                cli_error_errno(r, "run: waitpid");
                return EXIT_RUN_FAILED;
        }
        int rc = run_status(&rep, reported, handoff_failed, never_execed, st, argv[0]);
        if (x.audit_fd >= 0)
                explain_print(&x);
        return rc;
}

static int run_direct(const struct prepared *pr, const char *path, char **argv)
{
        int listener;
        int r = install(pr, &listener);
        if (r < 0) {
                cli_error_errno(r, "run: the kernel refused the filter");
                return EXIT_RUN_FAILED;
        }
        execv(path, argv);
        /* Under the filter now: printing may itself be denied. */
        int e = errno;
        cli_error_errno(-e, "run: cannot execute %s", argv[0]);
        return e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

static int set_source(struct run_opts *o, enum profile_source s)
{
        if (o->source != SRC_NONE && o->source != s) {
                cli_error("run: give only one of --profile, --runtime-default, "
                          "--unconfined, --type");
                return -EINVAL;
        }
        o->source = s;
        return 0;
}

static int parse_type(struct run_opts *o, const char *t)
{
        static const struct {
                const char *name;
                enum profile_source src;
        } types[] = {
                { "Unconfined", SRC_UNCONFINED },
                { "RuntimeDefault", SRC_RUNTIME_DEFAULT },
                { "Localhost", SRC_LOCALHOST },
        };
        for (size_t i = 0; i < ELEMENTSOF(types); i++)
                if (streq(t, types[i].name))
                        return set_source(o, types[i].src);
        cli_error("run: type: Unsupported value: \"%s\": supported values: "
                  "\"Localhost\", \"RuntimeDefault\", \"Unconfined\"", t);
        return -EINVAL;
}

/* 0, 1 when --help was shown, -EINVAL (said). */
static int parse_options(int argc, char **argv, struct run_opts *o)
{
        enum {
                OPT_PROFILE = 0x100,
                OPT_RUNTIME_DEFAULT,
                OPT_RUNTIME,
                OPT_UNCONFINED,
                OPT_TYPE,
                OPT_LOCALHOST,
                OPT_ROOT,
                OPT_EXPLAIN,
                OPT_COMPAT,
                OPT_TARGET,
                OPT_CAPS,
                OPT_KEEP_PRIVS,
                OPT_ID,
        };
        static const struct option longopts[] = {
                { "profile", required_argument, NULL, OPT_PROFILE },
                { "runtime-default", no_argument, NULL, OPT_RUNTIME_DEFAULT },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "unconfined", no_argument, NULL, OPT_UNCONFINED },
                { "type", required_argument, NULL, OPT_TYPE },
                { "localhost-profile", required_argument, NULL, OPT_LOCALHOST },
                { "root", required_argument, NULL, OPT_ROOT },
                { "explain", no_argument, NULL, OPT_EXPLAIN },
                { "compat", required_argument, NULL, OPT_COMPAT },
                { "target", required_argument, NULL, OPT_TARGET },
                { "arch", required_argument, NULL, OPT_TARGET },
                { "caps", required_argument, NULL, OPT_CAPS },
                { "keep-privs", no_argument, NULL, OPT_KEEP_PRIVS },
                { "id", required_argument, NULL, OPT_ID },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c, r = 0;

        optind = 0;
        /* '+': stop at the command, its options are its own. */
        while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) >= 0) {
                switch (c) {
                case OPT_PROFILE:
                        o->profile = optarg;
                        r = set_source(o, SRC_FILE);
                        break;
                case OPT_RUNTIME_DEFAULT:
                        r = set_source(o, SRC_RUNTIME_DEFAULT);
                        break;
                case OPT_RUNTIME: {
                        unsigned rt;
                        r = cli_runtime_parse("run", CLI_RUNTIME_DEFAULT_OF, optarg, &rt);
                        o->to.runtime = r < 0 ? o->to.runtime : (enum kube_runtime)rt;
                        break;
                }
                case OPT_UNCONFINED:
                        r = set_source(o, SRC_UNCONFINED);
                        break;
                case OPT_TYPE:
                        o->type = optarg;
                        r = parse_type(o, optarg);
                        break;
                case OPT_LOCALHOST:
                        o->localhost = optarg;
                        break;
                case OPT_ROOT:
                        o->root = optarg;
                        break;
                case OPT_EXPLAIN:
                        o->explain = true;
                        break;
                case OPT_COMPAT:
                        r = cli_target_opt(&o->to, "--compat", optarg);
                        break;
                case OPT_TARGET:
                        r = cli_target_opt(&o->to, "--target", optarg);
                        break;
                case OPT_CAPS:
                        r = cli_target_opt(&o->to, "--caps", optarg);
                        break;
                case OPT_KEEP_PRIVS:
                        o->keep_privs = true;
                        break;
                case OPT_ID:
                        o->container_id = optarg;
                        break;
                case 'h':
                        help();
                        return 1;
                default:
                        return -EINVAL;
                }
                if (r < 0)
                        return r;
        }
        if (o->localhost && o->source != SRC_LOCALHOST) {
                cli_error("run: localhostProfile: Invalid value: \"%s\": can only "
                          "be set when seccomp type is Localhost", o->localhost);
                return -EINVAL;
        }
        if (optind >= argc) {
                cli_error("run: no command given (seccompctl run [OPTIONS] -- CMD "
                          "[ARGS...])");
                return -EINVAL;
        }
        /* Like runc, the filter's native section must be this kernel's:
         * any other target would send every call to the bad-arch action. */
        if (o->to.target != sc_arch_native()) {
                cli_error("run: --target %s is not this machine's architecture (%s); "
                          "a container's filter is always built for the host",
                          sc_arch_info(o->to.target)->name,
                          sc_arch_info(sc_arch_native())->name);
                return -EINVAL;
        }
        return 0;
}

int verb_run(int argc, char **argv)
{
        _cleanup_(run_opts_clear) struct run_opts o = {};
        _cleanup_(prepared_clear) struct prepared pr = {};
        _cleanup_free_ char *path = NULL;
        int r;

        cli_target_opts_init(&o.to);
        r = parse_options(argc, argv, &o);
        /* Like docker/podman run: 125 for every error of seccompctl's own,
         * usage errors included, so it never mixes with CMD's statuses. */
        if (r != 0)
                return r > 0 ? EXIT_OK : EXIT_RUN_FAILED;
        char **cmd = argv + optind;
        path = find_command(cmd[0]);
        if (!path) {
                cli_error("run: %s: command not found", cmd[0]);
                return EXIT_NOT_FOUND;
        }
        if (prepare(&o, &pr) < 0)
                return EXIT_RUN_FAILED;
        if (o.explain || pr.notify || pr.exec_denied)
                return run_supervised(&o, &pr, path, cmd);
        return run_direct(&pr, path, cmd);
}
