#!/bin/bash
# watch attributes a runc container's records to its container ID: the
# container runs under the tutorial's audit.json (read in place), with a
# 64-hex-digit ID as containerd and CRI-O give them, and watch finds that ID
# in /proc/PID/cgroup as the Security Profiles Operator's log enricher does.
set -eu
T=$(mktemp -d)
wp=
id=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cleanup() {
        [ -n "$wp" ] && kill $wp 2>/dev/null
        runc delete -f "$id" >/dev/null 2>&1 || true
        rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "busybox-static is not installed"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "runc needs root here"; exit 77; }
audit=$SHARED/fixtures/k8s/profiles/audit.json
[ ${#id} = 64 ] || fail "bad id $id"

mkdir -p "$T/bundle/rootfs/bin"
cp /bin/busybox "$T/bundle/rootfs/bin/"
for a in sh ls id uname sleep; do ln -s busybox "$T/bundle/rootfs/bin/$a"; done
(cd "$T/bundle" && runc spec)
# runc 1.1.5 rejects any "flags" in the profile; audit.json has none.  The
# shell outlives its children by a second so its records are read while
# its /proc entry still exists.
jq --slurpfile a "$audit" '.process.terminal = false |
        .process.args = ["/bin/sh", "-c", "ls / >/dev/null; id >/dev/null; uname -a >/dev/null; sleep 1"] |
        .linux.seccomp = $a[0] | .root.readonly = true' \
        "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"

"$S" watch -o "$T/out" >"$T/watch.out" 2>"$T/watch.err" &
wp=$!
for i in $(seq 200); do
        grep -q "listening" "$T/watch.err" 2>/dev/null && break
        kill -0 $wp 2>/dev/null || break
        sleep 0.05
done
grep -q "listening" "$T/watch.err" || { cat "$T/watch.err"; fail "watch did not start"; }

runc run -b "$T/bundle" "$id" >"$T/runc.out" 2>&1 || { cat "$T/runc.out"; fail "runc run failed"; }
for i in $(seq 100); do
        [ -f "$T/out/$id.json" ] && jq -e '[.syscalls[].names[]] | index("wait4")' "$T/out/$id.json" >/dev/null &&
                break
        sleep 0.1
done
kill -INT $wp
wait $wp || fail "watch exited $?"
wp=

[ -f "$T/out/$id.json" ] || { ls "$T/out"; cat "$T/watch.err"; fail "no profile for container $id"; }
# The container's shell: runc init's execve of /bin/sh, then sh's own calls.
for s in execve wait4 clone; do
        jq -e --arg s "$s" '[.syscalls[].names[]] | index($s)' "$T/out/$id.json" >/dev/null ||
                { cat "$T/out/$id.json"; fail "$s missing from the container's profile"; }
done
grep -q "^$id execve " "$T/watch.out" || fail "no new-syscall line for the container"
echo "ok: container $id: $(jq '[.syscalls[].names[]] | length' "$T/out/$id.json") syscalls"
