// The virtual network's benchmark workload, recording on:
//
//   echo  10,000 virtual connections to one echo service (futurescope_net's, on its own host,
//         1 ms away); each client writes a 64-byte message and reads its echo back, 10 times,
//         then closes. 100,000 round trips, every poll, park, unpark, timer and segment recorded.
//
// The trace goes to a temporary file in CBOR (arg 1) or JSON (arg 2); arg 0 runs without a
// recorder, for comparison. Counters: events recorded, events per second (wall clock, building
// and writing included), trace bytes per event, the seconds 10 million such events take in wall
// clock and in CPU time (the goal: under 10 s in CBOR on the 2-core CI machine), and the
// task-level polls.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "bench_check.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/trace/recorder.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

namespace {

constexpr int connections = 10'000;
constexpr int messages = 10;
constexpr std::size_t message_bytes = 64;

std::filesystem::path echo_trace_path(trace::TraceFormat format) {
    return std::filesystem::temp_directory_path() / (format == trace::TraceFormat::cbor
                                                         ? "futurescope-bench-echo.cbor"
                                                         : "futurescope-bench-echo.json");
}

// One client: connect, then `messages` rounds of write_all + read_exact, then drop the socket.
auto echo_client(Network &net, int k) {
    using L = Loop<int, std::pair<TcpStream, int>>;
    return TcpStream::connect(net, "echo:7").and_then([k](TcpStream s) {
        return loop_fn(
            std::pair<TcpStream, int>(std::move(s), 0), [k](std::pair<TcpStream, int> st) {
                std::string msg(message_bytes, static_cast<char>('a' + (k + st.second) % 26));
                const int round = st.second;
                return write_all(std::move(st.first), Bytes(std::move(msg)))
                    .and_then([](std::pair<TcpStream, Bytes> w) {
                        return read_exact(std::move(w.first), message_bytes);
                    })
                    .map([round](std::pair<TcpStream, Bytes> r) {
                        return round + 1 == messages ? L::break_with(round + 1)
                                                     : L::continue_with(std::pair<TcpStream, int>(
                                                           std::move(r.first), round + 1));
                    });
            });
    });
}

void bm_echo_10k_connections(benchmark::State &state) {
    const int mode = static_cast<int>(state.range(0));
    const trace::TraceFormat format =
        mode == 2 ? trace::TraceFormat::json : trace::TraceFormat::cbor;
    std::uint64_t events = 0;
    std::uint64_t polls = 0;
    std::uintmax_t bytes = 0;
    double wall_s = 0;
    double cpu_s = 0;
    int completed = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        {
            Executor ex;
            Network net(ex);
            std::optional<trace::Recorder> recorder;
            if (mode != 0) {
                recorder.emplace(ex, echo_trace_path(format));
            }
            net.add_host("client", "10.0.0.1");
            net.add_host("echo", "10.0.0.2");
            net.add_link("client", "echo", LinkParams{.latency = 1ms});
            net.serve_echo("echo", 7);
            completed = 0;
            for (int k = 0; k < connections; ++k) {
                ex.spawn(echo_client(net, k).map(
                    [&completed](int rounds) { completed += rounds == messages ? 1 : 0; }));
            }
            // Until the echo service has seen every FIN too: each connection is closed cleanly,
            // and only the listener is left waiting.
            RunReport report = ex.run_until_idle();
            if (recorder) {
                recorder->finish(report);
                events = recorder->event_count();
            }
            polls = ex.steps();
        }
        wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        if (mode != 0) {
            bytes = std::filesystem::file_size(echo_trace_path(format));
        }
    }
    if (completed != connections) {
        bench::fail(state,
                    "only " + std::to_string(completed) + " of " + std::to_string(connections) +
                        " clients finished their 10 rounds");
        return;
    }
    state.counters["polls"] = static_cast<double>(polls);
    if (mode != 0) {
        std::filesystem::remove(echo_trace_path(format));
        const auto n = static_cast<double>(events);
        state.counters["events"] = n;
        state.counters["events_per_s"] = benchmark::Counter(
            n * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
        state.counters["bytes_per_event"] = static_cast<double>(bytes) / n;
        state.counters["s_per_10M_events"] = wall_s / n * 1e7;
        // The same in CPU time: what the figure is on a machine no one else is using.
        state.counters["cpu_s_per_10M_events"] = cpu_s / n * 1e7;
    }
}

} // namespace

BENCHMARK(bm_echo_10k_connections)
    ->ArgName("encoding")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
