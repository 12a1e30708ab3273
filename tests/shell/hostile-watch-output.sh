#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch's output directory (issue 18, items 18 and 23): -o a/b is created
# with its parents, as --help says (it failed when a was missing), and
# the summary lists only profiles that were written: when the directory
# is replaced by a file, nothing is written, the summary says so and
# names no file, and the exit status is 1.
set -u
. tests/workloads/build.sh
. tests/lib/watch.sh
watch_tmpdir
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
need_log_action

cat >"$T/log.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_LOG"}]}
JSON
watch_start "$T/watch.err" -q --method audit -o "$T/a/b"
[ -d "$T/a/b" ] || FAIL "-o a/b was not created"
# The output directory goes away: every write must fail.
rmdir "$T/a/b" && : >"$T/a/b"
"$S" run --profile "$T/log.json" -- "$W/rename-flood" 3
until_true grep -q "cannot write" "$T/watch.err"
rc=0
watch_stop || rc=$?
[ $rc = 1 ] || FAIL "watch exited $rc after failed writes (want 1)"
grep -q "cannot write" "$T/watch.err" || FAIL "no write error: $(cat "$T/watch.err")"
grep -q " 0 profiles in $T/a/b" "$T/watch.err" || FAIL "summary counts unwritten profiles: $(cat "$T/watch.err")"
grep -q "could not be written" "$T/watch.err" || FAIL "summary does not say what was not written"
grep -q "^  $T/a/b/.*syscalls" "$T/watch.err" && FAIL "summary lists a file never written: $(grep syscalls "$T/watch.err")"
exit $fail
