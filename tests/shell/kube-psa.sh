#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# psa: every fixture under $FIXTURES/k8s/psa/LEVEL/VERSION/{pass,fail}
# gets exit 0 (pass) or 1 (fail) at its level and version, and the
# messages match the golden file (PSA's wording).
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
golden=$(cd "$(dirname "$0")/../golden/kube" && pwd)/psa.out
cd "$FIXTURES/k8s/psa" || { echo "no psa fixtures"; exit 1; }
fail=0 n=0 out=
for f in $(find . -name '*.yaml' | sed 's|^\./||' | LC_ALL=C sort); do
        IFS=/ read -r level version expect _ <<<"$f"
        msg=$("$SECCOMPCTL" psa --level "$level" --version "$version" "$f" 2>&1)
        rc=$?
        n=$((n + 1))
        want=0; [ "$expect" = fail ] && want=1
        if [ "$rc" != "$want" ]; then
                echo "FAIL: $f: exit $rc, expected $want: $msg"
                fail=1
        fi
        out+="$msg"$'\n'
done
[ "$n" = 23 ] || { echo "FAIL: $n fixtures, expected 23"; fail=1; }
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        printf '%s' "$out" >"$golden"
else
        diff -u "$golden" <(printf '%s' "$out") || fail=1
fi
# Usage errors are 2.
"$SECCOMPCTL" psa restricted/v1.37/pass/seccompprofile_restricted0.yaml 2>/dev/null
[ $? = 2 ] || { echo "FAIL: missing --level not a usage error"; fail=1; }
"$SECCOMPCTL" psa --level restricted --version v9 restricted/v1.37/pass/seccompprofile_restricted0.yaml 2>/dev/null
[ $? = 2 ] || { echo "FAIL: bad --version not a usage error"; fail=1; }
# Nothing to check is not a pass: an empty file, a comment-only file and
# a file of other kinds exit 1 and say so.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.yaml"
printf '# a comment\n---\n# another\n' >"$tmp/comments.yaml"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' >"$tmp/service.yaml"
for f in empty comments; do
        out=$("$SECCOMPCTL" psa --level baseline "$tmp/$f.yaml" 2>&1); rc=$?
        [ $rc = 1 ] && grep -q "$f.yaml: empty (no object): nothing was checked" <<<"$out" ||
                { echo "FAIL: $f.yaml: exit $rc: $out"; fail=1; }
        # also beside a file that does hold a Pod
        out=$("$SECCOMPCTL" psa --level baseline "$tmp/$f.yaml" \
                baseline/v1.37/pass/seccompprofile_baseline0.yaml 2>&1); rc=$?
        [ $rc = 1 ] || { echo "FAIL: $f.yaml beside a Pod: exit $rc: $out"; fail=1; }
done
out=$("$SECCOMPCTL" psa --level baseline "$tmp/service.yaml" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "no Pod or pod template in any MANIFEST: nothing was checked" <<<"$out" ||
        { echo "FAIL: service.yaml: exit $rc: $out"; fail=1; }
# a Service beside a Pod is skipped with a note, not an error
out=$("$SECCOMPCTL" psa --level baseline "$tmp/service.yaml" \
        baseline/v1.37/pass/seccompprofile_baseline0.yaml 2>&1); rc=$?
[ $rc = 0 ] || { echo "FAIL: service.yaml beside a Pod: exit $rc: $out"; fail=1; }
# A privileged container without runAsNonRoot passes the seccomp checks
# only: the output must not claim the level admits it, and names the
# checks that did not run.
cat >"$tmp/priv.yaml" <<'EOF2'
apiVersion: v1
kind: Pod
metadata: {name: priv}
spec:
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers: [{name: a, image: x, securityContext: {privileged: true}}]
EOF2
out=$("$SECCOMPCTL" psa --level restricted "$tmp/priv.yaml" 2>&1); rc=$?
[ $rc = 0 ] || { echo "FAIL: priv.yaml exit $rc"; fail=1; }
grep -q 'pods "priv": the seccomp checks of PodSecurity "restricted:latest" pass$' <<<"$out" &&
        grep -q 'not run: .*privileged.*runAsNonRoot' <<<"$out" &&
        ! grep -q 'allowed by' <<<"$out" ||
        { echo "FAIL: priv.yaml output: $out"; fail=1; }
# --json: one object, the checks that ran and did not, PSA's message.
if command -v python3 >/dev/null; then
        "$SECCOMPCTL" psa --json --level restricted "$tmp/priv.yaml" \
                restricted/v1.37/fail/seccompprofile_restricted0.yaml | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["policy"] == "restricted:latest", d
assert d["checked"] == ["seccompProfile_baseline", "seccompProfile_restricted"], d
assert "runAsNonRoot" in d["notChecked"] and "privileged" in d["notChecked"], d
r = d["results"]
assert [x["allowed"] for x in r] == [True, False], r
assert r[1]["message"].startswith("pods \"seccompprofile_restricted0\" is forbidden: violates PodSecurity"), r
' || { echo "FAIL: psa --json"; fail=1; }
fi
exit $fail
