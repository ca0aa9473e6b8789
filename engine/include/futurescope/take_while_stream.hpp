// Items while a predicate holds: `s.take_while(p)` calls p(const item&), which returns a future of
// bool (or a Result<bool, E>, or a bool), polled in the same poll. True yields the item; the first
// false drops that item and ends the stream, which is not polled again. Errors of the stream pass
// through; an error of the predicate is yielded and drops the item (futures 0.1's `TakeWhile`).
// States: pulling → testing → pulling …; done after the first false.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/lift.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] TakeWhileStream : public StreamExt<TakeWhileStream<S, Fn>> {
    using test_type = lift_t<std::invoke_result_t<Fn &, const item_t<S> &>>;

  public:
    using item_type = item_t<S>;
    using error_type = unify_t<error_t<S>, error_t<test_type>>;

    enum class State : std::uint8_t { pulling, testing, done };
    static constexpr std::array<std::string_view, 3> state_names{"pulling", "testing", "done"};
    static constexpr FutureKind kind_info{"TakeWhileStream", state_names};

    TakeWhileStream(S stream, Fn pred) : stream_(std::move(stream)), pred_(std::move(pred)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state()); }

  private:
    [[nodiscard]] State state() const noexcept {
        return done_ ? State::done : pending_ ? State::testing : State::pulling;
    }

    StreamPoll<item_type, error_type> poll_inner() {
        if (done_) {
            return ready(std::nullopt);
        }
        if (!pending_) {
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
            item_type item = std::move(*p.value());
            test_type test = lift(std::invoke(pred_, std::as_const(item)));
            pending_.emplace(Pending{std::move(test), std::move(item)});
            observe_state(obs_, 0, 1);
        }
        auto r = pending_->test.poll();
        if (r.is_not_ready()) {
            return not_ready;
        }
        if (r.is_err()) {
            pending_.reset();
            observe_state(obs_, 1, 0);
            return Err<error_type>{std::move(r).error()};
        }
        if (!r.value()) {
            pending_.reset();
            done_ = true;
            observe_state(obs_, 1, 2);
            return ready(std::nullopt);
        }
        item_type item = std::move(pending_->item);
        pending_.reset();
        observe_state(obs_, 1, 0);
        return ready(std::move(item));
    }

    struct Pending {
        test_type test;
        item_type item;
    };

    S stream_;
    Fn pred_;
    std::optional<Pending> pending_;
    bool done_ = false;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::take_while(Fn p) && {
    return TakeWhileStream<Derived, Fn>(self_of<Derived>(this), std::move(p));
}

} // namespace futurescope
