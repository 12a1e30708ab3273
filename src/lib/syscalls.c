/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Syscall name <-> number lookups over the table generated from
 * data/syscalls.tsv by tools/syscalls-to-c.sh (build/gen/syscalls-table.c).
 *
 * A name is found once, by its id (its place among every arch's names):
 * one probe of a generated hash table, then per arch one array index
 * (sc_gen_local) to the arch's entry, with no string compared again.  Per
 * arch the entries are sorted by name (strcmp order); a second array holds
 * their indices sorted by number, so nr -> name is a bsearch.
 */
#include "syscalls.h"

/* Defined in the generated build/gen/syscalls-table.c, which declares them
 * identically.  Arrays are indexed by enum sc_arch; an arch without a
 * table has a NULL names pointer and a zero count. */
/* Names are offsets into sc_gen_pool, NUL-terminated strings: no pointer
 * tables, so nothing to relocate at start-up. */
extern const char sc_gen_pool[];
extern const uint16_t *const sc_gen_names[_SC_ARCH_MAX];
extern const uint32_t *const sc_gen_nrs[_SC_ARCH_MAX];
extern const uint16_t *const sc_gen_by_nr[_SC_ARCH_MAX];
extern const uint16_t sc_gen_count[_SC_ARCH_MAX];
extern const uint16_t sc_gen_all_names[];
extern const uint32_t sc_gen_all_names_count;
/* One character per name, in name order (tools/syscalls-to-c.sh). */
extern const char *const sc_gen_lsc[_SC_ARCH_MAX];
extern const char sc_gen_all_names_lsc[];
/* Per arch, id -> index in the arch's arrays, NO_LOCAL when it lacks the
 * name; the hash table: id + 1 per bucket, 0 for an empty one. */
extern const uint16_t *const sc_gen_local[_SC_ARCH_MAX];
extern const uint16_t sc_gen_hash[];
extern const uint32_t sc_gen_hash_mask;

#define NO_LOCAL UINT16_MAX

static bool arch_ok(enum sc_arch arch)
{
        return (int)arch >= 0 && arch < _SC_ARCH_MAX && sc_gen_names[arch] &&
               sc_gen_count[arch] > 0;
}

/* The hash tools/syscalls-to-c.sh built sc_gen_hash with (it says why
 * this one). */
static uint32_t name_hash(const char *name)
{
        uint32_t h = 0;
        for (const unsigned char *p = (const unsigned char *)name; *p; p++)
                h = h * 31 + *p;
        return h;
}

int sc_syscall_id(const char *name)
{
        if (!name)
                return -ENOENT;
        /* linear probing: the name is in the first bucket from its hash on
         * that is either empty (not there) or holds it */
        for (uint32_t b = name_hash(name) & sc_gen_hash_mask;;
             b = (b + 1) & sc_gen_hash_mask) {
                uint16_t v = sc_gen_hash[b];
                if (v == 0)
                        return -ENOENT;
                if (strcmp(name, sc_gen_pool + sc_gen_all_names[v - 1]) == 0)
                        return v - 1;
        }
}

const char *sc_syscall_id_name(int id)
{
        if (id < 0 || (uint32_t)id >= sc_gen_all_names_count)
                return NULL;
        return sc_gen_pool + sc_gen_all_names[id];
}

/* The arch's index of the name with this id, or -1. */
static ssize_t local_index(enum sc_arch arch, int id)
{
        if (id < 0 || (uint32_t)id >= sc_gen_all_names_count || !arch_ok(arch))
                return -1;
        uint16_t i = sc_gen_local[arch][id];
        return i == NO_LOCAL ? -1 : i;
}

int sc_syscall_resolve_id(enum sc_arch arch, int id, uint32_t *ret_nr)
{
        ssize_t i = local_index(arch, id);
        if (i < 0)
                return -ENOENT;
        if (ret_nr)
                *ret_nr = sc_gen_nrs[arch][i];
        return 0;
}

int sc_syscall_resolve(enum sc_arch arch, const char *name, uint32_t *ret_nr)
{
        return sc_syscall_resolve_id(arch, sc_syscall_id(name), ret_nr);
}

const char *sc_syscall_name(enum sc_arch arch, uint32_t nr)
{
        if (!arch_ok(arch))
                return NULL;
        const uint16_t *by_nr = sc_gen_by_nr[arch];
        const uint32_t *nrs = sc_gen_nrs[arch];
        size_t lo = 0, hi = sc_gen_count[arch];
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                uint32_t v = nrs[by_nr[mid]];
                if (v == nr)
                        return sc_gen_pool + sc_gen_names[arch][by_nr[mid]];
                if (nr < v)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return NULL;
}

/* The kernel's 32-bit number, or false when nr cannot be one. */
static bool kernel_nr(int64_t nr, uint32_t *ret_nr)
{
        if (nr < INT32_MIN || nr > UINT32_MAX)
                return false;
        *ret_nr = (uint32_t)nr;
        return true;
}

enum sc_arch sc_syscall_arch_audit(uint32_t audit_arch, int64_t nr)
{
        enum sc_arch a = sc_arch_from_audit(audit_arch);
        uint32_t k;

        if (a == SC_ARCH_X86_64 && kernel_nr(nr, &k) &&
            (k & SC_X32_SYSCALL_BIT) && k != UINT32_MAX)
                return SC_ARCH_X32;
        return a;
}

const char *sc_syscall_name_audit(uint32_t audit_arch, int64_t nr)
{
        enum sc_arch a = sc_syscall_arch_audit(audit_arch, nr);
        uint32_t k;

        if (a == SC_ARCH_INVALID || !kernel_nr(nr, &k) ||
            k < sc_arch_info(a)->nr_offset)
                return NULL;
        return sc_syscall_name(a, k - sc_arch_info(a)->nr_offset);
}

bool sc_syscall_known_anywhere(const char *name)
{
        return sc_syscall_id(name) >= 0;
}

char sc_syscall_lsc_answer_id(enum sc_arch arch, int id)
{
        ssize_t i = local_index(arch, id);
        return i < 0 ? 0 : sc_gen_lsc[arch][i];
}

char sc_syscall_lsc_answer(enum sc_arch arch, const char *name)
{
        return sc_syscall_lsc_answer_id(arch, sc_syscall_id(name));
}

char sc_syscall_lsc_answer_anywhere_id(int id)
{
        if (id < 0 || (uint32_t)id >= sc_gen_all_names_count)
                return 0;
        return sc_gen_all_names_lsc[id];
}

char sc_syscall_lsc_answer_anywhere(const char *name)
{
        return sc_syscall_lsc_answer_anywhere_id(sc_syscall_id(name));
}

bool sc_syscall_arch_has_table(enum sc_arch arch)
{
        return arch_ok(arch);
}

size_t sc_syscall_count(enum sc_arch arch)
{
        return arch_ok(arch) ? sc_gen_count[arch] : 0;
}

uint32_t sc_syscall_max_nr(enum sc_arch arch)
{
        if (!arch_ok(arch))
                return 0;
        return sc_gen_nrs[arch][sc_gen_by_nr[arch][sc_gen_count[arch] - 1]];
}

/* In ascending number order. */
bool sc_syscall_next(enum sc_arch arch, size_t *i, const char **ret_name,
                     uint32_t *ret_nr)
{
        if (!i || !arch_ok(arch) || *i >= sc_gen_count[arch])
                return false;
        uint16_t k = sc_gen_by_nr[arch][*i];
        if (ret_name)
                *ret_name = sc_gen_pool + sc_gen_names[arch][k];
        if (ret_nr)
                *ret_nr = sc_gen_nrs[arch][k];
        (*i)++;
        return true;
}

/*
 * Multiplexed calls.  On x86 (i386), s390/s390x, ppc/ppc64/ppc64le and MIPS
 * o32 the socket and SysV IPC calls can also be reached through
 * socketcall(2) and ipc(2), whose first argument picks the call.  These
 * are exactly the libseccomp arches whose table has "socketcall" / "ipc"
 * (m68k and sh have them too; libseccomp 2.5.4 does not know those
 * arches), so a compiler can ask sc_syscall_resolve(arch, "socketcall").  The numbers are the
 * kernel's: SYS_SOCKET.. in linux/net.h, SEMOP.. in linux/ipc.h.
 *
 * How libseccomp 2.5.4 maps them (and so what runc's filters contain):
 * seccomp_syscall_resolve_name_arch() returns a negative pseudo number
 * for these names on the multiplexing arches, __PNR_socket = -101 ...
 * __PNR_sendmmsg = -120 (that is -(100 + call)) and __PNR_semop = -201 ...
 * __PNR_shmctl = -224 (-(200 + call)), even where the kernel also has a
 * direct syscall (i386 socket = 359).  A rule on such a name becomes two:
 * the direct syscall with the rule's argument checks (when the arch has
 * one), and socketcall/ipc with arg0 == call, the rule's own argument
 * checks dropped because the real arguments sit behind a pointer.  Names
 * with no direct syscall on the arch (i386 recv, send, semtimedop) get
 * only the multiplexed rule.  tests/unit/test-syscalls.c checks these
 * numbers against libseccomp.
 */
struct subcall {
        const char *name;
        const char *mux;  /* SOCKETCALL or IPC */
        uint32_t call;
};

static const char SOCKETCALL[] = "socketcall", IPC[] = "ipc";

/* Both multiplexers' calls in one table, sorted by name for one bsearch
 * (a compile asks about every name of the profile). */
static const struct subcall subcalls[] = {
        { "accept", SOCKETCALL, 5 },       { "accept4", SOCKETCALL, 18 },
        { "bind", SOCKETCALL, 2 },         { "connect", SOCKETCALL, 3 },
        { "getpeername", SOCKETCALL, 7 },  { "getsockname", SOCKETCALL, 6 },
        { "getsockopt", SOCKETCALL, 15 },  { "listen", SOCKETCALL, 4 },
        { "msgctl", IPC, 14 },             { "msgget", IPC, 13 },
        { "msgrcv", IPC, 12 },             { "msgsnd", IPC, 11 },
        { "recv", SOCKETCALL, 10 },        { "recvfrom", SOCKETCALL, 12 },
        { "recvmmsg", SOCKETCALL, 19 },    { "recvmsg", SOCKETCALL, 17 },
        { "semctl", IPC, 3 },              { "semget", IPC, 2 },
        { "semop", IPC, 1 },               { "semtimedop", IPC, 4 },
        { "send", SOCKETCALL, 9 },         { "sendmmsg", SOCKETCALL, 20 },
        { "sendmsg", SOCKETCALL, 16 },     { "sendto", SOCKETCALL, 11 },
        { "setsockopt", SOCKETCALL, 14 },  { "shmat", IPC, 21 },
        { "shmctl", IPC, 24 },             { "shmdt", IPC, 22 },
        { "shmget", IPC, 23 },             { "shutdown", SOCKETCALL, 13 },
        { "socket", SOCKETCALL, 1 },       { "socketpair", SOCKETCALL, 8 },
};

int sc_syscall_subcall(const char *name, const char **ret_mux,
                       uint32_t *ret_call)
{
        size_t lo = 0, hi = ELEMENTSOF(subcalls);

        if (!name)
                return -ENOENT;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                const char *m = subcalls[mid].name;
                /* most steps differ in the first byte: no strcmp call */
                int c = name[0] != m[0] ? (unsigned char)name[0] -
                                                  (unsigned char)m[0]
                                        : strcmp(name, m);
                if (c == 0) {
                        if (ret_mux)
                                *ret_mux = subcalls[mid].mux;
                        if (ret_call)
                                *ret_call = subcalls[mid].call;
                        return 0;
                }
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return -ENOENT;
}

static int find_subcall(const char *mux, const char *name, uint32_t *ret_call)
{
        const char *m;
        uint32_t call;
        if (sc_syscall_subcall(name, &m, &call) < 0 || m != mux)
                return -ENOENT;
        if (ret_call)
                *ret_call = call;
        return 0;
}

int sc_socketcall_subcall(const char *name, uint32_t *ret_call)
{
        return find_subcall(SOCKETCALL, name, ret_call);
}

int sc_ipc_subcall(const char *name, uint32_t *ret_call)
{
        return find_subcall(IPC, name, ret_call);
}
