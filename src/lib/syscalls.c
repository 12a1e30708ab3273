/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Syscall name <-> number lookups over the table generated from
 * data/syscalls.tsv by tools/syscalls-to-c.sh (build/gen/syscalls-table.c).
 *
 * Per arch the generated table is sorted by name (strcmp order), so
 * name -> nr is a bsearch; a second array holds the same entries' indices
 * sorted by number, so nr -> name is a bsearch too.
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

static bool arch_ok(enum sc_arch arch)
{
        return (int)arch >= 0 && arch < _SC_ARCH_MAX && sc_gen_names[arch] &&
               sc_gen_count[arch] > 0;
}

/* Index of name in a strcmp-sorted array of pool offsets, or -1. */
static ssize_t find_name(const uint16_t *names, size_t n, const char *name)
{
        size_t lo = 0, hi = n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(name, sc_gen_pool + names[mid]);
                if (c == 0)
                        return (ssize_t)mid;
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return -1;
}

int sc_syscall_resolve(enum sc_arch arch, const char *name, uint32_t *ret_nr)
{
        if (!name || !arch_ok(arch))
                return -ENOENT;
        ssize_t i = find_name(sc_gen_names[arch], sc_gen_count[arch], name);
        if (i < 0)
                return -ENOENT;
        if (ret_nr)
                *ret_nr = sc_gen_nrs[arch][i];
        return 0;
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
        return name && find_name(sc_gen_all_names, sc_gen_all_names_count,
                                 name) >= 0;
}

char sc_syscall_lsc_answer(enum sc_arch arch, const char *name)
{
        if (!name || !arch_ok(arch))
                return 0;
        ssize_t i = find_name(sc_gen_names[arch], sc_gen_count[arch], name);
        return i < 0 ? 0 : sc_gen_lsc[arch][i];
}

char sc_syscall_lsc_answer_anywhere(const char *name)
{
        if (!name)
                return 0;
        ssize_t i = find_name(sc_gen_all_names, sc_gen_all_names_count, name);
        return i < 0 ? 0 : sc_gen_all_names_lsc[i];
}

bool sc_syscall_arch_has_table(enum sc_arch arch)
{
        return arch_ok(arch);
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
        uint32_t call;
};

/* Sorted by name for bsearch. */
static const struct subcall socketcalls[] = {
        { "accept", 5 },       { "accept4", 18 },     { "bind", 2 },
        { "connect", 3 },      { "getpeername", 7 },  { "getsockname", 6 },
        { "getsockopt", 15 },  { "listen", 4 },       { "recv", 10 },
        { "recvfrom", 12 },    { "recvmmsg", 19 },    { "recvmsg", 17 },
        { "send", 9 },         { "sendmmsg", 20 },    { "sendmsg", 16 },
        { "sendto", 11 },      { "setsockopt", 14 },  { "shutdown", 13 },
        { "socket", 1 },       { "socketpair", 8 },
};

static const struct subcall ipccalls[] = {
        { "msgctl", 14 }, { "msgget", 13 },     { "msgrcv", 12 },
        { "msgsnd", 11 }, { "semctl", 3 },      { "semget", 2 },
        { "semop", 1 },   { "semtimedop", 4 },  { "shmat", 21 },
        { "shmctl", 24 }, { "shmdt", 22 },      { "shmget", 23 },
};

static int subcall_cmp(const void *key, const void *elem)
{
        return strcmp(key, ((const struct subcall *)elem)->name);
}

static int find_subcall(const struct subcall *table, size_t n,
                        const char *name, uint32_t *ret_call)
{
        if (!name)
                return -ENOENT;
        const struct subcall *s =
                bsearch(name, table, n, sizeof(*table), subcall_cmp);
        if (!s)
                return -ENOENT;
        if (ret_call)
                *ret_call = s->call;
        return 0;
}

int sc_socketcall_subcall(const char *name, uint32_t *ret_call)
{
        return find_subcall(socketcalls, ELEMENTSOF(socketcalls), name,
                            ret_call);
}

int sc_ipc_subcall(const char *name, uint32_t *ret_call)
{
        return find_subcall(ipccalls, ELEMENTSOF(ipccalls), name, ret_call);
}
