#!/usr/bin/env bash
# The Debian package, for real: build it, install it with apt-get, use what it installed (VERSION
# through a plugin link, cnitool), remove it, and check nothing of it is left. Refuses to run when
# swift-cni is already installed (it would be replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?release build directory}
if dpkg-query -W -f='${Status}' swift-cni 2>/dev/null | grep -q "install ok installed"; then
  echo "swift-cni is installed on this machine already; not touching it" >&2; exit 1
fi
for name in $("$build/cni-plugins" --list) cni-plugins; do
  if [ -e "/opt/cni/bin/$name" ]; then
    echo "/opt/cni/bin/$name exists: installing the package would replace it; not touching it" >&2; exit 1
  fi
done
for program in cnitool usrsp-app; do
  [ ! -e "/usr/local/bin/$program" ] || { echo "/usr/local/bin/$program exists; not touching it" >&2; exit 1; }
done
deb=$(Scripts/build-deb.sh "$build")
trap 'rm -f "$deb"; dpkg -r swift-cni >/dev/null 2>&1 || true' EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
echo "installed $deb"
test "$(readlink /opt/cni/bin/bridge)" = cni-plugins
CNI_COMMAND=VERSION /opt/cni/bin/bridge | grep -q '"1.1.0"'
/usr/local/bin/cnitool --help | grep -q "cnitool"
/usr/local/bin/usrsp-app --help 2>&1 | grep -qi "usage\|config"
files=$(for f in $(dpkg -L swift-cni | grep -E '^/(opt|usr/local)/'); do [ -L "$f" ] || [ -f "$f" ] && echo "$f"; done || true)
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq swift-cni >/dev/null
for f in $files; do
  if [ -e "$f" ] || [ -L "$f" ]; then echo "left behind after removal: $f" >&2; exit 1; fi
done
echo "removed cleanly ($(echo "$files" | wc -w) files)"
