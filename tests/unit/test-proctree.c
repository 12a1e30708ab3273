/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The process tree (src/os/proctree.c): the pid set against a plain
 * array model, and the proc connector's fork/exec/exit events of real
 * processes forked here (needs CAP_NET_ADMIN; that part is skipped
 * without it, said on stderr).
 */
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include "proctree.h"
#include "test.h"

/* ---- the pid set, against a model ---- */

#define MODEL_MAX 4096

struct model {
        int pid[MODEL_MAX], ppid[MODEL_MAX];
        size_t n;
};

static int model_find(const struct model *m, int pid)
{
        for (size_t i = 0; i < m->n; i++)
                if (m->pid[i] == pid)
                        return (int)i;
        return -1;
}

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
        rng = rng * 1103515245U + 12345U;
        return rng >> 8;
}

static void test_pidset_model(void)
{
        static struct model m;
        struct sc_pidset s = {};

        m.n = 0;
        /* Few distinct pids (many re-adds and deletes), clustered like
         * real pids so that probes collide. */
        for (int step = 0; step < 200000; step++) {
                int pid = 1 + (int)(next_rand() % 3000);
                int op = (int)(next_rand() % 3);
                int i = model_find(&m, pid);
                if (op < 2) {
                        int ppid = (int)(next_rand() % 100);
                        sc_pidset_add(&s, pid, ppid);
                        if (i < 0) {
                                i = (int)m.n++;
                                m.pid[i] = pid;
                        }
                        m.ppid[i] = ppid;
                } else {
                        sc_pidset_del(&s, pid);
                        if (i >= 0) {
                                m.n--;
                                m.pid[i] = m.pid[m.n];
                                m.ppid[i] = m.ppid[m.n];
                        }
                }
                if (step % 997 == 0) {
                        ASSERT_EQ(s.n, m.n);
                        for (int p = 1; p <= 3000; p++) {
                                int k = model_find(&m, p);
                                EXPECT_TRUE(sc_pidset_has(&s, p) == (k >= 0),
                                            "step %d: has(%d)", step, p);
                                EXPECT_TRUE(sc_pidset_parent(&s, p) == (k >= 0 ? m.ppid[k] : -1),
                                            "step %d: parent(%d)", step, p);
                        }
                }
        }
        /* The iterator sees each member once. */
        size_t it = 0, seen = 0;
        int pid;
        while (sc_pidset_next(&s, &it, &pid)) {
                EXPECT_TRUE(model_find(&m, pid) >= 0, "iterated %d, not a member", pid);
                seen++;
        }
        ASSERT_EQ(seen, m.n);
        sc_pidset_clear(&s);
        ASSERT_EQ(s.n, 0);
        ASSERT_TRUE(!sc_pidset_has(&s, 1));
        ASSERT_EQ(sc_pidset_parent(&s, 1), -1);
        /* pid 0 and negative pids are never members. */
        sc_pidset_add(&s, 0, 1);
        sc_pidset_add(&s, -5, 1);
        ASSERT_EQ(s.n, 0);
        ASSERT_TRUE(!sc_pidset_has(&s, 0));
}

/* Bounded (watch's every-fork map): never more than max entries, the
 * newest pid always in, its parent right. */
static void test_pidset_bounded(void)
{
        struct sc_pidset s = { .max = 1000 };

        for (int pid = 100; pid < 500000; pid += 1 + (int)(next_rand() % 7)) {
                sc_pidset_add(&s, pid, pid / 2);
                ASSERT_TRUE(s.n <= 1000);
                ASSERT_EQ(sc_pidset_parent(&s, pid), pid / 2);
        }
        ASSERT_EQ(s.n, 1000);
        size_t it = 0, count = 0;
        int pid;
        while (sc_pidset_next(&s, &it, &pid)) {
                EXPECT_TRUE(sc_pidset_parent(&s, pid) == pid / 2, "parent of %d", pid);
                count++;
        }
        ASSERT_EQ(count, 1000);
        sc_pidset_clear(&s);
        ASSERT_EQ(s.max, 1000);
}

/* ---- /proc ---- */

static void test_proc_walk(void)
{
        ASSERT_EQ(sc_proc_parent(getpid()), getppid());
        ASSERT_EQ(sc_proc_descends(getpid(), getpid()), 1);
        ASSERT_EQ(sc_proc_descends(getpid(), getppid()), 1);
        ASSERT_EQ(sc_proc_descends(getppid(), getpid()), 0);

        int go[2];
        ASSERT_EQ(pipe(go), 0);
        pid_t child = fork();
        ASSERT_TRUE(child >= 0);
        if (child == 0) {
                char c;
                close(go[1]);
                _exit(read(go[0], &c, 1) < 0);
        }
        close(go[0]);
        ASSERT_EQ(sc_proc_descends(child, getpid()), 1);
        struct sc_pidset set = {};
        ASSERT_EQ(sc_proc_descendants(getpid(), &set), 0);
        ASSERT_TRUE(sc_pidset_has(&set, getpid()));
        ASSERT_TRUE(sc_pidset_has(&set, child));
        ASSERT_EQ(sc_pidset_parent(&set, child), getpid());
        ASSERT_TRUE(!sc_pidset_has(&set, getppid()));
        sc_pidset_clear(&set);
        close(go[1]);
        ASSERT_EQ(waitpid(child, NULL, 0), child);
        /* Reaped: its own entry is gone. */
        ASSERT_EQ(sc_proc_descends(child, getpid()), -ENOENT);
        ASSERT_TRUE(sc_proc_parent(child) < 0);
}

/* ---- proc connector events ---- */

struct seen {
        pid_t child, grandchild;
        bool fork_child, fork_grandchild, exec_child, exit_child, thread;
};

static void on_event(const struct sc_proc_event *ev, void *ud)
{
        struct seen *s = ud;
        if (ev->what == SC_PROC_FORK && ev->pid == s->child && ev->ppid == getpid())
                s->fork_child = true;
        if (ev->what == SC_PROC_FORK && ev->ppid == s->child) {
                s->fork_grandchild = true;
                s->grandchild = ev->pid;
        }
        if (ev->what == SC_PROC_EXEC && ev->pid == s->child)
                s->exec_child = true;
        if (ev->what == SC_PROC_EXIT && ev->pid == s->child)
                s->exit_child = true;
}

/* A pipe to wait on events without a timed assertion: poll blocks until
 * the kernel has queued what the child did (bounded at 60 s so a kernel
 * that drops events fails the test instead of hanging it). */
static bool wait_events(int fd, struct seen *s)
{
        while (!(s->fork_child && s->fork_grandchild && s->exec_child && s->exit_child)) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                if (poll(&p, 1, 60000) <= 0)
                        return false;
                if (sc_proc_events_read(fd, on_event, s) < 0)
                        return false;
        }
        return true;
}

static void test_events(void)
{
        int fd = sc_proc_events_open();
        if (fd == -EPERM) {
                fprintf(stderr, "# proc connector: no CAP_NET_ADMIN, events not tested\n");
                return;
        }
        ASSERT_TRUE(fd >= 0);
        struct seen s = {};
        fflush(NULL);
        s.child = fork();
        ASSERT_TRUE(s.child >= 0);
        if (s.child == 0) {
                /* A grandchild, then exec: sh forks nothing for "exit". */
                pid_t g = fork();
                if (g == 0)
                        _exit(0);
                waitpid(g, NULL, 0);
                execl("/bin/sh", "sh", "-c", "exit 0", (char *)NULL);
                _exit(127);
        }
        ASSERT_TRUE(wait_events(fd, &s));
        ASSERT_EQ(waitpid(s.child, NULL, 0), s.child);
        close(fd);
}

/* The tree follows forks below its root, and only those. */
static void test_tree(void)
{
        struct sc_proctree t;
        int r = sc_proctree_open(&t, 0);
        if (r == -EPERM) {
                fprintf(stderr, "# proc connector: no CAP_NET_ADMIN, tree not tested\n");
                sc_proctree_done(&t);
                return;
        }
        ASSERT_EQ(r, 0);
        int go[2], report[2];
        ASSERT_EQ(pipe(go), 0);
        ASSERT_EQ(pipe(report), 0);
        fflush(NULL);
        pid_t root = fork();
        ASSERT_TRUE(root >= 0);
        if (root == 0) {
                char c;
                close(go[1]);
                if (read(go[0], &c, 1) != 1)
                        _exit(1);
                /* root -> a -> b; a and b are reaped before the parent
                 * reads the events: gone, yet members. */
                pid_t a = fork();
                if (a == 0) {
                        pid_t b = fork();
                        if (b == 0)
                                _exit(0);
                        if (write(report[1], &b, sizeof b) != sizeof b)
                                _exit(1);
                        waitpid(b, NULL, 0);
                        _exit(0);
                }
                if (write(report[1], &a, sizeof a) != sizeof a)
                        _exit(1);
                waitpid(a, NULL, 0);
                _exit(0);
        }
        close(go[0]);
        close(report[1]);
        sc_proctree_add(&t, root, getpid());
        /* A process of ours outside the tree. */
        pid_t other = fork();
        ASSERT_TRUE(other >= 0);
        if (other == 0)
                _exit(0);
        ASSERT_EQ(write(go[1], "g", 1), 1);
        ASSERT_EQ(waitpid(root, NULL, 0), root);
        ASSERT_EQ(waitpid(other, NULL, 0), other);
        pid_t ids[2];
        ASSERT_EQ(read(report[0], &ids[0], sizeof(pid_t)), (ssize_t)sizeof(pid_t));
        ASSERT_EQ(read(report[0], &ids[1], sizeof(pid_t)), (ssize_t)sizeof(pid_t));
        /* Both forks happened before root was reaped: queued by now. */
        ASSERT_EQ(sc_proctree_update(&t), 0);
        ASSERT_TRUE(sc_proctree_has(&t, root));
        ASSERT_TRUE(sc_proctree_has(&t, ids[0]));
        ASSERT_TRUE(sc_proctree_has(&t, ids[1]));
        ASSERT_TRUE(!sc_proctree_has(&t, other));
        ASSERT_TRUE(!sc_proctree_has(&t, getpid()));
        ASSERT_TRUE(sc_proctree_parent(&t, ids[0]) == root || sc_proctree_parent(&t, ids[1]) == root);
        ASSERT_TRUE(!t.lost);
        close(go[1]);
        close(report[0]);
        sc_proctree_done(&t);
        ASSERT_EQ(t.fd, -1);
}

int main(void)
{
        RUN(test_pidset_model);
        RUN(test_pidset_bounded);
        RUN(test_proc_walk);
        RUN(test_events);
        RUN(test_tree);
        return test_exit();
}
