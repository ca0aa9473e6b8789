// The tutorial's "Hello, World!" (shared/seeds/000): connect to www.rust-lang.org:443, TLS
// handshake, write_all the GET, read_to_end — the page, at an exact virtual time.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/then.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/stream/and_then.hpp"
#include "futurescope/stream/for_each.hpp"
#include "futurescope/stream/map.hpp"
#include "net_support.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::ms;
using testing::NetProbe;

const std::string rust_page = "<!DOCTYPE html>\n"
                              "<html lang=\"en\">\n"
                              "<head><meta charset=\"utf-8\"><title>Rust Programming "
                              "Language</title></head>\n"
                              "<body><h1>Rust</h1><p>A language empowering everyone to build "
                              "reliable and efficient software.</p></body>\n"
                              "</html>\n";

const std::string request = "GET / HTTP/1.0\r\n"
                            "Host: www.rust-lang.org\r\n"
                            "\r\n";

// The world of the lesson: a client 20 ms from www.rust-lang.org over a 1 MB/s link, so that a
// byte costs a microsecond on the wire.
struct RustLang {
    RustLang() : net(ex) {
        net.add_host("client", "10.0.0.1");
        net.add_host("www.rust-lang.org", "10.0.0.2");
        net.add_link("client",
                     "www.rust-lang.org",
                     LinkParams{.latency = 20ms, .bandwidth_bytes_per_s = 1'000'000});
        net.serve_https("www.rust-lang.org", 443, HttpOptions{.body = rust_page});
    }
    Executor ex;
    Network net;
};

// The tutorial's program, line for line.
auto hello_world(Network &net) {
    auto socket = TcpStream::connect(net, "www.rust-lang.org:443");
    auto tls_handshake = std::move(socket).and_then([](TcpStream socket) {
        auto cx = ClientContext();
        return cx.handshake("www.rust-lang.org", std::move(socket));
    });
    auto request_sent = std::move(tls_handshake).and_then([](TlsStream socket) {
        return write_all(std::move(socket), Bytes(request));
    });
    auto response = std::move(request_sent).and_then([](std::pair<TlsStream, Bytes> written) {
        return read_to_end(std::move(written.first), Bytes());
    });
    return response;
}

TEST(hello_world, DownloadsThePageAtAnExactTime) {
    RustLang w;
    auto r = w.ex.run(hello_world(w.net));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    const std::string expected = http_response(request, rust_page, "text/html; charset=utf-8");
    EXPECT_EQ(r.value().second.str(), expected);
    EXPECT_EQ(expected.substr(0, 17), "HTTP/1.0 200 OK\r\n");

    // 0: SYN → 20 ms: SYN-ACK → 40 ms: connected; ACK and ClientHello (517 B) leave.
    // 60.517 ms: the server has the hello; its flight (2934 B) is on the wire until 63.451 ms.
    // 83.451 ms: the client has it; its Finished (64 B) and the GET's record (43 + 22 B) leave.
    // 103.580 ms: the server has the request; the response's record (R + 22 B) and close_notify
    // (24 B) arrive 20 ms after their last byte left: 123.580 ms + (R + 46) µs.
    const TimeNs done = ms(123.580) + static_cast<TimeNs>(expected.size() + 46) * 1000;
    EXPECT_EQ(w.ex.now(), done);
    const TaskView main = w.ex.task(2);
    EXPECT_EQ(main.name, "main");
    EXPECT_EQ(main.completed_ns, done);
    EXPECT_EQ(expected.size(), 322u);
    EXPECT_EQ(done, 123'948'000);
    // Polls: start (0), connected (40 ms), handshake done (83.451 ms), response (…), EOF.
    EXPECT_EQ(main.polls, 5u);
}

TEST(hello_world, TheServerRunsAsDaemonTasksOfTheEngine) {
    RustLang w;
    auto r = w.ex.run(hello_world(w.net));
    ASSERT_TRUE(r.is_ok());
    std::vector<TaskView> tasks = w.ex.tasks();
    ASSERT_EQ(tasks.size(), 3u);
    EXPECT_EQ(tasks[0].name, "https www.rust-lang.org:443");
    EXPECT_TRUE(tasks[0].daemon);
    EXPECT_EQ(tasks[0].state, TaskState::parked);
    EXPECT_EQ(tasks[1].name, "main");
    EXPECT_EQ(tasks[2].name, "https www.rust-lang.org:443 #1");
    EXPECT_TRUE(tasks[2].daemon);
    EXPECT_EQ(tasks[2].state, TaskState::completed);
    EXPECT_EQ(tasks[2].outcome, PollOutcome::ready);
    EXPECT_EQ(tasks[2].parent, 1u);
}

TEST(hello_world, TheTraceShowsTheHandshakeRecords) {
    RustLang w;
    NetProbe probe(w.ex);
    auto r = w.ex.run(hello_world(w.net));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(probe.only("net tls"),
              (std::vector<std::string>{
                  "net tls #2 517 ClientHello",
                  "net tls #3 128 ServerHello",
                  "net tls #3 6 ChangeCipherSpec",
                  "net tls #3 2800 EncryptedExtensions, Certificate, CertificateVerify, Finished",
                  "net tls #2 6 ChangeCipherSpec",
                  "net tls #2 58 Finished",
                  "net tls #2 0 handshake done",
                  "net tls #2 65 application data",
                  "net tls #3 0 handshake done",
                  "net tls #3 344 application data",
                  "net tls #3 24 alert close_notify",
              }));
    EXPECT_EQ(
        probe.only("net connect"),
        (std::vector<std::string>{"net connect #2 0 SYN sent", "net connect #2 0 established"}));
}

// The tutorial's stream example (shared/seeds/000, "Stream Example"): a server that accepts
// connections, writes "Hello!" to each and closes it, one connection after the other.
TEST(welcome_server, TheTutorialsStreamExampleRuns) {
    Executor ex;
    Network net(ex);
    net.add_host("localhost", "127.0.0.1");
    net.add_host("visitor", "10.0.0.7");
    net.add_link("localhost", "visitor", LinkParams{.latency = 5ms});

    TcpListener listener = std::move(TcpListener::bind(net, ":0")).value();
    const SocketAddr addr = listener.local_addr();
    EXPECT_EQ(addr.describe(), "127.0.0.1:49152");

    auto clients = std::move(listener).incoming();
    auto welcomes = std::move(clients).and_then([](std::pair<TcpStream, SocketAddr> client) {
        return write_all(std::move(client.first), "Hello!\n");
    });
    auto server = std::move(welcomes).for_each([](std::pair<TcpStream, Bytes>) {});
    ex.spawn(std::move(server), SpawnOptions{.name = "server", .daemon = true});

    auto visit = [&net, &addr] {
        return TcpStream::connect(net, addr.describe(), "visitor")
            .and_then([](TcpStream s) { return read_to_end(std::move(s)); })
            .map([](std::pair<TcpStream, Bytes> r) { return std::move(r.second).str(); });
    };
    TaskId first = ex.spawn(visit());
    TaskId second = ex.spawn(visit());
    EXPECT_EQ(ex.run_all().reason, StopReason::completed);
    EXPECT_EQ(ex.task(first).result, "\"Hello!\\n\"");
    EXPECT_EQ(ex.task(second).result, "\"Hello!\\n\"");
    EXPECT_EQ(ex.task(first).completed_ns, ms(20));
    // Started at 0; both ACKs land at 15 ms, one wakeup, one poll that welcomes both.
    EXPECT_EQ(ex.task(1).polls, 2u);
}

// Its concurrent variant: each connection's write_all is spawned as a task of its own.
TEST(welcome_server, TheConcurrentVariantSpawnsATaskPerConnection) {
    Executor ex;
    Network net(ex);
    net.add_host("localhost", "127.0.0.1");
    TcpListener listener = std::move(TcpListener::bind(net, ":8080")).value();

    auto clients = std::move(listener).incoming();
    auto welcomes = std::move(clients).map([](std::pair<TcpStream, SocketAddr> client) {
        return write_all(std::move(client.first), "hello!\n");
    });
    auto server = std::move(welcomes).for_each([](auto future) {
        spawn(std::move(future).then([](auto) { return Result<Unit, Never>(ready()); }));
    });
    ex.spawn(std::move(server), SpawnOptions{.name = "server", .daemon = true});
    auto r = ex.run(TcpStream::connect(net, "localhost:8080").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "hello!\n");
    EXPECT_EQ(ex.tasks().size(), 3u);
    EXPECT_EQ(ex.task(3).parent, 1u);
}

} // namespace
} // namespace futurescope
