#!/usr/bin/env bash
# ADD latency of the userspace plugin: a vhost-user port (dpdkvhostuserclient) on OVS-DPDK with
# host-local IPAM, the plugin binary run as a runtime runs it (one process, CNI_* variables,
# the configuration on stdin), side by side with `ovs-vsctl add-port` of the same port type,
# interleaved, median of N. Two OVS settings: the PMD thread sleeping when idle
# (pmd-maxsleep=10000, as CI runs) and OVS's default busy PMD; ovs-vswitchd applying the port
# is most of the time, and a sleeping PMD answers its reload late.
# Then the dataplane through two ports the plugin made (one testpmd looping through OVS).
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

# Dataplane through ports the plugin made: one testpmd (io forwarding, 32 bursts in flight)
# with the two interfaces of two attachments, OVS forwarding port to port both ways: the
# lossless rate per direction, not bounded by two testpmds sharing a vCPU as the pair test is.
agent=$build/usrsp-app
[ -x "$agent" ] || agent=.build/debug/usrsp-app
if [ -x "$agent" ] && command -v dpdk-testpmd >/dev/null; then
  printf '\n%-12s %22s\n' "interface" "Mpps per direction"
  $vsctl set Open_vSwitch . other_config:pmd-maxsleep=10000
  for iftype in vhostuser memif; do
    if [ $iftype = vhostuser ]; then host='"iftype":"vhostuser","vhost":{"mode":"client"}'; else host='"iftype":"memif","memif":{"role":"server"}'; fi
    config='{"cniVersion":"1.0.0","name":"loop","type":"userspace","host":{"engine":"ovs-dpdk",'$host',"bridge":{"bridgeName":"br-loop"}},
      "sharedDir":"'$work'/shared","dataDir":"'$work'/data","ovsdbSocket":"'$work'/ovs/db.sock"}'
    plugin ADD loop1 && plugin ADD loop2
    vdevs=()
    for id in loop1 loop2; do
      line=$("$agent" --config "$work/data/$id/configData-net1.json" --memory no-huge --dry-run)
      vdev=$(tr ' ' '\n' <<<"$line" | grep '^--vdev=')
      queues=$(tr ' ' '\n' <<<"$line" | { grep -E '^--(rx|tx)q=' || true; } | tr '\n' ' ')
      [ $id = loop2 ] && vdev=${vdev/virtio_user0/virtio_user1} && vdev=${vdev/net_memif0/net_memif1}
      vdevs+=("$vdev")
    done
    p1=$($vsctl get Interface "$($vsctl list-ports br-loop | head -1)" ofport)
    p2=$($vsctl get Interface "$($vsctl list-ports br-loop | tail -1)" ofport)
    ovs-ofctl del-flows "unix:$work/ovs/br-loop.mgmt"
    ovs-ofctl add-flow "unix:$work/ovs/br-loop.mgmt" "in_port=$p1,actions=output:$p2"
    ovs-ofctl add-flow "unix:$work/ovs/br-loop.mgmt" "in_port=$p2,actions=output:$p1"
    ( sleep 4; echo "start tx_first 32"; sleep 2; echo "clear port stats all"; sleep 5; echo "show port stats all";
      sleep 0.5; echo stop; sleep 0.5; echo quit ) |
      timeout 40 dpdk-testpmd --lcores=0@0,1@0 --no-pci --file-prefix="uspbench-loop-$$" --no-huge -m 256 "${vdevs[@]}" \
        -- -i --forward-mode=io --nb-cores=1 --total-num-mbufs=16384 --rxd=1024 --txd=1024 $queues > "$work/loop.log" 2>&1 || true
    rm -rf "/var/run/dpdk/uspbench-loop-$$"
    rx=$(grep -m1 -oE 'RX-packets: +[0-9]+' "$work/loop.log" | grep -oE '[0-9]+$' || echo 0)
    printf '%-12s %22.2f\n' "$iftype" "$(echo "scale=3; ${rx:-0} / 5 / 1000000" | bc)"
    plugin DEL loop1 && plugin DEL loop2
  done
fi
