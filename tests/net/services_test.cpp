// The built-in services: the page servers, echo and welcome, each one task per connection made
// of the engine's futures, at exact virtual times.
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
using testing::ms;
using testing::NetProbe;
using testing::TwoHosts;

using Read = std::pair<TcpStream, Bytes>;

auto get(Network &net, std::string target, std::string request) {
    return TcpStream::connect(net, std::move(target))
        .and_then([request = std::move(request)](TcpStream s) {
            return write_all(std::move(s), request);
        })
        .and_then([](Read r) { return read_to_end(std::move(r.first)); })
        .map([](Read r) { return std::move(r.second).str(); });
}

TEST(services, HttpServesThePageThenCloses) {
    TwoHosts w;
    w.net.serve_http("server", 80);
    const std::string request = "GET / HTTP/1.0\r\nHost: server\r\n\r\n";
    auto r = w.ex.run(get(w.net, "server:80", request));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    EXPECT_EQ(r.value(),
              http_response(request, default_page("server"), "text/html; charset=utf-8"));
    // Connected at 20 ms; the request is there at 30 ms, the answer and FIN back at 40.
    EXPECT_EQ(w.ex.now(), ms(40));
    EXPECT_EQ(w.ex.task(3).name, "http server:80 #1");
    EXPECT_EQ(w.ex.task(3).completed_ns, ms(30));
}

TEST(services, HttpResponsesFollowTheRequestLine) {
    EXPECT_EQ(http_response("GET / HTTP/1.0\r\n\r\n", "<p>hi</p>", "text/html"),
              "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
              "Connection: close\r\n\r\n<p>hi</p>");
    EXPECT_EQ(http_response("GET /missing HTTP/1.1\r\n\r\n", "x", "text/plain").substr(0, 24),
              "HTTP/1.0 404 Not Found\r\n");
    EXPECT_EQ(http_response("POST / HTTP/1.0\r\n\r\n", "x", "text/plain").substr(0, 33),
              "HTTP/1.0 405 Method Not Allowed\r\n");
    EXPECT_EQ(http_response("hello\r\n\r\n", "x", "text/plain").substr(0, 26),
              "HTTP/1.0 400 Bad Request\r\n");
    EXPECT_EQ(http_response("", "x", "text/plain").substr(0, 26), "HTTP/1.0 400 Bad Request\r\n");
}

TEST(services, HttpsServesTheConfiguredBody) {
    TwoHosts w;
    w.net.serve_https("server", 443, HttpOptions{.body = "secret\n", .content_type = "text/plain"});
    auto r = w.ex.run(
        TcpStream::connect(w.net, "server:443")
            .and_then([](TcpStream s) { return TlsConnector().handshake("server", std::move(s)); })
            .and_then([](TlsStream s) { return write_all(std::move(s), "GET / HTTP/1.0\r\n\r\n"); })
            .and_then(
                [](std::pair<TlsStream, Bytes> p) { return read_to_end(std::move(p.first)); }));
    ASSERT_TRUE(r.is_ok()) << r.error().describe();
    EXPECT_EQ(r.value().second,
              "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n"
              "Connection: close\r\n\r\nsecret\n");
    EXPECT_EQ(w.ex.now(), ms(60));
}

TEST(services, EchoSendsBackEveryByteThenClosesAfterTheClient) {
    TwoHosts w;
    w.net.serve_echo("server", 7);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:7")
                          .and_then([](TcpStream s) { return write_all(std::move(s), "ping\n"); })
                          .and_then([](Read r) { return shutdown(std::move(r.first)); })
                          .and_then([](TcpStream s) { return read_to_end(std::move(s)); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "ping\n");
    EXPECT_EQ(w.ex.now(), ms(40));
    w.ex.run_until_idle();
    EXPECT_EQ(w.ex.task(3).name, "echo server:7 #1");
    EXPECT_EQ(w.ex.task(3).result, "5");
}

TEST(services, WelcomeWritesHelloAndClosesWithoutBeingAsked) {
    TwoHosts w;
    w.net.serve_welcome("server", 9);
    auto r = w.ex.run(TcpStream::connect(w.net, "server:9").and_then([](TcpStream s) {
        return read_to_end(std::move(s));
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().second, "Hello!\n");
    EXPECT_EQ(w.ex.now(), ms(40));
    const TaskView conn = w.ex.task(3);
    EXPECT_EQ(conn.name, "welcome server:9 #1");
    EXPECT_EQ(conn.parent, 1u);
    EXPECT_EQ(conn.completed_ns, ms(30));
    EXPECT_EQ(conn.polls, 1u);
}

TEST(services, EachConnectionGetsItsOwnTaskAndTheirPollsAreTraced) {
    TwoHosts w;
    NetProbe probe(w.ex);
    w.net.serve_welcome("server", 9);
    auto client = [&w] {
        return TcpStream::connect(w.net, "server:9").and_then([](TcpStream s) {
            return read_to_end(std::move(s));
        });
    };
    TaskId a = w.ex.spawn(client());
    TaskId b = w.ex.spawn(client());
    w.ex.run_all();
    EXPECT_EQ(w.ex.task(a).result, "(TcpStream#2(10.0.0.1:49152 -> 10.0.0.2:9), \"Hello!\\n\")");
    EXPECT_EQ(w.ex.task(b).result, "(TcpStream#3(10.0.0.1:49153 -> 10.0.0.2:9), \"Hello!\\n\")");
    EXPECT_EQ(w.ex.task(4).name, "welcome server:9 #1");
    EXPECT_EQ(w.ex.task(5).name, "welcome server:9 #2");
    // The server's own futures appear in the trace like any other.
    const std::vector<std::string> enters = probe.only("enter ");
    auto seen = [&enters](const std::string &kind) {
        for (const std::string &l : enters) {
            if (l.rfind("enter " + kind + "#", 0) == 0) {
                return true;
            }
        }
        return false;
    };
    EXPECT_TRUE(seen("ForEach"));
    EXPECT_TRUE(seen("Incoming"));
    EXPECT_TRUE(seen("WriteAll"));
    EXPECT_TRUE(seen("Connect"));
    EXPECT_TRUE(seen("ReadToEnd"));
}

} // namespace
} // namespace futurescope
