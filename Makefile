# Makefile - a thin wrapper around CMake for the usual jobs.
#   make            release build in build/
#   make test       release + ASan/UBSan + libFuzzer builds, then every test in each
#   make exercise   the main job, the end-to-end takedown exercise (`make demo` is the same)
#   make bench      the benchmarks in bench/ (slow; prints ours beside the peers')
#   make install    install the release build under PREFIX (/usr/local), staged in DESTDIR
#   make deb        the Debian package, hardened with dpkg-buildflags, in build-deb/, then lintian
JOBS ?= 2
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all build asan fuzz test exercise demo bench install deb clean

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

install: build
	DESTDIR="$(DESTDIR)" cmake --install build --prefix "$(PREFIX)"

# Debian's build flags (hardening=+all: fortify, stack protector, relro, bindnow, PIE), the
# geo databases looked for in /var/lib/takedown/geo, and the package's dependencies from
# dpkg-shlibdeps (CPack).
deb: export DEB_BUILD_MAINT_OPTIONS = hardening=+all
deb:
	CFLAGS="$$(dpkg-buildflags --get CFLAGS) $$(dpkg-buildflags --get CPPFLAGS)" \
	LDFLAGS="$$(dpkg-buildflags --get LDFLAGS)" \
	cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	      -DCMAKE_INSTALL_PREFIX=/usr -DTK_GEO_DIR=/var/lib/takedown/geo >/dev/null
	cmake --build build-deb -j$(JOBS)
	cd build-deb && cpack -G DEB
	lintian --info build-deb/takedown_*.deb

clean:
	rm -rf build build-asan build-fuzz build-deb
