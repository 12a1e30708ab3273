#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# export: SPO resources read back as the same profile, securityContext
# snippets resolve to the installed file, ConfigMaps carry the exact
# bytes, and what the SPO CRD cannot hold is refused.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
k8s=$(cd "$FIXTURES/k8s" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Failing on purpose is exit 1, never a crash.
refused() { # cmd...
        "$@"
        local rc=$?
        [ "$rc" = 1 ] || fail "expected exit 1, got $rc: $*"
}
cd "$k8s"

# 1. SPO round trip: the exported resource is the same profile.
for p in profiles/*.json _variants/*.json "$FIXTURES"/spo/seccompprofile.yaml \
         "$FIXTURES"/spo/baseprofile-*.yaml; do
        "$SECCOMPCTL" export --format spo "$p" >"$tmp/spo.yaml" 2>/dev/null || fail "export $p"
        grep -q '^apiVersion: security-profiles-operator.x-k8s.io/v1$' "$tmp/spo.yaml" ||
                fail "$p: apiVersion"
        n=$(grep -c '^kind: SeccompProfile$' "$tmp/spo.yaml")
        if [ "$n" = 1 ]; then
                "$SECCOMPCTL" show "$p" >"$tmp/a" 2>/dev/null || fail "show $p"
                "$SECCOMPCTL" show "$tmp/spo.yaml" >"$tmp/b" 2>/dev/null || fail "show exported $p"
                diff -u "$tmp/a" "$tmp/b" || fail "$p: exported SPO resource is a different profile"
        else
                # Several resources: what install writes from each must match.
                rm -rf "$tmp/i1" "$tmp/i2"
                "$SECCOMPCTL" install -q --root "$tmp/i1" "$p" 2>/dev/null || fail "install $p"
                "$SECCOMPCTL" install -q --root "$tmp/i2" "$tmp/spo.yaml" 2>/dev/null ||
                        fail "install exported $p"
                diff -r "$tmp/i1" "$tmp/i2" || fail "$p: exported SPO resources differ"
        fi
done
# metadata.name: the file's base name, or --name.
"$SECCOMPCTL" export --format spo --name my-audit profiles/audit.json | grep -qx '  name: my-audit' ||
        fail "--name"
"$SECCOMPCTL" export --format spo profiles/fine-grained.json | grep -qx '  name: fine-grained' ||
        fail "default name"

# 2. What the CRD cannot express is refused, not silently changed.
printf '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38}\n' >"$tmp/enosys.json"
refused "$SECCOMPCTL" export --format spo "$tmp/enosys.json" >"$tmp/out" 2>"$tmp/err"
grep -q "defaultErrnoRet 38 cannot be expressed" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "partial output on error"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 18446744073709551615, "op": "SCMP_CMP_EQ"}]}]}\n' \
        >"$tmp/big.json"
refused "$SECCOMPCTL" export --format spo "$tmp/big.json" >/dev/null 2>"$tmp/err"
grep -q "does not fit the SPO CRD's int64" "$tmp/err" || fail "message: $(cat "$tmp/err")"
# Invalid profiles are not exported at all.
printf '{"defaultAction": "SCMP_ACT_NOPE"}\n' >"$tmp/bad.json"
refused "$SECCOMPCTL" export --format configmap "$tmp/bad.json" >/dev/null 2>&1

# 3. securityContext points at what install writes; resolve agrees.
"$SECCOMPCTL" install -q --root "$tmp/root" profiles/audit.json || fail install
{
        printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n'
        "$SECCOMPCTL" export --format securitycontext profiles/audit.json | sed 's/^/    /'
} >"$tmp/pod.yaml"
"$SECCOMPCTL" resolve --json --root "$tmp/root" "$tmp/pod.yaml" >"$tmp/r.json" || fail "resolve: $(cat "$tmp/r.json")"
grep -q "\"path\": \"$tmp/root/profiles/audit.json\", \"error\": null" "$tmp/r.json" ||
        fail "snippet does not resolve to the installed file: $(cat "$tmp/r.json")"

# 4. ConfigMap: keys are file names, values the exact bytes; the watcher
#    installs from it what install would.
"$SECCOMPCTL" export --format configmap --name seccomp-profiles --namespace kube-system \
        profiles/*.json >"$tmp/cm.yaml" || fail "configmap"
if python3 -c 'import yaml' 2>/dev/null; then
        python3 - "$tmp/cm.yaml" "$k8s/profiles" <<'PY' || fail "ConfigMap content"
import os, sys, yaml
cm = yaml.safe_load(open(sys.argv[1]))
assert cm["apiVersion"] == "v1" and cm["kind"] == "ConfigMap", cm
assert cm["metadata"] == {"name": "seccomp-profiles", "namespace": "kube-system"}, cm["metadata"]
want = sorted(os.listdir(sys.argv[2]))
assert sorted(cm["data"]) == want, (sorted(cm["data"]), want)
for k, v in cm["data"].items():
    assert v == open(os.path.join(sys.argv[2], k)).read(), k
PY
fi
refused "$SECCOMPCTL" export --format configmap profiles/audit.json profiles/audit.json >/dev/null 2>&1
echo ok
