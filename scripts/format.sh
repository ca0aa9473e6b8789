#!/usr/bin/env bash
# clang-format (14, with the project's .clang-format) over every C++ source of the project.
#   scripts/format.sh          rewrite the files in place
#   scripts/format.sh --check  change nothing; list the files that differ and fail if any does
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' | grep -v '^tests/data/')
if [ "$mode" = "--check" ]; then
    bad=()
    for f in "${files[@]}"; do
        if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
            bad+=("$f")
        fi
    done
    if [ ${#bad[@]} -ne 0 ]; then
        echo "format: ${#bad[@]} file(s) differ from clang-format (run scripts/format.sh):" >&2
        printf '  %s\n' "${bad[@]}" >&2
        exit 1
    fi
    echo "format: ${#files[@]} files clean"
elif [ -z "$mode" ]; then
    clang-format -i "${files[@]}"
else
    echo "usage: scripts/format.sh [--check]" >&2
    exit 2
fi
