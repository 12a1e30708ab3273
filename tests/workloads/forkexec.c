/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload: fork, vfork (posix_spawn) and exec.  The grandchild runs
 * this program again with "child", which makes syscalls only it makes. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
        int st;

        if (argc > 1 && strcmp(argv[1], "child") == 0) {
                struct utsname u;
                /* Only the exec'd child calls uname and getppid. */
                return uname(&u) < 0 || getppid() < 0;
        }
        pid_t p = fork();
        if (p < 0)
                return 2;
        if (p == 0) {
                execl("/proc/self/exe", argv[0], "child", (char *)NULL);
                _exit(127);
        }
        if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
                return 3;
        /* posix_spawn uses clone(CLONE_VFORK) in glibc. */
        char *args[] = { argv[0], "child", NULL };
        if (posix_spawn(&p, "/proc/self/exe", NULL, NULL, args, environ) != 0)
                return 4;
        if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st))
                return 5;
        printf("forkexec ok\n");
        return 0;
}
