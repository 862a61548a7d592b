#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need (and nothing from anywhere else).
# The Swift toolchain itself is expected at /opt/swift or on PATH.
set -euo pipefail

packages=(
  iproute2 jq procps kmod                           # assertions, namespaces
  containernetworking-plugins                       # the Go reference plugins we compare against
  golang-go golang-github-appc-cni-dev              # Go's libcni, to drive our plugins
  qemu-system-x86 busybox-static cpio xz-utils      # the kernel-VM tier
  nftables iptables time hyperfine valgrind          # (iptables: the reference masquerades with it; time, hyperfine: benchmarks; valgrind: the release link order)
  slirp4netns passt                                 # the slirp plugin's backends
  podman runc uidmap python3 containerd             # real container runtimes (podman, containerd's ctr)
  openvswitch-switch-dpdk dpdk dpdk-dev             # userspace plugin: OVS-DPDK and dpdk-testpmd
  librte-mempool-ring23 librte-bus-vdev23           # (the PMDs testpmd and OVS load: not pulled in
  librte-net-memif23 librte-net-virtio23 librte-net-vhost23  #  without recommends)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
command -v swift >/dev/null || { echo "swift not found: install the Swift 6 toolchain (/opt/swift)" >&2; exit 1; }
