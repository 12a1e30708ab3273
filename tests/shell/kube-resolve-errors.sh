#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# resolve: the runtime-side failures (invalid file, directory, missing
# file), privileged containers never reading the file, JSON on stdin
# (kubectl get -o json), and usage errors.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
root=$tmp/root
mkdir -p "$root/dir.json"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_BOGUS"}]}\n' \
        >"$root/bad.json"
pod() { # localhostProfile [privileged]
        printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext:\n'
        [ -n "${2:-}" ] && printf '      privileged: true\n'
        printf '      seccompProfile: {type: Localhost, localhostProfile: %s}\n' "$1"
}

pod bad.json >"$tmp/p.yaml"
out=$("$SECCOMPCTL" resolve --root "$root" "$tmp/p.yaml"); rc=$?
[ $rc = 1 ] || fail "invalid profile: exit $rc"
grep -qF "error: cannot load seccomp profile \"$root/bad.json\": $root/bad.json:1:" <<<"$out" ||
        fail "invalid profile message: $out"

pod dir.json >"$tmp/p.yaml"
out=$("$SECCOMPCTL" resolve --root "$root" "$tmp/p.yaml"); rc=$?
[ $rc = 1 ] || fail "directory: exit $rc"
grep -qF "cannot load seccomp profile \"$root/dir.json\": read $root/dir.json: is a directory" <<<"$out" ||
        fail "directory message: $out"

# The runtime reads the bare profile: a config.json around it does not load.
printf '{"ociVersion": "1.0.2", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO"}}}\n' \
        >"$root/config.json"
pod config.json >"$tmp/p.yaml"
out=$("$SECCOMPCTL" resolve --root "$root" "$tmp/p.yaml"); rc=$?
[ $rc = 1 ] || fail "config.json: exit $rc"
grep -qF "not a bare OCI seccomp profile (an OCI config.json)" <<<"$out" || fail "config.json message: $out"

# privileged: Unconfined, and the missing file is not an error.
pod missing.json yes >"$tmp/p.yaml"
out=$("$SECCOMPCTL" resolve --json --root "$root" "$tmp/p.yaml"); rc=$?
[ $rc = 0 ] || fail "privileged: exit $rc: $out"
grep -q '"type": "Unconfined", "runtimeDefault": null, "path": null, "error": null' <<<"$out" || fail "privileged: $out"

# kubectl get pods -o json: a List, on stdin.
cat >"$tmp/list.json" <<'JSON'
{"apiVersion": "v1", "kind": "List", "items": [
 {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
  "spec": {"template": {"spec": {
    "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
    "containers": [{"name": "nginx"}, {"name": "side", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]}}}},
 {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"},
  "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job"}]}}}}}}
]}
JSON
out=$("$SECCOMPCTL" resolve --json --seccomp-default - <"$tmp/list.json"); rc=$?
[ $rc = 0 ] || fail "list: exit $rc"
want='[
  {"manifest": "-", "kind": "Deployment", "namespace": "default", "pod": "web", "container": "nginx", "containerKind": "container", "type": "RuntimeDefault", "runtimeDefault": "containerd'"'"'s built-in default (Docker'"'"'s default.json rules, EPERM; seccompctl default)", "path": null, "error": null, "warnings": []},
  {"manifest": "-", "kind": "Deployment", "namespace": "default", "pod": "web", "container": "side", "containerKind": "container", "type": "Unconfined", "runtimeDefault": null, "path": null, "error": null, "warnings": []},
  {"manifest": "-", "kind": "CronJob", "namespace": "default", "pod": "nightly", "container": "job", "containerKind": "container", "type": "RuntimeDefault", "runtimeDefault": "containerd'"'"'s built-in default (Docker'"'"'s default.json rules, EPERM; seccompctl default)", "path": null, "error": null, "warnings": []}
]'
[ "$out" = "$want" ] || fail "list output: $out"

# A manifest that is not YAML is exit 1 with a positioned error.
printf 'kind: Pod\nspec: [\n' >"$tmp/broken.yaml"
"$SECCOMPCTL" resolve "$tmp/broken.yaml" 2>"$tmp/err" >/dev/null
[ $? = 1 ] || fail "broken manifest exit"
grep -q "broken.yaml:[0-9]*:[0-9]*: error" "$tmp/err" || fail "broken manifest: $(cat "$tmp/err")"

"$SECCOMPCTL" resolve 2>/dev/null; [ $? = 2 ] || fail "no manifest: not a usage error"
"$SECCOMPCTL" resolve --bogus x 2>/dev/null; [ $? = 2 ] || fail "bad option: not a usage error"
"$SECCOMPCTL" resolve --help | grep -q '^Exit status:' || fail "--help"
echo ok
