// Reads exactly n bytes: `read_exact(socket, n)` (tokio-core's `io::read_exact`, which fills a
// buffer of the caller's size) resolves to (socket, the n bytes). EOF before the n-th byte fails
// with UnexpectedEof "early eof"; polling it after it resolved panics with
// "poll a ReadExact after it's done".
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
class [[nodiscard]] ReadExact : public FutureExt<ReadExact<S>> {
  public:
    using item_type = std::pair<S, Bytes>;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 2> state_names{"reading", "done"};
    static constexpr FutureKind kind_info{"ReadExact", state_names};

    ReadExact(S stream, std::size_t n) : stream_(std::move(stream)), size_(n) { bytes_.resize(n); }

    Poll<item_type, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "read_exact(" + std::to_string(size_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }

  private:
    Poll<item_type, IoError> poll_inner() {
        if (!stream_) {
            throw Panic("poll a ReadExact after it's done");
        }
        while (pos_ < bytes_.size()) {
            Poll<std::size_t, IoError> p =
                stream_->poll_read(std::span<char>(bytes_.data() + pos_, bytes_.size() - pos_));
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<IoError>{std::move(p).error()};
            }
            if (p.value() == 0) {
                return Err<IoError>{IoError(IoErrorKind::unexpected_eof, "early eof")};
            }
            pos_ += p.value();
        }
        item_type item(std::move(*stream_), std::move(bytes_));
        stream_.reset();
        observe_state(obs_, 0, 1);
        return Ready<item_type>{std::move(item)};
    }

    std::optional<S> stream_;
    Bytes bytes_;
    std::size_t size_;
    std::size_t pos_ = 0;
    ObsId obs_;
};

template <AsyncRead S>
[[nodiscard]] ReadExact<S> read_exact(S stream, std::size_t n) {
    return ReadExact<S>(std::move(stream), n);
}

} // namespace futurescope
