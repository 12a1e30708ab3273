#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The recording methods on the issue's syscall-bound workload
#   dd if=/dev/zero of=/dev/null bs=1 count=COUNT   (2*COUNT syscalls)
# bare | `seccompctl record --method ebpf` (load and attach included)
# | `seccompctl record --method ptrace` | bare while `seccompctl watch
# --method ebpf` records the whole node (its idle cost on every syscall).
# Median of RUNS runs, configurations timed round-robin so load from
# elsewhere hits them alike.  Needs root for ebpf.
# Usage: bench/record-methods.sh [COUNT] [RUNS]   (BUILD/SECCOMPCTL as for the tests)
. "$(dirname "$0")/lib.sh"
COUNT=${1:-300000}
RUNS=${2:-5}
wp=
bench_cleanup() { [ -z "$wp" ] || kill $wp 2>/dev/null; }
wl=(dd if=/dev/zero of=/dev/null bs=1 count="$COUNT")

names=(bare ebpf ptrace watched)
cmd_bare() { "${wl[@]}"; }
cmd_ebpf() { "$S" record --method ebpf -q -o "$T/e.json" -- "${wl[@]}"; }
cmd_ptrace() { "$S" record --method ptrace -q -o "$T/p.json" -- "${wl[@]}"; }
cmd_watched() { "${wl[@]}"; }
# watch runs only around the "watched" runs, started and stopped outside
# the timed part.
watch_start() {
        "$S" watch --method ebpf -q -o "$T/w" 2>"$T/w.err" &
        wp=$!
        for _ in $(seq 400); do grep -q listening "$T/w.err" && return; sleep 0.05; done
        echo "watch did not start: $(cat "$T/w.err")" >&2
        exit 1
}
watch_stop() { kill -INT $wp; wait $wp || true; wp=; }

for ((i = 0; i < RUNS; i++)); do
        for n in "${names[@]}"; do
                [ "$n" != watched ] || watch_start
                bench_time "$n" "cmd_$n"
                [ "$n" != watched ] || watch_stop
        done
done
bench_medians "${names[@]}"
cmp -s <(jq -S . "$T/e.json") <(jq -S . "$T/p.json") && same=yes || same=NO
echo "workload: ${wl[*]} ($((2 * COUNT)) syscalls); median of $RUNS runs; $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %9s %8s\n' "" "ms" "x bare"
printf '%-48s %9s %8s\n' "bare" "${ms[bare]}" "1.00"
printf '%-48s %9s %8s\n' "seccompctl record --method ebpf" "${ms[ebpf]}" "$(ratio "${ms[ebpf]}" "${ms[bare]}")"
printf '%-48s %9s %8s\n' "seccompctl record --method ptrace" "${ms[ptrace]}" "$(ratio "${ms[ptrace]}" "${ms[bare]}")"
printf '%-48s %9s %8s\n' "bare, watch --method ebpf running node-wide" "${ms[watched]}" "$(ratio "${ms[watched]}" "${ms[bare]}")"
echo "ebpf and ptrace profiles identical: $same"
