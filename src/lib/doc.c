/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "doc.h"

#include <json.h>
#include <yaml.h>

#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MAX_NODES (2U * 1024U * 1024U)

const char *doc_kind_name(enum doc_kind k)
{
        static const char *const names[] = {
                [DOC_NULL] = "null",     [DOC_BOOL] = "boolean",
                [DOC_NUMBER] = "number", [DOC_STRING] = "string",
                [DOC_MAP] = "object",    [DOC_SEQ] = "array",
        };
        return (size_t)k < ELEMENTSOF(names) ? names[k] : "?";
}

void doc_node_free(struct doc_node *n)
{
        if (!n)
                return;
        /* Iterative over siblings would be nicer; depth is bounded by
         * max_depth so recursion is safe. */
        for (size_t i = 0; i < n->n; i++) {
                if (n->keys)
                        doc_node_free(n->keys[i]);
                doc_node_free(n->items[i]);
        }
        /* A map abandoned between a key and its value. */
        if (n->keys && n->n < n->alloc)
                doc_node_free(n->keys[n->n]);
        free(n->keys);
        free(n->items);
        free(n->text);
        free(n);
}

void doc_stream_free(struct doc_stream *s)
{
        for (size_t i = 0; i < s->n; i++)
                doc_node_free(s->docs[i]);
        free(s->docs);
        *s = (struct doc_stream){ 0 };
}

struct doc_node *doc_get(const struct doc_node *map, const char *key)
{
        if (!map || map->kind != DOC_MAP)
                return NULL;
        for (size_t i = 0; i < map->n; i++)
                if (streq(map->keys[i]->text, key))
                        return map->items[i];
        return NULL;
}

struct doc_node *doc_get_path(const struct doc_node *map, const char *dotted)
{
        const struct doc_node *n = map;
        _cleanup_free_ char *copy = xstrdup(dotted);
        char *save = NULL;
        for (char *k = strtok_r(copy, ".", &save); k && n;
             k = strtok_r(NULL, ".", &save))
                n = doc_get(n, k);
        return (struct doc_node *)n;
}

static struct sc_pos pos_from_offset(const char *buf, size_t len, size_t off)
{
        struct sc_pos p = { 1, 1 };
        for (size_t i = 0; i < off && i < len; i++) {
                if (buf[i] == '\n') {
                        p.line++;
                        p.col = 1;
                } else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
                        p.col++;
                }
        }
        return p;
}

/* Strict JSON syntax check with json-c: a file runc (Go's encoding/json)
 * would refuse is refused here, with the position of the problem. */
static int json_validate(const char *buf, size_t len, const char *file,
                         size_t max_depth, struct sc_diags *diags)
{
        if (len >= INT32_MAX) {
                sc_diag_add(diags, SC_ERROR, file, (struct sc_pos){ 0 }, NULL,
                            "input too large");
                return -EFBIG;
        }
        struct json_tokener *tok = json_tokener_new_ex((int)max_depth);
        if (!tok)
                abort();
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        json_object *obj = json_tokener_parse_ex(tok, buf, (int)len);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        size_t end = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);
        json_object_put(obj);

        const char *what = NULL;
        if (jerr == json_tokener_continue) {
                what = "unexpected end of input";
                end = len;
        } else if (jerr != json_tokener_success) {
                what = json_tokener_error_desc(jerr); /* end: the bad byte */
        } else {
                for (size_t i = end; i < len; i++)
                        if (!strchr(" \t\r\n", buf[i])) {
                                what = "trailing data after the JSON value";
                                end = i;
                                break;
                        }
        }
        if (!what)
                return 0;
        sc_diag_add(diags, SC_ERROR, file, pos_from_offset(buf, len, end),
                    NULL, "invalid JSON: %s", what);
        return -EINVAL;
}

static int hexval(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static int read_u16_escape(const char *p, const char *end)
{
        if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                return -1;
        int v = 0;
        for (int i = 2; i < 6; i++) {
                int h = hexval(p[i]);
                if (h < 0)
                        return -1;
                v = v * 16 + h;
        }
        return v;
}

/* libyaml refuses JSON's UTF-16 surrogate escapes ("\ud83d\ude00").
 * Rewrite pairs as YAML's \UXXXXXXXX and lone surrogates as U+FFFD, as
 * Go's encoding/json decodes them.  Only called on validated JSON. */
static char *json_fix_surrogates(const char *buf, size_t len, size_t *ret_len)
{
        struct strbuf sb = { 0 };
        const char *p = buf, *end = buf + len, *flushed = buf;
        bool in_string = false;

        for (; p < end; p++) {
                if (!in_string) {
                        if (*p == '"')
                                in_string = true;
                        continue;
                }
                if (*p == '"') {
                        in_string = false;
                        continue;
                }
                if (*p != '\\')
                        continue;
                int hi = read_u16_escape(p, end);
                if (hi < 0xd800 || hi > 0xdfff) {
                        p++; /* skip the escaped character */
                        continue;
                }
                strbuf_append(&sb, flushed, (size_t)(p - flushed));
                int lo = hi <= 0xdbff ? read_u16_escape(p + 6, end) : -1;
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                        unsigned cp = 0x10000U + (((unsigned)hi - 0xd800U) << 10) +
                                      ((unsigned)lo - 0xdc00U);
                        strbuf_printf(&sb, "\\U%08X", cp);
                        p += 11;
                } else {
                        strbuf_puts(&sb, "\\uFFFD");
                        p += 5;
                }
                flushed = p + 1;
        }
        if (!sb.buf)
                return NULL;
        strbuf_append(&sb, flushed, (size_t)(end - flushed));
        *ret_len = sb.len;
        return strbuf_steal(&sb);
}

static bool is_json_number(const char *s)
{
        /* JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
        if (*s == '-')
                s++;
        if (*s == '0')
                s++;
        else if (*s >= '1' && *s <= '9')
                while (*s >= '0' && *s <= '9')
                        s++;
        else
                return false;
        if (*s == '.') {
                s++;
                if (!(*s >= '0' && *s <= '9'))
                        return false;
                while (*s >= '0' && *s <= '9')
                        s++;
        }
        if (*s == 'e' || *s == 'E') {
                s++;
                if (*s == '+' || *s == '-')
                        s++;
                if (!(*s >= '0' && *s <= '9'))
                        return false;
                while (*s >= '0' && *s <= '9')
                        s++;
        }
        return *s == 0;
}

static bool is_yaml_number(const char *s)
{
        if (is_json_number(s))
                return true;
        if (*s == '+' || *s == '-')
                s++;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
                bool hex = s[1] == 'x';
                s += 2;
                if (!*s)
                        return false;
                for (; *s; s++)
                        if (hex ? hexval(*s) < 0 : (*s < '0' || *s > '7'))
                                return false;
                return true;
        }
        return false;
}

static bool in_list(const char *s, const char *const *list)
{
        for (; *list; list++)
                if (streq(s, *list))
                        return true;
        return false;
}

/* Plain (unquoted) scalars: JSON literals, or YAML 1.1 resolution as
 * Kubernetes' YAML reader (go-yaml v2) does it. */
static void resolve_plain(struct doc_node *n, bool yaml)
{
        static const char *const nulls[] = { "null", "Null", "NULL", "~", "", NULL };
        static const char *const trues[] = { "true", "True", "TRUE", "yes", "Yes",
                                             "YES", "on", "On", "ON", NULL };
        static const char *const falses[] = { "false", "False", "FALSE", "no", "No",
                                              "NO", "off", "Off", "OFF", NULL };
        const char *s = n->text;

        if (!yaml) {
                if (streq(s, "null"))
                        n->kind = DOC_NULL;
                else if (streq(s, "true") || streq(s, "false")) {
                        n->kind = DOC_BOOL;
                        n->boolean = s[0] == 't';
                } else
                        n->kind = DOC_NUMBER; /* json-c validated it */
                return;
        }
        if (in_list(s, nulls))
                n->kind = DOC_NULL;
        else if (in_list(s, trues)) {
                n->kind = DOC_BOOL;
                n->boolean = true;
        } else if (in_list(s, falses)) {
                n->kind = DOC_BOOL;
                n->boolean = false;
        } else if (is_yaml_number(s))
                n->kind = DOC_NUMBER;
        else
                n->kind = DOC_STRING;
}

struct builder {
        const char *file;
        bool yaml;
        size_t max_depth, max_nodes, n_nodes;
        struct doc_node **stack;
        size_t depth, stack_alloc;
        struct doc_node *root;
        struct sc_diags *diags;
};

static struct sc_pos mark_pos(const yaml_mark_t *m)
{
        return (struct sc_pos){ (uint32_t)m->line + 1, (uint32_t)m->column + 1 };
}

static int builder_error(struct builder *b, const yaml_mark_t *m,
                         const char *msg)
{
        sc_diag_add(b->diags, SC_ERROR, b->file, mark_pos(m), NULL, "%s", msg);
        return -EINVAL;
}

/* Attach n to the open container (or make it the root). */
static int builder_add(struct builder *b, struct doc_node *n,
                       const yaml_mark_t *m)
{
        if (++b->n_nodes > b->max_nodes) {
                doc_node_free(n);
                return builder_error(b, m, "document too large (too many nodes)");
        }
        if (b->depth == 0) {
                b->root = n;
                return 0;
        }
        struct doc_node *parent = b->stack[b->depth - 1];
        if (parent->kind == DOC_SEQ) {
                GROW(parent->items, parent->n, parent->alloc);
                parent->items[parent->n++] = n;
                return 0;
        }
        /* A map: keys[n] is set first, then items[n]; parent->n counts
         * complete pairs, and alloc covers both arrays. */
        if (parent->n < parent->alloc && parent->keys[parent->n] &&
            !parent->items[parent->n]) {
                parent->items[parent->n++] = n;
                return 0;
        }
        if (n->kind != DOC_STRING && n->kind != DOC_NUMBER &&
            n->kind != DOC_BOOL && n->kind != DOC_NULL) {
                doc_node_free(n);
                return builder_error(b, m, "mapping keys must be scalars");
        }
        for (size_t i = 0; i < parent->n; i++)
                if (streq(parent->keys[i]->text, n->text)) {
                        sc_diag_add(b->diags, SC_ERROR, b->file, n->pos, NULL,
                                    "duplicate key \"%s\" (first at line %u); "
                                    "runtimes silently use the last one",
                                    n->text, parent->keys[i]->pos.line);
                        doc_node_free(n);
                        return -EINVAL;
                }
        if (parent->n >= parent->alloc) {
                size_t old = parent->alloc;
                parent->alloc = old ? old * 2 : 8;
                parent->keys = xreallocarray(parent->keys, parent->alloc,
                                             sizeof(*parent->keys));
                parent->items = xreallocarray(parent->items, parent->alloc,
                                              sizeof(*parent->items));
                memset(parent->keys + old, 0,
                       (parent->alloc - old) * sizeof(*parent->keys));
                memset(parent->items + old, 0,
                       (parent->alloc - old) * sizeof(*parent->items));
        }
        parent->keys[parent->n] = n;
        return 0;
}

static int builder_push(struct builder *b, struct doc_node *n,
                        const yaml_mark_t *m)
{
        if (b->depth >= b->max_depth) {
                doc_node_free(n);
                return builder_error(b, m, "document nested too deeply");
        }
        int r = builder_add(b, n, m);
        if (r < 0)
                return r;
        GROW(b->stack, b->depth, b->stack_alloc);
        b->stack[b->depth++] = n;
        return 0;
}

static int builder_event(struct builder *b, const yaml_event_t *ev)
{
        const yaml_mark_t *m = &ev->start_mark;
        struct doc_node *n;

        switch (ev->type) {
        case YAML_SCALAR_EVENT: {
                n = xcalloc(1, sizeof(*n));
                n->pos = mark_pos(m);
                n->text = xstrndup((const char *)ev->data.scalar.value,
                                   ev->data.scalar.length);
                n->text_len = ev->data.scalar.length;
                const char *tag = (const char *)ev->data.scalar.tag;
                /* json-c's strict mode still takes 'single quotes' and 01;
                 * JSON has only double-quoted strings and its literals. */
                if (!b->yaml && (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                                         ? !streq(n->text, "null") && !streq(n->text, "true") &&
                                                   !streq(n->text, "false") &&
                                                   !is_json_number(n->text)
                                         : ev->data.scalar.style !=
                                                   YAML_DOUBLE_QUOTED_SCALAR_STYLE)) {
                        sc_diag_add(b->diags, SC_ERROR, b->file, n->pos, NULL,
                                    "invalid JSON: %s", ev->data.scalar.style ==
                                                    YAML_PLAIN_SCALAR_STYLE
                                            ? "not a JSON value (strings need double quotes)"
                                            : "strings need double quotes");
                        doc_node_free(n);
                        return -EINVAL;
                }
                if (tag && streq(tag, YAML_STR_TAG))
                        n->kind = DOC_STRING;
                else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
                        resolve_plain(n, b->yaml);
                else
                        n->kind = DOC_STRING;
                return builder_add(b, n, m);
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
                n = xcalloc(1, sizeof(*n));
                n->pos = mark_pos(m);
                n->kind = ev->type == YAML_SEQUENCE_START_EVENT ? DOC_SEQ : DOC_MAP;
                return builder_push(b, n, m);
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
                if (b->depth > 0)
                        b->depth--;
                return 0;
        case YAML_ALIAS_EVENT:
                return builder_error(b, m,
                                     "YAML aliases are not supported (expand them)");
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
                return 0;
        }
        return 0;
}

static void builder_abort(struct builder *b)
{
        /* Everything hangs off root (or is root). */
        doc_node_free(b->root);
        b->root = NULL;
        b->depth = 0;
}

static int yaml_load(const char *buf, size_t len, const char *file, bool yaml,
                     const struct doc_limits *lim, struct sc_diags *diags,
                     struct doc_stream *out)
{
        yaml_parser_t parser;
        struct builder b = {
                .file = file,
                .yaml = yaml,
                .max_depth = lim && lim->max_depth ? lim->max_depth : DEFAULT_MAX_DEPTH,
                .max_nodes = lim && lim->max_nodes ? lim->max_nodes : DEFAULT_MAX_NODES,
                .diags = diags,
        };
        size_t alloc = 0;
        int r = 0;

        if (!yaml_parser_initialize(&parser))
                abort();
        yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
        for (;;) {
                yaml_event_t ev;
                if (!yaml_parser_parse(&parser, &ev)) {
                        yaml_mark_t m = parser.problem_mark;
                        struct sc_pos pos = mark_pos(&m);
                        /* Reader errors (bad UTF-8, control characters) carry
                         * only a byte offset. */
                        if (parser.error == YAML_READER_ERROR)
                                pos = pos_from_offset(buf, len, parser.problem_offset);
                        sc_diag_add(diags, SC_ERROR, file, pos, NULL,
                                    "invalid %s: %s%s%s", yaml ? "YAML" : "JSON",
                                    parser.problem ? parser.problem : "syntax error",
                                    parser.context ? " " : "",
                                    parser.context ? parser.context : "");
                        r = -EINVAL;
                        break;
                }
                bool done = ev.type == YAML_STREAM_END_EVENT;
                if (ev.type == YAML_DOCUMENT_START_EVENT)
                        b.root = NULL;
                r = builder_event(&b, &ev);
                if (r == 0 && ev.type == YAML_DOCUMENT_END_EVENT) {
                        if (!b.root) { /* an empty document */
                                b.root = xcalloc(1, sizeof(*b.root));
                                b.root->kind = DOC_NULL;
                                b.root->pos = mark_pos(&ev.start_mark);
                        }
                        GROW(out->docs, out->n, alloc);
                        out->docs[out->n++] = TAKE_PTR(b.root);
                }
                yaml_event_delete(&ev);
                if (r < 0 || done)
                        break;
        }
        if (r < 0)
                builder_abort(&b);
        free(b.stack);
        yaml_parser_delete(&parser);
        return r;
}

static bool looks_like_json(const char *buf, size_t len)
{
        for (size_t i = 0; i < len; i++) {
                if (strchr(" \t\r\n", buf[i]))
                        continue;
                return buf[i] == '{' || buf[i] == '[';
        }
        return false;
}

int doc_parse(const char *buf, size_t len, const char *file,
              enum doc_format format, const struct doc_limits *limits,
              struct sc_diags *diags, struct doc_stream *ret)
{
        struct doc_stream s = { 0 };
        size_t max_depth = limits && limits->max_depth ? limits->max_depth
                                                       : DEFAULT_MAX_DEPTH;
        int r;

        if (format == DOC_AUTO) {
                format = DOC_YAML;
                if (looks_like_json(buf, len) &&
                    json_validate(buf, len, file, max_depth, NULL) == 0)
                        format = DOC_JSON;
        } else if (format == DOC_JSON) {
                r = json_validate(buf, len, file, max_depth, diags);
                if (r < 0)
                        return r;
        }

        if (format == DOC_JSON) {
                size_t fixed_len = 0;
                _cleanup_free_ char *fixed = json_fix_surrogates(buf, len, &fixed_len);
                r = yaml_load(fixed ? fixed : buf, fixed ? fixed_len : len, file,
                              false, limits, diags, &s);
        } else {
                r = yaml_load(buf, len, file, true, limits, diags, &s);
        }
        if (r < 0) {
                doc_stream_free(&s);
                return r;
        }
        s.format = format;
        *ret = s;
        return 0;
}

static void json_scalar(const struct doc_node *n, struct strbuf *out)
{
        switch (n->kind) {
        case DOC_NULL: strbuf_puts(out, "null"); break;
        case DOC_BOOL: strbuf_puts(out, n->boolean ? "true" : "false"); break;
        case DOC_NUMBER:
                if (is_json_number(n->text)) {
                        strbuf_puts(out, n->text);
                        break;
                }
                /* YAML-only forms (0x10) have no JSON spelling. */
                strbuf_json_string(out, n->text);
                break;
        case DOC_STRING: strbuf_json_string(out, n->text); break;
        case DOC_MAP:
        case DOC_SEQ: break;
        }
}

void doc_to_json(const struct doc_node *n, struct strbuf *out)
{
        if (!n) {
                strbuf_puts(out, "null");
                return;
        }
        if (n->kind == DOC_MAP || n->kind == DOC_SEQ) {
                strbuf_putc(out, n->kind == DOC_MAP ? '{' : '[');
                for (size_t i = 0; i < n->n; i++) {
                        if (i)
                                strbuf_putc(out, ',');
                        if (n->kind == DOC_MAP) {
                                strbuf_json_string(out, n->keys[i]->text);
                                strbuf_putc(out, ':');
                        }
                        doc_to_json(n->items[i], out);
                }
                strbuf_putc(out, n->kind == DOC_MAP ? '}' : ']');
                return;
        }
        json_scalar(n, out);
}
