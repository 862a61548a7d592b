#!/usr/bin/env bash
# host-local with 10,000 existing leases: our plugin against Debian's Go build of the reference.
#
#   Benchmarks/host-local/run.sh [RUNS]          RUNS defaults to 30
#   GO_PLUGIN=/path/to/host-local    reference binary (default /usr/lib/cni/host-local)
#   LEASES=10000                     leases written before timing
#   DYNAMIC=1                        link the Swift runtime dynamically (default: statically,
#                                    with --static-swift-stdlib, as release builds ship; a plain
#                                    dynamic build pays ~2.5 ms more start-up per call)
#
# Both plugins get their own copy of the same data directory, written directly in the Go
# format (one file per address, "containerID\r\nifname", last_reserved_ip.0 after the last one).
# Timed: ADD of a new container (its DEL untimed in between), DEL (its ADD untimed in between),
# and ADD+DEL cycles. With hyperfine (Debian package `hyperfine`) the shell's own start-up is
# subtracted; without it, a loop with `date +%s%N` measures the same commands (shell included).
set -euo pipefail

RUNS=${1:-30}
LEASES=${LEASES:-10000}
GO_PLUGIN=${GO_PLUGIN:-/usr/lib/cni/host-local}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=/opt/swift/usr/bin:$PATH

if [[ ${DYNAMIC:-0} == 1 ]]; then
    BUILD=(swift build -c release --product cni-plugins)
else
    BUILD=(swift build -c release --product cni-plugins --static-swift-stdlib --scratch-path .build-static)
fi
echo "== building ours: ${BUILD[*]}"
(cd "$ROOT" && "${BUILD[@]}" 2>&1 | tail -1)
BIN=$(cd "$ROOT" && "${BUILD[@]}" --show-bin-path)

WORK=$(mktemp -d /tmp/swiftcni-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin"
ln -s "$BIN/cni-plugins" "$WORK/bin/host-local"
OURS="$WORK/bin/host-local"

populate() {  # populate DIR: LEASES leases in 10.20.0.0/16 from 10.20.0.2 on
    local dir=$1/bench i n a b last
    mkdir -p "$dir"
    for ((i = 0; i < LEASES; i++)); do
        n=$((i + 2)); a=$((n >> 8)); b=$((n & 255))
        last="10.20.$a.$b"
        printf 'ctr%05d\r\neth0' "$i" > "$dir/$last"
    done
    printf '%s' "$last" > "$dir/last_reserved_ip.0"
}

config() {  # config DATADIR
    printf '{"cniVersion":"1.0.0","name":"bench","type":"bridge","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.20.0.0/16"}]]}}' "$1"
}

echo "== writing $LEASES leases in the Go format (twice)"
for impl in go ours; do
    populate "$WORK/$impl"
    config "$WORK/$impl" > "$WORK/$impl.json"
done

call() {  # call IMPL COMMAND: the command line hyperfine runs
    local plugin=$GO_PLUGIN
    [[ $1 == ours ]] && plugin=$OURS
    echo "CNI_COMMAND=$2 CNI_CONTAINERID=benchctr CNI_NETNS=/var/run/netns/none CNI_IFNAME=eth0 CNI_PATH=$WORK/bin $plugin < $WORK/$1.json > /dev/null"
}

# Our first call on a directory the Go plugin wrote builds the owner index (one full scan).
cold_ms() {
    local copy=$WORK/cold start end
    rm -rf "$copy"; cp -a "$WORK/ours" "$copy"; rm -rf "$copy/.swift-cni-index"
    config "$copy" > "$WORK/cold.json"
    start=$(date +%s%N)
    CNI_COMMAND=ADD CNI_CONTAINERID=coldctr CNI_NETNS=/x CNI_IFNAME=eth0 CNI_PATH=/x "$OURS" < "$WORK/cold.json" > /dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

declare -A MEDIAN
measure() {  # measure NAME PREPARE COMMAND...: median seconds into MEDIAN[NAME]
    local name=$1 prepare=$2; shift 2
    if command -v hyperfine > /dev/null; then
        local json=$WORK/$name.json.out
        local args=(--warmup 3 --runs "$RUNS" --export-json "$json" --style none)
        [[ -n $prepare ]] && args+=(--prepare "$prepare")
        hyperfine "${args[@]}" "$@" > /dev/null
        MEDIAN[$name]=$(grep -o '"median": *[0-9.e-]*' "$json" | head -1 | sed 's/.*: *//')
    else
        local times=() i start end
        for ((i = 0; i < RUNS + 3; i++)); do
            [[ -n $prepare ]] && bash -c "$prepare"
            start=$(date +%s%N); bash -c "$1"; end=$(date +%s%N)
            ((i >= 3)) && times+=($(((end - start))))
        done
        MEDIAN[$name]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.6f", a[int((NR+1)/2)]/1e9}')
    fi
}

echo "== timing ($RUNS runs each$(command -v hyperfine > /dev/null && echo ', hyperfine' || echo ', date loop'))"
for impl in go ours; do
    measure "$impl-add" "$(call "$impl" DEL)" "$(call "$impl" ADD)"
    # DEL first: the ADD measured last left the container allocated.
    measure "$impl-del" "$(call "$impl" DEL) && $(call "$impl" ADD)" "$(call "$impl" DEL)"
    measure "$impl-cycle" "" "$(call "$impl" ADD) && $(call "$impl" DEL)"
done
COLD=()
for i in 1 2 3; do COLD+=("$(cold_ms)"); done

ms() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo
printf '%-28s %12s %12s %10s\n' "host-local, $LEASES leases" "Go (ms)" "ours (ms)" "ours/Go"
for op in add del cycle; do
    label=$op; [[ $op == add ]] && label="ADD"; [[ $op == del ]] && label="DEL"; [[ $op == cycle ]] && label="ADD+DEL cycle"
    printf '%-28s %12s %12s %10s\n' "$label (median)" "$(ms "${MEDIAN[go-$op]}")" "$(ms "${MEDIAN[ours-$op]}")" \
        "$(ratio "${MEDIAN[ours-$op]}" "${MEDIAN[go-$op]}")"
done
printf '%-28s %12s %12s\n' "first ADD after Go (index)" "-" "$(printf '%s ' "${COLD[@]/%/us}")"
