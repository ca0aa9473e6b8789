// TCP of the virtual network: connect's round trip, accept, refused and timed-out connections,
// EOF, reset, shutdown, the send buffer's backpressure and the receiver's window, each at exact
// virtual times.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/select.hpp"
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

// [SECTION] connect and accept

TEST(tcp, ConnectCompletesAfterOneRoundTrip) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    EXPECT_EQ(w.ex.now(), ms(20));
    EXPECT_EQ(w.ex.task(1).polls, 2u);
    EXPECT_EQ(r.value().local_addr(), (SocketAddr{"10.0.0.1", 49152}));
    EXPECT_EQ(r.value().peer_addr(), (SocketAddr{"10.0.0.2", 80}));
    EXPECT_EQ(r.value().describe(), "TcpStream#2(10.0.0.1:49152 -> 10.0.0.2:80)");
    EXPECT_EQ(listener.describe(), "TcpListener#1(10.0.0.2:80)");
}

TEST(tcp, ConnectParksOnItsFirstPollEvenWithoutLatency) {
    TwoHosts w(LinkParams{});
    TcpListener listener = bind_ok(w.net, "server:80");
    NetProbe probe(w.ex);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(w.ex.now(), 0);
    EXPECT_EQ(w.ex.task(1).polls, 2u);
    EXPECT_EQ(probe.only("unpark"),
              (std::vector<std::string>{"unpark 1 from io#2 queued (connection established)"}));
}

TEST(tcp, ListenerYieldsTheConnectionWhenTheAckArrives) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    TaskId server = w.ex.spawn(accept_one(std::move(listener)).map([](Accepted a) {
        return a.second.describe() + " " + a.first.describe();
    }));
    w.ex.spawn(TcpStream::connect(w.net, "server:80").map([](TcpStream) {}));
    w.ex.run_all();
    const TaskView v = w.ex.task(server);
    EXPECT_EQ(v.completed_ns, ms(30)); // SYN 10, SYN-ACK 20, ACK 30
    EXPECT_EQ(v.result, "\"10.0.0.1:49152 TcpStream#3(10.0.0.2:80 -> 10.0.0.1:49152)\"");
    EXPECT_EQ(v.polls, 2u);
}

TEST(tcp, IncomingIsAStreamOfConnections) {
    TwoHosts w;
    NetProbe probe(w.ex);
    Incoming incoming = bind_ok(w.net, "server:80").incoming();
    int accepted = 0;
    w.ex.spawn(poll_fn([&]() -> Poll<Unit, IoError> {
        for (;;) {
            auto p = incoming.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<IoError>{p.error()};
            }
            if (++accepted == 2) {
                return ready();
            }
        }
    }));
    w.ex.spawn(TcpStream::connect(w.net, "server:80").map([](TcpStream) {}));
    w.ex.spawn(TcpStream::connect(w.net, "10.0.0.2:80").map([](TcpStream) {}));
    EXPECT_EQ(w.ex.run_all().reason, StopReason::completed);
    EXPECT_EQ(accepted, 2);
    EXPECT_EQ(w.ex.task(1).completed_ns, ms(30));
    EXPECT_EQ(probe.only("net accept"),
              (std::vector<std::string>{"net accept #4 0 accepted", "net accept #5 0 accepted"}));
    EXPECT_EQ(probe.only("net listen"), (std::vector<std::string>{"net listen #1 0 listening"}));
}

TEST(tcp, ConnectToAPortWhereNothingListensIsRefusedAfterOneRoundTrip) {
    TwoHosts w;
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "ConnectionRefused: connection refused by 10.0.0.2:80");
    EXPECT_EQ(w.ex.now(), ms(20));
}

TEST(tcp, ConnectAcrossAPartitionTimesOut) {
    TwoHosts w(LinkParams{.latency = 10ms}, NetConfig{.connect_timeout = 1s});
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.partition("client", "server", 0ms, Network::forever);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "TimedOut: connection to 10.0.0.2:80 timed out");
    EXPECT_EQ(w.ex.now(), ms(1000));
    // The SYN that never got through is gone with the attempt.
    EXPECT_EQ(w.net.segments_in_flight(), 0u);
}

TEST(tcp, ConnectGetsThroughWhenThePartitionHeals) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    w.net.partition("client", "server", 0ms, 100ms);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(w.ex.now(), ms(120)); // the SYN is sent again at 100 ms
}

TEST(tcp, UnknownNamesAndMissingLinksFailOnTheFirstPoll) {
    TwoHosts w;
    w.net.add_host("island", "10.0.0.9");
    auto unknown = w.ex.run(TcpStream::connect(w.net, "nowhere.example:80"));
    ASSERT_TRUE(unknown.is_err());
    EXPECT_EQ(unknown.error().describe(), "NotFound: no host named nowhere.example");
    auto unreachable = w.ex.run(TcpStream::connect(w.net, "island:80"));
    ASSERT_TRUE(unreachable.is_err());
    EXPECT_EQ(unreachable.error().describe(), "HostUnreachable: no route from client to 10.0.0.9");
    auto malformed = w.ex.run(TcpStream::connect(w.net, "server"));
    ASSERT_TRUE(malformed.is_err());
    EXPECT_EQ(malformed.error().describe(), "InvalidInput: invalid socket address: server");
    EXPECT_EQ(w.ex.now(), 0);
    EXPECT_EQ(w.ex.task(1).polls, 1u);
}

TEST(tcp, ConnectFromAnotherHost) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "client:7");
    auto r = w.ex.run(TcpStream::connect(w.net, "client:7", "server"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().local_addr(), (SocketAddr{"10.0.0.2", 49152}));
    EXPECT_EQ(w.ex.now(), ms(20));
}

TEST(tcp, ConnectToTheSameHostUsesLoopback) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, ":8080");
    EXPECT_EQ(listener.local_addr(), (SocketAddr{"10.0.0.1", 8080}));
    auto r = w.ex.run(TcpStream::connect(w.net, "client:8080"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(w.ex.now(), 0);
}

TEST(tcp, BindRejectsATakenPortAndUnknownHosts) {
    TwoHosts w;
    TcpListener first = bind_ok(w.net, "server:80");
    auto again = TcpListener::bind(w.net, "10.0.0.2:80");
    ASSERT_TRUE(again.is_err());
    EXPECT_EQ(again.error().describe(), "AddrInUse: address already in use: 10.0.0.2:80");
    auto unknown = TcpListener::bind(w.net, "db:80");
    ASSERT_TRUE(unknown.is_err());
    EXPECT_EQ(unknown.error().describe(), "AddrNotAvailable: no host named db");
    TcpListener any = bind_ok(w.net, "server:0");
    EXPECT_EQ(any.local_addr(), (SocketAddr{"10.0.0.2", 49152}));
    // Dropping a listener frees its port.
    first = TcpListener();
    EXPECT_TRUE(TcpListener::bind(w.net, "server:80").is_ok());
}

TEST(tcp, DroppingAConnectBeforeItCompletesAbandonsIt) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    TaskId server = w.ex.spawn(accept_one(std::move(listener)).map([](Accepted) {}),
                               SpawnOptions{"server", true});
    // The connect loses a race against a 5 ms delay and is dropped with the select.
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80")
                          .map([](TcpStream) { return 1; })
                          .select(delay(5ms).map([] { return 2; }))
                          .map([](auto winner_and_loser) { return winner_and_loser.first; }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 2);
    w.ex.run_until_idle();
    // Its SYN had left: the server answered, was told RST, and never saw a connection.
    EXPECT_EQ(w.ex.task(server).state, TaskState::parked);
    EXPECT_EQ(w.net.segments_in_flight(), 0u);
}

// [SECTION] reading, EOF, reset, shutdown

TEST(tcp, ThePeerReadsWhatWasSentThenEofAfterClose) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    // The server writes "hello" and drops the socket, which closes it.
    w.ex.spawn(accept_one(std::move(listener))
                   .and_then([](Accepted a) { return write_all(std::move(a.first), "hello"); })
                   .map([](std::pair<TcpStream, Bytes>) {}));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "hello");
    EXPECT_EQ(w.ex.now(), ms(40)); // accepted at 30; data and FIN arrive at 40
    EXPECT_EQ(w.ex.task(2).polls, 3u);
}

TEST(tcp, AReaderIsUnparkedByTheSocketWhenDataAndThenEofArrive) {
    TwoHosts w;
    NetProbe probe(w.ex);
    probe.futures = false;
    TcpListener listener = bind_ok(w.net, "server:80");
    // The server writes at 30 ms and closes 5 ms later.
    w.ex.spawn(accept_one(std::move(listener))
                   .and_then([](Accepted a) { return write_all(std::move(a.first), "abc"); })
                   .and_then([](std::pair<TcpStream, Bytes> p) {
                       return delay(5ms).map([s = std::move(p.first)] {});
                   }));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "abc");
    EXPECT_EQ(w.ex.now(), ms(45));
    EXPECT_EQ(w.ex.task(2).polls, 4u);
    EXPECT_EQ(probe.only("unpark 2"),
              (std::vector<std::string>{"unpark 2 from io#2 queued (connection established)",
                                        "unpark 2 from io#2 queued (data arrived)",
                                        "unpark 2 from io#2 queued (eof arrived)"}));
}

TEST(tcp, ReadAfterEofKeepsAnsweringZero) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    w.ex.spawn(accept_one(std::move(listener)).map([](Accepted) {}));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "");
    TcpStream &s = r.value().first;
    char c = 0;
    EXPECT_EQ(s.poll_read(std::span<char>(&c, 1)).value(), 0u);
    EXPECT_EQ(s.poll_read(std::span<char>(&c, 1)).value(), 0u);
}

TEST(tcp, ResetMakesThePeersNextReadFail) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    std::string own_error;
    w.ex.spawn(accept_one(std::move(listener)).map([&own_error](Accepted a) {
        char c = 'x';
        (void)a.first.poll_write(std::span<const char>(&c, 1));
        a.first.reset();
        own_error = a.first.poll_write(std::span<const char>(&c, 1)).error().describe();
    }));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "ConnectionReset: connection reset by 10.0.0.2:80");
    EXPECT_EQ(own_error, "ConnectionReset: the connection was reset locally");
    EXPECT_EQ(w.ex.now(), ms(40));
}

TEST(tcp, WriteAfterShutdownIsABrokenPipeAndThePeerSeesEof) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    TaskId server = w.ex.spawn(accept_one(std::move(listener)).and_then([](Accepted a) {
        return read_to_end(std::move(a.first));
    }));
    std::string error;
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([&error](TcpStream s) {
        char c = 'x';
        EXPECT_EQ(s.poll_write(std::span<const char>(&c, 1)).value(), 1u);
        EXPECT_TRUE(s.shutdown().is_ok());
        EXPECT_TRUE(s.shutdown().is_ok()); // once is enough; again changes nothing
        error = s.poll_write(std::span<const char>(&c, 1)).error().describe();
        return delay(100ms).map([s = std::move(s)]() mutable { return std::move(s); });
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(error, "BrokenPipe: the socket was shut down for writing");
    w.ex.run_all();
    EXPECT_EQ(w.ex.task(server).result, "(TcpStream#3(10.0.0.2:80 -> 10.0.0.1:49152), \"x\")");
    EXPECT_EQ(w.ex.task(server).completed_ns, ms(30));
}

TEST(tcp, DroppingAListenerResetsConnectionsNotYetAccepted) {
    TwoHosts w;
    TcpListener listener = bind_ok(w.net, "server:80");
    // The listener is dropped at 50 ms without accepting anything.
    w.ex.spawn(delay(50ms).map([l = std::move(listener)] {}));
    auto r = w.ex.run(TcpStream::connect(w.net, "server:80").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().kind, IoErrorKind::connection_reset);
    EXPECT_EQ(w.ex.now(), ms(60));
}

// [SECTION] backpressure

TEST(tcp, AFullSendBufferMakesWriteAllWaitForTheBytesToArrive) {
    TwoHosts w(LinkParams{.latency = 10ms}, NetConfig{.send_buffer_bytes = 4096});
    NetProbe probe(w.ex);
    probe.futures = false;
    TcpListener listener = bind_ok(w.net, "server:80");
    std::string received;
    TaskId server =
        w.ex.spawn(accept_one(std::move(listener))
                       .and_then([](Accepted a) { return read_to_end(std::move(a.first)); })
                       .map([&received](Read r) { received = r.second.str(); }));
    std::string payload(10'000, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i) {
        payload[i] = static_cast<char>('a' + i % 26);
    }
    auto r =
        w.ex.run(TcpStream::connect(w.net, "server:80")
                     .and_then([&payload](TcpStream s) { return write_all(std::move(s), payload); })
                     .map([](std::pair<TcpStream, Bytes> p) { return p.second.size(); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 10'000u);
    // 20 ms: connected, 4096 B queued, NotReady; 30 ms: they arrived, 4096 more; 40 ms: the last
    // 1808 B fit.
    EXPECT_EQ(w.ex.now(), ms(40));
    EXPECT_EQ(w.ex.task(2).polls, 4u);
    EXPECT_EQ(probe.only("net send #2"),
              (std::vector<std::string>{"net send #2 0 SYN",
                                        "net send #2 0 ACK",
                                        "net send #2 4096 data",
                                        "net send #2 4096 data",
                                        "net send #2 1808 data",
                                        "net send #2 0 FIN"}));
    EXPECT_EQ(probe.times_of("net send #2 4096"), (std::vector<TimeNs>{ms(20), ms(30)}));
    std::vector<std::string> wakes;
    for (const std::string &l : probe.only("unpark 2")) {
        wakes.push_back(l);
    }
    EXPECT_EQ(wakes,
              (std::vector<std::string>{"unpark 2 from io#2 queued (connection established)",
                                        "unpark 2 from io#2 queued (send buffer space)",
                                        "unpark 2 from io#2 queued (send buffer space)"}));
    w.ex.run_all();
    EXPECT_EQ(w.ex.task(server).completed_ns, ms(50));
    EXPECT_EQ(received, payload);
}

TEST(tcp, ANonReadingPeerStopsTheSenderThroughItsWindow) {
    TwoHosts w(LinkParams{.latency = 10ms}, NetConfig{.recv_buffer_bytes = 1000});
    NetProbe probe(w.ex);
    probe.futures = false;
    TcpListener listener = bind_ok(w.net, "server:80");
    // The server accepts at 30 ms but reads only from 100 ms on.
    std::string received;
    TaskId server = w.ex.spawn(
        accept_one(std::move(listener))
            .and_then([](Accepted a) {
                return delay(70ms).map([s = std::move(a.first)]() mutable { return std::move(s); });
            })
            .and_then([](TcpStream s) { return read_to_end(std::move(s)); })
            .map([&received](Read r) { received = r.second.str(); }));
    auto client = w.ex.run(
        TcpStream::connect(w.net, "server:80")
            .and_then([](TcpStream s) { return write_all(std::move(s), std::string(3000, 'z')); })
            .map([](std::pair<TcpStream, Bytes>) {})); // closes: FIN follows
    ASSERT_TRUE(client.is_ok());
    EXPECT_EQ(w.ex.now(), ms(20)); // the send buffer took all 3000 bytes at once
    w.ex.run_all();
    // 1000 B go at once; each later 1000 waits for a read (100, 120 ms) and its window update.
    EXPECT_EQ(probe.times_of("net send #2 1000 data"),
              (std::vector<TimeNs>{ms(20), ms(110), ms(130)}));
    EXPECT_EQ(probe.times_of("net send #3 0 window update"),
              (std::vector<TimeNs>{ms(100), ms(120)}));
    EXPECT_EQ(w.ex.task(server).completed_ns, ms(140));
    EXPECT_EQ(received, std::string(3000, 'z'));
}

} // namespace
} // namespace futurescope
