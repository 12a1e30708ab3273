#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Regenerate data/syscalls.tsv from the kernel's own syscall tables.
#
#   tools/gen-syscalls.sh [LINUX_SOURCE_TARBALL] > data/syscalls.tsv
#
# Default source: Debian's linux-source-6.12 (/usr/src/linux-source-6.12.tar.xz).
# Only the few table files are extracted, into a temporary directory.
# The build never runs this script: the generated TSV is committed.
#
# Output: '#' comment lines naming the source, then one line per syscall,
#   ARCH <TAB> NAME <TAB> NUMBER <TAB> LIBSECCOMP
# sorted by arch, then name.  ARCH is libseccomp's short arch name
# (arch.c); NUMBER is the table number: x32 numbers WITHOUT the x32 bit
# (0x40000000), MIPS numbers WITHOUT their 4000/5000/6000 base, exactly as
# the .tbl files hold them.  NAME is libseccomp's name for the syscall
# where it differs from the kernel's (see RENAMES below): profiles are
# written against libseccomp's names.  LIBSECCOMP is "yes" when
# libseccomp 2.5.4 (the installed libseccomp-dev, checked) resolves the name
# on the arch, "no" when it does not (runc and crun skip such names, and
# runc's ENOSYS stub does not count them), "-" on arches 2.5.4 lacks;
# tools/libseccomp-knows.c asks it.
#
# How each arch's ABI set is chosen (the kernel's own build rules):
#   x86_64       arch/x86/entry/syscalls/syscall_64.tbl   common,64
#   x32          arch/x86/entry/syscalls/syscall_64.tbl   common,x32
#   x86          arch/x86/entry/syscalls/syscall_32.tbl   i386
#   arm          arch/arm/tools/syscall.tbl               common,eabi ("oabi"
#                entries are the old ABI) + the ARM-private calls at
#                0x0f0000 from arch/arm/include/uapi/asm/unistd.h
#   aarch64      scripts/syscall.tbl  common,64 + arch/arm64/kernel/Makefile.syscalls
#                (renameat,rlimit,memfd_secret)
#   riscv64      scripts/syscall.tbl  common,64 + arch/riscv/kernel/Makefile.syscalls
#                (riscv,rlimit,memfd_secret)
#   loongarch64  scripts/syscall.tbl  common,64 (Makefile.syscalls adds nothing)
#   mips*/mipsel*  arch/mips/kernel/syscalls/syscall_{o32,n64,n32}.tbl, every
#                entry (MIPS runs syscallhdr.sh without --abis; n64 has one
#                "common" line, set_mempolicy_home_node)
#   ppc, ppc64, ppc64le  arch/powerpc/kernel/syscalls/syscall.tbl
#                common,nospu,{32,64} ("spu" entries are for Cell SPUs)
#   s390, s390x  arch/s390/kernel/syscalls/syscall.tbl    common,{32,64}
#   parisc, parisc64  arch/parisc/kernel/syscalls/syscall.tbl  common,{32,64}
#   m68k         arch/m68k/kernel/syscalls/syscall.tbl    common
#   sh, sheb     arch/sh/kernel/syscalls/syscall.tbl      common
# The ABI lists are also read from Makefile.syscalls and checked against
# the ones written here, so a kernel that changes them fails loudly.
#
# Syscalls newer than the tarball: Debian 12's newest kernel source is 6.12
# (linux-source-6.12; linux-libc-dev is 6.1), but nodes run newer kernels
# (this project's test machine runs 6.18).  LATER below lists what 6.13-6.18
# added, with where each number comes from; every one has the same number
# in every table this script reads (unlike alpha, +110, which we do not
# support), and they are added to every arch that does not already have
# the name (so a newer tarball's own rows win and nothing is duplicated).
set -eu

TARBALL=${1:-/usr/src/linux-source-6.12.tar.xz}
[ -r "$TARBALL" ] || {
        echo "gen-syscalls: cannot read $TARBALL (apt-get install linux-source-6.12)" >&2
        exit 1
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The tarball has one top directory (linux-source-6.12/).
TOP=$(tar -tJf "$TARBALL" 2>/dev/null | head -n 1 | cut -d/ -f1) || true
[ -n "$TOP" ] || { echo "gen-syscalls: empty tarball $TARBALL" >&2; exit 1; }

FILES="Makefile
scripts/syscall.tbl
arch/x86/entry/syscalls/syscall_64.tbl
arch/x86/entry/syscalls/syscall_32.tbl
arch/arm/tools/syscall.tbl
arch/arm/include/uapi/asm/unistd.h
arch/arm64/kernel/Makefile.syscalls
arch/riscv/kernel/Makefile.syscalls
arch/loongarch/kernel/Makefile.syscalls
arch/mips/kernel/syscalls/syscall_o32.tbl
arch/mips/kernel/syscalls/syscall_n32.tbl
arch/mips/kernel/syscalls/syscall_n64.tbl
arch/powerpc/kernel/syscalls/syscall.tbl
arch/s390/kernel/syscalls/syscall.tbl
arch/parisc/kernel/syscalls/syscall.tbl
arch/m68k/kernel/syscalls/syscall.tbl
arch/sh/kernel/syscalls/syscall.tbl"

set --
for f in $FILES; do
        set -- "$@" "$TOP/$f"
done
tar -xJf "$TARBALL" -C "$TMP" "$@"
K="$TMP/$TOP"

version=$(awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2}
        $1=="SUBLEVEL"{s=$2} END{print v "." p "." s}' "$K/Makefile")

# Check that the kernel still builds ARCH's 64-bit table with the extra
# ABIs we assume.
check_abis() { # ARCH EXPECTED
        got=$(sed -n 's/^syscall_abis_64[[:space:]]*+=[[:space:]]*//p' \
                "$K/arch/$1/kernel/Makefile.syscalls" | tr -s ' \t' ',' |
                sed 's/,$//')
        if [ "$got" != "$2" ]; then
                echo "gen-syscalls: arch/$1 syscall_abis_64 is '$got', expected '$2'; update this script" >&2
                exit 1
        fi
}
check_abis arm64 "renameat,rlimit,memfd_secret"
check_abis riscv "riscv,rlimit,memfd_secret"
check_abis loongarch ""

# tbl ARCH FILE ABIS: print "ARCH name nr" for entries whose ABI is in the
# comma-separated ABIS ("*": every entry, as MIPS builds its headers).  Entries without an entry point (reserved numbers
# such as i386 "break") are kept: the kernel defines __NR_ for them and
# libseccomp knows them by name.
tbl() {
        awk -v arch="$1" -v abis="$3" '
                BEGIN { n = split(abis, a, ","); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
                /^[[:space:]]*#/ || NF < 3 { next }
                # unusedNN/reservedNN hold a number, they are not syscalls
                $3 ~ /^(unused|reserved)[0-9]+$/ { next }
                ok[$2] || abis == "*" { printf "%s\t%s\t%d\n", arch, $3, $1 }
        ' "$K/$2"
}

# The ARM-private syscalls (cacheflush, set_tls, ...) live outside the
# table at __ARM_NR_BASE = 0x0f0000 (EABI: __NR_SYSCALL_BASE is 0).
arm_private() {
        awk '
                /^#define __ARM_NR_BASE[[:space:]]/ {
                        if ($0 !~ /0x0f0000/) { print "bad __ARM_NR_BASE" > "/dev/stderr"; exit 1 }
                        next
                }
                /^#define __ARM_NR_[a-z_0-9]+[[:space:]]+\(__ARM_NR_BASE\+[0-9]+\)/ {
                        name = $2; sub(/^__ARM_NR_/, "", name)
                        off = $3; sub(/.*\+/, "", off); sub(/\).*/, "", off)
                        printf "arm\t%s\t%d\n", name, 983040 + off
                }
        ' "$K/arch/arm/include/uapi/asm/unistd.h"
}

# Kernel name -> libseccomp name, per arch ("*" = every arch).  Found by
# comparing the generated table with libseccomp 2.5.4 number by number
# (tests/unit/test-syscalls.c keeps checking it).  Profiles name syscalls
# the libseccomp way, so that is the name we store.
# Linux 6.12 and libseccomp 2.5.4 agree on every name libseccomp knows, so
# the list is empty; format: ARCH<TAB>KERNEL_NAME<TAB>LIBSECCOMP_NAME.
RENAMES='
'

tables() {
        tbl x86_64 arch/x86/entry/syscalls/syscall_64.tbl common,64
        tbl x32 arch/x86/entry/syscalls/syscall_64.tbl common,x32
        tbl x86 arch/x86/entry/syscalls/syscall_32.tbl i386
        tbl arm arch/arm/tools/syscall.tbl common,eabi
        arm_private
        tbl aarch64 scripts/syscall.tbl common,64,renameat,rlimit,memfd_secret
        tbl riscv64 scripts/syscall.tbl common,64,riscv,rlimit,memfd_secret
        tbl loongarch64 scripts/syscall.tbl common,64
        for a in mips mipsel; do
                tbl $a arch/mips/kernel/syscalls/syscall_o32.tbl "*"
        done
        for a in mips64 mipsel64; do
                tbl $a arch/mips/kernel/syscalls/syscall_n64.tbl "*"
        done
        for a in mips64n32 mipsel64n32; do
                tbl $a arch/mips/kernel/syscalls/syscall_n32.tbl "*"
        done
        tbl ppc arch/powerpc/kernel/syscalls/syscall.tbl common,nospu,32
        for a in ppc64 ppc64le; do
                tbl $a arch/powerpc/kernel/syscalls/syscall.tbl common,nospu,64
        done
        tbl s390 arch/s390/kernel/syscalls/syscall.tbl common,32
        tbl s390x arch/s390/kernel/syscalls/syscall.tbl common,64
        tbl parisc arch/parisc/kernel/syscalls/syscall.tbl common,32
        tbl parisc64 arch/parisc/kernel/syscalls/syscall.tbl common,64
        tbl m68k arch/m68k/kernel/syscalls/syscall.tbl common
        for a in sh sheb; do
                tbl $a arch/sh/kernel/syscalls/syscall.tbl common
        done
}

# NAME NUMBER: syscalls after Linux 6.12, the same number on every table
# read above (x86_64/x32 "common", i386, arm "common", scripts/syscall.tbl
# "common" for aarch64/riscv64/loongarch64, MIPS o32/n32/n64 without their
# base, powerpc/s390/parisc/m68k/sh "common").  Sources (the patches as
# posted to linux-arch@vger.kernel.org, which show each table's lines):
#   463-466 setxattrat, getxattrat, listxattrat, removexattrat (Linux 6.13):
#     "fs/xattr: add *at family syscalls" (Christian Goettsche); the
#     scripts/syscall.tbl rows 463-466 in the linux-next merge fix-up
#     posted with it
#   467 open_tree_attr (Linux 6.15): "fs: add open_tree_attr()" (Christian
#     Brauner), the context lines of the next patch below in every table
#   468-469 file_getattr, file_setattr (Linux 6.17): "[PATCH v5 7/7] fs:
#     introduce file_getattr and file_setattr syscalls" (Andrey
#     Albershteyn), Message-ID
#     <20250513-xattrat-syscall-v5-7-22bb9c6c767f@kernel.org>: 468/469 in
#     arm, arm64 (compat), m68k, mips n32/n64/o32, parisc, powerpc, s390,
#     sh, x86 32 and 64, with 465-467 as context in each
# Checked on this machine's Linux 6.18: syscall(463..469) answer EINVAL or
# EFAULT to bad arguments, syscall(470) ENOSYS.
LATER='
setxattrat 463
getxattrat 464
listxattrat 465
removexattrat 466
open_tree_attr 467
file_getattr 468
file_setattr 469
'

tables > "$TMP/tables"
printf '%s\n' "$LATER" | awk -v OFS='\t' '
        NR == FNR { if (NF == 2) { later[++n] = $1; nr[$1] = $2 } next }
        { print; arch[$1] = 1; have[$1 SUBSEP $2] = 1 }
        END {
                for (a in arch)
                        for (i = 1; i <= n; i++)
                                if (!((a SUBSEP later[i]) in have))
                                        print a, later[i], nr[later[i]]
        }
' - "$TMP/tables" > "$TMP/raw"

# Apply the renames, then refuse duplicate names or numbers within an arch:
# the C table assumes both are unique.
printf '%s\n' "$RENAMES" | awk -F'\t' '
        NR == FNR { if (NF == 3) ren[$1 SUBSEP $2] = $3; next }
        {
                n = $2
                if (($1 SUBSEP n) in ren) n = ren[$1 SUBSEP n]
                else if (("*" SUBSEP n) in ren) n = ren["*" SUBSEP n]
                if (seen_name[$1 SUBSEP n]++) {
                        print "gen-syscalls: duplicate name " $1 " " n > "/dev/stderr"; bad = 1
                }
                if (seen_nr[$1 SUBSEP $3]++) {
                        print "gen-syscalls: duplicate number " $1 " " $3 > "/dev/stderr"; bad = 1
                }
                printf "%s\t%s\t%s\n", $1, n, $3
        }
        END { exit bad }
' - "$TMP/raw" > "$TMP/renamed"

# The fourth column asks the installed libseccomp (tools/libseccomp-knows.c
# says what yes/no/- mean).  runc 1.1.5 and crun 1.8.1 on Debian 12 link
# 2.5.4: another version would describe other runtimes, so refuse it.
CC=${CC:-cc}
"$CC" -O1 -o "$TMP/lsc-knows" "$(dirname "$0")/libseccomp-knows.c" -lseccomp
cat > "$TMP/version.c" <<'EOC'
#include <seccomp.h>
#include <stdio.h>
int main(void)
{
        const struct scmp_version *v = seccomp_version();
        printf("%u.%u.%u\n", v->major, v->minor, v->micro);
        return 0;
}
EOC
"$CC" -o "$TMP/lsc-version" "$TMP/version.c" -lseccomp
lsc_version=$("$TMP/lsc-version")
[ "$lsc_version" = 2.5.4 ] || {
        echo "gen-syscalls: libseccomp is $lsc_version, the data describes 2.5.4 (apt-get install libseccomp-dev=2.5.4*)" >&2
        exit 1
}

echo "# Generated by tools/gen-syscalls.sh from $(basename "$TARBALL") (Linux $version) and libseccomp $lsc_version; do not edit."
echo "# Syscalls newer than that (Linux 6.13-6.18: setxattrat .. file_setattr, 463-469, every arch)"
echo "# come from the generator's LATER list, which names the source of each number."
echo "# Columns: arch (libseccomp short name), syscall name (libseccomp spelling), table number"
echo "# (x32 without the 0x40000000 bit, MIPS without the 4000/5000/6000 base), does libseccomp"
echo "# $lsc_version know the name on the arch (yes, no, - for an arch it lacks; tools/libseccomp-knows.c)."
LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 "$TMP/renamed" | "$TMP/lsc-knows"
