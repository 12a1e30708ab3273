# SPDX-License-Identifier: Apache-2.0
# Sourced by the shell benchmarks (bench/record*.sh): the repository as
# working directory, BUILD and SECCOMPCTL as for the tests (default
# build/), a temporary directory $T removed on exit, and round-robin
# timing: `bench_time NAME CMD...` appends CMD's wall time to NAME's
# samples, `bench_medians NAME...` sets ms[NAME] to their median in ms.
# A script that leaves something running sets bench_cleanup to stop it.
set -eu
cd "$(dirname "$0")/.."
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}"
S=$SECCOMPCTL
T=$(mktemp -d)
bench_cleanup() { :; }
trap 'bench_cleanup; rm -rf "$T"' EXIT

bench_time() { # NAME CMD...: output discarded, a failure stops the script
        local name=$1 t0 t1
        shift
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        echo "$(((t1 - t0) / 1000))" >>"$T/t.$name"
}

declare -A ms
bench_medians() { # NAME...: ms[NAME] from RUNS samples each
        local n
        for n in "$@"; do
                ms[$n]=$(sort -n "$T/t.$n" | sed -n "$((RUNS / 2 + 1))p" |
                        awk '{printf "%.1f", $1 / 1000}')
        done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
