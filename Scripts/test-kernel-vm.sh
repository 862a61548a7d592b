#!/bin/sh
# test-kernel-vm.sh - the kernel-VM test tier: the suites named *KernelVM*, run in one throw-away
# VM booted with Debian's kernel (which has the vlan, macvlan, ipvlan, vrf, dummy and bridge VLAN
# filtering drivers this host's kernel may lack). Exits non-zero if any test fails.
#
#   Scripts/test-kernel-vm.sh            # builds the tests if needed, and the initramfs if missing
#
# Environment: KERNEL_VM_DIR (default /var/tmp/swift-cni-kernel-vm) holds the kernel and initramfs
# (about 500 MB: the unpacked Debian kernel package);
# KERNEL_VM_FILTER (default KernelVM) selects the suites; SWIFT (default swift).
set -eu
cd "$(dirname "$0")/.."
export WORKDIR="${KERNEL_VM_DIR:-/var/tmp/swift-cni-kernel-vm}"
FILTER=${KERNEL_VM_FILTER:-KernelVM}
TESTS=.build/debug/swift-cniPackageTests.xctest

# (Re)build the initramfs when missing or older than the script that makes it.
if [ ! -s "$WORKDIR/initrd.cpio.gz" ] || [ Scripts/kernel-vm/build-initramfs.sh -nt "$WORKDIR/initrd.cpio.gz" ]; then
    Scripts/kernel-vm/build-initramfs.sh
fi
"${SWIFT:-swift}" build --build-tests

# One boot for the whole group; CNI_KERNEL_VM=1 enables the suites (and makes a missing driver a
# failure rather than a skip).
# Software emulation is slow: the plugin parity suites run Go's plugins and ours for every case,
# so the guest gets both vCPUs and up to 30 minutes (about 5 on an idle two-core machine).
CNI_KERNEL_VM=1 VM_ENV=CNI_KERNEL_VM VM_HOSTROOT=1 VM_QUIET=1 VM_TIMEOUT="${VM_TIMEOUT:-1800}" \
    Scripts/kernel-vm/run-vm.sh "$TESTS" --testing-library swift-testing --filter "$FILTER"
