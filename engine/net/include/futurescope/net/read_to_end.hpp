// Reads until EOF: `read_to_end(socket)` (tokio-core's `io::read_to_end(socket, Vec::new())`)
// resolves to (socket, every byte read) when the peer closed its side. Each poll reads all that
// is buffered, then parks until more arrives. An error (a reset) is the result; polling it after
// it resolved panics with "poll ReadToEnd after it's done".
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
class [[nodiscard]] ReadToEnd : public FutureExt<ReadToEnd<S>> {
  public:
    using item_type = std::pair<S, Bytes>;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 2> state_names{"reading", "done"};
    static constexpr FutureKind kind_info{"ReadToEnd", state_names};

    // The bytes read are appended to `bytes` (the tutorial passes an empty Vec).
    ReadToEnd(S stream, Bytes bytes) : stream_(std::move(stream)), bytes_(std::move(bytes)) {}

    Poll<item_type, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const { return "read_to_end"; }
    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }

  private:
    static constexpr std::size_t chunk_bytes = 4096;

    Poll<item_type, IoError> poll_inner() {
        if (!stream_) {
            throw Panic("poll ReadToEnd after it's done");
        }
        // Each pass reads at least one byte or ends the loop, and the peer sent finitely many.
        for (;;) {
            std::size_t old = bytes_.size();
            bytes_.resize(old + chunk_bytes);
            Poll<std::size_t, IoError> p =
                stream_->poll_read(std::span<char>(bytes_.data() + old, chunk_bytes));
            bytes_.resize(old + (p.is_ready() ? p.value() : 0));
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<IoError>{std::move(p).error()};
            }
            if (p.value() == 0) {
                break;
            }
        }
        item_type item(std::move(*stream_), std::move(bytes_));
        stream_.reset();
        observe_state(obs_, 0, 1);
        return Ready<item_type>{std::move(item)};
    }

    std::optional<S> stream_;
    Bytes bytes_;
    ObsId obs_;
};

template <AsyncRead S>
[[nodiscard]] ReadToEnd<S> read_to_end(S stream, Bytes bytes = {}) {
    return ReadToEnd<S>(std::move(stream), std::move(bytes));
}

} // namespace futurescope
