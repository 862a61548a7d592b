#!/usr/bin/env bash
# Installs (or uninstalls) swift-cni: the multi-call plugin binary with one link per plugin name
# in the CNI plugin directory, and cnitool.
#
#   Scripts/install.sh install   BUILD_DIR   # BUILD_DIR holds cni-plugins and cnitool
#   Scripts/install.sh uninstall
#
# Environment: DESTDIR (staging root, default empty), CNI_BIN_DIR (default /opt/cni/bin),
# BIN_DIR (default /usr/local/bin), FORCE=1 to replace plugin files we did not install.
# What we install is listed in $CNI_BIN_DIR/.swift-cni-manifest; uninstall removes exactly that.
# A file we did not install is never overwritten silently: without FORCE=1 it is kept and named.
set -euo pipefail

action=${1:-}
destdir=${DESTDIR:-}
cni_bin=${CNI_BIN_DIR:-/opt/cni/bin}
bin_dir=${BIN_DIR:-/usr/local/bin}
manifest="$destdir$cni_bin/.swift-cni-manifest"

ours() {  # is this path something we installed?
  [ -f "$manifest" ] && grep -qxF "$1" "$manifest"
}

install_all() {
  local build=$1
  [ -x "$build/cni-plugins" ] && [ -x "$build/cnitool" ] || { echo "no cni-plugins/cnitool in $build" >&2; exit 1; }
  mkdir -p "$destdir$cni_bin" "$destdir$bin_dir"
  local installed=() skipped=()
  install -m 0755 -s "$build/cni-plugins" "$destdir$cni_bin/cni-plugins"
  installed+=("$cni_bin/cni-plugins")
  for name in $("$build/cni-plugins" --list); do
    local target="$destdir$cni_bin/$name"
    if [ -e "$target" ] || [ -L "$target" ]; then
      if ! ours "$cni_bin/$name" && [ "${FORCE:-0}" != 1 ]; then
        skipped+=("$cni_bin/$name")
        continue
      fi
      rm -f "$target"
    fi
    ln -s cni-plugins "$target"
    installed+=("$cni_bin/$name")
  done
  # cnitool, and usrsp-app (the agent userspace-plugin containers run; it is installed on the
  # host so images can copy or bind-mount it).
  for program in cnitool usrsp-app; do
    [ -x "$build/$program" ] || continue
    local tool="$destdir$bin_dir/$program"
    if [ -e "$tool" ] && ! ours "$bin_dir/$program" && [ "${FORCE:-0}" != 1 ]; then
      skipped+=("$bin_dir/$program")
    else
      install -m 0755 -s "$build/$program" "$tool"
      installed+=("$bin_dir/$program")
    fi
  done
  # A package manager tracks its own files; the manifest is for `make install` only.
  [ "${NO_MANIFEST:-0}" = 1 ] || printf '%s\n' "${installed[@]}" > "$manifest"
  echo "installed ${#installed[@]} files under $destdir$cni_bin and $destdir$bin_dir"
  if ((${#skipped[@]})); then
    echo "kept existing files we did not install (FORCE=1 replaces them): ${skipped[*]}" >&2
  fi
}

uninstall_all() {
  [ -f "$manifest" ] || { echo "nothing to uninstall: no $manifest"; return; }
  while read -r path; do
    rm -f "$destdir$path"
  done < "$manifest"
  rm -f "$manifest"
  echo "uninstalled swift-cni from $destdir$cni_bin and $destdir$bin_dir"
}

case "$action" in
  install) install_all "${2:?build directory}" ;;
  uninstall) uninstall_all ;;
  *) echo "usage: $0 install BUILD_DIR | uninstall" >&2; exit 2 ;;
esac
