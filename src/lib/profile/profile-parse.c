/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Document tree -> struct sc_profile.  Structural checks live here (types,
 * enumerations, ranges): everything a runtime would refuse to even read.
 * Semantic checks that depend on the runtime live in profile-validate.c.
 *
 * Field semantics follow runc's Go decoding of the OCI spec: null is the
 * same as absent, unknown fields are ignored (we warn), numbers must be
 * non-negative integers that fit the Go type.
 */
#include "profile.h"
#include "syscalls.h"

/* Where a node is, as a JSON path ("$.syscalls[3].names[0]"): built on
 * the stack on the way down and spelled out only for a diagnostic.
 * Formatting every node's path, wanted or not, was a fifth of reading
 * Docker's default profile. */
struct jpath {
        const struct jpath *up;
        const char *key; /* ".names", the root's prefix ("$"), or NULL: [index] */
        size_t index;
};
#define JP_KEY(parent, k) ((struct jpath){ .up = (parent), .key = (k) })
#define JP_INDEX(parent, i) ((struct jpath){ .up = (parent), .index = (i) })

static void jpath_put(const struct jpath *p, struct strbuf *sb)
{
        if (p->up)
                jpath_put(p->up, sb);
        if (p->key)
                strbuf_puts(sb, p->key);
        else
                strbuf_printf(sb, "[%zu]", p->index);
}

static char *jpath_str(const struct jpath *p)
{
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "");
        jpath_put(p, &sb);
        return strbuf_steal(&sb);
}

struct parser {
        const char *file;
        struct sc_diags *diags;
        size_t errors;
        struct sc_profile *p;
};

_printf_(5, 0) static void vsay(struct parser *ps, enum sc_severity sev,
                                const struct doc_node *n, const struct jpath *path,
                                const char *fmt, va_list ap)
{
        char *msg = xvasprintf(fmt, ap);
        _cleanup_free_ char *where = path ? jpath_str(path) : NULL;
        sc_diag_add(ps->diags, sev, ps->file, n ? n->pos : (struct sc_pos){ 0 },
                    where, "%s", msg);
        free(msg);
        if (sev == SC_ERROR)
                ps->errors++;
}

_printf_(4, 5) static void perr(struct parser *ps, const struct doc_node *n,
                                const struct jpath *path, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsay(ps, SC_ERROR, n, path, fmt, ap);
        va_end(ap);
}

_printf_(4, 5) static void pwarn(struct parser *ps, const struct doc_node *n,
                                 const struct jpath *path, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsay(ps, SC_WARNING, n, path, fmt, ap);
        va_end(ap);
}

static bool is_absent(const struct doc_node *n)
{
        return !n || n->kind == DOC_NULL;
}

static bool want_kind(struct parser *ps, const struct doc_node *n,
                      const struct jpath *path, enum doc_kind kind)
{
        if (n->kind == kind)
                return true;
        perr(ps, n, path, "expected %s %s, got %s",
             kind == DOC_MAP || kind == DOC_SEQ ? "an" : "a",
             doc_kind_name(kind), doc_kind_name(n->kind));
        return false;
}

/* A string without NUL bytes (C, the kernel and Go's runtimes disagree on
 * what follows a NUL: refuse it). */
static const char *want_string(struct parser *ps, const struct doc_node *n,
                               const struct jpath *path)
{
        if (!want_kind(ps, n, path, DOC_STRING))
                return NULL;
        if (strlen(n->text) != n->text_len) {
                perr(ps, n, path, "string contains a NUL byte");
                return NULL;
        }
        return n->text;
}

static bool want_u64(struct parser *ps, const struct doc_node *n,
                     const struct jpath *path, uint64_t max, uint64_t *ret)
{
        if (n->kind != DOC_NUMBER) {
                perr(ps, n, path, "expected a non-negative integer, got %s",
                     doc_kind_name(n->kind));
                return false;
        }
        uint64_t v;
        /* YAML (SPO resources) may spell numbers in hex; JSON input was
         * already held to JSON's grammar. */
        int r = parse_u64(n->text, true, &v);
        if (r == -ERANGE || (r == 0 && v > max)) {
                perr(ps, n, path, "%s is out of range (0..%" PRIu64 ")",
                     n->text, max);
                return false;
        }
        if (r < 0) {
                perr(ps, n, path, "expected a non-negative integer, got %s",
                     n->text);
                return false;
        }
        *ret = v;
        return true;
}

/* Walk a map, checking keys against a table; returns false if n is not a
 * map.  Unknown keys are warned about: runtimes ignore them, which hides
 * typos such as "errnoret". */
static bool check_keys(struct parser *ps, const struct doc_node *n,
                       const struct jpath *path, const char *const *known)
{
        if (!want_kind(ps, n, path, DOC_MAP))
                return false;
        for (size_t i = 0; i < n->n; i++) {
                const char *k = n->keys[i]->text;
                bool ok = false;
                for (const char *const *q = known; *q && !ok; q++)
                        ok = streq(k, *q);
                if (!ok)
                        pwarn(ps, n->keys[i], path,
                              "unknown field \"%s\" (runtimes ignore it)", k);
        }
        return true;
}

static size_t parse_strv(struct parser *ps, const struct doc_node *n,
                         const struct jpath *path, char ***ret, struct sc_pos **ret_pos)
{
        *ret = NULL;
        if (ret_pos)
                *ret_pos = NULL;
        if (is_absent(n) || !want_kind(ps, n, path, DOC_SEQ))
                return 0;
        char **v = xcalloc(n->n + 1, sizeof(char *));
        struct sc_pos *pos = xcalloc(n->n + 1, sizeof(struct sc_pos));
        size_t k = 0;
        for (size_t i = 0; i < n->n; i++) {
                const struct jpath pp = JP_INDEX(path, i);
                const char *s = want_string(ps, n->items[i], &pp);
                if (!s)
                        continue;
                pos[k] = n->items[i]->pos;
                v[k++] = xstrdup(s);
        }
        *ret = v;
        if (ret_pos)
                *ret_pos = pos;
        else
                free(pos);
        return k;
}

static enum sc_arch parse_arch(struct parser *ps, const struct doc_node *n,
                               const struct jpath *path)
{
        const char *s = want_string(ps, n, path);
        if (!s)
                return SC_ARCH_INVALID;
        enum sc_arch a = SC_ARCH_INVALID;
        if (startswith(s, "SCMP_ARCH_"))
                a = sc_arch_from_name(s);
        if (a == SC_ARCH_INVALID || !streq(sc_arch_info(a)->scmp_name, s)) {
                perr(ps, n, path, "unknown architecture \"%s\" (valid: %s)", s,
                     sc_arch_valid_names());
                return SC_ARCH_INVALID;
        }
        return a;
}

static void parse_arches(struct parser *ps, const struct doc_node *n,
                         const struct jpath *path, enum sc_arch **ret, size_t *ret_n)
{
        *ret = NULL;
        *ret_n = 0;
        if (is_absent(n) || !want_kind(ps, n, path, DOC_SEQ))
                return;
        enum sc_arch *v = xcalloc(n->n + 1, sizeof(enum sc_arch));
        size_t k = 0;
        for (size_t i = 0; i < n->n; i++) {
                const struct jpath pp = JP_INDEX(path, i);
                enum sc_arch a = parse_arch(ps, n->items[i], &pp);
                if (a == SC_ARCH_INVALID)
                        continue;
                bool dup = false;
                for (size_t j = 0; j < k; j++)
                        dup = dup || v[j] == a;
                if (dup) {
                        perr(ps, n->items[i], &pp, "duplicate architecture %s",
                             n->items[i]->text);
                        continue;
                }
                v[k++] = a;
        }
        *ret = v;
        *ret_n = k;
}

static enum sc_action parse_action(struct parser *ps, const struct doc_node *n,
                                   const struct jpath *path)
{
        const char *s = want_string(ps, n, path);
        if (!s)
                return SC_ACT_INVALID;
        enum sc_action a = sc_action_from_name(s);
        if (a == SC_ACT_INVALID)
                perr(ps, n, path,
                     "unknown action \"%s\" (valid: SCMP_ACT_KILL, "
                     "SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, "
                     "SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, "
                     "SCMP_ACT_NOTIFY)",
                     s);
        return a;
}

/* errnoRet (a number) or containers/common's errno ("EPERM"). */
static void parse_errno(struct parser *ps, const struct doc_node *num,
                        const struct doc_node *name, const struct jpath *path_num,
                        const struct jpath *path_name, bool *has, uint32_t *val,
                        struct sc_pos *pos)
{
        uint64_t v = 0;
        bool have_num = false;

        if (!is_absent(num) && want_u64(ps, num, path_num, SC_MAX_ERRNO - 1, &v)) {
                have_num = true;
                *has = true;
                *val = (uint32_t)v;
                *pos = num->pos;
        }
        if (is_absent(name))
                return;
        const char *s = want_string(ps, name, path_name);
        if (!s)
                return;
        uint32_t e;
        if (sc_errno_from_name(s, &e) < 0) {
                perr(ps, name, path_name, "unknown errno name \"%s\"", s);
                return;
        }
        if (have_num && e != v) {
                _cleanup_free_ char *num_at = jpath_str(path_num);
                perr(ps, name, path_name, "\"%s\" (%u) contradicts %s (%" PRIu64 ")",
                     s, e, num_at, v);
                return;
        }
        if (!have_num) {
                *has = true;
                *val = e;
                *pos = name->pos;
        }
}

static void parse_cond_filter(struct parser *ps, const struct doc_node *n,
                              const struct jpath *path, struct sc_cond_filter *f)
{
        static const char *const known[] = { "caps", "arches", "minKernel", NULL };
        if (is_absent(n) || !check_keys(ps, n, path, known))
                return;
        const struct jpath pc = JP_KEY(path, ".caps");
        const struct jpath pa = JP_KEY(path, ".arches");
        const struct jpath pk = JP_KEY(path, ".minKernel");
        f->n_caps = parse_strv(ps, doc_get(n, "caps"), &pc, &f->caps, NULL);
        f->n_arches = parse_strv(ps, doc_get(n, "arches"), &pa, &f->arches, NULL);
        for (size_t i = 0; i < f->n_arches; i++)
                if (sc_arch_from_go_name(f->arches[i]) == SC_ARCH_INVALID)
                        pwarn(ps, doc_get(n, "arches")->items[i], &pa,
                              "unknown architecture \"%s\" (Docker uses Go names: "
                              "amd64, arm64, x86, ...)",
                              f->arches[i]);
        const struct doc_node *mk = doc_get(n, "minKernel");
        if (!is_absent(mk)) {
                const char *s = want_string(ps, mk, &pk);
                unsigned a, b;
                char tail;
                if (s && sscanf(s, "%u.%u%c", &a, &b, &tail) != 2)
                        perr(ps, mk, &pk, "invalid kernel version \"%s\" (expected MAJOR.MINOR)", s);
                else if (s)
                        f->min_kernel = xstrdup(s);
        }
}

static bool parse_arg(struct parser *ps, const struct doc_node *n,
                      const struct jpath *path, struct sc_arg *a)
{
        static const char *const known[] = { "index", "value", "valueTwo", "op", NULL };
        if (!check_keys(ps, n, path, known))
                return false;
        size_t before = ps->errors;
        *a = (struct sc_arg){ .pos = n->pos, .op = SC_OP_INVALID };

        const struct doc_node *idx = doc_get(n, "index");
        const struct doc_node *op = doc_get(n, "op");
        const struct doc_node *val = doc_get(n, "value");
        const struct doc_node *val2 = doc_get(n, "valueTwo");
        const struct jpath pi = JP_KEY(path, ".index");
        const struct jpath po = JP_KEY(path, ".op");
        const struct jpath pv = JP_KEY(path, ".value");
        const struct jpath pv2 = JP_KEY(path, ".valueTwo");
        uint64_t v;

        if (is_absent(idx))
                perr(ps, n, path, "missing \"index\" (the argument number, 0..5)");
        else if (idx->kind == DOC_NUMBER && idx->text[0] == '-')
                perr(ps, idx, &pi, "index %s is negative (valid: 0..5)", idx->text);
        else if (want_u64(ps, idx, &pi, 5, &v))
                a->index = (uint32_t)v;

        if (is_absent(op))
                perr(ps, n, path, "missing \"op\" (SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT, _MASKED_EQ)");
        else {
                const char *s = want_string(ps, op, &po);
                if (s) {
                        a->op = sc_op_from_name(s);
                        if (a->op == SC_OP_INVALID)
                                perr(ps, op, &po,
                                     "unknown operator \"%s\" (valid: SCMP_CMP_NE, "
                                     "SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, "
                                     "SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ)",
                                     s);
                }
        }
        /* Go decodes an absent value as 0, so runtimes accept it. */
        if (!is_absent(val) && want_u64(ps, val, &pv, UINT64_MAX, &v))
                a->value = v;
        if (!is_absent(val2) && want_u64(ps, val2, &pv2, UINT64_MAX, &v)) {
                a->value_two = v;
                a->has_value_two = true;
        }
        return ps->errors == before;
}

static void parse_rule(struct parser *ps, const struct doc_node *n,
                       const struct jpath *path, size_t index, struct sc_rule *r)
{
        static const char *const known[] = { "names", "name", "action", "errnoRet",
                                             "errno", "args", "comment", "includes",
                                             "excludes", NULL };
        *r = (struct sc_rule){ .pos = n->pos, .action = SC_ACT_INVALID,
                               .src_index = index };
        if (!check_keys(ps, n, path, known))
                return;

        const struct jpath pn = JP_KEY(path, ".names");
        r->n_names = parse_strv(ps, doc_get(n, "names"), &pn, &r->names, &r->name_pos);

        /* Docker's deprecated single "name". */
        const struct doc_node *name = doc_get(n, "name");
        if (!is_absent(name)) {
                const struct jpath p1 = JP_KEY(path, ".name");
                const char *s = want_string(ps, name, &p1);
                if (s && r->n_names > 0)
                        perr(ps, name, &p1, "use either \"name\" or \"names\", not both");
                else if (s) {
                        r->names = xcalloc(1, sizeof(char *));
                        r->name_pos = xcalloc(1, sizeof(struct sc_pos));
                        r->names[0] = xstrdup(s);
                        r->name_pos[0] = name->pos;
                        r->n_names = 1;
                }
        }

        const struct doc_node *act = doc_get(n, "action");
        const struct jpath pa = JP_KEY(path, ".action");
        if (is_absent(act))
                perr(ps, n, path, "missing \"action\"");
        else {
                r->action = parse_action(ps, act, &pa);
                r->action_pos = act->pos;
        }

        const struct jpath pe = JP_KEY(path, ".errnoRet");
        const struct jpath pe2 = JP_KEY(path, ".errno");
        parse_errno(ps, doc_get(n, "errnoRet"), doc_get(n, "errno"), &pe, &pe2,
                    &r->has_errno_ret, &r->errno_ret, &r->errno_pos);

        const struct doc_node *args = doc_get(n, "args");
        const struct jpath pargs = JP_KEY(path, ".args");
        if (!is_absent(args) && want_kind(ps, args, &pargs, DOC_SEQ)) {
                r->args = xcalloc(args->n + 1, sizeof(struct sc_arg));
                for (size_t i = 0; i < args->n; i++) {
                        const struct jpath pp = JP_INDEX(&pargs, i);
                        if (parse_arg(ps, args->items[i], &pp, &r->args[r->n_args]))
                                r->n_args++;
                }
        }

        const struct doc_node *c = doc_get(n, "comment");
        if (!is_absent(c)) {
                const struct jpath pp = JP_KEY(path, ".comment");
                const char *s = want_string(ps, c, &pp);
                if (s)
                        r->comment = xstrdup(s);
        }
        const struct jpath pin = JP_KEY(path, ".includes");
        const struct jpath pex = JP_KEY(path, ".excludes");
        parse_cond_filter(ps, doc_get(n, "includes"), &pin, &r->includes);
        parse_cond_filter(ps, doc_get(n, "excludes"), &pex, &r->excludes);
}

static void parse_archmap(struct parser *ps, const struct doc_node *n,
                          const struct jpath *path)
{
        static const char *const known[] = { "architecture", "subArchitectures", NULL };
        struct sc_profile *p = ps->p;
        if (is_absent(n) || !want_kind(ps, n, path, DOC_SEQ))
                return;
        p->archmap = xcalloc(n->n + 1, sizeof(*p->archmap));
        for (size_t i = 0; i < n->n; i++) {
                const struct jpath pi = JP_INDEX(path, i);
                const struct doc_node *e = n->items[i];
                if (!check_keys(ps, e, &pi, known))
                        continue;
                const struct doc_node *a = doc_get(e, "architecture");
                const struct jpath pa = JP_KEY(&pi, ".architecture");
                const struct jpath ps2 = JP_KEY(&pi, ".subArchitectures");
                if (is_absent(a)) {
                        perr(ps, e, &pi, "missing \"architecture\"");
                        continue;
                }
                enum sc_arch arch = parse_arch(ps, a, &pa);
                if (arch == SC_ARCH_INVALID)
                        continue;
                struct sc_archmap_entry *m = &p->archmap[p->n_archmap++];
                m->arch = arch;
                parse_arches(ps, doc_get(e, "subArchitectures"), &ps2, &m->subs,
                             &m->n_subs);
        }
}

static void parse_flags(struct parser *ps, const struct doc_node *n,
                        const struct jpath *path)
{
        struct sc_profile *p = ps->p;
        if (is_absent(n))
                return;
        if (!want_kind(ps, n, path, DOC_SEQ))
                return;
        p->has_flags = true;
        for (size_t i = 0; i < n->n; i++) {
                const struct jpath pi = JP_INDEX(path, i);
                const char *s = want_string(ps, n->items[i], &pi);
                if (!s)
                        continue;
                uint32_t f = sc_flag_from_name(s);
                if (!f) {
                        perr(ps, n->items[i], &pi,
                             "unknown flag \"%s\" (valid: SECCOMP_FILTER_FLAG_TSYNC, "
                             "SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
                             "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)",
                             s);
                        continue;
                }
                if (p->flags & f)
                        pwarn(ps, n->items[i], &pi, "flag %s listed twice", s);
                p->flags |= f;
        }
}

static void parse_profile_body(struct parser *ps, const struct doc_node *n,
                               bool spo)
{
        static const char *const known[] = {
                "defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",
                "archMap", "flags", "listenerPath", "listenerMetadata", "syscalls",
                NULL
        };
        static const char *const known_spo[] = {
                "defaultAction", "defaultErrnoRet", "architectures", "flags",
                "listenerPath", "listenerMetadata", "syscalls", "baseProfileName",
                "disabled", "state", NULL
        };
        struct sc_profile *p = ps->p;
        const struct jpath root = { .key = p->json_prefix }, *pre = &root;
        p->pos = n->pos;
        p->default_action = SC_ACT_INVALID;
        if (!check_keys(ps, n, pre, spo ? known_spo : known))
                return;

        const struct jpath pda = JP_KEY(pre, ".defaultAction");
        const struct doc_node *da = doc_get(n, "defaultAction");
        if (is_absent(da))
                perr(ps, n, pre, "missing \"defaultAction\" (required by the OCI runtime spec)");
        else {
                p->default_action = parse_action(ps, da, &pda);
                p->default_action_pos = da->pos;
        }

        const struct jpath pde = JP_KEY(pre, ".defaultErrnoRet");
        const struct jpath pde2 = JP_KEY(pre, ".defaultErrno");
        struct sc_pos ignored;
        parse_errno(ps, doc_get(n, "defaultErrnoRet"), doc_get(n, "defaultErrno"),
                    &pde, &pde2, &p->has_default_errno, &p->default_errno_ret, &ignored);

        const struct jpath par = JP_KEY(pre, ".architectures");
        const struct jpath pam = JP_KEY(pre, ".archMap");
        parse_arches(ps, doc_get(n, "architectures"), &par, &p->arches, &p->n_arches);
        parse_archmap(ps, doc_get(n, "archMap"), &pam);
        if (p->n_arches && p->n_archmap)
                perr(ps, doc_get(n, "archMap"), &pam,
                     "both \"architectures\" and \"archMap\" are specified; use one");

        const struct jpath pf = JP_KEY(pre, ".flags");
        parse_flags(ps, doc_get(n, "flags"), &pf);

        const struct doc_node *lp = doc_get(n, "listenerPath");
        if (!is_absent(lp)) {
                const struct jpath pp = JP_KEY(pre, ".listenerPath");
                const char *s = want_string(ps, lp, &pp);
                if (s)
                        p->listener_path = xstrdup(s);
        }
        const struct doc_node *lm = doc_get(n, "listenerMetadata");
        if (!is_absent(lm)) {
                const struct jpath pp = JP_KEY(pre, ".listenerMetadata");
                const char *s = want_string(ps, lm, &pp);
                if (s)
                        p->listener_metadata = xstrdup(s);
        }
        const struct doc_node *base = spo ? doc_get(n, "baseProfileName") : NULL;
        if (!is_absent(base) && base->kind == DOC_STRING)
                pwarn(ps, base, pre,
                      "baseProfileName \"%s\": the base profile's syscalls are "
                      "added by the Security Profiles Operator, not included here",
                      base->text);

        const struct doc_node *sys = doc_get(n, "syscalls");
        const struct jpath psys = JP_KEY(pre, ".syscalls");
        if (!is_absent(sys) && want_kind(ps, sys, &psys, DOC_SEQ)) {
                p->rules = xcalloc(sys->n + 1, sizeof(struct sc_rule));
                for (size_t i = 0; i < sys->n; i++) {
                        const struct jpath pi = JP_INDEX(&psys, i);
                        parse_rule(ps, sys->items[i], &pi, i, &p->rules[p->n_rules++]);
                }
        }
}

static bool doc_str_is(const struct doc_node *n, const char *key, const char *v)
{
        const struct doc_node *k = doc_get(n, key);
        return k && k->kind == DOC_STRING && streq(k->text, v);
}

/* Which shape is this document?  Returns the node holding the profile and
 * sets *prefix; NULL (with a diagnostic) when there is none. */
static const struct doc_node *locate_profile(struct parser *ps,
                                             const struct doc_node *root,
                                             const char **prefix, bool *spo,
                                             const char **name)
{
        *spo = false;
        *name = NULL;
        if (root->kind != DOC_MAP) {
                perr(ps, root, &JP_KEY(NULL, "$"), "expected a JSON object, got %s",
                     doc_kind_name(root->kind));
                return NULL;
        }
        if (doc_str_is(root, "kind", "SeccompProfile")) {
                const struct doc_node *nm = doc_get_path(root, "metadata.name");
                if (nm && nm->kind == DOC_STRING)
                        *name = nm->text;
                const struct doc_node *spec = doc_get(root, "spec");
                *prefix = "$.spec";
                *spo = true;
                if (is_absent(spec)) {
                        perr(ps, root, &JP_KEY(NULL, "$"), "SeccompProfile has no \"spec\"");
                        return NULL;
                }
                return spec;
        }
        if (doc_get(root, "ociVersion") || doc_get(root, "process") ||
            (doc_get(root, "linux") && !doc_get(root, "defaultAction"))) {
                const struct doc_node *sc = doc_get_path(root, "linux.seccomp");
                *prefix = "$.linux.seccomp";
                if (is_absent(sc)) {
                        perr(ps, root, &JP_KEY(NULL, "$"),
                             "this OCI config.json has no \"linux.seccomp\" profile");
                        return NULL;
                }
                return sc;
        }
        *prefix = "$";
        return root;
}

int sc_profile_from_doc(const struct doc_node *root, const char *file,
                        struct sc_diags *diags, struct sc_profile_set *ret)
{
        struct parser ps = { .file = file, .diags = diags };
        const char *prefix, *name;
        bool spo;

        const struct doc_node *body = locate_profile(&ps, root, &prefix, &spo, &name);
        if (!body)
                return -EINVAL;
        ps.p = xcalloc(1, sizeof(struct sc_profile));
        ps.p->file = file ? xstrdup(file) : NULL;
        ps.p->json_prefix = xstrdup(prefix);
        ps.p->name = name ? xstrdup(name) : NULL;
        parse_profile_body(&ps, body, spo);
        if (ps.errors) {
                sc_profile_free(ps.p);
                return -EINVAL;
        }
        ret->profiles = xreallocarray(ret->profiles, ret->n + 1,
                                      sizeof(struct sc_profile *));
        ret->profiles[ret->n++] = ps.p;
        return 0;
}

static bool is_profile_doc(const struct doc_node *root)
{
        if (!root || root->kind != DOC_MAP)
                return root && root->kind != DOC_NULL;
        const struct doc_node *kind = doc_get(root, "kind");
        /* Other Kubernetes objects in a multi-document file are skipped. */
        return !(kind && kind->kind == DOC_STRING && doc_get(root, "apiVersion") &&
                 !streq(kind->text, "SeccompProfile"));
}

int sc_profile_parse(const char *buf, size_t len, const char *file,
                     enum doc_format format, struct sc_diags *diags,
                     struct sc_profile_set *ret)
{
        struct doc_stream s = { 0 };
        struct sc_profile_set set = { 0 };
        int r = doc_parse(buf, len, file, format, NULL, diags, &s);
        if (r < 0)
                return r;
        size_t candidates = 0;
        for (size_t i = 0; i < s.n; i++) {
                if (!is_profile_doc(s.docs[i]))
                        continue;
                candidates++;
                int k = sc_profile_from_doc(s.docs[i], file, diags, &set);
                if (k < 0)
                        r = k;
        }
        if (candidates == 0 && r == 0) {
                sc_diag_add(diags, SC_ERROR, file,
                            s.n ? s.docs[0]->pos : (struct sc_pos){ 1, 1 }, NULL,
                            "no seccomp profile found (expected an OCI profile, a "
                            "config.json or a SeccompProfile resource)");
                r = -EINVAL;
        }
        doc_stream_clear(&s);
        if (r < 0) {
                sc_profile_set_clear(&set);
                return r;
        }
        *ret = set;
        return 0;
}
