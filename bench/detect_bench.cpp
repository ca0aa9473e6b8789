// What the detectors cost. The detectors watch every scenario run, and after each NotReady they
// ask the executor who holds the task's handle (waiting_on) and whether it is queued
// (is_queued); both answers must take constant time, or a run of many tasks grows quadratic.
//
//   detectors  N tasks spawned first; task k is delay(k % 100 ms).map(count): 2N polls. Arg
//              `detectors` 0 runs with no observer, 1 with the Detectors installed (no
//              recorder behind them), so the two rows of one N compare directly; the goal is at
//              most 1.5x at every N.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bench_check.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/observe/detect.hpp"

using namespace futurescope;

namespace {

void bm_detectors(benchmark::State &state) {
    const auto n = static_cast<std::uint64_t>(state.range(0));
    const bool detecting = state.range(1) != 0;
    std::uint64_t polls = 0;
    std::uint64_t count = 0;
    std::size_t findings = 0;
    for (auto _ : state) {
        Executor ex;
        std::optional<Detectors> detectors;
        if (detecting) {
            detectors.emplace(ex, nullptr);
            ex.set_observer(&*detectors);
        }
        count = 0;
        for (std::uint64_t k = 0; k < n; ++k) {
            ex.spawn(delay(std::chrono::milliseconds(k % 100)).map([&count] { ++count; }));
        }
        RunReport report = ex.run_all();
        if (detectors) {
            detectors->finish(report);
            findings = detectors->findings().size();
        }
        polls = ex.steps();
    }
    if (polls != 2 * n || count != n || findings != 0) {
        bench::fail(state,
                    "expected " + std::to_string(2 * n) + " polls, " + std::to_string(n) +
                        " completions and no findings; got " + std::to_string(polls) + ", " +
                        std::to_string(count) + " and " + std::to_string(findings));
        return;
    }
    state.counters["polls"] = static_cast<double>(polls);
    state.counters["polls_per_s"] =
        benchmark::Counter(static_cast<double>(polls) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}

BENCHMARK(bm_detectors)
    ->ArgNames({"tasks", "detectors"})
    ->ArgsProduct({{1'000, 10'000, 100'000, 1'000'000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

} // namespace
