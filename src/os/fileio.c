/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fileio.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

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
        if (fd < 0)
                return -errno;

        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
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

int write_file_atomic(const char *path, const void *buf, size_t len,
                      mode_t mode)
{
        _cleanup_free_ char *tmp = xasprintf("%s.tmp.XXXXXX", path);
        _cleanup_free_ char *dir = xstrdup(path);
        int r;

        _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        const char *p = buf;
        size_t left = len;
        while (left > 0) {
                ssize_t k = write(fd, p, left);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        r = -errno;
                        goto fail;
                }
                p += k;
                left -= (size_t)k;
        }
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
                _cleanup_close_ int dfd = open(dirname(dir), O_RDONLY |
                                                             O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0)
                        (void)fsync(dfd);
        }
        return 0;
fail:
        (void)unlink(tmp);
        return r;
}
