#!/bin/sh
# build-initramfs.sh - fetch Debian's stock kernel (never installed on the host) and build a small
# busybox initramfs that boots it, loads the network drivers the kernel-VM tests need, mounts the
# host directories run-vm.sh shares over 9p, runs one command and powers off.
#
# Why: CI and sandbox kernels often lack 802.1Q vlan, macvlan/macvtap, ipvlan, vrf, dummy and
# bridge VLAN filtering. Debian's kernel has them all as modules.
#
# Needs: apt (apt-get download), dpkg-deb, busybox-static, cpio, kmod (depmod/modprobe), xz-utils,
# dash; no root for the download (nothing is installed).
#
# Environment (optional):
#   WORKDIR           output directory (default /var/tmp/swift-cni-kernel-vm)
#   KERNEL_PKG        Debian kernel package (default linux-image-amd64, resolved to the versioned
#                     package). Not linux-image-cloud-amd64: it is built without 9p.
#   KERNEL_DEB        an already downloaded kernel .deb to use instead
#   MODULES           modules loaded at boot (their dependencies are added)
#   AUTOLOAD_MODULES  modules copied for on-demand loading by the kernel (ifb, tc); tun is
#                     preloaded because /dev/net/tun appears only once it is loaded
#
# Output: $WORKDIR/vmlinux (unpacked kernel, booted through PVH), $WORKDIR/vmlinuz, $WORKDIR/initrd.cpio.gz
set -eu

WORKDIR=${WORKDIR:-/var/tmp/swift-cni-kernel-vm}
KERNEL_PKG=${KERNEL_PKG:-linux-image-amd64}
KERNEL_DEB=${KERNEL_DEB:-}
MODULES=${MODULES:-"virtio_pci 9p 9pnet_virtio veth bridge 8021q macvlan macvtap ipvlan ipvtap vrf dummy tun"}
AUTOLOAD_MODULES=${AUTOLOAD_MODULES:-"ifb sch_tbf sch_ingress cls_u32 cls_matchall act_mirred"}

KROOT=$WORKDIR/kernel
STAGE=$WORKDIR/initramfs
mkdir -p "$WORKDIR"

# 1. The kernel package, unpacked under $WORKDIR.
if ! ls "$KROOT"/boot/vmlinuz-* >/dev/null 2>&1; then
    if [ -z "$KERNEL_DEB" ]; then
        package=$(apt-cache depends "$KERNEL_PKG" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
        package=${package:-$KERNEL_PKG}
        echo ">> downloading $package"
        (cd "$WORKDIR" && apt-get download "$package")
        KERNEL_DEB=$(ls -t "$WORKDIR/${package}"_*.deb | head -n 1)
    fi
    echo ">> unpacking $KERNEL_DEB"
    rm -rf "$KROOT"
    mkdir -p "$KROOT"
    dpkg-deb -x "$KERNEL_DEB" "$KROOT"
fi
KVER=$(ls "$KROOT/lib/modules" | head -n 1)
[ -f "$KROOT/lib/modules/$KVER/modules.dep" ] || depmod -b "$KROOT" "$KVER"
ln -sf "$KROOT/boot/vmlinuz-$KVER" "$WORKDIR/vmlinuz"
echo ">> kernel $KVER"

# The bzImage's compressed payload, unpacked to an ELF vmlinux: QEMU boots that through the PVH
# entry point, skipping decompression inside the emulated guest (seconds under TCG).
unpack_vmlinux() {  # $1 bzImage, $2 output
    setup_sectors=$(od -An -tu1 -j 497 -N1 "$1" | tr -d ' ')
    payload_offset=$(od -An -tu4 -j 584 -N4 "$1" | tr -d ' ')
    payload_length=$(od -An -tu4 -j 588 -N4 "$1" | tr -d ' ')
    [ "$setup_sectors" = 0 ] && setup_sectors=4
    start=$(( (setup_sectors + 1) * 512 + payload_offset + 1 ))
    case $(tail -c +"$start" "$1" | head -c 4 | od -An -tx1 | tr -d ' \n') in
        fd377a58) decompress="xz -dc" ;;
        1f8b*) decompress="gzip -dc" ;;
        28b52ffd) decompress="zstd -qdc" ;;
        *) return 1 ;;
    esac
    tail -c +"$start" "$1" | head -c "$payload_length" | $decompress > "$2.tmp" 2>/dev/null || true
    if [ "$(head -c 4 "$2.tmp" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then mv "$2.tmp" "$2"; else rm -f "$2.tmp"; return 1; fi
}
if [ ! -s "$WORKDIR/vmlinux" ] || [ "$WORKDIR/vmlinux" -ot "$KROOT/boot/vmlinuz-$KVER" ]; then
    unpack_vmlinux "$KROOT/boot/vmlinuz-$KVER" "$WORKDIR/vmlinux" || rm -f "$WORKDIR/vmlinux"
fi

# 2. A busybox userland.
rm -rf "$STAGE"
mkdir -p "$STAGE"/bin "$STAGE"/sbin "$STAGE"/proc "$STAGE"/sys "$STAGE"/dev "$STAGE"/tmp "$STAGE"/run \
    "$STAGE"/mnt "$STAGE"/etc "$STAGE"/root "$STAGE/lib/modules/$KVER"
busybox=$(command -v busybox)
if ldd "$busybox" >/dev/null 2>&1; then echo "error: $busybox is not static (install busybox-static)" >&2; exit 1; fi
cp "$busybox" "$STAGE/bin/busybox"
for applet in $("$busybox" --list); do [ -e "$STAGE/bin/$applet" ] || ln -s busybox "$STAGE/bin/$applet"; done
for applet in modprobe insmod poweroff; do ln -sf ../bin/busybox "$STAGE/sbin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$STAGE/etc/passwd"

# 3. Modules, decompressed (busybox insmod reads only plain .ko), with their dependencies.
MDIR=$KROOT/lib/modules/$KVER
: > "$STAGE/lib/modules/load.list"
stage_module() {  # $1 path under $MDIR; prints the staged path
    plain=$1
    case $1 in *.ko.xz) plain=${1%.xz} ;; *.ko.zst) plain=${1%.zst} ;; *.ko.gz) plain=${1%.gz} ;; esac
    target=$STAGE/lib/modules/$KVER/$plain
    if [ ! -f "$target" ]; then
        mkdir -p "$(dirname "$target")"
        case $1 in
            *.ko.xz) xz -dc "$MDIR/$1" > "$target" ;;
            *.ko.zst) zstd -qdc "$MDIR/$1" > "$target" ;;
            *.ko.gz) gzip -dc "$MDIR/$1" > "$target" ;;
            *) cp "$MDIR/$1" "$target" ;;
        esac
    fi
    echo "$plain"
}
add_modules() {  # $1 = 1 to load at boot; then module names
    preload=$1
    shift
    for module in "$@"; do
        # --show-depends lists dependencies (softdeps too) in load order.
        dependencies=$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$module" 2>/dev/null) || {
            echo "warning: no module $module in $KVER" >&2; continue; }
        echo "$dependencies" | awk '$1 == "insmod" { print $2 }' | while read -r path; do
            staged=$(stage_module "${path#"$MDIR"/}")
            if [ "$preload" = 1 ] && ! grep -qxF "$staged" "$STAGE/lib/modules/load.list"; then
                echo "$staged" >> "$STAGE/lib/modules/load.list"
            fi
        done
    done
}
# shellcheck disable=SC2086
add_modules 1 $MODULES
# shellcheck disable=SC2086
add_modules 0 $AUTOLOAD_MODULES
for file in modules.builtin modules.builtin.modinfo modules.order; do
    [ -f "$MDIR/$file" ] && cp "$MDIR/$file" "$STAGE/lib/modules/$KVER/"
done
depmod -b "$STAGE" "$KVER"

# 4. /init: mount the host's root read-only (when asked) and the shares, run the command, report.
cat > "$STAGE/init" <<'INIT'
#!/bin/sh
export PATH=/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
echo /sbin/modprobe > /proc/sys/kernel/modprobe
while read -r module; do
    insmod "/lib/modules/$(uname -r)/$module" || echo "vm-init: insmod $module failed"
done < /lib/modules/load.list
ip link set lo up
P9=trans=virtio,version=9p2000.L,msize=262144
mkdir -p /mnt/ctl
mount -t 9p -o $P9 vmctl /mnt/ctl
ROOT=
if [ -f /mnt/ctl/hostroot ]; then
    ROOT=/mnt/host
    mkdir -p $ROOT
    mount -t 9p -o $P9,ro,cache=loose hostroot $ROOT
    mount -t proc proc $ROOT/proc
    mount -t sysfs sysfs $ROOT/sys
    mount -t devtmpfs devtmpfs $ROOT/dev
    mkdir -p $ROOT/dev/pts $ROOT/dev/shm
    mount -t devpts devpts $ROOT/dev/pts
    for dir in /tmp /run /dev/shm; do mount -t tmpfs tmpfs $ROOT$dir; done
    mkdir -p $ROOT/run/vmctl
    mount --bind /mnt/ctl $ROOT/run/vmctl
fi
while read -r tag mode path; do
    [ -n "$tag" ] || continue
    mkdir -p "$ROOT$path" 2>/dev/null
    mount -t 9p -o "$P9,$mode" "$tag" "$ROOT$path" || echo "vm-init: cannot mount $path"
done < /mnt/ctl/mounts
if [ -n "$ROOT" ]; then
    chroot $ROOT /bin/sh -c 'export HOME=/tmp PATH="$(cat /run/vmctl/path)"; cd "$(cat /run/vmctl/cwd)" && exec sh /run/vmctl/cmd.sh'
else
    PATH="$PATH:$(cat /mnt/ctl/path)"
    cd "$(cat /mnt/ctl/cwd)" && sh /mnt/ctl/cmd.sh
fi
echo $? > /mnt/ctl/rc
sync
poweroff -f
INIT
chmod 755 "$STAGE/init"

# dash as /bin/sh: Debian's busybox sh runs its own `ip` applet even when iproute2 is on PATH.
if command -v dash >/dev/null; then
    cp "$(command -v dash)" "$STAGE/bin/dash"
    ldd "$(command -v dash)" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | while read -r library; do
        mkdir -p "$STAGE$(dirname "$library")"
        cp -L "$library" "$STAGE$library"
    done
    ln -sf dash "$STAGE/bin/sh"
fi

# 5. Pack.
(cd "$STAGE" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 > "$WORKDIR/initrd.cpio.gz"
echo ">> wrote $WORKDIR/initrd.cpio.gz ($(du -h "$WORKDIR/initrd.cpio.gz" | cut -f1))"
