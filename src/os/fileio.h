/* SPDX-License-Identifier: Apache-2.0 */
/* File I/O at the edge: bounded reads and atomic writes. */
#ifndef SC_FILEIO_H
#define SC_FILEIO_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* Profiles and manifests larger than this are refused: input sizes are
 * never trusted. */
#define SC_MAX_INPUT_SIZE (64U * 1024U * 1024U)

/* Read a regular file (or "-" for stdin) of at most max bytes.  The
 * buffer is NUL-terminated; caller frees.  -EFBIG when too large. */
int read_file_bounded(const char *path, size_t max, char **ret,
                      size_t *ret_len);
/* Write a regular file (or a new path) via a temporary file in the same
 * directory, fsync, rename over path, fsync the directory: readers see
 * the old or the new file, never half of one.  Anything else is never
 * unlinked or replaced: "-" is standard output, and an existing device,
 * FIFO, socket or /dev/stdout is written in place, as '>' would; a
 * symlink is kept, the regular file behind it replaced atomically. */
int write_file_atomic(const char *path, const void *buf, size_t len,
                      mode_t mode);

/* write_file_atomic's temporary file, fsync, rename and directory fsync,
 * all relative to dir_fd: name is one component (-EINVAL for "", ".",
 * "..", or a '/'), and whatever is at name, a symlink included, is
 * replaced, never followed or written into. */
int write_file_at(int dir_fd, const char *name, const void *buf, size_t len,
                  mode_t mode);
/* read_file_bounded of dir_fd's entry name, which must not be a symlink
 * (-ELOOP). */
int read_file_at(int dir_fd, const char *name, size_t max, char **ret,
                 size_t *ret_len);

/* Below a root (the kubelet's seccomp root, say): the root is an fd the
 * caller opened; nothing below it is read or written through a symlink.
 * The walk goes one component at a time, each opened with O_NOFOLLOW
 * relative to the one before (systemd's chase(), runc's securejoin).
 * Errors: -ELOOP a component is a symlink (dangling or a loop too),
 * -ENOTDIR one is no directory, -EINVAL rel is absolute or has a "." or
 * ".." component, -ENOENT one is missing (without create), or what
 * mkdirat/openat said.  On failure *err_at (when not NULL) is the length
 * of rel's prefix that ends with the component refused, for the message.
 *
 * open_dir_beneath: rel's directories, made (mode) with create; ""
 * opens the root again.  *ret_fd is the last one's fd. */
int open_dir_beneath(int root_fd, const char *rel, bool create, mode_t mode,
                     int *ret_fd, size_t *err_at);
/* rel's directory part (made 0755 with create), and in *ret_name its last
 * component (a pointer into rel; -EINVAL for "", "." or ".."). */
int open_parent_beneath(int root_fd, const char *rel, bool create, int *ret_fd,
                        const char **ret_name, size_t *err_at);
/* write_file_at of rel below root_fd, its directories made 0755. */
int write_file_beneath(int root_fd, const char *rel, const void *buf, size_t len,
                       mode_t mode, size_t *err_at);

/* Would write_file_atomic(path) be able to write?  For verbs that do
 * long work before writing (record runs a whole workload): fail first,
 * not after.  0 or -errno (-ENOENT: the directory is missing). */
int check_output_path(const char *path);

/* mkdir -p: path and every directory above it, with mode; existing ones
 * are fine (a symlink to a directory included, as with mkdir -p).  0, or
 * the first -errno; -ENOTDIR when path ends up not being a directory.
 * mkdir_parents() makes only the directories above path's last component
 * (the directory a file is about to be written into).  "" makes nothing. */
int mkdir_p(const char *path, mode_t mode);
int mkdir_parents(const char *path, mode_t mode);

#endif
