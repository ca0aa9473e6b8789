// Runs a second future made from the first one's item: `f.and_then(fn)`. When the first future is
// Ready(x), it is dropped, fn(x) gives the second future (or a Result), and that future is polled
// in the same poll. An error of the first future skips fn and is the result.
// States: First → Second, or First → Done on an error.
#pragma once

#include <utility>

#include "futurescope/detail/chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class A, class Fn>
class [[nodiscard]] AndThen : public FutureExt<AndThen<A, Fn>> {
  public:
    using second_type = into_future_t<call_result_t<Fn, item_t<A>>>;
    using item_type = item_t<second_type>;
    using error_type = unify_t<error_t<A>, error_t<second_type>>;

    static constexpr FutureKind kind_info{"AndThen", chain_state_names};

    AndThen(A a, Fn fn) : chain_(std::move(a), std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&r, Fn &&fn) {
                using Step = ChainStep<item_type, error_type, second_type>;
                if (r.is_err()) {
                    return Step(std::in_place_index<0>, Err<error_type>{std::move(r).error()});
                }
                return Step(std::in_place_index<1>,
                            into_future(call_with(fn, std::move(r).value())));
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
auto FutureExt<Derived>::and_then(Fn f) && {
    return AndThen<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
