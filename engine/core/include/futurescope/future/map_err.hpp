// Transforms a future's error: `f.map_err(fn)` fails with fn(error); an item passes through and
// fn is dropped unused. Polling again after it resolved polls the inner future once more and then
// fails with "cannot poll MapErr twice", as futures 0.1 does.
#pragma once

#include <utility>

#include "futurescope/detail/map_once.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

template <class F, class Fn>
class [[nodiscard]] MapErr : public FutureExt<MapErr<F, Fn>> {
  public:
    using item_type = item_t<F>;
    using error_type = call_result_t<Fn, error_t<F>>;

    static constexpr FutureKind kind_info{"MapErr", map_once_state_names};

    MapErr(F inner, Fn fn) : map_(std::move(inner), std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = map_.template poll<item_type, error_type>(
            obs_, "cannot poll MapErr twice", [](auto &&p, Fn &&fn) -> Poll<item_type, error_type> {
                if (p.is_ready()) {
                    return Ready<item_type>{std::move(p).value()};
                }
                return Err<error_type>{call_with(fn, std::move(p).error())};
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
auto FutureExt<Derived>::map_err(Fn f) && {
    return MapErr<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
