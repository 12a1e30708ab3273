/* SPDX-License-Identifier: Apache-2.0 */
/*
 * From observed syscalls to a profile.  `logs` feeds it audit records,
 * `watch` feeds it netlink records, `record` feeds it ptrace stops; all
 * three get the same allow-list profile out.  Pure: no I/O.
 */
#ifndef SC_RECORDER_H
#define SC_RECORDER_H

#include "profile.h"

/* More distinct argument tuples than this for one syscall and the
 * recorder gives up on exact conditions for it (allows it outright and
 * says so), rather than emitting thousands of rules. */
#define SC_RECORDER_MAX_VALUES 64U
#define SC_RECORDER_MAX_CODES 8U
/* Entries for numbers without a name (an unknown arch, a number past the
 * table) a recorder keeps by default.  Named entries are bounded by the
 * syscall tables; unnamed ones by nothing but this: a process can make
 * the kernel report any 32-bit number. */
#define SC_RECORDER_MAX_UNNAMED 1024U

struct sc_recorder_entry {
        uint32_t audit_arch;  /* as seen */
        int64_t nr;           /* as seen (x32 bit, MIPS base included) */
        enum sc_arch arch;    /* SC_ARCH_INVALID when the audit arch is unknown */
        const char *name;     /* NULL when the number has no name */
        uint64_t count;
        uint32_t actions;     /* bit (1 << enum sc_action) per action seen */
        /* The distinct return values seen (action | errno), in order of
         * appearance, at most SC_RECORDER_MAX_CODES of them. */
        uint32_t codes[SC_RECORDER_MAX_CODES];
        size_t n_codes;
        /* --args: distinct values of the tracked argument indexes (the
         * others are stored as 0). */
        uint64_t (*values)[6];
        size_t n_values, alloc_values;
        uint32_t track_mask;  /* argument indexes recorded */
        bool values_overflow;
        bool used;
};

struct sc_recorder;

struct sc_recorder *sc_recorder_new(void);
void sc_recorder_free(struct sc_recorder *r);
static inline void sc_recorder_freep(struct sc_recorder **r)
{
        sc_recorder_free(*r);
        *r = NULL;
}

/* Record argument values for a syscall name: index_mask has bit i set for
 * argument i.  -EINVAL for an empty mask or one above bit 5. */
int sc_recorder_track_args(struct sc_recorder *r, const char *name,
                           uint32_t index_mask);
/* The --args syntax: "NAME[:I[:I...]][,NAME...]", e.g.
 * "personality,socket:0:1,clone".  No index means argument 0.  Unknown
 * syscall names are -ENOENT (ret_bad points at the offending item). */
int sc_recorder_parse_args_spec(struct sc_recorder *r, const char *spec,
                                const char **ret_bad);
/* Is any argument of this name tracked? */
bool sc_recorder_tracks(const struct sc_recorder *r, const char *name);

/* One observed syscall.  args may be NULL (audit records carry none).
 * code is the filter's return value (SECCOMP_RET_*), which gives the
 * action reported in summaries. */
void sc_recorder_add(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                     const uint64_t *args, uint32_t code);
/* The same, for n calls seen at once with the same arguments.  n may be
 * 0: one more argument tuple of a call counted with sc_recorder_count. */
void sc_recorder_add_n(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       const uint64_t *args, uint32_t code, uint64_t n);
/* n calls whose argument tuples are handed over separately (the eBPF
 * recorder counts in the kernel and keeps the distinct tuples apart):
 * unlike sc_recorder_add with NULL args, this does not give up on exact
 * conditions for a tracked syscall. */
void sc_recorder_count(struct sc_recorder *r, uint32_t audit_arch, int64_t nr,
                       uint32_t code, uint64_t n);
/* Iterate over the --args selection: *i starts at 0; false at the end. */
bool sc_recorder_tracked_next(const struct sc_recorder *r, size_t *i,
                              const char **ret_name, uint32_t *ret_mask);

/* Keep at most max entries for unnamed numbers (default
 * SC_RECORDER_MAX_UNNAMED); events for further unnamed numbers are counted
 * in sc_recorder_dropped() and otherwise forgotten. */
void sc_recorder_limit_unnamed(struct sc_recorder *r, size_t max);
uint64_t sc_recorder_dropped(const struct sc_recorder *r);

/* Number of events seen in total, and of distinct (arch, nr). */
uint64_t sc_recorder_total(const struct sc_recorder *r);
size_t sc_recorder_distinct(const struct sc_recorder *r);
/* Entries, sorted by name (unnamed ones last, by arch and number).  The
 * array is the caller's to free; the entries stay owned by r. */
size_t sc_recorder_entries(const struct sc_recorder *r,
                           const struct sc_recorder_entry ***ret);

/* The enum sc_action of a SECCOMP_RET_* value. */
enum sc_action sc_action_from_ret(uint32_t ret);

/* The allow-list profile: defaultAction SCMP_ACT_ERRNO, the seen arches,
 * one ALLOW rule with every plain name, and one ALLOW rule per distinct
 * argument tuple of each tracked syscall.  Unnamed numbers cannot be
 * written in OCI and are left out (sc_recorder_entries shows them). */
struct sc_profile *sc_recorder_profile(const struct sc_recorder *r);

#endif
