// A stream's next answer as a future: `s.into_future()` resolves to (the next item, the rest of
// the stream) — (std::nullopt, stream) at its end — or fails with (error, stream), so the caller
// can go on with the rest (futures 0.1's `StreamFuture`). Polling it again after it resolved is
// "polling StreamFuture twice".
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] StreamFuture : public FutureExt<StreamFuture<S>> {
  public:
    using item_type = std::pair<std::optional<item_t<S>>, S>;
    using error_type = std::pair<error_t<S>, S>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"StreamFuture", state_names};

    explicit StreamFuture(S stream) : stream_(std::in_place, std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // The stream, while this future has not resolved.
    [[nodiscard]] S *get_mut() noexcept { return stream_ ? &*stream_ : nullptr; }
    [[nodiscard]] int obs_state() const noexcept { return stream_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!stream_) {
            throw Panic("polling StreamFuture twice");
        }
        auto p = stream_->poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        S rest = std::move(*stream_);
        stream_.reset();
        observe_state(obs_, 0, 1);
        if (p.is_err()) {
            return Err<error_type>{error_type(std::move(p).error(), std::move(rest))};
        }
        return Ready<item_type>{item_type(std::move(p).value(), std::move(rest))};
    }

    std::optional<S> stream_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::into_future() && {
    return StreamFuture<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
