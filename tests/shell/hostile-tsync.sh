#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A filter installed through the public API in a process that already has
# 200 threads, with SECCOMP_FILTER_FLAG_TSYNC: every thread must be
# filtered (its own denied syscall fails with the profile's errno, /proc
# shows Seccomp: 2); without TSYNC the other threads stay unfiltered (the
# control).  See tests/bypass/tsync.c.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}"
lib=$BUILD/libseccompctl.a
[ -f "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
mkdir -p "$BUILD/bypass"
# Link like the library was built: the sanitizer pass's library needs
# clang's ASan/UBSan runtimes.
cc=${CC:-cc} san=()
if nm "$lib" 2>/dev/null | grep -q '__asan_report'; then
        cc=clang san=(-fsanitize=address,undefined -fno-sanitize-recover=all)
fi
# shellcheck disable=SC2046
"$cc" -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude "${san[@]}" \
        -o "$BUILD/bypass/tsync" tests/bypass/tsync.c "$lib" \
        $(pkg-config --libs json-c yaml-0.1) -lpthread ||
        { echo "FAIL: cannot build tests/bypass/tsync.c"; exit 1; }
"$BUILD/bypass/tsync" 200
