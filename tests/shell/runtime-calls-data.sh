#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# data/runtime-calls.tsv: the build refuses a malformed row (it becomes C
# through tools/runtime-calls-to-c.sh), and the versions it was measured on
# are the runc and crun installed here: after an upgrade the lists must be
# measured again (tools/measure-runtime-calls.sh), not trusted.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
gen=tools/runtime-calls-to-c.sh
T=$(printf '\t')

"$gen" data/runtime-calls.tsv >"$tmp/ok.c" || { echo "FAIL: the real data does not convert"; exit 1; }
grep -q 'SC_RUNTIME_RUNC, "1.1.5", SC_RTW_ALWAYS, "fstatfs", -1' "$tmp/ok.c" ||
        { echo "FAIL: fstatfs row missing from the generated table"; fail=1; }

good="runc${T}1.1.5${T}always${T}close${T}-${T}-${T}-${T}x"
while IFS='|' read -r what row; do
        printf '%s\n%s\n' "$good" "$row" >"$tmp/bad.tsv"
        if "$gen" "$tmp/bad.tsv" >"$tmp/bad.c" 2>"$tmp/bad.err"; then
                echo "FAIL: accepted $what"; fail=1
        elif ! grep -q "bad.tsv:2: " "$tmp/bad.err"; then
                echo "FAIL: $what: no position in: $(cat "$tmp/bad.err")"; fail=1
        fi
done <<EOF
unknown runtime|docker${T}1.0.0${T}always${T}close${T}-${T}-${T}-${T}x
bad version|runc${T}1.1${T}always${T}close${T}-${T}-${T}-${T}x
unknown when|runc${T}1.1.5${T}sometimes${T}close${T}-${T}-${T}-${T}x
bad name|runc${T}1.1.5${T}always${T}close(2)${T}-${T}-${T}-${T}x
index 6|runc${T}1.1.5${T}nnp${T}prctl${T}6${T}8${T}PR_SET_KEEPCAPS${T}x
hex value|runc${T}1.1.5${T}nnp${T}prctl${T}0${T}0x8${T}PR_SET_KEEPCAPS${T}x
value without index|runc${T}1.1.5${T}nnp${T}prctl${T}-${T}8${T}-${T}x
value without a name|runc${T}1.1.5${T}nnp${T}prctl${T}0${T}8${T}-${T}x
too few columns|runc${T}1.1.5${T}always${T}close${T}-${T}-${T}-
C in the value name|runc${T}1.1.5${T}nnp${T}prctl${T}0${T}8${T}X"};${T}x
backslash|runc${T}1.1.5${T}always${T}close${T}-${T}-${T}-${T}a \\ b
EOF
# Quotes in the failure text are escaped, not C syntax.
printf '%s\n' "runc${T}1.1.5${T}always${T}close${T}-${T}-${T}-${T}a \"quoted\" text" >"$tmp/q.tsv"
"$gen" "$tmp/q.tsv" >"$tmp/q.c" && gcc -Werror -fsyntax-only $(for d in src/lib src/lib/*/; do printf -- "-iquote %s " "${d%/}"; done) -I/usr/include/json-c "$tmp/q.c" ||
        { echo "FAIL: quotes in the failure text break the generated C"; fail=1; }
[ $fail = 0 ] && echo "ok: the generator refuses 11 malformed rows, with their line"

# The measured versions are the installed ones.
ver() { awk -F'\t' -v rt="$1" '!/^#/ && $1 == rt { print $2; exit }' data/runtime-calls.tsv; }
if command -v runc >/dev/null; then
        have=$(runc --version | sed -n 's/^runc version \([0-9.]*\).*/\1/p')
        [ "$have" = "$(ver runc)" ] || { echo "FAIL: runc $have installed, data/runtime-calls.tsv measured runc $(ver runc): measure again"; fail=1; }
fi
if command -v crun >/dev/null; then
        have=$(crun --version | sed -n 's/^crun version \([0-9.]*\).*/\1/p')
        [ "$have" = "$(ver crun)" ] || { echo "FAIL: crun $have installed, data/runtime-calls.tsv measured crun $(ver crun): measure again"; fail=1; }
fi
[ $fail = 0 ] && echo "ok: measured on the installed runc $(ver runc) and crun $(ver crun)"

# decompile gives the program as it is by default, and adds a runtime's
# calls on request (--runtime), saying which; the result then checks clean.
S=${SECCOMPCTL:-build/seccompctl}
cat >"$tmp/w.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["execve", "exit_group", "write", "close"], "action": "SCMP_ACT_ALLOW"},
              {"names": ["prctl"], "action": "SCMP_ACT_ALLOW",
               "args": [{"index": 0, "value": 15, "op": "SCMP_CMP_EQ"}]}]}
JSON
"$S" compile --format raw -o "$tmp/w.bpf" "$tmp/w.json" || { echo "FAIL: compile"; exit 1; }
"$S" decompile "$tmp/w.bpf" >"$tmp/plain.json" 2>"$tmp/plain.err"
"$S" check --runtime runc "$tmp/plain.json" >/dev/null 2>"$tmp/plain.check"
grep -q 'runc 1.1.5 calls prctl(PR_SET_KEEPCAPS) after loading the filter (when noNewPrivileges is false); without it runc fails: "unable to set keep caps: operation not permitted"' "$tmp/plain.check" ||
        { echo "FAIL: decompile added calls without --runtime, or check missed prctl(PR_SET_KEEPCAPS)"; cat "$tmp/plain.check"; fail=1; }
"$S" decompile --runtime runc,crun "$tmp/w.bpf" >"$tmp/rt.json" 2>"$tmp/rt.err" ||
        { echo "FAIL: decompile --runtime runc,crun"; cat "$tmp/rt.err"; fail=1; }
grep -q "decompile: added what runc 1.1.5 calls itself after loading the filter: fstatfs" "$tmp/rt.err" &&
        grep -q "decompile: added what crun 1.8.1 calls itself after loading the filter: " "$tmp/rt.err" ||
        { echo "FAIL: decompile does not name what it added"; cat "$tmp/rt.err"; fail=1; }
"$S" check --runtime runc,crun "$tmp/rt.json" >/dev/null 2>"$tmp/rt.check"
[ ! -s "$tmp/rt.check" ] || { echo "FAIL: check warns about decompile --runtime's result"; cat "$tmp/rt.check"; fail=1; }
# prctl stays conditional: the recorded option and the runtimes' only.
[ "$(jq -c '[.syscalls[] | select(.names == ["prctl"]) | .args[0].value] | sort' "$tmp/rt.json")" = '[8,15,24,47]' ] ||
        { echo "FAIL: prctl rules: $(jq -c '[.syscalls[] | select(.names | index("prctl"))]' "$tmp/rt.json")"; fail=1; }
"$S" decompile --runtime docker "$tmp/w.bpf" >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: --runtime docker not a usage error"; fail=1; }
[ $fail = 0 ] && echo "ok: decompile --runtime adds the calls, prctl only for the options passed"
exit $fail
