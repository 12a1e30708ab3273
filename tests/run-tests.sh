#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run every test: unit test binaries (build/tests/test-*), fuzz corpus
# replays (build/fuzz/fuzz-*), and shell tests (tests/shell/*.sh).
# Exit status 77 means skipped (printed loudly).  Ends with the line
#   N passed, N failed, N skipped
set -u
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
export BUILD SECCOMPCTL FIXTURES
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0 failed_names=()
logdir=$BUILD/test-logs
mkdir -p "$logdir"

run_one() { # name cmd...
        local name=$1; shift
        local log="$logdir/$name.log" start=$SECONDS rc
        "$@" >"$log" 2>&1 </dev/null
        rc=$?
        case $rc in
        0) passed=$((passed + 1)); echo "PASS: $name ($((SECONDS - start))s)"
           # parts a test could not run here (tests/lib/kernel-features.sh)
           grep '^SKIP-PART: ' "$log" | sort -u | sed 's/^/    /' ;;
        77) skipped=$((skipped + 1)); echo "SKIP: $name: $(tail -n 1 "$log")" ;;
        *) failed=$((failed + 1)); failed_names+=("$name")
           echo "FAIL: $name (exit $rc), last lines of $log:"
           tail -n 30 "$log" | sed 's/^/    /' ;;
        esac
}

for t in "$BUILD"/tests/test-*; do
        [ -x "$t" ] || continue
        case $t in *.d|*.o) continue ;; esac
        run_one "$(basename "$t")" "$t"
done
for f in "$BUILD"/fuzz/fuzz-*; do
        [ -x "$f" ] || continue
        case $f in *.d|*.o) continue ;; esac
        name=$(basename "$f")
        run_one "replay-$name" "$f" fuzz/corpus/"${name#fuzz-}"
done
for s in tests/shell/*.sh; do
        [ -f "$s" ] || continue
        run_one "$(basename "$s" .sh)" bash "$s"
done
echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
