// The first of two futures to resolve: `a.select(b)` resolves to (value, next), where next is the
// other future, still running — a SelectNext a program may go on polling. An error resolves it
// too, as (error, next). Each poll polls a first and b only when a is not ready, so b is not
// polled in a poll where a resolved. Both must have the same item and error types.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>

#include "futurescope/future.hpp"

namespace futurescope {

// The loser of a select: either side, polled as itself.
template <class A, class B>
class [[nodiscard]] SelectNext : public FutureExt<SelectNext<A, B>> {
  public:
    using item_type = unify_t<item_t<A>, item_t<B>>;
    using error_type = unify_t<error_t<A>, error_t<B>>;

    static constexpr std::array<std::string_view, 2> state_names{"a", "b"};
    static constexpr FutureKind kind_info{"SelectNext", state_names};

    explicit SelectNext(std::variant<A, B> v) : v_(std::move(v)) {}

    // SelectNext is only a wrapper: polling it polls the side it holds, which keeps its own
    // identity in the trace (a loser keeps its history).
    Poll<item_type, error_type> poll() {
        if (v_.index() == 0) {
            return std::get_if<0>(&v_)->poll();
        }
        return std::get_if<1>(&v_)->poll();
    }

    [[nodiscard]] bool is_a() const noexcept { return v_.index() == 0; }

  private:
    std::variant<A, B> v_;
};

template <class A, class B>
class [[nodiscard]] Select : public FutureExt<Select<A, B>> {
  public:
    using next_type = SelectNext<A, B>;
    using value_type = unify_t<item_t<A>, item_t<B>>;
    using cause_type = unify_t<error_t<A>, error_t<B>>;
    using item_type = std::pair<value_type, next_type>;
    using error_type = std::pair<cause_type, next_type>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Select", state_names};

    Select(A a, B b) : sides_(std::in_place, std::move(a), std::move(b)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return sides_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!sides_) {
            throw Panic("cannot poll select twice");
        }
        {
            auto p = sides_->first.poll();
            if (!p.is_not_ready()) {
                return finish(std::move(p), [this] {
                    return next_type(
                        std::variant<A, B>(std::in_place_index<1>, std::move(sides_->second)));
                });
            }
        }
        auto p = sides_->second.poll();
        if (!p.is_not_ready()) {
            return finish(std::move(p), [this] {
                return next_type(
                    std::variant<A, B>(std::in_place_index<0>, std::move(sides_->first)));
            });
        }
        return not_ready;
    }

    template <class P, class MakeNext>
    Poll<item_type, error_type> finish(P &&p, MakeNext make_next) {
        next_type next = make_next();
        sides_.reset();
        observe_state(obs_, 0, 1);
        if (p.is_ready()) {
            return Ready<item_type>{item_type(std::move(p).value(), std::move(next))};
        }
        return Err<error_type>{error_type(std::move(p).error(), std::move(next))};
    }

    std::optional<std::pair<A, B>> sides_;
    ObsId obs_;
};

template <class Derived>
template <class B>
auto FutureExt<Derived>::select(B other) && {
    return Select<Derived, B>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
