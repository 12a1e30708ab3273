#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Benchmarks (not tests): compile time and filter quality, ours against
# libseccomp 2.5.4 in the same process.  Run by `make bench`; the numbers
# go into BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
: "${BUILD:=build}" "${FIXTURES:=tests/fixtures}"
echo "== $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== libseccomp $(dpkg-query -W -f='${Version}' libseccomp2 2>/dev/null || echo '?')"
echo
"$BUILD"/bench/compile "$FIXTURES"
echo
"$BUILD"/bench/filter "$FIXTURES"
