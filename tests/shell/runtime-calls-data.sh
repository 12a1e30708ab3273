#!/bin/bash
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
"$gen" "$tmp/q.tsv" >"$tmp/q.c" && gcc -Werror -fsyntax-only -Isrc/lib -I/usr/include/json-c "$tmp/q.c" ||
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
exit $fail
