/* SPDX-License-Identifier: Apache-2.0 */
#include "diag.h"

#include <stdarg.h>

static const char *const severity_names[] = {
        [SC_ERROR] = "error",
        [SC_WARNING] = "warning",
        [SC_NOTE] = "note",
};

void sc_diag_add(struct sc_diags *d, enum sc_severity sev, const char *file,
                 struct sc_pos pos, const char *path, const char *fmt, ...)
{
        if (!d)
                return;
        if (sev == SC_ERROR)
                d->n_errors++;
        else if (sev == SC_WARNING)
                d->n_warnings++;
        bool full = sev == SC_ERROR ? d->n_errors_kept >= d->max : d->n >= d->max;
        if (d->max && full) {
                d->n_dropped++;
                if (sev == SC_ERROR)
                        d->n_errors_dropped++;
                return;
        }
        if (sev == SC_ERROR)
                d->n_errors_kept++;
        va_list ap;
        va_start(ap, fmt);
        char *msg = xvasprintf(fmt, ap);
        va_end(ap);
        GROW(d->items, d->n, d->alloc);
        d->items[d->n++] = (struct sc_diag){
                .severity = sev,
                .file = file ? xstrdup(file) : NULL,
                .pos = pos,
                .path = path ? xstrdup(path) : NULL,
                .message = msg,
        };
}

void sc_diags_move(struct sc_diags *dst, struct sc_diags *src)
{
        if (!dst) {
                sc_diags_clear(src);
                return;
        }
        for (size_t i = 0; i < src->n; i++) {
                GROW(dst->items, dst->n, dst->alloc);
                dst->items[dst->n++] = src->items[i];
        }
        dst->n_errors += src->n_errors;
        dst->n_warnings += src->n_warnings;
        dst->n_dropped += src->n_dropped;
        dst->n_errors_kept += src->n_errors_kept;
        dst->n_errors_dropped += src->n_errors_dropped;
        free(src->items);
        *src = (struct sc_diags){ .max = src->max };
}

char *sc_diag_format(const struct sc_diag *d)
{
        struct strbuf sb = { 0 };
        if (d->file) {
                strbuf_puts(&sb, d->file);
                if (d->pos.line)
                        strbuf_printf(&sb, ":%u:%u", d->pos.line, d->pos.col);
                strbuf_puts(&sb, ": ");
        }
        strbuf_printf(&sb, "%s: ", severity_names[d->severity]);
        if (d->path)
                strbuf_printf(&sb, "%s: ", d->path);
        strbuf_puts(&sb, d->message);
        return strbuf_steal(&sb);
}

void sc_diag_to_json(const struct sc_diag *d, struct strbuf *out)
{
        strbuf_puts(out, "{\"severity\":");
        strbuf_json_string(out, severity_names[d->severity]);
        strbuf_puts(out, ",\"file\":");
        if (d->file)
                strbuf_json_string(out, d->file);
        else
                strbuf_puts(out, "null");
        strbuf_printf(out, ",\"line\":%u,\"column\":%u,\"path\":", d->pos.line,
                      d->pos.col);
        if (d->path)
                strbuf_json_string(out, d->path);
        else
                strbuf_puts(out, "null");
        strbuf_puts(out, ",\"message\":");
        strbuf_json_string(out, d->message);
        strbuf_putc(out, '}');
}

void sc_diags_clear(struct sc_diags *d)
{
        for (size_t i = 0; i < d->n; i++) {
                free(d->items[i].file);
                free(d->items[i].path);
                free(d->items[i].message);
        }
        free(d->items);
        *d = (struct sc_diags){ .max = d->max };
}

static int diag_cmp(const struct sc_diag *a, const struct sc_diag *b)
{
        int r = strcmp(a->file ? a->file : "", b->file ? b->file : "");
        if (r)
                return r;
        if (a->pos.line != b->pos.line)
                return a->pos.line < b->pos.line ? -1 : 1;
        if (a->pos.col != b->pos.col)
                return a->pos.col < b->pos.col ? -1 : 1;
        return 0;
}

void sc_diags_sort(struct sc_diags *d)
{
        /* Insertion sort: stable, and lists are short. */
        for (size_t i = 1; i < d->n; i++) {
                struct sc_diag tmp = d->items[i];
                size_t j = i;
                while (j > 0 && diag_cmp(&d->items[j - 1], &tmp) > 0) {
                        d->items[j] = d->items[j - 1];
                        j--;
                }
                d->items[j] = tmp;
        }
}
