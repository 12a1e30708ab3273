/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Diagnostics: what library code says to people, collected instead of
 * printed.  Each entry knows the file, the position (1-based line and
 * column; 0 when unknown), the JSON/Kubernetes field path and the message,
 * and formats as
 *
 *     FILE:LINE:COL: error: $.syscalls[3].args[0].op: MESSAGE
 *
 * so that editors and CI logs can jump to it.  The CLI prints them once.
 */
#ifndef SC_DIAG_H
#define SC_DIAG_H

#include "util.h"

enum sc_severity {
        SC_ERROR,
        SC_WARNING,
        SC_NOTE,
};

struct sc_pos {
        uint32_t line, col;
};

struct sc_diag {
        enum sc_severity severity;
        char *file;    /* may be NULL */
        struct sc_pos pos;
        char *path;    /* "$.syscalls[3].names[0]", may be NULL */
        char *message;
};

struct sc_diags {
        struct sc_diag *items;
        size_t n, alloc;
        size_t n_errors, n_warnings;
        /* Stop collecting after this many entries (0: no limit); hostile
         * input with 100k bad names must not produce 100k lines.  Errors
         * have a cap of their own: a hundred warnings must never hide the
         * one error that makes the command fail (so n can reach 2 * max). */
        size_t max;
        size_t n_dropped;               /* of every severity */
        size_t n_errors_kept, n_errors_dropped;
};

/* Add an entry.  d may be NULL (the caller does not want details). */
void sc_diag_add(struct sc_diags *d, enum sc_severity sev, const char *file,
                 struct sc_pos pos, const char *path, const char *fmt, ...)
        _printf_(6, 7);
/* Append all of src to dst (src is left empty). */
void sc_diags_move(struct sc_diags *dst, struct sc_diags *src);
/* "FILE:LINE:COL: error: PATH: MESSAGE" without newline; caller frees. */
char *sc_diag_format(const struct sc_diag *d);
/* JSON object for --json output. */
void sc_diag_to_json(const struct sc_diag *d, struct strbuf *out);
void sc_diags_clear(struct sc_diags *d);
/* Sort by file, position (stable), so output follows the file. */
void sc_diags_sort(struct sc_diags *d);

#endif
