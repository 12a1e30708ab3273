/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl hook: an OCI hook that records a container with the eBPF
 * recorder, as Podman's oci-seccomp-bpf-hook does, when its annotation
 * io.containers.trace-syscall asks for it. */
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <syslog.h>

#include "cli.h"
#include "ebpf.h"
#include "fileio.h"
#include "merge.h"
#include "ocihook.h"
#include "recorder.h"
#include "verbs.h"

/* The state directory: HOOK_STATE_REL below HOOK_RUN_DIR. */
#define HOOK_RUN_DIR "/run"
#define HOOK_STATE_REL "seccompctl/hook"
#define HOOK_STATE_DIR HOOK_RUN_DIR "/" HOOK_STATE_REL
#define HOOK_MAX_STATE (1U << 20)

static void help(void)
{
        printf("Usage: %s hook [prestart|createRuntime|poststop]\n"
               "\n"
               "An OCI hook (runc, crun and CRI-O run it from config.json's hooks, with\n"
               "the container's state on standard input) that records the container\n"
               "with the eBPF recorder when its annotation asks for it, as Podman's\n"
               "oci-seccomp-bpf-hook does:\n"
               "\n"
               "  \"io.containers.trace-syscall\": \"of:/abs/out.json\"\n"
               "  \"io.containers.trace-syscall\": \"if:/abs/base.json;of:/abs/out.json\"\n"
               "\n"
               "Containers without the annotation are left alone (exit 0 at once).\n"
               "\n"
               "From prestart or createRuntime (the container's first process exists,\n"
               "the runtime is still setting it up) the hook loads the recorder, adds\n"
               "the process and its descendants, and leaves a recorder process behind\n"
               "that waits for the container's process to exit, then writes the\n"
               "allow-list profile to of: (atomically; with if:, the union of that\n"
               "profile and what was recorded).  The profile holds everything from the\n"
               "hook on: the runtime's remaining set-up in the container (pivot_root,\n"
               "its own seccomp(2), closing file descriptors), execve, and the\n"
               "workload.  From poststop it waits until that profile is written, so it\n"
               "is there when the runtime returns.  Without a stage argument the\n"
               "state's status decides (\"stopped\": poststop).\n"
               "\n"
               "Needs what the eBPF recorder needs (root: CAP_BPF and CAP_PERFMON, the\n"
               "kernel's BTF, x86_64): when it cannot run, or the annotation is not\n"
               "well-formed, the hook fails and so does the container's creation -- a\n"
               "recording asked for is not skipped silently.  The paths are written by\n"
               "root: whoever may set a container's annotations may choose them.\n"
               "Errors after the hook has returned go to syslog.  For Podman and\n"
               "CRI-O, deploy/oci-hooks.d/seccompctl-trace.json is the hooks.d file.\n"
               "\n"
               "Options:\n"
               "  -h, --help   show this help\n"
               "\n"
               "Exit status:\n"
               "  0  recording started, or not asked for; poststop: the profile is\n"
               "     written\n"
               "  1  the state or the annotation is invalid, the recorder cannot run,\n"
               "     or (poststop) no profile was written\n"
               "  2  usage error\n"
               "\n"
               "Example (config.json):\n"
               "  \"annotations\": {\"io.containers.trace-syscall\": \"of:/tmp/ctr.json\"},\n"
               "  \"hooks\": {\"prestart\": [{\"path\": \"/usr/local/bin/seccompctl\",\n"
               "                           \"args\": [\"seccompctl\", \"hook\", \"prestart\"]}],\n"
               "            \"poststop\": [{\"path\": \"/usr/local/bin/seccompctl\",\n"
               "                           \"args\": [\"seccompctl\", \"hook\", \"poststop\"]}]}\n",
               program_name);
}

/* The lock file that tells poststop a recording of this container is
 * under way: held (LOCK_EX) by the recorder until the profile is written.
 * Its name in the state directory. */
static char *lock_name(const char *id)
{
        _cleanup_free_ char *safe = xstrdup(id);
        for (char *p = safe; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
                        *p = '_';
        if (safe[0] == '.')
                safe[0] = '_';
        return xasprintf("%s.lock", safe);
}

/* The state directory (made 0700 with create), walked below /run as
 * install walks the kubelet's root: never through a symlink, or one
 * planted at /run/seccompctl would have this root hook create and unlink
 * lock files wherever it points.  On failure, says why (unless the
 * directory is merely missing and !create). */
static int open_state_dir(bool create, int *ret_fd)
{
        _cleanup_close_ int run = open(HOOK_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        size_t at = 0;
        int r = run < 0 ? -errno
                        : open_dir_beneath(run, HOOK_STATE_REL, create, 0700, ret_fd, &at);
        if (r == -ELOOP || r == -ENOTDIR)
                cli_error("hook: refusing to use %s: %s/%.*s is %s", HOOK_STATE_DIR,
                          HOOK_RUN_DIR, (int)at, HOOK_STATE_REL,
                          r == -ELOOP ? "a symlink" : "not a directory");
        else if (r < 0 && (create || r != -ENOENT))
                cli_error_errno(r, "hook: cannot open %s", HOOK_STATE_DIR);
        return r;
}

static int wait_exit(pid_t pid)
{
        int fd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (fd >= 0) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                while (poll(&p, 1, -1) < 0 && errno == EINTR)
                        ;
                close(fd);
                return 0;
        }
        /* Kernels before 5.3: look every 100 ms. */
        while (kill(pid, 0) == 0 || errno == EPERM)
                usleep(100 * 1000);
        return 0;
}

/* The recorder left behind: no terminal, no runtime pipes (the runtime
 * waits for the hook's output to close), errors to syslog. */
static _Noreturn void recorder(struct sc_ebpf *e, pid_t pid,
                               const struct sc_profile *base, const char *out,
                               const char *id, int lockfd, int state_fd,
                               const char *lock)
{
        _cleanup_(sc_recorder_freep) struct sc_recorder *rec = sc_recorder_new();
        _cleanup_(sc_profile_freep) struct sc_profile *prof = NULL;
        _cleanup_free_ char *json = NULL;
        int r, null = open("/dev/null", O_RDWR | O_CLOEXEC);

        if (null >= 0) {
                dup2(null, 0);
                dup2(null, 1);
                dup2(null, 2);
                close(null);
        }
        setsid();
        openlog("seccompctl-hook", LOG_PID, LOG_DAEMON);
        wait_exit(pid);
        r = cli_ebpf_collect(e, rec, "hook", NULL);
        if (r < 0)
                syslog(LOG_ERR, "container %s: reading the recorder's maps failed: %s",
                       id, strerror(-r));
        else if (r > 0)
                syslog(LOG_WARNING, "container %s: the recorder lost events: the profile may be incomplete",
                       id);
        prof = sc_recorder_profile(rec);
        if (base) {
                const struct sc_profile *both[] = { base, prof };
                struct sc_profile *m = NULL;
                if (sc_profile_merge(both, 2, &m) >= 0) {
                        sc_profile_free(prof);
                        prof = m;
                }
        }
        json = sc_profile_to_json(prof, SC_JSON_PRETTY);
        r = r < 0 ? r : write_file_atomic(out, json, strlen(json), 0644);
        if (r < 0)
                syslog(LOG_ERR, "container %s: no profile written to %s: %s", id, out,
                       strerror(-r));
        unlinkat(state_fd, lock, 0);
        close(lockfd);
        _exit(r < 0 ? 1 : 0);
}

static int hook_start(const struct sc_oci_state *st, const struct sc_trace_spec *t)
{
        _cleanup_(sc_ebpf_freep) struct sc_ebpf *e = NULL;
        _cleanup_(sc_profile_freep) struct sc_profile *base = NULL;
        _cleanup_free_ char *lock = NULL;
        _cleanup_close_ int lockfd = -1, state_fd = -1;
        struct sc_ebpf_opts o = { .mode = SC_BPF_MODE_TGIDS, .count_calls = true };
        const char *why = "";
        pid_t child;
        int r;

        if (!st->id || st->pid <= 0) {
                cli_error("hook: the container state has no id or no pid");
                return 1;
        }
        /* Everything that can fail is checked before the container runs. */
        if (t->input) {
                struct cli_target_opts to;
                cli_target_opts_init(&to);
                r = cli_load_resolved(t->input, &to, &base);
                cli_target_opts_clear(&to);
                if (r < 0)
                        return 1;
        }
        _cleanup_free_ char *eid = sc_escape(st->id), *eout = sc_escape(t->output);
        r = check_output_path(t->output);
        if (r < 0) {
                cli_error_errno(r, "hook: cannot write %s", eout);
                return 1;
        }
        if (open_state_dir(true, &state_fd) < 0)
                return 1;
        lock = lock_name(st->id);
        lockfd = openat(state_fd, lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) < 0) {
                cli_error_errno(-errno, "hook: a recording of container %s is under way already",
                                eid);
                return 1;
        }
        r = sc_ebpf_open(&o, &e, &why);
        if (r < 0) {
                cli_error_errno(r, "hook: the eBPF recorder cannot run: %s", why);
                unlinkat(state_fd, lock, 0);
                return 1;
        }
        r = sc_ebpf_add_tree(e, (pid_t)st->pid);
        if (r < 0) {
                cli_error_errno(r, "hook: cannot follow the container's process %lld",
                                (long long)st->pid);
                unlinkat(state_fd, lock, 0);
                return 1;
        }
        fflush(NULL);
        child = fork();
        if (child < 0) {
                cli_error_errno(-errno, "hook: fork");
                unlinkat(state_fd, lock, 0);
                return 1;
        }
        if (child == 0)
                recorder(e, (pid_t)st->pid, base, t->output, st->id, lockfd, state_fd,
                         lock);
        /* The program stays attached through the recorder's copies of
         * its file descriptors; the lock is the recorder's now too. */
        return 0;
}

static int hook_poststop(const struct sc_oci_state *st, const struct sc_trace_spec *t)
{
        _cleanup_free_ char *lock = NULL;
        _cleanup_close_ int fd = -1, state_fd = -1;
        struct stat sb;

        if (!st->id) {
                cli_error("hook: the container state has no id");
                return 1;
        }
        lock = lock_name(st->id);
        /* No state directory: no recording was started here. */
        int r = open_state_dir(false, &state_fd);
        if (r < 0 && r != -ENOENT)
                return 1;
        if (state_fd >= 0)
                fd = openat(state_fd, lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0)
                while (flock(fd, LOCK_SH) < 0 && errno == EINTR)
                        ;
        if (stat(t->output, &sb) < 0) {
                _cleanup_free_ char *eid = sc_escape(st->id), *eout = sc_escape(t->output);
                cli_error("hook: container %s: no profile was written to %s (see syslog)",
                          eid, eout);
                return 1;
        }
        return 0;
}

int verb_hook(int argc, char **argv)
{
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                {},
        };
        _cleanup_free_ char *buf = NULL;
        struct sc_oci_state st = {};
        struct sc_trace_spec t = {};
        struct sc_diags diags = {};
        const char *stage = NULL, *why = NULL;
        bool poststop;
        size_t len;
        int c, r;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        if (optind < argc)
                stage = argv[optind++];
        if (optind < argc || (stage && !streq(stage, "prestart") &&
                              !streq(stage, "createRuntime") && !streq(stage, "poststop"))) {
                cli_error("hook: the stage is prestart, createRuntime or poststop");
                return EXIT_USAGE;
        }
        r = read_file_bounded("-", HOOK_MAX_STATE, &buf, &len);
        if (r < 0) {
                cli_error_errno(r, "hook: cannot read the container state on standard input");
                return 1;
        }
        r = sc_oci_state_parse(buf, len, &diags, &st);
        if (r < 0) {
                cli_print_diags(&diags);
                sc_diags_clear(&diags);
                return 1;
        }
        sc_diags_clear(&diags);
        if (!st.trace) {
                sc_oci_state_clear(&st);
                return 0; /* not asked to record this one */
        }
        r = sc_trace_spec_parse(st.trace, &t, &why);
        if (r < 0) {
                _cleanup_free_ char *v = sc_escape(st.trace);
                cli_error("hook: %s: %s: %s", SC_TRACE_ANNOTATION, v, why);
                sc_oci_state_clear(&st);
                return 1;
        }
        poststop = stage ? streq(stage, "poststop")
                         : st.status && streq(st.status, "stopped");
        r = poststop ? hook_poststop(&st, &t) : hook_start(&st, &t);
        sc_trace_spec_clear(&t);
        sc_oci_state_clear(&st);
        return r;
}
