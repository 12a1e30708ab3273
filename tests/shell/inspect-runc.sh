#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# inspect on runc containers: `inspect --container ID` finds the container's
# process through /proc/PID/cgroup, `--profile` prints the profile the
# kernel really enforces there, and it compiles back to the same filter;
# `--against` the profile given to runc finds no difference (runc and our
# compiler agree, including the names libseccomp 2.5.4 does not know).
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }

tmp=$(mktemp -d /tmp/sc-inspect-runc-XXXXXX)
ids=()
cleanup() {
        for id in "${ids[@]}"; do
                runc --root "$tmp/runc-root" kill "$id" KILL 2>/dev/null
                runc --root "$tmp/runc-root" delete -f "$id" 2>/dev/null
        done
        rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/bundle/rootfs" "$tmp/runc-root"
cp "$ECHO_STATIC" "$tmp/bundle/rootfs/http-echo"
(cd "$tmp/bundle" && runc spec && mv config.json spec.json) || exit 1
fail=0

start() { # PROFILE -> sets id, pid
        id=sc-inspect-$$-$RANDOM
        "$OCICFG" "$tmp/bundle/spec.json" "$1" "$tmp/bundle/config.json" -- /http-echo || exit 1
        runc --root "$tmp/runc-root" run -d --bundle "$tmp/bundle" "$id" \
                >"$tmp/runc.out" 2>&1 </dev/null || { echo "FAIL: runc run"; cat "$tmp/runc.out"; exit 1; }
        ids+=("$id")
        pid=$(runc --root "$tmp/runc-root" state "$id" | sed -n 's/^ *"pid": *\([0-9]*\),*/\1/p')
}
stop() {
        runc --root "$tmp/runc-root" kill "$id" KILL 2>/dev/null
        for i in $(seq 100); do
                runc --root "$tmp/runc-root" state "$id" 2>/dev/null | grep -q '"stopped"' && break
                sleep 0.05
        done
        runc --root "$tmp/runc-root" delete -f "$id" 2>/dev/null
}

k8s=$FIXTURES/k8s/profiles
for prof in "$k8s/fine-grained.json" "$k8s/audit.json"; do
        name=$(basename "$prof" .json)
        start "$prof"
        "$SECCOMPCTL" inspect --json --container "$id" > "$tmp/$name.info" 2>&1
        if ! grep -q "\"pid\":$pid," "$tmp/$name.info"; then
                echo "FAIL $name: --container $id did not find PID $pid"; cat "$tmp/$name.info"; fail=1
        fi
        "$SECCOMPCTL" inspect --container "$id" --profile > "$tmp/$name.json" 2> "$tmp/$name.err"
        if ! grep -q "^seccompctl: exact:" "$tmp/$name.err"; then
                echo "FAIL $name: not exact"; cat "$tmp/$name.err"; fail=1
        fi
        "$SECCOMPCTL" inspect --container "$id" --against "$tmp/$name.json" > "$tmp/$name.a1" 2>&1 ||
                { echo "FAIL $name: --against the decompiled profile"; cat "$tmp/$name.a1"; fail=1; }
        "$SECCOMPCTL" inspect --container "$id" --against "$prof" > "$tmp/$name.a2" 2>&1 ||
                { echo "FAIL $name: --against $prof"; head "$tmp/$name.a2"; fail=1; }
        [ $fail = 0 ] && echo "ok runc $name: PID $pid found, $(tail -n 1 "$tmp/$name.a2")"
        stop
done

# Docker's default: what runc really loads.
moby=$FIXTURES/runtime-default/moby-default-resolved-x86_64.json
start "$moby"
"$SECCOMPCTL" inspect --container "$id" --profile > "$tmp/moby.json" 2> "$tmp/moby.err" ||
        { echo "FAIL moby: inspect --profile"; cat "$tmp/moby.err"; fail=1; }
grep -q "^seccompctl: exact:" "$tmp/moby.err" || { echo "FAIL moby: not exact"; cat "$tmp/moby.err"; fail=1; }
"$SECCOMPCTL" inspect --container "$id" --against "$tmp/moby.json" > "$tmp/moby.a1" 2>&1 ||
        { echo "FAIL moby: --against the decompiled profile"; cat "$tmp/moby.a1"; fail=1; }
"$SECCOMPCTL" inspect --container "$id" --against "$moby" > "$tmp/moby.a2" 2>/dev/null ||
        { echo "FAIL moby: runc does not enforce what seccompctl compiles:"; cat "$tmp/moby.a2"; fail=1; }
[ $fail = 0 ] && echo "ok runc moby: decompiled exactly; $(tail -n 1 "$tmp/moby.a2")"
stop

# crun (libseccomp's linear program, no ENOSYS stub): the decompiler picks
# crun's semantics by itself.  crun needs a private mount namespace without
# the cgroup v2 mount on this host's hybrid layout (docs/machine-facts.md).
if command -v crun >/dev/null; then
        cid=sc-inspect-crun-$$
        "$OCICFG" "$tmp/bundle/spec.json" "$moby" "$tmp/bundle/config.json" -- /http-echo || exit 1
        mkdir -p "$tmp/crun-root"
        unshare -m sh -c "umount /sys/fs/cgroup/unified 2>/dev/null; exec crun --root '$tmp/crun-root' --cgroup-manager=disabled run -d --bundle '$tmp/bundle' '$cid'" \
                >"$tmp/crun.out" 2>&1 </dev/null
        cpid=$(crun --root "$tmp/crun-root" state "$cid" 2>/dev/null | sed -n 's/^ *"pid": *\([0-9]*\),*/\1/p')
        if [ -z "$cpid" ] || [ ! -d "/proc/$cpid" ]; then
                echo "note: crun could not start a container here; crun part not run"; cat "$tmp/crun.out"
        else
                "$SECCOMPCTL" inspect --profile "$cpid" > "$tmp/crun.json" 2> "$tmp/crun.err"
                grep -q "^seccompctl: exact: .*crun semantics" "$tmp/crun.err" ||
                        { echo "FAIL crun: not exact under crun semantics"; cat "$tmp/crun.err"; fail=1; }
                "$SECCOMPCTL" inspect "$cpid" --compat crun --against "$moby" > "$tmp/crun.a1" 2>/dev/null ||
                        { echo "FAIL crun: --compat crun --against moby"; head "$tmp/crun.a1"; fail=1; }
                # under runc's semantics the stub would be there: they differ
                "$SECCOMPCTL" inspect "$cpid" --against "$moby" > "$tmp/crun.a2" 2>/dev/null
                [ $? = 1 ] || { echo "FAIL crun: runc semantics should differ (no ENOSYS stub)"; fail=1; }
                [ $fail = 0 ] && echo "ok crun moby: exact under crun semantics; $(tail -n 1 "$tmp/crun.a1")"
                kill -9 "$cpid" 2>/dev/null
        fi
        crun --root "$tmp/crun-root" delete -f "$cid" >/dev/null 2>&1
fi
exit $fail
