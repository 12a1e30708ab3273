#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# resolve: what the API server rejects is an error (exit 1) in its words,
# objects read back from a cluster keep their ephemeral containers, the
# kubelet's own refusal of localhostProfile: "", namespaces in --json,
# and --runtime containerd|cri-o (privileged containers, RuntimeDefault).
set -u
: "${SECCOMPCTL:?}"
S=$SECCOMPCTL
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir -p "$tmp/root"
printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$tmp/root/ok.json"
printf '{"defaultAction": "SCMP_ACT_LOG"}\n' >"$tmp/priv.json"

# rejected FILE WANT: exit 1 and the API server's sentence.
rejected() {
        local out rc
        out=$("$S" resolve --root "$tmp/root" "$tmp/$1" 2>&1); rc=$?
        if [ $rc != 1 ] || ! grep -qF -- "$2" <<<"$out"; then
                echo "FAIL: $1: exit $rc, want 1 and: $2"; echo "$out"; fail=1
        fi
}
# accepted FILE: exit 0.
accepted() {
        local out rc
        out=$("$S" resolve --root "$tmp/root" "$@" 2>&1); rc=$?
        [ $rc = 0 ] || { echo "FAIL: $*: exit $rc: $out"; fail=1; }
}

cat >"$tmp/eph.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: x}]
  ephemeralContainers: [{name: e, image: x}]
Y
rejected eph.yaml 'error: The Pod "p" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create'
# kubectl get pod -o json: status and uid set, ephemeral containers legitimate
cat >"$tmp/live.json" <<'Y'
{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "p", "namespace": "web", "uid": "6c1f6d1e-94a5-4c3c-a7a2-0d6f2c1c9f00"},
 "spec": {"containers": [{"name": "c", "image": "x"}],
          "ephemeralContainers": [{"name": "debugger-abcde", "image": "busybox"}]},
 "status": {"phase": "Running"}}
Y
accepted "$tmp/live.json"
cat >"$tmp/tmpl.yaml" <<'Y'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: c, image: x}]
      ephemeralContainers: [{name: e, image: x}]
Y
rejected tmpl.yaml 'The DaemonSet "d" is invalid: spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'
cat >"$tmp/ann.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/defualt
spec:
  containers: [{name: c, image: x}]
Y
rejected ann.yaml 'The Pod "p" is invalid: metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "runtime/defualt": must be a valid seccomp profile'
cat >"$tmp/mismatch.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.seccomp.security.alpha.kubernetes.io/c: runtime/default
spec:
  containers:
  - name: c
    image: x
    securityContext: {seccompProfile: {type: Unconfined}}
Y
rejected mismatch.yaml 'spec.containers[0].securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match'
cat >"$tmp/empty-lp.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {seccompProfile: {type: Localhost, localhostProfile: ""}}
  containers: [{name: c, image: x}]
Y
rejected empty-lp.yaml 'error: CreateContainerConfigError: localhostProfile must be set if seccompProfile type is Localhost.'
out=$("$S" resolve --root "$tmp/root" "$tmp/empty-lp.yaml" 2>&1)
grep -q "is a directory" <<<"$out" && { echo "FAIL: empty localhostProfile read as the root: $out"; fail=1; }

# --json: the namespace, "default" unless the object or --namespace says.
cat >"$tmp/ns.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b, namespace: prod}
spec: {template: {spec: {containers: [{name: c, image: x}]}}}
Y
ns=$("$S" resolve --json "$tmp/ns.yaml" | python3 -c 'import json,sys; print(" ".join(o["namespace"] for o in json.load(sys.stdin)))')
[ "$ns" = "default prod" ] || { echo "FAIL: namespaces: $ns"; fail=1; }
ns=$("$S" resolve --json --namespace team-a "$tmp/ns.yaml" | python3 -c 'import json,sys; print(" ".join(o["namespace"] for o in json.load(sys.stdin)))')
[ "$ns" = "team-a prod" ] || { echo "FAIL: --namespace: $ns"; fail=1; }

# --runtime: privileged containers and what RuntimeDefault is.
cat >"$tmp/priv.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
  - {name: a, image: x, securityContext: {privileged: true}}
  - {name: b, image: x}
Y
j() { "$S" resolve --json "$@" "$tmp/priv.yaml" | python3 -c 'import json,sys; print(" ".join("%s:%s:%s" % (o["container"], o["type"], o["path"]) for o in json.load(sys.stdin)))'; }
got=$(j)
[ "$got" = "a:Unconfined:None b:RuntimeDefault:None" ] || { echo "FAIL: containerd: $got"; fail=1; }
got=$(j --runtime cri-o)
[ "$got" = "a:Unconfined:None b:RuntimeDefault:None" ] || { echo "FAIL: cri-o without privileged_seccomp_profile: $got"; fail=1; }
got=$(j --runtime cri-o --privileged-seccomp-profile "$tmp/priv.json")
[ "$got" = "a:Localhost:$tmp/priv.json b:RuntimeDefault:None" ] || { echo "FAIL: cri-o privileged profile: $got"; fail=1; }
# the file is loaded and checked like any Localhost profile
out=$("$S" resolve --runtime cri-o --privileged-seccomp-profile "$tmp/missing.json" "$tmp/priv.yaml" 2>&1); rc=$?
[ $rc = 1 ] && grep -qF "cannot load seccomp profile \"$tmp/missing.json\": open $tmp/missing.json: no such file or directory" <<<"$out" ||
        { echo "FAIL: missing privileged profile: exit $rc: $out"; fail=1; }
rd=$("$S" resolve --json --runtime cri-o "$tmp/priv.yaml" | python3 -c 'import json,sys; print(json.load(sys.stdin)[1]["runtimeDefault"])')
grep -q "ENOSYS" <<<"$rd" || { echo "FAIL: cri-o RuntimeDefault: $rd"; fail=1; }
rd=$("$S" resolve --json "$tmp/priv.yaml" | python3 -c 'import json,sys; print(json.load(sys.stdin)[1]["runtimeDefault"])')
grep -q "containerd" <<<"$rd" || { echo "FAIL: containerd RuntimeDefault: $rd"; fail=1; }
# usage errors
"$S" resolve --runtime docker "$tmp/priv.yaml" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --runtime docker not a usage error"; fail=1; }
"$S" resolve --privileged-seccomp-profile "$tmp/priv.json" "$tmp/priv.yaml" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: --privileged-seccomp-profile without cri-o not a usage error"; fail=1; }
exit $fail
