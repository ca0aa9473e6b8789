// Items in vectors of n: `s.chunks(n)` yields a vector as soon as it holds n items; at the end of
// the stream it yields the partial vector left, then ends. An error with items buffered yields
// the partial vector first and the error on the next poll (futures 0.1's `Chunks`). n must not be
// 0: `chunks(0)` fails at once with Rust's "assertion failed: capacity > 0".
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/future.hpp"
#include "futurescope/stream/fuse.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] ChunksStream : public StreamExt<ChunksStream<S>> {
  public:
    using item_type = std::vector<item_t<S>>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 1> state_names{"filling"};
    static constexpr FutureKind kind_info{"ChunksStream", state_names};

    ChunksStream(S stream, std::size_t n) : stream_(std::move(stream)), cap_(n) {
        if (n == 0) {
            throw Panic("assertion failed: capacity > 0");
        }
    }

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (error_) {
            error_type e = std::move(*error_);
            error_.reset();
            return Err<error_type>{std::move(e)};
        }
        for (;;) {
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                if (items_.empty()) {
                    return Err<error_type>{std::move(p).error()};
                }
                error_.emplace(std::move(p).error());
                return ready(take());
            }
            if (!p.value()) {
                if (items_.empty()) {
                    return ready(std::nullopt);
                }
                return ready(take());
            }
            if (items_.empty()) {
                items_.reserve(cap_);
            }
            items_.push_back(std::move(*p.value()));
            if (items_.size() >= cap_) {
                return ready(take());
            }
        }
    }

    item_type take() { return std::exchange(items_, item_type{}); }

    detail::Fused<S> stream_;
    std::size_t cap_;
    item_type items_;
    std::optional<error_type> error_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::chunks(std::size_t n) && {
    return ChunksStream<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
