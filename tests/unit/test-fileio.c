/* SPDX-License-Identifier: Apache-2.0 */
/* mkdir_p() and mkdir_parents() (fileio.h), in a fresh temporary
 * directory: what each makes, and the errors it returns. */
#include "fileio.h"
#include "test.h"

#include <fcntl.h>
#include <sys/stat.h>

static char root[] = "/tmp/sc-test-fileio-XXXXXX";

static bool is_dir(const char *rel)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", root, rel);
        struct stat st;
        return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *rel)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", root, rel);
        struct stat st;
        return lstat(p, &st) == 0;
}

/* Setup inside root: "file" a regular file, "link" a symlink to "made". */
static const struct {
        bool parents_only; /* mkdir_parents() rather than mkdir_p() */
        const char *path;  /* relative to root */
        int ret;
        const char *dir;    /* then a directory, or NULL */
        const char *absent; /* then absent, or NULL */
} cases[] = {
        { false, "made/a/b", 0, "made/a/b", NULL },
        { false, "made/a/b", 0, "made/a/b", NULL }, /* again: all exist */
        { false, "made/c/", 0, "made/c", NULL },
        { false, "link/d", 0, "made/d", NULL }, /* as mkdir -p: followed */
        { true, "p/q/name.json", 0, "p/q", "p/q/name.json" },
        { true, "top.json", 0, NULL, "top.json" },
        { false, "file", -ENOTDIR, NULL, NULL },
        { false, "file/x", -ENOTDIR, NULL, "file/x" },
        { true, "file/x/y", -ENOTDIR, NULL, "file/x" },
};

static void test_mkdir_p(void)
{
        ASSERT_TRUE(mkdtemp(root) != NULL);
        _cleanup_free_ char *made = xasprintf("%s/made", root);
        _cleanup_free_ char *link = xasprintf("%s/link", root);
        _cleanup_free_ char *file = xasprintf("%s/file", root);
        ASSERT_EQ(mkdir(made, 0755), 0);
        ASSERT_EQ(symlink("made", link), 0);
        _cleanup_close_ int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        ASSERT_TRUE(fd >= 0);

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *p = xasprintf("%s/%s", root, cases[i].path);
                int r = cases[i].parents_only ? mkdir_parents(p, 0755)
                                              : mkdir_p(p, 0755);
                EXPECT_TRUE(r == cases[i].ret, "%s: %d, expected %d",
                            cases[i].path, r, cases[i].ret);
                EXPECT_TRUE(!cases[i].dir || is_dir(cases[i].dir),
                            "%s: %s is no directory", cases[i].path,
                            cases[i].dir);
                EXPECT_TRUE(!cases[i].absent || !exists(cases[i].absent),
                            "%s: %s was made", cases[i].path,
                            cases[i].absent);
        }
        /* The mode is mkdir's: umask applies, nothing is widened. */
        _cleanup_free_ char *m = xasprintf("%s/mode", root);
        mode_t old = umask(022);
        ASSERT_EQ(mkdir_p(m, 0700), 0);
        umask(old);
        struct stat st;
        ASSERT_EQ(stat(m, &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0700);
        /* Nothing to make. */
        ASSERT_EQ(mkdir_parents("", 0755), 0);
        ASSERT_EQ(mkdir_p("", 0755), -ENOENT);

        _cleanup_free_ char *rm = xasprintf("rm -rf -- '%s'", root);
        ASSERT_EQ(system(rm), 0);
}

int main(void)
{
        RUN(test_mkdir_p);
        return test_exit();
}
