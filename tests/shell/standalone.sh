#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The repository stands alone: no tracked file reads the steering
# checkout's sibling directory (a user's clone has nothing beside it), and
# every file under tests/fixtures/ is named, with its source and licence,
# in tests/fixtures/SOURCES.md.
set -u
cd "$(dirname "$0")/../.."
fail=0
# The pattern is split so that this file does not match itself.
sibling='\.\./'"shared"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        files=$(git ls-files)
else
        files=$(find . -type f -not -path './build*' -not -path './.git/*' | sed 's#^\./##')
fi
refs=$(printf '%s\n' "$files" | grep -v '^tests/shell/standalone.sh$' |
        tr '\n' '\0' | xargs -0 grep -l -e "$sibling" -- 2>/dev/null)
if [ -n "$refs" ]; then
        echo "FAIL: these files refer to the sibling shared directory:"
        printf '  %s\n' $refs
        fail=1
fi

# Every source file carries the project's licence (LICENSE): an SPDX line.
# The BPF program is also offered under GPL-2.0, which the kernel requires.
nolicence=$(printf '%s\n' "$files" | grep -E '\.(c|h|sh|bash|yaml)$|^Makefile$|^\.ci/run$' |
        grep -Ev '^(tests/fixtures|fuzz/corpus|tests/golden)/' |
        tr '\n' '\0' | xargs -0 grep -L -E 'SPDX-License-Identifier: Apache-2.0( OR GPL-2.0-only)?( \*/)?$' --)
if [ -n "$nolicence" ]; then
        echo "FAIL: these source files have no Apache-2.0 SPDX line:"
        printf '  %s\n' $nolicence
        fail=1
fi

python3 - "${FIXTURES:-tests/fixtures}" <<'PY' || fail=1
import fnmatch, itertools, os, re, sys
root = sys.argv[1]
text = open(os.path.join(root, "SOURCES.md"), encoding="utf-8").read()

def expand(p):
    m = re.search(r"\{([^{}]*)\}", p)
    if not m:
        return [p]
    return [q for alt in m.group(1).split(",")
            for q in expand(p[:m.start()] + alt + p[m.end():])]

patterns = [e for cell in re.findall(r"^\| `([^|]*)\|", text, re.M)
            for item in re.findall(r"`([^`]+)`", "`" + cell) for e in expand(item)]
bad = []
for d, _, names in os.walk(root):
    for n in names:
        rel = os.path.relpath(os.path.join(d, n), root)
        if rel == "SOURCES.md":
            continue
        if not any(fnmatch.fnmatchcase(rel, p) for p in patterns):
            bad.append(rel)
for b in sorted(bad):
    print(f"FAIL: tests/fixtures/{b} is not named in SOURCES.md")
print(f"{len(patterns)} source patterns; {len(bad)} unnamed file(s)")
sys.exit(1 if bad else 0)
PY
[ "$fail" = 0 ] && echo "ok: no sibling reads, every fixture has a source"
exit $fail
