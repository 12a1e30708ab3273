#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Ways out of a filter once `seccompctl run` has installed it, each of
# which must fail: exec of another binary (the filter survives execve, also
# into a 32-bit program), clearing no_new_privs, a setuid binary gaining
# privileges, a second seccomp() filter widening what is allowed, ptrace
# on the parent when the profile denies ptrace, and io_uring under
# RuntimeDefault.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/sc-inherit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
[ "$(uname -m)" = x86_64 ] || { echo "the bypass tables are for x86_64 hosts"; exit 77; }
S=$SECCOMPCTL
fail=0

# expect NAME WANT-EXIT WANT-OUTPUT CMD...
expect() {
        local name=$1 want_rc=$2 want=$3; shift 3
        local out rc
        out=$("$@" 2>"$tmp/err")
        rc=$?
        out=$(printf '%s\n' "$out" | sed 's/ ok [0-9][0-9]*$/ ok/; s/\t/ /g')
        if [ $rc -ne "$want_rc" ] || [ "$out" != "$want" ]; then
                echo "FAIL $name: exit $rc (want $want_rc), output:"
                printf '%s\n' "$out" | sed 's/^/    /'
                echo "  want:"
                printf '%s\n' "$want" | sed 's/^/    /'
                grep -v warning "$tmp/err" | head -n 3
                fail=1
        else
                echo "ok $name: exit $rc"
        fi
}

# The filter survives execve: the exec'd program is filtered the same way,
# no_new_privs and the one filter are still there.
expect exec-same 0 "sys=110 errno 42
sys=110 errno 42
sys=39 ok
NoNewPrivs: 1
Seccomp: 2
Seccomp_filters: 1" \
        "$S" run --profile "$tmp/p64.json" -- "$B/rawsys" sys=110 exec "$B/rawsys" sys=110 sys=39 status
if [ "$HAVE_IA32" = 1 ]; then
        # exec into a 32-bit binary does not escape to an unlisted arch.
        expect exec-m32-unlisted 159 "sys=110 errno 42" \
                "$S" run --profile "$tmp/p64.json" -- "$B/rawsys" sys=110 exec "$B/rawsys32" sys=20
        expect exec-m32-listed 0 "sys=110 errno 42
sys=64 errno 42
sys=20 ok" \
                "$S" run --profile "$tmp/p86.json" -- "$B/rawsys" sys=110 exec "$B/rawsys32" sys=64 sys=20
fi

# no_new_privs cannot be cleared; a second filter can only add
# restrictions: ALLOW-everything does not undo ERRNO(42), and a new ERRNO
# for getpid applies.  Between two ERRNO results the kernel takes the
# newest filter's data (same precedence), so getppid then fails with 7:
# still denied.
expect second-filter 0 "nnp-clear errno 22
allow-all ok
sys=110 errno 42
sys=101 errno 44
deny=39,7 ok
sys=39 errno 7
deny=110,7 ok
sys=110 errno 7
NoNewPrivs: 1
Seccomp: 2
Seccomp_filters: 4" \
        "$S" run --profile "$tmp/p64.json" -- "$B/rawsys" nnp-clear allow-all sys=110 sys=101 \
                deny=39,7 sys=39 deny=110,7 sys=110 status
# A second filter cannot turn an unlisted architecture's KILL into ALLOW.
[ "$HAVE_IA32" = 0 ] || expect second-filter-arch 159 "allow-all ok" \
        "$S" run --profile "$tmp/p64.json" -- "$B/rawsys" allow-all int80=20

# ptrace(PTRACE_ATTACH) on the parent: the profile's ERRNO(44).
expect ptrace-parent 0 "ptrace-parent errno 44" \
        "$S" run --profile "$tmp/p64.json" -- "$B/rawsys" ptrace-parent
[ "$HAVE_IA32" = 0 ] || expect ptrace-parent-i386 0 "int80=26 errno 44" \
        "$S" run --profile "$tmp/p86.json" -- "$B/rawsys" int80=26

# io_uring requests (IORING_OP_OPENAT, _CONNECT, ...) are executed by the
# kernel without passing through seccomp: a profile that allows
# io_uring_setup opens a side door around its own denials.  RuntimeDefault
# (like Docker's default since 2023) closes it: all three io_uring
# syscalls fail with EPERM.
expect runtime-default-io_uring 0 "sys=425,1 errno 1
sys=426 errno 1
sys=427 errno 1" \
        "$S" run --runtime-default -- "$B/rawsys" sys=425,1 sys=426 sys=427

# A setuid-root binary run by an unprivileged user: it gains euid 0 on its
# own (the control), but not under seccompctl run (no_new_privs).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        chmod 755 "$tmp"
        cp "$B/rawsys" "$tmp/rawsys-suid"
        chown 0:0 "$tmp/rawsys-suid"
        chmod 4755 "$tmp/rawsys-suid"
        chmod 644 "$tmp/p64.json"
        nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        expect setuid-control 0 "ids uid=65534 euid=0" "${nobody[@]}" "$tmp/rawsys-suid" ids
        expect setuid-under-run 0 "ids uid=65534 euid=65534
NoNewPrivs: 1
Seccomp: 2
Seccomp_filters: 1" \
                "${nobody[@]}" "$S" run --profile "$tmp/p64.json" -- "$tmp/rawsys-suid" ids status
else
        echo "setuid case needs root and setpriv: not run"
fi
exit $fail
