// A stream that stays ended: `s.fuse()` answers Ready(None) forever once the inner stream ended,
// without polling it again (futures 0.1's stream `Fuse`); `is_done()` tells whether it ended.
// An error does not end a stream, so it does not fuse it either.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

namespace detail {

// A stream and its ended flag, unobserved: the fusing that select, merge, zip, chunks, peekable,
// buffered and buffer_unordered do to their inner streams, as futures 0.1 wraps them in `Fuse`.
template <class S>
class Fused {
  public:
    explicit Fused(S stream) : stream_(std::move(stream)) {}

    StreamPoll<item_t<S>, error_t<S>> poll() {
        if (done_) {
            return ready(std::nullopt);
        }
        StreamPoll<item_t<S>, error_t<S>> p = stream_.poll();
        if (p.is_ready() && !p.value().has_value()) {
            done_ = true;
        }
        return p;
    }

    [[nodiscard]] bool is_done() const noexcept { return done_; }
    [[nodiscard]] S &get() noexcept { return stream_; }
    [[nodiscard]] const S &get() const noexcept { return stream_; }
    [[nodiscard]] S &&into_inner() &&noexcept { return std::move(stream_); }

  private:
    S stream_;
    bool done_ = false;
};

} // namespace detail

template <class S>
class [[nodiscard]] FuseStream : public StreamExt<FuseStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 2> state_names{"streaming", "done"};
    static constexpr FutureKind kind_info{"FuseStream", state_names};

    explicit FuseStream(S stream) : inner_(std::move(stream)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        bool was_done = inner_.is_done();
        StreamPoll<item_type, error_type> result = inner_.poll();
        if (!was_done && inner_.is_done()) {
            observe_state(obs_, 0, 1);
        }
        scope.exit(result);
        return result;
    }

    [[nodiscard]] bool is_done() const noexcept { return inner_.is_done(); }
    [[nodiscard]] S &get_mut() noexcept { return inner_.get(); }
    [[nodiscard]] int obs_state() const noexcept { return inner_.is_done() ? 1 : 0; }

  private:
    detail::Fused<S> inner_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::fuse() && {
    return FuseStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
