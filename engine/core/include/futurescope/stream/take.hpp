// The first n items of a stream: `s.take(n)`. Once n items have passed it answers Ready(None)
// without polling the inner stream again; errors pass through and are not counted
// (futures 0.1's stream `Take`). States: taking → done.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class S>
class [[nodiscard]] TakeStream : public StreamExt<TakeStream<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr std::array<std::string_view, 2> state_names{"taking", "done"};
    static constexpr FutureKind kind_info{"TakeStream", state_names};

    TakeStream(S stream, std::uint64_t n) : stream_(std::move(stream)), remaining_(n) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::uint64_t remaining() const noexcept { return remaining_; }
    [[nodiscard]] int obs_state() const noexcept { return remaining_ == 0 ? 1 : 0; }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (remaining_ == 0) {
            return ready(std::nullopt);
        }
        StreamPoll<item_type, error_type> p = stream_.poll();
        if (p.is_ready()) {
            remaining_ = p.value() ? remaining_ - 1 : 0;
            if (remaining_ == 0) {
                observe_state(obs_, 0, 1);
            }
        }
        return p;
    }

    S stream_;
    std::uint64_t remaining_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::take(std::uint64_t n) && {
    return TakeStream<Derived>(self_of<Derived>(this), n);
}

} // namespace futurescope
