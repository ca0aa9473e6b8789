// A stream that can look at its next item without taking it: `s.peekable()`, then `peek()`
// pulls one item and keeps it, answering Ready(pointer to it) — nullptr at the end — and the next
// poll() yields the kept item first. The inner stream is fused (futures 0.1's `Peekable`).
// States: empty → peeked → empty.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/fuse.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] PeekableStream : public StreamExt<PeekableStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 2> state_names{"empty", "peeked"};
    static constexpr FutureKind kind_info{"PeekableStream", state_names};

    explicit PeekableStream(S stream) : stream_(std::move(stream)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // The next item, kept for the next poll: Ready(&item), Ready(nullptr) at the end of the
    // stream, NotReady or Err as the stream answers. The pointer stays valid until the next
    // poll. Like futures 0.1, it pulls through this stream's own poll.
    Poll<const item_type *, error_type> peek() {
        if (peeked_) {
            return ready(static_cast<const item_type *>(&*peeked_));
        }
        auto p = poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (!p.value()) {
            return ready(static_cast<const item_type *>(nullptr));
        }
        peeked_.emplace(std::move(*p.value()));
        observe_state(obs_, 0, 1);
        return ready(static_cast<const item_type *>(&*peeked_));
    }

    [[nodiscard]] int obs_state() const noexcept { return peeked_ ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (!peeked_) {
            return stream_.poll();
        }
        item_type item = std::move(*peeked_);
        peeked_.reset();
        observe_state(obs_, 1, 0);
        return ready(std::move(item));
    }

    detail::Fused<S> stream_;
    std::optional<item_type> peeked_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::peekable() && {
    return PeekableStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
