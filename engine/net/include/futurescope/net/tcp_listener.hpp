// TcpListener and its stream of connections: `TcpListener::bind(net, "www.rust-lang.org:443")`,
// then `std::move(listener).incoming()` (tokio-core's `TcpListener::incoming`), a stream of
// (socket, peer address) that never ends. A connection is yielded once its handshake completed
// (the client's ACK arrived); when none is waiting the stream parks the task until one does.
// The stream fails with ConnectionAborted when its host crashes. Destroying the listener closes
// the port: connections not yet accepted are reset.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/net/address.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/net/tcp_stream.hpp"

namespace futurescope {

class Network;
class Incoming;

class TcpListener {
  public:
    TcpListener() = default;
    TcpListener(TcpListener &&other) noexcept;
    TcpListener &operator=(TcpListener &&other) noexcept;
    TcpListener(const TcpListener &) = delete;
    TcpListener &operator=(const TcpListener &) = delete;
    ~TcpListener();

    // Binds "host:port" (a name or an address; an empty host is the local host; port 0 picks a
    // free one). Fails with AddrInUse when something listens there, AddrNotAvailable for an
    // unknown or crashed host, InvalidInput for a malformed address.
    [[nodiscard]] static Result<TcpListener, IoError> bind(Network &network,
                                                           std::string_view address);

    [[nodiscard]] SocketAddr local_addr() const;
    [[nodiscard]] Incoming incoming() &&;
    // One accept: Ready((socket, peer)), or NotReady with the task parked.
    Poll<std::pair<TcpStream, SocketAddr>, IoError> poll_accept();

    [[nodiscard]] bool valid() const noexcept { return core_ != nullptr && id_ != 0; }
    [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
    // "TcpListener#1(10.0.0.2:443)".
    [[nodiscard]] std::string describe() const;

  private:
    friend class detail::NetCore;
    TcpListener(std::shared_ptr<detail::NetCore> core, std::uint32_t id) noexcept;
    void release() noexcept;

    std::shared_ptr<detail::NetCore> core_;
    std::uint32_t id_ = 0;
};

class [[nodiscard]] Incoming : public StreamExt<Incoming> {
  public:
    using item_type = std::pair<TcpStream, SocketAddr>;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 1> state_names{"accepting"};
    static constexpr FutureKind kind_info{"Incoming", state_names};

    explicit Incoming(TcpListener listener) : listener_(std::move(listener)) {}

    StreamPoll<item_type, IoError> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "incoming(" + listener_.local_addr().describe() + ")";
    }
    [[nodiscard]] const TcpListener &listener() const noexcept { return listener_; }

  private:
    StreamPoll<item_type, IoError> poll_inner() {
        Poll<item_type, IoError> p = listener_.poll_accept();
        if (p.is_ready()) {
            return ready(std::optional<item_type>(std::move(p).value()));
        }
        if (p.is_err()) {
            return Err<IoError>{std::move(p).error()};
        }
        return not_ready;
    }

    TcpListener listener_;
    ObsId obs_;
};

inline Incoming TcpListener::incoming() && { return Incoming(std::move(*this)); }

} // namespace futurescope
