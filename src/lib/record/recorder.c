/* SPDX-License-Identifier: Apache-2.0 */
#include "recorder.h"

#include "syscalls.h"

struct tracked {
        char *name;
        uint32_t mask;
};

struct sc_recorder {
        /* Open addressing on (audit_arch, nr): record's tracer calls
         * sc_recorder_add once per stop, so this is a hot path. */
        struct sc_recorder_entry *slots;
        size_t n_slots, n_used;
        size_t n_unnamed, max_unnamed;
        uint64_t total, dropped;
        struct tracked *tracked;
        size_t n_tracked, alloc_tracked;
};

struct sc_recorder *sc_recorder_new(void)
{
        struct sc_recorder *r = xcalloc(1, sizeof *r);
        /* Small to start: logs keeps one recorder per process. */
        r->n_slots = 16;
        r->max_unnamed = SC_RECORDER_MAX_UNNAMED;
        r->slots = xcalloc(r->n_slots, sizeof *r->slots);
        return r;
}

void sc_recorder_free(struct sc_recorder *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n_slots; i++)
                free(r->slots[i].values);
        free(r->slots);
        for (size_t i = 0; i < r->n_tracked; i++)
                free(r->tracked[i].name);
        free(r->tracked);
        free(r);
}

int sc_recorder_track_args(struct sc_recorder *r, const char *name,
                           uint32_t index_mask)
{
        if (index_mask == 0 || index_mask >= (1U << 6))
                return -EINVAL;
        for (size_t i = 0; i < r->n_tracked; i++)
                if (streq(r->tracked[i].name, name)) {
                        r->tracked[i].mask |= index_mask;
                        return 0;
                }
        GROW(r->tracked, r->n_tracked, r->alloc_tracked);
        r->tracked[r->n_tracked++] = (struct tracked){ xstrdup(name),
                                                       index_mask };
        return 0;
}

static uint32_t tracked_mask(const struct sc_recorder *r, const char *name)
{
        if (!name)
                return 0;
        for (size_t i = 0; i < r->n_tracked; i++)
                if (streq(r->tracked[i].name, name))
                        return r->tracked[i].mask;
        return 0;
}

bool sc_recorder_tracks(const struct sc_recorder *r, const char *name)
{
        return tracked_mask(r, name) != 0;
}

int sc_recorder_parse_args_spec(struct sc_recorder *r, const char *spec,
                                const char **ret_bad)
{
        const char *p = spec;

        while (*p) {
                const char *item = p;
                size_t n = strcspn(p, ",:");
                _cleanup_free_ char *name = xstrndup(p, n);
                uint32_t mask = 0;

                p += n;
                while (*p == ':') {
                        p++;
                        if (*p < '0' || *p > '5' ||
                            (p[1] != '\0' && p[1] != ',' && p[1] != ':')) {
                                if (ret_bad)
                                        *ret_bad = item;
                                return -EINVAL;
                        }
                        mask |= 1U << (*p - '0');
                        p++;
                }
                if (*p == ',')
                        p++;
                if (name[0] == '\0' || !sc_syscall_known_anywhere(name)) {
                        if (ret_bad)
                                *ret_bad = item;
                        return name[0] ? -ENOENT : -EINVAL;
                }
                (void)sc_recorder_track_args(r, name, mask ? mask : 1U);
        }
        return 0;
}

enum sc_action sc_action_from_ret(uint32_t ret)
{
        static const struct {
                uint32_t ret;
                enum sc_action action;
        } table[] = {
                { SC_RET_KILL_PROCESS, SC_ACT_KILL_PROCESS },
                { SC_RET_KILL_THREAD, SC_ACT_KILL_THREAD },
                { SC_RET_TRAP, SC_ACT_TRAP },
                { SC_RET_ERRNO, SC_ACT_ERRNO },
                { SC_RET_USER_NOTIF, SC_ACT_NOTIFY },
                { SC_RET_TRACE, SC_ACT_TRACE },
                { SC_RET_LOG, SC_ACT_LOG },
                { SC_RET_ALLOW, SC_ACT_ALLOW },
        };
        uint32_t a = ret & SC_RET_ACTION_FULL;

        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (table[i].ret == a)
                        return table[i].action;
        /* The kernel treats unknown actions as KILL_PROCESS
         * (kernel/seccomp.c, __seccomp_filter's default case). */
        return SC_ACT_KILL_PROCESS;
}

static uint64_t hash_key(uint32_t audit_arch, int64_t nr)
{
        uint64_t h = ((uint64_t)audit_arch << 32) ^ (uint64_t)nr;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
}

static struct sc_recorder_entry *find_slot(struct sc_recorder_entry *slots,
                                           size_t n_slots, uint32_t audit_arch,
                                           int64_t nr)
{
        size_t i = hash_key(audit_arch, nr) & (n_slots - 1);
        while (slots[i].used &&
               (slots[i].audit_arch != audit_arch || slots[i].nr != nr))
                i = (i + 1) & (n_slots - 1);
        return &slots[i];
}

static void grow_table(struct sc_recorder *r)
{
        size_t n = r->n_slots * 2;
        struct sc_recorder_entry *slots = xcalloc(n, sizeof *slots);

        for (size_t i = 0; i < r->n_slots; i++)
                if (r->slots[i].used)
                        *find_slot(slots, n, r->slots[i].audit_arch,
                                   r->slots[i].nr) = r->slots[i];
        free(r->slots);
        r->slots = slots;
        r->n_slots = n;
}

static void add_values(struct sc_recorder_entry *e, const uint64_t *args)
{
        uint64_t v[6] = {};

        if (!args || e->values_overflow)
                return;
        for (unsigned i = 0; i < 6; i++)
                if (e->track_mask & (1U << i))
                        v[i] = args[i];
        for (size_t i = 0; i < e->n_values; i++)
                if (memcmp(e->values[i], v, sizeof v) == 0)
                        return;
        if (e->n_values >= SC_RECORDER_MAX_VALUES) {
                e->values_overflow = true;
                return;
        }
        GROW(e->values, e->n_values, e->alloc_values);
        memcpy(e->values[e->n_values++], v, sizeof v);
}

bool sc_recorder_tracked_next(const struct sc_recorder *r, size_t *i,
                              const char **ret_name, uint32_t *ret_mask)
{
        if (*i >= r->n_tracked)
                return false;
        *ret_name = r->tracked[*i].name;
        *ret_mask = r->tracked[*i].mask;
        (*i)++;
        return true;
}

static void add_common(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       const uint64_t *args, bool args_apart, uint32_t code,
                       uint64_t n);

void sc_recorder_add(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                     const uint64_t *args, uint32_t code)
{
        add_common(r, audit_arch, nr, args, false, code, 1);
}

void sc_recorder_add_n(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       const uint64_t *args, uint32_t code, uint64_t n)
{
        add_common(r, audit_arch, nr, args, false, code, n);
}

void sc_recorder_count(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       uint32_t code, uint64_t n)
{
        add_common(r, audit_arch, nr, NULL, true, code, n);
}

static void add_common(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       const uint64_t *args, bool args_apart, uint32_t code,
                       uint64_t n)
{
        struct sc_recorder_entry *e;

        if ((r->n_used + 1) * 2 > r->n_slots)
                grow_table(r);
        e = find_slot(r->slots, r->n_slots, audit_arch, nr);
        if (!e->used) {
                const char *name = sc_syscall_name_audit(audit_arch, nr);
                if (!name && r->n_unnamed >= r->max_unnamed) {
                        r->dropped++;
                        return;
                }
                *e = (struct sc_recorder_entry){
                        .audit_arch = audit_arch,
                        .nr = nr,
                        .used = true,
                        .name = name,
                        .arch = sc_syscall_arch_audit(audit_arch, nr),
                };
                e->track_mask = tracked_mask(r, e->name);
                r->n_used++;
                r->n_unnamed += !name;
        }
        e->count += n;
        e->actions |= 1U << sc_action_from_ret(code);
        bool seen = false;
        for (size_t i = 0; i < e->n_codes && !seen; i++)
                seen = e->codes[i] == code;
        if (!seen && e->n_codes < SC_RECORDER_MAX_CODES)
                e->codes[e->n_codes++] = code;
        r->total += n;
        if (e->track_mask) {
                if (args)
                        add_values(e, args);
                else if (!args_apart)
                        /* An audit record has no arguments: nothing exact
                         * can be said, so the syscall is allowed outright. */
                        e->values_overflow = true;
        }
}

void sc_recorder_limit_unnamed(struct sc_recorder *r, size_t max)
{
        r->max_unnamed = max;
}

uint64_t sc_recorder_dropped(const struct sc_recorder *r)
{
        return r->dropped;
}

uint64_t sc_recorder_total(const struct sc_recorder *r)
{
        return r->total;
}

size_t sc_recorder_distinct(const struct sc_recorder *r)
{
        return r->n_used;
}

static int entry_cmp(const void *x, const void *y)
{
        const struct sc_recorder_entry *a = *(const struct sc_recorder_entry *const *)x;
        const struct sc_recorder_entry *b = *(const struct sc_recorder_entry *const *)y;
        int c;

        if (a->name && b->name && (c = strcmp(a->name, b->name)) != 0)
                return c;
        if (!a->name != !b->name)
                return a->name ? -1 : 1;
        if (a->audit_arch != b->audit_arch)
                return a->audit_arch < b->audit_arch ? -1 : 1;
        if (a->nr != b->nr)
                return a->nr < b->nr ? -1 : 1;
        return 0;
}

size_t sc_recorder_entries(const struct sc_recorder *r,
                           const struct sc_recorder_entry ***ret)
{
        const struct sc_recorder_entry **v =
                xcalloc(r->n_used ? r->n_used : 1, sizeof *v);
        size_t n = 0;

        for (size_t i = 0; i < r->n_slots; i++)
                if (r->slots[i].used)
                        v[n++] = &r->slots[i];
        qsort(v, n, sizeof *v, entry_cmp);
        *ret = v;
        return n;
}

static bool has_name(char **names, size_t n, const char *name)
{
        /* names is kept sorted: the entries come sorted by name. */
        return n > 0 && streq(names[n - 1], name);
}

static void add_arch(struct sc_profile *p, enum sc_arch a)
{
        for (size_t i = 0; i < p->n_arches; i++)
                if (p->arches[i] == a)
                        return;
        p->arches = xreallocarray(p->arches, p->n_arches + 1,
                                  sizeof *p->arches);
        p->arches[p->n_arches++] = a;
}

static struct sc_rule *new_rule(struct sc_profile *p, size_t *alloc)
{
        struct sc_rule *rule;

        GROW(p->rules, p->n_rules, *alloc);
        rule = &p->rules[p->n_rules];
        *rule = (struct sc_rule){ .action = SC_ACT_ALLOW,
                                  .src_index = p->n_rules };
        p->n_rules++;
        return rule;
}

static void rule_add_name(struct sc_rule *rule, const char *name)
{
        rule->names = xreallocarray(rule->names, rule->n_names + 1,
                                    sizeof *rule->names);
        rule->name_pos = xreallocarray(rule->name_pos, rule->n_names + 1,
                                       sizeof *rule->name_pos);
        rule->names[rule->n_names] = xstrdup(name);
        rule->name_pos[rule->n_names] = (struct sc_pos){};
        rule->n_names++;
}

/* Tuples of one name across arches, deduplicated. */
struct tuples {
        uint64_t (*v)[6];
        size_t n, alloc;
        uint32_t mask;
        bool overflow;
};

static void tuples_add(struct tuples *t, const struct sc_recorder_entry *e)
{
        t->mask |= e->track_mask;
        t->overflow |= e->values_overflow;
        for (size_t i = 0; i < e->n_values; i++) {
                bool dup = false;
                for (size_t j = 0; j < t->n && !dup; j++)
                        dup = memcmp(t->v[j], e->values[i], sizeof t->v[j]) == 0;
                if (!dup) {
                        GROW(t->v, t->n, t->alloc);
                        memcpy(t->v[t->n++], e->values[i], sizeof t->v[0]);
                }
        }
        if (t->n > SC_RECORDER_MAX_VALUES)
                t->overflow = true;
}

static int tuple_cmp(const void *x, const void *y)
{
        const uint64_t *a = x, *b = y;
        for (unsigned i = 0; i < 6; i++)
                if (a[i] != b[i])
                        return a[i] < b[i] ? -1 : 1;
        return 0;
}

static int arch_cmp(const void *x, const void *y)
{
        enum sc_arch a = *(const enum sc_arch *)x, b = *(const enum sc_arch *)y;
        return a < b ? -1 : a > b;
}

struct sc_profile *sc_recorder_profile(const struct sc_recorder *r)
{
        _cleanup_free_ const struct sc_recorder_entry **v = NULL;
        size_t n = sc_recorder_entries(r, &v), alloc_rules = 0;
        struct sc_profile *p = xcalloc(1, sizeof *p);
        struct sc_rule *plain;

        p->json_prefix = xstrdup("$");
        p->default_action = SC_ACT_ERRNO;
        plain = new_rule(p, &alloc_rules);

        for (size_t i = 0; i < n;) {
                const char *name = v[i]->name;
                size_t j = i;

                if (!name) {
                        if (v[i]->arch != SC_ARCH_INVALID)
                                add_arch(p, v[i]->arch);
                        i++;
                        continue;
                }
                struct tuples t = {};
                for (; j < n && v[j]->name && streq(v[j]->name, name); j++) {
                        add_arch(p, v[j]->arch);
                        tuples_add(&t, v[j]);
                }
                i = j;

                if (!t.mask || t.overflow || t.n == 0) {
                        /* plain may have moved: re-fetch it. */
                        plain = &p->rules[0];
                        if (!has_name(plain->names, plain->n_names, name))
                                rule_add_name(plain, name);
                } else {
                        qsort(t.v, t.n, sizeof t.v[0], tuple_cmp);
                        for (size_t k = 0; k < t.n; k++) {
                                struct sc_rule *rule = new_rule(p, &alloc_rules);
                                rule_add_name(rule, name);
                                for (unsigned a = 0; a < 6; a++) {
                                        if (!(t.mask & (1U << a)))
                                                continue;
                                        rule->args = xreallocarray(
                                                rule->args, rule->n_args + 1,
                                                sizeof *rule->args);
                                        rule->args[rule->n_args++] =
                                                (struct sc_arg){
                                                        .index = a,
                                                        .value = t.v[k][a],
                                                        .op = SC_OP_EQ,
                                                };
                                }
                        }
                }
                free(t.v);
        }

        /* Native-first, stable order (enum order puts x86_64 before x86). */
        if (p->n_arches > 1)
                qsort(p->arches, p->n_arches, sizeof *p->arches, arch_cmp);

        /* No plain names at all: drop the empty first rule. */
        if (p->rules[0].n_names == 0) {
                free(p->rules[0].names);
                free(p->rules[0].name_pos);
                memmove(&p->rules[0], &p->rules[1],
                        (p->n_rules - 1) * sizeof *p->rules);
                p->n_rules--;
                for (size_t k = 0; k < p->n_rules; k++)
                        p->rules[k].src_index = k;
        }
        return p;
}
