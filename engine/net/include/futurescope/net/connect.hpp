// The future of a connection: `TcpStream::connect(net, "www.rust-lang.org:443")` (tokio-core's
// `TcpStream::connect`). Its first poll resolves the name, sends SYN and parks; it completes with
// the stream when the SYN-ACK arrives (one round trip), or fails with ConnectionRefused (RST from
// a host where nothing listens), TimedOut (no answer within the connect timeout: a partition, a
// crashed host), NotFound (an unknown name) or HostUnreachable (no link). Dropping it before it
// completes abandons the connection attempt.
// States: idle → connecting → done.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "futurescope/future.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/net/tcp_stream.hpp"

namespace futurescope {

class [[nodiscard]] Connect : public FutureExt<Connect> {
  public:
    using item_type = TcpStream;
    using error_type = IoError;

    enum class State : std::uint8_t { idle, connecting, done };
    static constexpr std::array<std::string_view, 3> state_names{"idle", "connecting", "done"};
    static constexpr FutureKind kind_info{"Connect", state_names};

    Connect(std::shared_ptr<detail::NetCore> core, std::string target, std::string from);

    Poll<TcpStream, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<TcpStream, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const { return "connect(" + target_ + ")"; }
    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    Poll<TcpStream, IoError> poll_inner();
    void set_state(State s) noexcept;

    std::shared_ptr<detail::NetCore> core_;
    std::string target_;
    std::string from_;
    TcpStream socket_; // the connecting socket, handed out when connected
    State state_ = State::idle;
    ObsId obs_;
};

} // namespace futurescope
