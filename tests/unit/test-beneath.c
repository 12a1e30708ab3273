/* SPDX-License-Identifier: Apache-2.0 */
/* The walk below a root (fileio.h: open_dir_beneath, open_parent_beneath,
 * write_file_beneath, write_file_at, read_file_at) in a fresh temporary
 * directory, and the component splitter it uses (util.h). */
#include "fileio.h"
#include "test.h"

#include <fcntl.h>
#include <sys/stat.h>

/* path_next_component: each path and the components it splits into,
 * '|'-separated; path_component_is_dot on each. */
static const struct {
        const char *path, *parts, *dots;
} split_cases[] = {
        { "", "", "" },
        { "/", "", "" },
        { "a", "a", "-" },
        { "a/b", "a|b", "-|-" },
        { "a//b/", "a|b", "-|-" },
        { "/abs/x", "abs|x", "-|-" },
        { "./..", ".|..", "d|d" },
        { "...", "...", "-" },
        { ".a/..b/a..", ".a|..b|a..", "-|-|-" },
};

static void test_split(void)
{
        for (size_t i = 0; i < ELEMENTSOF(split_cases); i++) {
                struct strbuf parts = {}, dots = {};
                size_t pos = 0, start, n;
                while (path_next_component(split_cases[i].path, &pos, &start, &n)) {
                        if (parts.len)
                                strbuf_putc(&parts, '|'), strbuf_putc(&dots, '|');
                        strbuf_append(&parts, split_cases[i].path + start, n);
                        strbuf_putc(&dots, path_component_is_dot(split_cases[i].path + start,
                                                                 n) ? 'd' : '-');
                }
                /* at the end, it stays at the end */
                EXPECT_TRUE(!path_next_component(split_cases[i].path, &pos, &start, &n),
                            "%s: more after the end", split_cases[i].path);
                _cleanup_free_ char *p = strbuf_steal(&parts), *d = strbuf_steal(&dots);
                EXPECT_TRUE(streq(p, split_cases[i].parts), "%s: %s, expected %s",
                            split_cases[i].path, p, split_cases[i].parts);
                EXPECT_TRUE(streq(d, split_cases[i].dots), "%s: %s, expected %s",
                            split_cases[i].path, d, split_cases[i].dots);
        }
}

static char root[] = "/tmp/sc-test-beneath-XXXXXX";
static char outside[] = "/tmp/sc-test-beneath-out-XXXXXX";

static bool lexists(const char *rel)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", root, rel);
        struct stat st;
        return lstat(p, &st) == 0;
}

/* Set up inside root: "dir" a directory, "file" a regular file, "out" a
 * symlink to the outside directory, "dir/in" a symlink to "..", "loop"
 * a symlink to itself, "gone" a dangling one. */
static const struct {
        const char *rel;
        bool create;
        int ret;
        size_t err_at;      /* when ret < 0 */
        const char *made;   /* then exists in root, or NULL */
} walk_cases[] = {
        { "", false, 0, 0, NULL },
        { "dir", false, 0, 0, NULL },
        { "new/a/b", true, 0, 0, "new/a/b" },
        { "new//a/", false, 0, 0, NULL },
        { "missing/x", false, -ENOENT, 7, NULL },
        { "out", false, -ELOOP, 3, NULL },
        { "out/x", true, -ELOOP, 3, NULL },
        { "dir/in/dir", false, -ELOOP, 6, NULL },
        { "loop/x", true, -ELOOP, 4, NULL },
        { "gone", true, -ELOOP, 4, NULL },
        { "file/x", true, -ENOTDIR, 4, NULL },
        { "dir/../dir", false, -EINVAL, 6, NULL },
        { "./dir", false, -EINVAL, 1, NULL },
        { "/etc", false, -EINVAL, 0, NULL },
};

static void test_walk(void)
{
        for (size_t i = 0; i < ELEMENTSOF(walk_cases); i++) {
                _cleanup_close_ int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                ASSERT_TRUE(rfd >= 0);
                int fd = -1;
                size_t at = 999;
                int r = open_dir_beneath(rfd, walk_cases[i].rel, walk_cases[i].create, 0755,
                                         &fd, &at);
                EXPECT_TRUE(r == walk_cases[i].ret, "%s: %d, expected %d", walk_cases[i].rel,
                            r, walk_cases[i].ret);
                EXPECT_TRUE(r >= 0 || at == walk_cases[i].err_at, "%s: err_at %zu, expected %zu",
                            walk_cases[i].rel, at, walk_cases[i].err_at);
                EXPECT_TRUE(r < 0 || fd >= 0, "%s: no fd", walk_cases[i].rel);
                EXPECT_TRUE(!walk_cases[i].made || lexists(walk_cases[i].made), "%s: %s not made",
                            walk_cases[i].rel, walk_cases[i].made);
                if (fd >= 0)
                        close(fd);
        }
        /* Nothing was made through "out" or the dangling link. */
        _cleanup_free_ char *x = xasprintf("%s/x", outside);
        ASSERT_TRUE(access(x, F_OK) < 0);
        ASSERT_TRUE(!lexists("nowhere"));
}

static void test_write_read(void)
{
        _cleanup_close_ int rfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        ASSERT_TRUE(rfd >= 0);
        size_t at = 0;
        /* A symlink at the name is replaced, its target untouched. */
        _cleanup_free_ char *victim = xasprintf("%s/victim", outside);
        _cleanup_free_ char *link = xasprintf("%s/dir/p.json", root);
        ASSERT_EQ(write_file_atomic(victim, "old", 3, 0644), 0);
        ASSERT_EQ(symlink(victim, link), 0);
        ASSERT_EQ(write_file_beneath(rfd, "dir/p.json", "new", 3, 0640, &at), 0);
        struct stat st;
        ASSERT_EQ(lstat(link, &st), 0);
        ASSERT_TRUE(S_ISREG(st.st_mode));
        ASSERT_EQ(st.st_mode & 07777, 0640);
        _cleanup_free_ char *buf = NULL, *old = NULL;
        ASSERT_EQ(read_file_bounded(victim, 16, &old, NULL), 0);
        ASSERT_STREQ(old, "old");
        /* read_file_at reads a regular file and refuses a symlink. */
        _cleanup_close_ int dfd = -1;
        const char *name = NULL;
        ASSERT_EQ(open_parent_beneath(rfd, "dir/p.json", false, &dfd, &name, &at), 0);
        ASSERT_STREQ(name, "p.json");
        size_t len = 0;
        ASSERT_EQ(read_file_at(dfd, name, 16, &buf, &len), 0);
        ASSERT_STREQ(buf, "new");
        ASSERT_EQ(symlinkat(victim, dfd, "l"), 0);
        _cleanup_free_ char *none = NULL;
        ASSERT_EQ(read_file_at(dfd, "l", 16, &none, NULL), -ELOOP);
        /* The directories are made on the way; refusals name the component. */
        ASSERT_EQ(write_file_beneath(rfd, "made/q/r.json", "x", 1, 0644, &at), 0);
        ASSERT_TRUE(lexists("made/q/r.json"));
        ASSERT_EQ(write_file_beneath(rfd, "out/r.json", "x", 1, 0644, &at), -ELOOP);
        ASSERT_EQ(at, 3);
        ASSERT_EQ(write_file_beneath(rfd, "dir/..", "x", 1, 0644, &at), -EINVAL);
        ASSERT_EQ(at, 6);
        ASSERT_EQ(write_file_beneath(rfd, "dir/", "x", 1, 0644, &at), -EINVAL);
        ASSERT_EQ(write_file_at(dfd, "a/b", "x", 1, 0644), -EINVAL);
        ASSERT_EQ(write_file_at(dfd, "..", "x", 1, 0644), -EINVAL);
        /* A directory at the name is not renamed over. */
        ASSERT_EQ(write_file_beneath(rfd, "dir", "x", 1, 0644, &at), -EISDIR);
        /* No temporary file is left anywhere. */
        _cleanup_free_ char *cmd = xasprintf("test -z \"$(find '%s' '%s' -name '.seccompctl.tmp.*')\"",
                                             root, outside);
        ASSERT_EQ(system(cmd), 0);
}

static void setup(void)
{
        ASSERT_TRUE(mkdtemp(root) != NULL);
        ASSERT_TRUE(mkdtemp(outside) != NULL);
        _cleanup_free_ char *dir = xasprintf("%s/dir", root);
        _cleanup_free_ char *file = xasprintf("%s/file", root);
        _cleanup_free_ char *out = xasprintf("%s/out", root);
        _cleanup_free_ char *in = xasprintf("%s/dir/in", root);
        _cleanup_free_ char *loop = xasprintf("%s/loop", root);
        _cleanup_free_ char *gone = xasprintf("%s/gone", root);
        _cleanup_free_ char *nowhere = xasprintf("%s/nowhere", root);
        ASSERT_EQ(mkdir(dir, 0755), 0);
        ASSERT_EQ(write_file_atomic(file, "f", 1, 0644), 0);
        ASSERT_EQ(symlink(outside, out), 0);
        ASSERT_EQ(symlink("..", in), 0);
        ASSERT_EQ(symlink("loop", loop), 0);
        ASSERT_EQ(symlink(nowhere, gone), 0);
}

static void teardown(void)
{
        _cleanup_free_ char *rm = xasprintf("rm -rf -- '%s' '%s'", root, outside);
        ASSERT_EQ(system(rm), 0);
}

int main(void)
{
        RUN(test_split);
        RUN(setup);
        RUN(test_walk);
        RUN(test_write_read);
        RUN(teardown);
        return test_exit();
}
