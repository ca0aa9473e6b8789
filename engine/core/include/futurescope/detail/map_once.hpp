// The state machine that map and map_err share: poll the inner future; when it resolves, take the
// function — whatever the outcome, like Rust's `take().expect(…)`, so that a second resolution of
// the inner future panics whatever it carries — and let the combinator apply it to its side.
// States: pending → done.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

inline constexpr std::array<std::string_view, 2> map_once_state_names{"pending", "done"};

template <class F, class Fn>
class MapOnce {
  public:
    MapOnce(F inner, Fn fn) : inner_(std::move(inner)), fn_(std::move(fn)) {}

    [[nodiscard]] int state() const noexcept { return fn_ ? 0 : 1; }

    // `apply(Poll<item_t<F>, error_t<F>>&&, Fn&&)` makes the result from the resolved inner
    // poll; `twice` is the panic of a resolution after the function was taken.
    template <class T, class E, class Apply>
    Poll<T, E> poll(const ObsId &obs, const char *twice, Apply &&apply) {
        auto p = inner_.poll();
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (!fn_) {
            throw Panic(twice);
        }
        Fn fn = std::move(*fn_);
        fn_.reset();
        observe_state(obs, 0, 1);
        return apply(std::move(p), std::move(fn));
    }

  private:
    F inner_;
    std::optional<Fn> fn_;
};

} // namespace futurescope
