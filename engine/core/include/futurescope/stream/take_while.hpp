// Items while a predicate holds: `s.take_while(p)` calls p(const item&), which returns a future of
// bool (or a Result<bool, E>, or a bool), polled in the same poll. True yields the item; the first
// false drops that item and ends the stream, which is not polled again. Errors of the stream pass
// through; an error of the predicate is yielded and drops the item (futures 0.1's `TakeWhile`).
// States: pulling → testing → pulling …; done after the first false.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/detail/item_predicate.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class S, class Fn>
class [[nodiscard]] TakeWhileStream : public StreamExt<TakeWhileStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = typename ItemTest<S, Fn>::error_type;

    enum class State : std::uint8_t { pulling, testing, done };
    static constexpr std::array<std::string_view, 3> state_names{"pulling", "testing", "done"};
    static constexpr FutureKind kind_info{"TakeWhileStream", state_names};

    TakeWhileStream(S stream, Fn pred) : test_(std::move(stream), std::move(pred)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state()); }

  private:
    [[nodiscard]] State state() const noexcept {
        return done_ ? State::done : test_.testing() ? State::testing : State::pulling;
    }

    StreamPoll<item_type, error_type> poll_inner() {
        if (done_) {
            return ready(std::nullopt);
        }
        auto verdict = test_.poll(obs_);
        if (verdict.is_not_ready()) {
            return not_ready;
        }
        if (verdict.is_err()) {
            return Err<error_type>{std::move(verdict).error()};
        }
        if (!verdict.value()) {
            return ready(std::nullopt);
        }
        if (!*verdict.value()) {
            test_.drop_item();
            done_ = true;
            observe_state(obs_, 1, 2);
            return ready(std::nullopt);
        }
        item_type item = test_.take_item();
        observe_state(obs_, 1, 0);
        return ready(std::move(item));
    }

    ItemTest<S, Fn> test_;
    bool done_ = false;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::take_while(Fn p) && {
    return TakeWhileStream<Derived, Fn>(self_of<Derived>(this), std::move(p));
}

} // namespace futurescope
