/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Replays a fuzz target's corpus without libFuzzer, so every committed
 * input (and every crash reproducer) runs as a regression test in
 * `make check`, under gcc and under the sanitizer build.
 *
 *   fuzz-TARGET DIR|FILE...
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
        FILE *f = fopen(path, "re");
        if (!f) {
                fprintf(stderr, "%s: %s\n", path, strerror(errno));
                return -1;
        }
        size_t alloc = 1 << 16, len = 0, k;
        uint8_t *buf = malloc(alloc);
        while (buf && (k = fread(buf + len, 1, alloc - len, f)) > 0) {
                len += k;
                if (len == alloc)
                        buf = realloc(buf, alloc *= 2);
        }
        fclose(f);
        if (!buf)
                return -1;
        /* Copy to an exact-size buffer so ASan sees reads past the end. */
        uint8_t *exact = malloc(len ? len : 1);
        if (!exact) {
                free(buf);
                return -1;
        }
        memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        return 0;
}

static int cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
        size_t n = 0;
        for (int i = 1; i < argc; i++) {
                struct stat st;
                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        return 1;
                }
                if (!S_ISDIR(st.st_mode)) {
                        if (run_file(argv[i]) < 0)
                                return 1;
                        n++;
                        continue;
                }
                struct dirent **ents;
                int k = scandir(argv[i], &ents, NULL, NULL);
                if (k < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
                        return 1;
                }
                char **names = calloc((size_t)k + 1, sizeof(char *));
                size_t m = 0;
                for (int j = 0; j < k; j++) {
                        if (ents[j]->d_name[0] != '.' && names)
                                names[m++] = strdup(ents[j]->d_name);
                        free(ents[j]);
                }
                free(ents);
                if (!names)
                        return 1;
                qsort(names, m, sizeof(char *), cmp);
                for (size_t j = 0; j < m; j++) {
                        char path[4096];
                        snprintf(path, sizeof path, "%s/%s", argv[i], names[j]);
                        if (run_file(path) < 0)
                                return 1;
                        n++;
                        free(names[j]);
                }
                free(names);
        }
        printf("replayed %zu inputs\n", n);
        if (n == 0) {
                fprintf(stderr, "no corpus inputs found\n");
                return 1;
        }
        return 0;
}
