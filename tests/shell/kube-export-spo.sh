#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# export --format spo against the Security Profiles Operator's own CRDs
# (tests/fixtures/spo/crds: the deploy bundles of v0.8.4, v0.9.1, v1.0.0).
# kubectl and a cluster are not available here: each object is checked
# with 'export --crd', the structural openAPIV3Schema check (served
# version, types, unknown fields, enums, limits, patterns) that
# tests/unit/test-kube-schema.c proves refuses every violation the CRDs
# define.  Every API version is checked against every CRD that claims to
# serve it, and what a CRD would refuse is refused before printing.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
S=$SECCOMPCTL
crds=$FIXTURES/spo/crds
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0

# Which CRD serves which --spo-api (v1.0.0 serves both; v0.8/v0.9 only v1beta1).
declare -A serves=([v1]="v1.0.0" [v1beta1]="v0.8.4 v0.9.1 v1.0.0")
declare -A refuses=([v1]="v0.8.4 v0.9.1" [v1beta1]="")

inputs=("$FIXTURES"/k8s/profiles/*.json "$FIXTURES"/runtime-default/moby-default.json
        "$FIXTURES"/spo/seccompprofile.yaml
        "$FIXTURES"/spo/baseprofile-runc.yaml "$FIXTURES"/spo/baseprofile-crun.yaml)
for f in "${inputs[@]}"; do
        for api in v1 v1beta1; do
                for v in ${serves[$api]}; do
                        n=$((n + 1))
                        out=$("$S" export --format spo --spo-api "$api" \
                                --crd "$crds/crd-$v.yaml" "$f" 2>&1 >"$tmp/out.yaml"); rc=$?
                        if [ $rc != 0 ]; then
                                echo "FAIL: $f as $api against CRD $v: exit $rc: $out"; fail=1
                        fi
                        grep -q "^apiVersion: security-profiles-operator.x-k8s.io/$api$" \
                                "$tmp/out.yaml" || { echo "FAIL: $f: apiVersion not $api"; fail=1; }
                done
                for v in ${refuses[$api]}; do
                        out=$("$S" export --format spo --spo-api "$api" \
                                --crd "$crds/crd-$v.yaml" "$f" 2>&1 >/dev/null); rc=$?
                        [ $rc = 1 ] && grep -q 'no matches for kind "SeccompProfile" in version' <<<"$out" ||
                                { echo "FAIL: $f as $api accepted by CRD $v: $out"; fail=1; }
                done
        done
done

# A disabled SPO profile keeps its state in the version's own field.
cat >"$tmp/disabled.yaml" <<'Y'
apiVersion: security-profiles-operator.x-k8s.io/v1beta1
kind: SeccompProfile
metadata:
  name: old-profile
  labels: {team: web}
  annotations: {description: "kept through the round trip"}
spec:
  defaultAction: SCMP_ACT_LOG
  disabled: true
  baseProfileName: runc-v1.1.5
Y
out=$("$S" export --format spo --crd "$crds/crd-v1.0.0.yaml" "$tmp/disabled.yaml" 2>/dev/null) &&
        grep -q '^  state: Disabled$' <<<"$out" && grep -q '^    team: web$' <<<"$out" &&
        grep -q '^    description: kept through the round trip$' <<<"$out" &&
        grep -q '^  baseProfileName: runc-v1.1.5$' <<<"$out" ||
        { echo "FAIL: disabled v1: $out"; fail=1; }
out=$("$S" export --format spo --spo-api v1beta1 --crd "$crds/crd-v0.9.1.yaml" "$tmp/disabled.yaml" 2>/dev/null) &&
        grep -q '^  disabled: true$' <<<"$out" || { echo "FAIL: disabled v1beta1: $out"; fail=1; }
# ... and reads back as the same (state: Disabled is understood as input)
"$S" export --format spo "$tmp/disabled.yaml" >"$tmp/rt.yaml" 2>/dev/null &&
        "$S" export --format spo --spo-api v1beta1 --crd "$crds/crd-v0.9.1.yaml" "$tmp/rt.yaml" |
        grep -q '^  disabled: true$' || { echo "FAIL: state round trip"; fail=1; }

# containers/common's profile denies with ENOSYS: the CRD has no defaultErrnoRet
out=$("$S" export --format spo "$FIXTURES/runtime-default/containers-common.json" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q 'defaultErrnoRet 38 cannot be expressed in an SPO SeccompProfile' <<<"$out" ||
        { echo "FAIL: defaultErrnoRet 38: exit $rc"; fail=1; }

# refused WHAT FILE MESSAGE: exit 1, the message, nothing on stdout.
refused() {
        local out err rc
        out=$("$S" export --format spo "$2" 2>"$tmp/err"); rc=$?
        err=$(cat "$tmp/err")
        if [ $rc != 1 ] || [ -n "$out" ] || ! grep -qF -- "$3" <<<"$err"; then
                echo "FAIL: $1: exit $rc, stdout '${out:0:80}', stderr: $err"; fail=1
        fi
}
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","read"],"action":"SCMP_ACT_ALLOW"}]}' >"$tmp/dup.json"
refused "duplicate names" "$tmp/dup.json" 'spec.syscalls[0].names[2]: Duplicate value: "read"'
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":[],"action":"SCMP_ACT_ALLOW"}]}' >"$tmp/empty.json"
refused "empty names" "$tmp/empty.json" 'spec.syscalls[0].names: Required value'
a='{"index":0,"value":1,"op":"SCMP_CMP_NE"}'
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[%s,%s,%s,%s,%s,%s,%s]}]}' "$a" "$a" "$a" "$a" "$a" "$a" "$a" >"$tmp/args7.json"
refused "7 args" "$tmp/args7.json" 'spec.syscalls[0].args: Too many: 7: must have at most 6 items'
printf '{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_LOONGARCH64"]}' >"$tmp/loong.json"
refused "arch outside the enum" "$tmp/loong.json" 'spec.architectures[0]: Unsupported value: "SCMP_ARCH_LOONGARCH64"'
printf '{"defaultAction":"SCMP_ACT_ALLOW","listenerPath":"/run/agent.sock","syscalls":[{"names":["ioctl"],"action":"SCMP_ACT_NOTIFY"}]}' >"$tmp/lp.json"
refused "listenerPath" "$tmp/lp.json" 'spec.listenerPath: Invalid value: "/run/agent.sock"'
printf '{"defaultAction":"SCMP_ACT_ALLOW"}' >"$tmp/-x.json"
refused "derived name" "$tmp/-x.json" 'metadata.name "-x" (from the file name) is not a DNS-1123 subdomain'
printf '{"defaultAction":"SCMP_ACT_ALLOW"}' >"$tmp/My_Profile.v2.json"
out=$("$S" export --format spo --crd "$crds/crd-v1.0.0.yaml" "$tmp/My_Profile.v2.json" 2>&1) &&
        grep -q '^  name: my-profile.v2$' <<<"$out" || { echo "FAIL: name from file: $out"; fail=1; }
# --listenerPath in SPO's directory is fine
printf '{"defaultAction":"SCMP_ACT_ALLOW","listenerPath":"/var/run/security-profiles-operator/agent.sock","syscalls":[{"names":["ioctl"],"action":"SCMP_ACT_NOTIFY"}]}' >"$tmp/lp-ok.json"
"$S" export --format spo --crd "$crds/crd-v1.0.0.yaml" "$tmp/lp-ok.json" >/dev/null ||
        { echo "FAIL: listenerPath in SPO's directory refused"; fail=1; }

# --target for Docker-format input: an arm64 node pool gets arm64's rules.
"$S" export --format spo --target aarch64 --crd "$crds/crd-v1.0.0.yaml" \
        "$FIXTURES/runtime-default/moby-default.json" >"$tmp/arm.yaml" &&
        grep -q '^  - SCMP_ARCH_AARCH64$' "$tmp/arm.yaml" && ! grep -q 'SCMP_ARCH_X86_64' "$tmp/arm.yaml" ||
        { echo "FAIL: --target aarch64: $(head -20 "$tmp/arm.yaml")"; fail=1; }
# securitycontext --via names the file that each route really writes:
# configmap -> a ConfigMap key; install --watch (deploy/'s DaemonSet) puts
# it at the root; resolve then finds the snippet's localhostProfile.
mkdir -p "$tmp/cm" "$tmp/node"
"$S" export --format configmap "$FIXTURES/k8s/profiles/audit.json" >"$tmp/cm.yaml" 2>/dev/null
key=$(sed -n 's/^  \([^ ]*\): |.*/\1/p' "$tmp/cm.yaml")
cp "$FIXTURES/k8s/profiles/audit.json" "$tmp/cm/$key"
"$S" install --root "$tmp/node" --watch "$tmp/cm" --once >/dev/null 2>&1 ||
        { echo "FAIL: install --watch --once"; fail=1; }
snip=$("$S" export --format securitycontext --via configmap "$FIXTURES/k8s/profiles/audit.json")
rel=$(sed -n 's/^    localhostProfile: //p' <<<"$snip")
[ -f "$tmp/node/$rel" ] || { echo "FAIL: --via configmap says $rel; node has: $(ls -R "$tmp/node")"; fail=1; }
{ printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n'
  sed 's/^/    /' <<<"$snip"; } >"$tmp/pod.yaml"
"$S" resolve --root "$tmp/node" "$tmp/pod.yaml" >/dev/null ||
        { echo "FAIL: the --via configmap snippet does not resolve on the node"; fail=1; }
# SPO writes operator/NAME.json (v0.9+), operator/NS/NAME.json (v0.8)
"$S" export --format securitycontext --via spo "$FIXTURES/spo/seccompprofile.yaml" 2>/dev/null |
        grep -q '^    localhostProfile: operator/profile-block-all.json$' || { echo "FAIL: --via spo"; fail=1; }
"$S" export --format securitycontext --via spo --spo-api v1beta1 --namespace web \
        "$FIXTURES/spo/seccompprofile.yaml" 2>/dev/null |
        grep -q '^    localhostProfile: operator/web/profile-block-all.json$' || { echo "FAIL: --via spo v0.8"; fail=1; }

# usage
"$S" export --format spo --spo-api v2 "$tmp/lp-ok.json" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --spo-api v2 not a usage error"; fail=1; }
"$S" export --format spo --namespace x "$tmp/lp-ok.json" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --namespace with cluster-scoped v1 not a usage error"; fail=1; }
"$S" export --format spo --spo-api v1beta1 --namespace x --crd "$crds/crd-v0.8.4.yaml" "$tmp/lp-ok.json" |
        grep -q '^  namespace: x$' || { echo "FAIL: v0.8 namespace"; fail=1; }
echo "$n objects checked against the CRDs"
exit $fail
