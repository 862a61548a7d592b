#!/usr/bin/env bash
# ADD latency of the userspace plugin: a vhost-user port (dpdkvhostuserclient) on OVS-DPDK with
# host-local IPAM, the plugin binary run as a runtime runs it (one process, CNI_* variables,
# the configuration on stdin), side by side with `ovs-vsctl add-port` of the same port type,
# interleaved, median of N. Two OVS settings: the PMD thread sleeping when idle
# (pmd-maxsleep=10000, as CI runs) and OVS's default busy PMD; ovs-vswitchd applying the port
# is most of the time, and a sleeping PMD answers its reload late.
# A private OVS-DPDK (Scripts/ovs-dpdk-sandbox.sh: no hugepages, no PCI) is started and stopped.
#
#   Benchmarks/userspace/run.sh [BUILD_DIR] [RUNS]     (BUILD_DIR: .build-release/release if built)
set -euo pipefail
cd "$(dirname "$0")/../.."
default_build=.build/debug
[ -x .build-release/release/cni-plugins ] && default_build=.build-release/release
build=$(cd "${1:-$default_build}" && pwd)
runs=${2:-30}

work=$(mktemp -d /tmp/swiftcni-uspbench.XXXXXX)
ns=uspbench-$$
cleanup() {
  Scripts/ovs-dpdk-sandbox.sh stop "$work/ovs" >/dev/null 2>&1 || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin"
for p in userspace host-local; do ln -s "$build/cni-plugins" "$work/bin/$p"; done
ip netns add "$ns"
Scripts/ovs-dpdk-sandbox.sh start "$work/ovs" "uspbench-$$" >/dev/null
vsctl="ovs-vsctl --db=unix:$work/ovs/db.sock"
$vsctl add-br br-bench -- set bridge br-bench datapath_type=netdev

config='{"cniVersion":"1.0.0","name":"bench","type":"userspace",
 "host":{"engine":"ovs-dpdk","iftype":"vhostuser","netType":"bridge","vhost":{"mode":"client"},"bridge":{"bridgeName":"br-bench"}},
 "sharedDir":"'$work'/shared","dataDir":"'$work'/data","ovsdbSocket":"'$work'/ovs/db.sock",
 "ipam":{"type":"host-local","subnet":"10.56.220.0/24","dataDir":"'$work'/ipam"}}'
plugin() {  # COMMAND CONTAINER-ID
  echo "$config" | CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=/var/run/netns/$ns CNI_IFNAME=net1 \
    CNI_PATH=$work/bin "$work/bin/userspace" >/dev/null
}
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }
spread() { sort -n | awk '{a[NR]=$1} END {printf "%.1f-%.1f", a[1], a[NR]}'; }

echo "build: $build ($runs runs each, interleaved)"
printf '%-26s %-28s %10s %14s\n' "OVS PMD" "operation" "median ms" "range ms"
for maxsleep in 10000 0; do
  $vsctl set Open_vSwitch . other_config:pmd-maxsleep=$maxsleep
  sleep 0.5
  : > "$work/plugin"; : > "$work/vsctl"
  plugin ADD warmup && plugin DEL warmup
  for i in $(seq "$runs"); do
    start=$(now); plugin ADD "bench$i"; end=$(now)
    echo "scale=3; ($end - $start) / 1000000" | bc >> "$work/plugin"
    plugin DEL "bench$i"
    start=$(now)
    $vsctl add-port br-bench "vsctl$i" -- set Interface "vsctl$i" type=dpdkvhostuserclient \
      "options:vhost-server-path=$work/vsctl$i.sock"
    end=$(now)
    echo "scale=3; ($end - $start) / 1000000" | bc >> "$work/vsctl"
    $vsctl del-port br-bench "vsctl$i"
  done
  label=$([ "$maxsleep" = 0 ] && echo "busy (OVS default)" || echo "pmd-maxsleep=$maxsleep (CI)")
  printf '%-26s %-28s %10s %14s\n' "$label" "userspace ADD (+host-local)" "$(median < "$work/plugin")" "$(spread < "$work/plugin")"
  printf '%-26s %-28s %10s %14s\n' "$label" "ovs-vsctl add-port" "$(median < "$work/vsctl")" "$(spread < "$work/vsctl")"
done
$vsctl set Open_vSwitch . other_config:pmd-maxsleep=10000
