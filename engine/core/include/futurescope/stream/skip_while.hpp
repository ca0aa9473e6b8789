// A stream without its leading items that satisfy a predicate: `s.skip_while(p)` calls
// p(const item&), which returns a future of bool (or a Result<bool, E>, or a bool), polled in the
// same poll. True drops the item and pulls the next one in the same poll; the first false yields
// that item, and from then on everything passes through untested. Errors of the stream pass
// through; an error of the predicate is yielded and drops the item (futures 0.1's `SkipWhile`).
// States: pulling ⇄ testing, then passing.
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
class [[nodiscard]] SkipWhileStream : public StreamExt<SkipWhileStream<S, Fn>> {
  public:
    using item_type = item_t<S>;
    using error_type = typename ItemTest<S, Fn>::error_type;

    enum class State : std::uint8_t { pulling, testing, passing };
    static constexpr std::array<std::string_view, 3> state_names{"pulling", "testing", "passing"};
    static constexpr FutureKind kind_info{"SkipWhileStream", state_names};

    SkipWhileStream(S stream, Fn pred) : test_(std::move(stream), std::move(pred)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept {
        return static_cast<int>(passing_          ? State::passing
                                : test_.testing() ? State::testing
                                                  : State::pulling);
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (passing_) {
            return test_.stream().poll();
        }
        for (;;) {
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
                item_type item = test_.take_item();
                passing_ = true;
                observe_state(obs_, 1, 2);
                return ready(std::move(item));
            }
            test_.drop_item();
            observe_state(obs_, 1, 0);
        }
    }

    ItemTest<S, Fn> test_;
    bool passing_ = false;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::skip_while(Fn p) && {
    return SkipWhileStream<Derived, Fn>(self_of<Derived>(this), std::move(p));
}

} // namespace futurescope
