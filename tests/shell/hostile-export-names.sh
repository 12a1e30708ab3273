#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# export checks names as the API server does (issue 18, item 13):
# ConfigMap keys [-._a-zA-Z0-9]+ not starting with ".." (".dot.json" is
# fine, "..hidden.json" is not), --name a DNS-1123 subdomain, --namespace
# a DNS-1123 label.  Nothing is printed when something is refused.
set -u
tmp=$(mktemp -d /tmp/sc-expnames-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
cd "$tmp"
printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >..hidden.json
cp ..hidden.json .dot.json
cp ..hidden.json ok.json

refused() { # WANT-EXIT WHAT ARGS...
        local want=$1 what=$2; shift 2
        "$S" export "$@" >out 2>err; local rc=$?
        [ $rc = "$want" ] || FAIL "$what: exit $rc (want $want)"
        [ -s out ] && FAIL "$what: printed output"
        grep -q "$what" err || FAIL "$what: message lacks '$what': $(cat err)"
}
refused 1 'not a valid ConfigMap key' --format configmap ./..hidden.json
refused 2 'not a DNS-1123 subdomain' --format configmap --name 'Bad_Name' ok.json
refused 2 'not a DNS-1123 subdomain' --format spo --name 'a/b' ok.json
refused 2 'not a DNS-1123 label' --format configmap --namespace 'kube.system' ok.json
refused 2 'not a DNS-1123 label' --format configmap --namespace "$(printf 'x%.0s' $(seq 64))" ok.json
refused 1 'not a DNS-1123 subdomain' --format spo ./..hidden.json
"$S" export --format configmap --name seccomp-profiles --namespace kube-system ./.dot.json ok.json >out 2>err ||
        FAIL ".dot.json refused: $(cat err)"
grep -q '^  \.dot\.json: |' out || FAIL ".dot.json key missing: $(cat out)"
grep -q '^  namespace: kube-system' out || FAIL "namespace missing"
exit $fail
