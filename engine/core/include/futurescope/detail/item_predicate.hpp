// The machinery take_while and skip_while share (futures 0.1's `TakeWhile` and `SkipWhile` hold
// the same fields): pull an item, call the predicate on it, and poll the predicate's future —
// across polls if need be — with the item waiting beside it until the verdict.
// States: pulling (0) → testing (1); leaving testing on a verdict is the combinator's to report.
#pragma once

#include <functional>
#include <optional>
#include <utility>

#include "futurescope/detail/lift.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class S, class Fn>
class ItemTest {
  public:
    using item_type = item_t<S>;
    using test_type = lift_t<std::invoke_result_t<Fn &, const item_t<S> &>>;
    using error_type = unify_t<error_t<S>, error_t<test_type>>;

    ItemTest(S stream, Fn pred) : stream_(std::move(stream)), pred_(std::move(pred)) {}

    [[nodiscard]] bool testing() const noexcept { return pending_.has_value(); }
    [[nodiscard]] S &stream() noexcept { return stream_; }

    // Ready(verdict) once the predicate answered, the item still held (take_item or drop_item
    // next); Ready(nullopt) when the stream ended. An error of the stream passes through; an
    // error of the predicate drops the item and goes back to pulling.
    StreamPoll<bool, error_type> poll(const ObsId &obs) {
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
            observe_state(obs, 0, 1);
        }
        auto r = pending_->test.poll();
        if (r.is_not_ready()) {
            return not_ready;
        }
        if (r.is_err()) {
            pending_.reset();
            observe_state(obs, 1, 0);
            return Err<error_type>{std::move(r).error()};
        }
        return ready(std::optional<bool>(static_cast<bool>(r.value())));
    }

    // After a verdict: drops the predicate's future, and gives the item or drops it too.
    item_type take_item() {
        item_type item = std::move(pending_->item);
        pending_.reset();
        return item;
    }
    void drop_item() noexcept { pending_.reset(); }

  private:
    struct Pending {
        test_type test;
        item_type item;
    };

    S stream_;
    Fn pred_;
    std::optional<Pending> pending_;
};

} // namespace futurescope
