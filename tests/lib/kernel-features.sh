# SPDX-License-Identifier: Apache-2.0
# Sourced by shell tests: which optional kernel features this machine has.
#
#   HAVE_IA32=1  the kernel runs i386 code: -m32 binaries and `int $0x80`
#                from 64-bit code (CONFIG_IA32_EMULATION, not turned off by
#                ia32_emulation=0 or CONFIG_IA32_EMULATION_DEFAULT_DISABLED).
#                Without it execve of an i386 binary fails with ENOEXEC and
#                `int $0x80` raises SIGSEGV before seccomp sees the call.
#
# skip_part WHY: say loudly that part of a test did not run; run-tests.sh
# repeats these lines under the test's PASS line.
skip_part() { echo "SKIP-PART: $*"; }

_kf_dir=$(mktemp -d)
HAVE_IA32=0
if [ "$(uname -m)" = x86_64 ] &&
        printf 'int main(void){return 0;}\n' >"$_kf_dir/t.c" &&
        gcc -m32 -static -o "$_kf_dir/t32" "$_kf_dir/t.c" 2>/dev/null &&
        "$_kf_dir/t32" 2>/dev/null; then
        HAVE_IA32=1
fi
rm -rf "$_kf_dir"
unset _kf_dir
