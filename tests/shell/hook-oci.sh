#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# seccompctl hook as an OCI hook named in config.json (prestart for runc,
# createRuntime for crun, poststop for both): a container whose annotation
# io.containers.trace-syscall says of:PATH is recorded from the hook on;
# when the runtime returns the profile is there, and the container starts
# again under it with the same output.  if:PATH merges a base in.  No
# annotation: nothing happens.  A malformed annotation stops the container.
set -eu
T=$(mktemp -d)
ids=()
cleanup() {
        for c in "${ids[@]:-}"; do
                [ -z "$c" ] || { runc delete -f "$c" >/dev/null 2>&1; crun --root "$T/crun-root" delete -f "$c" >/dev/null 2>&1; } || true
        done
        rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL

[ "$(uname -m)" = x86_64 ] || { echo "the eBPF recorder is built for x86_64 only"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "OCI runtimes and the eBPF recorder need root"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "the kernel has no BTF (/sys/kernel/btf/vmlinux)"; exit 77; }
[ -x /bin/busybox ] || { echo "busybox-static is not installed"; exit 77; }

newid() { echo "sc-hook-$$-$1-$RANDOM"; }
S_ABS=$(cd "$(dirname "$S")" && pwd)/$(basename "$S")
mkdir -p "$T/bundle/rootfs/bin"
cp /bin/busybox "$T/bundle/rootfs/bin/"
for a in sh ls id uname cat; do ln -s busybox "$T/bundle/rootfs/bin/$a"; done
(cd "$T/bundle" && runc spec)
jq '.process.terminal = false | del(.linux.seccomp) | .root.readonly = true |
    .process.args = ["/bin/sh", "-c", "ls / ; id -u; uname"]' \
        "$T/bundle/config.json" >"$T/base-config.json"

bundle() { # RUNTIME-STAGE ANNOTATION-VALUE|"" [PROFILE]
        local stage=$1 ann=$2 prof=${3:-}
        jq --arg s "$S_ABS" --arg stage "$stage" --arg ann "$ann" --arg prof "$prof" '
            .hooks = {($stage): [{"path": $s, "args": ["seccompctl", "hook", $stage]}],
                      "poststop": [{"path": $s, "args": ["seccompctl", "hook", "poststop"]}]} |
            (if $ann != "" then .annotations = {"io.containers.trace-syscall": $ann} else . end) |
            (if $prof != "" then .linux.seccomp = ($prof | fromjson) else . end)' \
                "$T/base-config.json" >"$T/bundle/config.json"
}

# crun 1.8.1 fails on this host's hybrid cgroups unless the v2 mount is
# out of its sight (docs/machine-facts.md), as in run-crun-differential.sh.
crun() {
        [ "$1" = run ] || { command crun --root "$T/crun-root" "$@"; return; }
        shift
        unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
                r=$1; shift
                exec crun --root "$r" --cgroup-manager=disabled run "$@"' sh "$T/crun-root" "$@"
}
for rt in runc crun; do
        command -v $rt >/dev/null || { echo "note: $rt is not installed, not tested"; continue; }
        stage=prestart
        [ $rt = crun ] && stage=createRuntime
        out=$T/$rt.json
        bundle $stage "of:$out"
        id=$(newid $rt)
        ids+=("$id")
        $rt run -b "$T/bundle" "$id" >"$T/$rt.first" 2>&1 || { cat "$T/$rt.first"; fail "$rt run with the hook"; }
        # poststop waited for the recorder: the profile is there now.
        [ -s "$out" ] || fail "$rt: no profile at $out when the runtime returned"
        for s in execve uname getuid getdents64 wait4; do
                jq -e --arg s "$s" '[.syscalls[].names[]] | index($s)' "$out" >/dev/null ||
                        { cat "$out"; fail "$rt: $s missing from the recorded profile"; }
        done
        echo "ok: $rt: the hook recorded $(jq '[.syscalls[].names[]] | length' "$out") syscalls"

        # The profile starts the container again, same output.
        bundle $stage "" "$(jq -c . "$out")"
        id=$(newid $rt-again)
        ids+=("$id")
        $rt run -b "$T/bundle" "$id" >"$T/$rt.second" 2>&1 ||
                { cat "$T/$rt.second"; fail "$rt: the container does not start under its recorded profile"; }
        cmp -s "$T/$rt.first" "$T/$rt.second" || fail "$rt: output differs under the recorded profile"
        echo "ok: $rt: the recorded profile starts the container, same output"
done

# The hooks.d file shipped for Podman and CRI-O (deploy/oci-hooks.d/):
# the config.json hooks those engines derive from it (one entry per stage,
# no stage argument: the state's status decides) record a runc container.
hd=deploy/oci-hooks.d/seccompctl-trace.json
jq -e '.version == "1.0.0" and .stages == ["prestart", "poststop"] and
       (.when.annotations | keys == ["^io\\.containers\\.trace-syscall$"])' "$hd" >/dev/null ||
        fail "$hd: unexpected content"
jq --arg s "$S_ABS" --slurpfile hd "$hd" --arg out "$T/hooksd.json" '
    .annotations = {"io.containers.trace-syscall": ("of:" + $out)} |
    .hooks = (reduce $hd[0].stages[] as $st ({}; .[$st] = [$hd[0].hook | .path = $s]))' \
        "$T/base-config.json" >"$T/bundle/config.json"
id=$(newid hooksd)
ids+=("$id")
runc run -b "$T/bundle" "$id" >/dev/null 2>&1 || fail "runc run with the hooks.d hook"
jq -e '[.syscalls[].names[]] | index("uname")' "$T/hooksd.json" >/dev/null ||
        fail "the hooks.d hook did not record"
echo "ok: deploy/oci-hooks.d/seccompctl-trace.json records a runc container"

# if:PATH: the base's names are in the result.
cat >"$T/in.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["acct"], "action": "SCMP_ACT_ALLOW"}]}
JSON
bundle prestart "if:$T/in.json;of:$T/merged.json"
id=$(newid merged)
ids+=("$id")
runc run -b "$T/bundle" "$id" >/dev/null 2>&1 || fail "runc run with if:"
jq -e '[.syscalls[].names[]] | (index("acct") != null and index("uname") != null)' "$T/merged.json" >/dev/null ||
        { cat "$T/merged.json"; fail "if: base not merged"; }
echo "ok: if:PATH merged"

# No annotation: the hook does nothing, the container runs.
bundle prestart ""
id=$(newid none)
ids+=("$id")
runc run -b "$T/bundle" "$id" >/dev/null 2>&1 || fail "runc run without annotation"
echo "ok: no annotation, no recording"

# A malformed annotation stops the container's creation.
for bad in "of:relative.json" "if:/x;if:/y;of:/z" "xf:/a" "if:/only-input.json"; do
        bundle prestart "$bad"
        id=$(newid bad)
        ids+=("$id")
        if runc run -b "$T/bundle" "$id" >"$T/bad.out" 2>&1; then
                fail "annotation '$bad' accepted"
        fi
        runc delete -f "$id" >/dev/null 2>&1 || true
done
echo "ok: malformed annotations refused"

# Straight from standard input: escapes in the annotation reach the
# terminal escaped; no annotation is a no-op; invalid state is an error.
st=0
printf '%s' '{"id":"x","pid":1,"annotations":{"io.containers.trace-syscall":"of:\u001b[31mred"}}' |
        "$S" hook prestart >"$T/esc.out" 2>"$T/esc.err" || st=$?
[ $st = 1 ] || fail "escape annotation: exit $st"
! grep -q $'\033' "$T/esc.err" || fail "a raw escape byte reached the terminal"
grep -q 'paths must be absolute' "$T/esc.err" || { cat "$T/esc.err"; fail "no reason given"; }
echo '{"id":"x","pid":1}' | "$S" hook prestart || fail "no annotation: not a no-op"
st=0; echo '{"id":' | "$S" hook prestart 2>/dev/null || st=$?
[ $st = 1 ] || fail "truncated state: exit $st"
st=0; echo '{}' | "$S" hook nosuchstage 2>/dev/null || st=$?
[ $st = 2 ] || fail "bad stage: exit $st"
echo "ok: hostile input on standard input"
