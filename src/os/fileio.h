/* SPDX-License-Identifier: LGPL-2.1-or-later */
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
/* Write via a temporary file in the same directory, fsync, rename over
 * path, fsync the directory: readers see the old or the new file, never
 * half of one. */
int write_file_atomic(const char *path, const void *buf, size_t len,
                      mode_t mode);

#endif
