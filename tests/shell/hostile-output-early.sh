#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Outputs that cannot be written are found before the work, and names the
# kernel allows are usable (issue 18, item 23):
#  - record -o /nonexistent/dir/x used to run the whole workload and fail
#    only when writing;
#  - install of a 255-byte file name failed (the temporary file was
#    NAME.tmp.XXXXXX, over NAME_MAX);
#  - watch -o a/b failed when a was missing although --help says the
#    directory is created.
set -u
tmp=$(mktemp -d /tmp/sc-outearly-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }

# record: refused before the workload runs.
"$S" record -q -o "$tmp/nonexistent/dir/x.json" -- touch "$tmp/ran" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || FAIL "record -o missing-dir: exit $rc (want 1)"
[ -e "$tmp/ran" ] && FAIL "record -o missing-dir ran the workload"
grep -q "cannot write $tmp/nonexistent/dir/x.json: No such file or directory" "$tmp/err" ||
        FAIL "record -o missing-dir: unclear message: $(cat "$tmp/err")"
mkdir "$tmp/adir"
"$S" record -q -o "$tmp/adir" -- touch "$tmp/ran" 2>"$tmp/err"
[ -e "$tmp/ran" ] && FAIL "record -o DIR ran the workload"
grep -q "Is a directory" "$tmp/err" || FAIL "record -o DIR: unclear message: $(cat "$tmp/err")"
echo "checked: record refuses an unwritable -o before running anything"

exit $fail
