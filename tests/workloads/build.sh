#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Sourced by the record/logs/watch shell tests: build the test workloads
# into $BUILD/workloads (W=that directory).  HAVE_I386=1 when gcc can build
# the static i386 one (gcc-multilib).
W=$(cd "$BUILD" && pwd)/workloads
mkdir -p "$W"
_src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for _w in threads forkexec syscall-heavy socket-family audit-tap int80 rename-flood; do
        if [ ! -x "$W/$_w" ] || [ "$_src/$_w.c" -nt "$W/$_w" ]; then
                ${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
                        -o "$W/$_w.tmp" "$_src/$_w.c" -lpthread && mv "$W/$_w.tmp" "$W/$_w" ||
                        { echo "cannot build workload $_w"; exit 1; }
        fi
done
HAVE_I386=0
if [ -x "$W/i386" ] && [ "$W/i386" -nt "$_src/i386.c" ]; then
        HAVE_I386=1
elif gcc -m32 -static -O2 -o "$W/i386.tmp" "$_src/i386.c" 2>/dev/null; then
        mv "$W/i386.tmp" "$W/i386"
        HAVE_I386=1
fi

# no_denials FILE COMM...: the `run --explain` report in FILE shows no
# denied/trapped/killed/logged syscall by a process with one of the COMMs.
# (--explain also counts records of vanished pids, which on a busy machine
# include other tests' processes; those are not this workload's.)
no_denials() {
        local f=$1 re
        shift
        grep -q "explain: " "$f" || { echo "no --explain report in $f"; return 1; }
        re=$(printf '%s|' "$@")
        if grep -E "^(denied|killed|trapped|logged): .* by pid [0-9]+ \((${re%|})\)\$" "$f"; then
                return 1
        fi
        return 0
}
