# Makefile - a thin wrapper around CMake for the usual jobs.
#   make            release build in build/
#   make test       release + ASan/UBSan + libFuzzer builds, then every test in each
#   make exercise   the main job, the end-to-end takedown exercise (`make demo` is the same)
#   make bench      the benchmarks in bench/ (slow; prints ours beside the peers')
JOBS ?= 2

.PHONY: all build asan fuzz test exercise demo bench clean

all: build

build:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTK_WERROR=ON >/dev/null
	cmake --build build -j$(JOBS)

asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTK_SANITIZE=ON -DTK_WERROR=ON >/dev/null
	cmake --build build-asan -j$(JOBS)

fuzz:
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DTK_FUZZ=ON -DTK_WERROR=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)

test: build asan fuzz
	@echo "== release build"
	ctest --test-dir build --output-on-failure -j$(JOBS)
	@echo "== ASan + UBSan build"
	ctest --test-dir build-asan --output-on-failure -j$(JOBS) -LE nosan
	@echo "== libFuzzer runs"
	ctest --test-dir build-fuzz --output-on-failure -L fuzz

exercise: build
	./scripts/demo.sh

demo: exercise

bench: build
	./bench/run-all.sh

clean:
	rm -rf build build-asan build-fuzz
