/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccompctl notify-listen: a seccomp agent.  Listens on a unix socket for
 * runtimes (runc, crun, seccompctl run) that hand over a seccomp listener
 * fd, logs every notification and answers it with a fixed policy.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "cli.h"
#include "notify.h"
#include "syscalls.h"
#include "verbs.h"

#define MAX_CONTAINERS 64
/* Connections that have not yet handed over their listener: served side
 * by side (a client that connects and sends nothing must not hold up the
 * next runtime), each for at most PENDING_TIMEOUT_MS, at most MAX_PENDING
 * at a time (past that the oldest is closed). */
#define MAX_PENDING 16
#define PENDING_TIMEOUT_MS 10000

struct pending {
        int fd;
        uint64_t deadline_ms;
};

struct policy {
        bool cont;       /* SECCOMP_USER_NOTIF_FLAG_CONTINUE */
        int err;         /* else fail with this errno (0: return val 0) */
};

struct container {
        int fd;          /* the seccomp listener */
        int pid;
        char *id;
        char *metadata;
        size_t n_notifs;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
        (void)sig;
        stop = 1;
}

static void help(void)
{
        printf("Usage: %s notify-listen --socket PATH [OPTIONS]\n"
               "\n"
               "A seccomp agent for SCMP_ACT_NOTIFY rules.  Listens on the unix socket\n"
               "PATH (a profile's listenerPath) for runtimes that hand over a seccomp\n"
               "listener fd the way runc does (the container-process-state JSON plus the\n"
               "fd by SCM_RIGHTS in one message: runc, crun, '%s run').  Then\n"
               "every notified syscall of that container is logged on stdout, one line\n"
               "each, and answered with the policy:\n"
               "\n"
               "  notify: pid 4242 (mkdir) syscall mkdir (nr 83) args 0x7ffd..,0x1ed,..\n"
               "          container seccompctl-4242 metadata \"demo\" -> errno 1\n"
               "\n"
               "Hand-offs are served side by side: a client that connects and sends\n"
               "nothing is closed after 10 s, and of more than 16 such clients the\n"
               "oldest is closed; neither holds up a runtime's hand-off.  Names and\n"
               "metadata the workload or runtime chose are printed escaped.\n"
               "\n"
               "Options:\n"
               "  --socket PATH     where to listen (created; a stale socket is replaced)\n"
               "  --policy POLICY   continue: let the syscall run (SECCOMP_USER_NOTIF_\n"
               "                    FLAG_CONTINUE; only safe for calls whose arguments the\n"
               "                    agent does not need to trust); errno[:N]: fail it with\n"
               "                    errno N (default 1, EPERM); return:V: skip it and\n"
               "                    return V.  Default: errno:1\n"
               "  --once            exit after the first container's filter goes away\n"
               "                    (all its processes exited)\n"
               "  --count N         exit after answering N notifications\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status:\n"
               "  0  stopped by --once, --count, SIGINT or SIGTERM\n"
               "  1  the socket could not be created, or a runtime sent garbage\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s notify-listen --socket /run/seccomp-agent.sock --policy continue &\n"
               "  %s run --profile notify-mkdir.json -- mkdir /tmp/x\n",
               program_name, program_name, program_name, program_name);
}

static int parse_policy(const char *s, struct policy *ret)
{
        uint64_t v = 1;
        if (streq(s, "continue")) {
                *ret = (struct policy){ .cont = true };
                return 0;
        }
        if (streq(s, "errno") ||
            (startswith(s, "errno:") && parse_u64(s + 6, false, &v) == 0 &&
             v > 0 && v < 4096)) {
                *ret = (struct policy){ .err = (int)v };
                return 0;
        }
        if (startswith(s, "return:") && parse_u64(s + 7, false, &v) == 0 &&
            v <= INT32_MAX) {
                *ret = (struct policy){ .err = -(int)v - 1 };
                return 0;
        }
        cli_error("notify-listen: invalid --policy '%s' (continue, errno[:N], "
                  "return:V)", s);
        return -EINVAL;
}

static void read_comm(uint32_t pid, char *buf, size_t n)
{
        char path[64];
        snprintf(path, sizeof(path), "/proc/%u/comm", pid);
        snprintf(buf, n, "?");
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return;
        ssize_t r = read(fd, buf, n - 1);
        close(fd);
        if (r <= 0)
                return;
        buf[r] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
}

static uint64_t now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A pending connection is readable (or hung up): its one message, the
 * state JSON and the listener fd.  -EAGAIN: nothing there yet. */
static int receive_container(int s, struct container *c)
{
        char buf[65536];
        size_t len;
        int fd;
        int r = sc_recv_fd(s, buf, sizeof(buf), &len, &fd);
        if (r < 0)
                return r;
        if (len == 0 && fd < 0)
                return -ECONNRESET; /* closed without a word */
        if (fd < 0) {
                cli_error("notify-listen: a runtime connected without sending "
                          "a listener fd");
                return -EBADMSG;
        }
        json_object *j = json_tokener_parse(buf);
        json_object *v;
        *c = (struct container){ .fd = fd, .pid = -1 };
        if (j && json_object_object_get_ex(j, "pid", &v))
                c->pid = json_object_get_int(v);
        if (j && json_object_object_get_ex(j, "metadata", &v))
                c->metadata = xstrdup(json_object_get_string(v));
        json_object *st;
        if (j && json_object_object_get_ex(j, "state", &st) &&
            json_object_object_get_ex(st, "id", &v))
                c->id = xstrdup(json_object_get_string(v));
        if (!j)
                fprintf(stderr, "%s: notify-listen: the runtime's state is not "
                                "JSON; using the fd anyway\n", program_name);
        json_object_put(j);
        /* id and metadata are the runtime's and the profile's choice. */
        _cleanup_free_ char *id = sc_escape(c->id ? c->id : "?");
        _cleanup_free_ char *md = sc_escape(c->metadata ? c->metadata : "");
        printf("listener: container %s pid %d metadata \"%s\"\n", id, c->pid, md);
        fflush(stdout);
        return 0;
}

static void container_free(struct container *c)
{
        if (c->fd >= 0)
                close(c->fd);
        free(c->id);
        free(c->metadata);
        *c = (struct container){ .fd = -1 };
}

static int answer(struct container *c, const struct policy *pol)
{
        struct sc_notif n;
        int r = sc_notif_recv(c->fd, &n);
        if (r == -EINTR || r == -ENOENT)
                return 0; /* interrupted, or the caller died meanwhile */
        if (r < 0)
                return r;
        char comm[64], name[64];
        read_comm(n.pid, comm, sizeof(comm));
        enum sc_arch a = sc_arch_from_audit(n.arch);
        const char *sn = a != SC_ARCH_INVALID ? sc_syscall_name(a, (uint32_t)n.nr) : NULL;
        snprintf(name, sizeof(name), "%s", sn ? sn : "?");
        char verdict[48];
        if (pol->cont)
                snprintf(verdict, sizeof(verdict), "continue");
        else if (pol->err > 0)
                snprintf(verdict, sizeof(verdict), "errno %d", pol->err);
        else
                snprintf(verdict, sizeof(verdict), "return %d", -pol->err - 1);
        /* comm is the workload's choice, id and metadata the runtime's. */
        _cleanup_free_ char *ecomm = sc_escape(comm);
        _cleanup_free_ char *id = sc_escape(c->id ? c->id : "?");
        _cleanup_free_ char *md = sc_escape(c->metadata ? c->metadata : "");
        printf("notify: pid %u (%s) syscall %s (nr %d) args 0x%llx,0x%llx,0x%llx,"
               "0x%llx,0x%llx,0x%llx container %s metadata \"%s\" -> %s\n",
               n.pid, ecomm, name, n.nr, (unsigned long long)n.args[0],
               (unsigned long long)n.args[1], (unsigned long long)n.args[2],
               (unsigned long long)n.args[3], (unsigned long long)n.args[4],
               (unsigned long long)n.args[5], id, md, verdict);
        fflush(stdout);
        r = sc_notif_respond(c->fd, n.id, pol->cont, pol->err > 0 ? pol->err : 0,
                             pol->err > 0 ? 0 : -pol->err - 1);
        if (r == -ENOENT)
                return 0; /* the task was killed while we decided */
        if (r < 0)
                return r;
        c->n_notifs++;
        return 1;
}

int verb_notify_listen(int argc, char **argv)
{
        static const struct option longopts[] = {
                { "socket", required_argument, NULL, 's' },
                { "policy", required_argument, NULL, 'p' },
                { "once", no_argument, NULL, 'o' },
                { "count", required_argument, NULL, 'n' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        const char *path = NULL;
        struct policy pol = { .err = 1 };
        bool once = false;
        uint64_t count = 0;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", longopts, NULL)) >= 0) {
                switch (c) {
                case 's':
                        path = optarg;
                        break;
                case 'p':
                        if (parse_policy(optarg, &pol) < 0)
                                return EXIT_USAGE;
                        break;
                case 'o':
                        once = true;
                        break;
                case 'n':
                        if (parse_u64(optarg, false, &count) < 0 || count == 0) {
                                cli_error("notify-listen: invalid --count '%s'", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        }
        if (!path || optind < argc) {
                cli_error("notify-listen: --socket PATH is required");
                return EXIT_USAGE;
        }

        int lsock;
        int r = sc_notify_listen(path, &lsock);
        if (r < 0) {
                if (r == -ENOTSOCK)
                        cli_error("notify-listen: cannot listen on %s: something that "
                                  "is not a socket is there (not removed)", path);
                else
                        cli_error_errno(r, "notify-listen: cannot listen on %s", path);
                return 1;
        }
        struct sigaction sa = { .sa_handler = on_signal };
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        printf("listening on %s\n", path);
        fflush(stdout);

        struct container cs[MAX_CONTAINERS];
        struct pending pend[MAX_PENDING];
        size_t n = 0, n_pend = 0;
        uint64_t answered = 0;
        int rc = 0;
        while (!stop) {
                struct pollfd p[1 + MAX_PENDING + MAX_CONTAINERS];
                uint64_t now = now_ms();
                int timeout = -1;
                p[0] = (struct pollfd){ .fd = lsock, .events = POLLIN };
                for (size_t i = 0; i < n_pend; i++) {
                        p[1 + i] = (struct pollfd){ .fd = pend[i].fd, .events = POLLIN };
                        uint64_t left = pend[i].deadline_ms > now ? pend[i].deadline_ms - now : 0;
                        if (timeout < 0 || left < (uint64_t)timeout)
                                timeout = (int)left;
                }
                for (size_t i = 0; i < n; i++)
                        p[1 + n_pend + i] = (struct pollfd){ .fd = cs[i].fd, .events = POLLIN };
                if (poll(p, 1 + n_pend + n, timeout) < 0) {
                        if (errno == EINTR)
                                continue;
                        rc = 1;
                        break;
                }
                for (size_t i = n; i-- > 0;) {
                        short ev = p[1 + n_pend + i].revents;
                        if (ev & POLLIN) {
                                r = answer(&cs[i], &pol);
                                if (r > 0 && count && ++answered >= count)
                                        stop = 1;
                        }
                        if (ev & (POLLHUP | POLLERR | POLLNVAL) && !(ev & POLLIN)) {
                                _cleanup_free_ char *id = sc_escape(cs[i].id ? cs[i].id : "?");
                                printf("listener: container %s gone after %zu "
                                       "notifications\n", id, cs[i].n_notifs);
                                fflush(stdout);
                                container_free(&cs[i]);
                                cs[i] = cs[--n];
                                if (once)
                                        stop = 1;
                        }
                }
                now = now_ms();
                for (size_t i = n_pend; i-- > 0;) {
                        short ev = p[1 + i].revents;
                        bool done = true;
                        if (ev & (POLLIN | POLLHUP | POLLERR)) {
                                if (n == MAX_CONTAINERS) {
                                        cli_error("notify-listen: too many containers; closing a new hand-off");
                                } else {
                                        r = receive_container(pend[i].fd, &cs[n]);
                                        if (r >= 0)
                                                n++;
                                        else if (r == -EAGAIN)
                                                done = false;
                                        else if (r != -ECONNRESET && r != -EBADMSG)
                                                cli_error_errno(r, "notify-listen: receiving a listener failed");
                                }
                        } else if (now >= pend[i].deadline_ms) {
                                cli_error("notify-listen: a client connected and sent nothing for %u s; closed it",
                                          PENDING_TIMEOUT_MS / 1000);
                        } else
                                done = false;
                        if (done) {
                                close(pend[i].fd);
                                memmove(&pend[i], &pend[i + 1], (n_pend - i - 1) * sizeof *pend);
                                n_pend--;
                        }
                }
                if ((p[0].revents & POLLIN) && !stop) {
                        int s = accept4(lsock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                        if (s < 0) {
                                if (errno != EAGAIN && errno != ECONNABORTED && errno != EINTR)
                                        cli_error_errno(-errno, "notify-listen: accept failed");
                                continue;
                        }
                        if (n_pend == MAX_PENDING) {
                                /* The oldest has waited longest: it goes. */
                                cli_error("notify-listen: more than %u clients connected without handing over a listener; closed the oldest",
                                          MAX_PENDING);
                                close(pend[0].fd);
                                memmove(&pend[0], &pend[1], (n_pend - 1) * sizeof *pend);
                                n_pend--;
                        }
                        pend[n_pend++] = (struct pending){ s, now_ms() + PENDING_TIMEOUT_MS };
                }
        }
        for (size_t i = 0; i < n_pend; i++)
                close(pend[i].fd);
        for (size_t i = 0; i < n; i++)
                container_free(&cs[i]);
        close(lsock);
        unlink(path);
        return rc;
}
