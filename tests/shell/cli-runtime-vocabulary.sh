#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# --runtime has one parser (cli_runtime_parse) and one vocabulary: runc,
# crun (comma separated) and none say whose own calls a profile holds;
# containerd and cri-o (crio, CRI-O) whose RuntimeDefault.  Every spelling
# that worked before the parser was shared still works, a name of the
# other role is a usage error that says what --runtime means for that
# verb, and the exit statuses `--help` lists are the man page's.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
S=$SECCOMPCTL
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
FAIL() { echo "FAIL: $*"; fail=1; }
expect() { # STATUS CMD...: CMD exits STATUS
        local want=$1; shift
        "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
        local rc=$?
        [ "$rc" = "$want" ] || FAIL "$* exited $rc, not $want: $(head -c 300 "$tmp/err")"
}
prof=$FIXTURES/runtime-default/moby-default.json
pod=$FIXTURES/k8s/ga/default-pod.yaml

# whose RuntimeDefault: every spelling
for rt in containerd cri-o crio CRI-O; do
        expect 0 "$S" default --runtime "$rt"
        expect 0 "$S" resolve --runtime "$rt" "$pod"
        expect 0 "$S" run --runtime-default --runtime "$rt" -- true
done
"$S" default --runtime crio >"$tmp/crio.json"
"$S" default --runtime cri-o >"$tmp/cri-o.json"
cmp -s "$tmp/crio.json" "$tmp/cri-o.json" || FAIL "default: crio and cri-o differ"
grep -q '"defaultErrnoRet": 38' "$tmp/crio.json" || FAIL "default --runtime crio is not CRI-O's (ENOSYS)"

# whose own calls: every spelling
for rt in runc crun runc,crun crun,runc none; do
        expect 0 "$S" logs --runtime "$rt" /dev/null
        expect 0 "$S" merge --runtime "$rt" -o "$tmp/m.json" "$prof"
        expect 0 "$S" check --runtime "$rt" -q "$prof"
done

# the other role, or a bad list: a usage error naming the role
for v in default resolve; do
        args=(); [ "$v" = resolve ] && args=("$pod")
        expect 2 "$S" "$v" --runtime runc "${args[@]}"
        grep -q "invalid --runtime 'runc' (here it means whose RuntimeDefault: containerd or cri-o)" "$tmp/err" ||
                FAIL "$v --runtime runc: $(cat "$tmp/err")"
done
expect 125 "$S" run --runtime-default --runtime none -- true
grep -q "run: invalid --runtime 'none'" "$tmp/err" || FAIL "run --runtime none: $(cat "$tmp/err")"
for v in "containerd" "cri-o" "none,runc" "" "docker"; do
        expect 2 "$S" logs --runtime "$v" /dev/null
        grep -q "logs: invalid --runtime '$v' (here it means whose own calls a profile holds" "$tmp/err" ||
                FAIL "logs --runtime '$v': $(cat "$tmp/err")"
done

# exit statuses: listed once, in --help and in the man page's EXIT STATUS
"$S" --help | sed -n '/^Exit status/,$p' >"$tmp/help"
for st in 0 1 2 3 125 126 127 128+N; do
        grep -q "^  $st " "$tmp/help" || FAIL "--help lists no exit status $st"
done
man=$(cd "$(dirname "$0")/../.." && pwd)/man/seccompctl.1
sed -n '/^\.SH EXIT STATUS/,/^\.SH FILES/p' "$man" | grep -q "^  125 " ||
        FAIL "man page: EXIT STATUS does not list 125"
# ... and the vocabulary, once, in the DESCRIPTION
grep -q "containerd or cri-o (crio and CRI-O work too): whose RuntimeDefault" "$man" ||
        FAIL "man page: no --runtime vocabulary"
exit $fail
