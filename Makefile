# remarkgraph — see README.md.
#   make run     install what is missing, build, serve the sample graph
#   make test    install, build, run every test, print the totals
#   make build   install and build
#   make clients generate and build every client from proto/
#   make dist    the client packages (wheel, sdist, npm, Maven, Go) in dist/
#   make image   the OCI image of remarkgraphd and the CLI (podman, mmdebstrap)
#   make image-test  run the image with podman and check it (docs/deploy.md)
#   make bench   benchmarks at size S (bench/); BENCH_ARGS=--size=M for M (L: 10M)
#   make torture the long torture run and its table; TORTURE_SECONDS (600)
#   make fuzz    libFuzzer targets with clang into build-fuzz/; FUZZ_SECONDS per target (60)
#   make asan    ASan+UBSan build into build-asan/, runs the test suite
#   make tsan    TSan build into build-tsan/, runs the concurrent tests
#   make clean   remove the build tree

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

TORTURE_SECONDS ?= 600
FUZZ_SECONDS ?= 60
SANITIZER_TYPE ?= RelWithDebInfo
# The tests that run threads against each other: the server end to end,
# snapshot reads under writes, and the torture drivers (ctest -L torture).
TSAN_GTESTS ?= tests/storage/snapshot_reads_test tests/storage/adjacency_test tests/e2e/e2e_api_test tests/e2e/e2e_errors_test tests/e2e/e2e_lifecycle_test \
  tests/e2e/e2e_import_test
TSAN_TARGETS ?= remarkgraphd e2e_api_test e2e_errors_test e2e_lifecycle_test e2e_import_test \
  snapshot_reads_test adjacency_test rg_crash_torture rg_soak rg_runaway rg_tsan_race_canary

.PHONY: all deps configure build test run bench clients dist image image-test clean torture fuzz asan tsan

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

dist: configure
	cmake --build $(BUILD_DIR) --target dist

VERSION := $(shell cat VERSION)
IMAGE ?= localhost/remarkgraph:$(VERSION)

image: build
	@scripts/install-deps --image
	deploy/image/build.sh --remarkgraphd $(BUILD_DIR)/service/remarkgraphd \
	  --cli $(BUILD_DIR)/clients/cli/remarkgraph --version $(VERSION) --out $(BUILD_DIR)/image

image-test: image
	deploy/image/test.sh --image $(IMAGE) --cli $(BUILD_DIR)/clients/cli/remarkgraph \
	  --gobin $(BUILD_DIR)/image/gobin

bench: build
	@scripts/bench $(BENCH_ARGS)

torture: build
	@scripts/torture --seconds $(TORTURE_SECONDS)

# Sanitizer builds: see docs/torture.md. Debian's gRPC, RocksDB and abseil
# are not instrumented; docs/torture.md says what that means.
fuzz: deps
	@scripts/install-deps --fuzz
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=$(SANITIZER_TYPE) \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DRG_FUZZ=ON \
	  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer"
	cmake --build build-fuzz --target fuzz -j $(JOBS)
	@scripts/fuzz build-fuzz $(FUZZ_SECONDS)

asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=$(SANITIZER_TYPE) \
	  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1200

# -U__SANITIZE_THREAD__: protobuf's headers add two fields to MapFieldBase
# when they see it, and Debian's libprotobuf was built without them; with the
# macro the project's code and the library disagree on the layout of every
# map field (a crash in SpaceUsedLong, seen under TSan only).
tsan: deps
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=$(SANITIZER_TYPE) \
	  "-DCMAKE_CXX_FLAGS=-fsanitize=thread -fno-omit-frame-pointer -U__SANITIZE_THREAD__"
	cmake --build build-tsan -j $(JOBS) --target $(TSAN_TARGETS)
	cd build-tsan && JOBS=$(JOBS) ../tests/tsan/run.sh $(TSAN_GTESTS)

clean:
	rm -rf $(BUILD_DIR) build-fuzz build-asan build-tsan
