// The engine's benchmark workloads. Each run starts from a fresh executor at t = 0
// and runs to quiescence; building, spawning and running are all timed. Every workload runs
// with recording off (no observer) and on (the Recorder writing a CBOR trace to a temporary
// file). Counters: task-level polls, polls per second, allocations per run, virtual end time,
// and with recording on the events written.
//
//   a1  one task: loop_fn(0, i → i == 1,000,000 ? ok(break i) : ok(continue i+1)); one poll
//   a2  the same loop, each iteration yielding once first: 1,000,001 task-level polls
//   b   100,000 tasks spawned first; task k is delay(k % 100 ms).map(count): 200,000 polls
//   c1  sync bounded channel, buffer 16; producer send_all of 0..999,999, consumer folds the
//       sum (499,999,500,000): 117,648 polls
//   c2  the same with one send future per item, chained with loop_fn: 117,648 polls too, since
//       loop_fn goes on to the next send in the same poll while the buffer has room, so the
//       producer parks exactly where send_all does
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "bench_check.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/trace/recorder.hpp"
#include "support/counting_new.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t million = 1'000'000;

std::filesystem::path trace_path() {
    return std::filesystem::temp_directory_path() / "futurescope-bench.cbor";
}

// Runs `workload(ex)` once per iteration and checks the figures that must match exactly: the
// poll count is deterministic, and a wrong one fails the benchmark binary.
template <class Workload>
void run_workload(benchmark::State &state, std::uint64_t expected_polls, Workload workload) {
    const bool recording = state.range(0) != 0;
    std::uint64_t polls = 0;
    std::uint64_t allocations = 0;
    std::uint64_t events = 0;
    TimeNs end_ns = 0;
    for (auto _ : state) {
        testing::AllocationScope allocs;
        Executor ex;
        std::optional<trace::Recorder> recorder;
        if (recording) {
            recorder.emplace(ex, trace_path());
        }
        RunReport report = workload(ex);
        if (recorder) {
            recorder->finish(report);
            events = recorder->event_count();
        }
        polls = ex.steps();
        end_ns = ex.now();
        allocations = allocs.count();
    }
    if (polls != expected_polls) {
        bench::fail(state,
                    "expected " + std::to_string(expected_polls) + " polls, got " +
                        std::to_string(polls));
        return;
    }
    state.counters["polls"] = static_cast<double>(polls);
    state.counters["polls_per_s"] =
        benchmark::Counter(static_cast<double>(polls) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
    state.counters["allocs"] = static_cast<double>(allocations);
    state.counters["end_ms"] = static_cast<double>(end_ns) / 1e6;
    if (recording) {
        state.counters["events"] = static_cast<double>(events);
    }
}

void check(bool ok, const char *what) {
    if (!ok) {
        throw std::runtime_error(what);
    }
}

void bm_a1_loop(benchmark::State &state) {
    run_workload(state, 1, [](Executor &ex) {
        using L = Loop<std::uint64_t, std::uint64_t>;
        auto r = ex.run(loop_fn(std::uint64_t{0}, [](std::uint64_t i) {
            return ok(i == million ? L::break_with(i) : L::continue_with(i + 1));
        }));
        check(r.is_ok() && r.value() == million, "a1: wrong result");
        return RunReport{StopReason::completed, ex.now(), ex.steps()};
    });
}

void bm_a2_yielding_loop(benchmark::State &state) {
    run_workload(state, million + 1, [](Executor &ex) {
        using L = Loop<std::uint64_t, std::uint64_t>;
        // Every continuing round yields once first; the breaking round is ready at once:
        // 1,000,000 yields, then the poll that finishes.
        struct Continue {
            std::uint64_t i;
            L operator()() const { return L::continue_with(i + 1); }
        };
        using Round = Either<FutureResult<L, Never>, Map<YieldNow, Continue>>;
        auto r = ex.run(loop_fn(std::uint64_t{0}, [](std::uint64_t i) -> Round {
            if (i == million) {
                return Round::make_a(ok(L::break_with(i)));
            }
            return Round::make_b(yield_now().map(Continue{i}));
        }));
        check(r.is_ok() && r.value() == million, "a2: wrong result");
        return RunReport{StopReason::completed, ex.now(), ex.steps()};
    });
}

void bm_b_delays(benchmark::State &state) {
    run_workload(state, 200'000, [](Executor &ex) {
        std::uint64_t count = 0;
        for (int k = 0; k < 100'000; ++k) {
            ex.spawn(delay(std::chrono::milliseconds(k % 100)).map([&count] { ++count; }));
        }
        RunReport report = ex.run_all();
        check(count == 100'000 && ex.now() == 99'000'000, "b: wrong count or end time");
        return report;
    });
}

// 0, 1, …, n-1 without a container.
auto counting_stream(std::uint64_t n) {
    return stream_poll_fn([i = std::uint64_t{0}, n]() mutable -> StreamPoll<std::uint64_t, Never> {
        if (i == n) {
            return ready(std::nullopt);
        }
        return ready(std::optional<std::uint64_t>(i++));
    });
}

template <class Receiver>
auto summing_consumer(Receiver rx, std::uint64_t &sum) {
    return std::move(rx)
        .fold(std::uint64_t{0}, [](std::uint64_t acc, std::uint64_t x) { return ok(acc + x); })
        .map([&sum](std::uint64_t total) { sum = total; });
}

void bm_c1_channel_send_all(benchmark::State &state) {
    run_workload(state, 117'648, [](Executor &ex) {
        auto [tx, rx] = mpsc::channel<std::uint64_t>(16);
        std::uint64_t sum = 0;
        ex.spawn(std::move(tx).send_all(counting_stream(million)).map([](auto &&) {}),
                 {.name = "producer"});
        ex.spawn(summing_consumer(std::move(rx), sum), {.name = "consumer"});
        RunReport report = ex.run_all();
        check(sum == 499'999'500'000ULL, "c1: wrong sum");
        return report;
    });
}

void bm_c2_channel_send_loop(benchmark::State &state) {
    run_workload(state, 117'648, [](Executor &ex) {
        auto [tx, rx] = mpsc::channel<std::uint64_t>(16);
        std::uint64_t sum = 0;
        using Sender = mpsc::Sender<std::uint64_t>;
        using L = Loop<Unit, std::pair<Sender, std::uint64_t>>;
        ex.spawn(loop_fn(std::pair<Sender, std::uint64_t>(std::move(tx), 0),
                         [](std::pair<Sender, std::uint64_t> s) {
                             std::uint64_t i = s.second;
                             return std::move(s.first).send(i).map([i](Sender sender) {
                                 return i + 1 == million
                                            ? L::break_with(Unit{})
                                            : L::continue_with(std::pair(std::move(sender), i + 1));
                             });
                         }),
                 {.name = "producer"});
        ex.spawn(summing_consumer(std::move(rx), sum), {.name = "consumer"});
        RunReport report = ex.run_all();
        check(sum == 499'999'500'000ULL, "c2: wrong sum");
        return report;
    });
}

BENCHMARK(bm_a1_loop)->ArgName("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_a2_yielding_loop)->ArgName("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_b_delays)->ArgName("recording")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_c1_channel_send_all)
    ->ArgName("recording")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_c2_channel_send_loop)
    ->ArgName("recording")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

} // namespace
