// The recorder alone: a million events of the kinds a run writes most (poll_begin, enter, state,
// exit, poll_end), fed straight to a Recorder writing CBOR or JSON to a temporary file, without
// an executor's work around them. `per_event` is the time per recorded event (seconds, shown
// scaled), `bytes_per_event` the encoded size. The engine workloads (engine_bench.cpp) measure
// the same cost inside real runs.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "futurescope/futures.hpp"
#include "futurescope/trace/recorder.hpp"

using namespace futurescope;

namespace {

constexpr std::array<std::string_view, 3> bench_states{"first", "second", "done"};
constexpr FutureKind bench_kind{"AndThen", bench_states};

void bm_recorder_events(benchmark::State &state) {
    const bool json = state.range(0) != 0;
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        (json ? "futurescope-recorder-bench.json" : "futurescope-recorder-bench.cbor");
    constexpr int polls = 200'000; // 5 events each
    std::uint64_t events = 0;
    std::uintmax_t bytes = 0;
    for (auto _ : state) {
        Executor ex;
        trace::Recorder recorder(ex, path);
        FutureId f = recorder.register_future(bench_kind, "bench");
        for (int i = 0; i < polls; ++i) {
            recorder.on_poll_begin(1);
            recorder.on_enter(f, 0);
            recorder.on_state(f, 0, 1);
            recorder.on_exit(f, PollOutcome::not_ready, ValueRef{});
            recorder.on_poll_end(1, PollOutcome::not_ready);
        }
        recorder.finish();
        events = recorder.event_count();
        bytes = std::filesystem::file_size(path);
    }
    std::filesystem::remove(path);
    state.counters["per_event"] =
        benchmark::Counter(static_cast<double>(events) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["bytes_per_event"] =
        static_cast<double>(bytes) / static_cast<double>(events == 0 ? 1 : events);
}

BENCHMARK(bm_recorder_events)->ArgName("json")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace
