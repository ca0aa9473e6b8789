#!/usr/bin/env bash
# Every test: install what is missing; check the formatting; build with g++ (warnings are
# errors) and run the suites; run clang-tidy on the sources this work changed; build with clang
# under AddressSanitizer + UndefinedBehaviorSanitizer and run the suites again, failing on any
# report (the fuzzers' findings are replayed there; the fuzzers themselves: scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)

echo "== clang-format"
scripts/format.sh --check

echo "== g++ build, all tests"
# -O2 without debug information: the suites' build time is mostly template code and -g.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DCMAKE_CXX_COMPILER=g++ \
      -DFUTURESCOPE_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== clang-tidy on the sources changed since the last recorded full pass"
scripts/tidy.sh build

echo "== clang build with address and undefined-behaviour sanitizers, all tests"
# -g1 (line tables) is enough for sanitizer stack traces and compiles much faster than -g.
# Not the fuzz build: libFuzzer's coverage at -O0 makes the suites' million-round loop tests take
# minutes (tests/fuzz/README.md, "CI").
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
      -DCMAKE_CXX_COMPILER=clang++ \
      -DFUTURESCOPE_WERROR=ON -DFUTURESCOPE_SANITIZE=ON -DFUTURESCOPE_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"

