/* SPDX-License-Identifier: Apache-2.0 */
#include "test.h"

#include <errno.h>

#include "profile.h"

int test_failures, test_cases, test_case_failed;

int test_exit(void)
{
        printf("# %d cases, %d failed\n", test_cases, test_failures);
        return test_failures ? 1 : 0;
}

void test_skip(const char *why)
{
        fprintf(stderr, "SKIP: %s\n", why);
        exit(77);
}

char *test_read_file(const char *path, size_t *ret_len)
{
        FILE *f = fopen(path, "re");
        if (!f) {
                fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
                abort();
        }
        size_t alloc = 4096, len = 0;
        char *buf = malloc(alloc);
        size_t k;
        while (buf && (k = fread(buf + len, 1, alloc - len - 1, f)) > 0) {
                len += k;
                if (alloc - len < 2)
                        buf = realloc(buf, alloc *= 2);
        }
        fclose(f);
        if (!buf)
                abort();
        buf[len] = 0;
        if (ret_len)
                *ret_len = len;
        return buf;
}

const char *test_fixture_dir(void)
{
        const char *s = getenv("FIXTURES");
        return s && *s ? s : "tests/fixtures";
}

char *test_fixture_path(const char *rel)
{
        const char *dir = test_fixture_dir();
        size_t n = strlen(dir) + strlen(rel) + 2;
        char *p = malloc(n);
        if (!p)
                abort();
        snprintf(p, n, "%s/%s", dir, rel);
        return p;
}

struct sc_profile *test_parse_profile(const char *json)
{
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { 0 };
        int r = sc_profile_parse(json, strlen(json), "test.json", DOC_JSON, &d, &set);
        sc_diags_clear(&d);
        if (r < 0 || set.n != 1) {
                fprintf(stderr, "cannot parse: %s\n", json);
                abort();
        }
        struct sc_profile *p = set.profiles[0];
        set.profiles[0] = NULL;
        sc_profile_set_clear(&set);
        return p;
}
