/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload for `record --args socket`: opens a socket of the family
 * named on the command line (unix, inet, inet6) and reports errno. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        const char *fam = argc > 1 ? argv[1] : "unix";
        int domain = strcmp(fam, "inet") == 0    ? AF_INET
                     : strcmp(fam, "inet6") == 0 ? AF_INET6
                                                 : AF_UNIX;
        int fd = socket(domain, SOCK_DGRAM, 0);
        if (fd < 0) {
                printf("socket(%s): %s\n", fam, strerror(errno));
                return 1;
        }
        close(fd);
        printf("socket(%s) ok\n", fam);
        return 0;
}
