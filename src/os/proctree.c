/* SPDX-License-Identifier: Apache-2.0 */
#include "proctree.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "fileio.h"

/* ---- the pid set ---- */

static size_t slot_of(const struct sc_pidset *s, int pid)
{
        /* Fibonacci hashing: consecutive pids spread over the table. */
        return ((uint32_t)pid * 2654435761U) & (s->cap - 1);
}

/* The slot holding pid, or the free slot where it would go. */
static size_t find(const struct sc_pidset *s, int pid)
{
        size_t i = slot_of(s, pid);
        while (s->v[i].pid != 0 && s->v[i].pid != pid)
                i = (i + 1) & (s->cap - 1);
        return i;
}

/* Room for one more, at most half full (short probes, and a free slot
 * always ends a search); false when bounded and at the bound. */
static bool make_room(struct sc_pidset *s)
{
        if (s->max && s->n >= s->max)
                return false;
        if ((s->n + 1) * 2 <= s->cap)
                return true;
        struct sc_pidset old = *s;
        s->cap = old.cap ? old.cap * 2 : 64;
        s->v = xcalloc(s->cap, sizeof *s->v);
        s->n = 0;
        for (size_t i = 0; i < old.cap; i++)
                if (old.v[i].pid)
                        s->v[find(s, old.v[i].pid)] = old.v[i];
        s->n = old.n;
        free(old.v);
        return true;
}

void sc_pidset_add(struct sc_pidset *s, int pid, int ppid)
{
        if (pid <= 0)
                return;
        if (s->cap) {
                size_t i = find(s, pid);
                if (s->v[i].pid == pid) {
                        s->v[i].ppid = ppid;
                        return;
                }
        }
        if (!make_room(s)) {
                /* Bounded and full: the newest pid wins its slot.  A taken
                 * slot stays taken, so no other pid's probe is cut. */
                size_t i = slot_of(s, pid);
                if (s->v[i].pid) {
                        s->v[i] = (struct sc_pidset_entry){ pid, ppid };
                        return;
                }
                /* Its slot is free: the next entry makes room. */
                while (!s->v[i].pid)
                        i = (i + 1) & (s->cap - 1);
                sc_pidset_del(s, s->v[i].pid);
        }
        s->v[find(s, pid)] = (struct sc_pidset_entry){ pid, ppid };
        s->n++;
}

bool sc_pidset_has(const struct sc_pidset *s, int pid)
{
        return pid > 0 && s->cap && s->v[find(s, pid)].pid == pid;
}

int sc_pidset_parent(const struct sc_pidset *s, int pid)
{
        if (!sc_pidset_has(s, pid))
                return -1;
        return s->v[find(s, pid)].ppid;
}

void sc_pidset_del(struct sc_pidset *s, int pid)
{
        if (!sc_pidset_has(s, pid))
                return;
        size_t hole = find(s, pid), mask = s->cap - 1;
        /* Backward shift: an entry after the hole moves into it unless its
         * own slot lies (cyclically) after the hole, so that every probe
         * still reaches its entry before a free slot. */
        for (size_t i = (hole + 1) & mask; s->v[i].pid; i = (i + 1) & mask) {
                size_t home = slot_of(s, s->v[i].pid);
                if (((i - home) & mask) >= ((i - hole) & mask)) {
                        s->v[hole] = s->v[i];
                        hole = i;
                }
        }
        s->v[hole] = (struct sc_pidset_entry){};
        s->n--;
}

bool sc_pidset_next(const struct sc_pidset *s, size_t *i, int *ret_pid)
{
        for (; *i < s->cap; (*i)++)
                if (s->v[*i].pid) {
                        *ret_pid = s->v[(*i)++].pid;
                        return true;
                }
        return false;
}

void sc_pidset_clear(struct sc_pidset *s)
{
        free(s->v);
        *s = (struct sc_pidset){ .max = s->max };
}

/* ---- proc connector events ---- */

int sc_proc_events_open(void)
{
        _cleanup_close_ int fd = socket(AF_NETLINK,
                                        SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                                        NETLINK_CONNECTOR);
        if (fd < 0)
                return -errno;
        /* Every fork on the machine is reported; a busy machine must not
         * overflow the default buffer while we sleep in poll(). */
        int size = 8 << 20;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
                (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
        struct sockaddr_nl sa = {
                .nl_family = AF_NETLINK,
                .nl_groups = CN_IDX_PROC,
                .nl_pid = 0,
        };
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -errno;
        /* nlmsghdr + cn_msg (which ends in a flexible array) + the op. */
        union {
                char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(uint32_t))];
                struct nlmsghdr align;
        } req = {};
        struct nlmsghdr *nl = &req.align;
        nl->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(uint32_t));
        nl->nlmsg_type = NLMSG_DONE;
        nl->nlmsg_pid = (uint32_t)getpid();
        struct cn_msg *cn = NLMSG_DATA(nl);
        cn->id.idx = CN_IDX_PROC;
        cn->id.val = CN_VAL_PROC;
        cn->len = sizeof(uint32_t);
        uint32_t op = PROC_CN_MCAST_LISTEN;
        memcpy(cn->data, &op, sizeof(op));
        if (send(fd, req.buf, nl->nlmsg_len, 0) < 0)
                return -errno;
        return TAKE_FD(fd);
}

/* One event of a process, or false (a thread's, or one we do not use). */
static bool decode(const struct proc_event *ev, struct sc_proc_event *ret)
{
        /* Not the enum: the kernel adds event kinds (switch-enum). */
        switch ((uint32_t)ev->what) {
        case PROC_EVENT_FORK:
                /* A new thread has child_pid != child_tgid. */
                if (ev->event_data.fork.child_pid != ev->event_data.fork.child_tgid)
                        return false;
                *ret = (struct sc_proc_event){ SC_PROC_FORK,
                                               ev->event_data.fork.child_tgid,
                                               ev->event_data.fork.parent_tgid };
                return true;
        case PROC_EVENT_EXEC:
                *ret = (struct sc_proc_event){ SC_PROC_EXEC,
                                               ev->event_data.exec.process_tgid, 0 };
                return true;
        case PROC_EVENT_EXIT:
                if (ev->event_data.exit.process_pid != ev->event_data.exit.process_tgid)
                        return false;
                *ret = (struct sc_proc_event){ SC_PROC_EXIT,
                                               ev->event_data.exit.process_tgid, 0 };
                return true;
        default:
                return false;
        }
}

int sc_proc_events_read(int fd,
                        void (*cb)(const struct sc_proc_event *ev, void *ud),
                        void *ud)
{
        int ret = 0;

        for (;;) {
                union {
                        char buf[8192];
                        struct nlmsghdr align;
                } u;
                ssize_t n = recv(fd, u.buf, sizeof u.buf, MSG_DONTWAIT);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN)
                                return ret;
                        if (errno == ENOBUFS) {
                                ret = -ENOBUFS;
                                continue;
                        }
                        return -errno;
                }
                /* Walk the datagram by hand: NLMSG_NEXT's unsigned
                 * arithmetic would wrap on a truncated last message. */
                for (size_t off = 0, total = (size_t)n; off + NLMSG_HDRLEN <= total;) {
                        const struct nlmsghdr *h = (const void *)(u.buf + off);
                        if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > total - off)
                                break;
                        off += NLMSG_ALIGN(h->nlmsg_len);
                        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct cn_msg) +
                                                        sizeof(struct proc_event)))
                                continue;
                        const struct cn_msg *cn = NLMSG_DATA(h);
                        struct proc_event ev;
                        struct sc_proc_event out;
                        if (cn->id.idx != CN_IDX_PROC ||
                            cn->len < sizeof(struct proc_event))
                                continue;
                        memcpy(&ev, cn->data, sizeof ev);
                        if (decode(&ev, &out))
                                cb(&out, ud);
                }
        }
}

/* ---- the tree ---- */

int sc_proctree_open(struct sc_proctree *t, size_t all_max)
{
        *t = (struct sc_proctree){
                .procs = { .max = all_max },
                .all = all_max > 0,
        };
        t->fd = sc_proc_events_open();
        return t->fd < 0 ? t->fd : 0;
}

void sc_proctree_add(struct sc_proctree *t, int pid, int ppid)
{
        sc_pidset_add(&t->procs, pid, ppid);
}

static void on_event(const struct sc_proc_event *ev, void *ud)
{
        struct sc_proctree *t = ud;
        if (ev->what == SC_PROC_FORK && (t->all || sc_pidset_has(&t->procs, ev->ppid)))
                sc_pidset_add(&t->procs, ev->pid, ev->ppid);
}

int sc_proctree_update(struct sc_proctree *t)
{
        if (t->fd < 0)
                return 0;
        int r = sc_proc_events_read(t->fd, on_event, t);
        if (r == -ENOBUFS)
                t->lost = true;
        return r;
}

void sc_proctree_done(struct sc_proctree *t)
{
        if (t->fd >= 0)
                close(t->fd);
        t->fd = -1;
        sc_pidset_clear(&t->procs);
}

/* ---- the recorders' signals ---- */

static volatile sig_atomic_t relay_pid;

static void relay_signal(int sig)
{
        if (relay_pid > 0)
                kill((pid_t)relay_pid, sig);
}

void sc_signal_relay_start(struct sc_signal_relay *s, pid_t workload)
{
        struct sigaction ign = { .sa_handler = SIG_IGN };
        struct sigaction fwd = { .sa_handler = relay_signal };

        relay_pid = workload;
        sigaction(SIGINT, &ign, &s->old_int);
        sigaction(SIGQUIT, &ign, &s->old_quit);
        sigaction(SIGTERM, &fwd, &s->old_term);
        sigaction(SIGHUP, &fwd, &s->old_hup);
}

void sc_signal_relay_stop(const struct sc_signal_relay *s)
{
        relay_pid = 0;
        sigaction(SIGINT, &s->old_int, NULL);
        sigaction(SIGQUIT, &s->old_quit, NULL);
        sigaction(SIGTERM, &s->old_term, NULL);
        sigaction(SIGHUP, &s->old_hup, NULL);
}

/* ---- /proc ---- */

int sc_proc_parent(pid_t pid)
{
        char path[64];
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int ppid;
        snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
        int r = read_file_bounded(path, 4096, &buf, &len);
        if (r < 0)
                return r;
        /* comm may contain spaces and parentheses: skip to the last ')'. */
        char *p = strrchr(buf, ')');
        if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
                return -EBADMSG;
        return ppid;
}

int sc_proc_descends(pid_t pid, pid_t root)
{
        pid_t p = pid;
        for (int depth = 0; depth < 64 && p > 1; depth++) {
                if (p == root)
                        return 1;
                int pp = sc_proc_parent(p);
                if (pp < 0)
                        return p == pid ? -ENOENT : 0;
                p = pp;
        }
        return 0;
}

static void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

int sc_proc_descendants(pid_t root, struct sc_pidset *set)
{
        bool grew = true;

        sc_pidset_add(set, root, 0);
        /* Parents come before or after children in /proc: repeat until
         * a pass adds nothing. */
        while (grew) {
                _cleanup_(closedirp) DIR *d = opendir("/proc");
                struct dirent *de;
                grew = false;
                if (!d)
                        return -errno;
                while ((de = readdir(d))) {
                        char *end;
                        long pid = strtol(de->d_name, &end, 10);
                        if (*end || pid <= 0 || pid > INT32_MAX ||
                            sc_pidset_has(set, (int)pid))
                                continue;
                        int ppid = sc_proc_parent((pid_t)pid);
                        if (ppid <= 0 || !sc_pidset_has(set, ppid))
                                continue;
                        sc_pidset_add(set, (int)pid, ppid);
                        grew = true;
                }
        }
        return 0;
}
