/* SPDX-License-Identifier: Apache-2.0 */
#include "run-explain.h"

#include <poll.h>
#include <time.h>

#include "auditnl.h"
#include "cli.h"
#include "loader.h"

/* After the command ends, keep reading audit records this long: the
 * kernel may deliver the last ones after the exit is visible. */
#define EXPLAIN_DRAIN_MS 200

void explain_open(struct explain *x, const struct sc_filter *filter)
{
        *x = (struct explain){
                .table = { .filter = filter },
                .tree = { .fd = -1 },
                .have_errno_log = true,
        };
        x->audit_fd = sc_auditnl_open();
        if (x->audit_fd < 0) {
                fprintf(stderr, "%s: explain: not available: %s (%s); the "
                                "command runs without it\n",
                        program_name,
                        x->audit_fd == -EPERM
                                ? "reading audit records needs "
                                  "CAP_AUDIT_READ (run as root)"
                                : "cannot open the audit netlink socket",
                        strerror(-x->audit_fd));
                return;
        }
        x->have_errno_log = sc_kernel_action_logged("errno") > 0;
        /* Optional (CAP_NET_ADMIN): without, a /proc walk decides. */
        (void)sc_proctree_open(&x->tree, 0);
}

void explain_close_fds(const struct explain *x)
{
        if (x->audit_fd >= 0)
                close(x->audit_fd);
        if (x->tree.fd >= 0)
                close(x->tree.fd);
}

void explain_follow(struct explain *x, pid_t pid)
{
        x->root = pid;
        sc_proctree_add(&x->tree, pid, getpid());
}

/* Without fork events: a record belongs to us when its pid is the
 * command or descends from it in /proc.  Processes already gone (killed by
 * the filter, or short-lived) cannot be checked and are counted as ours. */
static bool record_is_ours(struct explain *x, pid_t pid)
{
        if (sc_proctree_has(&x->tree, pid))
                return true;
        int r = sc_proc_descends(pid, x->root);
        if (r > 0)
                sc_proctree_add(&x->tree, pid, 0);
        return r != 0; /* -ENOENT: the record's own task is gone */
}

static uint64_t now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Read what is queued; with a deadline (now_ms() based) keep reading until
 * then.  Other processes' records keep arriving on a busy machine, so the
 * deadline is absolute, never extended. */
static void explain_drain(struct explain *x, uint64_t deadline)
{
        for (;;) {
                uint64_t now = now_ms();
                int timeout = deadline > now ? (int)(deadline - now) : 0;
                struct pollfd p = { .fd = x->audit_fd, .events = POLLIN };
                if (poll(&p, 1, timeout) <= 0)
                        return;
                struct sc_audit_record rec;
                int r = sc_auditnl_read(x->audit_fd, 0, &rec);
                if (r == -ENOBUFS)
                        x->lost = true;
                else if (r < 0)
                        return;
                else if (r > 0 &&
                         (x->tree.fd >= 0 || record_is_ours(x, (pid_t)rec.pid)))
                        sc_explain_add(&x->table, &rec);
        }
}

void explain_read_records(struct explain *x)
{
        explain_drain(x, 0);
}

void explain_read_forks(struct explain *x)
{
        (void)sc_proctree_update(&x->tree);
}

void explain_finish(struct explain *x)
{
        explain_drain(x, now_ms() + EXPLAIN_DRAIN_MS);
        (void)sc_proctree_update(&x->tree);
}

void explain_print(const struct explain *x)
{
        size_t shown = 0;
        /* Denials first, the informational LOG records last. */
        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < x->table.n; i++) {
                        const struct sc_explain_entry *e = &x->table.e[i];
                        if ((pass == 0) == (e->kind == SC_EXPLAIN_LOGGED))
                                continue;
                        if (x->tree.fd >= 0 && !sc_proctree_has(&x->tree, (int)e->pid))
                                continue; /* another workload's record */
                        _cleanup_free_ char *line = sc_explain_line(e);
                        fprintf(stderr, "%s\n", line);
                        shown++;
                }
        if (shown == 0)
                fprintf(stderr, "%s: explain: no syscall was denied, trapped, "
                                "killed or logged\n", program_name);
        if (!x->have_errno_log)
                fprintf(stderr, "%s: explain: note: ERRNO denials are not logged "
                                "by this kernel (\"errno\" is missing from "
                                "/proc/sys/kernel/seccomp/actions_logged)\n",
                        program_name);
        if (x->lost)
                fprintf(stderr, "%s: explain: note: the kernel dropped audit "
                                "records (netlink buffer full); counts are "
                                "lower bounds\n", program_name);
        if (x->tree.lost)
                fprintf(stderr, "%s: explain: note: fork events were lost; "
                                "records of some child processes may be "
                                "missing\n", program_name);
}

void explain_done(struct explain *x)
{
        if (x->audit_fd >= 0)
                close(x->audit_fd);
        x->audit_fd = -1;
        sc_proctree_done(&x->tree);
        sc_explain_clear(&x->table);
}
