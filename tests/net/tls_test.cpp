// Simulated TLS: the handshake's round trip and byte counts, a certificate for another name,
// records and their overhead, and the handshake's contract.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/net/net.hpp"
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

auto connect_tls(Network &net, std::string target, std::string domain) {
    return TcpStream::connect(net, std::move(target))
        .and_then([domain = std::move(domain)](TcpStream s) {
            return TlsConnector().handshake(domain, std::move(s));
        });
}

TEST(tls, TheHandshakeTakesOneRoundTripAfterConnect) {
    TwoHosts w;
    w.net.serve_https("server", 443);
    auto r = w.ex.run(connect_tls(w.net, "server:443", "server"));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    // Connected at 20 ms; ClientHello there at 30, the server's flight back at 40.
    EXPECT_EQ(w.ex.now(), ms(40));
    EXPECT_EQ(r.value().server_name(), "server");
    EXPECT_EQ(r.value().describe(),
              "TlsStream(server, TcpStream#2(10.0.0.1:49152 -> 10.0.0.2:443))");
}

TEST(tls, TheFlightsCostTheirBytesOnTheWire) {
    TwoHosts w(LinkParams{.latency = 10ms, .bandwidth_bytes_per_s = 1'000'000});
    w.net.serve_https("server", 443);
    auto r = w.ex.run(connect_tls(w.net, "server:443", "server"));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(w.ex.now(),
              ms(40) +
                  static_cast<TimeNs>(tls::client_hello_bytes + tls::server_flight_bytes) * 1000);
}

TEST(tls, ACertificateForAnotherNameFailsTheHandshake) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.serve_https("server", 443);
    auto r = w.ex.run(connect_tls(w.net, "server:443", "www.example.org"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(),
              "TlsNameMismatch: the certificate is for server, not www.example.org");
    EXPECT_EQ(w.ex.now(), ms(40));
    w.ex.run_until_idle();
    // The client said why before closing; the server's connection task ends on it.
    const TaskView conn = w.ex.task(3);
    EXPECT_EQ(conn.name, "https server:443 #1");
    EXPECT_EQ(conn.result, "TlsHandshake: the client sent alert bad_certificate");
    EXPECT_EQ(conn.completed_ns, ms(50));
    EXPECT_EQ(probe.only("net tls #2"),
              (std::vector<std::string>{"net tls #2 517 ClientHello",
                                        "net tls #2 24 alert bad_certificate"}));
}

TEST(tls, TheCertificateNamesWhatTheServiceIsConfiguredFor) {
    TwoHosts w;
    w.net.serve_https("server", 443, HttpOptions{.cert_name = "www.rust-lang.org"});
    auto good = w.ex.run(connect_tls(w.net, "10.0.0.2:443", "www.rust-lang.org"));
    EXPECT_TRUE(good.is_ok());
    auto bad = w.ex.run(connect_tls(w.net, "server:443", "server"));
    ASSERT_TRUE(bad.is_err());
    EXPECT_EQ(bad.error().kind, IoErrorKind::tls_name_mismatch);
}

TEST(tls, AHandshakeWithNothingListeningFailsOnConnect) {
    TwoHosts w;
    auto r = w.ex.run(connect_tls(w.net, "server:443", "server"));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().kind, IoErrorKind::connection_refused);
}

// A server that completes a TLS handshake and reads the connection to the end into `out`.
TaskId spawn_tls_reader(TwoHosts &w, std::string *out) {
    return w.ex.spawn(
        accept_one(bind_ok(w.net, "server:443"))
            .and_then([](Accepted a) { return TlsAcceptor("server").accept(std::move(a.first)); })
            .and_then([](TlsStream s) { return read_to_end(std::move(s)); })
            .map([out](std::pair<TlsStream, Bytes> r) { *out = std::move(r.second).str(); }));
}

TEST(tls, RecordsCarryAFixedOverheadAndAtMost16KiB) {
    TwoHosts w;
    NetProbe probe(w.ex);
    std::string got;
    TaskId server = spawn_tls_reader(w, &got);
    const std::string payload(40'000, 'p');
    auto r = w.ex.run(
        connect_tls(w.net, "server:443", "server")
            .and_then([&payload](TlsStream s) { return write_all(std::move(s), payload); })
            .and_then([](std::pair<TlsStream, Bytes> p) { return shutdown(std::move(p.first)); })
            .map([](TlsStream) {}));
    ASSERT_TRUE(r.is_ok());
    w.ex.run_all();
    EXPECT_EQ(got, payload);
    EXPECT_EQ(w.ex.task(server).outcome, PollOutcome::ready);
    EXPECT_EQ(probe.only("net tls #2 16406"),
              (std::vector<std::string>(2, "net tls #2 16406 application data")));
    EXPECT_EQ(probe.only("net tls #2 7254"),
              (std::vector<std::string>{"net tls #2 7254 application data"}));
    EXPECT_EQ(probe.only("net tls #2 24"),
              (std::vector<std::string>{"net tls #2 24 alert close_notify"}));
}

TEST(tls, RecordsSplitAcrossSegmentsAreReassembled) {
    TwoHosts w(LinkParams{.latency = 1ms, .jitter = 2ms},
               NetConfig{.send_buffer_bytes = 700, .recv_buffer_bytes = 300});
    w.ex.set_seed(3);
    NetProbe probe(w.ex);
    std::string got;
    spawn_tls_reader(w, &got);
    std::string payload(9'000, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i) {
        payload[i] = static_cast<char>(i % 251);
    }
    auto r =
        w.ex.run(connect_tls(w.net, "server:443", "server")
                     .and_then([&payload](TlsStream s) { return write_all(std::move(s), payload); })
                     .map([](std::pair<TlsStream, Bytes>) {}));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    w.ex.run_all();
    EXPECT_TRUE(got == payload) << got.size() << " bytes arrived";
    // A 300-byte window splits the 2934-byte server flight into segments of at most 300.
    for (const std::string &line : probe.only("net send #3")) {
        EXPECT_LE(std::stoul(line.substr(std::string("net send #3 ").size())), 300u) << line;
    }
}

TEST(tls, PollingAFinishedHandshakeAgainPanics) {
    TwoHosts w;
    w.net.serve_https("server", 443);
    auto socket = w.ex.run(TcpStream::connect(w.net, "server:443"));
    ASSERT_TRUE(socket.is_ok());
    TlsHandshake handshake = TlsConnector().handshake("server", std::move(socket.value()));
    auto r = w.ex.run(poll_fn([&handshake]() -> Poll<Unit, IoError> {
        auto p = handshake.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        return ready();
    }));
    ASSERT_TRUE(r.is_ok());
    try {
        (void)handshake.poll();
        ADD_FAILURE() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll MidHandshake twice");
    }
}

TEST(tls, RecordEncodingHasTheSizesItClaims) {
    EXPECT_EQ(tls::encode_data_record("hello").size(), 5u + tls::record_overhead_bytes);
    EXPECT_EQ(tls::encode_alert(tls::Alert::close_notify).size(), tls::alert_bytes);
    const std::string r = tls::encode_record(tls::ContentType::handshake, "abc", 10);
    EXPECT_EQ(r,
              std::string("\x16\x03\x03\x00\x05"
                          "abc\0\0",
                          10));
    EXPECT_EQ(tls::server_flight_bytes, 2934u);
    EXPECT_EQ(tls::client_flight_bytes, 64u);
}

} // namespace
} // namespace futurescope
