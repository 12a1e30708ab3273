#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Bypass attempts through other ABIs and odd syscall numbers, each made for
# real under `seccompctl run` and checked in the simulator: every one must
# get the profile's verdict (an allowed call runs, a denied one fails with
# the rule's errnoRet, a call from an architecture the profile does not
# list kills the process with SIGSYS: exit 159).
#
# The profiles (tests/bypass/lib.sh) answer with distinct errnos: getppid
# 42, ptrace 44, default 99, runc's ENOSYS stub 38.  Expected values were
# measured with runc 1.1.5 inside a container (tests/shell/bypass-runc.sh
# repeats that comparison) and follow libseccomp's rules:
#   - x32 numbers (bit 30) reach an x86_64 filter with AUDIT_ARCH_X86_64;
#     libseccomp sends them to the bad-arch action unless x32 is listed.
#     This kernel has no CONFIG_X86_X32_ABI: an allowed x32 call fails
#     with ENOSYS after the filter let it through, a denied one gets the
#     rule's errno (the filter answers first).
#   - `int $0x80` from 64-bit code and -m32 binaries reach the filter as
#     AUDIT_ARCH_I386 with i386 numbers.
#   - syscall(-1) on x86_64 passes libseccomp's x32 check (it lets -1
#     through for ptrace's "skip this call") and gets the default action;
#     with x32 listed it falls under runc's ENOSYS stub.
#   - numbers above the highest one the profile names: ENOSYS (38) under
#     runc's stub, the default action under crun.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/sc-bypass-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
[ "$(uname -m)" = x86_64 ] || { echo "the bypass tables are for x86_64 hosts"; exit 77; }
S=$SECCOMPCTL
fail=0 n=0

# case PROFILE COMPAT BINARY OP RUN-EXPECT... / SIM-ARCH SIM-NR SIM-EXPECT
#   RUN-EXPECT: "ok", "errno N", "killed" (SIGSYS: exit 159), "signal N"
#   SIM-NR: the number, then any arguments ("41 40")
#   SIM-ARCH -: no simulator check (the kernel bypasses the filter)
case_() {
        local prof=$1 compat=$2 bin=$3 op=$4; shift 4
        local want=() simarch simnr simwant
        while [ "$1" != / ]; do want+=("$1"); shift; done
        simarch=$2 simnr=$3 simwant=$4
        n=$((n + 1))
        local out rc got
        out=$("$S" run --compat "$compat" --profile "$tmp/$prof.json" -- "$B/$bin" "$op" 2>"$tmp/err")
        rc=$?
        case $rc in
        0) got=${out#"$op "}; got=${got%% [0-9]*}; [ "$got" = ok ] || got=${out#"$op "} ;;
        159) [ -z "$out" ] && got=killed || got="killed after output: $out" ;;
        *) if [ $rc -gt 128 ] && [ -z "$out" ]; then got="signal $((rc - 128))"; else got="exit $rc: $out"; fi ;;
        esac
        if [ "$got" != "${want[*]}" ]; then
                echo "FAIL run $prof/$compat $bin $op: got '$got', want '${want[*]}'"
                grep -v warning "$tmp/err" | head -n 3
                fail=1
        else
                echo "ok run $prof/$compat $bin $op: $got"
        fi
        [ "$simarch" = - ] && return
        # shellcheck disable=SC2086 # SIM-NR may carry arguments: "41 40"
        # (stderr apart: psock's x86 rules get check's high-word warnings)
        got=$("$S" sim --compat "$compat" --arch "$simarch" "$tmp/$prof.json" $simnr 2>"$tmp/simerr")
        if [ "$got" != "$simwant" ]; then
                echo "FAIL sim $prof/$compat --arch $simarch $simnr: got '$got', want '$simwant'"
                cat "$tmp/simerr"
                fail=1
        fi
}

K=SCMP_ACT_KILL_THREAD A=SCMP_ACT_ALLOW
E() { echo "SCMP_ACT_ERRNO($1)"; }

# native x86_64: the rules themselves.
case_ p64 runc rawsys sys=39 ok / x86_64 39 $A
case_ p64 runc rawsys sys=110 errno 42 / x86_64 getppid "$(E 42)"
case_ p64 runc rawsys sys=101 errno 44 / x86_64 ptrace "$(E 44)"
case_ p64 runc rawsys sys=200 errno 99 / x86_64 200 "$(E 99)"

# x32 numbers: bad arch unless x32 is listed.
case_ p64 runc rawsys sys=0x40000027 killed / x86_64 0x40000027 $K
case_ p64 runc rawsys sys=0x4000006e killed / x86_64 0x4000006e $K
case_ p64 crun rawsys sys=0x40000027 killed / x86_64 0x40000027 $K
case_ p86 runc rawsys sys=0x40000027 killed / x86_64 0x40000027 $K
case_ p64 runc rawsys sys=0x40000200 killed / x86_64 0x40000200 $K
case_ px32 runc rawsys sys=0x40000027 errno 38 / x86_64 0x40000027 $A
case_ px32 runc rawsys sys=0x4000006e errno 42 / x86_64 0x4000006e "$(E 42)"
case_ px32 runc rawsys sys=0x400000c8 errno 99 / x86_64 0x400000c8 "$(E 99)"
# 512 and up are x32's own entries (512 = x32 rt_sigaction, allowed by name):
# the filter allows it, the kernel has no x32 ABI.
case_ px32 runc rawsys sys=0x40000200 errno 38 / x86_64 0x40000200 $A

# int $0x80 from a 64-bit process: i386 arch and numbers.
if [ "$HAVE_IA32" = 1 ]; then
        case_ p64 runc rawsys int80=20 killed / x86 20 $K
        case_ px32 runc rawsys int80=20 killed / x86 20 $K
        case_ p64 crun rawsys int80=64 killed / x86 64 $K
        case_ p86 runc rawsys int80=20 ok / x86 20 $A
        case_ p86 runc rawsys int80=64 errno 42 / x86 64 "$(E 42)"
        case_ p86 runc rawsys int80=26 errno 44 / x86 26 "$(E 44)"
        case_ p86 runc rawsys int80=13 errno 99 / x86 13 "$(E 99)"
        case_ p86 runc rawsys int80=1000 errno 38 / x86 1000 "$(E 38)"
        case_ p86 crun rawsys int80=1000 errno 99 / x86 1000 "$(E 99)"
        case_ p86 runc rawsys int80=-1 errno 38 / x86 0xffffffff "$(E 38)"
fi

# A 32-bit binary: killed at its first syscall unless x86 is listed.
if [ "$HAVE_M32" = 0 ]; then
        echo "FAIL: gcc -m32 -static cannot build rawsys32 (gcc-multilib missing?)"
        fail=1
elif [ "$HAVE_IA32" = 1 ]; then
        case_ p64 runc rawsys32 sys=20 killed / x86 20 $K
        case_ px32 runc rawsys32 sys=20 killed / x86 20 $K
        case_ p86 runc rawsys32 sys=20 ok / x86 20 $A
        case_ p86 runc rawsys32 sys=64 errno 42 / x86 64 "$(E 42)"
        case_ p86 runc rawsys32 sys=13 errno 99 / x86 13 "$(E 99)"
        case_ p86 runc rawsys32 sys=1000 errno 38 / x86 1000 "$(E 38)"
        case_ p86 runc rawsys32 sys=-1 errno 38 / x86 0xffffffff "$(E 38)"
fi

# socket(AF_VSOCK) denied by an argument check.  i386 has two ways in: the
# direct socket syscall (359, argument checked) and socketcall(SYS_SOCKET,
# args) whose arguments sit in memory the filter cannot read: libseccomp
# (and so runc and crun) then denies socketcall(SYS_SOCKET) for every
# family rather than let AF_VSOCK through.
case_ psock runc rawsys sys=41,40 errno 45 / x86_64 "41 40" "$(E 45)"
case_ psock runc rawsys sys=41,1 errno 99 / x86_64 "41 1" "$(E 99)"
if [ "$HAVE_IA32" = 1 ]; then
        case_ psock runc rawsys int80=359,40 errno 45 / x86 "359 40" "$(E 45)"
        case_ psock runc rawsys int80=359,1 errno 99 / x86 "359 1" "$(E 99)"
        case_ psock runc rawsys int80=102,1 errno 45 / x86 "102 1" "$(E 45)"
        case_ psock crun rawsys int80=102,1 errno 45 / x86 "102 1" "$(E 45)"
        case_ psock runc rawsys int80=102,2 errno 99 / x86 "102 2" "$(E 99)"
        case_ psock runc rawsys32 sys=102,1 errno 45 / x86 "102 1" "$(E 45)"
        case_ psock runc rawsys32 sys=359,40 errno 45 / x86 "359 40" "$(E 45)"
        case_ psock runc rawsys32 sys=359,1 errno 99 / x86 "359 1" "$(E 99)"
fi

# 64-bit arguments: both halves are compared.  personality takes an
# unsigned int, so 0x100000000 would act as 0 if a filter looked at the
# low half only.
case_ psock runc rawsys sys=135,0 ok / x86_64 "135 0" $A
case_ psock runc rawsys sys=135,0x100000000 errno 99 / x86_64 "135 0x100000000" "$(E 99)"
case_ psock runc rawsys sys=135,0xffffffff00000000 errno 99 / x86_64 "135 0xffffffff00000000" "$(E 99)"
if [ "$HAVE_IA32" = 1 ]; then
        case_ psock runc rawsys int80=136,0 ok / x86 "136 0" $A
fi

# syscall(-1) and numbers above the table.  The profile's highest named
# x86_64 number is rseq (334).
case_ p64 runc rawsys sys=-1 errno 99 / x86_64 0xffffffff "$(E 99)"
case_ p64 crun rawsys sys=-1 errno 99 / x86_64 0xffffffff "$(E 99)"
case_ px32 runc rawsys sys=-1 errno 38 / x86_64 0xffffffff "$(E 38)"
case_ p64 runc rawsys sys=334 errno 22 / x86_64 334 $A
case_ p64 runc rawsys sys=337 errno 38 / x86_64 337 "$(E 38)"
case_ p64 crun rawsys sys=337 errno 99 / x86_64 337 "$(E 99)"
case_ p64 runc rawsys sys=1000 errno 38 / x86_64 1000 "$(E 38)"
case_ p64 crun rawsys sys=1000 errno 99 / x86_64 1000 "$(E 99)"
case_ p64 runc rawsys sys=0x3fffffff errno 38 / x86_64 0x3fffffff "$(E 38)"
case_ p64 crun rawsys sys=0x3fffffff errno 99 / x86_64 0x3fffffff "$(E 99)"
case_ p64 runc rawsys sys=0x7fffffff killed / x86_64 0x7fffffff $K
# runc's stub tells x32 from x86_64 by bit 30 alone: 0x80000000 is an
# x86_64 number above the table (ENOSYS); libseccomp alone (crun) sends
# everything >= 0x40000000 but -1 to the bad-arch action.
case_ p64 runc rawsys sys=0x80000000 errno 38 / x86_64 0x80000000 "$(E 38)"
case_ p64 crun rawsys sys=0x80000000 killed / x86_64 0x80000000 $K
case_ p64 crun rawsys sys=0xfffffffe killed / x86_64 0xfffffffe $K
case_ p64 runc rawsys sys=0xfffffffe killed / x86_64 0xfffffffe $K

# The kernel itself lets two x86_64 syscalls through without running any
# filter (kernel/seccomp.c, "passthrough uretprobe/uprobe systemcall
# without filtering", 6.14/6.16): uretprobe (335) and uprobe (336).
# Outside their trampolines they do nothing but fail (uretprobe sends
# SIGILL, uprobe returns ENXIO), so this is no hole, but no profile can
# deny them and the simulator (which answers ENOSYS) cannot know.
kmaj=$(uname -r | cut -d. -f1) kmin=$(uname -r | cut -d. -f2)
if [ "$kmaj" -gt 6 ] || { [ "$kmaj" -eq 6 ] && [ "$kmin" -ge 16 ]; }; then
        case_ p64 runc rawsys sys=335 signal 4 / - - -
        case_ p64 runc rawsys sys=336 errno 6 / - - -
fi

# A foreign architecture: the simulator's seccomp_data.arch is neither
# x86_64 nor i386: the bad-arch action, whatever the number.
for arch in aarch64 arm riscv64 s390x ppc64le mips; do
        for nr in 0 20 39 0xffffffff; do
                n=$((n + 1))
                got=$("$S" sim --arch "$arch" "$tmp/p86.json" "$nr" 2>&1)
                [ "$got" = $K ] || { echo "FAIL sim --arch $arch $nr: $got"; fail=1; }
        done
done
echo "ok foreign architectures in sim: $K"

echo "$n cases"
exit $fail
