// The same world and seed give the same run, event for event and nanosecond for nanosecond;
// another seed gives other delivery times when the links have jitter or loss.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/net/net.hpp"
#include "net_support.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::NetProbe;

struct PageRun {
    std::vector<std::string> lines;
    std::vector<TimeNs> times;
    TimeNs end = 0;
    std::string page;
};

// Three clients fetch a page over TLS from a jittery, lossy link, all at once.
PageRun fetch_pages(std::uint64_t seed) {
    Executor ex;
    ex.set_seed(seed);
    Network net(ex);
    NetProbe probe(ex);
    net.add_host("client", "10.0.0.1");
    net.add_host("www", "10.0.0.2");
    net.add_link(
        "client",
        "www",
        LinkParams{.latency = 15ms, .bandwidth_bytes_per_s = 500'000, .jitter = 10ms, .loss = 0.2});
    net.serve_https("www", 443);
    PageRun run;
    for (int i = 0; i < 3; ++i) {
        ex.spawn(
            TcpStream::connect(net, "www:443")
                .and_then([](TcpStream s) { return TlsConnector().handshake("www", std::move(s)); })
                .and_then(
                    [](TlsStream s) { return write_all(std::move(s), "GET / HTTP/1.0\r\n\r\n"); })
                .and_then(
                    [](std::pair<TlsStream, Bytes> p) { return read_to_end(std::move(p.first)); })
                .map([&run](std::pair<TlsStream, Bytes> p) {
                    run.page = std::move(p.second).str();
                }));
    }
    EXPECT_EQ(ex.run_all().reason, StopReason::completed) << "seed " << seed;
    run.lines = probe.lines;
    run.times = probe.times;
    run.end = ex.now();
    return run;
}

TEST(determinism, TheSameSeedGivesTheSameRunEventForEvent) {
    const PageRun a = fetch_pages(42);
    const PageRun b = fetch_pages(42);
    EXPECT_EQ(a.lines, b.lines);
    EXPECT_EQ(a.times, b.times);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.page.substr(0, 15), "HTTP/1.0 200 OK");
}

TEST(determinism, AnotherSeedGivesOtherDeliveryTimes) {
    const PageRun a = fetch_pages(42);
    const PageRun c = fetch_pages(43);
    EXPECT_NE(a.times, c.times);
    EXPECT_EQ(a.page, c.page);
}

TEST(determinism, WithoutJitterOrLossTheSeedDoesNotMatter) {
    auto end_time = [](std::uint64_t seed) {
        Executor ex;
        ex.set_seed(seed);
        Network net(ex);
        net.add_host("a", "10.0.0.1");
        net.add_host("b", "10.0.0.2");
        net.add_link("a", "b", LinkParams{.latency = 7ms, .bandwidth_bytes_per_s = 123'456});
        net.serve_http("b", 80);
        auto r = ex.run(TcpStream::connect(net, "b:80")
                            .and_then([](TcpStream s) {
                                return write_all(std::move(s), "GET / HTTP/1.0\r\n\r\n");
                            })
                            .and_then([](std::pair<TcpStream, Bytes> p) {
                                return read_to_end(std::move(p.first));
                            }));
        EXPECT_TRUE(r.is_ok());
        return ex.now();
    };
    EXPECT_EQ(end_time(1), end_time(2));
}

} // namespace
} // namespace futurescope
