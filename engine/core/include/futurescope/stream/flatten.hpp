// Streams the streams of a stream, one after the other: `s.flatten()` on a stream whose items are
// streams pulls one inner stream, yields its items and errors until it ends, then pulls the next,
// in the same poll. An error of the outer stream is yielded as it comes
// (futures 0.1's stream `Flatten`). States: pulling → inner → pulling.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] FlattenStreamStream : public StreamExt<FlattenStreamStream<S>> {
    using inner_type = item_t<S>;

  public:
    using item_type = item_t<inner_type>;
    using error_type = unify_t<error_t<S>, error_t<inner_type>>;

    static constexpr std::array<std::string_view, 2> state_names{"pulling", "inner"};
    static constexpr FutureKind kind_info{"FlattenStreamStream", state_names};

    explicit FlattenStreamStream(S stream) : stream_(std::move(stream)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return next_ ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        for (;;) {
            if (!next_) {
                auto p = stream_.poll();
                if (p.is_not_ready()) {
                    return not_ready;
                }
                if (p.is_err()) {
                    return Err<error_type>{std::move(p).error()};
                }
                if (!p.value()) {
                    return ready(std::nullopt);
                }
                next_.emplace(std::move(*p.value()));
                observe_state(obs_, 0, 1);
            }
            StreamPoll<item_type, error_type> r = next_->poll();
            if (!r.is_ready() || r.value()) {
                return r;
            }
            next_.reset();
            observe_state(obs_, 1, 0);
        }
    }

    S stream_;
    std::optional<inner_type> next_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::flatten() && {
    return FlattenStreamStream<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
