/* SPDX-License-Identifier: Apache-2.0 */
#include "fileio.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <time.h>
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

/* The rest of fd, at most max bytes (fd's own size checked first when it
 * is a regular file), NUL-terminated. */
static int read_fd_bounded(int fd, size_t max, char **ret, size_t *ret_len)
{
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

/* O_NONBLOCK: opening a FIFO nobody writes to must not hang (a FIFO
 * planted in the kubelet root, say).  Reads block again afterwards, so a
 * pipe with a writer (<(...)) is read to its end, and one without reads
 * as empty.  fd < 0: errno says why. */
static int blocking_again(int fd)
{
        if (fd < 0)
                return -errno;
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
                return -errno;
        return 0;
}

int read_file_bounded(const char *path, size_t max, char **ret,
                      size_t *ret_len)
{
        _cleanup_close_ int fd = -1;

        if (streq(path, "-"))
                fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
        else {
                fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
                int r = blocking_again(fd);
                if (r < 0)
                        return r;
        }
        return read_fd_bounded(fd, max, ret, ret_len);
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

/* A temporary name in dir_fd, created there (O_EXCL: never anything that
 * exists, a symlink included).  A fixed, short prefix: "NAME.tmp.XXXXXX"
 * made a valid 255-byte NAME fail with ENAMETOOLONG. */
static int create_temp_at(int dir_fd, char tmp[static 40], int *ret_fd)
{
        for (unsigned i = 0; i < 64; i++) {
                uint64_t rnd;
                if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
                        rnd = ((uint64_t)getpid() << 32) ^ ((uint64_t)time(NULL) << 8) ^ i;
                snprintf(tmp, 40, ".seccompctl.tmp.%016" PRIx64, rnd);
                int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                                                     O_CLOEXEC | O_NOCTTY, 0600);
                if (fd >= 0) {
                        *ret_fd = fd;
                        return 0;
                }
                if (errno != EEXIST)
                        return -errno;
        }
        return -EEXIST;
}

int write_file_at(int dir_fd, const char *name, const void *buf, size_t len,
                  mode_t mode)
{
        if (!*name || strchr(name, '/') || path_component_is_dot(name, strlen(name)))
                return -EINVAL;
        char tmp[40];
        _cleanup_close_ int fd = -1;
        int r = create_temp_at(dir_fd, tmp, &fd);
        if (r < 0)
                return r;
        r = write_all(fd, buf, len);
        if (r < 0)
                goto fail;
        if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
                r = -errno;
                goto fail;
        }
        /* rename(2) replaces name itself: a symlink there is replaced,
         * never followed. */
        if (renameat(dir_fd, tmp, dir_fd, name) < 0) {
                r = -errno;
                goto fail;
        }
        /* Make the rename itself durable. */
        (void)fsync(dir_fd);
        return 0;
fail:
        (void)unlinkat(dir_fd, tmp, 0);
        return r;
}

static int write_atomic_at(const char *path, const void *buf, size_t len,
                           mode_t mode)
{
        _cleanup_free_ char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        const char *name = slash ? path + (slash - dir) + 1 : path;
        if (slash)
                slash[slash == dir ? 1 : 0] = 0;
        _cleanup_close_ int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        return write_file_at(dfd, name, buf, len, mode);
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

/* ---- Below a root: nothing read or written through a symlink ----
 *
 * systemd's chase() and runc's securejoin walk the same way: one
 * component at a time, each opened relative to the fd of the one before
 * with O_NOFOLLOW, so neither a symlink there nor one swapped in while we
 * walk (between mkdirat and openat, say) takes us anywhere else.  A
 * single-component openat with O_NOFOLLOW refuses exactly what openat2's
 * RESOLVE_NO_SYMLINKS would for that component, works on every kernel,
 * and the walk has to stop at each component anyway, to make it and to
 * name the one refused. */

/* dir_fd's entry name as a directory (made first with create). */
static int open_subdir(int dir_fd, const char *name, bool create, mode_t mode,
                       int *ret_fd)
{
        /* EEXIST: a directory, or anything else, which the open judges. */
        if (create && mkdirat(dir_fd, name, mode) < 0 && errno != EEXIST)
                return -errno;
        int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
                int r = -errno;
                struct stat st;
                /* O_DIRECTORY|O_NOFOLLOW says ENOTDIR for a symlink (a
                 * dangling one or a loop too): -ELOOP names it. */
                if (r == -ENOTDIR && fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                    S_ISLNK(st.st_mode))
                        r = -ELOOP;
                return r;
        }
        *ret_fd = fd;
        return 0;
}

int open_dir_beneath(int root_fd, const char *rel, bool create, mode_t mode,
                     int *ret_fd, size_t *err_at)
{
        size_t pos = 0, start, n;
        if (rel[0] == '/') {
                if (err_at)
                        *err_at = 0;
                return -EINVAL;
        }
        _cleanup_close_ int fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 3);
        if (fd < 0)
                return -errno;
        while (path_next_component(rel, &pos, &start, &n)) {
                int r = -EINVAL, next = -1;
                if (!path_component_is_dot(rel + start, n)) {
                        _cleanup_free_ char *name = xstrndup(rel + start, n);
                        r = open_subdir(fd, name, create, mode, &next);
                }
                if (r < 0) {
                        if (err_at)
                                *err_at = pos;
                        return r;
                }
                close(fd);
                fd = next;
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int open_parent_beneath(int root_fd, const char *rel, bool create,
                               int *ret_fd, const char **ret_name, size_t *err_at)
{
        const char *slash = strrchr(rel, '/');
        const char *name = slash ? slash + 1 : rel;
        if (!*name || path_component_is_dot(name, strlen(name))) {
                if (err_at)
                        *err_at = strlen(rel);
                return -EINVAL;
        }
        _cleanup_free_ char *dir = xstrndup(rel, slash ? (size_t)(slash - rel) : 0);
        int r = open_dir_beneath(root_fd, dir, create, 0755, ret_fd, err_at);
        if (r < 0)
                return r;
        *ret_name = name;
        return 0;
}

int write_file_beneath(int root_fd, const char *rel, const void *buf, size_t len,
                       mode_t mode, size_t *err_at)
{
        _cleanup_close_ int dfd = -1;
        const char *name;
        int r = open_parent_beneath(root_fd, rel, true, &dfd, &name, err_at);
        if (r < 0)
                return r;
        r = write_file_at(dfd, name, buf, len, mode);
        if (r < 0 && err_at)
                *err_at = strlen(rel);
        return r;
}

int read_file_at(int dir_fd, const char *name, size_t max, char **ret,
                 size_t *ret_len)
{
        _cleanup_close_ int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                                                              O_NOCTTY | O_NONBLOCK);
        int r = blocking_again(fd);
        if (r < 0)
                return r;
        return read_fd_bounded(fd, max, ret, ret_len);
}
