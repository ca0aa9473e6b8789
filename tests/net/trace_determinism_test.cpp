// Byte-identical replays: a mixed network workload (connect, TLS, transfers over jittery, lossy
// links, timers, channels), recorded into a trace, gives the same bytes every time it runs with
// one seed, and other bytes with another seed when the links have jitter.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "futurescope/channels.hpp"
#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/stream/for_each.hpp"
#include "futurescope/stream/take.hpp"
#include "futurescope/time/delay.hpp"
#include "futurescope/time/interval.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;

struct Links {
    LinkParams web;
    LinkParams echo;
};

constexpr Links jittery{
    .web = {.latency = 15ms, .bandwidth_bytes_per_s = 500'000, .jitter = 10ms, .loss = 0.1},
    .echo = {.latency = 5ms, .bandwidth_bytes_per_s = 1'000'000, .jitter = 3ms, .loss = 0.2},
};
constexpr Links steady{
    .web = {.latency = 15ms, .bandwidth_bytes_per_s = 500'000},
    .echo = {.latency = 5ms, .bandwidth_bytes_per_s = 1'000'000},
};

// Two clients fetch a page over TLS, two push 3 kB through an echo server and read it back, a
// ticker fires five times, and a collector receives what each of them reports on a channel.
// The scenario block does not name the seed, so that only the run itself can tell seeds apart.
// Records into `file` when given, else into memory; returns the memory recorder's bytes.
std::string run_mixed_workload(std::uint64_t seed,
                               const Links &links,
                               const std::optional<std::filesystem::path> &file = std::nullopt) {
    Executor ex;
    ex.set_seed(seed);
    Network net(ex);
    const trace::ScenarioInfo info{"mixed", "", 0};
    std::optional<trace::Recorder> recorder;
    if (file) {
        recorder.emplace(ex, *file, info);
    } else {
        recorder.emplace(ex, trace::TraceFormat::cbor, info);
    }
    net.add_host("client", "10.0.0.1");
    net.add_host("www", "10.0.0.2");
    net.add_host("echo", "10.0.0.3");
    net.add_link("client", "www", links.web);
    net.add_link("client", "echo", links.echo);
    net.serve_https("www", 443);
    net.serve_echo("echo", 7);

    auto [reports, collected] = mpsc::unbounded<std::size_t>();
    for (int i = 0; i < 2; ++i) {
        ex.spawn(TcpStream::connect(net, "www:443")
                     .and_then(
                         [](TcpStream s) { return ClientContext().handshake("www", std::move(s)); })
                     .and_then([](TlsStream s) {
                         return write_all(std::move(s), "GET / HTTP/1.0\r\n\r\n");
                     })
                     .and_then([](std::pair<TlsStream, Bytes> p) {
                         return read_to_end(std::move(p.first));
                     })
                     .map([tx = reports.clone()](std::pair<TlsStream, Bytes> p) {
                         (void)tx.unbounded_send(p.second.size());
                     }),
                 SpawnOptions{.name = "fetch " + std::to_string(i)});
    }
    for (int i = 0; i < 2; ++i) {
        ex.spawn(TcpStream::connect(net, "echo:7")
                     .and_then([i](TcpStream s) {
                         return write_all(std::move(s),
                                          Bytes(std::string(3000, static_cast<char>('a' + i))));
                     })
                     .and_then([](std::pair<TcpStream, Bytes> p) {
                         return read_exact(std::move(p.first), 3000);
                     })
                     .map([tx = reports.clone()](std::pair<TcpStream, Bytes> p) {
                         (void)tx.unbounded_send(p.second.size());
                     }),
                 SpawnOptions{.name = "echo " + std::to_string(i)});
    }
    ex.spawn(interval(7ms).take(5).for_each(
                 [tx = reports.clone()](std::uint64_t tick) { (void)tx.unbounded_send(tick); }),
             SpawnOptions{.name = "ticker"});
    ex.spawn(delay(1ms).map([tx = std::move(reports)] { (void)tx.unbounded_send(0); }),
             SpawnOptions{.name = "once"});
    int received = 0;
    ex.spawn(std::move(collected).for_each([&received](std::size_t) { ++received; }),
             SpawnOptions{.name = "collector"});

    RunReport report = ex.run_all();
    EXPECT_EQ(report.reason, StopReason::completed) << "seed " << seed;
    EXPECT_EQ(received, 10) << "seed " << seed; // 2 pages, 2 echoes, 5 ticks, 1 delay
    for (const TaskView &t : ex.tasks()) {
        if (!t.daemon) {
            EXPECT_EQ(t.outcome, PollOutcome::ready) << t.name << ", seed " << seed;
        }
    }
    recorder->finish(report);
    return recorder->bytes();
}

std::string record_cbor(std::uint64_t seed, const Links &links = jittery) {
    return run_mixed_workload(seed, links);
}

// Where two recordings part, in one line, for a failing test's message.
std::string divergence_of(const std::string &first, const std::string &second) {
    const std::optional<trace::Divergence> d = trace::first_divergence(
        trace::load_trace_bytes(first, "first"), trace::load_trace_bytes(second, "second"));
    return d ? trace::to_string(*d) : "the traces load the same";
}

TEST(determinism, SameSeedGivesByteIdenticalTraceUnder200Seeds) {
    std::set<std::string> distinct;
    std::size_t smallest = SIZE_MAX;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const std::string first = record_cbor(seed);
        const std::string second = record_cbor(seed);
        ASSERT_EQ(first.size(), second.size()) << "seed " << seed;
        ASSERT_TRUE(first == second) << "seed " << seed << ": " << divergence_of(first, second);
        smallest = std::min(smallest, first.size());
        distinct.insert(first);
    }
    // The workload is not trivial: every run has its connections, records and deliveries.
    EXPECT_GT(smallest, 20'000u);
    // Jitter draws nanoseconds: no two of the 200 seeds give the same run.
    EXPECT_EQ(distinct.size(), 200u);
}

TEST(determinism, AnotherSeedChangesTheTraceWhenTheLinksHaveJitter) {
    const trace::TraceModel a = trace::load_trace_bytes(record_cbor(1), "seed 1");
    const trace::TraceModel b = trace::load_trace_bytes(record_cbor(2), "seed 2");
    const std::optional<trace::Divergence> d = trace::first_divergence(a, b);
    ASSERT_TRUE(d.has_value());
    // The first difference is a delivery time: the seed only draws jitter and loss.
    EXPECT_NE(trace::to_string(*d).find("differs"), std::string::npos) << trace::to_string(*d);
}

TEST(determinism, WithoutJitterOrLossTheSeedLeavesTheTraceAlone) {
    EXPECT_TRUE(record_cbor(1, steady) == record_cbor(2, steady));
    EXPECT_TRUE(record_cbor(3, steady) == record_cbor(200, steady));
}

TEST(determinism, TheTraceFileHoldsTheSameBytesAsTheMemoryRecorder) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("futurescope-determinism-" + std::to_string(::getpid()) + ".cbor");
    (void)run_mixed_workload(17, jittery, path);
    std::ifstream in(path, std::ios::binary);
    const std::string on_disk((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    EXPECT_TRUE(on_disk == record_cbor(17));
    EXPECT_FALSE(on_disk.empty());
}

} // namespace
} // namespace futurescope
