/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload: renames itself N times (prctl(PR_SET_NAME)) and makes one
 * getppid after each rename: N distinct comms for a comm-keyed recorder. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        int n = argc > 1 ? atoi(argv[1]) : 1100;
        char name[32];

        for (int i = 0; i < n; i++) {
                snprintf(name, sizeof name, "rf%05d", i % 100000);
                if (prctl(PR_SET_NAME, name) < 0)
                        return 1;
                (void)getppid();
        }
        return 0;
}
