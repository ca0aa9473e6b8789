// Transforms a future's error: `f.map_err(fn)` fails with fn(error); an item passes through and
// fn is dropped unused. Polling again after it resolved polls the inner future once more and then
// fails with "cannot poll MapErr twice", as futures 0.1 does.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

template <class F, class Fn>
class [[nodiscard]] MapErr : public FutureExt<MapErr<F, Fn>> {
  public:
    using item_type = item_t<F>;
    using error_type = call_result_t<Fn, error_t<F>>;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"MapErr", state_names};

    MapErr(F inner, Fn fn) : inner_(std::move(inner)), fn_(std::move(fn)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return fn_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        auto p = inner_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        // Like Rust's `take().expect(…)`, the function is taken on Ok as well, so that a second
        // resolution of the inner future panics whatever it carries.
        if (!fn_) {
            throw Panic("cannot poll MapErr twice");
        }
        Fn fn = std::move(*fn_);
        fn_.reset();
        observe_state(obs_, 0, 1);
        if (p.is_ready()) {
            return Ready<item_type>{std::move(p).value()};
        }
        return Err<error_type>{call_with(fn, std::move(p).error())};
    }

    F inner_;
    std::optional<Fn> fn_;
    ObsId obs_;
};

template <class Derived>
template <class Fn>
auto FutureExt<Derived>::map_err(Fn f) && {
    return MapErr<Derived, Fn>(self_of<Derived>(this), std::move(f));
}

} // namespace futurescope
