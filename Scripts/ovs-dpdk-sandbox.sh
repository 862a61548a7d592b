#!/usr/bin/env bash
# A private OVS-DPDK instance for tests and benchmarks: its own ovsdb-server and
# ovs-vswitchd-dpdk under DIR, never the system's. ovs-vswitchd runs in a network namespace of
# its own (ovssbx-PREFIX): the netdev datapath makes tap devices (ovs-netdev, one per bridge),
# which must not land in the host's namespace nor clash with another instance's. No hugepages (--no-huge --legacy-mem, per-port
# memory), no PCI devices (--no-pci: EAL must never touch the machine's NIC), one PMD thread that
# sleeps when idle (pmd-maxsleep), EAL files under /var/run/dpdk/PREFIX.
#
#   Scripts/ovs-dpdk-sandbox.sh start DIR [PREFIX]   prints the OVSDB socket path when ready
#   Scripts/ovs-dpdk-sandbox.sh stop DIR             stops both daemons, removes DIR and the EAL prefix
#
# Environment: SANDBOX_MEM (MB of EAL memory, default 512), SANDBOX_PMD_MASK (default 0x2),
# SANDBOX_LCORE_MASK (default 0x1), SANDBOX_NO_DPDK=1 (plain ovs-vswitchd, for tests that only
# need OVSDB and a vswitchd that applies configuration).
set -euo pipefail
command=${1:?usage: $0 start|stop DIR [PREFIX]}
dir=${2:?usage: $0 start|stop DIR [PREFIX]}
prefix=${3:-ovs-sandbox-$$}
vswitchd=/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk
[ "${SANDBOX_NO_DPDK:-0}" = 1 ] && vswitchd=/usr/sbin/ovs-vswitchd

stop_daemon() {  # NAME: exit through the control socket, then make sure the pid is gone
  local pidfile=$dir/$1.pid pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 0
  timeout 5 ovs-appctl -t "$dir/$1.ctl" exit >/dev/null 2>&1 || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
}

case $command in
start)
  mkdir -p "$dir"
  echo "$prefix" > "$dir/eal-prefix"
  export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir
  ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$dir/conf.db" --remote="punix:$dir/db.sock" --pidfile="$dir/ovsdb-server.pid" \
    --unixctl="$dir/ovsdb-server.ctl" --log-file="$dir/ovsdb-server.log" --detach 2>>"$dir/ovsdb-server.stderr"
  vsctl="ovs-vsctl --db=unix:$dir/db.sock --no-wait"
  $vsctl init
  if [ "${SANDBOX_NO_DPDK:-0}" != 1 ]; then
    $vsctl set Open_vSwitch . other_config:dpdk-init=true \
      other_config:dpdk-lcore-mask="${SANDBOX_LCORE_MASK:-0x1}" other_config:pmd-cpu-mask="${SANDBOX_PMD_MASK:-0x2}" \
      other_config:per-port-memory=true other_config:pmd-maxsleep=10000 \
      "other_config:dpdk-extra=--no-pci --no-huge --legacy-mem -m ${SANDBOX_MEM:-512} --file-prefix=$prefix"
  fi
  ip netns add "ovssbx-$prefix"
  ip netns exec "ovssbx-$prefix" "$vswitchd" "unix:$dir/db.sock" --pidfile="$dir/ovs-vswitchd.pid" --unixctl="$dir/ovs-vswitchd.ctl" \
    --log-file="$dir/ovs-vswitchd.log" --detach 2>>"$dir/ovs-vswitchd.stderr"
  if [ "${SANDBOX_NO_DPDK:-0}" != 1 ]; then
    for _ in $(seq 200); do
      [ "$(ovs-vsctl --db=unix:$dir/db.sock get Open_vSwitch . dpdk_initialized 2>/dev/null)" = true ] && break
      sleep 0.05
    done
    [ "$(ovs-vsctl --db=unix:$dir/db.sock get Open_vSwitch . dpdk_initialized)" = true ] || {
      echo "DPDK did not initialise; see $dir/ovs-vswitchd.log" >&2; exit 1; }
  fi
  echo "$dir/db.sock"
  ;;
stop)
  stop_daemon ovs-vswitchd
  stop_daemon ovsdb-server
  if [ -s "$dir/eal-prefix" ]; then
    p=$(cat "$dir/eal-prefix")
    [ -n "$p" ] && rm -rf "/var/run/dpdk/$p"
    [ -n "$p" ] && ip netns del "ovssbx-$p" 2>/dev/null || true
  fi
  rmdir /var/run/dpdk 2>/dev/null || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR [PREFIX]" >&2; exit 2 ;;
esac
