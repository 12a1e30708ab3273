#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Broken profiles and their exact error lines (tests/golden/check/*.err):
# the messages are part of the interface, so a change to one is a
# deliberate change to its golden file.  Regenerate with REGEN=1.
set -u
cd "$(dirname "$0")/../golden/check"
fail=0
for f in *.json *.yaml; do
        exp=${f%.*}.err
        got=$("$SECCOMPCTL" check -q "$f" 2>&1 >/dev/null)
        rc=$?
        if [ "$rc" != 1 ]; then
                echo "FAIL: $f: exit $rc, expected 1"
                fail=1
        fi
        if [ -n "${REGEN:-}" ]; then
                printf '%s\n' "$got" > "$exp"
                continue
        fi
        if ! diff -u "$exp" <(printf '%s\n' "$got"); then
                echo "FAIL: $f: messages differ from $exp"
                fail=1
        fi
        # Every line names the file and a position.
        if printf '%s\n' "$got" | grep -v "^$f:[0-9]*:[0-9]*: \(error\|warning\): " | grep -q .; then
                echo "FAIL: $f: a line without FILE:LINE:COL"
                fail=1
        fi
done
exit $fail
