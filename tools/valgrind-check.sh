#!/bin/bash
# Run the pure-core unit tests and the fuzz corpus replays under valgrind
# (memcheck: invalid reads/writes, uninitialised values, leaks), failing on
# the first report.  A third opinion next to ASan/UBSan: it checks the
# gcc-built binaries as they ship, and finds uninitialised reads ASan does
# not look for.
#
#   tools/valgrind-check.sh [BUILD]     (default: build; run `make test-bins` first)
#
# Left out, with the reason:
#   test-api, test-loader*, test-compile-kernel   load filters for real:
#       valgrind does not implement seccomp(2) (syscall 317 is "unhandled")
#       and a filter would also confine valgrind's own syscalls;
#   test-differential   libseccomp probes the kernel's seccomp API with
#       seccomp(2) and fails under valgrind (-EINVAL on every profile);
#   test-decompile-proc reads live filters with ptrace (kernel-facing).
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-build}
command -v valgrind >/dev/null || { echo "valgrind is not installed (make deps)"; exit 1; }
skip_re='^test-(api|loader.*|compile-kernel|differential|decompile-proc)$'
logdir=$BUILD/test-logs/valgrind
mkdir -p "$logdir"
vg=(valgrind -q --error-exitcode=99 --leak-check=full --track-origins=yes)
passed=0 failed=0 skipped=0 failed_names=()

run_one() { # NAME CMD...
        local name=$1 log=$logdir/$1.log start=$SECONDS rc; shift
        "${vg[@]}" --log-file="$log.vg" "$@" >"$log" 2>&1 </dev/null
        rc=$?
        cat "$log.vg" >>"$log"; rm -f "$log.vg"
        case $rc in
        0) passed=$((passed + 1)); echo "PASS: valgrind $name ($((SECONDS - start))s)" ;;
        77) skipped=$((skipped + 1)); echo "SKIP: valgrind $name: $(grep -v '^==' "$log" | tail -n 1)" ;;
        *) failed=$((failed + 1)); failed_names+=("$name")
           echo "FAIL: valgrind $name (exit $rc$([ $rc = 99 ] && echo ": memcheck errors")), last lines of $log:"
           tail -n 30 "$log" | sed 's/^/    /' ;;
        esac
}

found=0
for t in "$BUILD"/tests/test-*; do
        [ -x "$t" ] || continue
        case $t in *.d|*.o) continue ;; esac
        name=$(basename "$t")
        found=1
        [[ $name =~ $skip_re ]] && continue
        run_one "$name" "$t"
done
for f in "$BUILD"/fuzz/fuzz-*; do
        [ -x "$f" ] || continue
        case $f in *.d|*.o) continue ;; esac
        name=$(basename "$f")
        run_one "replay-$name" "$f" fuzz/corpus/"${name#fuzz-}"
done
[ $found = 1 ] || { echo "no test binaries in $BUILD/tests (make BUILD=$BUILD test-bins)"; exit 1; }
echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed under valgrind: ${failed_names[*]}"
echo "valgrind: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
