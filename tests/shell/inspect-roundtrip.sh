#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# inspect: compile -> load -> inspect -> compile is exact.  Workloads run
# under the fixture profiles (loaded by a small loader after start, and by
# `seccompctl run` before exec); `inspect --profile` of each gives a
# profile whose filter equals the original on the full grid, `--against`
# finds zero differences for the right profile and exactly the changed
# syscalls for a wrong one.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
[ "$(id -u)" = 0 ] || { echo "needs root (PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN)"; exit 77; }
tmp=$(mktemp -d /tmp/sc-inspect-XXXXXX)
pids=()
cleanup() {
        for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
        rm -rf "$tmp"
}
trap cleanup EXIT
stop() { kill -9 "$@" 2>/dev/null; wait "$@" 2>/dev/null; }
fail=0
FIX=$FIXTURES

# A workload that installs the filters it is given (raw .bpf files, in
# order) after it started, then waits.  Under a filter that denies pause()
# it spins until killed.
cat > "$tmp/loader.c" <<'C'
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv)
{
        static struct sock_filter buf[16][4096];
        struct sock_fprog prog[16];
        int n = argc - 1;
        if (n < 0 || n > 16)
                return 2;
        for (int i = 0; i < n; i++) {
                int fd = open(argv[i + 1], O_RDONLY);
                ssize_t len = fd < 0 ? -1 : read(fd, buf[i], sizeof(buf[i]));
                if (len <= 0 || len % 8) {
                        perror(argv[i + 1]);
                        return 2;
                }
                close(fd);
                prog[i].len = (unsigned short)(len / 8);
                prog[i].filter = buf[i];
        }
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
                return 3;
        for (int i = 0; i < n; i++)
                if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog[i]))
                        return 4;
        for (;;)
                syscall(SYS_pause);
}
C
gcc -O2 -o "$tmp/loader" "$tmp/loader.c" || { echo "cannot build the loader"; exit 1; }

# wait_filters PID N: until the kernel shows N filters on PID.
wait_filters() {
        local i
        for i in $(seq 200); do
                grep -q "^Seccomp_filters:[[:space:]]*$2\$" "/proc/$1/status" 2>/dev/null && return 0
                sleep 0.05
        done
        echo "FAIL: PID $1 never showed $2 filters"; fail=1
        return 1
}

check_roundtrip() { # NAME PID PROFILE
        local name=$1 pid=$2 prof=$3
        if ! "$SECCOMPCTL" inspect --profile "$pid" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
                echo "FAIL $name: inspect --profile exit $?"; cat "$tmp/$name.err"; fail=1; return
        fi
        if ! grep -q "^seccompctl: exact:" "$tmp/$name.err"; then
                echo "FAIL $name: not exact"; cat "$tmp/$name.err"; fail=1
        fi
        # the decompiled profile, compiled again, is what the kernel enforces
        "$SECCOMPCTL" inspect "$pid" --against "$tmp/$name.json" >"$tmp/$name.out" 2>&1
        local rc=$?
        if [ $rc -ne 0 ] || ! grep -q "enforces exactly" "$tmp/$name.out"; then
                echo "FAIL $name: --against its own decompiled profile: exit $rc"; head "$tmp/$name.out"; fail=1
        fi
        # and so is the original
        "$SECCOMPCTL" inspect "$pid" --against "$prof" >"$tmp/$name.out2" 2>/dev/null
        rc=$?
        if [ $rc -ne 0 ]; then
                echo "FAIL $name: --against $prof: exit $rc"; head "$tmp/$name.out2"; fail=1
        else
                echo "ok $name: $(grep -c '"names"' "$tmp/$name.json") rules, $(sed -n 's/.*at all \([0-9]*\) points.*/\1/p' "$tmp/$name.err") points equal; $(cat "$tmp/$name.out2")"
        fi
}

n=0
for prof in "$FIX/k8s/profiles/audit.json" "$FIX/k8s/profiles/fine-grained.json" \
            "$FIX/k8s/profiles/violation.json" \
            "$FIX/runtime-default/moby-default-resolved-x86_64.json"; do
        n=$((n + 1))
        name=loader-$(basename "$prof" .json)
        "$SECCOMPCTL" compile --format raw -o "$tmp/$n.bpf" "$prof" 2>/dev/null ||
                { echo "FAIL $name: cannot compile"; fail=1; continue; }
        "$tmp/loader" "$tmp/$n.bpf" & pid=$!; pids+=("$pid")
        wait_filters "$pid" 1 || continue
        check_roundtrip "$name" "$pid" "$prof"
        stop "$pid"
done

# Under `seccompctl run` (filter installed before exec, as runc does).
for prof in "$FIX/runtime-default/moby-default-resolved-x86_64.json" \
            "$FIX/k8s/profiles/audit.json"; do
        name=run-$(basename "$prof" .json)
        "$SECCOMPCTL" run --profile "$prof" -- /bin/sleep 60 2>/dev/null & runner=$!; pids+=("$runner")
        pid=
        for i in $(seq 200); do
                pid=$(pgrep -P "$runner" -x sleep || { [ "$(cat /proc/$runner/comm 2>/dev/null)" = sleep ] && echo "$runner"; })
                [ -n "$pid" ] && grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" 2>/dev/null && break
                sleep 0.05
        done
        [ -n "$pid" ] || { echo "FAIL $name: workload did not start"; fail=1; continue; }
        pids+=("$pid")
        check_roundtrip "$name" "$pid" "$prof"
        stop "$pid" "$runner"
done

# A wrong profile: fine-grained without getrlimit.  Exactly getrlimit on
# each of its three arches differs, and the exit status says so.
"$tmp/loader" "$tmp/2.bpf" & pid=$!; pids+=("$pid")
wait_filters "$pid" 1
python3 - "$FIX/k8s/profiles/fine-grained.json" "$tmp/wrong.json" <<'PY' || { echo "FAIL: could not make the wrong profile"; fail=1; }
import json, sys
p = json.load(open(sys.argv[1]))
for r in p["syscalls"]:
    r["names"] = [n for n in r["names"] if n != "getrlimit"]
json.dump(p, open(sys.argv[2], "w"))
PY
"$SECCOMPCTL" inspect "$pid" --against "$tmp/wrong.json" >"$tmp/wrong.out" 2>&1
rc=$?
got=$(grep -o '^[a-z0-9_]* [a-z0-9_]* ([0-9]*)' "$tmp/wrong.out" | sort | tr '\n' ';')
want="x32 getrlimit (1073741921);x86 getrlimit (76);x86_64 getrlimit (97);"
if [ $rc -ne 1 ] || [ "$got" != "$want" ]; then
        echo "FAIL wrong profile: exit $rc, differences '$got', want '$want'"; cat "$tmp/wrong.out"; fail=1
else
        echo "ok wrong profile: exit 1, $(tail -n 1 "$tmp/wrong.out")"
fi
# JSON form of the same
"$SECCOMPCTL" inspect --json "$pid" --against "$tmp/wrong.json" >"$tmp/wrong.jout" 2>/dev/null
python3 - "$tmp/wrong.jout" <<'PY' || { echo "FAIL: --json --against"; fail=1; }
import json, sys
v = json.load(open(sys.argv[1]))
d = v[0]["differences"]
assert sorted(x["syscall"] for x in d) == ["x32 getrlimit (1073741921)", "x86 getrlimit (76)", "x86_64 getrlimit (97)"], d
assert all(x["enforced"] == "SCMP_ACT_ALLOW" and x["profile"] == "SCMP_ACT_ERRNO(1)" for x in d), d
PY
# --json with the profile
"$SECCOMPCTL" inspect --json --profile --disasm "$pid" >"$tmp/info.json" 2>/dev/null
python3 - "$tmp/info.json" <<'PY' || { echo "FAIL: inspect --json"; fail=1; }
import json, sys
v = json.load(open(sys.argv[1]))[0]
assert v["mode"] == "filter" and v["filterCount"] == 1 and v["noNewPrivs"] is True, v
assert len(v["filters"]) == 1 and v["filters"][0]["length"] > 10 and "ret" in v["filters"][0]["disasm"], v
assert v["exact"] is True and v["profile"]["defaultAction"] == "SCMP_ACT_ERRNO", v
PY
stop "$pid"

# --compat is honoured: a filter compiled with crun's semantics (no ENOSYS
# stub) is exact under --compat crun and under the automatic choice, and
# only approximate when --compat runc forces runc's reading.
"$SECCOMPCTL" compile --compat crun --format raw -o "$tmp/crun.bpf" "$FIX/k8s/profiles/fine-grained.json" ||
        { echo "FAIL: cannot compile for crun"; fail=1; }
"$tmp/loader" "$tmp/crun.bpf" & pid=$!; pids+=("$pid")
wait_filters "$pid" 1
for mode in auto crun runc; do
        opt=(); [ $mode = auto ] || opt=(--compat $mode)
        "$SECCOMPCTL" inspect --profile "${opt[@]}" "$pid" >/dev/null 2>"$tmp/compat-$mode.err"
done
if grep -q '^seccompctl: exact: .*crun semantics' "$tmp/compat-auto.err" &&
        grep -q '^seccompctl: exact: .*crun semantics' "$tmp/compat-crun.err" &&
        grep -q 'approximate: compiled (x86_64, runc semantics)' "$tmp/compat-runc.err"; then
        echo "ok --compat: auto and crun exact, runc (forced) approximate"
else
        echo "FAIL --compat not honoured:"; cat "$tmp"/compat-*.err; fail=1
fi
stop "$pid"
[ $fail = 0 ] && echo "all inspect round trips exact"
exit $fail
