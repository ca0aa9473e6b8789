#!/usr/bin/env bash
# clang-tidy (14, with the project's .clang-tidy) over the project's own sources: the libraries,
# the viewer, the command line and the examples (tests and benchmarks are left to the compilers'
# warnings). It fails on a finding that scripts/tidy-baseline.txt does not list: the findings
# the tree had when the check was introduced are recorded there, to be fixed, not added to.
#
#   scripts/tidy.sh BUILD_DIR            only the sources that changed since the last full pass
#   scripts/tidy.sh BUILD_DIR --all      every source
#   scripts/tidy.sh BUILD_DIR --update   every source, then record the pass: the baseline (the
#                                        findings) and scripts/tidy-checked.txt (the git blob of
#                                        every source and header that pass looked at)
#
# "Changed" is decided by content, the same on any checkout: a source is checked again when its
# blob differs from tidy-checked.txt, and every source of a library is when one of its headers'
# does (a header is checked through the sources that include it). A full pass takes about 33
# CPU-minutes (122 sources); CI checks only what changed since the last recorded one.
# BUILD_DIR must hold compile_commands.json (every build of the project writes one).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/tidy.sh BUILD_DIR [--all|--update]}
mode=${2:-changed}
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 2; }
baseline=scripts/tidy-baseline.txt
checked=scripts/tidy-checked.txt

mapfile -t all < <(git ls-files 'engine/*.cpp' 'viz/*.cpp' 'cli/*.cpp' 'examples/*.cpp')
# The folder a file's library owns: engine/<lib>, or the top-level folder.
lib_of() { case "$1" in engine/*) echo "${1%%/*}/$(cut -d/ -f2 <<<"$1")" ;; *) echo "${1%%/*}" ;; esac; }

# The blobs this pass looks at, taken before it starts (a commit made while it runs is not in it).
snapshot=$(git ls-files -s 'engine/*.cpp' 'engine/*.hpp' 'viz/*.cpp' 'viz/*.hpp' 'viz/*.h' \
    'cli/*.cpp' 'cli/*.hpp' 'examples/*.cpp' | awk '{print $2, $4}')

files=()
if [ "$mode" = "changed" ] && [ -f "$checked" ]; then
    declare -A old=()
    while read -r blob path; do old[$path]=$blob; done <"$checked"
    declare -A dirty_lib=()
    while read -r blob path; do
        if [[ "$path" == *.hpp || "$path" == *.h ]] && [ "${old[$path]:-}" != "$blob" ]; then
            dirty_lib[$(lib_of "$path")]=1
        fi
    done <<<"$snapshot"
    declare -A now=()
    while read -r blob path; do now[$path]=$blob; done <<<"$snapshot"
    for f in "${all[@]}"; do
        if [ "${old[$f]:-}" != "${now[$f]:-}" ] || [ -n "${dirty_lib[$(lib_of "$f")]:-}" ]; then
            files+=("$f")
        fi
    done
else
    files=("${all[@]}")
fi

if [ ${#files[@]} -eq 0 ]; then
    echo "tidy: no source changed since the last recorded pass"
    exit 0
fi
echo "tidy: ${#files[@]} of ${#all[@]} sources"
log=$(mktemp)
found=$(mktemp)
db=$(mktemp -d)
trap 'rm -rf "$log" "$found" "$db"' EXIT
# The compile commands without the forced include of a precompiled header: g++'s .gch is not
# clang's, and every source includes what it uses without it.
sed -E 's# -Winvalid-pch -include [^ ]*cmake_pch\.hxx##g' "$build/compile_commands.json" \
    >"$db/compile_commands.json"
printf '%s\n' "${files[@]}" |
    xargs -P "$(nproc)" -n 1 clang-tidy -p "$db" --quiet \
        --extra-arg=-Wno-unknown-warning-option \
        --header-filter="^$PWD/(engine|viz|cli|examples)/" >"$log" 2>/dev/null || true
# A source clang-tidy could not compile is a failure, not a clean pass.
if grep -q '^Error while processing' "$log"; then
    grep -B3 '^Error while processing' "$log" >&2
    echo "tidy: clang-tidy could not process $(grep -c '^Error while processing' "$log") source(s)" >&2
    exit 1
fi
# A finding without its line and column, so that an edit elsewhere in the file keeps it known:
#   engine/core/src/executor.cpp: warning: ... [check-name]
grep -E '^/.*:[0-9]+:[0-9]+: (warning|error): ' "$log" |
    sed -E "s#^$PWD/##; s#^([^:]+):[0-9]+:[0-9]+: #\\1: #" | sort -u >"$found" || true

if [ "$mode" = "--update" ]; then
    cp "$found" "$baseline"
    printf '%s\n' "$snapshot" >"$checked"
    echo "tidy: $(wc -l <"$found") finding(s) recorded in $baseline; $checked updated"
    exit 0
fi
new=$(comm -23 "$found" <(sort -u "$baseline" 2>/dev/null || true))
if [ -n "$new" ]; then
    printf '%s\n' "$new" >&2
    echo "tidy: $(wc -l <<<"$new") new finding(s) (fix them; see clang-tidy's full text with" \
         "clang-tidy -p $build FILE)" >&2
    exit 1
fi
echo "tidy: clean (no finding beyond $baseline's $(wc -l <"$baseline" 2>/dev/null || echo 0))"
