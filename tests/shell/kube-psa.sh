#!/bin/bash
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
exit $fail
