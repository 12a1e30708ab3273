#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Recording overhead: wall time of a syscall-heavy workload (tests/workloads/
# syscall-heavy.c: 33 distinct syscalls per round, ROUNDS rounds) run
#   bare | under `strace -f -qq -o /dev/null`
#   | under `seccompctl record --method ptrace` | `--method ebpf`
#   | under `seccompctl record --method ptrace --base` with a complete base
#   | under `seccompctl run --profile` of that base (the filter alone).
# Median of RUNS runs each.  Usage: bench/record.sh [ROUNDS] [RUNS]
# (BUILD and SECCOMPCTL as for the tests; default build/).
. "$(dirname "$0")/lib.sh"
ROUNDS=${1:-3000}
RUNS=${2:-11}
. tests/workloads/build.sh
wl=("$W/syscall-heavy" "$ROUNDS")

# Configurations are timed round-robin, so load from elsewhere on the
# machine hits them alike; the median of RUNS runs is reported.
names=(bare filter base rec ebpf strace start)
cmd_bare() { "${wl[@]}"; }
cmd_filter() { "$S" run --profile "$T/base.json" -- "${wl[@]}"; }
cmd_base() { "$S" record --method ptrace -q --base "$T/base.json" -o "$T/out2.json" -- "${wl[@]}"; }
cmd_rec() { "$S" record --method ptrace -q -o "$T/out.json" -- "${wl[@]}"; }
cmd_ebpf() { "$S" record --method ebpf -q -o "$T/out4.json" -- "${wl[@]}"; }
cmd_strace() { strace -f -qq -o /dev/null "${wl[@]}"; }
cmd_start() { "$S" record --method ptrace -q -o "$T/out3.json" -- true; }

"$S" record --method ptrace -o "$T/base.json" -- "${wl[@]}" >/dev/null 2>"$T/rec.err"
syscalls=$(sed -n 's/.*record: \([0-9]*\) syscalls traced.*/\1/p' "$T/rec.err")
for ((i = 0; i < RUNS; i++)); do
        for n in "${names[@]}"; do
                bench_time "$n" "cmd_$n"
        done
done
bench_medians "${names[@]}"
bare=${ms[bare]} filter=${ms[filter]} base=${ms[base]} rec=${ms[rec]} ebpf=${ms[ebpf]}
strace_ms=${ms[strace]} start=${ms[start]}
echo "workload: syscall-heavy $ROUNDS rounds, $syscalls syscalls; median of $RUNS runs; $(nproc) CPUs, $(uname -r)"
printf '%-44s %9s %8s\n' "" "ms" "x bare"
printf '%-44s %9s %8s\n' "bare" "$bare" "1.00"
printf '%-44s %9s %8s\n' "seccompctl run --profile BASE (filter only)" "$filter" "$(ratio "$filter" "$bare")"
printf '%-44s %9s %8s\n' "seccompctl record --base BASE (complete)" "$base" "$(ratio "$base" "$bare")"
printf '%-44s %9s %8s\n' "seccompctl record --method ptrace" "$rec" "$(ratio "$rec" "$bare")"
printf '%-44s %9s %8s\n' "seccompctl record --method ebpf" "$ebpf" "$(ratio "$ebpf" "$bare")"
printf '%-44s %9s %8s\n' "strace -f -qq -o /dev/null" "$strace_ms" "$(ratio "$strace_ms" "$bare")"
printf '%-44s %9s\n' "seccompctl record --method ptrace -- true (fixed cost)" "$start"
