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
