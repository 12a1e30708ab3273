#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# tools/gen-crio-default.py CONTAINERS-COMMON-SECCOMP.JSON > data/runtime-default-crio.json
#
# CRI-O's RuntimeDefault, as internal/config/seccomp/seccomp.go
# (DefaultProfile) builds it from containers/common's default profile
# (go.podman.io/common/pkg/seccomp, the seccomp.json it generates):
#   - clone, clone3 and unshare leave the big allow rule (syscalls[1]);
#   - clone/clone3/unshare are allowed with CAP_SYS_ADMIN;
#   - clone is allowed when its flags (argument 0; 1 on s390/s390x, where
#     CRI-O is built with flagsIndex 1) hold no namespace flag;
#   - clone with any namespace flag is EPERM without CAP_SYS_ADMIN (one
#     condition per flag: runc adds each as its own rule);
#   - clone3 is ENOSYS without CAP_SYS_ADMIN.  CRI-O adds that rule, but
#     its action equals the default (ERRNO, ENOSYS), so runtimes skip it;
#     it is left out here, which changes no verdict.
# CRI-O picks the flags index when it is compiled (runtime.GOARCH); the
# arch-specific rules here express the same choice for every target.
import json
import sys

p = json.load(open(sys.argv[1]))
names = p["syscalls"][1]["names"]
for n, idx in (("clone", 23), ("clone3", 24), ("unshare", 359)):
    # CRI-O checks these positions (validateSyscallIndex) and refuses to
    # start on a containers/common whose list moved: so do we.
    if names[idx] != n:
        sys.exit("syscalls[1].names[%d] is %r, not %r: not the profile CRI-O expects"
                 % (idx, names[idx], n))
p["syscalls"][1]["names"] = [x for x in names if x not in ("clone", "clone3", "unshare")]

NS = [("CLONE_NEWNS", 0x00020000), ("CLONE_NEWUTS", 0x04000000),
      ("CLONE_NEWIPC", 0x08000000), ("CLONE_NEWUSER", 0x10000000),
      ("CLONE_NEWPID", 0x20000000), ("CLONE_NEWNET", 0x40000000),
      ("CLONE_NEWCGROUP", 0x02000000)]
ALL = 0
for _, v in NS:
    ALL |= v
S390 = ["s390", "s390x"]


def allow_without_ns(index, inc, exc, comment):
    return {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
            "args": [{"index": index, "value": ALL, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
            "comment": comment, "includes": inc, "excludes": exc}


def eperm_with_ns(index, inc, exc, comment):
    return {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "errno": "EPERM",
            "args": [{"index": index, "value": v, "valueTwo": v, "op": "SCMP_CMP_MASKED_EQ"}
                     for _, v in NS],
            "comment": comment, "includes": inc, "excludes": exc}


p["syscalls"] += [
    {"names": ["clone", "clone3", "unshare"], "action": "SCMP_ACT_ALLOW", "args": [],
     "comment": "CRI-O: namespaces only with CAP_SYS_ADMIN",
     "includes": {"caps": ["CAP_SYS_ADMIN"]}, "excludes": {}},
    allow_without_ns(0, {}, {"arches": S390},
                     "CRI-O: clone without namespace flags (flags are argument 0 except on s390)"),
    allow_without_ns(1, {"arches": S390}, {}, "CRI-O on s390: clone's flags are argument 1"),
    eperm_with_ns(0, {}, {"caps": ["CAP_SYS_ADMIN"], "arches": S390},
                  "CRI-O: clone with a namespace flag is EPERM (runc adds each condition as its own rule)"),
    eperm_with_ns(1, {"arches": S390}, {"caps": ["CAP_SYS_ADMIN"]}, "CRI-O on s390"),
]
json.dump(p, sys.stdout, indent="\t")
sys.stdout.write("\n")
