#!/usr/bin/env bash
# symbol-order.sh - regenerates Scripts/cni-plugins.order, the order in which the release link
# lays out the functions of cni-plugins (lld --symbol-ordering-file).
#
# Why: a plugin lives a few milliseconds and touches scattered code of a 10 MB binary; the kernel
# maps 16 pages around every page fault, so scattered code means many faults and a large resident
# size. Placing the functions a plugin call runs next to each other cuts both (docs/PERFORMANCE.md).
#
#   Scripts/symbol-order.sh [BUILD_DIR]    # default .build-release/release; needs valgrind, root
#
# It runs VERSION, loopback ADD, and bridge + host-local ADD, CHECK and DEL under callgrind and
# writes every function they executed. A stale list is harmless: unknown names are ignored, and
# new functions just land after the listed ones.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-.build-release/release}
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
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
grind() { valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.%p" "$@" 2>/dev/null; }
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
  | sort -u > Scripts/cni-plugins.order
echo "Scripts/cni-plugins.order: $(wc -l < Scripts/cni-plugins.order) functions"
