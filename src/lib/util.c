/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "util.h"

#include <stdarg.h>
#include <strings.h>

static _Noreturn void oom(void)
{
        static const char msg[] = "seccompctl: out of memory\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        abort();
}

void *xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);
        if (!p)
                oom();
        return p;
}

void *xcalloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p)
                oom();
        return p;
}

void *xrealloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (!p)
                oom();
        return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
        if (size && n > SIZE_MAX / size)
                oom();
        return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
        return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
        char *p = xmalloc(n + 1);
        memcpy(p, s, n);
        p[n] = 0;
        return p;
}

char *xasprintf(const char *fmt, ...)
{
        va_list ap;
        char *p;
        va_start(ap, fmt);
        int r = vasprintf(&p, fmt, ap);
        va_end(ap);
        if (r < 0)
                oom();
        return p;
}

void strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
        if (sb->alloc - sb->len < n + 1) {
                size_t want = sb->len + n + 1;
                sb->alloc = sb->alloc ? sb->alloc : 64;
                while (sb->alloc < want)
                        sb->alloc *= 2;
                sb->buf = xrealloc(sb->buf, sb->alloc);
        }
        memcpy(sb->buf + sb->len, s, n);
        sb->len += n;
        sb->buf[sb->len] = 0;
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
        strbuf_append(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
        strbuf_append(sb, &c, 1);
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
        va_list ap;
        char *p;
        va_start(ap, fmt);
        int r = vasprintf(&p, fmt, ap);
        va_end(ap);
        if (r < 0)
                oom();
        strbuf_append(sb, p, (size_t)r);
        free(p);
}

void strbuf_json_string(struct strbuf *sb, const char *s)
{
        strbuf_putc(sb, '"');
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                switch (*p) {
                case '"': strbuf_puts(sb, "\\\""); break;
                case '\\': strbuf_puts(sb, "\\\\"); break;
                case '\n': strbuf_puts(sb, "\\n"); break;
                case '\r': strbuf_puts(sb, "\\r"); break;
                case '\t': strbuf_puts(sb, "\\t"); break;
                default:
                        if (*p < 0x20 || *p == 0x7f)
                                strbuf_printf(sb, "\\u%04x", *p);
                        else
                                strbuf_putc(sb, (char)*p);
                }
        }
        strbuf_putc(sb, '"');
}

char *strbuf_steal(struct strbuf *sb)
{
        char *p = sb->buf ? sb->buf : xstrdup("");
        *sb = (struct strbuf){ 0 };
        return p;
}

void strbuf_free(struct strbuf *sb)
{
        free(sb->buf);
        *sb = (struct strbuf){ 0 };
}

bool streq(const char *a, const char *b)
{
        return strcmp(a, b) == 0;
}

bool strcaseeq(const char *a, const char *b)
{
        return strcasecmp(a, b) == 0;
}

bool startswith(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool endswith(const char *s, const char *suffix)
{
        size_t a = strlen(s), b = strlen(suffix);
        return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int parse_u64(const char *s, bool allow_hex, uint64_t *ret)
{
        unsigned base = 10;
        uint64_t v = 0;

        if (allow_hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                base = 16;
                s += 2;
        }
        if (!*s)
                return -EINVAL;
        for (; *s; s++) {
                unsigned d;
                if (*s >= '0' && *s <= '9')
                        d = (unsigned)(*s - '0');
                else if (base == 16 && *s >= 'a' && *s <= 'f')
                        d = (unsigned)(*s - 'a' + 10);
                else if (base == 16 && *s >= 'A' && *s <= 'F')
                        d = (unsigned)(*s - 'A' + 10);
                else
                        return -EINVAL;
                if (v > (UINT64_MAX - d) / base)
                        return -ERANGE;
                v = v * base + d;
        }
        *ret = v;
        return 0;
}
