/* SPDX-License-Identifier: Apache-2.0 */
/* The API server's name rules (k8s.io/apimachinery/pkg/util/validation),
 * applied before a name becomes a file, a state line or a manifest. */
#include "kube.h"

static bool is_alnum_lower(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? */
static bool label_ok(const char *s, size_t n)
{
        if (n == 0 || n > 63 || !is_alnum_lower(s[0]) || !is_alnum_lower(s[n - 1]))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!is_alnum_lower(s[i]) && s[i] != '-')
                        return false;
        return true;
}

bool kube_dns1123_label(const char *s)
{
        return label_ok(s, strlen(s));
}

bool kube_configmap_key(const char *s)
{
        size_t len = strlen(s);
        /* IsConfigMapKey: [-._a-zA-Z0-9]+, at most 253, not "." or "..",
         * and not starting with ".." (the kubelet's own ..data). */
        if (len == 0 || len > 253 || streq(s, ".") || startswith(s, ".."))
                return false;
        for (const char *p = s; *p; p++)
                if (!strchr("-._", *p) && !(*p >= 'a' && *p <= 'z') &&
                    !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9'))
                        return false;
        return true;
}

const char *kube_whole_string(const struct doc_node *n)
{
        if (!n || n->kind != DOC_STRING || !n->text || strlen(n->text) != n->text_len)
                return NULL;
        return n->text;
}

