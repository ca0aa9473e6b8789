// Interleaves two streams of the same item and error types: `a.select(b)` polls them round-robin.
// A flag picks the side polled first and flips on every poll; when the first side yields, the
// other is not polled in that poll. When the first side is merely NotReady and the second yields,
// the flag flips back so the first keeps its turn. Errors of either side pass through; the
// stream ends when both ended (futures 0.1's stream `Select`):
// [1, 2, 3] select [4, 5, 6] yields 1, 4, 2, 5, 3, 6.
#pragma once

#include <optional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/fuse.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S1, class S2>
class [[nodiscard]] SelectStream : public StreamExt<SelectStream<S1, S2>> {
  public:
    using item_type = unify_t<item_t<S1>, item_t<S2>>;
    using error_type = unify_t<error_t<S1>, error_t<S2>>;

    static constexpr FutureKind kind_info{"SelectStream", streaming_state_names};

    SelectStream(S1 a, S2 b) : a_(std::move(a)), b_(std::move(b)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = flag_ ? poll_sides(b_, a_) : poll_sides(a_, b_);
        scope.exit(result);
        return result;
    }

  private:
    template <class First, class Second>
    StreamPoll<item_type, error_type> poll_sides(First &first, Second &second) {
        flag_ = !flag_;
        bool first_done = false;
        {
            auto p = first.poll();
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (p.is_ready()) {
                if (p.value()) {
                    return ready(std::move(*p.value()));
                }
                first_done = true;
            }
        }
        auto p = second.poll();
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (p.is_ready() && p.value()) {
            if (!first_done) {
                flag_ = !flag_;
            }
            return ready(std::move(*p.value()));
        }
        if (p.is_ready() && first_done) {
            return ready(std::nullopt);
        }
        return not_ready;
    }

    detail::Fused<S1> a_;
    detail::Fused<S2> b_;
    bool flag_ = false;
    ObsId obs_;
};

template <class Derived>
template <class S2>
auto StreamExt<Derived>::select(S2 other) && {
    return SelectStream<Derived, S2>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
