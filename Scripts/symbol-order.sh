#!/usr/bin/env bash
# symbol-order.sh - regenerates Scripts/cni-plugins.order, the order in which the release link
# lays out the functions of cni-plugins (lld --symbol-ordering-file).
#
# Why: a plugin lives a few milliseconds and touches scattered code of a 10 MB binary; the kernel
# maps 16 pages around every page fault, so scattered code means many faults and a large resident
# size. Placing the functions a plugin call runs next to each other cuts both (docs/PERFORMANCE.md).
#
#   Scripts/symbol-order.sh [--if-possible] [BUILD_DIR [OUT]]
#       BUILD_DIR defaults to .build-release/release, OUT to Scripts/cni-plugins.order.
#       Needs valgrind, jq and root; with --if-possible, says why and leaves OUT as it is when
#       it cannot run.
#
# It runs VERSION, loopback ADD, and bridge + host-local ADD, CHECK and DEL under callgrind
# (host-local runs in-process, as in production; any child a call spawns is followed too) and
# writes every function they executed. `make release` refreshes its own copy of the list after
# the first link and links again when the list changed, so a release build never ships a stale
# order; the committed list is the starting point (and what a build without root or valgrind
# uses). A stale list is harmless but costly: unknown names are ignored, and new
# functions land after the listed ones, scattered (a stale list once cost 1.5 MiB of resident
# size per bridge ADD).
set -euo pipefail
cd "$(dirname "$0")/.."
if_possible=false
if [[ ${1:-} == --if-possible ]]; then if_possible=true; shift; fi
build=${1:-.build-release/release}
out=${2:-Scripts/cni-plugins.order}
missing=""
command -v valgrind >/dev/null || missing="valgrind (apt-get install valgrind)"
command -v jq >/dev/null || missing="jq (apt-get install jq)"
((EUID == 0)) || missing="root (it makes a network namespace and a bridge)"
if [[ -n $missing ]]; then
  $if_possible || { echo "symbol-order.sh: needs $missing" >&2; exit 1; }
  echo "symbol-order.sh: keeping $out as it is: needs $missing" >&2
  exit 0
fi
work=$(mktemp -d /tmp/swiftcni-order.XXXXXX)
netns=swiftcni-order-$$
cleanup() {
  ip netns del "$netns" 2>/dev/null || true
  ip link del swiftcniord0 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Valgrind cannot read the debug information of our static binary; the symbol table is enough.
strip --strip-debug -o "$work/cni-plugins" "$build/cni-plugins"
for name in bridge host-local loopback; do ln -s cni-plugins "$work/$name"; done
grind() { valgrind --tool=callgrind --trace-children=yes --demangle=no --callgrind-out-file="$work/cg.%p" "$@" 2>/dev/null; }
export CNI_CONTAINERID=order CNI_PATH="$work" CNI_NETNS=/var/run/netns/$netns
ip netns add "$netns"
forwarding=$(cat /proc/sys/net/ipv4/ip_forward)

echo '{"cniVersion":"1.0.0"}' | CNI_COMMAND=VERSION grind "$work/loopback" >/dev/null
echo '{"cniVersion":"1.0.0","name":"order","type":"loopback"}' | CNI_COMMAND=ADD CNI_IFNAME=lo grind "$work/loopback" >/dev/null
bridge='{"cniVersion":"1.0.0","name":"order","type":"bridge","bridge":"swiftcniord0","isGateway":true,
  "ipam":{"type":"host-local","dataDir":"'"$work"'/ipam","ranges":[[{"subnet":"10.250.199.0/24"}]]}}'
result=$(echo "$bridge" | CNI_COMMAND=ADD CNI_IFNAME=eth0 grind "$work/bridge")
echo "$bridge" | jq -c --argjson r "$result" '. + {prevResult: $r}' | CNI_COMMAND=CHECK CNI_IFNAME=eth0 grind "$work/bridge"
echo "$bridge" | CNI_COMMAND=DEL CNI_IFNAME=eth0 grind "$work/bridge"
echo "$forwarding" > /proc/sys/net/ipv4/ip_forward

# Callgrind names each function once as "fn=(id) name"; keep real symbols only.
cat "$work"/cg.* | sed -nE 's/^c?fn=\([0-9]+\) //p' | grep -v -E '^(0x[0-9a-f]+|\(below main\).*)$' \
  | sort -u > "$work/order"
mv "$work/order" "$out"
echo "$out: $(wc -l < "$out") functions"
