/* SPDX-License-Identifier: Apache-2.0 */
#include "explain.h"

#include "arch.h"
#include "profile.h"
#include "syscalls.h"

static const char *const verdict_names[] = {
        [SC_EXPLAIN_DENIED] = "denied",
        [SC_EXPLAIN_TRAPPED] = "trapped",
        [SC_EXPLAIN_KILLED] = "killed",
        [SC_EXPLAIN_LOGGED] = "logged",
        [SC_EXPLAIN_OTHER] = "reported",
};

static enum sc_explain_kind verdict_of(uint32_t code)
{
        switch (code & SC_RET_ACTION_FULL) {
        case SC_RET_ERRNO:
                return SC_EXPLAIN_DENIED;
        case SC_RET_TRAP:
                return SC_EXPLAIN_TRAPPED;
        case SC_RET_KILL_PROCESS:
        case SC_RET_KILL_THREAD:
                return SC_EXPLAIN_KILLED;
        case SC_RET_LOG:
                return SC_EXPLAIN_LOGGED;
        default:
                return SC_EXPLAIN_OTHER;
        }
}

void sc_explain_add(struct sc_explain *x, const struct sc_audit_record *rec)
{
        enum sc_explain_kind k = verdict_of(rec->code);
        uint32_t data = rec->code & SC_RET_DATA;
        if (k == SC_EXPLAIN_KILLED)
                data = rec->sig;
        if (k == SC_EXPLAIN_DENIED) {
                /* The kernel logs the action without its data: find the
                 * errno by running our filter on the call (arguments are
                 * not in the record; UINT32_MAX when they matter). */
                struct sc_seccomp_data sd = {
                        .nr = (uint32_t)rec->syscall,
                        .arch = rec->arch,
                };
                uint32_t ret = x->filter ? sc_sim_run(x->filter, &sd, NULL) : 0;
                data = (ret & SC_RET_ACTION_FULL) == SC_RET_ERRNO
                               ? ret & SC_RET_DATA
                               : UINT32_MAX;
        }
        for (size_t i = 0; i < x->n; i++) {
                struct sc_explain_entry *e = &x->e[i];
                if (e->kind == k && e->arch == rec->arch && e->nr == rec->syscall &&
                    e->data == data && e->pid == rec->pid) {
                        e->count++;
                        return;
                }
        }
        GROW(x->e, x->n, x->alloc);
        struct sc_explain_entry *e = &x->e[x->n++];
        *e = (struct sc_explain_entry){
                .kind = k,
                .arch = rec->arch,
                .nr = rec->syscall,
                .data = data,
                .pid = rec->pid,
                .count = 1,
        };
        snprintf(e->comm, sizeof(e->comm), "%s", rec->comm);
}

static void syscall_label(uint32_t audit_arch, int64_t nr, char *buf, size_t n)
{
        enum sc_arch a = sc_syscall_arch_audit(audit_arch, nr);
        const char *name = sc_syscall_name_audit(audit_arch, nr);
        bool foreign = a != sc_arch_native();
        const char *an = a != SC_ARCH_INVALID ? sc_arch_info(a)->name : "unknown-arch";
        if (name && !foreign)
                snprintf(buf, n, "%s", name);
        else if (name)
                snprintf(buf, n, "%s (%s)", name, an);
        else
                snprintf(buf, n, "syscall %lld (%s)", (long long)nr, an);
}

char *sc_explain_line(const struct sc_explain_entry *e)
{
        char name[96], what[64];
        syscall_label(e->arch, e->nr, name, sizeof(name));
        switch (e->kind) {
        case SC_EXPLAIN_DENIED:
                if (e->data == UINT32_MAX)
                        snprintf(what, sizeof(what), ", errno");
                else
                        snprintf(what, sizeof(what), ", errno %u%s%s",
                                 e->data,
                                 sc_errno_name(e->data) ? " " : "",
                                 sc_errno_name(e->data)
                                         ? sc_errno_name(e->data)
                                         : "");
                break;
        case SC_EXPLAIN_KILLED:
                snprintf(what, sizeof(what), ", signal %u", e->data);
                break;
        case SC_EXPLAIN_TRAPPED:
                snprintf(what, sizeof(what), ", SIGSYS");
                break;
        case SC_EXPLAIN_LOGGED:
        case SC_EXPLAIN_OTHER:
                what[0] = '\0';
                break;
        }
        /* comm is the workload's choice (PR_SET_NAME). */
        _cleanup_free_ char *comm = sc_escape(e->comm);
        return xasprintf("%s: %s (x%zu%s) by pid %u (%s)",
                         verdict_names[e->kind], name, e->count, what,
                         e->pid, comm);
}

void sc_explain_clear(struct sc_explain *x)
{
        free(x->e);
        x->e = NULL;
        x->n = x->alloc = 0;
}
