#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run --type Localhost loads what the runtime loads (issue 18, item 16):
# the kubelet hands the file to containerd/CRI-O, which json.Unmarshal it
# as the bare profile.  A whole OCI config.json, an SPO resource, YAML or
# JSON with a trailing comma there is a CreateContainerError, which
# `resolve` reports; `run` once accepted them (as --profile does) and ran
# the command.  It must exit 125 without running it, with the same words.
set -u
tmp=$(mktemp -d /tmp/sc-hlocfmt-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; exit 1; }
root=$tmp/root
mkdir -p "$root"
bare='{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 43}]}'
echo "$bare" >"$root/bare.json"
jq -n --argjson p "$bare" '{ociVersion: "1.0.2", process: {args: ["sh"]}, root: {path: "rootfs"}, linux: {seccomp: $p}}' >"$root/config.json"
cat >"$root/spo.yaml" <<'YAML'
apiVersion: security-profiles-operator.x-k8s.io/v1beta1
kind: SeccompProfile
metadata: {name: spo}
spec:
  defaultAction: SCMP_ACT_ALLOW
YAML
printf '{"defaultAction": "SCMP_ACT_ALLOW",}\n' >"$root/trailing.json"

# The bare profile runs and is enforced (mkdir fails with ITS errno 43).
out=$("$S" run --type Localhost --root "$root" --localhost-profile bare.json -- mkdir "$tmp/d" 2>&1)
rc=$?
[ $rc = 1 ] && [ ! -e "$tmp/d" ] || fail "bare profile: exit $rc, $out"
echo "ok: the bare profile is enforced"

for f in config.json spo.yaml trailing.json; do
        rm -f "$tmp/ran"
        "$S" run --type Localhost --root "$root" --localhost-profile "$f" -- touch "$tmp/ran" >"$tmp/out" 2>&1
        rc=$?
        [ $rc = 125 ] || fail "$f: run exit $rc (expected 125): $(cat "$tmp/out")"
        [ ! -e "$tmp/ran" ] || fail "$f: the command ran"
        grep -q "run: CreateContainerError: cannot load seccomp profile \"$root/$f\"" "$tmp/out" ||
                fail "$f: message: $(cat "$tmp/out")"
        # resolve says the same.
        cat >"$tmp/pod.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: Localhost, localhostProfile: $f}
  containers: [{name: c, image: busybox}]
YAML
        "$S" resolve --root "$root" "$tmp/pod.yaml" >"$tmp/res" 2>&1
        detail=$(sed -n 's/.*CreateContainerError: //p' "$tmp/out")
        grep -qF "$detail" "$tmp/res" || fail "$f: resolve says otherwise: $(cat "$tmp/res") / run: $detail"
        echo "ok: $f refused like the runtime: $detail"
done
