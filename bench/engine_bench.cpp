// The engine's benchmark workloads (issue 2), each from a fresh executor at t = 0 run to
// quiescence, building, spawning and running all timed. Counters: task-level polls, polls per
// second, allocations per run, the virtual end time.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>

#include "futurescope/futures.hpp"
#include "support/counting_new.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

namespace {

// Observes every event and does nothing with it: the cost of having an observer installed.
class NullObserver final : public Observer {
  public:
    FutureId register_future(const FutureKind &, std::string_view) override { return ++futures_; }

  private:
    FutureId futures_ = 0;
};

struct RunCounters {
    std::uint64_t polls = 0;
    TimeNs end_ns = 0;
};

template <class Workload>
void run_workload(benchmark::State &state, Workload workload) {
    const bool recording = state.range(0) != 0;
    RunCounters last;
    std::uint64_t allocations = 0;
    for (auto _ : state) {
        testing::AllocationScope allocs;
        NullObserver observer;
        Executor ex;
        if (recording) {
            ex.set_observer(&observer);
        }
        workload(ex);
        last.polls = ex.steps();
        last.end_ns = ex.now();
        allocations = allocs.count();
    }
    state.counters["polls"] = static_cast<double>(last.polls);
    state.counters["polls_per_s"] = benchmark::Counter(
        static_cast<double>(last.polls) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
    state.counters["allocs"] = static_cast<double>(allocations);
    state.counters["end_ms"] = static_cast<double>(last.end_ns) / 1e6;
}

// b: 100,000 tasks spawned before running; task k is delay(k % 100 ms).map(count).
// 200,000 polls, virtual end at 99 ms.
void bm_b_delays(benchmark::State &state) {
    run_workload(state, [](Executor &ex) {
        std::uint64_t count = 0;
        for (int k = 0; k < 100'000; ++k) {
            ex.spawn(delay(std::chrono::milliseconds(k % 100)).map([&count] { ++count; }));
        }
        ex.run_all();
        benchmark::DoNotOptimize(count);
    });
}
BENCHMARK(bm_b_delays)->ArgName("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
