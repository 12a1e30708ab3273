/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload built with gcc -m32 -static: every syscall reaches the
 * filter as AUDIT_ARCH_I386 with i386 numbers. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
        struct utsname u;
        if (uname(&u) < 0)
                return 1;
        printf("i386 %s ok (%d)\n", u.machine, getpid() > 0);
        return 0;
}
