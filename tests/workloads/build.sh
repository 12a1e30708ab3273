#!/bin/bash
# Sourced by the record/logs/watch shell tests: build the test workloads
# into $BUILD/workloads (W=that directory).  HAVE_I386=1 when gcc can build
# the static i386 one (gcc-multilib).
W=$(cd "$BUILD" && pwd)/workloads
mkdir -p "$W"
_src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for _w in threads forkexec syscall-heavy socket-family audit-tap; do
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
