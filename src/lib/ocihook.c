/* SPDX-License-Identifier: Apache-2.0 */
#include "ocihook.h"

#include <limits.h>

#include "doc.h"

void sc_oci_state_clear(struct sc_oci_state *s)
{
        if (!s)
                return;
        free(s->id);
        free(s->status);
        free(s->bundle);
        free(s->trace);
        *s = (struct sc_oci_state){};
}

/* A string field: absent is fine, another type is not.  Strings with
 * NULs are refused: they would be cut short as C strings. */
static int take_string(const struct doc_node *map, const char *key,
                       const char *what, struct sc_diags *diags, char **ret)
{
        const struct doc_node *n = doc_get(map, key);

        if (!n)
                return 0;
        if (n->kind != DOC_STRING || strlen(n->text) != n->text_len) {
                sc_diag_add(diags, SC_ERROR, "state", n->pos, what,
                            "must be a string without NUL bytes");
                return -EINVAL;
        }
        *ret = xstrdup(n->text);
        return 0;
}

int sc_oci_state_parse(const char *buf, size_t len, struct sc_diags *diags,
                       struct sc_oci_state *ret)
{
        struct doc_stream st = {};
        struct sc_oci_state s = {};
        const struct doc_node *root, *n;
        int r;

        r = doc_parse(buf, len, "state", DOC_JSON, NULL, diags, &st);
        if (r < 0)
                return r;
        r = -EINVAL;
        root = st.n == 1 ? st.docs[0] : NULL;
        if (!root || root->kind != DOC_MAP) {
                sc_diag_add(diags, SC_ERROR, "state",
                            root ? root->pos : (struct sc_pos){}, "$",
                            "the container state must be a JSON object");
                goto out;
        }
        if (take_string(root, "id", "$.id", diags, &s.id) < 0 ||
            take_string(root, "status", "$.status", diags, &s.status) < 0 ||
            take_string(root, "bundle", "$.bundle", diags, &s.bundle) < 0)
                goto out;
        n = doc_get(root, "pid");
        if (n) {
                char *end;
                long long v;
                errno = 0;
                v = n->kind == DOC_NUMBER ? strtoll(n->text, &end, 10) : 0;
                /* 0 is how some runtimes say "no process" (poststop). */
                if (n->kind != DOC_NUMBER || errno || *end || v < 0 || v > INT_MAX) {
                        sc_diag_add(diags, SC_ERROR, "state", n->pos, "$.pid",
                                    "must be a process ID (0: none)");
                        goto out;
                }
                s.pid = v;
        }
        n = doc_get(root, "annotations");
        if (n && n->kind != DOC_MAP && n->kind != DOC_NULL) {
                sc_diag_add(diags, SC_ERROR, "state", n->pos, "$.annotations",
                            "must be an object");
                goto out;
        }
        if (n && n->kind == DOC_MAP &&
            take_string(n, SC_TRACE_ANNOTATION, "$.annotations[\"" SC_TRACE_ANNOTATION "\"]",
                        diags, &s.trace) < 0)
                goto out;
        *ret = s;
        s = (struct sc_oci_state){};
        r = 0;
out:
        sc_oci_state_clear(&s);
        doc_stream_clear(&st);
        return r;
}

void sc_trace_spec_clear(struct sc_trace_spec *t)
{
        if (!t)
                return;
        free(t->input);
        free(t->output);
        *t = (struct sc_trace_spec){};
}

int sc_trace_spec_parse(const char *s, struct sc_trace_spec *ret,
                        const char **ret_why)
{
        struct sc_trace_spec t = {};
        const char *why = NULL;

        for (const char *p = s;;) {
                size_t n = strcspn(p, ";");
                char **slot = NULL;
                if (n > 3 && strncmp(p, "if:", 3) == 0)
                        slot = &t.input;
                else if (n > 3 && strncmp(p, "of:", 3) == 0)
                        slot = &t.output;
                if (!slot) {
                        why = "each item is if:PATH or of:PATH";
                        goto fail;
                }
                if (*slot) {
                        why = "if: or of: given twice";
                        goto fail;
                }
                if (p[3] != '/') {
                        why = "paths must be absolute";
                        goto fail;
                }
                *slot = xstrndup(p + 3, n - 3);
                p += n;
                if (!*p)
                        break;
                p++; /* ';' */
        }
        if (!t.output) {
                why = "no of:PATH (where the profile goes)";
                goto fail;
        }
        *ret = t;
        return 0;
fail:
        sc_trace_spec_clear(&t);
        if (ret_why)
                *ret_why = why;
        return -EINVAL;
}

void sc_k8s_names_clear(struct sc_k8s_names *n)
{
        if (!n)
                return;
        free(n->ns);
        free(n->pod);
        free(n->container);
        *n = (struct sc_k8s_names){};
}

static const char *plain_string(const struct doc_node *map, const char *key)
{
        const struct doc_node *n = map ? doc_get(map, key) : NULL;
        if (!n || n->kind != DOC_STRING || !n->text_len || strlen(n->text) != n->text_len)
                return NULL;
        return n->text;
}

static int parse_object(const char *buf, size_t len, struct doc_stream *st)
{
        int r = doc_parse(buf, len, "config", DOC_JSON, NULL, NULL, st);
        if (r < 0)
                return r;
        if (st->n != 1 || st->docs[0]->kind != DOC_MAP) {
                doc_stream_clear(st);
                return -EINVAL;
        }
        return 0;
}

int sc_oci_k8s_names(const char *buf, size_t len, struct sc_k8s_names *ret)
{
        static const char *const keys[][3] = {
                { "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.sandbox-name",
                  "io.kubernetes.cri.container-name" },
                { "io.kubernetes.pod.namespace", "io.kubernetes.pod.name",
                  "io.kubernetes.container.name" },
        };
        struct doc_stream st = {};
        int r = parse_object(buf, len, &st);

        if (r < 0)
                return r;
        const struct doc_node *ann = doc_get(st.docs[0], "annotations");
        r = -ENOENT;
        for (size_t i = 0; i < ELEMENTSOF(keys) && r < 0; i++) {
                const char *ns = plain_string(ann, keys[i][0]);
                const char *pod = plain_string(ann, keys[i][1]);
                const char *ctr = plain_string(ann, keys[i][2]);
                if (!ns || !pod || !ctr)
                        continue;
                *ret = (struct sc_k8s_names){ xstrdup(ns), xstrdup(pod), xstrdup(ctr) };
                r = 0;
        }
        doc_stream_clear(&st);
        return r;
}

int sc_runc_state_bundle(const char *buf, size_t len, char **ret)
{
        struct doc_stream st = {};
        int r = parse_object(buf, len, &st);

        if (r < 0)
                return r;
        const struct doc_node *labels = doc_get_path(st.docs[0], "config.labels");
        r = -ENOENT;
        for (size_t i = 0; labels && labels->kind == DOC_SEQ && i < labels->n && r < 0; i++) {
                const struct doc_node *l = labels->items[i];
                if (l->kind == DOC_STRING && strlen(l->text) == l->text_len &&
                    strncmp(l->text, "bundle=/", 8) == 0) {
                        *ret = xstrdup(l->text + 7);
                        r = 0;
                }
        }
        doc_stream_clear(&st);
        return r;
}
