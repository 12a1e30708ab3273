/* SPDX-License-Identifier: Apache-2.0 */
/* Normalising a profile (for show/diff/export) and writing it as JSON. */
#include "profile.h"

#include "seccomp-vocab.h"

static uint32_t ret_of(enum sc_action a, bool has, uint32_t e)
{
        return sc_action_ret(a, has ? e : SC_DEFAULT_ERRNO);
}

static int str_cmp(const void *x, const void *y)
{
        return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool same_key(const struct sc_rule *a, const struct sc_rule *b)
{
        if (ret_of(a->action, a->has_errno_ret, a->errno_ret) !=
                    ret_of(b->action, b->has_errno_ret, b->errno_ret) ||
            a->action != b->action || a->n_args != b->n_args)
                return false;
        for (size_t i = 0; i < a->n_args; i++)
                if (sc_arg_cmp(&a->args[i], &b->args[i]) != 0)
                        return false;
        return true;
}

static bool rule_has_name(const struct sc_rule *r, const char *name)
{
        for (size_t i = 0; i < r->n_names; i++)
                if (streq(r->names[i], name))
                        return true;
        return false;
}

static void drop_name(struct sc_rule *r, size_t i)
{
        free(r->names[i]);
        memmove(r->names + i, r->names + i + 1, (r->n_names - i - 1) * sizeof(char *));
        if (r->name_pos)
                memmove(r->name_pos + i, r->name_pos + i + 1,
                        (r->n_names - i - 1) * sizeof(struct sc_pos));
        r->n_names--;
}

static void append_names(struct sc_rule *dst, struct sc_rule *src)
{
        dst->names = xreallocarray(dst->names, dst->n_names + src->n_names + 1,
                                   sizeof(char *));
        dst->name_pos = xreallocarray(dst->name_pos, dst->n_names + src->n_names + 1,
                                      sizeof(struct sc_pos));
        for (size_t i = 0; i < src->n_names; i++) {
                dst->name_pos[dst->n_names] = (struct sc_pos){ 0 };
                dst->names[dst->n_names++] = TAKE_PTR(src->names[i]);
        }
        src->n_names = 0;
}

/* Semantics are kept exactly: rules runtimes skip (action == default),
 * shadowed unconditional rules (the first wins) and conditional rules
 * overridden by an unconditional one are removed before anything is
 * merged, so merging cannot change which rule decides a syscall. */
struct sc_profile *sc_profile_normalize(const struct sc_profile *p)
{
        struct sc_profile *n = sc_profile_dup(p);
        bool resolved = !sc_profile_is_extended(n);
        uint32_t dret = ret_of(n->default_action, n->has_default_errno,
                               n->default_errno_ret);

        for (size_t i = 0; i < n->n_rules; i++) {
                struct sc_rule *r = &n->rules[i];
                free(r->comment);
                r->comment = NULL;
                if (r->n_args > 1)
                        qsort(r->args, r->n_args, sizeof(struct sc_arg),
                              sc_arg_qsort_cmp);
                if (sc_action_takes_data(r->action) && !r->has_errno_ret) {
                        r->has_errno_ret = true;
                        r->errno_ret = SC_DEFAULT_ERRNO;
                }
                if (resolved && ret_of(r->action, r->has_errno_ret, r->errno_ret) == dret)
                        while (r->n_names)
                                drop_name(r, r->n_names - 1);
                /* Duplicates inside one rule. */
                for (size_t a = 0; a < r->n_names; a++)
                        for (size_t b = a + 1; b < r->n_names;)
                                if (streq(r->names[a], r->names[b]))
                                        drop_name(r, b);
                                else
                                        b++;
        }
        if (sc_action_takes_data(n->default_action) && !n->has_default_errno) {
                n->has_default_errno = true;
                n->default_errno_ret = SC_DEFAULT_ERRNO;
        }

        if (resolved) {
                /* First unconditional rule wins; unconditional beats
                 * conditional. */
                for (size_t i = 0; i < n->n_rules; i++) {
                        struct sc_rule *r = &n->rules[i];
                        for (size_t k = 0; k < r->n_names;) {
                                bool shadowed = false;
                                for (size_t j = 0; j < n->n_rules && !shadowed; j++) {
                                        const struct sc_rule *o = &n->rules[j];
                                        if (o->n_args || j == i ||
                                            (r->n_args == 0 && j > i))
                                                continue;
                                        shadowed = rule_has_name(o, r->names[k]);
                                }
                                if (shadowed)
                                        drop_name(r, k);
                                else
                                        k++;
                        }
                }
                /* Merge rules with the same action and conditions. */
                for (size_t j = 0; j < n->n_rules; j++) {
                        struct sc_rule *b = &n->rules[j];
                        for (size_t i = 0; i < j && b->n_names; i++) {
                                struct sc_rule *a = &n->rules[i];
                                if (!a->n_names || !same_key(a, b))
                                        continue;
                                bool blocked = false;
                                for (size_t m = i + 1; m < j && b->n_args && !blocked; m++)
                                        for (size_t k = 0; k < b->n_names && !blocked; k++)
                                                blocked = rule_has_name(&n->rules[m],
                                                                        b->names[k]);
                                if (!blocked)
                                        append_names(a, b);
                        }
                }
        }

        /* Compact, sort names, unconditional rules first by action. */
        struct sc_rule *rules = xcalloc(n->n_rules + 1, sizeof(struct sc_rule));
        size_t k = 0;
        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < n->n_rules; i++) {
                        struct sc_rule *r = &n->rules[i];
                        if (!r->n_names || (pass == 0) != (r->n_args == 0))
                                continue;
                        qsort(r->names, r->n_names, sizeof(char *), str_cmp);
                        free(r->name_pos);
                        r->name_pos = xcalloc(r->n_names, sizeof(struct sc_pos));
                        rules[k++] = *r;
                        *r = (struct sc_rule){ 0 };
                }
        for (size_t i = 0; i < n->n_rules; i++)
                sc_rule_clear(&n->rules[i]);
        free(n->rules);
        n->rules = rules;
        n->n_rules = k;
        /* Stable sort of the unconditional block by action. */
        for (size_t i = 1; i < k && rules[i].n_args == 0; i++) {
                struct sc_rule tmp = rules[i];
                size_t j = i;
                while (j > 0 && (rules[j - 1].action > tmp.action ||
                                 (rules[j - 1].action == tmp.action &&
                                  rules[j - 1].errno_ret > tmp.errno_ret))) {
                        rules[j] = rules[j - 1];
                        j--;
                }
                rules[j] = tmp;
        }
        return n;
}

/* ---- writer ---- */

struct jw {
        struct strbuf sb;
        bool pretty;
        int depth;
        bool first;
};

static void jw_nl(struct jw *w)
{
        if (!w->pretty)
                return;
        strbuf_putc(&w->sb, '\n');
        for (int i = 0; i < w->depth; i++)
                strbuf_puts(&w->sb, "  ");
}

static void jw_open(struct jw *w, char c)
{
        strbuf_putc(&w->sb, c);
        w->depth++;
        w->first = true;
}

static void jw_close(struct jw *w, char c)
{
        w->depth--;
        if (!w->first)
                jw_nl(w);
        strbuf_putc(&w->sb, c);
        w->first = false;
}

static void jw_key(struct jw *w, const char *key)
{
        if (!w->first)
                strbuf_putc(&w->sb, ',');
        w->first = false;
        jw_nl(w);
        if (key) {
                strbuf_json_string(&w->sb, key);
                strbuf_puts(&w->sb, w->pretty ? ": " : ":");
        }
}

static void jw_str(struct jw *w, const char *key, const char *v)
{
        jw_key(w, key);
        strbuf_json_string(&w->sb, v);
}

static void jw_u64(struct jw *w, const char *key, uint64_t v)
{
        jw_key(w, key);
        strbuf_printf(&w->sb, "%" PRIu64, v);
}

static void jw_strv(struct jw *w, const char *key, char *const *v, size_t n)
{
        jw_key(w, key);
        jw_open(w, '[');
        for (size_t i = 0; i < n; i++)
                jw_str(w, NULL, v[i]);
        jw_close(w, ']');
}

static void jw_arches(struct jw *w, const char *key, const enum sc_arch *v, size_t n)
{
        jw_key(w, key);
        jw_open(w, '[');
        for (size_t i = 0; i < n; i++)
                jw_str(w, NULL, sc_arch_info(v[i])->scmp_name);
        jw_close(w, ']');
}

static void jw_cond(struct jw *w, const char *key, const struct sc_cond_filter *f)
{
        if (!f->n_caps && !f->n_arches && !f->min_kernel)
                return;
        jw_key(w, key);
        jw_open(w, '{');
        if (f->n_caps)
                jw_strv(w, "caps", f->caps, f->n_caps);
        if (f->n_arches)
                jw_strv(w, "arches", f->arches, f->n_arches);
        if (f->min_kernel)
                jw_str(w, "minKernel", f->min_kernel);
        jw_close(w, '}');
}

static void jw_rule(struct jw *w, const struct sc_rule *r)
{
        jw_key(w, NULL);
        jw_open(w, '{');
        jw_strv(w, "names", r->names, r->n_names);
        jw_str(w, "action", sc_action_name(r->action));
        if (r->has_errno_ret)
                jw_u64(w, "errnoRet", r->errno_ret);
        if (r->n_args) {
                jw_key(w, "args");
                jw_open(w, '[');
                for (size_t i = 0; i < r->n_args; i++) {
                        const struct sc_arg *a = &r->args[i];
                        jw_key(w, NULL);
                        jw_open(w, '{');
                        jw_u64(w, "index", a->index);
                        jw_u64(w, "value", a->value);
                        if (a->value_two || a->has_value_two)
                                jw_u64(w, "valueTwo", a->value_two);
                        jw_str(w, "op", sc_op_name(a->op));
                        jw_close(w, '}');
                }
                jw_close(w, ']');
        }
        if (r->comment)
                jw_str(w, "comment", r->comment);
        jw_cond(w, "includes", &r->includes);
        jw_cond(w, "excludes", &r->excludes);
        jw_close(w, '}');
}

char *sc_profile_to_json(const struct sc_profile *p, unsigned flags)
{
        struct jw w = { .pretty = flags & SC_JSON_PRETTY };

        jw_open(&w, '{');
        jw_str(&w, "defaultAction", sc_action_name(p->default_action));
        if (p->has_default_errno)
                jw_u64(&w, "defaultErrnoRet", p->default_errno_ret);
        if (p->n_arches)
                jw_arches(&w, "architectures", p->arches, p->n_arches);
        if (p->n_archmap) {
                jw_key(&w, "archMap");
                jw_open(&w, '[');
                for (size_t i = 0; i < p->n_archmap; i++) {
                        jw_key(&w, NULL);
                        jw_open(&w, '{');
                        jw_str(&w, "architecture",
                               sc_arch_info(p->archmap[i].arch)->scmp_name);
                        jw_arches(&w, "subArchitectures", p->archmap[i].subs,
                                  p->archmap[i].n_subs);
                        jw_close(&w, '}');
                }
                jw_close(&w, ']');
        }
        if (p->has_flags) {
                jw_key(&w, "flags");
                jw_open(&w, '[');
                for (uint32_t bit = 1; bit; bit <<= 1)
                        if (p->flags & bit)
                                jw_str(&w, NULL, sc_flag_name(bit));
                jw_close(&w, ']');
        }
        if (p->listener_path)
                jw_str(&w, "listenerPath", p->listener_path);
        if (p->listener_metadata)
                jw_str(&w, "listenerMetadata", p->listener_metadata);
        if (p->n_rules) {
                jw_key(&w, "syscalls");
                jw_open(&w, '[');
                for (size_t i = 0; i < p->n_rules; i++)
                        jw_rule(&w, &p->rules[i]);
                jw_close(&w, ']');
        }
        jw_close(&w, '}');
        if (w.pretty)
                strbuf_putc(&w.sb, '\n');
        return strbuf_steal(&w.sb);
}
