# The two commands a new machine needs: `make run` and `make test` (see README.md).
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
PORT ?= 8080
DATA ?= data
BENCH_BUILD ?= build-release

.PHONY: run test build asan deps test-deps unit store-tests features multi-node chaos format clean bench bench-deps \
	fuzz fuzz-long fuzz-deps

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The same code with AddressSanitizer and UBSan: catches memory errors (see "Coroutines" in
# docs/architecture.md) in every unit test and feature.
$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	$(BUILD)/switchyard serve --listen 127.0.0.1:$(PORT) --data-dir $(DATA) --demo

# The store tests share one throw-away PostgreSQL server (scripts/test-postgres.sh).
unit: build test-deps
	scripts/test-postgres.sh run sh -c 'cd $(BUILD) && ctest --output-on-failure -j $(JOBS)'

# Only the store tests, on SQLite and PostgreSQL.
store-tests: deps test-deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target store_tests
	scripts/test-postgres.sh run $(BUILD)/store_tests

# Three nodes on one PostgreSQL behind nginx under load; one killed, the database restarted.
multi-node: build test-deps
	scripts/multi-node-test.sh $(BUILD)

# The chaos suite (docs/reliability.md): seeded faults, kill -9 and restarts, then the invariants.
# make chaos SEED=42 PAYMENTS=10000 KILLS=40 for a long run; without SEED, the CI seeds.
SEED ?= 1 2 3
PAYMENTS ?= 200
KILLS ?= 3
chaos: build test-deps
	scripts/chaos.sh $(BUILD) "$(SEED)" $(PAYMENTS) $(KILLS)

features: build test-deps
	cd features && SWITCHYARD_BIN=$(abspath $(BUILD))/switchyard npx cucumber-js

test: test-deps build asan
	scripts/test-all.sh $(BUILD) $(ASAN_BUILD)

bench-deps:
	@scripts/install-deps.sh --bench

# Release build (-O2, no sanitizers) in its own directory, then bench/run.sh: load generator against
# the real server, the emulator and nginx, micro-benchmarks; see docs/performance.md. Configured on
# every run (quick), so Google Benchmark installed by bench-deps is found.
bench: deps bench-deps
	cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -g -DNDEBUG" >/dev/null
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target switchyard loadgen microbench
	bench/run.sh $(BENCH_BUILD)

fuzz-deps:
	@scripts/install-deps.sh --fuzz

# libFuzzer targets (fuzz/, docs/reliability.md "Fuzzing"), built with clang in build-fuzz: every
# target for FUZZ_SECONDS (20) each, as CI runs them; fuzz-long runs one for longer:
#   make fuzz-long TARGET=api_json_bodies SECONDS=3600
fuzz: deps fuzz-deps
	scripts/fuzz.sh

fuzz-long: deps fuzz-deps
	@test -n "$(TARGET)" || { echo "usage: make fuzz-long TARGET=<fuzz/TARGET_fuzzer.cc> [SECONDS=600]"; exit 1; }
	scripts/fuzz.sh $(TARGET) $(SECONDS)

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD)
