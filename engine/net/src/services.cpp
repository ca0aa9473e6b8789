// The built-in services, written with the engine's own futures so that their polls show in a
// trace: each service is a daemon task running `listener.incoming().for_each(…)`, whose body
// spawns one daemon task per connection (the tutorial's concurrent server:
// `welcomes.for_each(|future| handle.spawn(…))`).
//
// [SECTION] HTTP text
// [SECTION] Echo: a hand-written future
// [SECTION] Per-connection futures
// [SECTION] Starting a service

#include <array>
#include <memory>
#include <string>
#include <utility>

#include "futurescope/future/and_then.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/net/io.hpp"
#include "futurescope/net/services.hpp"
#include "futurescope/net/tcp.hpp"
#include "futurescope/net/tls.hpp"
#include "futurescope/stream/for_each.hpp"
#include "net_core.hpp"

namespace futurescope {

const char *to_string(ServiceKind kind) noexcept {
    switch (kind) {
    case ServiceKind::http:
        return "http";
    case ServiceKind::https:
        return "https";
    case ServiceKind::echo:
        return "echo";
    case ServiceKind::welcome:
        return "welcome";
    }
    return "?";
}

// [SECTION] HTTP text

std::string default_page(std::string_view host_name) {
    const std::string host(host_name);
    return "<!DOCTYPE html>\n<html>\n<head><title>" + host + "</title></head>\n<body><h1>" + host +
           "</h1><p>Served by the simulated network of futurescope.</p></body>\n</html>\n";
}

std::string
http_response(std::string_view request, std::string_view body, std::string_view content_type) {
    const std::string_view line = request.substr(0, request.find("\r\n"));
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    std::string status = "400 Bad Request";
    std::string payload = "<h1>400 Bad Request</h1>\n";
    std::string_view type = "text/html; charset=utf-8";
    if (sp2 != std::string_view::npos && line.substr(sp2 + 1).substr(0, 7) == "HTTP/1.") {
        const std::string_view method = line.substr(0, sp1);
        const std::string_view path = line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (method != "GET") {
            status = "405 Method Not Allowed";
            payload = "<h1>405 Method Not Allowed</h1>\n";
        } else if (path != "/") {
            status = "404 Not Found";
            payload = "<h1>404 Not Found</h1>\n";
        } else {
            status = "200 OK";
            payload = std::string(body);
            type = content_type;
        }
    }
    return "HTTP/1.0 " + status + "\r\nContent-Type: " + std::string(type) +
           "\r\nContent-Length: " + std::to_string(payload.size()) +
           "\r\nConnection: close\r\n\r\n" + payload;
}

namespace {

// [SECTION] Echo: a hand-written future

// Sends back every byte it reads until the client closes its side, then closes its own; resolves
// to the number of bytes echoed. Its states show the back-and-forth in a trace.
class [[nodiscard]] Echo : public FutureExt<Echo> {
  public:
    using item_type = std::uint64_t;
    using error_type = IoError;

    enum class State : std::uint8_t { reading, writing, done };
    static constexpr std::array<std::string_view, 3> state_names{"reading", "writing", "done"};
    static constexpr FutureKind kind_info{"Echo", state_names};

    explicit Echo(TcpStream socket) : socket_(std::move(socket)) {}

    Poll<std::uint64_t, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<std::uint64_t, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    void set_state(State s) noexcept {
        observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
        state_ = s;
    }

    Poll<std::uint64_t, IoError> poll_inner() {
        // Each pass reads or writes at least one byte, or returns; the client sent finitely many.
        for (;;) {
            switch (state_) {
            case State::reading: {
                std::array<char, 4096> buffer{};
                Poll<std::size_t, IoError> p = socket_.poll_read(std::span<char>(buffer));
                if (p.is_not_ready()) {
                    return not_ready;
                }
                if (p.is_err()) {
                    set_state(State::done);
                    return Err<IoError>{std::move(p).error()};
                }
                if (p.value() == 0) {
                    set_state(State::done);
                    Result<Unit, IoError> r = socket_.shutdown();
                    if (r.is_err()) {
                        return Err<IoError>{std::move(r).error()};
                    }
                    return Ready<std::uint64_t>{echoed_};
                }
                pending_.assign(buffer.data(), p.value());
                pos_ = 0;
                set_state(State::writing);
                break;
            }
            case State::writing: {
                while (pos_ < pending_.size()) {
                    Poll<std::size_t, IoError> p = socket_.poll_write(
                        std::span<const char>(pending_.data() + pos_, pending_.size() - pos_));
                    if (p.is_not_ready()) {
                        return not_ready;
                    }
                    if (p.is_err()) {
                        set_state(State::done);
                        return Err<IoError>{std::move(p).error()};
                    }
                    pos_ += p.value();
                    echoed_ += p.value();
                }
                set_state(State::reading);
                break;
            }
            case State::done:
                throw Panic("poll an Echo after it's done");
            }
        }
    }

    TcpStream socket_;
    std::string pending_;
    std::size_t pos_ = 0;
    std::uint64_t echoed_ = 0;
    State state_ = State::reading;
    ObsId obs_;
};

// [SECTION] Per-connection futures

struct Page {
    std::string body;
    std::string content_type;
};

// read the request head → write the answer → shut down → drop (close).
template <class S>
auto serve_page(S stream, std::shared_ptr<const Page> page) {
    return read_until(std::move(stream), "\r\n\r\n")
        .and_then([page](std::pair<S, Bytes> request) {
            return write_all(
                std::move(request.first),
                Bytes(http_response(request.second.view(), page->body, page->content_type)));
        })
        .and_then([](std::pair<S, Bytes> written) { return shutdown(std::move(written.first)); })
        .map([](S) {});
}

// The body of a service's for_each: spawns the connection's own task, so that a slow client does
// not hold up the next one.
template <class MakeHandler>
class SpawnEach {
  public:
    SpawnEach(std::string name, MakeHandler make)
        : name_(std::move(name)), make_(std::move(make)) {}

    void operator()(std::pair<TcpStream, SocketAddr> connection) {
        ++count_;
        spawn(make_(std::move(connection.first)),
              SpawnOptions{name_ + " #" + std::to_string(count_), true});
    }

  private:
    std::string name_;
    MakeHandler make_;
    std::uint64_t count_ = 0;
};

template <class MakeHandler>
void spawn_service(Executor &executor, TcpListener listener, std::string name, MakeHandler make) {
    auto server =
        std::move(listener).incoming().for_each(SpawnEach<MakeHandler>(name, std::move(make)));
    executor.spawn(std::move(server), SpawnOptions{std::move(name), true});
}

} // namespace

// [SECTION] Starting a service

bool detail::NetCore::start_service(HostId host, const ServiceSpec &spec) {
    const Host &h = hosts_[host - 1];
    Result<TcpListener, IoError> bound = bind(h.address + ":" + std::to_string(spec.port));
    if (bound.is_err()) {
        return false;
    }
    TcpListener listener = std::move(bound).value();
    std::string name =
        std::string(to_string(spec.kind)) + " " + h.name + ":" + std::to_string(spec.port);
    Executor &ex = *executor_;
    switch (spec.kind) {
    case ServiceKind::http: {
        auto page = std::make_shared<const Page>(
            Page{spec.http.body.empty() ? default_page(h.name) : spec.http.body,
                 spec.http.content_type});
        spawn_service(ex, std::move(listener), std::move(name), [page](TcpStream s) {
            return serve_page(std::move(s), page);
        });
        break;
    }
    case ServiceKind::https: {
        auto page = std::make_shared<const Page>(
            Page{spec.http.body.empty() ? default_page(h.name) : spec.http.body,
                 spec.http.content_type});
        TlsAcceptor acceptor(spec.http.cert_name.empty() ? h.name : spec.http.cert_name);
        spawn_service(ex, std::move(listener), std::move(name), [page, acceptor](TcpStream s) {
            return acceptor.accept(std::move(s)).and_then([page](TlsStream tls) {
                return serve_page(std::move(tls), page);
            });
        });
        break;
    }
    case ServiceKind::echo:
        spawn_service(ex, std::move(listener), std::move(name), [](TcpStream s) {
            return Echo(std::move(s));
        });
        break;
    case ServiceKind::welcome:
        // The tutorial's server: write "Hello!\n", then drop the socket, which closes it.
        spawn_service(ex, std::move(listener), std::move(name), [](TcpStream s) {
            return write_all(std::move(s), Bytes(welcome_text))
                .map([](std::pair<TcpStream, Bytes>) {});
        });
        break;
    }
    return true;
}

} // namespace futurescope
