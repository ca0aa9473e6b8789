#!/usr/bin/env bash
# The main job: install what is missing, build the `futurescope` command and its viewer, and open
# the first lesson (or the lesson given): in the viewer when there is a display, else its story
# in the terminal (`futurescope step`: one line per task-level poll, the lesson's notes as
# headlines; Enter steps on, ? lists the keys; without a terminal it prints the whole story).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target futurescope
lesson=${1:-scenarios/01-hello-world.rs}
if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    echo "== futurescope view $lesson (the Lesson panel: Up/Down step the story, n/N the notes)"
    exec ./build/futurescope view "$lesson"
fi
echo "== futurescope step $lesson (no display: the lesson's story in the terminal)"
exec ./build/futurescope step "$lesson"
