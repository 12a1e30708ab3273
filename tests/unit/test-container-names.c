/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How watch names its profiles (src/lib/record/container-names.c): the
 * container ID in a cgroup path, and a workload's comm made a file name
 * that stays in the output directory.
 */
#include "container-names.h"
#include "test.h"

#define ID_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static void test_container_id(void)
{
        static const struct {
                const char *in, *want; /* want NULL: none */
        } cases[] = {
                { "0::/" ID_A "\n", ID_A },
                { "0::/system.slice/docker-" ID_A ".scope\n", ID_A },
                { "0::/kubepods/cri-containerd-" ID_A ".scope", ID_A },
                /* The last one wins (a container's cgroup below a pod's). */
                { "/kubepods/pod" ID_A "/crio-" ID_B ".scope", ID_B },
                /* Exactly 64: a 65-digit run is not an ID, nor a 63. */
                { "0::/" ID_A "0", NULL },
                { "0::/" ID_A "/x" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", ID_A },
                /* Upper case is not how runtimes write them. */
                { "0::/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", NULL },
                { "", NULL },
                { "0::/user.slice", NULL },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char id[65] = "unchanged";
                bool found = sc_find_container_id(cases[i].in, id);
                EXPECT_TRUE(found == (cases[i].want != NULL), "case %zu: found %d", i, found);
                if (found && cases[i].want)
                        EXPECT_TRUE(streq(id, cases[i].want), "case %zu: %s", i, id);
        }
}

static void test_safe_file_name(void)
{
        static const struct {
                const char *in, *want;
        } cases[] = {
                { "http-echo", "http-echo" },
                { "", "unknown" },
                { "..", "_." },
                { ".hidden", "_hidden" },
                { "../../etc/passwd", "_._.._etc_passwd" },
                { "a b\tc\n", "a_b_c_" },
                { "\x1b[31mred", "__31mred" },
                { "runc:[2:INIT]", "runc__2_INIT_" },
                { "caf\xc3\xa9", "caf__" },
                { "v1.2_x-y", "v1.2_x-y" },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char *got = sc_safe_file_name(cases[i].in);
                EXPECT_TRUE(streq(got, cases[i].want), "case %zu: got %s, want %s", i, got,
                            cases[i].want);
                free(got);
        }
}

int main(void)
{
        RUN(test_container_id);
        RUN(test_safe_file_name);
        return test_exit();
}
