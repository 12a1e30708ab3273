/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A structural check of an object against a CustomResourceDefinition's
 * openAPIV3Schema, the part of the API server's validation that decides
 * whether `kubectl apply` accepts a custom resource: the version must be
 * served, types must match, unknown fields are refused (kubectl's default
 * strict field validation), and enum, required, minItems/maxItems,
 * minimum/maximum, pattern, int32/int64 formats and list-type "set"
 * uniqueness hold.  Messages follow apimachinery's field errors.
 *
 * Not covered (the SPO CRDs use none of them): anyOf/oneOf/allOf/not,
 * x-kubernetes-validations (CEL), maxLength/minLength, additionalProperties
 * schemas, x-kubernetes-int-or-string.
 */
#include <regex.h>

#include "kube.h"

static const char *scalar(const struct doc_node *n)
{
        return n && (n->kind == DOC_STRING || n->kind == DOC_NUMBER) ? n->text : NULL;
}


/* The value as the error shows it: Go's %q for strings, the literal for
 * numbers and booleans. */
static void put_value(struct strbuf *sb, const struct doc_node *v)
{
        switch (v->kind) {
        case DOC_STRING:
                strbuf_put_quoted(sb, v->text);
                break;
        case DOC_NUMBER:
                strbuf_puts(sb, v->text);
                break;
        case DOC_BOOL:
                strbuf_puts(sb, v->boolean ? "true" : "false");
                break;
        case DOC_NULL:
                strbuf_puts(sb, "null");
                break;
        case DOC_MAP:
                strbuf_puts(sb, "\"object\"");
                break;
        case DOC_SEQ:
                strbuf_puts(sb, "\"array\"");
                break;
        }
}

static const char *kind_type(const struct doc_node *v)
{
        switch (v->kind) {
        case DOC_STRING:
                return "string";
        case DOC_NUMBER:
                return strpbrk(v->text, ".eE") ? "number" : "integer";
        case DOC_BOOL:
                return "boolean";
        case DOC_NULL:
                return "null";
        case DOC_MAP:
                return "object";
        case DOC_SEQ:
                return "array";
        }
        return "?";
}

/* Go's RE2 takes \- and \. inside a bracket expression as the literal
 * characters; POSIX takes the backslash literally.  Rewrite brackets so
 * that regcomp (ERE) means what the CRD means. */
static char *re2_to_ere(const char *re)
{
        struct strbuf sb = {};
        for (const char *p = re; *p; p++) {
                if (*p == '\\' && p[1]) {
                        strbuf_putc(&sb, *p++);
                        strbuf_putc(&sb, *p);
                        continue;
                }
                if (*p != '[') {
                        strbuf_putc(&sb, *p);
                        continue;
                }
                strbuf_putc(&sb, '[');
                p++;
                bool dash = false;
                if (*p == '^')
                        strbuf_putc(&sb, *p++);
                for (; *p && *p != ']'; p++) {
                        if (*p == '\\' && p[1]) {
                                p++;
                                if (*p == '-')
                                        dash = true;
                                else if (*p == ']' || *p == '\\' || *p == '^')
                                        /* [.]. puts ']' as a collating element */
                                        strbuf_printf(&sb, "[.%c.]", *p);
                                else
                                        strbuf_putc(&sb, *p);
                                continue;
                        }
                        strbuf_putc(&sb, *p);
                }
                if (dash)
                        strbuf_putc(&sb, '-');
                strbuf_putc(&sb, ']');
                if (!*p)
                        break;
        }
        return strbuf_steal(&sb);
}

static bool pattern_matches(const char *re, const char *s)
{
        _cleanup_free_ char *ere = re2_to_ere(re);
        regex_t rx;
        if (regcomp(&rx, ere, REG_EXTENDED | REG_NOSUB) != 0)
                return false; /* fail closed: a pattern we cannot read */
        bool ok = regexec(&rx, s, 0, NULL, 0) == 0;
        regfree(&rx);
        return ok;
}

static bool int_in_range(const char *text, const char *format, long long *ret)
{
        errno = 0;
        char *end;
        long long v = strtoll(text, &end, 10);
        if (errno || *end || end == text)
                return false;
        if (format && streq(format, "int32") && (v < INT32_MIN || v > INT32_MAX))
                return false;
        *ret = v;
        return true;
}

static void validate(const struct doc_node *schema, const struct doc_node *v,
                     const char *path, struct strv *e, unsigned depth);

static void validate_object(const struct doc_node *schema, const struct doc_node *v,
                            const char *path, struct strv *e,
                            unsigned depth)
{
        const struct doc_node *props = doc_get(schema, "properties");
        const struct doc_node *pu = doc_get(schema, "x-kubernetes-preserve-unknown-fields");
        bool preserve = pu && pu->kind == DOC_BOOL && pu->boolean;
        const struct doc_node *req = doc_get(schema, "required");
        for (size_t i = 0; req && req->kind == DOC_SEQ && i < req->n; i++) {
                const char *k = scalar(req->items[i]);
                if (k && !doc_get(v, k))
                        strv_push(e, xasprintf("%s%s%s: Required value", path, *path ? "." : "",
                                         k));
        }
        for (size_t i = 0; i < v->n; i++) {
                const char *k = v->keys[i]->text ? v->keys[i]->text : "";
                _cleanup_free_ char *cp = xasprintf("%s%s%s", path, *path ? "." : "", k);
                const struct doc_node *ps = doc_get(props, k);
                if (!ps) {
                        if (!preserve && props)
                                strv_push(e, xasprintf("%s: unknown field \"%s\"", path, k));
                        continue;
                }
                validate(ps, v->items[i], cp, e, depth + 1);
        }
}

static void validate_array(const struct doc_node *schema, const struct doc_node *v,
                           const char *path, struct strv *e,
                           unsigned depth)
{
        const char *min = scalar(doc_get(schema, "minItems"));
        const char *max = scalar(doc_get(schema, "maxItems"));
        long long n;
        if (min && int_in_range(min, NULL, &n) && (long long)v->n < n)
                strv_push(e, xasprintf("%s: Invalid value: %zu: %s in body should have at "
                                 "least %lld items",
                                 path, v->n, path, n));
        if (max && int_in_range(max, NULL, &n) && (long long)v->n > n)
                strv_push(e, xasprintf("%s: Too many: %zu: must have at most %lld items",
                                 path, v->n, n));
        const char *lt = scalar(doc_get(schema, "x-kubernetes-list-type"));
        const struct doc_node *items = doc_get(schema, "items");
        for (size_t i = 0; i < v->n; i++) {
                _cleanup_free_ char *ip = xasprintf("%s[%zu]", path, i);
                if (items)
                        validate(items, v->items[i], ip, e, depth + 1);
                if (lt && streq(lt, "set") && scalar(v->items[i]))
                        for (size_t j = 0; j < i; j++)
                                if (scalar(v->items[j]) &&
                                    v->items[j]->kind == v->items[i]->kind &&
                                    streq(v->items[j]->text, v->items[i]->text)) {
                                        struct strbuf sb = {};
                                        strbuf_printf(&sb, "%s: Duplicate value: ", ip);
                                        put_value(&sb, v->items[i]);
                                        strv_push(e, strbuf_steal(&sb));
                                        break;
                                }
        }
}

static void validate(const struct doc_node *schema, const struct doc_node *v,
                     const char *path, struct strv *e, unsigned depth)
{
        if (depth > 64 || !schema || schema->kind != DOC_MAP)
                return;
        const char *type = scalar(doc_get(schema, "type"));
        const char *have = kind_type(v);
        if (type) {
                bool ok = streq(type, have) ||
                          (streq(type, "number") && streq(have, "integer"));
                if (!ok) {
                        struct strbuf sb = {};
                        strbuf_printf(&sb, "%s: Invalid value: \"%s\": %s in body must be "
                                           "of type %s: ",
                                      path, have, path, type);
                        put_value(&sb, v);
                        strv_push(e, strbuf_steal(&sb));
                        return;
                }
        }
        const struct doc_node *en = doc_get(schema, "enum");
        if (en && en->kind == DOC_SEQ && scalar(v)) {
                bool found = false;
                for (size_t i = 0; i < en->n && !found; i++)
                        found = scalar(en->items[i]) && streq(en->items[i]->text, v->text);
                if (!found) {
                        struct strbuf sb = {};
                        strbuf_printf(&sb, "%s: Unsupported value: ", path);
                        put_value(&sb, v);
                        strbuf_puts(&sb, ": supported values: ");
                        for (size_t i = 0; i < en->n; i++) {
                                if (i)
                                        strbuf_puts(&sb, ", ");
                                put_value(&sb, en->items[i]);
                        }
                        strv_push(e, strbuf_steal(&sb));
                }
        }
        switch (v->kind) {
        case DOC_MAP:
                validate_object(schema, v, path, e, depth);
                break;
        case DOC_SEQ:
                validate_array(schema, v, path, e, depth);
                break;
        case DOC_NUMBER: {
                const char *format = scalar(doc_get(schema, "format"));
                long long x = 0;
                if (streq(have, "integer") && !int_in_range(v->text, format, &x)) {
                        strv_push(e, xasprintf("%s: Invalid value: %s: %s in body must be of "
                                         "type %s",
                                         path, v->text, path, format ? format : "integer"));
                        break;
                }
                const char *min = scalar(doc_get(schema, "minimum"));
                const char *max = scalar(doc_get(schema, "maximum"));
                long long lim;
                if (min && int_in_range(min, NULL, &lim) && streq(have, "integer") &&
                    x < lim)
                        strv_push(e, xasprintf("%s: Invalid value: %s: %s in body should be "
                                         "greater than or equal to %lld",
                                         path, v->text, path, lim));
                if (max && int_in_range(max, NULL, &lim) && streq(have, "integer") &&
                    x > lim)
                        strv_push(e, xasprintf("%s: Invalid value: %s: %s in body should be "
                                         "less than or equal to %lld",
                                         path, v->text, path, lim));
                break;
        }
        case DOC_STRING: {
                const char *pat = scalar(doc_get(schema, "pattern"));
                if (pat && (strlen(v->text) != v->text_len ||
                            !pattern_matches(pat, v->text))) {
                        struct strbuf sb = {};
                        strbuf_printf(&sb, "%s: Invalid value: ", path);
                        put_value(&sb, v);
                        strbuf_printf(&sb, ": %s in body should match '%s'", path, pat);
                        strv_push(e, strbuf_steal(&sb));
                }
                break;
        }
        case DOC_BOOL:
        case DOC_NULL:
                break;
        }
}

int kube_crd_validate(const struct doc_node *crd, const struct doc_node *obj,
                      struct strv *errs, bool *ret_namespaced)
{
        const char *group = scalar(doc_get_path(crd, "spec.group"));
        const char *kind = scalar(doc_get_path(crd, "spec.names.kind"));
        const char *scope = scalar(doc_get_path(crd, "spec.scope"));
        const char *api = scalar(doc_get(obj, "apiVersion"));
        const char *okind = scalar(doc_get(obj, "kind"));
        if (!group || !kind || !api || !okind)
                return -EINVAL;
        size_t gl = strlen(group);
        if (!streq(okind, kind) || strncmp(api, group, gl) != 0 || api[gl] != '/') {
                strv_push(errs, xasprintf("no matches for kind \"%s\" in version \"%s\"",
                                    okind, api));
                return 0;
        }
        const char *version = api + gl + 1;
        const struct doc_node *versions = doc_get_path(crd, "spec.versions");
        const struct doc_node *schema = NULL;
        for (size_t i = 0; versions && versions->kind == DOC_SEQ && i < versions->n; i++) {
                const struct doc_node *v = versions->items[i];
                const struct doc_node *served = doc_get(v, "served");
                if (streq(scalar(doc_get(v, "name")) ?: "", version) && served &&
                    served->kind == DOC_BOOL && served->boolean)
                        schema = doc_get_path(v, "schema.openAPIV3Schema");
        }
        if (!schema) {
                /* kubectl's words when the version is not served */
                strv_push(errs, xasprintf("no matches for kind \"%s\" in version \"%s\"",
                                    okind, api));
                return 0;
        }
        if (ret_namespaced)
                *ret_namespaced = scope && streq(scope, "Namespaced");
        /* metadata is ObjectMeta, validated by the API server itself; the
         * schema only says "object". */
        validate(schema, obj, "", errs, 0);
        return 0;
}
