// Simulated TLS over the virtual network (tokio-tls's `ClientContext::handshake` and the server
// side's accept). `TlsConnector().handshake("www.rust-lang.org", socket)` is a future that runs a
// TLS 1.3-shaped handshake over the socket — ClientHello; ServerHello, ChangeCipherSpec and the
// encrypted flight carrying the certificate; the client's ChangeCipherSpec and Finished — with
// real byte counts (tls_stream.hpp), so each flight costs a trip at the link's latency and
// bandwidth. It resolves to a TlsStream once the client's Finished is queued (one round trip
// after ClientHello), and fails with TlsNameMismatch when the certificate names another host
// (sending a bad_certificate alert first). `TlsAcceptor(cert_name).accept(socket)` is the server
// side: it resolves when the client's Finished arrives.
// States (client): send_hello → await_server → send_finished → done.
// States (server): await_hello → send_flight → await_finished → done.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/net/tcp_stream.hpp"
#include "futurescope/net/tls_stream.hpp"

namespace futurescope {

class TlsHandshake;
class TlsAccept;

class TlsConnector {
  public:
    [[nodiscard]] TlsHandshake handshake(std::string domain, TcpStream socket) const;
};
// The tutorial's name for it (tokio-tls 0.1's `ClientContext`).
using ClientContext = TlsConnector;

class TlsAcceptor {
  public:
    explicit TlsAcceptor(std::string cert_name) : cert_name_(std::move(cert_name)) {}
    [[nodiscard]] TlsAccept accept(TcpStream socket) const;
    [[nodiscard]] const std::string &cert_name() const noexcept { return cert_name_; }

  private:
    std::string cert_name_;
};

class [[nodiscard]] TlsHandshake : public FutureExt<TlsHandshake> {
  public:
    using item_type = TlsStream;
    using error_type = IoError;

    enum class State : std::uint8_t { send_hello, await_server, send_finished, done };
    static constexpr std::array<std::string_view, 4> state_names{
        "send_hello", "await_server", "send_finished", "done"};
    static constexpr FutureKind kind_info{"TlsHandshake", state_names};

    TlsHandshake(std::string domain, TcpStream socket)
        : domain_(std::move(domain)), socket_(std::move(socket)) {}

    Poll<TlsStream, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<TlsStream, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const { return "tls_handshake(" + domain_ + ")"; }
    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    Poll<TlsStream, IoError> poll_inner();
    void set_state(State s) noexcept;

    std::string domain_;
    std::optional<TcpStream> socket_;
    tls::RecordReader reader_;
    std::string out_; // the flight being written
    bool flight_queued_ = false;
    State state_ = State::send_hello;
    ObsId obs_;
};

class [[nodiscard]] TlsAccept : public FutureExt<TlsAccept> {
  public:
    using item_type = TlsStream;
    using error_type = IoError;

    enum class State : std::uint8_t { await_hello, send_flight, await_finished, done };
    static constexpr std::array<std::string_view, 4> state_names{
        "await_hello", "send_flight", "await_finished", "done"};
    static constexpr FutureKind kind_info{"TlsAccept", state_names};

    TlsAccept(std::string cert_name, TcpStream socket)
        : cert_name_(std::move(cert_name)), socket_(std::move(socket)) {}

    Poll<TlsStream, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<TlsStream, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const { return "tls_accept(" + cert_name_ + ")"; }
    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    Poll<TlsStream, IoError> poll_inner();
    void set_state(State s) noexcept;

    std::string cert_name_;
    std::optional<TcpStream> socket_;
    tls::RecordReader reader_;
    std::string out_; // the flight being written
    std::string sni_; // the name the client asked for
    State state_ = State::await_hello;
    ObsId obs_;
};

inline TlsHandshake TlsConnector::handshake(std::string domain, TcpStream socket) const {
    return TlsHandshake(std::move(domain), std::move(socket));
}
inline TlsAccept TlsAcceptor::accept(TcpStream socket) const {
    return TlsAccept(cert_name_, std::move(socket));
}

} // namespace futurescope
