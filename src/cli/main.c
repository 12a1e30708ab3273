/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl: the verb table and dispatch (as in crun's src/crun.c). */
#include <getopt.h>

#include "cli.h"
#include "verbs.h"

const char *program_name = "seccompctl";

static const struct verb verbs[] = {
        /* Profiles */
        { "check", verb_check, "validate profiles (OCI, Docker, config.json, SPO)" },
        { "show", verb_show, "print the resolved, normalised OCI profile" },
        { "diff", verb_diff, "what one profile lets through that another does not" },
        { "merge", verb_merge, "the union of what several profiles allow" },
        /* Filters */
        { "compile", verb_compile, "compile a profile to the BPF program a runtime loads" },
        { "sim", verb_sim, "what a compiled filter answers to a syscall" },
        { "disasm", verb_disasm, "disassemble a compiled profile or a .bpf file" },
        { "stats", verb_stats, "program size, instructions per syscall, kernel cache hits" },
        /* Enforcement */
        { "run", verb_run, "run a command under a seccomp profile, explain denials" },
        { "default", verb_default, "print the built-in RuntimeDefault profile" },
        { "notify-listen", verb_notify_listen, "answer SCMP_ACT_NOTIFY notifications (agent)" },
        /* Recording */
        { "record", verb_record, "run a command (eBPF, or ptrace) and write the profile it needs" },
        { "logs", verb_logs, "turn seccomp audit log lines into a summary and a profile" },
        { "watch", verb_watch, "record a profile per container (eBPF, or audit records)" },
        { "hook", verb_hook, "OCI hook: record a container named in its annotation (eBPF)" },
        /* Kubernetes */
        { "resolve", verb_resolve, "the profile each container of a Pod/workload gets (kubelet rules)" },
        { "psa", verb_psa, "Pod Security Admission's seccomp checks (baseline, restricted)" },
        { "install", verb_install, "validate and atomically place profiles under the kubelet root" },
        { "export", verb_export, "a profile as an SPO SeccompProfile, securityContext or ConfigMap" },
        /* The kernel's view */
        { "inspect", verb_inspect, "what the kernel enforces on a process or container" },
        { "decompile", verb_decompile, "BPF programs back to the OCI profile they enforce" },
};

static void usage(FILE *f)
{
        fprintf(f,
                "Usage: %s [--version] [--help] COMMAND [ARGS...]\n\n"
                "Make Linux seccomp practical for containers and Kubernetes.\n\n"
                "Commands:\n",
                program_name);
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                fprintf(f, "  %-14s %s\n", verbs[i].name, verbs[i].summary);
        fprintf(f, "\nRun '%s COMMAND --help' for a command's options.\n"
                   "See seccompctl(1).\n",
                program_name);
        if (f != stdout)
                return; /* a usage error: the short form */
        printf("\n" CLI_RUNTIMES_HELP);
        printf("\nExit status (each command's --help says which it uses):\n");
        cli_print_exit_statuses(f);
}

int main(int argc, char **argv)
{
        if (argc < 2) {
                usage(stderr);
                return EXIT_USAGE;
        }
        if (streq(argv[1], "--help") || streq(argv[1], "-h") ||
            streq(argv[1], "help")) {
                usage(stdout);
                return 0;
        }
        if (streq(argv[1], "--version")) {
                printf("seccompctl %s\n", SECCOMPCTL_VERSION);
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(argv[1], verbs[i].name))
                        return verbs[i].run(argc - 1, argv + 1);
        fprintf(stderr, "%s: unknown command '%s'\n", program_name, argv[1]);
        usage(stderr);
        return EXIT_USAGE;
}
