// TcpStream: one end of a connection of the virtual network (tokio-core's `TcpStream`). Its
// reads and writes never block: they answer Ready(n), or NotReady after parking the current task
// on the socket, which unparks it when data, EOF, an error or send buffer space arrives. Made by
// `TcpStream::connect` (connect.hpp) or yielded by a listener's `incoming()` (tcp_listener.hpp).
// Destroying it closes the connection gracefully (the peer reads what was sent, then EOF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "futurescope/net/address.hpp"
#include "futurescope/net/io_error.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

class Network;
class Connect;

namespace detail {
class NetCore;
}

class TcpStream {
  public:
    // An empty handle: what a moved-from stream is. Its operations fail with NotConnected.
    TcpStream() = default;
    TcpStream(TcpStream &&other) noexcept;
    TcpStream &operator=(TcpStream &&other) noexcept;
    TcpStream(const TcpStream &) = delete;
    TcpStream &operator=(const TcpStream &) = delete;
    ~TcpStream();

    // A future of the connected stream (connect.hpp): `target` is "name:port" or "address:port";
    // `from` names the host connecting, empty for the network's local host.
    [[nodiscard]] static Connect
    connect(Network &network, std::string target, std::string from = {});

    // Ready(n > 0) bytes read; Ready(0) at EOF; NotReady (task parked) when nothing is buffered;
    // Err after a reset.
    Poll<std::size_t, IoError> poll_read(std::span<char> buffer);
    // Ready(n): n bytes (up to the send buffer's free space) queued for sending; NotReady (task
    // parked) when the send buffer is full; Err after shutdown (BrokenPipe) or a reset.
    Poll<std::size_t, IoError> poll_write(std::span<const char> bytes);
    // Ready(free space) once at least `min_bytes` (capped at the buffer's size) can be written,
    // NotReady (task parked) before: for writers that must write a record whole (TLS).
    Poll<std::size_t, IoError> poll_write_ready(std::size_t min_bytes = 1);
    // Shuts the writing half: FIN follows the queued bytes. Never NotReady.
    Poll<Unit, IoError> poll_shutdown();
    Result<Unit, IoError> shutdown();
    // An abortive close: queued bytes are discarded and the peer gets RST.
    void reset();

    [[nodiscard]] bool valid() const noexcept { return core_ != nullptr && id_ != 0; }
    [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
    [[nodiscard]] SocketAddr local_addr() const;
    [[nodiscard]] SocketAddr peer_addr() const;
    // Bytes that a write would accept now, and bytes that a read would return now.
    [[nodiscard]] std::size_t send_buffer_free() const;
    [[nodiscard]] std::size_t bytes_readable() const;

    // "TcpStream#3(10.0.0.1:49152 -> 10.0.0.2:443)".
    [[nodiscard]] std::string describe() const;

    // Reports a TLS record (or milestone) travelling on this socket to the observer, as a `tls`
    // event: `detail` is static text ("ClientHello", "application data").
    void report_tls(std::uint64_t bytes, const char *detail) const;

  private:
    friend class detail::NetCore;
    TcpStream(std::shared_ptr<detail::NetCore> core, std::uint32_t id) noexcept;
    void release() noexcept;

    std::shared_ptr<detail::NetCore> core_;
    std::uint32_t id_ = 0;
};

} // namespace futurescope

// TcpStream::connect's future, so that this header alone is enough to connect.
#include "futurescope/net/connect.hpp" // IWYU pragma: export
