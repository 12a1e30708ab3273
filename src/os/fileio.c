/* SPDX-License-Identifier: Apache-2.0 */
#include "fileio.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

/* What an fd just opened for reading or writing a file must pass: it is
 * open (fd < 0 means errno says why) and no directory.  ret_st gets its
 * stat. */
static int opened_not_dir(int fd, struct stat *ret_st)
{
        if (fd < 0 || fstat(fd, ret_st) < 0)
                return -errno;
        if (S_ISDIR(ret_st->st_mode))
                return -EISDIR;
        return 0;
}

int read_file_bounded(const char *path, size_t max, char **ret,
                      size_t *ret_len)
{
        _cleanup_close_ int fd = -1;
        bool is_stdin = streq(path, "-");

        if (is_stdin)
                fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
        else {
                /* O_NONBLOCK: opening a FIFO nobody writes to must not hang
                 * (a FIFO planted in the kubelet root, say).  Reads block
                 * again afterwards, so a pipe with a writer (<(...)) is
                 * read to its end, and one without reads as empty. */
                fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
                if (fd >= 0) {
                        int fl = fcntl(fd, F_GETFL);
                        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
                                return -errno;
                }
        }
        struct stat st;
        int r = opened_not_dir(fd, &st);
        if (r < 0)
                return r;
        if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max)
                return -EFBIG;

        _cleanup_free_ char *buf = NULL;
        size_t len = 0, alloc = 0;
        for (;;) {
                if (alloc - len < 2) {
                        alloc = alloc ? alloc * 2 : 16384;
                        buf = xrealloc(buf, alloc);
                }
                ssize_t k = read(fd, buf + len, alloc - len - 1);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (k == 0)
                        break;
                len += (size_t)k;
                if (len > max)
                        return -EFBIG;
        }
        if (!buf)
                buf = xmalloc(1);
        buf[len] = 0;
        *ret = TAKE_PTR(buf);
        if (ret_len)
                *ret_len = len;
        return 0;
}

static int write_all(int fd, const char *p, size_t left)
{
        while (left > 0) {
                ssize_t k = write(fd, p, left);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += k;
                left -= (size_t)k;
        }
        return 0;
}

/* An existing node that is not a regular file (a device, a FIFO, a
 * terminal, /dev/stdout): write into it as '>' would.  Renaming over it
 * would delete the node itself: "compile -o /dev/null" run as root must
 * not leave the system without /dev/null. */
static int write_in_place(const char *path, const void *buf, size_t len)
{
        /* No O_CREAT: the node exists (a dangling symlink is refused, as
         * it could point anywhere).  O_TRUNC truncates a regular file
         * behind /dev/stdout and is ignored by devices and FIFOs. */
        _cleanup_close_ int fd = streq(path, "-")
                                         ? fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
                                         : open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
        struct stat st;
        int r = opened_not_dir(fd, &st);
        if (r < 0)
                return r;
        r = write_all(fd, buf, len);
        if (r < 0)
                return r;
        /* A regular file behind /dev/stdout or a symlink: make it durable
         * like the atomic path does.  Devices and pipes need nothing. */
        if (S_ISREG(st.st_mode) && fsync(fd) < 0 && errno != EINVAL)
                return -errno;
        return 0;
}

/* Symlinks whose target is only meaningful through the link itself
 * (/dev/stdout -> /proc/self/fd/1): resolving them to a path and
 * renaming there would replace a file the shell already opened. */
static bool is_fd_link(const char *path)
{
        char target[PATH_MAX];
        ssize_t k = readlink(path, target, sizeof target - 1);
        if (k > 0)
                target[k] = 0;
        return startswith(path, "/dev/std") || startswith(path, "/dev/fd/") ||
               startswith(path, "/proc/") ||
               (k > 0 && (startswith(target, "/proc/") || startswith(target, "/dev/fd/")));
}

static int write_atomic_at(const char *path, const void *buf, size_t len,
                           mode_t mode)
{
        _cleanup_free_ char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (slash)
                slash[slash == dir ? 1 : 0] = 0;
        /* A fixed, short temporary name: "NAME.tmp.XXXXXX" made a valid
         * 255-byte NAME fail with ENAMETOOLONG.  mkostemp opens with
         * O_EXCL, so it never overwrites anything. */
        _cleanup_free_ char *tmp = xasprintf("%s/.seccompctl.tmp.XXXXXX",
                                             slash ? dir : ".");
        int r;

        _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = write_all(fd, buf, len);
        if (r < 0)
                goto fail;
        if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
                r = -errno;
                goto fail;
        }
        if (rename(tmp, path) < 0) {
                r = -errno;
                goto fail;
        }
        {
                /* Make the rename itself durable. */
                _cleanup_close_ int dfd = open(slash ? dir : ".", O_RDONLY |
                                                                   O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0)
                        (void)fsync(dfd);
        }
        return 0;
fail:
        (void)unlink(tmp);
        return r;
}

int write_file_atomic(const char *path, const void *buf, size_t len,
                      mode_t mode)
{
        struct stat st;

        if (streq(path, "-"))
                return write_in_place(path, buf, len);
        if (lstat(path, &st) < 0) {
                if (errno != ENOENT)
                        return -errno;
                return write_atomic_at(path, buf, len, mode);
        }
        if (S_ISREG(st.st_mode))
                return write_atomic_at(path, buf, len, mode);
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISLNK(st.st_mode))
                return write_in_place(path, buf, len);
        /* A symlink is kept: a regular file behind it is replaced
         * atomically where it really is, anything else written in place. */
        if (stat(path, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode) || is_fd_link(path))
                return write_in_place(path, buf, len);
        _cleanup_free_ char *real = realpath(path, NULL);
        if (!real)
                return -errno;
        return write_atomic_at(real, buf, len, mode);
}

int check_output_path(const char *path)
{
        struct stat st;

        if (streq(path, "-"))
                return 0;
        if (stat(path, &st) == 0) {
                if (S_ISDIR(st.st_mode))
                        return -EISDIR;
                if (!S_ISREG(st.st_mode))
                        return access(path, W_OK) < 0 ? -errno : 0;
        } else if (errno != ENOENT)
                return -errno;
        /* A new or regular file is renamed into its directory. */
        _cleanup_free_ char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (slash)
                slash[slash == dir ? 1 : 0] = 0;
        const char *d = slash ? dir : ".";
        if (stat(d, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        return access(d, W_OK) < 0 ? -errno : 0;
}

int mkdir_parents(const char *path, mode_t mode)
{
        _cleanup_free_ char *p = xstrdup(path);
        if (!*p)
                return 0;
        /* From p + 1: a leading '/' is the root, not a directory to make. */
        for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                int r = mkdir(p, mode) < 0 && errno != EEXIST ? -errno : 0;
                *s = '/';
                if (r < 0)
                        return r;
        }
        return 0;
}

int mkdir_p(const char *path, mode_t mode)
{
        int r = mkdir_parents(path, mode);
        if (r < 0)
                return r;
        if (mkdir(path, mode) < 0 && errno != EEXIST)
                return -errno;
        /* EEXIST says nothing about what exists: a file there is no
         * directory to write into. */
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
                return -ENOTDIR;
        return 0;
}
