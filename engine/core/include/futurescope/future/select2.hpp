// The first of two futures of any types to resolve: `a.select2(b)` resolves to
// Either::make_a((a_item, b)) or Either::make_b((b_item, a)) — the value and the other future,
// still running. An error resolves it too, as Either::make_a((a_error, b)) or
// Either::make_b((b_error, a)). Each poll polls a first and b only when a is not ready; another
// poll after it resolved panics "cannot poll Select2 twice", as futures 0.1 does.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/future/either.hpp"

namespace futurescope {

template <class A, class B>
class [[nodiscard]] Select2 : public FutureExt<Select2<A, B>> {
  public:
    using item_type = Either<std::pair<item_t<A>, B>, std::pair<item_t<B>, A>>;
    using error_type = Either<std::pair<error_t<A>, B>, std::pair<error_t<B>, A>>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Select2", state_names};

    Select2(A a, B b) : sides_(std::in_place, std::move(a), std::move(b)) {}

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
            throw Panic("cannot poll Select2 twice");
        }
        {
            auto p = sides_->first.poll();
            if (p.is_ready()) {
                B loser = take_then_drop(sides_->second);
                return Ready<item_type>{item_type::make_a(
                    std::pair<item_t<A>, B>(std::move(p).value(), std::move(loser)))};
            }
            if (p.is_err()) {
                B loser = take_then_drop(sides_->second);
                return Err<error_type>{error_type::make_a(
                    std::pair<error_t<A>, B>(std::move(p).error(), std::move(loser)))};
            }
        }
        auto p = sides_->second.poll();
        if (p.is_ready()) {
            A loser = take_then_drop(sides_->first);
            return Ready<item_type>{
                item_type::make_b(std::pair<item_t<B>, A>(std::move(p).value(), std::move(loser)))};
        }
        if (p.is_err()) {
            A loser = take_then_drop(sides_->first);
            return Err<error_type>{error_type::make_b(
                std::pair<error_t<B>, A>(std::move(p).error(), std::move(loser)))};
        }
        return not_ready;
    }

    // Moves the loser out, then drops the winner's future (and the loser's moved-from shell) at
    // once: the winner is gone before the poll returns.
    template <class Loser>
    Loser take_then_drop(Loser &loser) {
        Loser out(std::move(loser));
        sides_.reset();
        observe_state(obs_, 0, 1);
        return out;
    }

    std::optional<std::pair<A, B>> sides_;
    ObsId obs_;
};

template <class Derived>
template <class B>
auto FutureExt<Derived>::select2(B other) && {
    return Select2<Derived, B>(self_of<Derived>(this), std::move(other));
}

} // namespace futurescope
