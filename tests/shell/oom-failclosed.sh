#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Out of memory is fatal and fails closed (include/seccompctl.h, HACKING's
# conventions): wherever an allocation fails, seccompctl says
# "seccompctl: out of memory" and aborts (SIGABRT, exit 134), and the
# workload never runs unconfined.  tests/oom/fail-malloc.c, preloaded,
# makes every allocation after the first N fail, as real exhaustion does;
# N goes over every allocation a successful `run` makes (directly and
# supervised by --explain, every 4th there) and over a YAML `check`.
#
# The profiles are YAML: a JSON profile also goes through json-c's
# validating pass, and json-c 0.16 (Debian 12) dereferences NULL when its
# own allocations fail (json_object_object_add_ex, seen at allocation 2121
# of `check` on containers-common.json): still fail-closed, the process
# dies before it loads anything, but with SIGSEGV and no message.
#
# The shim replaces malloc, which a sanitizer build must own, so under
# ASan only the build's own check runs (SKIP-PART).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/kernel-features.sh
tmp=$(mktemp -d /tmp/sc-oom-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }

if grep -q __asan_init "$S"; then
        skip_part "oom-failclosed: the malloc shim cannot replace ASan's allocator"
        echo "ok: sanitizer build, nothing to run"
        exit 0
fi

${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -shared -fPIC \
        -o "$tmp/fail-malloc.so" tests/oom/fail-malloc.c || { echo "cannot build the shim"; exit 1; }

cat > "$tmp/p.yaml" <<'EOF'
defaultAction: SCMP_ACT_ALLOW
syscalls:
- names: [getpriority]
  action: SCMP_ACT_ERRNO
EOF
# The workload says whether it runs under a seccomp filter.
workload='if grep -q "^Seccomp:[[:space:]]*2" /proc/self/status; then
        echo confined > "$RAN"; else echo UNCONFINED > "$RAN"; fi'

# count ARGS...: allocations a successful run makes.
count() {
        rm -f "$tmp/count"
        SC_MALLOC_COUNT_FILE=$tmp/count LD_PRELOAD=$tmp/fail-malloc.so \
                RAN=$tmp/ran "$S" "$@" >/dev/null 2>&1
        cat "$tmp/count" 2>/dev/null || echo 0
}

# sweep NAME STEP WORKLOAD? ARGS...: fail from allocation N on, for N in
# 0, STEP, ... up to the count; every outcome is either success (and a
# workload that ran, ran confined) or the OOM abort with its message and
# no unconfined workload.
sweep() {
        local name=$1 step=$2 has_workload=$3; shift 3
        local total aborts=0 ok=0 n rc
        total=$(count "$@")
        [ "$total" -gt 10 ] || { FAIL "$name: only $total allocations counted"; return; }
        # the last point is the count itself: nothing fails, it must succeed
        for n in $(seq 0 "$step" "$total") "$total"; do
                rm -f "$tmp/ran"
                ( SC_FAIL_MALLOC_AFTER=$n LD_PRELOAD=$tmp/fail-malloc.so \
                        RAN=$tmp/ran exec "$S" "$@" >"$tmp/out" 2>"$tmp/err" ) 2>/dev/null
                rc=$?
                if [ -e "$tmp/ran" ] && ! grep -q '^confined$' "$tmp/ran"; then
                        FAIL "$name: N=$n: the workload ran unconfined (exit $rc)"
                elif [ $rc -eq 134 ] && grep -q '^seccompctl: out of memory$' "$tmp/err"; then
                        aborts=$((aborts + 1))
                elif [ $rc -eq 0 ] && { [ "$has_workload" = no ] || [ -e "$tmp/ran" ]; }; then
                        ok=$((ok + 1))
                else
                        FAIL "$name: N=$n: exit $rc, not the OOM abort: $(head -c 300 "$tmp/err")"
                fi
        done 2>/dev/null # bash's own "Aborted" line for each abort
        # the sweep must have met both ends
        [ $aborts -gt 0 ] && [ $ok -gt 0 ] || FAIL "$name: $aborts aborts, $ok successes"
        echo "ok $name: $total allocations, $aborts failure points aborted with the message, $ok ran through"
}

sweep "run" 1 yes run --profile "$tmp/p.yaml" -- /bin/sh -c "$workload"
sweep "run --explain" 4 yes run --explain --profile "$tmp/p.yaml" -- /bin/sh -c "$workload"
sweep "check (SPO YAML)" 13 no check "$FIXTURES/spo/baseprofile-runc.yaml"
exit $fail
