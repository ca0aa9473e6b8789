// Links and faults: bandwidth, jitter and loss at exact virtual times, the byte stream's
// integrity under loss and jitter for many seeds, partitions, held messages, crashes and
// restarts, and the errors of a badly built world.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/then.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/time/delay.hpp"
#include "net_support.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::accept_one;
using testing::bind_ok;
using testing::ms;
using testing::NetProbe;
using testing::TwoHosts;

using Accepted = std::pair<TcpStream, SocketAddr>;
using Read = std::pair<TcpStream, Bytes>;

// A server task that reads its first connection to the end into `out`.
TaskId spawn_reader(TwoHosts &w, std::string *out) {
    return w.ex.spawn(accept_one(bind_ok(w.net, "server:80"))
                          .and_then([](Accepted a) { return read_to_end(std::move(a.first)); })
                          .map([out](Read r) { *out = std::move(r.second).str(); }));
}

// A client task that connects, makes `writes` writes of `size` bytes in one poll, then closes.
TaskId spawn_writer(TwoHosts &w, int writes, std::size_t size) {
    return w.ex.spawn(TcpStream::connect(w.net, "server:80").and_then([writes, size](TcpStream s) {
        const std::string chunk(size, 'w');
        for (int i = 0; i < writes; ++i) {
            EXPECT_EQ(s.poll_write(std::span<const char>(chunk)).value(), size);
        }
        return ok<IoError>(Unit{});
    }));
}

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        s[i] = static_cast<char>((i * 7 + i / 251) & 0xFF);
    }
    return s;
}

// [SECTION] bandwidth, jitter, loss

TEST(link, BandwidthAddsEachSegmentsTimeOnTheWireInTurn) {
    TwoHosts w(LinkParams{.latency = 10ms, .bandwidth_bytes_per_s = 1'000'000});
    NetProbe probe(w.ex);
    std::string got;
    spawn_reader(w, &got);
    spawn_writer(w, 2, 1000);
    w.ex.run_all();
    // Connected at 20 ms; each 1000 B takes 1 ms on the wire, then 10 ms of latency.
    EXPECT_EQ(probe.times_of("net deliver #3 1000 data"), (std::vector<TimeNs>{ms(31), ms(32)}));
    EXPECT_EQ(probe.times_of("net deliver #3 0 FIN"), (std::vector<TimeNs>{ms(32)}));
    EXPECT_EQ(got, std::string(2000, 'w'));
}

// The delivery times of 20 segments sent at once, and the time they were sent.
std::pair<std::vector<TimeNs>, TimeNs> jittered_deliveries(std::uint64_t seed) {
    TwoHosts w(LinkParams{.latency = 10ms, .jitter = 5ms});
    NetProbe timed(w.ex);
    w.ex.set_seed(seed);
    std::string got;
    spawn_reader(w, &got);
    spawn_writer(w, 20, 10);
    w.ex.run_all();
    EXPECT_EQ(got, std::string(200, 'w')) << "seed " << seed;
    const std::vector<TimeNs> sent = timed.times_of("net send #2 10 data");
    EXPECT_EQ(sent.size(), 20u);
    return {timed.times_of("net deliver #3 10 data"), sent.empty() ? 0 : sent.front()};
}

TEST(link, JitterIsDrawnFromTheSeedAndKeepsTheStreamInOrder) {
    const auto [a, sent] = jittered_deliveries(7);
    const auto [b, sent_again] = jittered_deliveries(7);
    const auto [c, sent_other] = jittered_deliveries(8);
    ASSERT_EQ(a.size(), 20u);
    EXPECT_EQ(a, b);
    EXPECT_EQ(sent, sent_again);
    EXPECT_NE(a, c);
    // The handshake's segments are jittered too: the connection is up between 20 and 30 ms.
    EXPECT_GE(sent, ms(20));
    EXPECT_LE(sent, ms(30));
    // Sent together, each arrives 10 to 15 ms later, never before the one sent first.
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_GE(a[i], sent + ms(10));
        EXPECT_LE(a[i], sent + ms(15));
        if (i > 0) {
            EXPECT_GE(a[i], a[i - 1]);
        }
    }
}

TEST(link, EachLossAddsOneRetransmitTimeout) {
    int seeds_with_a_loss = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        TwoHosts w(LinkParams{.latency = 10ms, .loss = 0.5, .retransmit_timeout = 100ms});
        w.ex.set_seed(seed);
        TcpListener listener = bind_ok(w.net, "server:80");
        auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
        ASSERT_TRUE(r.is_ok()) << "seed " << seed;
        // The same draws, in the same order: the SYN's losses, then the SYN-ACK's.
        Rng rng(seed);
        int losses = 0;
        for (int segment = 0; segment < 2; ++segment) {
            while (rng.chance(0.5)) {
                ++losses;
            }
        }
        seeds_with_a_loss += losses > 0 ? 1 : 0;
        EXPECT_EQ(w.ex.now(), ms(20) + losses * ms(100)) << "seed " << seed;
    }
    EXPECT_GT(seeds_with_a_loss, 5);
}

TEST(link, BytesAreNeverLostDuplicatedOrReorderedUnderLossAndJitter) {
    const std::string payload = pattern(30'000);
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        TwoHosts w(
            LinkParams{
                .latency = 5ms, .bandwidth_bytes_per_s = 2'000'000, .jitter = 4ms, .loss = 0.25},
            NetConfig{.send_buffer_bytes = 3000, .recv_buffer_bytes = 5000});
        w.ex.set_seed(seed);
        std::string got;
        TaskId server = spawn_reader(w, &got);
        TaskId client = w.ex.spawn(
            TcpStream::connect(w.net, "server:80")
                .and_then([&payload](TcpStream s) { return write_all(std::move(s), payload); })
                .map([](Read) {}));
        w.ex.set_limits(Limits{.max_steps = 100'000});
        EXPECT_EQ(w.ex.run_all().reason, StopReason::completed) << "seed " << seed;
        EXPECT_EQ(w.ex.task(client).outcome, PollOutcome::ready) << "seed " << seed;
        EXPECT_EQ(w.ex.task(server).outcome, PollOutcome::ready) << "seed " << seed;
        EXPECT_TRUE(got == payload) << "seed " << seed << ": " << got.size() << " bytes arrived";
        // The server's FIN is still on its way: let it land.
        w.ex.run_until_idle();
        EXPECT_EQ(w.net.segments_in_flight(), 0u) << "seed " << seed;
    }
}

TEST(link, EchoedBytesSurviveLossAndJitterBothWays) {
    const std::string payload = pattern(4000);
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        TwoHosts w(LinkParams{.latency = 3ms, .jitter = 6ms, .loss = 0.3});
        w.ex.set_seed(seed);
        w.net.serve_echo("server", 7);
        auto r = w.ex.run(
            TcpStream::connect(w.net, "server:7")
                .and_then([&payload](TcpStream s) { return write_all(std::move(s), payload); })
                .and_then([](Read r) { return shutdown(std::move(r.first)); })
                .and_then([](TcpStream s) { return read_to_end(std::move(s)); }));
        ASSERT_TRUE(r.is_ok()) << "seed " << seed << ": " << r.error().describe();
        EXPECT_TRUE(r.value().second == payload) << "seed " << seed;
    }
}

// [SECTION] partitions and held messages

TEST(link, APartitionDelaysDataUntilItHeals) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.partition("client", "server", 25ms, 60ms);
    std::string got;
    TaskId server = spawn_reader(w, &got);
    spawn_writer(w, 1, 5);
    w.ex.run_all();
    // Sent at 20 ms, the data would cross the link until 30 ms: it is sent again at 60 ms.
    EXPECT_EQ(probe.times_of("net deliver #3 5 data"), (std::vector<TimeNs>{ms(70)}));
    EXPECT_EQ(w.ex.task(server).completed_ns, ms(70));
    EXPECT_EQ(got, "wwwww");
}

TEST(link, AHoldWindowKeepsMessagesUntilItEnds) {
    TwoHosts w;
    NetProbe probe(w.ex);
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.hold("client", "server", 0ms, 50ms);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(probe.times_of("net deliver #3 0 SYN"), (std::vector<TimeNs>{ms(50)}));
    EXPECT_EQ(w.ex.now(), ms(60));
}

TEST(link, HeldMessagesAreDeliveredInOrderWhenReleasedByHand) {
    TwoHosts w;
    NetProbe probe(w.ex);
    probe.futures = false;
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.hold("client", "server");
    TaskId client = w.ex.spawn(TcpStream::connect(w.net, "server:80").map([](TcpStream) {}));
    EXPECT_TRUE(w.ex.step());          // SYN sent
    EXPECT_TRUE(w.ex.advance_clock()); // it arrives at 10 ms, and waits
    EXPECT_EQ(w.ex.now(), ms(10));
    EXPECT_EQ(w.net.segments_in_flight(), 1u);
    EXPECT_TRUE(probe.only("net deliver").empty());
    w.net.release("client", "server");
    EXPECT_EQ(probe.only("net deliver"), (std::vector<std::string>{"net deliver #3 0 SYN"}));
    w.ex.run_all();
    EXPECT_EQ(w.ex.task(client).completed_ns, ms(20));
}

// [SECTION] crash and restart

TEST(link, ACrashResetsTheHostsConnectionsAndARestartStartsItsServicesAgain) {
    TwoHosts w;
    w.net.serve_echo("server", 7);
    w.net.crash("server", 50ms);
    w.net.restart("server", 100ms);
    // A client that sends "ping" and keeps reading: the crash cuts it off.
    TaskId first =
        w.ex.spawn(TcpStream::connect(w.net, "server:7")
                       .and_then([](TcpStream s) { return write_all(std::move(s), "ping"); })
                       .and_then([](Read r) { return read_to_end(std::move(r.first)); }));
    // A client that comes after the restart is echoed.
    TaskId second = w.ex.spawn(
        delay(150ms)
            .then([&w](Result<Unit, Never>) { return TcpStream::connect(w.net, "server:7"); })
            .and_then([](TcpStream s) { return write_all(std::move(s), "pong"); })
            .and_then([](Read r) { return shutdown(std::move(r.first)); })
            .and_then([](TcpStream s) { return read_to_end(std::move(s)); })
            .map([](Read r) { return std::move(r.second).str(); }));
    w.ex.run_all();
    EXPECT_EQ(w.ex.task(first).outcome, PollOutcome::err);
    EXPECT_EQ(w.ex.task(first).result, "ConnectionReset: connection reset by 10.0.0.2:7");
    EXPECT_EQ(w.ex.task(first).completed_ns, ms(60)); // the RST takes one latency
    const TaskView old_server = w.ex.task(1);
    EXPECT_EQ(old_server.name, "echo server:7");
    EXPECT_EQ(old_server.result, "ConnectionAborted: host server crashed");
    EXPECT_EQ(old_server.completed_ns, ms(50));
    EXPECT_EQ(w.ex.task(second).result, "\"pong\"");
    EXPECT_EQ(w.ex.task(second).completed_ns, ms(150 + 20 + 20));
    bool restarted = false;
    for (const TaskView &t : w.ex.tasks()) {
        restarted |= t.name == "echo server:7" && t.id != 1 && t.state == TaskState::parked;
    }
    EXPECT_TRUE(restarted);
    EXPECT_TRUE(w.net.host_up("server"));
}

TEST(link, ASynThatReachesACrashedHostIsLostAndTheConnectTimesOut) {
    TwoHosts w(LinkParams{.latency = 10ms}, NetConfig{.connect_timeout = 500ms});
    w.net.serve_echo("server", 7);
    w.net.crash("server");
    EXPECT_FALSE(w.net.host_up("server"));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:7"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "TimedOut: connection to 10.0.0.2:7 timed out");
    EXPECT_EQ(w.ex.now(), ms(500));
}

TEST(link, ACrashedHostsOwnSocketsFailWithConnectionAborted) {
    TwoHosts w;
    w.net.serve_echo("server", 7);
    w.net.crash("client", 30ms);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:7").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "ConnectionAborted: host client crashed");
    EXPECT_EQ(w.ex.now(), ms(30));
}

// [SECTION] building a world

TEST(link, AWorldsErrorsNameWhatIsWrong) {
    Executor ex;
    Network net(ex);
    net.add_host("a", "10.0.0.1");
    net.add_host("b", "10.0.0.2");
    auto message = [](auto &&f) {
        try {
            f();
        } catch (const std::invalid_argument &e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message([&] { net.add_host("a", "10.0.0.3"); }), "duplicate host name 'a'");
    EXPECT_EQ(message([&] { net.add_host("c", "10.0.0.1"); }), "duplicate host address '10.0.0.1'");
    EXPECT_EQ(message([&] { net.add_link("a", "db"); }), "unknown host 'db'");
    EXPECT_EQ(message([&] { net.add_link("a", "a"); }),
              "a link joins two different hosts, not 'a' and itself");
    EXPECT_EQ(message([&] { net.add_link("a", "b", LinkParams{.loss = 1.0}); }),
              "link loss must be in [0, 1): a lost segment is sent again, so a loss of 1 would "
              "never deliver it");
    net.add_link("a", "b");
    EXPECT_EQ(message([&] { net.add_link("b", "a"); }), "duplicate link between 'b' and 'a'");
    EXPECT_EQ(message([&] { net.partition("a", "b", 20ms, 10ms); }),
              "a partition window needs 0 <= from < to");
    net.serve_echo("b", 7);
    EXPECT_EQ(message([&] { net.serve_welcome("b", 7); }), "host 'b' already serves port 7");
    EXPECT_EQ(message([&] { net.crash("zz", 1ms); }), "unknown host 'zz'");
    EXPECT_EQ(net.local_host(), "a");
    net.set_local_host("b");
    EXPECT_EQ(net.resolve(":80").value(), (SocketAddr{"10.0.0.2", 80}));
    EXPECT_EQ(net.resolve("a:80").value(), (SocketAddr{"10.0.0.1", 80}));
    EXPECT_EQ(net.resolve("10.0.0.1:80").value(), (SocketAddr{"10.0.0.1", 80}));
    EXPECT_EQ(net.resolve("zz:80").error().describe(), "NotFound: no host named zz");
}

TEST(link, HandlesOutliveTheirNetwork) {
    Executor ex;
    std::optional<TcpListener> kept;
    {
        Network net(ex);
        net.add_host("a", "10.0.0.1");
        kept = bind_ok(net, "a:80");
        ex.spawn(TcpStream::connect(net, "a:80"));
        ex.step();
        EXPECT_EQ(ex.live_timers(), 2u); // the SYN and the connect timeout
    }
    // The network took its timers with it; the task waits for nothing any more.
    EXPECT_EQ(ex.live_timers(), 0u);
    EXPECT_EQ(ex.run_all().reason, StopReason::idle);
    auto p = kept->poll_accept();
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error().describe(), "NotConnected: the network is gone");
}

} // namespace
} // namespace futurescope
