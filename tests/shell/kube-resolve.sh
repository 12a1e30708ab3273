#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# resolve: every manifest under $FIXTURES/k8s against its golden file
# (human output, --json, --json --seccomp-default, and the exit statuses),
# with the fixtures' own directory as the kubelet root so that
# profiles/*.json exist and my-profile.json does not.
# UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
golden=$(cd "$(dirname "$0")/../golden/kube/resolve" && pwd)
k8s=$(cd "$FIXTURES/k8s" && pwd) || { echo "no $FIXTURES/k8s"; exit 1; }
cd "$k8s"
fail=0 n=0
while IFS= read -r m; do
        n=$((n + 1))
        g="$golden/$(echo "$m" | sed 's|/|__|g').out"
        out=$(
                echo "## resolve --root ROOT $m"
                "$SECCOMPCTL" resolve --root "$k8s" "$m" 2>&1; echo "exit $?"
                echo "## resolve --json --root ROOT $m"
                "$SECCOMPCTL" resolve --json --root "$k8s" "$m" 2>/dev/null; echo "exit $?"
                echo "## resolve --json --seccomp-default --root ROOT $m"
                "$SECCOMPCTL" resolve --json --seccomp-default --root "$k8s" "$m" 2>/dev/null
                echo "exit $?"
        )
        out=${out//$k8s/ROOT}
        if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
                printf '%s\n' "$out" >"$g"
        elif ! diff -u "$g" <(printf '%s\n' "$out"); then
                echo "FAIL: $m differs from $g"
                fail=1
        fi
done < <(find . -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
                ! -path './profiles/*' | sed 's|^\./||' | LC_ALL=C sort)
[ "$n" -ge 30 ] || { echo "only $n manifests found under $k8s"; exit 1; }

# The JSON is what scripts consume: it must parse, and hold exactly the
# documented keys.
if command -v python3 >/dev/null; then
        "$SECCOMPCTL" resolve --json --root "$k8s" fields.yaml ga/*.yaml alpha/*.yaml |
                python3 -c '
import json, sys
a = json.load(sys.stdin)
keys = ["manifest", "kind", "namespace", "pod", "container", "containerKind", "type", "runtimeDefault", "path", "error", "warnings"]
assert len(a) == 11, len(a)
for o in a:
    assert list(o) == keys, list(o)
' || { echo "FAIL: --json shape"; fail=1; }
fi
echo "$n manifests checked"
exit $fail
