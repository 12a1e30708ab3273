/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Small helpers shared by every module: cleanup attributes (ownership made
 * visible, as in systemd and crun), checked allocation, a growable string
 * buffer and strict number parsing.
 *
 * Error convention (one for the whole project): functions return 0 (or a
 * non-negative count) on success and -errno on failure.  Out-parameters are
 * named ret_* and are written only on success.  Library code never prints
 * or exits; details for people go into a struct sc_diags (diag.h).
 */
#ifndef SC_UTIL_H
#define SC_UTIL_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SC_API __attribute__((visibility("default")))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _warn_unused_ __attribute__((warn_unused_result))

static inline void freep(void *p) { free(*(void **)p); }
static inline void closep(int *fd)
{
        if (*fd >= 0) {
                int saved = errno;
                close(*fd);
                errno = saved;
        }
}
static inline void fclosep(FILE **f)
{
        if (*f)
                fclose(*f);
}

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Hand ownership over: returns the pointer and clears the variable so the
 * cleanup attribute does nothing. */
#define TAKE_PTR(p)                                                            \
        ({                                                                     \
                __typeof__(p) _p_ = (p);                                       \
                (p) = NULL;                                                    \
                _p_;                                                           \
        })
#define TAKE_FD(fd)                                                            \
        ({                                                                     \
                int _fd_ = (fd);                                               \
                (fd) = -1;                                                     \
                _fd_;                                                          \
        })

/* Allocation failure is not recoverable in a CLI and must never be
 * mistaken for "no rules": abort loudly instead of returning NULL.
 * sc_oom() is that path (it says "seccompctl: out of memory" on stderr
 * and aborts); it is the only abort() there is, so also call it when a
 * library (json-c, libyaml) reports an allocation failure. */
_Noreturn void sc_oom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) _printf_(1, 2);
char *xvasprintf(const char *fmt, va_list ap) _printf_(1, 0);

/* Grow *array (holding *count elements of size) so that one more fits. */
#define GROW(array, count, alloc)                                              \
        do {                                                                   \
                if ((count) >= (alloc)) {                                      \
                        (alloc) = (alloc) ? (alloc) * 2 : 8;                   \
                        (array) = xreallocarray((array), (alloc),              \
                                                sizeof(*(array)));             \
                }                                                              \
        } while (0)

/* A growable NUL-terminated byte buffer. */
struct strbuf {
        char *buf;
        size_t len, alloc;
};
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) _printf_(2, 3);
/* Append s as a JSON string literal (quotes and escapes included). */
void strbuf_json_string(struct strbuf *sb, const char *s);
/* THE terminal escape: every byte a workload, manifest or file chose goes
 * through this before it reaches a terminal.  Escaped: C0 controls and DEL
 * (\n \t \r by name, others \xNN), bytes that are not valid UTF-8
 * (\xNN), with a quote character (not 0) that quote and backslash too, so
 * the quoted text reads back unambiguously; with quote 0 (a whole message
 * line, which may hold values escaped before) backslash is left as it is,
 * so nothing is escaped twice.  And the
 * code points a terminal or a reader acts on: C1 controls U+0080-U+009F
 * (U+009B is CSI), line/paragraph separators and bidi overrides
 * (\uNNNN).  Other UTF-8 text passes unchanged.  Output formats with
 * their own syntax (JSON strings, YAML scalars) use their own quoting. */
void strbuf_put_escaped(struct strbuf *sb, const char *s, char quote);
/* The same for n bytes that may hold NULs (a manifest's string): \x00. */
void strbuf_put_escaped_n(struct strbuf *sb, const char *s, size_t n, char quote);
/* "s", escaped with quote '"': how a name reaches a message (what Go's %q
 * shows in the kubelet's and the API server's messages, with our escapes
 * for what a terminal would act on). */
void strbuf_put_quoted(struct strbuf *sb, const char *s);
void strbuf_put_quoted_n(struct strbuf *sb, const char *s, size_t n);
/* strbuf_put_escaped into a new string, quote '"' (no quotes around it),
 * and strbuf_put_quoted into a new string.  Caller frees. */
char *sc_escape(const char *s);
char *sc_quote(const char *s);
/* Length of the valid UTF-8 sequence at p (at most n bytes; 1 for ASCII,
 * NUL included), its code point in *ret; 0 when the bytes are not one
 * (overlong forms, surrogates and values past U+10FFFF included). */
size_t sc_utf8_decode(const unsigned char *p, size_t n, uint32_t *ret);
/* Returns the buffer (never NULL) and resets sb. Caller frees. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_clear(struct strbuf *sb);

/* A growable vector of owned strings (a Go []string). */
struct strv {
        char **items;
        size_t n, alloc;
};
/* Append s, which the vector now owns. */
void strv_push(struct strv *v, char *s);
/* Append a copy of s. */
void strv_add(struct strv *v, const char *s);
/* strv_add unless an equal string is there (a set). */
void strv_add_unique(struct strv *v, const char *s);
bool strv_contains(const struct strv *v, const char *s);
void strv_sort(struct strv *v);
/* Free the strings and the array; v is empty and reusable. */
void strv_clear(struct strv *v);

/* Inline: the most frequent comparison there is (profile keys, syscall
 * names), where a call through util.c for each added a third.  The first
 * byte first: most of those strings differ there, and then no strcmp
 * call is made at all (3,000 per 32-bit arch in the departures search of
 * Docker's default). */
static inline bool streq(const char *a, const char *b)
{
        return a[0] == b[0] && strcmp(a, b) == 0;
}
bool strcaseeq(const char *a, const char *b);
bool startswith(const char *s, const char *prefix);
bool endswith(const char *s, const char *suffix);

/* Walk a '/'-separated path one component at a time (what a walk below
 * a root opens, one openat() each): the component after *pos, empty ones
 * ("a//b", a leading or trailing '/') skipped; its start and length in
 * ret_start/ret_len, *pos moved past it.  false at the end. */
bool path_next_component(const char *path, size_t *pos, size_t *ret_start,
                         size_t *ret_len);
/* "." or "..": a component no walk below a root may take. */
bool path_component_is_dot(const char *s, size_t n);

/* Strict unsigned parse of a whole string: decimal, or 0x hex when
 * allow_hex.  -EINVAL on junk, -ERANGE past 2^64-1. */
int parse_u64(const char *s, bool allow_hex, uint64_t *ret);

#endif
