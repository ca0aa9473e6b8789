// Recovers from an error with a second future: `f.or_else(fn)`. When the first future fails, it is
// dropped, fn(error) gives the second future (or a Result), and that future is polled in the same
// poll. An item of the first future skips fn and is the result.
// States: First → Second on an error, First → Done on an item (another poll then panics "cannot
// poll a chained future twice", as futures 0.1's Chain does).
#pragma once

#include <utility>

#include "futurescope/detail/chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class A, class Fn>
class [[nodiscard]] OrElse : public FutureExt<OrElse<A, Fn>> {
  public:
    using second_type = into_future_t<call_result_t<Fn, error_t<A>>>;
    using item_type = unify_t<item_t<A>, item_t<second_type>>;
    using error_type = error_t<second_type>;

    static constexpr FutureKind kind_info{"OrElse", chain_state_names};

    OrElse(A a, Fn fn) : chain_(std::move(a), std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&r, Fn &&fn) {
                using Step = ChainStep<item_type, error_type, second_type>;
                if (r.is_ok()) {
                    return Step(std::in_place_index<0>, Ready<item_type>{std::move(r).value()});
                }
                return Step(std::in_place_index<1>,
                            into_future(call_with(fn, std::move(r).error())));
            });
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(chain_.state()); }

  private:
    Chain<A, second_type, Fn> chain_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto FutureExt<Derived>::or_else(Fn f) && {
    return OrElse<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
