// A stream without its leading items that satisfy a predicate: `s.skip_while(p)` calls
// p(const item&), which returns a future of bool (or a Result<bool, E>, or a bool), polled in the
// same poll. True drops the item and pulls the next one in the same poll; the first false yields
// that item, and from then on everything passes through untested. Errors of the stream pass
// through; an error of the predicate is yielded and drops the item (futures 0.1's `SkipWhile`).
// States: pulling ⇄ testing, then passing.
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
class [[nodiscard]] SkipWhileStream : public StreamExt<SkipWhileStream<S, Fn>> {
    using test_type = lift_t<std::invoke_result_t<Fn &, const item_t<S> &>>;

  public:
    using item_type = item_t<S>;
    using error_type = unify_t<error_t<S>, error_t<test_type>>;

    enum class State : std::uint8_t { pulling, testing, passing };
    static constexpr std::array<std::string_view, 3> state_names{"pulling", "testing", "passing"};
    static constexpr FutureKind kind_info{"SkipWhileStream", state_names};

    SkipWhileStream(S stream, Fn pred) : stream_(std::move(stream)), pred_(std::move(pred)) {}

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept {
        return static_cast<int>(passing_   ? State::passing
                                : pending_ ? State::testing
                                           : State::pulling);
    }

  private:
    StreamPoll<item_type, error_type> poll_inner() {
        if (passing_) {
            return stream_.poll();
        }
        for (;;) {
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
                item_type item = std::move(pending_->item);
                pending_.reset();
                passing_ = true;
                observe_state(obs_, 1, 2);
                return ready(std::move(item));
            }
            pending_.reset();
            observe_state(obs_, 1, 0);
        }
    }

    struct Pending {
        test_type test;
        item_type item;
    };

    S stream_;
    Fn pred_;
    std::optional<Pending> pending_;
    bool passing_ = false;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto StreamExt<Derived>::skip_while(Fn p) && {
    return SkipWhileStream<Derived, Fn>(self_of<Derived>(this), std::move(p));
}

} // namespace futurescope
