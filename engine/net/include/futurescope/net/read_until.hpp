// Reads up to and including a delimiter: `read_until(socket, "\r\n\r\n")` resolves to (socket,
// the bytes through the delimiter), or to what was read when EOF comes first (tokio-core's
// `io::read_until`, which takes one byte; this one takes a byte string, so that a server can read
// an HTTP request's head). It never reads past the delimiter: what follows stays in the stream.
// Polling it after it resolved panics with "poll ReadUntil after it's done".
// States: reading → done.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/net/async_io.hpp"
#include "futurescope/net/bytes.hpp"

namespace futurescope {

template <AsyncRead S>
class [[nodiscard]] ReadUntil : public FutureExt<ReadUntil<S>> {
  public:
    using item_type = std::pair<S, Bytes>;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 2> state_names{"reading", "done"};
    static constexpr FutureKind kind_info{"ReadUntil", state_names};

    ReadUntil(S stream, std::string delimiter)
        : stream_(std::move(stream)), delimiter_(std::move(delimiter)) {}

    Poll<item_type, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "read_until(" + describe_bytes(delimiter_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }

  private:
    [[nodiscard]] bool found() const noexcept {
        return !delimiter_.empty() && bytes_.size() >= delimiter_.size() &&
               bytes_.view().substr(bytes_.size() - delimiter_.size()) == delimiter_;
    }

    Poll<item_type, IoError> poll_inner() {
        if (!stream_) {
            throw Panic("poll ReadUntil after it's done");
        }
        // One byte per read, so that nothing past the delimiter is taken from the stream; each
        // pass reads a byte or ends the loop.
        while (!found()) {
            char c = 0;
            Poll<std::size_t, IoError> p = stream_->poll_read(std::span<char>(&c, 1));
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<IoError>{std::move(p).error()};
            }
            if (p.value() == 0) {
                break;
            }
            bytes_.append(std::string_view(&c, 1));
        }
        item_type item(std::move(*stream_), std::move(bytes_));
        stream_.reset();
        observe_state(obs_, 0, 1);
        return Ready<item_type>{std::move(item)};
    }

    std::optional<S> stream_;
    std::string delimiter_;
    Bytes bytes_;
    ObsId obs_;
};

template <AsyncRead S>
[[nodiscard]] ReadUntil<S> read_until(S stream, std::string delimiter) {
    return ReadUntil<S>(std::move(stream), std::move(delimiter));
}

} // namespace futurescope
