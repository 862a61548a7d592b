#!/usr/bin/env bash
# The main job, for a new user: two "containers" (network namespaces made by `cnitool exec`)
# on the embedded default network, talking to each other and to the host, then everything torn
# down. Only our binaries: cnitool and the plugins (loopback, bridge, host-local) from cni-plugins.
#
#   Scripts/demo.sh BUILD_DIR     (BUILD_DIR holds cni-plugins and cnitool; `make demo` passes it)
set -euo pipefail

build=${1:-.build/debug}
build=$(cd "$build" && pwd)
work=$(mktemp -d /tmp/swiftcni-demo.XXXXXX)
plugins=$work/bin
mkdir -p "$plugins" "$work/www"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Host state the demo may change, put back on exit (the bridge plugin enables forwarding).
forwarding=$(cat /proc/sys/net/ipv4/ip_forward)
bridge_existed=$(ip link show swiftcni0 >/dev/null 2>&1 && echo yes || echo no)
ipam_existed=$([ -d /var/lib/cni/networks/swiftcni-default ] && echo yes || echo no)
server=
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ "$bridge_existed" = no ] && ip link del swiftcni0 2>/dev/null || true
  [ "$ipam_existed" = no ] && rm -rf /var/lib/cni/networks/swiftcni-default || true
  echo "$forwarding" > /proc/sys/net/ipv4/ip_forward
  rm -rf "$work"
}
trap cleanup EXIT

say "Plugins: one multi-call binary, linked under each plugin name (as make install does)"
for name in $("$build/cni-plugins" --list); do ln -s "$build/cni-plugins" "$plugins/$name"; done
for name in loopback bridge host-local; do
  [ -e "$plugins/$name" ] || { echo "cni-plugins lacks $name" >&2; exit 1; }
done
echo "  $(ls "$plugins" | tr '\n' ' ')-> $build/cni-plugins"

export CNI_PATH=$plugins CNI_CACHE_DIR=$work/cache NETCONFPATH=$work/net.d
cnitool=$build/cnitool

say "The embedded default network (no configuration on this machine)"
"$cnitool" version --network swiftcni-default

say "Container A: a web server on the default network"
echo "hello from container A" > "$work/www/index.html"
"$cnitool" exec -- sh -c "echo \$CNITOOL_IP > $work/a.ip; exec busybox httpd -f -p 8080 -h $work/www" &
server=$!
for _ in $(seq 50); do [ -s "$work/a.ip" ] && break; sleep 0.1; done
a_ip=$(cat "$work/a.ip")
echo "  container A is $a_ip"

say "Container B: its interfaces, a page from A, and a ping to the host's bridge"
"$cnitool" exec -- sh -c "
  ip -br addr
  echo '--- wget http://$a_ip:8080/'
  busybox wget -qO- http://$a_ip:8080/
  echo '--- ping 10.250.0.1 (the bridge on the host)'
  busybox ping -c 2 -W 2 10.250.0.1
"

say "While A runs: its namespace, its cached attachment (Go's libcni cache format)"
"$cnitool" netns list | grep cnitool-exec- | sed 's/^/  netns: /'
ls "$work/cache/results" | sed 's/^/  cache: /'

say "Stopping A: cnitool forwards the signal, then detaches and deletes the namespace"
kill -TERM "$server"; wait "$server" || true; server=
echo "  exec namespaces left: $("$cnitool" netns list | grep -c cnitool-exec- || true)"
echo "  cached attachments left: $(ls "$work/cache/results" | wc -l)"
echo "  leases left: $(ls /var/lib/cni/networks/swiftcni-default 2>/dev/null | grep -c '^10\.' || true)"

say "Done"
