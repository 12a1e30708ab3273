/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The calls a container runtime makes itself after it has loaded the
 * container's seccomp filter, before it execve()s the workload.  A profile
 * recorded from the workload alone lacks them and the container does not
 * start ("close log pipe fd 4: operation not permitted").  The rows are
 * data/runtime-calls.tsv, measured on runc 1.1.5 and crun 1.8.1 and turned
 * into C at build time.  Pure: no I/O.
 */
#ifndef SC_RUNTIME_CALLS_H
#define SC_RUNTIME_CALLS_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"

enum sc_runtime {
        SC_RUNTIME_NONE,  /* seccompctl run and other direct loaders */
        SC_RUNTIME_RUNC,
        SC_RUNTIME_CRUN,
        _SC_RUNTIME_MAX,
};

/* When a runtime makes the call (a bit each; data/runtime-calls.tsv says
 * what each means). */
enum {
        SC_RTW_ALWAYS = 1U << 0,
        SC_RTW_NNP = 1U << 1,    /* process.noNewPrivileges false */
        SC_RTW_EXEC = 1U << 2,   /* runc/crun exec into a running container */
        SC_RTW_NOTIFY = 1U << 3, /* the profile has an SCMP_ACT_NOTIFY rule */
        SC_RTW_GO = 1U << 4,     /* the Go runtime of runc init, at random */
};
/* Every config a Pod can have (NOTIFY is added when the profile has a
 * NOTIFY rule). */
#define SC_RTW_DEFAULT (SC_RTW_ALWAYS | SC_RTW_NNP | SC_RTW_EXEC | SC_RTW_GO)

struct sc_runtime_call {
        enum sc_runtime runtime;
        const char *version;     /* the runtime version it was measured on */
        unsigned when;           /* one SC_RTW_* bit */
        const char *name;
        int arg;                 /* argument index the value is for; -1: any arguments */
        uint64_t value;
        const char *value_name;  /* "PR_SET_KEEPCAPS"; NULL when arg < 0 */
        const char *failure;     /* what happens without it, after "without it "; NULL: nothing seen */
};

/* Generated from data/runtime-calls.tsv (tools/runtime-calls-to-c.sh). */
extern const struct sc_runtime_call sc_runtime_call_table[];
extern const size_t sc_runtime_call_table_len;

/* "runc", "crun", "none" -> value; -EINVAL otherwise. */
int sc_runtime_from_name(const char *s, enum sc_runtime *ret);
const char *sc_runtime_name(enum sc_runtime rt);
/* The version the rows were measured on ("1.1.5"); NULL for none. */
const char *sc_runtime_version(enum sc_runtime rt);
/* "when" bit -> "always", "noNewPrivileges false", ... */
const char *sc_runtime_when_describe(unsigned when);

/* Does the (resolved, plain OCI) profile certainly let the call through,
 * with the value the runtime passes?  Rules are read as libseccomp merges
 * them: a call another rule may deny, or one allowed only under
 * conditions on arguments the runtime chooses freely, is not certainly
 * allowed.  A NOTIFY rule counts as letting it through: the profile's
 * agent decides, and nothing is added over it. */
bool sc_runtime_call_allowed(const struct sc_profile *p, const struct sc_runtime_call *c);

/* The rows of rt selected by when_mask (plus SC_RTW_NOTIFY when p has a
 * NOTIFY rule) that p does not certainly allow, without repeats of the
 * same name and value.  *ret is the caller's to free (the rows are not);
 * returns the count. */
size_t sc_runtime_missing(const struct sc_profile *p, enum sc_runtime rt, unsigned when_mask,
                          const struct sc_runtime_call ***ret);

/* p with rt's missing calls added as ALLOW rules (the conditional ones
 * with their SCMP_CMP_EQ condition), merged as `merge` does.
 * *ret_added (may be NULL) gets what was added, "fstatfs prctl(PR_SET_KEEPCAPS)",
 * or "" when nothing was missing.  SC_RUNTIME_NONE returns a copy. */
int sc_runtime_add_calls(const struct sc_profile *p, enum sc_runtime rt, unsigned when_mask,
                         struct sc_profile **ret, char **ret_added);

#endif
