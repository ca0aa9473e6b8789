// Pairs up two streams: `a.zip(b)` yields (a's item, b's item). Each side holds at most one item
// waiting for its partner and is polled only while it holds none; an error of either side is
// returned at once. The zip ends as soon as either side ended with no pair ready
// (futures 0.1's stream `Zip`).
#pragma once

#include <optional>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/stream/fuse.hpp"
#include "futurescope/stream/map.hpp"

namespace futurescope {

template <class S1, class S2>
class [[nodiscard]] ZipStream : public StreamExt<ZipStream<S1, S2>> {
  public:
    using item_type = std::pair<item_t<S1>, item_t<S2>>;
    using error_type = unify_t<error_t<S1>, error_t<S2>>;

    static constexpr FutureKind kind_info{"ZipStream", streaming_state_names};

    ZipStream(S1 a, S2 b) : a_(std::move(a)), b_(std::move(b)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (!held_a_) {
            auto p = a_.poll();
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (p.is_ready() && p.value()) {
                held_a_.emplace(std::move(*p.value()));
            }
        }
        if (!held_b_) {
            auto p = b_.poll();
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            if (p.is_ready() && p.value()) {
                held_b_.emplace(std::move(*p.value()));
            }
        }
        if (held_a_ && held_b_) {
            item_type pair(std::move(*held_a_), std::move(*held_b_));
            held_a_.reset();
            held_b_.reset();
            return ready(std::move(pair));
        }
        if (a_.is_done() || b_.is_done()) {
            return ready(std::nullopt);
        }
        return not_ready;
    }

    detail::Fused<S1> a_;
    detail::Fused<S2> b_;
    std::optional<item_t<S1>> held_a_;
    std::optional<item_t<S2>> held_b_;
    ObsId obs_;
};

template <class Derived>
template <class S2>
auto StreamExt<Derived>::zip(S2 other) && {
    return ZipStream<Derived, S2>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
