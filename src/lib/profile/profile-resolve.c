/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Resolving the Docker-extended format to a plain OCI profile, exactly as
 * moby's profiles/seccomp/seccomp_linux.go (and its containers/common
 * fork) does when it builds a container's spec.
 */
#include "profile.h"

bool sc_profile_is_extended(const struct sc_profile *p)
{
        if (p->n_archmap)
                return true;
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                if (r->includes.n_caps || r->includes.n_arches ||
                    r->includes.min_kernel || r->excludes.n_caps ||
                    r->excludes.n_arches || r->excludes.min_kernel)
                        return true;
        }
        return false;
}

static bool str_array_contains(char *const *v, size_t n, const char *s)
{
        for (size_t i = 0; i < n; i++)
                if (streq(v[i], s))
                        return true;
        return false;
}

static bool has_cap(const struct sc_resolve_opts *o, const char *cap)
{
        const char *const *caps = o->caps ? o->caps : sc_docker_default_caps;
        size_t n = o->caps ? o->n_caps : sc_docker_default_caps_n;
        for (size_t i = 0; i < n; i++)
                if (strcaseeq(caps[i], cap))
                        return true;
        return false;
}

/* moby's kernelGreaterEqualThan(minKernel).  A kernel of 0.0 stands for
 * "newer than anything" (no host to ask). */
static bool kernel_at_least(const struct sc_resolve_opts *o, const char *v)
{
        unsigned major = 0, minor = 0;
        if (sscanf(v, "%u.%u", &major, &minor) != 2)
                return false;
        if (o->kernel_major == 0 && o->kernel_minor == 0)
                return true;
        return o->kernel_major > major ||
               (o->kernel_major == major && o->kernel_minor >= minor);
}

static bool arch_in(char *const *v, size_t n, const char *go_name)
{
        return go_name && str_array_contains(v, n, go_name);
}

/* The order of the tests is moby's; it matters only for which diagnostic
 * a user would see, not for the result. */
static bool rule_applies(const struct sc_rule *r, const struct sc_resolve_opts *o)
{
        const char *go = sc_arch_info(o->target)->go_name;
        const struct sc_cond_filter *ex = &r->excludes, *in = &r->includes;

        if (ex->n_arches && arch_in(ex->arches, ex->n_arches, go))
                return false;
        for (size_t i = 0; i < ex->n_caps; i++)
                if (has_cap(o, ex->caps[i]))
                        return false;
        if (ex->min_kernel && kernel_at_least(o, ex->min_kernel))
                return false;
        if (in->n_arches && !arch_in(in->arches, in->n_arches, go))
                return false;
        for (size_t i = 0; i < in->n_caps; i++)
                if (!has_cap(o, in->caps[i]))
                        return false;
        if (in->min_kernel && !kernel_at_least(o, in->min_kernel))
                return false;
        return true;
}

int sc_profile_resolve_in_place(struct sc_profile *p, const struct sc_resolve_opts *opts,
                                struct sc_diags *diags)
{
        if (p->n_arches && p->n_archmap) {
                sc_diag_add(diags, SC_ERROR, p->file, p->pos, p->json_prefix,
                            "both \"architectures\" and \"archMap\" are specified; use one");
                return -EINVAL;
        }

        /* archMap: the entry for the native arch, then its sub-arches. */
        for (size_t i = 0; i < p->n_archmap; i++) {
                const struct sc_archmap_entry *m = &p->archmap[i];
                if (m->arch != opts->target)
                        continue;
                p->arches = xreallocarray(p->arches, m->n_subs + 1, sizeof(enum sc_arch));
                p->arches[0] = m->arch;
                if (m->n_subs) /* subs is NULL for "subArchitectures": null */
                        memcpy(p->arches + 1, m->subs, m->n_subs * sizeof(enum sc_arch));
                p->n_arches = m->n_subs + 1;
                break;
        }
        for (size_t i = 0; i < p->n_archmap; i++)
                free(p->archmap[i].subs);
        free(p->archmap);
        p->archmap = NULL;
        p->n_archmap = 0;

        size_t k = 0;
        for (size_t i = 0; i < p->n_rules; i++) {
                struct sc_rule *r = &p->rules[i];
                if (!rule_applies(r, opts)) {
                        sc_rule_clear(r);
                        continue;
                }
                /* The resolved spec (specs.LinuxSyscall) has no such fields. */
                free(r->comment);
                r->comment = NULL;
                sc_cond_filter_clear(&r->includes);
                sc_cond_filter_clear(&r->excludes);
                p->rules[k++] = *r;
        }
        p->n_rules = k;
        return 0;
}

int sc_profile_resolve(const struct sc_profile *p,
                       const struct sc_resolve_opts *opts,
                       struct sc_diags *diags, struct sc_profile **ret)
{
        struct sc_profile *out = sc_profile_dup(p);
        int r = sc_profile_resolve_in_place(out, opts, diags);
        if (r < 0) {
                sc_profile_free(out);
                return r;
        }
        *ret = out;
        return 0;
}
