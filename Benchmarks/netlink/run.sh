#!/bin/sh
# run.sh - build the netlink benchmark (release) and the C floor, run them, print the table.
# Needs root (it creates namespaces). Usage: Benchmarks/netlink/run.sh [--iterations N] [--no-ptp]
set -eu
cd "$(dirname "$0")/../.."
out=${BENCH_OUT:-/tmp/swift-cni-netlink-bench}
mkdir -p "$out"
gcc -O2 -Wall -Wl,-z,now -o "$out/floor" Benchmarks/netlink/floor.c -lpthread
"${SWIFT:-swift}" build -c release --product netlink-benchmark >&2
exec "$(${SWIFT:-swift} build -c release --show-bin-path)/netlink-benchmark" --floor "$out/floor" "$@"
