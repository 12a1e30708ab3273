#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch --method ebpf (the default where it can run): containers are
# recorded whatever their profile.  A runc container started Unconfined is
# recorded into <container-id>.json and that profile starts it again in
# runc with the same output; one under RuntimeDefault is recorded too;
# --cgroup and --pid narrow the recording; without CAP_BPF watch says so
# and falls back to the audit method.
set -eu
T=$(mktemp -d)
wp=
cleanup() {
        [ -z "$wp" ] || kill "$wp" 2>/dev/null || true
        for c in "${ids[@]:-}"; do [ -z "$c" ] || runc delete -f "$c" >/dev/null 2>&1 || true; done
        [ -z "${cg:-}" ] || rmdir "$cg" 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL
ids=()

[ "$(uname -m)" = x86_64 ] || { echo "the eBPF recorder is built for x86_64 only"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "watch --method ebpf and runc need root"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "the kernel has no BTF (/sys/kernel/btf/vmlinux)"; exit 77; }
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "busybox-static is not installed"; exit 77; }

newid() { head -c 32 /dev/urandom | sha256sum | cut -c1-64; }
start_watch() { # OUTDIR ARGS...
        local out=$1 i
        shift
        "$S" watch "$@" -o "$out" >"$out.out" 2>"$out.err" &
        wp=$!
        for i in $(seq 300); do
                grep -q "listening" "$out.err" 2>/dev/null && return 0
                kill -0 $wp 2>/dev/null || break
                sleep 0.05
        done
        cat "$out.err"
        fail "watch did not start"
}
stop_watch() {
        kill -INT $wp
        wait $wp || fail "watch exited $?"
        wp=
}
has() { # FILE SYSCALL...
        local f=$1 s
        shift
        for s in "$@"; do
                jq -e --arg s "$s" '[.syscalls[].names[]] | index($s)' "$f" >/dev/null ||
                        { cat "$f"; fail "$s missing from $f"; }
        done
}

mkdir -p "$T/bundle/rootfs/bin"
cp /bin/busybox "$T/bundle/rootfs/bin/"
for a in sh ls id uname sleep cat; do ln -s busybox "$T/bundle/rootfs/bin/$a"; done
(cd "$T/bundle" && runc spec)
# Unconfined: no linux.seccomp at all.  ls, id and uname are separate,
# short-lived processes in the container's cgroup.
jq '.process.terminal = false | del(.linux.seccomp) | .root.readonly = true |
    .process.args = ["/bin/sh", "-c", "ls / ; id -u; uname"]' \
        "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"

# ---- an Unconfined container, recorded, then started under its profile ----
id=$(newid)
ids+=("$id")
start_watch "$T/out"
grep -q "(method ebpf)\|with eBPF" "$T/out.err" || fail "ebpf is not the default"
runc run -b "$T/bundle" "$id" >"$T/first.out" 2>&1 || { cat "$T/first.out"; fail "runc run (Unconfined)"; }
stop_watch
[ -f "$T/out/$id.json" ] || { ls "$T/out"; cat "$T/out.err"; fail "no profile for the Unconfined container $id"; }
has "$T/out/$id.json" execve wait4 getdents64 uname getuid
grep -q "^$id uname " "$T/out.out" || fail "no new-syscall line for the container"
! grep -q "warning" "$T/out.err" || { cat "$T/out.err"; fail "warnings (lost events?)"; }
echo "ok: Unconfined container $id: $(jq '[.syscalls[].names[]] | length' "$T/out/$id.json") syscalls"

jq --slurpfile p "$T/out/$id.json" '.linux.seccomp = $p[0]' "$T/bundle/config.json" >"$T/c.json"
cp "$T/c.json" "$T/bundle-profile.json"
mv "$T/c.json" "$T/bundle/config.json"
id2=$(newid)
ids+=("$id2")
runc run -b "$T/bundle" "$id2" >"$T/second.out" 2>&1 ||
        { cat "$T/second.out"; fail "the container does not start under its recorded profile"; }
cmp -s "$T/first.out" "$T/second.out" || { diff "$T/first.out" "$T/second.out"; fail "output differs under the recorded profile"; }
# Negative control: the profile matters (without uname the applet fails).
jq '(.linux.seccomp.syscalls[].names) |= map(select(. != "uname"))' "$T/bundle/config.json" >"$T/c.json"
mv "$T/c.json" "$T/bundle/config.json"
id3=$(newid)
ids+=("$id3")
runc run -b "$T/bundle" "$id3" >"$T/third.out" 2>&1 || true
if cmp -s "$T/first.out" "$T/third.out"; then
        fail "same output without uname: the round trip proves nothing"
fi
echo "ok: the recorded profile starts the container in runc, same output"

# ---- a RuntimeDefault container is recorded as well ----
"$S" default >"$T/rd.json"
jq --slurpfile p "$T/rd.json" '.linux.seccomp = $p[0]' "$T/bundle-profile.json" >"$T/bundle/config.json"
id4=$(newid)
ids+=("$id4")
start_watch "$T/out4"
runc run -b "$T/bundle" "$id4" >"$T/fourth.out" 2>&1 || { cat "$T/fourth.out"; fail "runc run (RuntimeDefault)"; }
stop_watch
[ -f "$T/out4/$id4.json" ] || { ls "$T/out4"; fail "no profile for the RuntimeDefault container"; }
has "$T/out4/$id4.json" execve uname getdents64
echo "ok: RuntimeDefault container recorded"

# ---- Kubernetes names from the runtime's state (containerd's annotations
# in the bundle runc's state names) name the file.  runc writes its state
# after the container's first calls; the container waits on its stdin
# until watch has written the renamed profile. ----
jq --arg ns "ns-$$" '.process.args = ["/bin/sh", "-c", "uname; read x"] | .annotations
        = {"io.kubernetes.cri.sandbox-namespace": $ns,
        "io.kubernetes.cri.sandbox-name": "web-1", "io.kubernetes.cri.container-name": "app"} |
        del(.linux.seccomp)' "$T/bundle-profile.json" >"$T/bundle/config.json"
id5=$(newid)
ids+=("$id5")
k8s=$T/out9/ns-$$_web-1_app.json
start_watch "$T/out9"
mkfifo "$T/in9"
runc run -b "$T/bundle" "$id5" <"$T/in9" >/dev/null 2>&1 &
rp=$!
exec 5>"$T/in9"
for i in $(seq 600); do [ -f "$k8s" ] && break; sleep 0.1; done
echo >&5
exec 5>&-
wait $rp || fail "runc run (annotated)"
stop_watch
[ -f "$k8s" ] || { ls "$T/out9"; fail "no ns-$$_web-1_app.json"; }
[ ! -e "$T/out9/$id5.json" ] || fail "the annotated container also got an ID-named file"
has "$k8s" execve uname read
echo "ok: Kubernetes names from the runtime's state"

# ---- --cgroup: one cgroup v2 directory ----
cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cg2" ] || fail "no cgroup2 mount"
name=sc-watch-ebpf-$$
cg=$cg2/$name
mkdir "$cg"
start_watch "$T/out5" --cgroup "$name"
sh -c 'echo $$ >"$1/cgroup.procs" && exec uname -a' sh "$cg" >/dev/null
uname -r >/dev/null # outside the cgroup: not recorded
stop_watch
[ -f "$T/out5/$name.json" ] || { ls "$T/out5"; cat "$T/out5.err"; fail "--cgroup: no $name.json"; }
has "$T/out5/$name.json" execve uname
[ "$(ls "$T/out5" | wc -l)" = 1 ] || { ls "$T/out5"; fail "--cgroup: other profiles written"; }
rmdir "$cg"
cg=
echo "ok: --cgroup"

# ---- --pid: a process tree ----
mkfifo "$T/go"
sh -c 'read x <"$1"; uname >/dev/null; exit 0' sh "$T/go" &
tp=$!
start_watch "$T/out6" --pid $tp
echo >"$T/go"
wait $tp
stop_watch
[ -f "$T/out6/sh.json" ] || { ls "$T/out6"; cat "$T/out6.err"; fail "--pid: no sh.json"; }
has "$T/out6/sh.json" execve uname wait4
echo "ok: --pid"

# ---- fallback: no CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN -> audit, said ----
nocap=(setpriv --bounding-set -bpf,-perfmon,-sys_admin --)
"${nocap[@]}" "$S" watch --duration 0.2 -o "$T/out7" 2>"$T/out7.err" || { cat "$T/out7.err"; fail "fallback watch failed"; }
grep -q "eBPF recorder unavailable (no CAP_BPF" "$T/out7.err" || { cat "$T/out7.err"; fail "fallback not said"; }
grep -q "listening on the audit multicast group" "$T/out7.err" || { cat "$T/out7.err"; fail "no audit fallback"; }
if "${nocap[@]}" "$S" watch --method ebpf --duration 0.2 -o "$T/out8" 2>"$T/out8.err"; then
        fail "--method ebpf without CAP_BPF succeeded"
fi
grep -q "cannot run: no CAP_BPF" "$T/out8.err" || { cat "$T/out8.err"; fail "--method ebpf: no reason given"; }
st=0; "$S" watch --method audit --pid 1 --duration 0.1 -o "$T/x" 2>/dev/null || st=$?
[ $st = 2 ] || fail "--pid with --method audit: not a usage error"
echo "ok: fallback to audit"

# ---- nothing lost silently: a syscall map of 8 entries overflows; watch
# says how many were not stored and exits 1 ----
cg=$cg2/sc-watch-ov-$$
mkdir "$cg"
SECCOMPCTL_BPF_SMALL_MAPS=1 "$S" watch --cgroup "${cg#"$cg2"/}" -q -o "$T/out10" \
        >/dev/null 2>"$T/out10.err" &
wp=$!
for i in $(seq 300); do grep -q listening "$T/out10.err" 2>/dev/null && break; sleep 0.05; done
grep -q listening "$T/out10.err" || { cat "$T/out10.err"; fail "watch (small maps) did not start"; }
sh -c 'echo $$ >"$1/cgroup.procs" && exec ls -la /' sh "$cg" >/dev/null
kill -INT $wp
st=0
wait $wp || st=$?
wp=
[ $st = 1 ] || { cat "$T/out10.err"; fail "overflowing syscall map: exit $st, not 1"; }
grep -q "warning: [0-9]* syscalls not stored (map full)" "$T/out10.err" ||
        { cat "$T/out10.err"; fail "syscall map overflow not reported"; }
rmdir "$cg"
cg=
echo "ok: map overflows reported"
