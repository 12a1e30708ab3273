#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run every libFuzzer target for a while: tools/fuzz.sh SECONDS [TARGET...]
# Builds the library with clang + ASan/UBSan + fuzzer instrumentation in
# build-fuzz/, seeds each run from fuzz/corpus/NAME (committed), keeps new
# inputs in build-fuzz/corpus/NAME, and writes crash reproducers to
# fuzz/artifacts/ (commit them into fuzz/corpus/NAME once fixed: they are
# then replayed by `make check` forever).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
B=build-fuzz
SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
make -s BUILD=$B CC=clang OPT="-O1 -g -fno-omit-frame-pointer" SAN="$SAN" $B/libseccompctl.a
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls fuzz/fuzz-*.c | sed 's|fuzz/fuzz-||; s|\.c$||'))
mkdir -p fuzz/artifacts
printf '%-12s %12s %8s %8s %s\n' target execs cov ft result
for t in "${targets[@]}"; do
        bin=$B/fuzzer-$t
        clang -std=gnu11 -O1 -g -D_GNU_SOURCE -Iinclude $(for d in src/lib src/lib/*/; do printf -- "-iquote %s " "${d%/}"; done) -Isrc/os -I$B/gen \
                $(pkg-config --cflags json-c) -fsanitize=address,undefined,fuzzer \
                -o "$bin" fuzz/fuzz-$t.c $B/libseccompctl.a \
                $(pkg-config --libs json-c yaml-0.1) -lseccomp
        work=$B/corpus/$t
        mkdir -p "$work"
        log=$B/fuzz-$t.log
        rc=0
        "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
                -artifact_prefix=fuzz/artifacts/$t- -print_final_stats=1 \
                "$work" fuzz/corpus/$t >"$log" 2>&1 || rc=$?
        execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo ?)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo ?)
        ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo ?)
        printf '%-12s %12s %8s %8s %s\n' "$t" "$execs" "$cov" "$ft" \
                "$([ $rc = 0 ] && echo ok || echo "FOUND A CRASH (see $log)")"
done
