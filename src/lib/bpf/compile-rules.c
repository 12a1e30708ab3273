/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler, stage 1: what libseccomp 2.5.4 holds after runc or crun
 * fed it the profile's rules (compile-internal.h has the map of the
 * compiler's files).
 */
#include <limits.h>

#include "compile-internal.h"
#include "syscalls.h"

static uint32_t rule_ret(const struct sc_rule *r)
{
        return sc_action_ret(r->action, r->has_errno_ret ? r->errno_ret
                                                         : SC_DEFAULT_ERRNO);
}

/* ---- stage 1: what libseccomp holds ---- */

/* Table numbers are dense from 0 (a few hundred) but for ARM's private
 * calls at 0xf0000 and up (cacheflush, set_tls, ...): those few are found
 * by a scan rather than by an index of a million entries, which cost a
 * 4 MB fill and its fresh pages on every compile with arm in it. */
#define SYSENT_DENSE 4096

int32_t sysent_find(const struct section *s, uint32_t nr)
{
        if (nr < SYSENT_DENSE)
                return nr < s->index_size && s->index[nr] != UINT16_MAX
                               ? s->index[nr] : -1;
        for (size_t i = 0; i < s->n_ents; i++)
                if (s->ents[i].nr == nr)
                        return (int32_t)i;
        return -1;
}

static struct sysent *sysent_get(struct section *s, uint32_t nr)
{
        int32_t i = sysent_find(s, nr);
        if (i >= 0)
                return &s->ents[i];
        if (nr < SYSENT_DENSE && nr >= s->index_size) {
                uint32_t size = nr + 64 < SYSENT_DENSE ? nr + 64 : SYSENT_DENSE;
                s->index = xreallocarray(s->index, size, sizeof(*s->index));
                for (uint32_t k = s->index_size; k < size; k++)
                        s->index[k] = UINT16_MAX;
                s->index_size = size;
        }
        /* never grows: open_sections made room for every entry */
        GROW(s->ents, s->n_ents, s->alloc_ents);
        if (nr < SYSENT_DENSE)
                s->index[nr] = (uint16_t)s->n_ents;
        s->ents[s->n_ents] = (struct sysent){ .nr = nr };
        return &s->ents[s->n_ents++];
}

/* e->rules grows by doubling from one; its capacity is the power of two
 * at or above n_rules, so the entry holds no count of it. */
static void sysent_push_rule(struct sysent *e, const struct crule *cr)
{
        uint32_t n = e->n_rules;
        if ((n & (n - 1)) == 0) /* 0, 1, 2, 4, ...: full */
                e->rules = xreallocarray(e->rules, n ? (size_t)n * 2 : 1,
                                         sizeof(*e->rules));
        e->rules[e->n_rules++] = *cr;
}

static int cond_cmp(const void *a, const void *b)
{
        const struct cond *x = a, *y = b;
        if (x->index != y->index)
                return x->index < y->index ? -1 : 1;
        return 0;
}

bool crule_same_conds(const struct crule *a, const struct crule *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++)
                if (a->c[i].index != b->c[i].index || a->c[i].op != b->c[i].op ||
                    a->c[i].datum != b->c[i].datum ||
                    a->c[i].mask != b->c[i].mask)
                        return false;
        return true;
}

/* runc's and crun's own words when libseccomp refuses a rule, as they
 * print them (observed with runc 1.1.5 and crun 1.8.1 on issue 12's EEXIST
 * profile; tests/shell/bypass-runc.sh and bypass-crun.sh check them):
 *   runc: time=... level=error msg="runc run failed: unable to start
 *         container process: unable to init seccomp: error adding seccomp
 *         rule for syscall socket: file exists"
 *   crun: seccomp_rule_add_array: File exists */
static void refused(struct ctx *c, const struct section *s,
                    const struct sc_rule *src, const char *name, int r)
{
        _cleanup_free_ char *path =
                sc_profile_json_path(c->p, ".syscalls[%zu]", src->src_index);
        if (r == -ELOOP) {
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "libseccomp 2.5.4 never returns from adding this rule "
                            "for \"%s\" on %s (its rule tree loops): %s would hang "
                            "and not start the container",
                            name, s->info->scmp_name,
                            c->o->compat == SC_COMPAT_CRUN ? "crun" : "runc");
                if (!c->error)
                        c->error = r;
                return;
        }
        const char *what = r == -EEXIST ? "file exists" : "invalid argument";
        if (c->o->compat == SC_COMPAT_CRUN)
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "seccomp_rule_add_array: %s%s (crun: libseccomp "
                            "2.5.4 refuses this rule for \"%s\" on %s)",
                            r == -EEXIST ? "File exists" : "Invalid argument",
                            "", name, s->info->scmp_name);
        else
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "unable to start container process: unable to init "
                            "seccomp: error adding seccomp rule for syscall %s: %s "
                            "(runc: libseccomp 2.5.4 refuses this rule on %s)",
                            name, what, s->info->scmp_name);
        if (!c->error)
                c->error = r;
}

/* A rule's conditions as libseccomp's tree takes them (valueTwo only
 * matters to MASKED_EQ). */
static void lsc_cmps_from_args(struct lsc_cmp *cmp, const struct sc_arg *const *args,
                               size_t n_args)
{
        for (size_t i = 0; i < n_args; i++)
                cmp[i] = (struct lsc_cmp){
                        .arg = args[i]->index,
                        .op = args[i]->op,
                        .datum_a = args[i]->value,
                        .datum_b = args[i]->op == SC_OP_MASKED_EQ
                                           ? args[i]->value_two : 0,
                };
}

/* A name of a rule, found once for all sections (add_rule_name). */
struct rule_name {
        const char *name;
        int id;           /* sc_syscall_id(), -ENOENT when no table has it */
        const char *mux;  /* "socketcall", "ipc" or NULL */
        int mux_id;       /* the multiplexer's id */
        uint32_t call;    /* the name's sub-call number through it */
};

/* runc, crun: the rule goes into libseccomp's tree for the syscall. */
static void add_lsc_rule(struct ctx *c, struct section *s, struct sysent *e,
                         const struct sc_arg *const *args, size_t n_args,
                         uint32_t ret, const struct sc_rule *src,
                         const char *name)
{
        struct lsc_cmp cmp[7];

        if (!e->lsc) {
                /* Most rules are unconditional and come first for their
                 * syscall (moby: some 350 per arch).  libseccomp keeps the
                 * first of them and ignores what follows, which is what
                 * the literal record (e->uncond) says too: a tree is only
                 * made for a syscall with a conditional rule, and one that
                 * follows an unconditional rule is added to a tree that
                 * holds that rule, as libseccomp's would. */
                if (n_args == 0)
                        return;
                e->lsc = lsc_sys_new(s->info->is_64bit);
                if (e->uncond)
                        (void)lsc_sys_add(e->lsc, NULL, 0, e->uncond_ret);
        }
        lsc_cmps_from_args(cmp, args, n_args);
        int r = lsc_sys_add(e->lsc, cmp, n_args, ret);
        if (r < 0)
                refused(c, s, src, name, r);
}

/* A name this arch has no number for, which libseccomp still files under
 * a pseudo (negative) number: see pseudo_entry(). */
#define PSEUDO_NR UINT32_MAX

/* Every name with a pseudo entry has an id: a name some table has, or a
 * socket/IPC call (tests/unit/test-syscalls.c checks that they all have
 * one). */
static struct pseudo *pseudo_get(struct section *s, int id)
{
        for (size_t i = 0; i < s->n_pseudo; i++)
                if (s->pseudo[i].id == id)
                        return &s->pseudo[i];
        GROW(s->pseudo, s->n_pseudo, s->alloc_pseudo);
        s->pseudo[s->n_pseudo] = (struct pseudo){ .id = id };
        return &s->pseudo[s->n_pseudo++];
}

/* The same tree as add_lsc_rule() builds, for a pseudo entry: only its
 * node count (libseccomp's priority) and its refusals matter. */
static void add_pseudo_rule(struct ctx *c, struct section *s,
                            const struct sc_arg *const *args, size_t n_args,
                            uint32_t ret, const struct sc_rule *src,
                            const struct rule_name *rn)
{
        struct lsc_cmp cmp[7];
        struct pseudo *p = pseudo_get(s, rn->id);

        lsc_cmps_from_args(cmp, args, n_args);
        if (!p->lsc) {
                if (p->uncond)
                        return;
                if (n_args == 0) {
                        p->uncond = true;
                        return;
                }
                p->lsc = lsc_sys_new(s->info->is_64bit);
        }
        int r = lsc_sys_add(p->lsc, cmp, n_args, ret);
        if (r < 0)
                refused(c, s, src, rn->name, r);
}

/* The fewest nodes among a section's real entries (real) or its pseudo
 * ones (!real); UINT_MAX when it has none. */
static unsigned min_nodes(const struct section *s, bool real)
{
        unsigned m = UINT_MAX;
        if (real)
                for (size_t i = 0; i < s->n_ents; i++) {
                        const struct sysent *e = &s->ents[i];
                        unsigned n = e->lsc ? lsc_sys_nodes(e->lsc) : 0;
                        m = n < m ? n : m;
                }
        else
                for (size_t i = 0; i < s->n_pseudo; i++) {
                        const struct pseudo *p = &s->pseudo[i];
                        unsigned n = p->lsc && !p->uncond
                                             ? lsc_sys_nodes(p->lsc) : 0;
                        m = n < m ? n : m;
                }
        return m;
}

/* libseccomp 2.5.4 (gen_bpf.c _gen_bpf_syscalls) puts the "ld [nr]" of
 * an arch's section in front of the syscall at the head of its priority
 * list, skipped entries included; when that head is a pseudo entry (never
 * generated, _skip_syscall), no block of the section loads the number and
 * every test compares the arch value still in the accumulator: the whole
 * section gives the default action.  Each arch's list holds its entries in
 * ascending unsigned number, pseudo (negative) ones last; the sort keeps
 * at the head the first entry, in that order, of the highest priority
 * (fewest nodes).  x86_64 and x32 together are one section: the list of
 * the one first in the filter, then the other's.  x86_64 or x32 alone
 * load the number in their ABI check instead, and runc's binary tree
 * (over 32 entries) loads it at the tree's root. */
bool section_lacks_nr_load(const struct ctx *c, const struct section *s)
{
        const struct section *list[2] = { s, NULL };
        bool x86_64_or_x32 = s->arch == SC_ARCH_X86_64 || s->arch == SC_ARCH_X32;

        if (runc_tree(c))
                return false;
        if (x86_64_or_x32) {
                for (size_t i = 0; i < c->n_secs; i++) {
                        const struct section *o = &c->secs[i];
                        if (o == s || (o->arch != SC_ARCH_X86_64 &&
                                       o->arch != SC_ARCH_X32))
                                continue;
                        if (o < s) {
                                list[1] = s;
                                list[0] = o;
                        } else
                                list[1] = o;
                }
                if (!list[1])
                        return false;
        }
        unsigned m = UINT_MAX, real[2], pseudo[2];
        for (size_t k = 0; k < 2 && list[k]; k++) {
                real[k] = min_nodes(list[k], true);
                pseudo[k] = min_nodes(list[k], false);
                m = real[k] < m ? real[k] : m;
                m = pseudo[k] < m ? pseudo[k] : m;
        }
        if (m == UINT_MAX)
                return false;
        for (size_t k = 0; k < 2 && list[k]; k++) {
                if (real[k] == m)
                        return false;
                if (pseudo[k] == m)
                        return true;
        }
        return false;
}

/* The literal reading's conditions of a rule, as libseccomp compares them,
 * in argument order. */
static void literal_conds(const struct section *s,
                          const struct sc_arg *const *args, size_t n_args,
                          struct crule *cr)
{
        uint64_t width = s->info->is_64bit ? UINT64_MAX : UINT32_MAX;

        for (size_t i = 0; i < n_args; i++) {
                struct cond k = { .index = args[i]->index, .op = args[i]->op };

                if (k.op == SC_OP_MASKED_EQ) {
                        k.mask = args[i]->value & width;
                        /* libseccomp masks the datum too
                         * (_db_node_mask_fixup) */
                        k.datum = args[i]->value_two & k.mask;
                        if (k.mask == 0) /* a tautology: dropped */
                                continue;
                } else {
                        /* On 32-bit arches libseccomp compares only the
                         * low word (_db_rule_gen_32). */
                        k.datum = args[i]->value & width;
                        k.mask = width;
                }
                cr->c[cr->n++] = k;
        }
        if (cr->n > 1)
                qsort(cr->c, cr->n, sizeof(cr->c[0]), cond_cmp);
}

/* An unconditional rule: the first one wins, and it beats every
 * conditional rule of the syscall. */
static void sysent_set_uncond(struct sysent *e, uint32_t ret)
{
        if (e->uncond)
                return;
        e->uncond = true;
        e->uncond_ret = ret;
        free(e->rules);
        e->rules = NULL;
        e->n_rules = 0;
}

/* Add one libseccomp rule (conditions AND-ed, distinct indexes). */
static void add_rule(struct ctx *c, struct section *s, uint32_t nr,
                     const struct sc_arg *const *args_in, size_t n_in,
                     uint32_t ret, const struct sc_rule *src,
                     const struct rule_name *rn, int64_t mux_call)
{
        const struct sc_arg *args[7];
        struct sc_arg a0 = { .index = 0, .op = SC_OP_EQ };
        size_t n_args = 0;

        /* Through socketcall(2)/ipc(2) libseccomp keeps the rule's
         * conditions on args 1-5 as they are and replaces those on arg0
         * with "arg0 == call number". */
        for (size_t i = 0; i < n_in; i++)
                if (mux_call < 0 || args_in[i]->index != 0)
                        args[n_args++] = args_in[i];
        if (mux_call >= 0) {
                a0.value = (uint64_t)mux_call;
                args[n_args++] = &a0;
        }
        if (nr == PSEUDO_NR) {
                add_pseudo_rule(c, s, args, n_args, ret, src, rn);
                return;
        }

        struct sysent *e = sysent_get(s, nr);
        /* runc, crun: libseccomp's tree decides; the literal reading is
         * kept beside it to name where the two differ */
        if (!c->literal)
                add_lsc_rule(c, s, e, args, n_args, ret, src, rn->name);
        if (n_args == 0) { /* most rules: no conditions to read */
                sysent_set_uncond(e, ret);
                return;
        }
        struct crule cr = { .ret = ret, .src = src, .name = rn->name };
        literal_conds(s, args, n_args, &cr);
        if (cr.n == 0) {
                sysent_set_uncond(e, ret);
                return;
        }
        if (e->uncond)
                return;
        for (size_t i = 0; i < e->n_rules; i++) {
                if (!crule_same_conds(&e->rules[i], &cr))
                        continue;
                if (e->rules[i].ret == ret || !c->literal)
                        return;
                _cleanup_free_ char *path = sc_profile_json_path(
                        c->p, ".syscalls[%zu]", src->src_index);
                _cleanup_free_ char *a = sc_ret_describe(e->rules[i].ret);
                _cleanup_free_ char *b = sc_ret_describe(ret);
                sc_diag_add(c->diags, SC_ERROR, c->p->file, src->pos, path,
                            "\"%s\" on %s: a rule with the same conditions "
                            "already has action %s, this one %s (libseccomp "
                            "refuses it with EEXIST)",
                            rn->name, s->info->scmp_name, a, b);
                c->error = -EEXIST;
                return;
        }
        sysent_push_rule(e, &cr);
}

/* runc's matchCall(): distinct indexes are one rule (AND); an index that
 * appears twice makes every condition its own rule (OR). */
static void add_profile_rule(struct ctx *c, struct section *s, uint32_t nr,
                             const struct sc_rule *r, uint32_t ret,
                             const struct rule_name *rn, int64_t mux_call)
{
        unsigned count[6] = { 0 };
        bool split = false;
        const struct sc_arg *args[6];

        for (size_t i = 0; i < r->n_args; i++)
                if (r->args[i].index < 6 && ++count[r->args[i].index] > 1)
                        split = true;
        if (split) {
                for (size_t i = 0; i < r->n_args; i++) {
                        args[0] = &r->args[i];
                        add_rule(c, s, nr, args, 1, ret, r, rn, mux_call);
                }
                return;
        }
        for (size_t i = 0; i < r->n_args; i++)
                args[i] = &r->args[i];
        add_rule(c, s, nr, args, r->n_args, ret, r, rn, mux_call);
}

/* Arches where libseccomp also matches a socket/IPC call through its
 * multiplexer (socketcall(2) / ipc(2) with the call number in arg0).  On
 * exactly these its tables give those calls pseudo numbers (negative),
 * which matters for runc's stub. */
static bool arch_multiplexes(enum sc_arch a)
{
        switch (a) {
        case SC_ARCH_X86:
        case SC_ARCH_MIPS:
        case SC_ARCH_MIPSEL:
        case SC_ARCH_S390:
        case SC_ARCH_S390X:
        case SC_ARCH_PPC:
        case SC_ARCH_PPC64:
        case SC_ARCH_PPC64LE:
                return true;
        case SC_ARCH_X86_64: case SC_ARCH_X32: case SC_ARCH_AARCH64:
        case SC_ARCH_ARM: case SC_ARCH_RISCV64:
        case SC_ARCH_MIPS64: case SC_ARCH_MIPSEL64:
        case SC_ARCH_MIPS64N32: case SC_ARCH_MIPSEL64N32:
        case SC_ARCH_PARISC: case SC_ARCH_PARISC64: case SC_ARCH_LOONGARCH64:
        case SC_ARCH_M68K: case SC_ARCH_SH: case SC_ARCH_SHEB:
        case _SC_ARCH_MAX: case SC_ARCH_INVALID:
                break;
        }
        return false;
}

/* The name, its id and its socketcall(2)/ipc(2) sub-call, found once for
 * every section (the sub-call only matters when one multiplexes). */
static struct rule_name rule_name_of(const char *name, bool multiplexing)
{
        struct rule_name rn = { .name = name, .id = sc_syscall_id(name) };

        if (!multiplexing || sc_syscall_subcall(name, &rn.mux, &rn.call) < 0)
                rn.mux = NULL;
        rn.mux_id = rn.mux ? sc_syscall_id(rn.mux) : -ENOENT;
        return rn;
}

/* Does libseccomp file a rule for a name the arch has no number for under
 * a pseudo number?  On multiplexing arches (abi_rule_add) only the direct
 * half of a socket/IPC call; elsewhere (rule_add NULL, db_rule_add) any
 * name its tables have, as runc's and crun's rules are not "exact". */
static bool pseudo_entry(const struct ctx *c, const struct section *s,
                         const struct rule_name *rn)
{
        if (c->literal)
                return false;
        if (arch_multiplexes(s->arch))
                return rn->mux != NULL;
        return sc_syscall_lsc_answer_anywhere_id(rn->id) == 'y';
}

/* nr: the name's number on the arch, or -1 */
static void add_name(struct ctx *c, struct section *s, const struct sc_rule *r,
                     uint32_t ret, const struct rule_name *rn, int64_t nr)
{
        uint32_t mux;

        if (nr >= 0)
                add_profile_rule(c, s, (uint32_t)nr, r, ret, rn, -1);
        else if (pseudo_entry(c, s, rn))
                add_profile_rule(c, s, PSEUDO_NR, r, ret, rn, -1);
        if (!arch_multiplexes(s->arch) || !rn->mux)
                return;
        /* libseccomp also matches these through socketcall(SYS_x) /
         * ipc(x) */
        if (sc_syscall_resolve_id(s->arch, rn->mux_id, &mux) < 0)
                return;
        add_profile_rule(c, s, mux, r, ret, rn, rn->call);
}

static void stub_note(struct section *s, uint32_t nr)
{
        nr += s->info->nr_offset;
        if (nr > s->stub_max)
                s->stub_max = nr;
}

/* A section's entries are distinct numbers from its arch's table, each
 * named by the profile or the multiplexer (socketcall, ipc) its socket and
 * IPC calls bring in: room for that many is allocated once.  (Grown by
 * doubling the array had up to twice the room: 86 KB of moby's 283 KB
 * peak heap.) */
static size_t section_room(size_t names, enum sc_arch arch)
{
        size_t table = sc_syscall_count(arch);
        return names + 2 < table ? names + 2 : table;
}

/* One section per arch of the filter; they must share a byte order. */
static int open_sections(struct ctx *c)
{
        const struct sc_profile *p = c->p;
        _cleanup_free_ enum sc_arch *arches = NULL;
        size_t n = sc_profile_filter_arches(p, c->o->target, &arches);
        size_t names = 0, room;

        for (size_t i = 0; i < p->n_rules; i++)
                names += p->rules[i].n_names;
        c->secs = xcalloc(n, sizeof(*c->secs));
        for (size_t i = 0; i < n; i++) {
                const struct sc_arch_info *info = sc_arch_info(arches[i]);
                if (!info)
                        return -EINVAL;
                if (i > 0 && info->big_endian != c->big_endian) {
                        _cleanup_free_ char *path =
                                sc_profile_json_path(p, ".architectures");
                        sc_diag_add(c->diags, SC_ERROR, p->file, p->pos, path,
                                    "%s and %s differ in byte order; one "
                                    "filter cannot cover both (libseccomp: "
                                    "EDOM)",
                                    sc_arch_info(arches[0])->scmp_name,
                                    info->scmp_name);
                        return -EINVAL;
                }
                c->big_endian = info->big_endian;
                room = section_room(names, arches[i]);
                c->secs[c->n_secs++] = (struct section){
                        .arch = arches[i],
                        .info = info,
                        .ents = xreallocarray(NULL, room, sizeof(struct sysent)),
                        .alloc_ents = room,
                };
        }
        return 0;
}

/* What became of one name of a rule across the sections. */
struct name_fate {
        bool found;        /* some arch's table has it */
        bool kept;         /* some arch's filter has it */
        bool skipped_new;  /* some arch has it but libseccomp 2.5.4 not */
        enum sc_arch skipped_arch;
};

/* The name r->names[j] in section s. */
static void add_rule_name_in(struct ctx *c, struct section *s,
                             const struct sc_rule *r, uint32_t ret,
                             const struct rule_name *rn, struct name_fate *fate)
{
        uint32_t nr;
        int64_t have = -1;

        if (sc_syscall_resolve_id(s->arch, rn->id, &nr) >= 0)
                fate->found = true;
        else
                nr = UINT32_MAX;
        /* runc and crun skip a name libseccomp 2.5.4 does not know (newer
         * than it) */
        if (nr != UINT32_MAX && !c->o->all_kernel_syscalls &&
            !sc_libseccomp_knows_id(s->arch, rn->id)) {
                fate->skipped_new = true;
                fate->skipped_arch = s->arch;
                nr = UINT32_MAX;
        } else if (nr != UINT32_MAX)
                fate->kept = true;
        if (nr != UINT32_MAX) {
                have = nr;
                /* runc's stub counts every rule, also the ones skipped
                 * below, by libseccomp's number: a pseudo (negative) one
                 * for socket/IPC calls on multiplexing arches */
                if (!arch_multiplexes(s->arch) || !rn->mux)
                        stub_note(s, nr);
        }
        /* a rule with the default action is a no-op (runc and crun skip
         * it) */
        if (ret != c->default_ret)
                add_name(c, s, r, ret, rn, have);
}

/* The name r->names[j] in every section, and the warnings it earns. */
static void add_rule_name(struct ctx *c, const struct sc_rule *r, size_t j,
                          uint32_t ret, bool multiplexing)
{
        const struct sc_profile *p = c->p;
        const char *name = r->names[j];
        struct name_fate fate = { .skipped_arch = SC_ARCH_INVALID };

        if (name[0] == '\0')
                return;
        const struct rule_name rn = rule_name_of(name, multiplexing);
        for (size_t k = 0; k < c->n_secs; k++)
                add_rule_name_in(c, &c->secs[k], r, ret, &rn, &fate);
        if (fate.skipped_new) {
                _cleanup_free_ char *path = sc_profile_json_path(
                        p, ".syscalls[%zu].names[%zu]", r->src_index, j);
                sc_diag_add(c->diags, SC_WARNING, p->file, r->name_pos[j], path,
                            "\"%s\"%s%s is unknown to libseccomp 2.5.4, which "
                            "runc and crun use: they skip it, and so does "
                            "this filter",
                            name, fate.kept ? " on " : "",
                            fate.kept ? sc_arch_info(fate.skipped_arch)->name
                                      : "");
        }
        if (!fate.found && rn.id < 0) {
                _cleanup_free_ char *path = sc_profile_json_path(
                        p, ".syscalls[%zu].names[%zu]", r->src_index, j);
                sc_diag_add(c->diags, SC_WARNING, p->file, r->name_pos[j], path,
                            "unknown syscall \"%s\" skipped", name);
        }
}

int build_db(struct ctx *c)
{
        bool multiplexing = false;
        int r = open_sections(c);
        if (r < 0)
                return r;
        for (size_t k = 0; k < c->n_secs; k++)
                multiplexing = multiplexing || arch_multiplexes(c->secs[k].arch);
        for (size_t i = 0; i < c->p->n_rules; i++) {
                const struct sc_rule *rule = &c->p->rules[i];
                uint32_t ret = rule_ret(rule);
                for (size_t j = 0; j < rule->n_names; j++)
                        add_rule_name(c, rule, j, ret, multiplexing);
        }
        return c->error;
}
