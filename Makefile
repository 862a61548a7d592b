# swift-cni: `make demo` shows containers networked by our plugins; `make test` runs every test.
# Both install the Debian packages they need first (Scripts/install-deps.sh).

SWIFT      ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)
DEBUG_BIN  := .build/debug
TESTBIN    := $(DEBUG_BIN)/swift-cniPackageTests.xctest

.PHONY: all build deps demo test test-unit test-system test-kernel go-harness goldens clean release install uninstall bench bench-userspace deb test-deb

all: build

deps:
	Scripts/install-deps.sh

# One debug build serves the products and all test tiers.
build:
	$(SWIFT) build --build-tests

go-harness:
	Scripts/go-harness.sh build

goldens:
	Scripts/go-harness.sh goldens

demo: deps build
	Scripts/demo.sh $(DEBUG_BIN)

test: deps build go-harness
	$(MAKE) --no-print-directory test-unit test-system test-kernel test-deb

test-unit:
	$(TESTBIN) --testing-library swift-testing --filter UnitTests

test-system:
	$(TESTBIN) --testing-library swift-testing --filter SystemTests

test-kernel:
	Scripts/test-kernel-vm.sh

clean:
	rm -rf .build

# Release build: one static multi-call binary for the plugins, and cnitool.
# Every function in its own section, and the plugins' binary linked by lld with the functions a
# plugin call runs laid out together (Scripts/cni-plugins.order, from Scripts/symbol-order.sh):
# fewer page faults and a smaller resident size for every plugin process.
RELEASE_BIN   := .build-release/release
RELEASE_FLAGS := -c release --scratch-path .build-release -Xswiftc -Xfrontend -Xswiftc -function-sections
ORDER_FLAGS   := -Xswiftc -use-ld=lld -Xlinker --symbol-ordering-file=$(CURDIR)/Scripts/cni-plugins.order \
                 -Xlinker --no-warn-symbol-ordering
release:
	$(SWIFT) build $(RELEASE_FLAGS) --product cni-plugins -Xswiftc -static-executable $(ORDER_FLAGS)
	$(SWIFT) build $(RELEASE_FLAGS) --product cnitool --static-swift-stdlib
	$(SWIFT) build $(RELEASE_FLAGS) --product usrsp-app --static-swift-stdlib

install: release
	Scripts/install.sh install $(RELEASE_BIN)

uninstall:
	Scripts/install.sh uninstall

# Benchmarks against Debian's Go plugins, same run, interleaved (not a test: no thresholds).
bench: deps release
	Benchmarks/bench.py $(RELEASE_BIN) --json bench-results.json

# The userspace plugin's ADD latency next to ovs-vsctl add-port, on a private OVS-DPDK.
bench-userspace: deps release
	Benchmarks/userspace/run.sh $(RELEASE_BIN)

deb: release
	Scripts/build-deb.sh $(RELEASE_BIN)

test-deb: release
	Scripts/test-deb.sh $(RELEASE_BIN)
