// Transforms a future's item when it is ready: `f.map(fn)` resolves to fn(item). An error passes
// through and fn is dropped unused. Polling again after it resolved polls the inner future once
// more and then fails with "cannot poll Map twice", as futures 0.1 does.
#pragma once

#include <utility>

#include "futurescope/detail/map_once.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class F, class Fn>
class [[nodiscard]] Map : public FutureExt<Map<F, Fn>> {
  public:
    using item_type = call_result_t<Fn, item_t<F>>;
    using error_type = error_t<F>;

    static constexpr FutureKind kind_info{"Map", map_once_state_names};

    Map(F inner, Fn fn) : map_(std::move(inner), std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = map_.template poll<item_type, error_type>(
            obs_, "cannot poll Map twice", [](auto &&p, Fn &&fn) -> Poll<item_type, error_type> {
                if (p.is_err()) {
                    return Err<error_type>{std::move(p).error()};
                }
                return Ready<item_type>{call_with(fn, std::move(p).value())};
            });
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return map_.state(); }

  private:
    MapOnce<F, Fn> map_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto FutureExt<Derived>::map(Fn f) && {
    return Map<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
