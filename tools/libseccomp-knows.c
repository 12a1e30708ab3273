/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fourth column of data/syscalls.tsv: does the installed libseccomp
 * (2.5.4 on Debian 12, what runc 1.1.5 and crun 1.8.1 link) know this
 * syscall name on this arch?  Run by tools/gen-syscalls.sh, never by the
 * build:
 *
 *   cc -o lsc-knows tools/libseccomp-knows.c -lseccomp
 *   lsc-knows < ARCH<TAB>NAME<TAB>NR lines > same lines + <TAB>yes|no|-
 *
 * yes  seccomp_syscall_resolve_name_arch() gives a number: a real one, or
 *      one of the socketcall/ipc pseudo numbers (__PNR_socket = -101 ..
 *      __PNR_shmctl = -224 in seccomp-syscalls.h), which libseccomp turns
 *      into socketcall(2)/ipc(2) rules on multiplexing arches;
 * no   __NR_SCMP_ERROR (libseccomp has never heard of the name: runc and
 *      crun skip it with "unknown seccomp syscall"), or a pseudo number
 *      from -10000 down, libseccomp's "no such syscall on this arch"
 *      (map_shadow_stack on x32, although the kernel's table has it);
 * -    libseccomp has no such arch at all (loongarch64, m68k, sh, sheb in
 *      2.5.4): no runtime linking it can load a filter there.
 *
 * Lines starting with '#' are copied unchanged.
 */
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

/* seccomp-syscalls.h numbers the "not on this arch" pseudo syscalls from
 * here down; the socketcall/ipc ones sit above it. */
#define PNR_ABSENT_FROM (-10000)

int main(void)
{
        char line[512];

        while (fgets(line, sizeof line, stdin)) {
                char arch[64], name[128];
                unsigned long nr;

                if (line[0] == '#') {
                        fputs(line, stdout);
                        continue;
                }
                line[strcspn(line, "\n")] = '\0';
                if (sscanf(line, "%63[^\t]\t%127[^\t]\t%lu", arch, name, &nr) != 3) {
                        fprintf(stderr, "libseccomp-knows: malformed line: %s\n", line);
                        return 1;
                }
                uint32_t tok = seccomp_arch_resolve_name(arch);
                const char *v = "-";
                if (tok) {
                        int r = seccomp_syscall_resolve_name_arch(tok, name);
                        v = r != __NR_SCMP_ERROR && r > PNR_ABSENT_FROM ? "yes" : "no";
                }
                printf("%s\t%s\n", line, v);
        }
        return ferror(stdin) || fflush(stdout) != 0;
}
