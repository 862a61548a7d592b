#!/bin/bash
# run-vm.sh - run one command as root in a throw-away QEMU VM booted with the kernel and initramfs
# from build-initramfs.sh, and exit with the command's status.
#
#   run-vm.sh [--] COMMAND [ARGS...]
#
# The current directory is shared read-write at the same path. With VM_HOSTROOT=1 the host's / is
# shared read-only and the command runs chrooted into it, so dynamically linked programs (SwiftPM
# test binaries) and host tools (ip, tc, bridge) work unchanged; /tmp and /run are fresh tmpfs.
#
# Environment (optional):
#   WORKDIR      where build-initramfs.sh wrote its output (default /var/tmp/swift-cni-kernel-vm)
#   VM_HOSTROOT  1 to run chrooted in the host's read-only root
#   VM_ENV       names of variables to pass into the VM (PATH always is)
#   VM_SHARES    more host directories to share read-write, at the same paths
#   VM_ACCEL     kvm | tcg | auto (default: kvm only with usable hardware virtualisation)
#   VM_MEM       MiB of guest memory (default 1024)
#   VM_TIMEOUT   seconds before the VM is killed (default 900)
#   VM_QUIET=1   hide the kernel's boot messages
# Exit status: the command's; 124 on timeout; 125 if the VM ended without reporting one.
set -euo pipefail
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [--] command [args...]" >&2; exit 2; }

WORKDIR=${WORKDIR:-/var/tmp/swift-cni-kernel-vm}
KERNEL=$WORKDIR/vmlinuz
[ -s "$WORKDIR/vmlinux" ] && KERNEL=$WORKDIR/vmlinux
INITRD=$WORKDIR/initrd.cpio.gz
for file in "$KERNEL" "$INITRD"; do
    [ -r "$file" ] || { echo "run-vm: $file missing; run build-initramfs.sh" >&2; exit 2; }
done

accel=${VM_ACCEL:-auto}
if [ "$accel" = auto ]; then
    # Only hardware KVM: a PVM-backed /dev/kvm (no vmx/svm flag) cannot run a stock kernel.
    accel=tcg
    if [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then accel=kvm; fi
fi
case $accel in
    kvm) machine=(-accel kvm -cpu host -smp 2) ;;
    tcg) machine=(-accel tcg,thread=multi -cpu max -smp "${VM_CPUS:-2}") ;;
    *) echo "run-vm: VM_ACCEL must be kvm, tcg or auto" >&2; exit 2 ;;
esac

control=$(mktemp -d "${TMPDIR:-/tmp}/swift-cni-vm.XXXXXX")
trap 'rm -rf "$control"' EXIT
{
    for name in ${VM_ENV:-}; do
        if [ -n "${!name+x}" ]; then printf 'export %s=%q\n' "$name" "${!name}"; fi
    done
    printf '%q ' "$@"
    echo
} > "$control/cmd.sh"
pwd -P > "$control/cwd"
echo "$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" > "$control/path"
: > "$control/mounts"

shares=(-virtfs "local,path=$control,mount_tag=vmctl,security_model=none")
if [ "${VM_HOSTROOT:-0}" = 1 ]; then
    touch "$control/hostroot"
    shares+=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,multidevs=remap,readonly=on")
fi
count=0
for directory in "$PWD" ${VM_SHARES:-}; do
    directory=$(cd "$directory" && pwd -P)
    shares+=(-virtfs "local,path=${directory//,/,,},mount_tag=share$count,security_model=none,multidevs=remap")
    echo "share$count rw $directory" >> "$control/mounts"
    count=$((count + 1))
done

append="console=ttyS0 panic=-1 quiet"
[ "${VM_QUIET:-0}" = 1 ] && append="$append loglevel=0"
set +e
timeout --foreground -k 5 "${VM_TIMEOUT:-900}" qemu-system-x86_64 "${machine[@]}" -m "${VM_MEM:-1024}" \
    -nodefaults -no-user-config -display none -serial stdio -no-reboot \
    -kernel "$KERNEL" -initrd "$INITRD" -append "$append" "${shares[@]}" < /dev/null |
    if [ "${VM_QUIET:-0}" = 1 ]; then grep -av -e '^\[ *[0-9.]*\] ' -e '^vm-init:'; else cat; fi
status=${PIPESTATUS[0]}
set -e
if [ "$status" = 124 ] || [ "$status" = 137 ]; then echo "run-vm: timed out" >&2; exit 124; fi
[ -f "$control/rc" ] || { echo "run-vm: the VM ended without a result (qemu status $status)" >&2; exit 125; }
exit "$(cat "$control/rc")"
