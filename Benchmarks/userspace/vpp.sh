#!/usr/bin/env bash
# ADD latency of the userspace plugin on VPP: a memif interface (VPP the server) in a bridge
# domain, the plugin binary run as a runtime runs it (one process, CNI_* variables, the
# configuration on stdin), median of N, without IPAM (the engine's API round trips: socket
# registration, memif_create_v2, tag, bridge domain, admin up, name) and with host-local.
# Side by side: vppctl doing the same through the CLI socket.
# A private VPP is started and stopped (no hugepages, its sockets in a temporary directory).
# VPP is not packaged for Debian: build it by hand (docs/USERSPACE.md) and give its binary.
#
#   VPP_BIN=/path/to/vpp Benchmarks/userspace/vpp.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
vpp=${VPP_BIN:-$(command -v vpp || true)}
[ -x "$vpp" ] || { echo "no VPP binary: set VPP_BIN (see docs/USERSPACE.md); not run" >&2; exit 2; }
vppctl=$(dirname "$vpp")/vppctl
default_build=.build/debug
[ -x .build-release/release/cni-plugins ] && default_build=.build-release/release
build=$(cd "${1:-$default_build}" && pwd)
runs=${2:-30}

work=$(mktemp -d /tmp/vp-vppbench.XXXXXX)
ns=vpbench-$$
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
  rm -f /dev/shm/vpbench-$$*
}
trap cleanup EXIT
mkdir -p "$work/bin"
for p in userspace host-local; do ln -s "$build/cni-plugins" "$work/bin/$p"; done
ip netns add "$ns"
cat > "$work/startup.conf" <<CONF
unix { nodaemon log $work/vpp.log cli-listen $work/cli.sock runtime-dir $work }
api-segment { prefix vpbench-$$ }
socksvr { socket-name $work/api.sock }
memory { main-heap-size 512M main-heap-page-size 4k }
buffers { buffers-per-numa 16384 page-size 4k }
cpu { main-core $(($(nproc) - 1)) }
plugins { plugin default { disable } plugin memif_plugin.so { enable } plugin vhost_plugin.so { enable } }
statseg { socket-name $work/stats.sock size 32M page-size 4k }
CONF
"$vpp" -c "$work/startup.conf" > "$work/vpp.out" 2>&1 &
pid=$!
for _ in $(seq 300); do [ -S "$work/api.sock" ] && break; sleep 0.1; done
[ -S "$work/api.sock" ] || { cat "$work/vpp.out" >&2; exit 1; }
"$vppctl" -s "$work/cli.sock" show version

config_for() {  # IPAM-JSON-OR-EMPTY
  echo '{"cniVersion":"1.0.0","name":"bench","type":"userspace",
   "host":{"engine":"vpp","iftype":"memif","netType":"bridge","memif":{"role":"server"},"bridge":{"bridgeId":170}},
   "sharedDir":"'$work'/shared","dataDir":"'$work'/data","vppApiSocket":"'$work'/api.sock"'"$1"'}'
}
plugin() {  # COMMAND CONTAINER-ID CONFIG
  echo "$3" | CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=/var/run/netns/$ns CNI_IFNAME=net1 \
    CNI_PATH=$work/bin "$work/bin/userspace" >/dev/null
}
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
spread() { sort -n | awk '{a[NR]=$1} END {printf "%.2f-%.2f", a[1], a[NR]}'; }
ms() { echo "scale=3; ($2 - $1) / 1000000" | bc; }

echo "build: $build ($runs runs each)"
printf '%-40s %10s %14s\n' "operation" "median ms" "range ms"
plain=$(config_for '')
ipam=$(config_for ',"ipam":{"type":"host-local","subnet":"10.250.170.0/24","dataDir":"'$work'/ipam"}')
plugin ADD warmup "$plain" && plugin DEL warmup "$plain"
: > "$work/add"; : > "$work/add-ipam"; : > "$work/del"; : > "$work/cli"; : > "$work/version"
for i in $(seq "$runs"); do
  # A here-string, not a pipe: VERSION may exit before reading its input.
  start=$(now); CNI_COMMAND=VERSION "$work/bin/userspace" <<< '{"cniVersion":"1.0.0"}' >/dev/null; end=$(now)
  ms "$start" "$end" >> "$work/version"
  start=$(now); plugin ADD "bench$i" "$plain"; end=$(now); ms "$start" "$end" >> "$work/add"
  start=$(now); plugin DEL "bench$i" "$plain"; end=$(now); ms "$start" "$end" >> "$work/del"
  start=$(now); plugin ADD "ipam$i" "$ipam"; end=$(now); ms "$start" "$end" >> "$work/add-ipam"
  plugin DEL "ipam$i" "$ipam"
  start=$(now)
  "$vppctl" -s "$work/cli.sock" create memif socket id $((1000 + i)) filename "$work/cli$i.sock" >/dev/null
  "$vppctl" -s "$work/cli.sock" create interface memif id 0 socket-id $((1000 + i)) master >/dev/null
  "$vppctl" -s "$work/cli.sock" set interface l2 bridge "memif$((1000 + i))/0" 170 >/dev/null
  "$vppctl" -s "$work/cli.sock" set interface state "memif$((1000 + i))/0" up >/dev/null
  end=$(now); ms "$start" "$end" >> "$work/cli"
  "$vppctl" -s "$work/cli.sock" delete interface memif "memif$((1000 + i))/0" >/dev/null
  "$vppctl" -s "$work/cli.sock" delete memif socket id $((1000 + i)) >/dev/null
done
printf '%-40s %10s %14s\n' "userspace VERSION (the process alone)" "$(median < "$work/version")" "$(spread < "$work/version")"
printf '%-40s %10s %14s\n' "userspace ADD memif (no IPAM)" "$(median < "$work/add")" "$(spread < "$work/add")"
printf '%-40s %10s %14s\n' "userspace ADD memif (+host-local)" "$(median < "$work/add-ipam")" "$(spread < "$work/add-ipam")"
printf '%-40s %10s %14s\n' "userspace DEL memif (no IPAM)" "$(median < "$work/del")" "$(spread < "$work/del")"
printf '%-40s %10s %14s\n' "vppctl: the same in 4 commands" "$(median < "$work/cli")" "$(spread < "$work/cli")"
