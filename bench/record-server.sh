#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The example server (examples/http-echo) under each recording method:
# the wall time of N sequential requests (one curl process, keep-alive
# off) against the server bare, under `record --method ebpf` and under
# `record --method ptrace`.  The server starts and stops outside the timed
# part.  Median of RUNS runs, round-robin.  Needs root for ebpf.
# Usage: bench/record-server.sh [N] [RUNS]   (BUILD/SECCOMPCTL as for the tests)
. "$(dirname "$0")/lib.sh"
N=${1:-500}
RUNS=${2:-5}
sp=
bench_cleanup() { [ -z "$sp" ] || kill $sp 2>/dev/null; }
srv=$BUILD/examples/http-echo
[ -x "$srv" ] || { echo "no $srv (make all)"; exit 1; }
command -v curl >/dev/null || { echo "curl is needed"; exit 1; }

start() { # METHOD
        rm -f "$T/port"
        case $1 in
        bare) "$srv" -listen=127.0.0.1:0 -text=hi --port-file="$T/port" >/dev/null 2>&1 & ;;
        *) "$S" record --method "$1" -q -o "$T/$1.json" -- "$srv" -listen=127.0.0.1:0 \
                -text=hi --port-file="$T/port" >/dev/null 2>&1 & ;;
        esac
        sp=$!
        for _ in $(seq 400); do [ -s "$T/port" ] && return; sleep 0.05; done
        echo "server did not start ($1)" >&2
        exit 1
}
stop() { kill -TERM $sp; wait $sp 2>/dev/null || true; sp=; }

names=(bare ebpf ptrace)
urls=()
for ((i = 0; i < RUNS; i++)); do
        for n in "${names[@]}"; do
                start "$n"
                url=http://127.0.0.1:$(cat "$T/port")/
                # One curl process, N requests: curl's own start-up is paid once.
                urls=()
                for ((k = 0; k < N; k++)); do urls+=("$url"); done
                bench_time "$n" curl -s -H "Connection: close" "${urls[@]}"
                stop
        done
done
bench_medians "${names[@]}"
echo "workload: $N sequential HTTP requests to examples/http-echo; median of $RUNS runs; $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %9s %8s\n' "" "ms" "x bare"
printf '%-40s %9s %8s\n' "bare" "${ms[bare]}" "1.00"
printf '%-40s %9s %8s\n' "server under record --method ebpf" "${ms[ebpf]}" "$(ratio "${ms[ebpf]}" "${ms[bare]}")"
printf '%-40s %9s %8s\n' "server under record --method ptrace" "${ms[ptrace]}" "$(ratio "${ms[ptrace]}" "${ms[bare]}")"
