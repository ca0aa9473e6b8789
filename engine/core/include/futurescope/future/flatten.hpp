// Runs the future a future resolves to: `f.flatten()`, for an f whose item is itself a future (or
// a Result). When f is Ready, it is dropped and its item is polled in that same poll; an error of
// f skips it and is the result. States: First → Second, or First → Done on an error (futures
// 0.1's Chain).
//
// The error type is the inner future's, and f's error converts into it (Rust's `From`). When the
// inner future cannot fail (its error is Never), f's error type is used instead.
#pragma once

#include <type_traits>
#include <utility>

#include "futurescope/detail/chain.hpp"
#include "futurescope/future.hpp"
#include "futurescope/future/result.hpp"

namespace futurescope {

namespace detail {
// The error type of an outer future that produces an inner future or stream: the inner's, unless
// the inner cannot fail.
template <class Outer, class Inner>
using flatten_error_t = std::conditional_t<std::is_same_v<Inner, Never>, Outer, Inner>;
} // namespace detail

template <class F>
class [[nodiscard]] Flatten : public FutureExt<Flatten<F>> {
  public:
    using second_type = into_future_t<item_t<F>>;
    using item_type = item_t<second_type>;
    using error_type = detail::flatten_error_t<error_t<F>, error_t<second_type>>;
    static_assert(std::is_constructible_v<error_type, error_t<F> &&>,
                  "futurescope: flatten needs the outer future's error to convert into the "
                  "inner future's error type");

    static constexpr FutureKind kind_info{"Flatten", chain_state_names};

    explicit Flatten(F f) : chain_(std::move(f), Unit{}) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result =
            chain_.template poll<item_type, error_type>(obs_, [](auto &&r, Unit &&) {
                using Step = ChainStep<item_type, error_type, second_type>;
                if (r.is_err()) {
                    return Step(std::in_place_index<0>,
                                Err<error_type>{error_type(std::move(r).error())});
                }
                return Step(std::in_place_index<1>, into_future(std::move(r).value()));
            });
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(chain_.state()); }

  private:
    Chain<F, second_type, Unit> chain_;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::flatten() && {
    return Flatten<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
