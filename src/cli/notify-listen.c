/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccompctl notify-listen: a seccomp agent.  Listens on a unix socket for
 * runtimes (runc, crun, seccompctl run) that hand over a seccomp listener
 * fd, logs every notification and answers it with a fixed policy.
 */
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "cli.h"
#include "notify.h"
#include "parser-libs.h"
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
        json_object *j = sym_json_tokener_parse(buf);
        json_object *v;
        *c = (struct container){ .fd = fd, .pid = -1 };
        if (j && sym_json_object_object_get_ex(j, "pid", &v))
                c->pid = sym_json_object_get_int(v);
        if (j && sym_json_object_object_get_ex(j, "metadata", &v))
                c->metadata = xstrdup(sym_json_object_get_string(v));
        json_object *st;
        if (j && sym_json_object_object_get_ex(j, "state", &st) &&
            sym_json_object_object_get_ex(st, "id", &v))
                c->id = xstrdup(sym_json_object_get_string(v));
        if (!j)
                fprintf(stderr, "%s: notify-listen: the runtime's state is not "
                                "JSON; using the fd anyway\n", program_name);
        sym_json_object_put(j);
        /* id and metadata are the runtime's and the profile's choice. */
        _cleanup_free_ char *id = sc_escape(c->id ? c->id : "?");
        _cleanup_free_ char *md = sc_escape(c->metadata ? c->metadata : "");
        printf("listener: container %s pid %d metadata \"%s\"\n", id, c->pid, md);
        fflush(stdout);
        return 0;
}

static void container_clear(struct container *c)
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
        /* seccomp_data carries the audit arch and the raw number (x32's
         * bit included): the one reading of that pair names the call. */
        const char *sn = sc_syscall_name_audit(n.arch, (uint32_t)n.nr);
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

/* The agent's state: the listening socket, the clients that connected
 * but have not handed a listener over yet, the containers whose
 * listeners it answers. */
struct agent {
        int lsock;
        struct policy pol;
        bool once;
        uint64_t count, answered;
        struct container cs[MAX_CONTAINERS];
        size_t n;
        struct pending pend[MAX_PENDING];
        size_t n_pend;
};

/* pollfds: [0] the socket, then the pending clients, then the
 * containers; *ret_timeout the nearest hand-off deadline (-1: none). */
static size_t agent_pollfds(const struct agent *ag, struct pollfd *p, int *ret_timeout)
{
        uint64_t now = now_ms();
        int timeout = -1;
        p[0] = (struct pollfd){ .fd = ag->lsock, .events = POLLIN };
        for (size_t i = 0; i < ag->n_pend; i++) {
                p[1 + i] = (struct pollfd){ .fd = ag->pend[i].fd, .events = POLLIN };
                uint64_t left = ag->pend[i].deadline_ms > now ? ag->pend[i].deadline_ms - now : 0;
                if (timeout < 0 || left < (uint64_t)timeout)
                        timeout = (int)left;
        }
        for (size_t i = 0; i < ag->n; i++)
                p[1 + ag->n_pend + i] = (struct pollfd){ .fd = ag->cs[i].fd, .events = POLLIN };
        *ret_timeout = timeout;
        return 1 + ag->n_pend + ag->n;
}

/* Answer each container's notification; forget containers that went. */
static void agent_serve_containers(struct agent *ag, const struct pollfd *p)
{
        for (size_t i = ag->n; i-- > 0;) {
                short ev = p[1 + ag->n_pend + i].revents;
                if (ev & POLLIN) {
                        int r = answer(&ag->cs[i], &ag->pol);
                        if (r > 0 && ag->count && ++ag->answered >= ag->count)
                                stop = 1;
                }
                if (ev & (POLLHUP | POLLERR | POLLNVAL) && !(ev & POLLIN)) {
                        _cleanup_free_ char *id = sc_escape(ag->cs[i].id ? ag->cs[i].id : "?");
                        printf("listener: container %s gone after %zu "
                               "notifications\n", id, ag->cs[i].n_notifs);
                        fflush(stdout);
                        container_clear(&ag->cs[i]);
                        ag->cs[i] = ag->cs[--ag->n];
                        if (ag->once)
                                stop = 1;
                }
        }
}

static void agent_drop_pending(struct agent *ag, size_t i)
{
        close(ag->pend[i].fd);
        memmove(&ag->pend[i], &ag->pend[i + 1], (ag->n_pend - i - 1) * sizeof *ag->pend);
        ag->n_pend--;
}

/* Take the listeners pending clients handed over; close clients that
 * sent nothing in time. */
static void agent_serve_pending(struct agent *ag, const struct pollfd *p)
{
        uint64_t now = now_ms();
        for (size_t i = ag->n_pend; i-- > 0;) {
                short ev = p[1 + i].revents;
                bool done = true;
                if (ev & (POLLIN | POLLHUP | POLLERR)) {
                        if (ag->n == MAX_CONTAINERS) {
                                cli_error("notify-listen: too many containers; closing a new hand-off");
                        } else {
                                int r = receive_container(ag->pend[i].fd, &ag->cs[ag->n]);
                                if (r >= 0)
                                        ag->n++;
                                else if (r == -EAGAIN)
                                        done = false;
                                else if (r != -ECONNRESET && r != -EBADMSG)
                                        cli_error_errno(r, "notify-listen: receiving a listener failed");
                        }
                } else if (now >= ag->pend[i].deadline_ms) {
                        cli_error("notify-listen: a client connected and sent nothing for %u s; closed it",
                                  PENDING_TIMEOUT_MS / 1000);
                } else
                        done = false;
                if (done)
                        agent_drop_pending(ag, i);
        }
}

/* A new client: pending until it hands a listener over. */
static void agent_accept(struct agent *ag)
{
        int s = accept4(ag->lsock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (s < 0) {
                if (errno != EAGAIN && errno != ECONNABORTED && errno != EINTR)
                        cli_error_errno(-errno, "notify-listen: accept failed");
                return;
        }
        if (ag->n_pend == MAX_PENDING) {
                /* The oldest has waited longest: it goes. */
                cli_error("notify-listen: more than %u clients connected without handing over a listener; closed the oldest",
                          MAX_PENDING);
                agent_drop_pending(ag, 0);
        }
        ag->pend[ag->n_pend++] = (struct pending){ s, now_ms() + PENDING_TIMEOUT_MS };
}

/* Until --once, --count, SIGINT or SIGTERM: EXIT_OK, or EXIT_FAILED when
 * poll fails. */
static int agent_run(struct agent *ag)
{
        while (!stop) {
                struct pollfd p[1 + MAX_PENDING + MAX_CONTAINERS];
                int timeout;
                size_t nfds = agent_pollfds(ag, p, &timeout);
                if (poll(p, nfds, timeout) < 0) {
                        if (errno == EINTR)
                                continue;
                        return EXIT_FAILED;
                }
                agent_serve_containers(ag, p);
                agent_serve_pending(ag, p);
                if ((p[0].revents & POLLIN) && !stop)
                        agent_accept(ag);
        }
        return EXIT_OK;
}

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_options(int argc, char **argv, const char **ret_path, struct agent *ag)
{
        enum { OPT_SOCKET = 0x200, OPT_POLICY, OPT_ONCE, OPT_COUNT };
        static const struct option longopts[] = {
                { "socket", required_argument, NULL, OPT_SOCKET },
                { "policy", required_argument, NULL, OPT_POLICY },
                { "once", no_argument, NULL, OPT_ONCE },
                { "count", required_argument, NULL, OPT_COUNT },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", longopts, NULL)) >= 0) {
                switch (c) {
                case OPT_SOCKET:
                        *ret_path = optarg;
                        break;
                case OPT_POLICY:
                        if (parse_policy(optarg, &ag->pol) < 0)
                                return EXIT_USAGE;
                        break;
                case OPT_ONCE:
                        ag->once = true;
                        break;
                case OPT_COUNT:
                        if (parse_u64(optarg, false, &ag->count) < 0 || ag->count == 0) {
                                cli_error("notify-listen: invalid --count '%s'", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        return EXIT_USAGE;
                }
        }
        if (!*ret_path || optind < argc) {
                cli_error("notify-listen: --socket PATH is required");
                return EXIT_USAGE;
        }
        return -1;
}

int verb_notify_listen(int argc, char **argv)
{
        struct agent ag = { .pol = { .err = 1 } };
        const char *path = NULL;
        int r;

        r = parse_options(argc, argv, &path, &ag);
        if (r >= 0)
                return r;
        /* the runtimes' state JSON is read with json-c */
        if (cli_need_parser_libs("notify-listen", SC_LIB_JSON_C) < 0)
                return EXIT_FAILED;
        r = sc_notify_listen(path, &ag.lsock);
        if (r < 0) {
                if (r == -ENOTSOCK)
                        cli_error("notify-listen: cannot listen on %s: something that "
                                  "is not a socket is there (not removed)", path);
                else
                        cli_error_errno(r, "notify-listen: cannot listen on %s", path);
                return EXIT_FAILED;
        }
        struct sigaction sa = { .sa_handler = on_signal };
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        printf("listening on %s\n", path);
        fflush(stdout);

        int rc = agent_run(&ag);
        for (size_t i = 0; i < ag.n_pend; i++)
                close(ag.pend[i].fd);
        for (size_t i = 0; i < ag.n; i++)
                container_clear(&ag.cs[i]);
        close(ag.lsock);
        unlink(path);
        return rc;
}
