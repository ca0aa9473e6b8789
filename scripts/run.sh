#!/usr/bin/env bash
# The main job: install what is missing, build the demo and the `futurescope` command (the
# README's "Lessons and the command line" runs it from ./build), and run the demo (a few futures
# on the deterministic executor, with the per-task summary of their run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target futurescope_demo futurescope
./build/examples/futurescope_demo "$@"
