// The faults a world schedules are events of the run: a link's partition and heal, hold and
// release, a host's crash and restart — at the virtual times they happen, before what they cause
// (the resets of a crash, the deliveries of a release, the listeners of a restart), in the trace
// file and in the narration.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/then.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/time/delay.hpp"
#include "futurescope/trace/trace.hpp"
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

const std::vector<std::string> fault_prefixes{
    "net partition", "net heal", "net hold", "net release", "net crash", "net restart"};

// The probe's fault lines, each with its virtual time: "25ms net partition #0 0 …".
std::vector<std::string> fault_lines(const NetProbe &probe) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < probe.net_lines.size(); ++i) {
        for (const std::string &p : fault_prefixes) {
            if (probe.net_lines[i].rfind(p + " ", 0) == 0) {
                out.push_back(format_duration(probe.times[i]) + " " + probe.net_lines[i]);
            }
        }
    }
    return out;
}

// A server task that accepts one connection on server:80 and reads it to the end.
TaskId spawn_reader(TwoHosts &w, std::string *out) {
    return w.ex.spawn(accept_one(bind_ok(w.net, "server:80"))
                          .and_then([](Accepted a) { return read_to_end(std::move(a.first)); })
                          .map([out](Read r) { *out = std::move(r.second).str(); }));
}

// A client that connects to server:80, writes five bytes and closes.
TaskId spawn_writer(TwoHosts &w) {
    return w.ex.spawn(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return write_all(std::move(s), "wwwww").map([](Read) {});
    }));
}

// [SECTION] partitions

TEST(fault_events, APartitionWindowShowsItsStartAndItsHeal) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.partition("client", "server", 25ms, 60ms);
    std::string got;
    TaskId server = spawn_reader(w, &got);
    spawn_writer(w);
    w.ex.run_all();
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "25ms net partition #0 0 nothing crosses the link until it heals",
                  "60ms net heal #0 0 what was lost in the partition is sent again",
              }));
    // The link's hosts, in the order the link was made.
    const auto at = std::find(probe.net_lines.begin(),
                              probe.net_lines.end(),
                              "net partition #0 0 nothing crosses the link until it heals");
    ASSERT_NE(at, probe.net_lines.end());
    const auto i = static_cast<std::size_t>(at - probe.net_lines.begin());
    EXPECT_EQ(probe.locals[i], "client");
    EXPECT_EQ(probe.remotes[i], "server");
    // The data sent at 20 ms was lost in the window and sent again at the heal.
    EXPECT_EQ(probe.times_of("net deliver #3 5 data"), (std::vector<TimeNs>{ms(70)}));
    EXPECT_EQ(w.ex.task(server).completed_ns, ms(70));
    EXPECT_EQ(got, "wwwww");
}

TEST(fault_events, APartitionThatNeverHealsShowsOnlyItsStart) {
    TwoHosts w(LinkParams{.latency = 10ms}, NetConfig{.connect_timeout = 300ms});
    NetProbe probe(w.ex);
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.partition("client", "server", 5ms, Network::forever);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "TimedOut: connection to 10.0.0.2:80 timed out");
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "5ms net partition #0 0 nothing crosses the link until it heals",
              }));
}

TEST(fault_events, AWindowAddedWhileItIsOpenStartsNowAndOneAlreadyOverShowsNothing) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.ex.spawn(delay(30ms).map([&w] {
        w.net.partition("client", "server", 10ms, 20ms); // over
        w.net.partition("client", "server", 10ms, 50ms); // open since 10 ms
    }));
    w.ex.spawn(delay(60ms)); // keeps the run going past the heal
    w.ex.run_all();
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "30ms net partition #0 0 nothing crosses the link until it heals",
                  "50ms net heal #0 0 what was lost in the partition is sent again",
              }));
}

// [SECTION] held messages

TEST(fault_events, AHoldWindowShowsItsHoldAndItsReleaseBeforeTheHeldDelivery) {
    TwoHosts w;
    NetProbe probe(w.ex);
    probe.futures = false;
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.hold("client", "server", 0ms, 50ms);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "0ns net hold #0 0 messages held until released",
                  "50ms net release #0 0 held messages delivered in order",
              }));
    // The SYN arrived at 10 ms and was handed over by the release, right after it.
    const auto release = std::find(probe.net_lines.begin(),
                                   probe.net_lines.end(),
                                   "net release #0 0 held messages delivered in order");
    ASSERT_NE(release, probe.net_lines.end());
    ASSERT_NE(release + 1, probe.net_lines.end());
    EXPECT_EQ(*(release + 1), "net deliver #3 0 SYN");
    EXPECT_EQ(probe.times_of("net deliver #3 0 SYN"), (std::vector<TimeNs>{ms(50)}));
}

TEST(fault_events, HoldingByHandShowsOnceAndReleasingShowsAtTheReleaseTime) {
    TwoHosts w;
    NetProbe probe(w.ex);
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.hold("client", "server");
    w.net.hold("client", "server"); // already held: nothing new happens
    TaskId client = w.ex.spawn(TcpStream::connect(w.net, "server:80").map([](TcpStream) {}));
    EXPECT_TRUE(w.ex.step());          // SYN sent
    EXPECT_TRUE(w.ex.advance_clock()); // it arrives at 10 ms, and waits
    w.net.release("client", "server");
    w.net.release("client", "server"); // not held any more: nothing
    w.ex.run_all();
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "0ns net hold #0 0 messages held until released",
                  "10ms net release #0 0 held messages delivered in order",
              }));
    EXPECT_EQ(w.ex.task(client).completed_ns, ms(20));
}

// [SECTION] crash and restart

TEST(fault_events, ACrashComesBeforeTheResetsItCausesAndARestartBeforeItsListeners) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.serve_echo("server", 7);
    w.net.crash("server", 50ms);
    w.net.restart("server", 100ms);
    w.ex.spawn(TcpStream::connect(w.net, "server:7").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    w.ex.spawn(delay(150ms)); // keeps the run going past the restart
    w.ex.run_all();
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{
                  "50ms net crash #0 0 sockets reset, listeners closed",
                  "100ms net restart #0 0 services start again",
              }));
    std::vector<std::string> around_crash;
    std::vector<std::string> around_restart;
    for (std::size_t i = 0; i < probe.net_lines.size(); ++i) {
        if (probe.times[i] == ms(50)) {
            around_crash.push_back(probe.net_lines[i]);
        } else if (probe.times[i] == ms(100)) {
            around_restart.push_back(probe.net_lines[i]);
        }
    }
    ASSERT_GE(around_crash.size(), 3u);
    EXPECT_EQ(around_crash[0], "net crash #0 0 sockets reset, listeners closed");
    EXPECT_EQ(around_crash[1], "net close #1 0 host crashed"); // the echo service's listener
    EXPECT_EQ(around_crash.back(), "net reset #3 0 host crashed");
    EXPECT_EQ(around_restart,
              (std::vector<std::string>{"net restart #0 0 services start again",
                                        "net listen #4 0 listening"}));
    const auto at = std::find(probe.net_lines.begin(),
                              probe.net_lines.end(),
                              "net crash #0 0 sockets reset, listeners closed");
    const auto i = static_cast<std::size_t>(at - probe.net_lines.begin());
    EXPECT_EQ(probe.locals[i], "server");
    EXPECT_EQ(probe.remotes[i], "");
}

TEST(fault_events, CrashingADownHostOrRestartingAnUpOneShowsNothing) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.restart("server"); // up already
    w.net.crash("server");
    w.net.crash("server"); // down already
    EXPECT_EQ(fault_lines(probe),
              (std::vector<std::string>{"0ns net crash #0 0 sockets reset, listeners closed"}));
}

// [SECTION] the trace file and the narration

// A scripted world with every fault, recorded; the trace loaded back.
trace::TraceModel record_faults(trace::TraceFormat format) {
    TwoHosts w;
    trace::Recorder recorder(w.ex, format, {"faults", "", 1});
    w.net.serve_echo("server", 7);
    w.net.partition("client", "server", 5ms, 15ms);
    w.net.hold("client", "server", 20ms, 30ms);
    w.net.crash("server", 40ms);
    w.net.restart("server", 60ms);
    w.ex.spawn(TcpStream::connect(w.net, "server:7").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    w.ex.spawn(delay(100ms));
    RunReport report = w.ex.run_all();
    recorder.finish(report);
    return trace::load_trace_bytes(recorder.bytes(), "faults");
}

std::vector<std::string> fault_events(const trace::TraceModel &m) {
    std::vector<std::string> out;
    for (const trace::TraceEvent &e : m.events) {
        if (e.kind >= trace::EventKind::partition && e.kind <= trace::EventKind::restart) {
            out.push_back(std::to_string(e.t) + " " + trace::describe_event(m, e));
        }
    }
    return out;
}

TEST(fault_events, AreRecordedInTheTraceWithTheirTimesAndHosts) {
    const trace::TraceModel m = record_faults(trace::TraceFormat::json);
    EXPECT_EQ(
        fault_events(m),
        (std::vector<std::string>{
            "5000000 partition task=0 socket=0 peer=0 bytes=0 local=\"client\" remote=\"server\" "
            "detail=\"nothing crosses the link until it heals\"",
            "15000000 heal task=0 socket=0 peer=0 bytes=0 local=\"client\" remote=\"server\" "
            "detail=\"what was lost in the partition is sent again\"",
            "20000000 hold task=0 socket=0 peer=0 bytes=0 local=\"client\" remote=\"server\" "
            "detail=\"messages held until released\"",
            "30000000 release task=0 socket=0 peer=0 bytes=0 local=\"client\" remote=\"server\" "
            "detail=\"held messages delivered in order\"",
            "40000000 crash task=0 socket=0 peer=0 bytes=0 local=\"server\" "
            "detail=\"sockets reset, listeners closed\"",
            "60000000 restart task=0 socket=0 peer=0 bytes=0 local=\"server\" "
            "detail=\"services start again\"",
        }));
    for (const trace::TraceEvent &e : m.events) {
        if (e.kind >= trace::EventKind::partition && e.kind <= trace::EventKind::restart) {
            EXPECT_TRUE(trace::is_net_event(e.kind)) << trace::to_string(e.kind);
        }
    }
    EXPECT_TRUE(trace::is_net_event(trace::EventKind::tls));
    EXPECT_FALSE(trace::is_net_event(trace::EventKind::chan_send));
    EXPECT_EQ(trace::parse_event_kind("heal"), trace::EventKind::heal);
}

TEST(fault_events, RoundTripThroughCborAndJson) {
    EXPECT_EQ(trace::first_divergence(record_faults(trace::TraceFormat::json),
                                      record_faults(trace::TraceFormat::cbor)),
              std::nullopt);
}

TEST(fault_events, TheNarratorExplainsEachFault) {
    const trace::TraceModel m = record_faults(trace::TraceFormat::cbor);
    narrate::Narrator narrator(m);
    std::vector<std::string> sentences;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (m.events[i].kind >= trace::EventKind::partition &&
            m.events[i].kind <= trace::EventKind::restart) {
            sentences.push_back(narrator.sentence(i));
        }
    }
    EXPECT_EQ(sentences,
              (std::vector<std::string>{
                  "The link between client and server is partitioned: nothing crosses it until it "
                  "heals, and a connect across it can time out.",
                  "The partition between client and server heals: what was lost in it is sent "
                  "again, so no byte goes missing.",
                  "The link between client and server holds its messages: they arrive but no "
                  "socket gets them until it is released.",
                  "The link between client and server is released: the held messages are "
                  "delivered, in order.",
                  "Host server crashes: its sockets are reset, its listeners closed, and its peers "
                  "learn of it by RST.",
                  "Host server restarts: its services start again.",
              }));
}

} // namespace
} // namespace futurescope
