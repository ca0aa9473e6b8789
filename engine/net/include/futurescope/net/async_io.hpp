// What the I/O futures (write_all, read_exact, read_to_end, read_until, shutdown) need of a
// stream: non-blocking reads and writes that answer Ready(n), NotReady after parking the current
// task, or Err (tokio-io's `AsyncRead` and `AsyncWrite`). TcpStream and TlsStream have them.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>

#include "futurescope/net/io_error.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

template <class S>
concept AsyncRead = std::move_constructible<S> && requires(S &s, std::span<char> buffer) {
    { s.poll_read(buffer) } -> std::same_as<Poll<std::size_t, IoError>>;
};

template <class S>
concept AsyncWrite = std::move_constructible<S> && requires(S &s, std::span<const char> bytes) {
    { s.poll_write(bytes) } -> std::same_as<Poll<std::size_t, IoError>>;
    { s.poll_shutdown() } -> std::same_as<Poll<Unit, IoError>>;
};

} // namespace futurescope
