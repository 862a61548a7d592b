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

# Release build: static executables (no loader work at start): the plugins' multi-call binary,
# cnitool and usrsp-app.
# Every function in its own section, and the plugins' binary linked by lld with the functions a
# plugin call runs laid out together: fewer page faults and a smaller resident size for every
# plugin process (decision 0013). The order comes from profiling this very build: the first link
# uses the last list (at first the committed Scripts/cni-plugins.order), Scripts/symbol-order.sh
# then records what a bridge ADD/CHECK/DEL runs, and the binary is linked again if that changed.
RELEASE_BIN   := .build-release/release
# The same compiler flags for every product, so that building one does not recompile the others.
RELEASE_FLAGS := -c release --scratch-path .build-release -Xswiftc -Xfrontend -Xswiftc -function-sections \
                 -Xswiftc -static-executable -Xswiftc -use-ld=lld
ORDER_FILE    := .build-release/cni-plugins.order
ORDER_FLAGS   := -Xlinker --symbol-ordering-file=$(CURDIR)/$(ORDER_FILE) -Xlinker --no-warn-symbol-ordering
BUILD_PLUGINS := $(SWIFT) build $(RELEASE_FLAGS) $(ORDER_FLAGS) --product cni-plugins
release:
	@mkdir -p .build-release && { test -f $(ORDER_FILE) || cp Scripts/cni-plugins.order $(ORDER_FILE); }
	$(BUILD_PLUGINS)
	@cp $(ORDER_FILE) $(ORDER_FILE).used
	Scripts/symbol-order.sh --if-possible $(RELEASE_BIN) $(ORDER_FILE)
	@if ! cmp -s $(ORDER_FILE) $(ORDER_FILE).used; then \
	  echo "the link order changed: linking cni-plugins again"; \
	  rm -f $(RELEASE_BIN)/cni-plugins && $(BUILD_PLUGINS); fi
	$(SWIFT) build $(RELEASE_FLAGS) $(ORDER_FLAGS) --product cnitool
	$(SWIFT) build $(RELEASE_FLAGS) $(ORDER_FLAGS) --product usrsp-app

install: release
	Scripts/install.sh install $(RELEASE_BIN)

uninstall:
	Scripts/install.sh uninstall

# Benchmarks against Debian's Go plugins, same run, interleaved (not a test: no thresholds).
bench: deps release
	$(SWIFT) build $(RELEASE_FLAGS) --product netlink-benchmark
	gcc -O2 -Wall -Wl,-z,now -o $(RELEASE_BIN)/floor Benchmarks/netlink/floor.c -lpthread
	Benchmarks/bench.py $(RELEASE_BIN) --json bench-results.json

# The userspace plugin's ADD latency next to ovs-vsctl add-port, on a private OVS-DPDK.
bench-userspace: deps release
	Benchmarks/userspace/run.sh $(RELEASE_BIN)

deb: release
	Scripts/build-deb.sh $(RELEASE_BIN)

test-deb: release
	Scripts/test-deb.sh $(RELEASE_BIN)
