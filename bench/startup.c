/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whole-process start-up: `seccompctl compile PROFILE -o /dev/null`
 * against bench/scmp-compile (json-c + libseccomp 2.5.4 doing the same
 * JSON-to-BPF job the way runc drives libseccomp), each run as a fresh
 * process, round-robin so that load from elsewhere hits both alike.
 * Prints the median wall time, CPU time (user + system) and minor page
 * faults (both from wait4's rusage) of each, and ours as a fraction of the
 * reference's.  Page faults are where much of a short process's time goes
 * on a VM (a fresh page costs ~10-20 us here) and, unlike the times, they
 * do not move with the load from elsewhere.  `seccompctl
 * --version` is timed too: the floor (exec, dynamic linking) that no
 * change to compile can go below.  When $BUILD/seccompctl-static exists
 * (`make static`: glibc, json-c and libyaml linked in, as in the node
 * image) it is timed as well: the same program without a dynamic loader.
 * Not a timed test: a benchmark.
 *
 *   bench/startup [-n RUNS] [SECCOMPCTL REF PROFILE]
 *
 * Defaults: $BUILD/seccompctl, $BUILD/bench/scmp-compile and
 * $FIXTURES/runtime-default/moby-default.json (BUILD=build,
 * FIXTURES=tests/fixtures).
 */
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench-util.h"

extern char **environ;

struct run_case {
        const char *label;
        const char *argv[8];
        double *wall, *cpu, *faults;
};

/* One run of c with stdout and stderr on /dev/null (seccompctl's warning
 * line would otherwise cost a write to a terminal).  Exits on failure: a
 * run that did not do the job must not be timed. */
static void run_once(struct run_case *c, size_t i)
{
        posix_spawn_file_actions_t fa;
        struct rusage ru;
        pid_t pid;
        int status;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        double t0 = bench_now_us();
        int r = posix_spawn(&pid, c->argv[0], &fa, NULL, (char *const *)c->argv, environ);
        if (r != 0 || wait4(pid, &status, 0, &ru) != pid) {
                fprintf(stderr, "startup: cannot run %s: %s\n", c->argv[0], strerror(r ? r : errno));
                exit(1);
        }
        c->wall[i] = bench_now_us() - t0;
        posix_spawn_file_actions_destroy(&fa);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "startup: %s failed (status %#x)\n", c->label, status);
                exit(1);
        }
        c->cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
                    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
        c->faults[i] = (double)ru.ru_minflt;
}

int main(int argc, char **argv)
{
        const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
        const char *fixtures = getenv("FIXTURES") ? getenv("FIXTURES") : "tests/fixtures";
        size_t runs = 200;
        int c;

        while ((c = getopt(argc, argv, "n:")) >= 0) {
                if (c != 'n' || (runs = strtoul(optarg, NULL, 10)) < 1) {
                        fprintf(stderr, "usage: startup [-n RUNS] [SECCOMPCTL REF PROFILE]\n");
                        return 2;
                }
        }
        if (optind != argc && optind + 3 != argc) {
                fprintf(stderr, "usage: startup [-n RUNS] [SECCOMPCTL REF PROFILE]\n");
                return 2;
        }
        char *ours = optind < argc ? xstrdup(argv[optind]) : xasprintf("%s/seccompctl", build);
        char *ref = optind < argc ? xstrdup(argv[optind + 1])
                                  : xasprintf("%s/bench/scmp-compile", build);
        char *profile = optind < argc ? xstrdup(argv[optind + 2])
                                      : xasprintf("%s/runtime-default/moby-default.json", fixtures);
        char *stat = xasprintf("%s/seccompctl-static", build);
        struct run_case cases[] = {
                { "seccompctl compile", { ours, "compile", profile, "-o", "/dev/null", NULL } },
                { "json-c + libseccomp", { ref, profile, "/dev/null", NULL } },
                { "seccompctl --version", { ours, "--version", NULL } },
                { "seccompctl-static compile",
                  { stat, "compile", profile, "-o", "/dev/null", NULL } },
        };
        size_t n_cases = ELEMENTSOF(cases) - (access(stat, X_OK) < 0);
        for (size_t k = 0; k < n_cases; k++) {
                cases[k].wall = xcalloc(runs, sizeof(double));
                cases[k].cpu = xcalloc(runs, sizeof(double));
                cases[k].faults = xcalloc(runs, sizeof(double));
                run_once(&cases[k], 0); /* warm the page cache; overwritten */
        }
        for (size_t i = 0; i < runs; i++)
                for (size_t k = 0; k < n_cases; k++) /* alternate who goes first */
                        run_once(&cases[(k + i) % n_cases], i);

        double wall[ELEMENTSOF(cases)], cpu[ELEMENTSOF(cases)];
        printf("whole process, median of %zu runs each, round-robin (%s):\n", runs, profile);
        for (size_t k = 0; k < n_cases; k++) {
                wall[k] = bench_median(cases[k].wall, runs);
                cpu[k] = bench_median(cases[k].cpu, runs);
                printf("  %-26s %8.2f ms wall  %8.2f ms cpu  %5.0f page faults\n",
                       cases[k].label, wall[k] / 1e3, cpu[k] / 1e3,
                       bench_median(cases[k].faults, runs));
        }
        printf("  seccompctl / libseccomp: %.2f wall, %.2f cpu\n", wall[0] / wall[1],
               cpu[0] / cpu[1]);
        if (n_cases > 3)
                printf("  seccompctl-static / libseccomp: %.2f wall, %.2f cpu\n",
                       wall[3] / wall[1], cpu[3] / cpu[1]);
        for (size_t k = 0; k < n_cases; k++) {
                free(cases[k].wall);
                free(cases[k].cpu);
                free(cases[k].faults);
        }
        free(stat);
        free(ours);
        free(ref);
        free(profile);
        return 0;
}
