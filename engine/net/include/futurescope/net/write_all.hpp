// Writes a whole buffer: `write_all(socket, bytes)` (tokio-core's `io::write_all`) resolves to
// (socket, bytes) once every byte was accepted by the stream, issuing as many writes as the send
// buffer needs; a full buffer makes it NotReady until the stream has room. A write that accepts
// nothing fails with WriteZero "zero-length write"; polling it after it resolved panics with
// "poll a WriteAll after it's done".
// States: writing → done.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/net/async_io.hpp"
#include "futurescope/net/bytes.hpp"

namespace futurescope {

template <AsyncWrite S>
class [[nodiscard]] WriteAll : public FutureExt<WriteAll<S>> {
  public:
    using item_type = std::pair<S, Bytes>;
    using error_type = IoError;

    static constexpr std::array<std::string_view, 2> state_names{"writing", "done"};
    static constexpr FutureKind kind_info{"WriteAll", state_names};

    WriteAll(S stream, Bytes bytes)
        : stream_(std::move(stream)), bytes_(std::move(bytes)), size_(bytes_.size()) {}

    Poll<item_type, IoError> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, IoError> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "write_all(" + std::to_string(size_) + " bytes)";
    }
    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }
    // Bytes accepted so far.
    [[nodiscard]] std::size_t written() const noexcept { return pos_; }

  private:
    Poll<item_type, IoError> poll_inner() {
        if (!stream_) {
            throw Panic("poll a WriteAll after it's done");
        }
        while (pos_ < bytes_.size()) {
            Poll<std::size_t, IoError> p = stream_->poll_write(
                std::span<const char>(bytes_.data() + pos_, bytes_.size() - pos_));
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                return Err<IoError>{std::move(p).error()};
            }
            if (p.value() == 0) {
                return Err<IoError>{IoError(IoErrorKind::write_zero, "zero-length write")};
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

template <AsyncWrite S>
[[nodiscard]] WriteAll<S> write_all(S stream, Bytes bytes) {
    return WriteAll<S>(std::move(stream), std::move(bytes));
}

} // namespace futurescope
