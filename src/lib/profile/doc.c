/* SPDX-License-Identifier: Apache-2.0 */
#include "doc.h"

#include "parser-libs.h"

#define DEFAULT_MAX_DEPTH DOC_MAX_DEPTH
#define DEFAULT_MAX_NODES DOC_MAX_NODES
/* json-c builds its whole tree before we see any of it, and an object
 * costs it ~800 bytes (a hash table each): "{}," x 2M took 1.6 GB.  The
 * raw bytes are counted first (json_prescan) and refused above this many
 * objects and arrays, or above the node limit, before json-c allocates
 * anything.  Real profiles have one object per rule and argument. */
#define DEFAULT_MAX_CONTAINERS (64U * 1024U)
/* YAML aliases: Kubernetes' YAML library (go-yaml) expands them and
 * refuses "excessive aliasing" by ratio; we allow an alias to expand to
 * at most this many nodes plus ten per node written, so a billion-laughs
 * file is refused while it is still small. */
#define ALIAS_BASE_BUDGET 10000U
#define ALIAS_RATIO 10U

#define UTF8_BOM "\xef\xbb\xbf"

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
        /* A node in an arena goes with its stream (doc_stream_clear). */
        if (!n || n->in_arena)
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

void doc_stream_clear(struct doc_stream *s)
{
        for (size_t i = 0; i < s->n; i++)
                doc_node_free(s->docs[i]);
        free(s->docs);
        arena_clear(&s->arena);
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
/* Count the values and the nesting of JSON text without building
 * anything (strings are skipped, escapes included), so that json-c is
 * never handed a document whose tree would not fit.  Syntax is not
 * checked here: json-c does that next.  Returns NULL, or why the input
 * is refused with *ret_off at the value that crossed the limit. */
static const char *json_prescan(const char *buf, size_t len, size_t max_depth,
                                size_t max_nodes, size_t max_containers,
                                size_t *ret_off)
{
        size_t nodes = 0, containers = 0, depth = 0;
        for (size_t i = 0; i < len; i++) {
                char c = buf[i];
                *ret_off = i;
                switch (c) {
                case '"':
                        nodes++;
                        for (i++; i < len && buf[i] != '"'; i++)
                                if (buf[i] == '\\')
                                        i++;
                        break;
                case '{':
                case '[':
                        nodes++;
                        if (++containers > max_containers)
                                return "document too large (more than 65536 "
                                       "objects and arrays)";
                        if (++depth > max_depth)
                                return "document nested too deeply";
                        break;
                case '}':
                case ']':
                        if (depth > 0)
                                depth--;
                        break;
                case ' ': case '\t': case '\r': case '\n': case ',': case ':':
                        continue;
                default:
                        /* A number or literal: one node, however long. */
                        nodes++;
                        while (i + 1 < len && !strchr(" \t\r\n,:[]{}\"", buf[i + 1]))
                                i++;
                        break;
                }
                if (nodes > max_nodes)
                        return "document too large (too many nodes)";
        }
        return NULL;
}

static int json_validate(const char *buf, size_t len, const char *file,
                         size_t max_depth, size_t max_nodes,
                         struct sc_diags *diags)
{
        if (len >= INT32_MAX) {
                sc_diag_add(diags, SC_ERROR, file, (struct sc_pos){ 0 }, NULL,
                            "input too large");
                return -EFBIG;
        }
        if (len >= 3 && memcmp(buf, UTF8_BOM, 3) == 0) {
                sc_diag_add(diags, SC_ERROR, file, (struct sc_pos){ 1, 1 }, NULL,
                            "invalid JSON: a UTF-8 byte order mark (runc and "
                            "the kubelet, with Go's encoding/json, refuse it)");
                return -EINVAL;
        }
        size_t bad_off = 0;
        const char *too_big = json_prescan(buf, len, max_depth, max_nodes,
                                           DEFAULT_MAX_CONTAINERS, &bad_off);
        if (too_big) {
                sc_diag_add(diags, SC_ERROR, file, pos_from_offset(buf, len, bad_off),
                            NULL, "%s", too_big);
                return -E2BIG;
        }
        struct json_tokener *tok = sym_json_tokener_new_ex((int)max_depth);
        if (!tok)
                sc_oom();
        sym_json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        json_object *obj = sym_json_tokener_parse_ex(tok, buf, (int)len);
        enum json_tokener_error jerr = sym_json_tokener_get_error(tok);
        size_t end = sym_json_tokener_get_parse_end(tok);
        if (jerr == json_tokener_continue) {
                /* A top-level literal or number ("true", "12") ends only
                 * where the input does: say so with the terminating NUL. */
                sym_json_object_put(obj);
                obj = sym_json_tokener_parse_ex(tok, "", 1);
                jerr = sym_json_tokener_get_error(tok);
                if (jerr != json_tokener_success)
                        jerr = json_tokener_continue;
                end = len;
        }
        sym_json_tokener_free(tok);
        sym_json_object_put(obj);

        const char *what = NULL;
        if (jerr == json_tokener_continue) {
                what = "unexpected end of input";
                end = len;
        } else if (jerr != json_tokener_success) {
                what = sym_json_tokener_error_desc(jerr); /* end: the bad byte */
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

bool doc_is_json_number(const char *s)
{
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
        if (doc_is_json_number(s))
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

struct anchor {
        char *name;
        struct doc_node *node;
};

static struct sc_pos mark_pos(const yaml_mark_t *m)
{
        return (struct sc_pos){ (uint32_t)m->line + 1, (uint32_t)m->column + 1 };
}

struct builder {
        const char *file;
        bool yaml;
        size_t max_depth, max_nodes, n_nodes, n_alias_nodes;
        struct doc_node **stack;
        size_t depth, stack_alloc;
        struct doc_node *root;
        struct sc_diags *diags;
        /* YAML anchors of the current document (nodes owned by root). */
        struct anchor *anchors;
        size_t n_anchors, anchors_alloc;
        /* Merge-key ("<<") entries taken out of their maps: an anchor
         * may still point into them, so they live until the document
         * ends. */
        struct doc_node **graveyard;
        size_t n_graveyard, graveyard_alloc;
        /* The stream's: every node, text and child array of the tree. */
        struct arena *arena;
};

static struct doc_node *builder_node(struct builder *b, enum doc_kind kind,
                                     const yaml_mark_t *m)
{
        struct doc_node *n = arena_alloc(b->arena, sizeof(*n));
        *n = (struct doc_node){ .kind = kind, .pos = mark_pos(m), .in_arena = true };
        return n;
}

/* Room for one more child of c.  Arrays in the arena are not grown in
 * place: they are copied into ones twice as large (the old ones stay in
 * the arena until the stream is cleared, at most as much again).  New
 * slots are NULL: builder_add reads a key without its value that way. */
/* A child array of alloc slots in the arena: the old's n first, then
 * NULLs (the old one stays in the arena until the stream is cleared). */
static struct doc_node **children_moved(struct arena *a, struct doc_node **old,
                                        size_t n, size_t alloc)
{
        struct doc_node **p = arena_alloc_array(a, alloc, sizeof(*p));
        if (n)
                memcpy(p, old, n * sizeof(*p));
        memset(p + n, 0, (alloc - n) * sizeof(*p));
        return p;
}

static void builder_children_grow(struct builder *b, struct doc_node *c)
{
        if (c->n < c->alloc)
                return;
        size_t old = c->alloc, alloc = old ? old * 2 : 8;
        c->items = children_moved(b->arena, c->items, old, alloc);
        if (c->kind == DOC_MAP)
                c->keys = children_moved(b->arena, c->keys, old, alloc);
        c->alloc = alloc;
}

static void builder_end_document(struct builder *b)
{
        for (size_t i = 0; i < b->n_anchors; i++)
                free(b->anchors[i].name);
        b->n_anchors = 0;
        for (size_t i = 0; i < b->n_graveyard; i++)
                doc_node_free(b->graveyard[i]);
        b->n_graveyard = 0;
}

static int builder_error(struct builder *b, const yaml_mark_t *m,
                         const char *msg)
{
        sc_diag_add(b->diags, SC_ERROR, b->file, mark_pos(m), NULL, "%s", msg);
        return -EINVAL;
}

#define SMALL_MAP 16

struct key_ref {
        const char *text;
        size_t index;
};

static int key_ref_cmp(const void *a, const void *b)
{
        const struct key_ref *x = a, *y = b;
        int c = strcmp(x->text, y->text);
        if (c)
                return c;
        return x->index < y->index ? -1 : x->index > y->index;
}

/* The map's keys sorted by text, then by position. */
static struct key_ref *map_sorted_keys(const struct doc_node *map)
{
        struct key_ref *v = xreallocarray(NULL, map->n ? map->n : 1, sizeof(*v));
        for (size_t i = 0; i < map->n; i++)
                v[i] = (struct key_ref){ map->keys[i]->text, i };
        qsort(v, map->n, sizeof(*v), key_ref_cmp);
        return v;
}

static bool sorted_has(const struct key_ref *v, size_t n, const char *text)
{
        size_t lo = 0, hi = n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(v[mid].text, text);
                if (c == 0)
                        return true;
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return false;
}

static int map_check_duplicates(struct builder *b, const struct doc_node *map)
{
        if (map->n < SMALL_MAP)
                return 0;
        _cleanup_free_ struct key_ref *v = map_sorted_keys(map);
        /* Report the duplicate that comes first in the file, as the
         * check at insertion would have. */
        size_t dup = SIZE_MAX, first = 0;
        for (size_t i = 1; i < map->n; i++)
                if (streq(v[i].text, v[i - 1].text) && v[i].index < dup) {
                        dup = v[i].index;
                        size_t j = i - 1;
                        while (j > 0 && streq(v[j - 1].text, v[i].text))
                                j--;
                        first = v[j].index;
                }
        if (dup == SIZE_MAX)
                return 0;
        sc_diag_add(b->diags, SC_ERROR, b->file, map->keys[dup]->pos, NULL,
                    "duplicate key \"%s\" (first at line %u); "
                    "runtimes silently use the last one",
                    map->keys[dup]->text, map->keys[first]->pos.line);
        return -EINVAL;
}

/* Nodes in n and the depth below it; stops counting past limit. */
static size_t node_count(const struct doc_node *n, size_t limit, size_t *height)
{
        size_t count = 1, h = 0;
        for (size_t i = 0; i < n->n && count <= limit; i++) {
                size_t hk = 0, hi = 0;
                if (n->keys)
                        count += node_count(n->keys[i], limit, &hk);
                count += node_count(n->items[i], limit, &hi);
                size_t hc = (hk > hi ? hk : hi) + 1;
                if (hc > h)
                        h = hc;
        }
        *height = h;
        return count;
}

static struct doc_node *node_copy(struct arena *a, const struct doc_node *n)
{
        struct doc_node *c = arena_alloc(a, sizeof(*c));
        *c = (struct doc_node){ .kind = n->kind, .pos = n->pos, .boolean = n->boolean,
                                .merge = n->merge, .in_arena = true };
        if (n->text) {
                c->text = arena_strndup(a, n->text, n->text_len);
                c->text_len = n->text_len;
        }
        if (n->n) {
                c->alloc = c->n = n->n;
                c->items = arena_alloc_array(a, n->n, sizeof(*c->items));
                if (n->keys)
                        c->keys = arena_alloc_array(a, n->n, sizeof(*c->keys));
                for (size_t i = 0; i < n->n; i++) {
                        if (n->keys)
                                c->keys[i] = node_copy(a, n->keys[i]);
                        c->items[i] = node_copy(a, n->items[i]);
                }
        } else if (n->kind == DOC_MAP) {
                /* doc_node_free and builder_add expect keys on maps. */
                c->keys = NULL;
        }
        return c;
}

/* A copy of n standing for an alias (or merged in), counted against
 * the node limit and the alias budget before anything is allocated. */
static int builder_expand(struct builder *b, const struct doc_node *n,
                          size_t at_depth, const yaml_mark_t *m,
                          struct doc_node **ret)
{
        size_t written = b->n_nodes - b->n_alias_nodes;
        size_t budget = ALIAS_BASE_BUDGET + ALIAS_RATIO * written;
        size_t left = budget > b->n_alias_nodes ? budget - b->n_alias_nodes : 0;
        size_t height = 0;
        size_t count = node_count(n, left < b->max_nodes ? left : b->max_nodes, &height);
        if (count > left)
                return builder_error(b, m,
                                     "YAML aliases expand to too many nodes (more "
                                     "than 10000 plus ten per node written; an "
                                     "alias bomb?)");
        if (b->n_nodes + count > b->max_nodes)
                return builder_error(b, m, "document too large (too many nodes)");
        if (at_depth + height >= b->max_depth)
                return builder_error(b, m, "document nested too deeply");
        b->n_alias_nodes += count;
        /* builder_add counts the copy's root once more. */
        b->n_nodes += count - 1;
        *ret = node_copy(b->arena, n);
        return 0;
}

static int builder_anchor(struct builder *b, const yaml_char_t *name,
                          struct doc_node *n)
{
        if (!name)
                return 0;
        GROW(b->anchors, b->n_anchors, b->anchors_alloc);
        b->anchors[b->n_anchors++] = (struct anchor){ xstrdup((const char *)name), n };
        return 0;
}

static int builder_alias(struct builder *b, const yaml_event_t *ev,
                         struct doc_node **ret)
{
        const yaml_mark_t *m = &ev->start_mark;
        const char *name = (const char *)ev->data.alias.anchor;
        const struct doc_node *target = NULL;
        /* A later anchor of the same name wins (YAML 1.1 section 3.2.2.2). */
        for (size_t i = b->n_anchors; i > 0 && !target; i--)
                if (streq(b->anchors[i - 1].name, name))
                        target = b->anchors[i - 1].node;
        if (!target) {
                sc_diag_add(b->diags, SC_ERROR, b->file, mark_pos(m), NULL,
                            "unknown YAML anchor \"%s\"", name);
                return -EINVAL;
        }
        for (size_t i = 0; i < b->depth; i++)
                if (b->stack[i] == target)
                        return builder_error(b, m, "a YAML alias inside the node "
                                                   "it refers to (recursive)");
        return builder_expand(b, target, b->depth, m, ret);
}

/* YAML merge keys ("<<: *base", "<<: [*a, *b]"), as go-yaml applies
 * them: keys of the map itself win, then earlier sources over later
 * ones.  Done when the map ends, so a key written after "<<" still
 * wins. */
static int map_apply_merges(struct builder *b, struct doc_node *map,
                            const yaml_mark_t *m)
{
        for (size_t i = 0; i < map->n;) {
                if (!map->keys[i]->merge) {
                        i++;
                        continue;
                }
                struct doc_node *key = map->keys[i], *val = map->items[i];
                memmove(map->keys + i, map->keys + i + 1, (map->n - i - 1) * sizeof(void *));
                memmove(map->items + i, map->items + i + 1, (map->n - i - 1) * sizeof(void *));
                map->n--;
                map->keys[map->n] = map->items[map->n] = NULL;
                GROW(b->graveyard, b->n_graveyard, b->graveyard_alloc);
                b->graveyard[b->n_graveyard++] = key;
                GROW(b->graveyard, b->n_graveyard, b->graveyard_alloc);
                b->graveyard[b->n_graveyard++] = val;

                const struct doc_node *const *src = (const struct doc_node *const *)&val;
                size_t n_src = 1;
                if (val->kind == DOC_SEQ) {
                        src = (const struct doc_node *const *)val->items;
                        n_src = val->n;
                }
                for (size_t s = 0; s < n_src; s++) {
                        if (src[s]->kind != DOC_MAP) {
                                sc_diag_add(b->diags, SC_ERROR, b->file, key->pos, NULL,
                                            "the value of a YAML merge key (<<) must be a "
                                            "mapping or a list of mappings");
                                return -EINVAL;
                        }
                        _cleanup_free_ struct key_ref *have = map_sorted_keys(map);
                        size_t n_have = map->n;
                        for (size_t k = 0; k < src[s]->n; k++) {
                                const struct doc_node *sk = src[s]->keys[k];
                                if (sorted_has(have, n_have, sk->text))
                                        continue;
                                struct doc_node *ck = NULL, *cv = NULL;
                                int r = builder_expand(b, sk, b->depth, m, &ck);
                                if (r == 0)
                                        r = builder_expand(b, src[s]->items[k], b->depth, m, &cv);
                                if (r < 0) {
                                        doc_node_free(ck);
                                        return r;
                                }
                                /* builder_expand left one node each for
                                 * builder_add to count. */
                                b->n_nodes += 2;
                                builder_children_grow(b, map);
                                map->keys[map->n] = ck;
                                map->items[map->n++] = cv;
                        }
                }
        }
        return 0;
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
                builder_children_grow(b, parent);
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
        /* Small maps are checked here, large ones once when they end
         * (map_check_duplicates): a linear scan per key made a 1 MiB map
         * of 110,000 keys take minutes. */
        for (size_t i = 0; parent->n < SMALL_MAP && i < parent->n; i++)
                if (streq(parent->keys[i]->text, n->text)) {
                        sc_diag_add(b->diags, SC_ERROR, b->file, n->pos, NULL,
                                    "duplicate key \"%s\" (first at line %u); "
                                    "runtimes silently use the last one",
                                    n->text, parent->keys[i]->pos.line);
                        doc_node_free(n);
                        return -EINVAL;
                }
        builder_children_grow(b, parent);
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
                n = builder_node(b, DOC_NULL, m);
                n->text = arena_strndup(b->arena, (const char *)ev->data.scalar.value,
                                        ev->data.scalar.length);
                n->text_len = ev->data.scalar.length;
                const char *tag = (const char *)ev->data.scalar.tag;
                /* json-c's strict mode still takes 'single quotes' and 01;
                 * JSON has only double-quoted strings and its literals. */
                if (!b->yaml && (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                                         ? !streq(n->text, "null") && !streq(n->text, "true") &&
                                                   !streq(n->text, "false") &&
                                                   !doc_is_json_number(n->text)
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
                n->merge = b->yaml && !tag && streq(n->text, "<<") &&
                           ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                int r = builder_add(b, n, m);
                if (r == 0)
                        r = builder_anchor(b, ev->data.scalar.anchor, n);
                return r;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
                n = builder_node(b, ev->type == YAML_SEQUENCE_START_EVENT ? DOC_SEQ : DOC_MAP,
                                 m);
                int r = builder_push(b, n, m);
                if (r == 0)
                        r = builder_anchor(b, ev->type == YAML_SEQUENCE_START_EVENT
                                                      ? ev->data.sequence_start.anchor
                                                      : ev->data.mapping_start.anchor,
                                           n);
                return r;
        }
        case YAML_SEQUENCE_END_EVENT:
                if (b->depth > 0)
                        b->depth--;
                return 0;
        case YAML_MAPPING_END_EVENT: {
                if (b->depth == 0)
                        return 0;
                struct doc_node *map = b->stack[b->depth - 1];
                int r = map_check_duplicates(b, map);
                if (r == 0)
                        r = map_apply_merges(b, map, m);
                b->depth--;
                return r;
        }
        case YAML_ALIAS_EVENT: {
                /* Kubernetes' YAML library accepts anchors and aliases, and
                 * manifests use them; refusing them broke valid files.
                 * Each alias is expanded into a copy (so the tree stays a
                 * tree), within the alias budget above. */
                int r = builder_alias(b, ev, &n);
                if (r < 0)
                        return r;
                return builder_add(b, n, m);
        }
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
        /* Everything hangs off root (or is root), or is in the
         * graveyard. */
        doc_node_free(b->root);
        b->root = NULL;
        b->depth = 0;
        builder_end_document(b);
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
                .arena = &out->arena,
        };
        size_t alloc = 0;
        int r = 0;

        if (!sym_yaml_parser_initialize(&parser))
                sc_oom(); /* its only failure */
        sym_yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
        for (;;) {
                yaml_event_t ev;
                if (!sym_yaml_parser_parse(&parser, &ev)) {
                        /* not a syntax error: never report one */
                        if (parser.error == YAML_MEMORY_ERROR)
                                sc_oom();
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
                if (ev.type == YAML_DOCUMENT_START_EVENT) {
                        b.root = NULL;
                        builder_end_document(&b);
                }
                r = builder_event(&b, &ev);
                if (r == 0 && ev.type == YAML_DOCUMENT_END_EVENT) {
                        if (!b.root) /* an empty document */
                                b.root = builder_node(&b, DOC_NULL, &ev.start_mark);
                        GROW(out->docs, out->n, alloc);
                        out->docs[out->n++] = TAKE_PTR(b.root);
                }
                sym_yaml_event_delete(&ev);
                if (r < 0 || done)
                        break;
        }
        if (r < 0)
                builder_abort(&b);
        builder_end_document(&b);
        free(b.anchors);
        free(b.graveyard);
        free(b.stack);
        sym_yaml_parser_delete(&parser);
        return r;
}

/* Kubernetes' own reader (apimachinery's YAMLOrJSONDecoder) takes text
 * that starts with '{' as JSON and nothing else, so does DOC_AUTO: such
 * text is refused with the JSON error, never re-read as YAML (a trailing
 * comma or a '#' comment would pass as YAML and then fail in the
 * runtime).  A UTF-8 BOM before it is JSON too, and refused as such. */
static bool looks_like_json(const char *buf, size_t len)
{
        if (len >= 3 && memcmp(buf, UTF8_BOM, 3) == 0) {
                buf += 3;
                len -= 3;
        }
        for (size_t i = 0; i < len; i++) {
                if (strchr(" \t\r\n", buf[i]))
                        continue;
                return buf[i] == '{' || buf[i] == '[';
        }
        return false;
}

enum doc_format doc_sniff(const char *buf, size_t len)
{
        return looks_like_json(buf, len) ? DOC_JSON : DOC_YAML;
}

int doc_parse(const char *buf, size_t len, const char *file,
              enum doc_format format, const struct doc_limits *limits,
              struct sc_diags *diags, struct doc_stream *ret)
{
        struct doc_stream s = { 0 };
        size_t max_depth = limits && limits->max_depth ? limits->max_depth
                                                       : DEFAULT_MAX_DEPTH;
        size_t max_nodes = limits && limits->max_nodes ? limits->max_nodes
                                                       : DEFAULT_MAX_NODES;
        int r;

        if (format == DOC_AUTO)
                format = doc_sniff(buf, len);
        if (format == DOC_JSON && !(limits && limits->full_json_path)) {
                struct doc_node *root;
                if (doc_json_fast(buf, len, limits, &s.arena, &root)) {
                        s.docs = xmalloc(sizeof(*s.docs));
                        s.docs[s.n++] = root;
                        s.format = DOC_JSON;
                        *ret = s;
                        return 0;
                }
                arena_clear(&s.arena);
        }
        /* Past the fast reader: json-c and libyaml may be opened only now. */
        r = sc_parser_libs_load(format == DOC_JSON ? SC_LIB_JSON_C | SC_LIB_LIBYAML
                                                   : SC_LIB_LIBYAML, file, diags);
        if (r < 0)
                return r;
        if (format == DOC_JSON) {
                r = json_validate(buf, len, file, max_depth, max_nodes, diags);
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
                doc_stream_clear(&s);
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
                if (doc_is_json_number(n->text)) {
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
