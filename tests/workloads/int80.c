/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload: a 64-bit program that also makes an i386 syscall through
 * int $0x80 (i386 getppid, number 64).  The kernel hands the filter
 * AUDIT_ARCH_I386 for that call, so a recorder must take the arch from the
 * seccomp data, not from the binary. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
#if defined(__x86_64__)
        long ret;
        __asm__ volatile("int $0x80" : "=a"(ret) : "a"(64L) : "memory");
        printf("int80 %s\n", ret == (long)getppid() ? "ok" : "mismatch");
        return ret == (long)getppid() ? 0 : 1;
#else
        printf("int80 not x86_64\n");
        return 0;
#endif
}
