# SPDX-License-Identifier: Apache-2.0
# Sourced by tests/shell/bypass-*.sh and hostile-*.sh: builds the bypass
# workloads into $BUILD/bypass (B=that directory) and writes the test
# profiles into $tmp (which the caller created):
#
#   $tmp/p64.json   architectures [X86_64]
#   $tmp/p86.json   architectures [X86_64, X86]
#   $tmp/px32.json  architectures [X86_64, X32]
#   $tmp/psock.json architectures [X86_64, X86], plus socket(AF_VSOCK, ...)
#                   ERRNO 45 (the other families get the default) and
#                   personality allowed for argument 0 == 0 only
#
# all with the same rules, chosen so the answering rule shows in errno:
#   startup syscalls, getpid, ids, seccomp, prctl, ...  ALLOW
#   getppid                                    ERRNO 42
#   ptrace                                     ERRNO 44
#   anything else                              ERRNO 99 (defaultErrnoRet)
# plus runc's ENOSYS stub (38) above the highest number named.  The allow
# list also covers what runc's init does after installing the filter, so
# the same profiles run inside a runc container.
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
B=$(mkdir -p "$BUILD/bypass" && cd "$BUILD/bypass" && pwd)
_bsrc=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# bypass_build OUT SRC FLAGS...: (re)build when missing or older than SRC.
# Plain gcc/cc without the sanitizer flags: static helpers.
bypass_build() {
        local out=$1 src=$2; shift 2
        if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
                ${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
                        -o "$out.tmp" "$src" "$@" && mv "$out.tmp" "$out" || return 1
        fi
}
# The sanitizer pass runs with CC=clang; these helpers are independent of
# it, and -m32 -static needs gcc-multilib, so build them with gcc.
CC=gcc bypass_build "$B/rawsys" "$_bsrc/rawsys.c" -static ||
        { echo "cannot build rawsys"; exit 1; }
HAVE_M32=0
CC=gcc bypass_build "$B/rawsys32" "$_bsrc/rawsys.c" -m32 -static 2>/dev/null && HAVE_M32=1
# shellcheck source=../lib/kernel-features.sh
. "$_bsrc/../lib/kernel-features.sh"
[ "$HAVE_IA32" = 1 ] ||
        skip_part "this kernel runs no i386 code (IA32 emulation off): the int \$0x80 and -m32 cases are not run"

_bypass_profile() { # ARCHES... [-- EXTRA-RULE-JSON]
        local a extra=
        while [ $# -gt 0 ] && [ "$1" != -- ]; do a+="\"$1\","; shift; done
        [ $# -gt 0 ] && extra=",$2"
        cat <<JSON
{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 99,
 "architectures": [${a%,}],
 "syscalls": [
  {"names": ["execve", "brk", "arch_prctl", "set_thread_area", "set_tid_address",
             "set_robust_list", "rseq", "prlimit64", "ugetrlimit", "readlink",
             "readlinkat", "getrandom", "mprotect", "newfstatat", "statx", "fstat",
             "fstat64", "openat", "open", "read", "close", "write", "exit_group",
             "exit", "getpid", "getuid", "geteuid", "getuid32", "geteuid32",
             "seccomp", "prctl", "wait4", "waitpid",
             "mmap", "munmap", "futex", "rt_sigprocmask", "rt_sigaction",
             "rt_sigreturn", "fcntl", "fstatfs", "statfs", "getdents64",
             "capget", "capset", "setgroups", "setresuid", "setresgid", "ioctl"],
   "action": "SCMP_ACT_ALLOW"},
  {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 42},
  {"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 44}$extra
 ]}
JSON
}
_bypass_profile SCMP_ARCH_X86_64 > "$tmp/p64.json"
_bypass_profile SCMP_ARCH_X86_64 SCMP_ARCH_X86 > "$tmp/p86.json"
_bypass_profile SCMP_ARCH_X86_64 SCMP_ARCH_X32 > "$tmp/px32.json"
_bypass_profile SCMP_ARCH_X86_64 SCMP_ARCH_X86 -- \
        '{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 45, "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
         {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}' \
        > "$tmp/psock.json"

# Argument rules as libseccomp 2.5.4 merges them (issue 12): default ALLOW
# (so the runtime's own set-up runs), distinct errnos per rule, on calls
# that change nothing (umask's result is discarded, getpriority reads).
# Each is a case where the merged tree may differ from first-match order.
# umask = 95, getpriority = 140 on x86_64.
_argrule_profile() { # NAME RULES-JSON
        printf '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [%s]}\n' \
                "$2" > "$tmp/$1.json"
}
_r() { # NAME ERRNO ARGS-JSON
        printf '{"names": ["%s"], "action": "SCMP_ACT_ERRNO", "errnoRet": %s, "args": [%s]}' "$1" "$2" "$3"
}
_a() { printf '{"index": %s, "op": "SCMP_CMP_%s", "value": %s%s}' "$1" "$2" "$3" "${4:+, \"valueTwo\": $4}"; }
# the issue's first example: neither rule matches umask(3) or umask(18), yet both get EPERM
_argrule_profile arg-umask-range "$(_r umask 1 "$(_a 0 LT 3)"),$(_r umask 1 "$(_a 0 GE 4294967296)")"
# two actions on one syscall
_argrule_profile arg-two-actions "$(_r getpriority 90 "$(_a 0 GE 2),$(_a 1 EQ 5)"),$(_r getpriority 95 "$(_a 0 GT 3),$(_a 1 EQ 1)")"
# MASKED_EQ with valueTwo bits outside the mask: compared as valueTwo & mask
_argrule_profile arg-masked-outside "$(_r getpriority 93 "$(_a 0 MASKED_EQ 1 3)")"
# 64-bit values: the high word decides
_argrule_profile arg-64bit "$(_r umask 94 "$(_a 0 EQ 4294967301)")"
_argrule_profile arg-64bit-gt "$(_r umask 83 "$(_a 0 GT 4294967295)")"
# range and equality on one argument, different actions
_argrule_profile arg-range-eq "$(_r getpriority 96 "$(_a 0 GT 1)"),$(_r getpriority 97 "$(_a 0 EQ 3)")"
# same action, overlapping rules
_argrule_profile arg-overlap "$(_r getpriority 98 "$(_a 0 GE 2),$(_a 1 EQ 0)"),$(_r getpriority 98 "$(_a 0 EQ 5)")"
# range ops on two arguments
_argrule_profile arg-two-args "$(_r getpriority 81 "$(_a 0 LE 2)"),$(_r getpriority 82 "$(_a 1 LT 3)")"
# MASKED_EQ next to an EQ inside its class
_argrule_profile arg-masked-eq "$(_r getpriority 84 "$(_a 0 MASKED_EQ 240 16)"),$(_r getpriority 85 "$(_a 0 EQ 17)")"
# NE against EQ on one argument
_argrule_profile arg-ne-eq "$(_r getpriority 86 "$(_a 0 NE 7)"),$(_r getpriority 87 "$(_a 0 EQ 9)")"
# the same index twice in one rule: OR (one rule per condition)
_argrule_profile arg-same-index "$(_r getpriority 88 "$(_a 0 EQ 4),$(_a 0 EQ 6)")"
# a rule on arguments and an unconditional rule of another syscall
_argrule_profile arg-mixed "$(_r getpriority 89 "$(_a 1 GE 10)"),$(_r umask 80 "$(_a 0 LE 1)")"
# the issue's refused profile: a shorter rule after a longer one with the
# same prefix and another action; libseccomp 2.5.4 says EEXIST and the
# runtimes do not start the container (default LOG: were it accepted, the
# container would run and the refusal checks would fail)
printf '{"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [
  {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [%s, %s]},
  {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [%s]}]}\n' \
        "$(_a 0 EQ 2)" "$(_a 1 EQ 1)" "$(_a 0 EQ 2)" > "$tmp/arg-eexist.json"

# refusal_check RUNTIME WANT RC ERR CHECK-RC CHECK-OUT RUN-RC RUN-OUT RUN-ERR:
# the runtime exited non-zero saying WANT (a line of ERR), and seccompctl's
# check and run refused the profile in the same words, running nothing.
refusal_check() {
        local rt=$1 want=$2
        if [ "$3" -eq 0 ] || ! grep -qF -- "$want" "$4"; then
                echo "FAIL arg-eexist: $rt exit $3, not '$want': $(cat "$4")"
                return 1
        fi
        if [ "$5" -eq 0 ] || ! grep -qF -- "$want (" "$6"; then
                echo "FAIL arg-eexist: check says (exit $5): $(cat "$6")"
                return 1
        fi
        if [ "$7" -eq 0 ] || [ -s "$8" ] || ! grep -qF -- "$want (" "$9"; then
                echo "FAIL arg-eexist: run exit $7 '$(cat "$8")': $(cat "$9")"
                return 1
        fi
        echo "ok arg-eexist: $rt, check and run refuse it: $want"
}
argrule_cases() { # the calls each argument-rule profile is asked
        local op
        for op in sys=95,0 sys=95,2 sys=95,3 sys=95,18 sys=95,0x100000000; do compare arg-umask-range rawsys $op; done
        for op in sys=140,2,1 sys=140,4,1 sys=140,2,5 sys=140,4,5 sys=140,0,0; do compare arg-two-actions rawsys $op; done
        for op in sys=140,1,0 sys=140,3,0 sys=140,0,0; do compare arg-masked-outside rawsys $op; done
        for op in sys=95,5 sys=95,0x100000005; do compare arg-64bit rawsys $op; done
        for op in sys=95,5 sys=95,0xffffffff sys=95,0x100000000; do compare arg-64bit-gt rawsys $op; done
        for op in sys=140,3,0 sys=140,2,0 sys=140,1,0; do compare arg-range-eq rawsys $op; done
        for op in sys=140,5,1 sys=140,5,0 sys=140,2,0 sys=140,1,0; do compare arg-overlap rawsys $op; done
        for op in sys=140,1,1 sys=140,1,5 sys=140,5,1 sys=140,5,5; do compare arg-two-args rawsys $op; done
        for op in sys=140,0x11,0 sys=140,0x12,0 sys=140,0x21,0; do compare arg-masked-eq rawsys $op; done
        for op in sys=140,7,0 sys=140,9,0 sys=140,1,0; do compare arg-ne-eq rawsys $op; done
        for op in sys=140,4,0 sys=140,6,0 sys=140,5,0; do compare arg-same-index rawsys $op; done
        for op in sys=140,0,12 sys=140,0,0 sys=95,1 sys=95,2; do compare arg-mixed rawsys $op; done
}

# The calls the runtime differentials (bypass-runc.sh, bypass-crun.sh)
# compare: each is "compare PROFILE BINARY OP", with the caller's compare.
bypass_runtime_cases() {
        local op
        for op in sys=39 sys=110 sys=200 sys=0x40000027 sys=0x4000006e sys=-1 sys=337 \
                  sys=1000 sys=0x3fffffff sys=0x7fffffff sys=0x80000000 sys=0xfffffffe; do
                compare p64 rawsys "$op"
        done
        for op in sys=0x40000027 sys=0x4000006e sys=0x400000c8 sys=-1 sys=0x80000000; do
                compare px32 rawsys "$op"
        done
        for op in sys=41,40 sys=41,1 sys=135,0 sys=135,0x100000000 sys=135,0xffffffff00000000; do
                compare psock rawsys "$op"
        done
        [ "$HAVE_IA32" = 1 ] || return 0
        for op in int80=20 int80=64; do
                compare p64 rawsys "$op"
        done
        for op in int80=20 int80=64 int80=13 int80=1000 int80=-1; do
                compare p86 rawsys "$op"
        done
        for op in int80=359,40 int80=359,1 int80=102,1 int80=102,2; do
                compare psock rawsys "$op"
        done
        if [ "$HAVE_M32" = 1 ]; then
                compare psock rawsys32 sys=102,1
                compare p64 rawsys32 sys=20
                for op in sys=20 sys=64 sys=13 sys=1000; do
                        compare p86 rawsys32 "$op"
                done
        fi
}
