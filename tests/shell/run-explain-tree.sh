#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run --explain attributes the records of the command's whole process
# tree, children and grandchildren that are gone when their records are
# read included, both ways it knows the tree (src/os/proctree.c):
#  - with fork events (the proc connector, CAP_NET_ADMIN): exact;
#  - without (CAP_NET_ADMIN dropped from the bounding set by capsh): each
#    record's pid is walked up /proc, and a process already gone counts as
#    the command's.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
tmp=$(mktemp -d /tmp/sc-xtree-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
grep -qw errno /proc/sys/kernel/seccomp/actions_logged ||
        { echo "the kernel does not log ERRNO actions (actions_logged)"; exit 77; }
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' >"$tmp/deny.json"

# The probe forks a child for each call: the shell's two probes, and the
# inner shell's, make three denials by three processes, none of them the
# command itself, all gone by the time the command ends.  (sh calls getuid
# itself: its own denials are said too.)
tree_cmd='"$0" getuid; "$0" getuid & wait; sh -c "\"\$0\" getuid" "$0"'

check() { # NAME: $tmp/err holds the probes' three denials by three pids,
          # and nothing but denials of getuid
        local name=$1 lines pids
        lines=$(grep -c '^denied: getuid (x1, errno 13 EACCES) by pid [0-9]* (probe)$' "$tmp/err")
        pids=$(sed -n 's/^denied: getuid .* by pid \([0-9]*\) (probe)$/\1/p' "$tmp/err" | sort -u | wc -l)
        if [ "$lines" = 3 ] && [ "$pids" = 3 ] &&
           ! grep -qv '^denied: getuid (x[0-9]*, errno 13 EACCES) by pid [0-9]* ' "$tmp/err"; then
                echo "ok $name: $(tr '\n' ';' <"$tmp/err")"
        else
                echo "FAIL $name: want 3 denials by 3 pids:"; cat "$tmp/err"; fail=1
        fi
}

"$SECCOMPCTL" run --explain --profile "$tmp/deny.json" -- sh -c "$tree_cmd" "$PROBE" \
        >/dev/null 2>"$tmp/err" || { echo "FAIL fork-events: exit $?"; cat "$tmp/err"; fail=1; }
check fork-events

if command -v capsh >/dev/null; then
        capsh --drop=cap_net_admin -- -c \
                '"$0" run --explain --profile "$1" -- sh -c "$2" "$3"' \
                "$SECCOMPCTL" "$tmp/deny.json" "$tree_cmd" "$PROBE" >/dev/null 2>"$tmp/err" ||
                { echo "FAIL proc-walk: exit $?"; cat "$tmp/err"; fail=1; }
        check proc-walk
else
        echo "SKIP-PART: capsh is not installed: the /proc walk without fork events is not tested"
fi
exit $fail
