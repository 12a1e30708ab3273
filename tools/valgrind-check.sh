#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run the pure-core unit tests, the fuzz corpus replays and a handful of
# CLI invocations (check, show, compile, sim, resolve, logs, default on the
# shared fixtures and golden inputs) under valgrind (memcheck: invalid
# reads/writes, uninitialised values, leaks), failing on any report.  A third opinion next to ASan/UBSan: it checks the
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

# The CLI on real and hostile input: the verbs' own code (option parsing,
# printing, file handling) next to the core.  Exit 0 or 1 are both fine
# here (some inputs are invalid on purpose); memcheck errors exit 99.
FIXTURES=${FIXTURES:-tests/fixtures}
S=$BUILD/seccompctl
cli_one() { # NAME ARGS...
        local name=$1; shift
        "${vg[@]}" --log-file="$logdir/cli-$name.vg" "$S" "$@" >"$logdir/cli-$name.log" 2>&1 </dev/null
        local rc=$?
        cat "$logdir/cli-$name.vg" >>"$logdir/cli-$name.log"; rm -f "$logdir/cli-$name.vg"
        if [ $rc -le 1 ]; then
                passed=$((passed + 1)); echo "PASS: valgrind seccompctl $name"
        else
                failed=$((failed + 1)); failed_names+=("cli-$name")
                echo "FAIL: valgrind seccompctl $name (exit $rc), last lines of $logdir/cli-$name.log:"
                tail -n 30 "$logdir/cli-$name.log" | sed 's/^/    /'
        fi
}
if [ -x "$S" ] && [ -d "$FIXTURES" ]; then
        moby=$FIXTURES/runtime-default/moby-default.json
        cli_one check-golden check tests/golden/check/*.json
        cli_one show-moby show "$moby"
        cli_one compile-moby compile --format hex "$moby"
        cli_one compile-crun compile --compat crun --target aarch64 --format disasm "$moby"
        printf '%s\n' 'x86_64 read' 'x86_64 personality 0xffffffff' 'x86 socketcall 1' \
                'x86_64 0x40000027' 'aarch64 clone 0x10000000' 'x86_64 0xffffffff' \
                'x86_64 nosuchcall' '# comment' 's390x 0' >"$logdir/batch.txt"
        cli_one sim-batch sim --batch "$logdir/batch.txt" "$moby"
        cli_one sim-x32 sim --arch x32 "$moby" getpid
        cli_one resolve-ga resolve --json --root "$FIXTURES/k8s" "$FIXTURES"/k8s/ga/*.yaml
        cli_one logs-golden logs tests/golden/audit/auditd.log
        cli_one default default
else
        echo "SKIP: valgrind seccompctl: $S or $FIXTURES missing"
fi
echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed under valgrind: ${failed_names[*]}"
echo "valgrind: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
