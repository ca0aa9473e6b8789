// Runs a second future made from the first one's outcome, whatever it is: `f.then(fn)`. When the
// first future resolves, it is dropped, fn(Result) gives the second future (or a Result), and that
// future is polled in the same poll. Unlike and_then and or_else, fn sees errors too.
// States: First → Second (futures 0.1's Chain; Done is never reached).
#pragma once

#include <utility>

#include "futurescope/detail/chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

template <class A, class Fn>
class [[nodiscard]] Then : public FutureExt<Then<A, Fn>> {
  public:
    using input_type = Result<item_t<A>, error_t<A>>;
    using second_type = into_future_t<call_result_t<Fn, input_type>>;
    using item_type = item_t<second_type>;
    using error_type = error_t<second_type>;

    static constexpr FutureKind kind_info{"Then", chain_state_names};

    Then(A a, Fn fn) : chain_(std::move(a), std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](input_type &&r, Fn &&fn) {
                return ChainStep<item_type, error_type, second_type>(
                    std::in_place_index<1>, into_future(call_with(fn, std::move(r))));
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
auto FutureExt<Derived>::then(Fn f) && {
    return Then<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
