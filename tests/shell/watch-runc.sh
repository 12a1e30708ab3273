#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch attributes a runc container's records to its container ID: the
# container runs under the tutorial's audit.json (read in place), with a
# 64-hex-digit ID as containerd and CRI-O give them, and watch finds that ID
# in /proc/PID/cgroup as the Security Profiles Operator's log enricher does.
set -eu
. tests/lib/watch.sh
T=$(mktemp -d)
wp=
id=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cleanup() {
        [ -n "$wp" ] && kill $wp 2>/dev/null
        runc delete -f "$id" >/dev/null 2>&1 || true
        rm -rf "$T"
}
trap cleanup EXIT
S=$SECCOMPCTL
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "busybox-static is not installed"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "runc needs root here"; exit 77; }
audit=$FIXTURES/k8s/profiles/audit.json
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

watch_start "$T/watch.err" --method audit -o "$T/out" >"$T/watch.out"
runc run -b "$T/bundle" "$id" >"$T/runc.out" 2>&1 || { cat "$T/runc.out"; fail "runc run failed"; }
until_true has_syscall "$T/out/$id.json" wait4
watch_stop || fail "watch exited $?"

[ -f "$T/out/$id.json" ] || { ls "$T/out"; cat "$T/watch.err"; fail "no profile for container $id"; }
# The container's shell: runc init's execve of /bin/sh, then sh's own calls.
# ls, id and uname live for a millisecond: their records are attributed
# through the fork events to the shell's container, not to their comms.
for s in execve wait4 clone getdents64; do
        jq -e --arg s "$s" '[.syscalls[].names[]] | index($s)' "$T/out/$id.json" >/dev/null ||
                { cat "$T/out/$id.json"; fail "$s missing from the container's profile"; }
done
grep -q "^$id execve " "$T/watch.out" || fail "no new-syscall line for the container"
for c in ls id uname sh; do
        [ ! -e "$T/out/$c.json" ] || fail "records of the container's $c attributed to its comm"
done
echo "ok: container $id: $(jq '[.syscalls[].names[]] | length' "$T/out/$id.json") syscalls"

# Round trip through runc: a one-process container (shell builtins only, so
# no short-lived child can exit before watch reads its cgroup), recorded
# under audit.json, then run again under the recorded profile: same output.
# The profile must hold what runc init does after installing the filter
# (reading /proc/self/fd to close inherited fds): without getdents64 the
# container does not start.
# The builtin loop at the end keeps the process alive (no syscalls) while
# watch catches up on a busy machine.
jq '.process.args = ["/bin/sh", "-c", "echo hello; cd /bin; pwd; test -x sh && echo yes; i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done"] |
        .linux.seccomp = $a[0]' --slurpfile a "$audit" "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"
id2=${id:0:62}b2
rm -rf "$T/out2"
watch_start "$T/watch2.err" --method audit -q -o "$T/out2"
runc run -b "$T/bundle" "$id2" >"$T/first.out" 2>&1 || { cat "$T/first.out"; fail "runc under audit.json"; }
until_true has_syscall "$T/out2/$id2.json" exit_group
watch_stop || fail "watch exited $?"
[ -f "$T/out2/$id2.json" ] || fail "no profile for $id2"
# runc init is a Go program: its runtime makes futex and, after an async
# preemption signal, rt_sigreturn at random moments, some runs after the
# filter is in and some not, so no single recording can be relied on to
# see them.  watch adds them (--runtime runc, the default) with the rest
# of what runc 1.1.5 calls after loading the filter: the profile it wrote
# is used as it is.
cp "$T/out2/$id2.json" "$T/rt.json"
jq -e '[.syscalls[].names[]] | index("futex") and index("rt_sigreturn") and index("fstatfs")' "$T/rt.json" >/dev/null ||
        { cat "$T/rt.json"; fail "watch's profile lacks runc's own calls"; }
jq --slurpfile p "$T/rt.json" '.linux.seccomp = $p[0]' "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"
runc run -b "$T/bundle" "${id2:0:62}c3" >"$T/second.out" 2>&1 ||
        { cat "$T/second.out"; cat "$T/rt.json"; fail "the container does not run under its recorded profile"; }
cmp -s "$T/first.out" "$T/second.out" || fail "output differs under the recorded profile"
jq '(.linux.seccomp.syscalls[].names) |= map(select(. != "getdents64"))' "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"
if runc run -b "$T/bundle" "${id2:0:62}d4" >"$T/third.out" 2>&1; then
        fail "runc starts without getdents64: the negative control proves nothing"
fi
runc delete -f "${id2:0:62}d4" >/dev/null 2>&1 || true
echo "ok: runc round trip ($(jq '[.syscalls[].names[]] | length' "$T/out2/$id2.json") syscalls)"

# Deterministic check of the fork-event path: watch is stopped while the
# container's short-lived children (ls, id, uname) run and exit, and
# resumed only then, while the container's shell still waits on stdin, so
# every child is gone when its records are read.
jq --slurpfile a "$audit" '.process.args = ["/bin/sh", "-c",
        "ls / >/dev/null; id >/dev/null; uname >/dev/null; echo ready; read x"] |
        .linux.seccomp = $a[0]' "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"
id3=${id:0:62}e5
watch_start "$T/watch3.err" --method audit -q -o "$T/out3"
kill -STOP $wp
mkfifo "$T/in"
runc run -b "$T/bundle" "$id3" <"$T/in" >"$T/third.out" 2>&1 &
rp=$!
exec 5>"$T/in"
for i in $(seq 200); do grep -q ready "$T/third.out" && break; sleep 0.05; done
grep -q ready "$T/third.out" || { kill -CONT $wp; cat "$T/third.out"; fail "container did not get ready"; }
kill -CONT $wp
until_true has_syscall "$T/out3/$id3.json" getdents64
echo >&5
exec 5>&-
wait $rp || fail "runc run exited $?"
watch_stop || fail "watch exited $?"
[ -f "$T/out3/$id3.json" ] || { ls "$T/out3"; fail "no profile for $id3"; }
jq -e '[.syscalls[].names[]] | index("getdents64")' "$T/out3/$id3.json" >/dev/null ||
        { ls "$T/out3"; fail "ls's records (gone before they were read) not attributed to the container"; }
for c in ls id uname; do
        [ ! -e "$T/out3/$c.json" ] || fail "records of the exited $c attributed to its comm"
done
echo "ok: children gone before their records were read are attributed to the container"
