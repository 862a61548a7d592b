#!/usr/bin/env bash
# slirp4netns vs pasta as the `slirp` plugin's backend, side by side:
#   - ADD latency (cnitool add, loopback + slirp, median of N runs, DEL between runs);
#   - TCP throughput container -> host loopback (iperf3 to 10.0.2.2, a bounded few seconds).
# Traffic stays between a namespace made here and the host's 127.0.0.1.
#
#   Benchmarks/slirp/run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=$(cd "${1:-.build/debug}" && pwd)
runs=${2:-20}
seconds=${IPERF_SECONDS:-5}
command -v iperf3 >/dev/null || { apt-get install -y -qq --no-install-recommends iperf3 >/dev/null; }

work=$(mktemp -d /tmp/swiftcni-slirpbench.XXXXXX)
ns=slirpbench-$$
cleanup() {
  [ -n "${iperf:-}" ] && kill "$iperf" 2>/dev/null || true
  for backend in slirp4netns pasta; do
    NETCONFPATH=$work/$backend CNI_PATH=$work/bin CNI_CACHE_DIR=$work/cache "$build/cnitool" del bench "/var/run/netns/$ns" 2>/dev/null || true
  done
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin"
for p in slirp loopback; do ln -s "$build/cni-plugins" "$work/bin/$p"; done
ip netns add "$ns"
iperf3 -s -B 127.0.0.1 -p 15201 >/dev/null 2>&1 & iperf=$!
sleep 0.3

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }
spread() { sort -n | awk '{a[NR]=$1} END {printf "%.1f-%.1f", a[1], a[NR]}'; }

printf '%-12s %14s %14s %16s\n' backend "ADD ms (med)" "ADD ms range" "TCP Gbit/s"
for backend in slirp4netns pasta; do
  mkdir -p "$work/$backend"
  echo "{\"cniVersion\":\"1.0.0\",\"name\":\"bench\",\"plugins\":[{\"type\":\"loopback\"},{\"type\":\"slirp\",\"backend\":\"$backend\",\"mtu\":65520,\"disableDNS\":true,\"stateDir\":\"$work/state\"}]}" > "$work/$backend/bench.conflist"
  export NETCONFPATH=$work/$backend CNI_PATH=$work/bin CNI_CACHE_DIR=$work/cache
  : > "$work/times"
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$build/cnitool" add bench "/var/run/netns/$ns" >/dev/null
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000" | bc >> "$work/times"
    "$build/cnitool" del bench "/var/run/netns/$ns"
  done
  "$build/cnitool" add bench "/var/run/netns/$ns" >/dev/null
  gbits=$(ip netns exec "$ns" iperf3 -c 10.0.2.2 -p 15201 -t "$seconds" -J | jq '.end.sum_received.bits_per_second / 1e9' | xargs printf '%.2f')
  "$build/cnitool" del bench "/var/run/netns/$ns"
  printf '%-12s %14s %14s %16s\n' "$backend" "$(median < "$work/times")" "$(spread < "$work/times")" "$gbits"
done
