#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# -o onto something that is not a regular file (issue 18, items 3 and 19).
# "compile -o /dev/null p.json" run as root used to delete /dev/null and
# leave a regular file in its place (write to a temporary file, rename
# over the target).  Every verb that takes -o must write an existing
# device, FIFO or /dev/stdout in place, keep a symlink, and take "-" for
# standard output.  We make our own character device (c 1 3, what
# /dev/null is) in a temporary directory rather than risk the real one.
set -u
tmp=$(mktemp -d /tmp/sc-outnodes-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }

if ! mknod "$tmp/null" c 1 3 2>/dev/null || ! echo x >"$tmp/null" 2>/dev/null; then
        echo "cannot create or write a character device here (no CAP_MKNOD or nodev)"
        exit 77
fi

printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}\n' >"$tmp/p.json"
"$S" compile --format raw -o "$tmp/p.bpf" "$tmp/p.json" || FAIL "compile to a regular file"
printf 'Jan 1 00:00:00 host kernel: audit: type=1326 audit(1.0:1): auid=0 uid=0 gid=0 ses=1 pid=4242 comm="x" exe="/x" sig=0 arch=c000003e syscall=0 compat=0 ip=0x1 code=0x7ffc0000\n' >"$tmp/log"

# NAME CMD... with OUT standing for the -o target.
verbs() {
        local out=$1
        run compile "$S" compile --format raw -o "$out" "$tmp/p.json"
        run decompile "$S" decompile -o "$out" "$tmp/p.bpf"
        run show "$S" show -o "$out" "$tmp/p.json"
        run merge "$S" merge -o "$out" "$tmp/p.json" "$tmp/p.json"
        run record "$S" record -q -o "$out" -- true
        run logs "$S" logs -o "$out" "$tmp/log"
}

is_our_null() {
        [ -c "$tmp/null" ] && [ "$(stat -c %t:%T "$tmp/null")" = "1:3" ]
}

# 1. The character device survives every verb, and nothing else is left.
run() {
        local name=$1; shift
        "$@" >"$tmp/stdout" 2>"$tmp/stderr" || FAIL "$name -o device: exit $?: $(head -n 2 "$tmp/stderr")"
        is_our_null || { FAIL "$name -o device replaced the device: $(ls -l "$tmp/null")"; rm -f "$tmp/null"; mknod "$tmp/null" c 1 3; }
}
verbs "$tmp/null"
left=$(ls -A "$tmp" | grep -v -x -e null -e p.json -e p.bpf -e log -e stdout -e stderr -e piped -e redir)
[ -z "$left" ] || FAIL "temporary files left beside the device: $left"
echo "checked: every -o verb wrote the character device in place"

# 2. "-" is standard output for every verb (not a file named "-").
cd "$tmp"
run() {
        local name=$1; shift
        "$@" >"$tmp/stdout" 2>"$tmp/stderr" || FAIL "$name -o -: exit $?: $(head -n 2 "$tmp/stderr")"
        [ -s "$tmp/stdout" ] || FAIL "$name -o -: nothing on standard output"
        [ -e "$tmp/-" ] && { FAIL "$name -o - wrote a file named '-'"; rm -f "$tmp/-"; }
}
verbs -
echo "checked: -o - is standard output for every verb"

# 3. /dev/stdout redirected to a pipe and to a file: written through.  Our
# own link to /proc/self/fd/1, never the real /dev/stdout: a broken
# seccompctl would replace that for the whole machine.
ln -s /proc/self/fd/1 "$tmp/fd1"
run() {
        local name=$1; shift
        "$@" 2>"$tmp/stderr" | cat >"$tmp/piped" || true
        [ -s "$tmp/piped" ] || FAIL "$name -o /dev/stdout into a pipe: nothing came out: $(head -n 2 "$tmp/stderr")"
        "$@" >"$tmp/redir" 2>"$tmp/stderr" || FAIL "$name -o /dev/stdout into a file: exit $?"
        [ -s "$tmp/redir" ] || FAIL "$name -o /dev/stdout into a file: file empty"
}
verbs "$tmp/fd1"
echo "checked: -o /dev/stdout works into a pipe and a redirected file"

# 4. A FIFO is written in place (a reader gets the bytes; it stays a FIFO).
mkfifo "$tmp/fifo"
run() {
        local name=$1; shift
        timeout 20 cat "$tmp/fifo" >"$tmp/fromfifo" &
        local reader=$!
        timeout 20 "$@" >/dev/null 2>"$tmp/stderr" || FAIL "$name -o fifo: exit $?: $(head -n 2 "$tmp/stderr")"
        wait $reader
        [ -p "$tmp/fifo" ] || { FAIL "$name -o fifo replaced the FIFO"; rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"; }
        [ -s "$tmp/fromfifo" ] || FAIL "$name -o fifo: the reader got nothing"
}
verbs "$tmp/fifo"
echo "checked: a FIFO is written in place"

# 5. A symlink to a regular file is kept; the file behind it is replaced.
echo old >"$tmp/target.json"
ln -s target.json "$tmp/link.json"
"$S" show -o "$tmp/link.json" "$tmp/p.json" || FAIL "show -o symlink"
[ -L "$tmp/link.json" ] || FAIL "show -o symlink replaced the symlink"
grep -q defaultAction "$tmp/target.json" || FAIL "show -o symlink did not write the file behind it"
echo "checked: a symlink is kept and its target written"

# 6. A directory is refused, and nothing is created inside it.
mkdir "$tmp/dir"
"$S" show -o "$tmp/dir" "$tmp/p.json" 2>"$tmp/stderr" && FAIL "show -o DIR succeeded"
[ -z "$(ls -A "$tmp/dir")" ] || FAIL "show -o DIR left files in it"
grep -q "Is a directory" "$tmp/stderr" || FAIL "show -o DIR: unclear error: $(cat "$tmp/stderr")"

is_our_null || FAIL "the device is gone"
exit $fail
