/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table `run --explain` prints: seccomp audit records of a workload,
 * counted per verdict, syscall, errno or signal, and process.  Pure: the
 * caller reads the records (src/cli/explain.c) and decides which are the
 * workload's.
 */
#ifndef SC_EXPLAIN_H
#define SC_EXPLAIN_H

#include "auditlog.h"
#include "bpf.h"

enum sc_explain_kind {
        SC_EXPLAIN_DENIED,
        SC_EXPLAIN_TRAPPED,
        SC_EXPLAIN_KILLED,
        SC_EXPLAIN_LOGGED,
        SC_EXPLAIN_OTHER,
};

struct sc_explain_entry {
        enum sc_explain_kind kind;
        uint32_t arch;
        int64_t nr;
        /* DENIED: the errno (UINT32_MAX when the arguments decide it);
         * KILLED: the signal; else the return value's data. */
        uint32_t data;
        uint32_t pid;
        char comm[64];
        size_t count;
};

struct sc_explain {
        /* The filter the workload runs under: the kernel logs an ERRNO
         * action without its data, the filter says which errno.  NULL:
         * unconfined. */
        const struct sc_filter *filter;
        struct sc_explain_entry *e;
        size_t n, alloc;
};

/* Count one record. */
void sc_explain_add(struct sc_explain *x, const struct sc_audit_record *rec);
/* An entry as one line (no newline), the workload's comm escaped:
 * "denied: openat (x3, errno 13 EACCES) by pid 12 (cat)". */
char *sc_explain_line(const struct sc_explain_entry *e);
/* Empties the table. */
void sc_explain_clear(struct sc_explain *x);

#endif
