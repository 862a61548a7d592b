#!/usr/bin/env bash
# Builds the Debian package from the tree: the release binaries installed by Scripts/install.sh
# into a staging root, plus the control file. Output: swift-cni_VERSION_ARCH.deb in the repo root.
#
#   Scripts/build-deb.sh BUILD_DIR [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?release build directory}
version=${2:-0.1.0~git$(git log -1 --format=%cd.%h --date=format:%Y%m%d 2>/dev/null || echo 0)}
arch=$(dpkg --print-architecture)
stage=$(mktemp -d /tmp/swiftcni-deb.XXXXXX)
trap 'rm -rf "$stage"' EXIT

DESTDIR=$stage NO_MANIFEST=1 Scripts/install.sh install "$build" >/dev/null
mkdir -p "$stage/DEBIAN" "$stage/usr/share/doc/swift-cni"
cp README.md "$stage/usr/share/doc/swift-cni/"
size=$(du -sk "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: swift-cni
Version: $version
Architecture: $arch
Maintainer: swift-cni developers <dev@swift-cni.invalid>
Installed-Size: $size
Section: net
Priority: optional
Recommends: slirp4netns
Suggests: passt
Description: Container Network Interface plugins and cnitool, in Swift
 Drop-in replacements for the CNI reference plugins (loopback, bridge,
 host-local, static, slirp, ...) as one static multi-call binary linked
 under each plugin name in /opt/cni/bin; cnitool and usrsp-app (the
 userspace plugin's container-side agent) in /usr/local/bin.
CONTROL
out="swift-cni_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
