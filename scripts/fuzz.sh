#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang 14 into build-fuzz/ and runs one of them,
# or all, for a number of seconds each:
#
#     scripts/fuzz.sh scenario 600        # fuzz_scenario for 10 minutes
#     scripts/fuzz.sh --all 60            # every target, one minute each
#     scripts/fuzz.sh --list              # the targets
#
# Exit code 0 when no target crashed, leaked or timed out; 1 otherwise, with the reproducer left
# in build-fuzz/artifacts/TARGET/ (crash-*, leak-*, timeout-*, oom-*). The corpus each run grows
# stays in build-fuzz/corpus/TARGET/ and seeds the next run. Environment:
#   FUZZ_TIMEOUT   seconds one input may take (default 10)
#   FUZZ_RSS_MB    memory limit in MiB (default 2048)
#   FUZZ_JOBS      build jobs (default 2)
#   FUTURESCOPE    the futurescope command that records the lessons' traces for the trace targets'
#                  seeds (default build/futurescope; without it the recorded seeds are skipped)
#   FUZZ_BUILD_DIR a build directory already configured with -DFUTURESCOPE_FUZZ=ON to build the
#                  targets in, as it is (CI fuzzes in its sanitizer build); default build-fuzz/,
#                  configured here with clang 14 at -O1
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

targets=(scenario rust trace chrome_export)
usage() {
    echo "usage: scripts/fuzz.sh TARGET SECONDS | --all SECONDS | --list" >&2
    echo "targets: ${targets[*]}" >&2
    exit 2
}

if [[ ${1:-} == --list ]]; then
    printf '%s\n' "${targets[@]}"
    exit 0
fi
[[ $# -eq 2 ]] || usage
# libFuzzer reads -max_total_time=0 as "no limit": at least one second.
[[ $2 =~ ^[0-9]+$ && $2 -ge 1 ]] || usage
seconds=$2
if [[ $1 == --all ]]; then
    run=("${targets[@]}")
else
    name=${1#fuzz_}
    [[ " ${targets[*]} " == *" $name "* ]] || usage
    run=("$name")
fi

timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
jobs=${FUZZ_JOBS:-2}
out=${FUZZ_BUILD_DIR:-build-fuzz}

echo "== building the fuzz targets in $out/ (clang 14, libFuzzer, ASan, UBSan)"
if [[ -n ${FUZZ_BUILD_DIR:-} ]]; then
    if ! grep -q '^FUTURESCOPE_FUZZ:BOOL=ON$' "$out/CMakeCache.txt" 2>/dev/null; then
        echo "fuzz.sh: $out is not a build directory configured with -DFUTURESCOPE_FUZZ=ON" >&2
        exit 2
    fi
else
    # -O1 -g1: fast enough to fuzz, file:line in every stack (-g1 also avoids clang 14's "cannot
    # represent a difference across sections" on builder.cpp under -g); assertions stay on.
    cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
          -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_COMPILER=clang++-14 \
          -DFUTURESCOPE_FUZZ=ON -DFUTURESCOPE_BUILD_BENCH=OFF -DFUTURESCOPE_WERROR=ON >/dev/null
fi
cmake --build "$out" -j "$jobs" --target "${run[@]/#/fuzz_}"

# Seeds: the files that tests/fuzz/TARGET.seeds lists (paths or globs, relative to the
# repository), plus the generated shapes below. Copied into a directory of their own, so the
# corpus the fuzzer grows never writes into the source tree.
seed_dir() {
    local target=$1 dir=$out/seeds/$1 list=$1 pattern f
    # The export reads what the trace loader accepts: it shares the trace target's seeds.
    [[ $target == chrome_export ]] && list=trace
    rm -rf "$dir"
    mkdir -p "$dir"
    while read -r pattern; do
        [[ -z $pattern || $pattern == \#* ]] && continue
        for f in $pattern; do
            [[ -f $f ]] && cp "$f" "$dir/$(echo "$f" | tr / _)"
        done
    done <"tests/fuzz/$list.seeds"
    case $target in
    scenario) generated_scenarios "$dir" ;;
    trace | chrome_export) recorded_traces "$dir" ;;
    esac
    echo "$dir"
}

# Long chains: a nesting that the loader's depth limit does not see (each step wraps the one
# before it), which the builder, the poll and the destructor all recurse through. 1,000 steps
# overflow the stack today (tests/fuzz/README.md, "Known findings"): the seeds stay at 100 and
# 200 steps, and the fuzzer's mutations grow them.
generated_scenarios() {
    local dir=$1 n steps
    for n in 100 200; do
        steps=$(printf ',{"map":"x"}%.0s' $(seq "$n"))
        printf '{"version":1,"name":"chain","title":"t","tasks":[{"name":"main","future":{"chain":[{"ok":1}%s]}}]}\n' \
            "$steps" >"$dir/gen-chain-map-$n.json"
        steps=$(printf ',{"and_then":{"fn":"x","body":{"ok":{"var":"x"}}}}%.0s' $(seq "$n"))
        printf '{"version":1,"name":"chain","title":"t","tasks":[{"name":"main","future":{"chain":[{"ok":1}%s]}}]}\n' \
            "$steps" >"$dir/gen-chain-and-then-$n.json"
    done
}

# The lessons' traces, JSON and CBOR, as the command line records them.
recorded_traces() {
    local dir=$1 bin=${FUTURESCOPE:-build/futurescope} f b
    if [[ ! -x $bin ]]; then
        echo "note: $bin not found: the lessons' recorded traces are not among the seeds" >&2
        return 0
    fi
    for f in scenarios/[0-9]*.json; do
        b=$(basename "$f" .json)
        # 21-rc-not-send is rejected on purpose and writes no trace.
        "$bin" run "$f" --trace "$dir/rec-$b.cbor" >/dev/null 2>&1 || true
        "$bin" run "$f" --trace "$dir/rec-$b.json" >/dev/null 2>&1 || true
    done
}

status=0
for t in "${run[@]}"; do
    echo "== fuzz_$t for ${seconds}s"
    seeds=$(seed_dir "$t")
    corpus=$out/corpus/$t
    artifacts=$out/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$out/fuzz_$t.log
    dict=$t
    [[ $t == chrome_export ]] && dict=trace
    set +e
    # UBSan's reports carry their stack (libFuzzer already turns them into crashes).
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$out/tests/fuzz/fuzz_$t" "$corpus" "$seeds" \
        -dict="tests/fuzz/$dict.dict" \
        -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1
    rc=$?
    set -e
    # libFuzzer's last status line: execs, coverage (cov: edges, ft: features), corpus.
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    if [[ $rc -ne 0 ]]; then
        status=1
        echo "FAIL fuzz_$t (exit $rc): the report is in $log" >&2
        grep -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error|SUMMARY|Test unit written' \
            "$log" | head -8 >&2 || true
    fi
done
exit $status
