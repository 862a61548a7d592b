#!/usr/bin/env bash
# Builds the Go compatibility harness (Go's reference libcni 1.1.2, offline, GOPATH mode)
# and regenerates the result-conversion goldens.
#
#   Scripts/go-harness.sh build     build .build/go/bin/golibcni and .build/go/bin/goconvert
#   Scripts/go-harness.sh goldens   build, then regenerate Tests/Fixtures/conversion-expected.json
#                                   from Tests/Fixtures/conversion-inputs.json
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

LIBCNI_SRC=/usr/share/gocode/src/github.com/containernetworking/cni
BIN_DIR=$ROOT/.build/go/bin
INPUTS=Tests/Fixtures/conversion-inputs.json
EXPECTED=Tests/Fixtures/conversion-expected.json

usage() {
    echo "usage: $0 build|goldens" >&2
    exit 2
}

ensure_toolchain() {
    if ! command -v go >/dev/null 2>&1 || [ ! -d "$LIBCNI_SRC/libcni" ]; then
        echo "==> installing golang-go golang-github-appc-cni-dev"
        apt-get install -y --no-install-recommends golang-go golang-github-appc-cni-dev
    fi
}

build() {
    ensure_toolchain
    mkdir -p "$BIN_DIR" "$ROOT/.build/go/cache"
    for prog in golibcni goconvert; do
        echo "==> go build $prog -> ${BIN_DIR#$ROOT/}/$prog"
        (
            cd "$ROOT/Tests/GoHarness/src/$prog"
            GO111MODULE=off \
            GOPATH="$ROOT/Tests/GoHarness:/usr/share/gocode" \
            GOCACHE="$ROOT/.build/go/cache" \
            GOFLAGS= \
                go build -o "$BIN_DIR/$prog" .
        )
    done
}

goldens() {
    build
    echo "==> goconvert < $INPUTS > $EXPECTED"
    local tmp
    tmp=$(mktemp "$EXPECTED.XXXXXX")
    chmod 644 "$tmp"
    if ! "$BIN_DIR/goconvert" < "$INPUTS" > "$tmp"; then
        rm -f "$tmp"
        exit 1
    fi
    mv "$tmp" "$EXPECTED"
    echo "==> wrote $EXPECTED"
}

[ $# -eq 1 ] || usage
case "$1" in
    build) build ;;
    goldens) goldens ;;
    *) usage ;;
esac
