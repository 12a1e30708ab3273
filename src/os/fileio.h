/* SPDX-License-Identifier: Apache-2.0 */
/* File I/O at the edge: bounded reads and atomic writes. */
#ifndef SC_FILEIO_H
#define SC_FILEIO_H

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
