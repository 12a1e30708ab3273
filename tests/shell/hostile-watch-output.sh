#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch's output directory (issue 18, items 18 and 23): -o a/b is created
# with its parents, as --help says (it failed when a was missing), and
# the summary lists only profiles that were written: when the directory
# is replaced by a file, nothing is written, the summary says so and
# names no file, and the exit status is 1.
set -u
. tests/workloads/build.sh
T=$(mktemp -d /tmp/sc-wout-XXXXXX)
wp=
trap '[ -n "$wp" ] && kill $wp 2>/dev/null; rm -rf "$T"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
grep -qw log /proc/sys/kernel/seccomp/actions_logged ||
        { echo "the kernel does not log SCMP_ACT_LOG (actions_logged)"; exit 77; }

cat >"$T/log.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_LOG"}]}
JSON
"$S" watch -q --method audit -o "$T/a/b" 2>"$T/watch.err" &
wp=$!
for i in $(seq 200); do
        grep -q "listening" "$T/watch.err" 2>/dev/null && break
        kill -0 $wp 2>/dev/null || break
        sleep 0.05
done
if ! grep -q "listening" "$T/watch.err"; then
        grep -q CAP_AUDIT_READ "$T/watch.err" && { echo "no CAP_AUDIT_READ: the audit multicast group cannot be joined"; exit 77; }
        FAIL "watch did not start: $(cat "$T/watch.err")"
        exit 1
fi
[ -d "$T/a/b" ] || FAIL "-o a/b was not created"
# The output directory goes away: every write must fail.
rmdir "$T/a/b" && : >"$T/a/b"
"$S" run --profile "$T/log.json" -- "$W/rename-flood" 3
for i in $(seq 100); do
        grep -q "cannot write" "$T/watch.err" && break
        sleep 0.1
done
kill -INT $wp
wait $wp; rc=$?; wp=
[ $rc = 1 ] || FAIL "watch exited $rc after failed writes (want 1)"
grep -q "cannot write" "$T/watch.err" || FAIL "no write error: $(cat "$T/watch.err")"
grep -q " 0 profiles in $T/a/b" "$T/watch.err" || FAIL "summary counts unwritten profiles: $(cat "$T/watch.err")"
grep -q "could not be written" "$T/watch.err" || FAIL "summary does not say what was not written"
grep -q "^  $T/a/b/.*syscalls" "$T/watch.err" && FAIL "summary lists a file never written: $(grep syscalls "$T/watch.err")"
exit $fail
