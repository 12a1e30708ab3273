#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A NUL in a manifest string used to truncate it (issue 18, item 11):
# type: "RuntimeDefault\0junk" resolved as RuntimeDefault and passed psa,
# although the API server (which compares the whole Go string) rejects
# it.  resolve reports the API server's error with every byte (\x00);
# psa refuses the type.
set -u
tmp=$(mktemp -d /tmp/sc-mnul-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: "RuntimeDefault\\0junk"}\n  containers: [{name: c, image: x}]\n' >"$tmp/pod.yaml"
printf '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "ok.json\\u0000/../../etc/x"}}, "containers": [{"name": "c", "image": "x"}]}}}}\n' >"$tmp/deploy.json"
printf '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$tmp/ok.json"
for f in pod.yaml deploy.json; do
        "$S" resolve --root "$tmp" "$tmp/$f" >"$tmp/out" 2>"$tmp/err"; rc=$?
        [ $rc = 0 ] && FAIL "resolve $f: exit 0: $(cat "$tmp/out")"
        grep -qE "Unsupported value: \"RuntimeDefault.*x00junk\"|must not contain .\.\.." "$tmp/out" || FAIL "resolve $f: unclear: $(cat "$tmp/out" "$tmp/err")"
        # PSA checks only the type (a Localhost path is the API server's
        # business, above), so only the type's NUL matters to it.
        [ $f = pod.yaml ] || continue
        for level in baseline restricted; do
                "$S" psa --level $level "$tmp/$f" >"$tmp/out" 2>"$tmp/err"; rc=$?
                [ $rc = 0 ] && FAIL "psa --level $level $f: exit 0: $(cat "$tmp/out")"
                grep -q "violates PodSecurity" "$tmp/out" "$tmp/err" || FAIL "psa $f: unclear: $(cat "$tmp/out" "$tmp/err")"
        done
done
grep -qF 'RuntimeDefault\x00junk' <("$S" resolve "$tmp/pod.yaml" 2>&1) || FAIL "the NUL is not shown"
exit $fail
