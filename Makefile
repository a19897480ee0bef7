# remarkgraph — see README.md.
#   make run     install what is missing, build, serve the sample graph
#   make test    install, build, run every test, print the totals
#   make build   install and build
#   make clients generate and build every client from proto/
#   make bench   benchmarks at size S (bench/); BENCH_ARGS=--size=M for M
#   make clean   remove the build tree

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test run bench clients clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

run: build
	@scripts/run

clients: configure
	cmake --build $(BUILD_DIR) --target clients -j $(JOBS)

bench: build
	@scripts/bench $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR)
